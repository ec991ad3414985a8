"""Province admins see the locked logins and lift a lock; nobody else reaches the screen."""

import pytest
from django.urls import reverse

from accounts.models import LoginFailure
from accounts.throttle import ADDRESS_FAILURES_ALLOWED, LOGIN_FAILURES_ALLOWED
from tests.factories import PASSWORD, CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts_lockouts")
LOGIN_URL = reverse("login")
ATTACKER = "203.0.113.9"


def lock(client, username: str, times: int = LOGIN_FAILURES_ALLOWED) -> None:
    for _attempt in range(times):
        client.post(LOGIN_URL, {"username": username, "password": "guess"}, REMOTE_ADDR=ATTACKER)


@pytest.fixture
def province_admin(nam_dinh):
    return ProvinceAdminFactory(unit=nam_dinh)


def test_a_province_admin_sees_a_locked_username_and_address(client, province_admin, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    lock(client, officer.username)
    client.force_login(province_admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert [(lock.username, lock.address) for lock in response.context["lockouts"]] == [
        (officer.username.lower(), ATTACKER)
    ]


def test_unlocking_lets_the_user_in_from_that_address(client, province_admin, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    lock(client, officer.username)
    client.force_login(province_admin)
    response = client.post(URL, {"username": officer.username.lower(), "address": ATTACKER})
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    client.logout()
    response = client.post(LOGIN_URL, {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302


def test_an_address_locked_for_every_username_is_listed_and_unlocked_whole(client, province_admin):
    for number in range(ADDRESS_FAILURES_ALLOWED // (LOGIN_FAILURES_ALLOWED - 1) + 1):
        lock(client, f"guess{number}", LOGIN_FAILURES_ALLOWED - 1)
    client.force_login(province_admin)
    locks = client.get(URL).context["lockouts"]
    assert [(lock.username, lock.address) for lock in locks] == [(None, ATTACKER)]
    client.post(URL, {"username": "", "address": ATTACKER})
    assert not LoginFailure.objects.exists()


@pytest.mark.parametrize("factory", [DistrictOfficerFactory, CommuneOfficerFactory])
def test_other_staff_are_refused(client, factory, unit):
    client.force_login(factory(unit=unit("13696") if factory is CommuneOfficerFactory else unit("356")))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"username": "x", "address": ATTACKER}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_menu_leads_province_admins_there_and_nobody_else(client, province_admin, unit):
    client.force_login(province_admin)
    assert URL in [url for _label, url in client.get("/").context["nav_items"]]
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    assert URL not in [url for _label, url in client.get("/").context["nav_items"]]
