"""After logging in (no ?next=), each role lands where its work is; the menu leads with that work."""

import pytest

from tests.factories import (
    PASSWORD,
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(unit):
    return {
        "volunteer": VolunteerFactory(username="v", unit=unit("13696")),
        "commune": CommuneOfficerFactory(username="c", unit=unit("13696")),
        "district": DistrictOfficerFactory(username="d", unit=unit("365")),
        "province": ProvinceAdminFactory(username="p", unit=unit("36")),
        "learner": UserFactory(username="l"),
    }


@pytest.mark.parametrize(
    ("who", "start"),
    [
        ("volunteer", "/field/"),
        ("commune", "/outreach/today/"),
        ("district", "/outreach/progress/"),
        ("province", "/outreach/progress/"),
        ("learner", "/"),
    ],
)
def test_each_role_lands_where_its_work_is(client, accounts, who, start):
    response = client.post("/accounts/login/", {"username": accounts[who].username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_a_next_parameter_still_wins(client, accounts):
    response = client.post("/accounts/login/?next=/outreach/households/", {"username": "c", "password": PASSWORD})
    assert response["Location"] == "/outreach/households/"


@pytest.mark.parametrize(
    ("who", "first"),
    [("volunteer", "/field/"), ("commune", "/outreach/today/"), ("district", "/outreach/progress/")],
)
def test_the_menu_leads_with_the_roles_work(client, accounts, who, first):
    client.force_login(accounts[who])
    items = [url for _label, url in client.get("/").context["nav_items"]]
    assert items[0] == first


def test_staff_find_people_in_the_menu_and_others_do_not(client, accounts):
    client.force_login(accounts["district"])
    assert "/users/" in [url for _label, url in client.get("/").context["nav_items"]]
    client.force_login(accounts["volunteer"])
    assert "/users/" not in [url for _label, url in client.get("/").context["nav_items"]]
