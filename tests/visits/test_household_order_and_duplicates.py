"""The register in natural address order ("Số 2" before "Số 10"), and a warning before adding a household twice."""

import pytest
from django.urls import reverse

from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits.models import Household, natural_sort_key

pytestmark = pytest.mark.django_db
ADD = reverse("visits_staff:household_add")
LIST = reverse("visits_staff:household_list")


@pytest.fixture
def hamlet(unit):
    return HamletFactory(commune=unit("13696"), name="Thôn Phù Long")


@pytest.fixture
def officer(client, hamlet):
    user = CommuneOfficerFactory(unit=hamlet.commune)
    client.force_login(user)
    return user


ADDRESSES = ["Số 10", "số 2", "Số 2, ngõ 11", "Số 2, ngõ 3", "Số 1", "Đường 9"]
NATURAL = ["Số 1", "số 2", "Số 2, ngõ 3", "Số 2, ngõ 11", "Số 10", "Đường 9"]


def test_natural_sort_key_orders_numbers_by_value_ignoring_case_and_diacritics():
    assert sorted(ADDRESSES, key=natural_sort_key) == ["Đường 9", *NATURAL[:-1]]  # "duong" < "so"
    assert natural_sort_key("Số 007") == natural_sort_key("so 7")


def test_the_register_lists_addresses_in_natural_order(client, officer, hamlet):
    for address in ADDRESSES:
        HouseholdFactory(hamlet=hamlet, address=address)
    listed = [h.address for h, _phone in client.get(LIST).context["rows"]]
    assert listed == sorted(ADDRESSES, key=natural_sort_key)
    assert listed.index("Số 2, ngõ 3") < listed.index("Số 2, ngõ 11") < listed.index("Số 10")


def test_the_walk_list_comes_in_natural_order(client, hamlet):
    volunteer = VolunteerFactory(unit=hamlet.commune)
    for address in ["Số 10", "Số 9", "Số 100", "Số 2"]:
        HouseholdFactory(hamlet=hamlet, address=address, assigned_volunteer=volunteer)
    client.force_login(volunteer)
    rows = client.get(reverse("visits_api:households")).json()["results"]
    assert [row["address"] for row in rows] == ["Số 2", "Số 9", "Số 10", "Số 100"]


def test_an_edited_address_gets_a_new_sort_key(client, officer, hamlet):
    household = HouseholdFactory(hamlet=hamlet, address="Số 5")
    data = {"hamlet": hamlet.pk, "address": "Số 12", "head_name": household.head_name, "members_count": 2}
    client.post(reverse("visits_staff:household_edit", args=[household.pk]), data)
    household.refresh_from_db()
    assert household.address_sort_key == natural_sort_key("Số 12")


def duplicate_of(existing, **changes) -> dict:
    data = {"hamlet": existing.hamlet_id, "address": "  số 4,  ngõ 2 ", "head_name": "le van cuong"}
    data |= {"phone": "", "members_count": 2, "consent_given": "on", "consent_given_by": "Lê Văn Cường"}
    return data | {"consent_given_on": "2026-01-05", "consent_channel": "in_person"} | changes


def test_adding_a_household_that_matches_one_warns_and_saves_nothing(client, officer, hamlet):
    existing = HouseholdFactory(hamlet=hamlet, address="Số 4, ngõ 2", head_name="Lê Văn Cường")
    response = client.post(ADD, duplicate_of(existing))
    assert response.status_code == 200
    assert response.context["form"].duplicate == existing
    assert 'data-testid="duplicate-warning"' in response.content.decode()
    assert Household.objects.count() == 1


def test_confirming_the_warning_adds_the_second_household(client, officer, hamlet):
    existing = HouseholdFactory(hamlet=hamlet, address="Số 4, ngõ 2", head_name="Lê Văn Cường")
    assert client.post(ADD, duplicate_of(existing, confirm_duplicate="on")).status_code == 302
    assert Household.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [{"address": "Số 4, ngõ 12"}, {"head_name": "Lê Thị Hoa"}, {"hamlet": "other"}],
    ids=["other-address", "other-head", "other-hamlet"],
)
def test_a_household_differing_in_hamlet_address_or_head_is_added_without_a_warning(client, officer, hamlet, change):
    existing = HouseholdFactory(hamlet=hamlet, address="Số 4, ngõ 2", head_name="Lê Văn Cường")
    if change.get("hamlet") == "other":
        change = {"hamlet": HamletFactory(commune=hamlet.commune, name="Thôn Kênh").pk}
    assert client.post(ADD, duplicate_of(existing, **change)).status_code == 302
    assert Household.objects.count() == 2


def test_bulk_created_households_get_their_sort_key(hamlet):
    Household.objects.bulk_create([Household(commune=hamlet.commune, hamlet=hamlet, address="Số 10")])
    assert Household.objects.get(hamlet=hamlet).address_sort_key == natural_sort_key("Số 10")
