"""GET /api/v1/households/: the caller's walk list only, in walking order, paginated, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.api_auth import issue_token
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, UserFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory

URL = reverse("visits_api:households")

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def volunteer():
    return VolunteerFactory()


@pytest.fixture
def hamlet(volunteer):
    return HamletFactory(commune=volunteer.unit, name="Thôn Bắc")


def test_a_volunteer_sees_households_assigned_to_them_or_their_teams_only(client, volunteer, hamlet):
    team = TeamFactory(commune=volunteer.unit, members=[volunteer])
    mine = HouseholdFactory(hamlet=hamlet, address="Số 1", assigned_volunteer=volunteer)
    my_teams = HouseholdFactory(hamlet=hamlet, address="Số 2", assigned_team=team)
    other_team = TeamFactory(commune=volunteer.unit, members=[VolunteerFactory(unit=volunteer.unit)])
    HouseholdFactory(hamlet=hamlet, address="Số 3", assigned_team=other_team)
    HouseholdFactory(hamlet=hamlet, address="Số 4")
    HouseholdFactory(address="Số 5", assigned_volunteer=VolunteerFactory())
    client.force_login(volunteer)
    assert ids(client.get(URL)) == [mine.id, my_teams.id]


def test_households_come_in_walking_order_hamlet_then_address(client, volunteer, hamlet):
    south = HamletFactory(commune=volunteer.unit, name="Thôn Nam")
    east = HamletFactory(commune=volunteer.unit, name="Thôn Tây")
    rows = [
        HouseholdFactory(hamlet=east, address="Số 1", assigned_volunteer=volunteer),
        HouseholdFactory(hamlet=south, address="Số 2", assigned_volunteer=volunteer),
        HouseholdFactory(hamlet=hamlet, address="Số 9", assigned_volunteer=volunteer),
        HouseholdFactory(hamlet=hamlet, address="Số 3", assigned_volunteer=volunteer),
    ]
    client.force_login(volunteer)
    assert ids(client.get(URL)) == [rows[3].id, rows[2].id, rows[1].id, rows[0].id]


def test_each_household_carries_the_walk_list_fields(client, volunteer, hamlet):
    household = HouseholdFactory(
        hamlet=hamlet, phone="0912345678", target_groups=["elderly", "farmer"], assigned_volunteer=volunteer
    )
    client.force_login(volunteer)
    (row,) = client.get(URL).json()["results"]
    assert row == {
        "id": household.id,
        "hamlet": "Thôn Bắc",
        "hamlet_id": hamlet.id,
        "address": household.address,
        "head_name": household.head_name,
        "phone": "0912345678",
        "members_count": 4,
        "target_groups": ["elderly", "farmer"],
        "status": "not_visited",
        "last_visit_at": None,
        "next_visit_on": None,
    }


def test_a_commune_officer_sees_their_commune_with_masked_phones(client, hamlet):
    """132 full phones at once to an officer was issue 13's finding: lists mask, the household page shows."""
    officer = CommuneOfficerFactory(unit=hamlet.commune)
    ours = HouseholdFactory(hamlet=hamlet, phone="0912345678")
    HouseholdFactory()  # another commune
    client.force_login(officer)
    response = client.get(URL, {"page_size": 500})
    assert ids(response) == [ours.id]
    assert response.json()["results"][0]["phone"] == "09xx xxx 678"


def test_a_volunteer_sees_the_full_phones_of_the_households_they_work(client, volunteer, hamlet):
    team = TeamFactory(commune=volunteer.unit, members=[volunteer])
    HouseholdFactory(hamlet=hamlet, address="Số 1", phone="0912345678", assigned_volunteer=volunteer)
    HouseholdFactory(hamlet=hamlet, address="Số 2", phone="0987654321", assigned_team=team)
    client.force_login(volunteer)
    assert [row["phone"] for row in client.get(URL).json()["results"]] == ["0912345678", "0987654321"]


def test_district_staff_get_no_walk_list(client, hamlet):
    HouseholdFactory(hamlet=hamlet)
    client.force_login(DistrictOfficerFactory(unit=hamlet.commune.parent))
    assert ids(client.get(URL)) == []


def test_phones_are_masked_for_those_who_do_not_work_the_household(client, hamlet):
    HouseholdFactory(hamlet=hamlet, phone="0912345678")
    client.force_login(UserFactory(is_superuser=True))
    (row,) = client.get(URL).json()["results"]
    assert row["phone"] == "09xx xxx 678"


def test_pages_follow_page_and_page_size(client, volunteer, hamlet):
    households = [
        HouseholdFactory(hamlet=hamlet, address=f"Số {n:02d}", assigned_volunteer=volunteer) for n in range(5)
    ]
    client.force_login(volunteer)
    first = client.get(URL, {"page_size": 2}).json()
    assert (first["count"], first["num_pages"], first["previous"]) == (5, 3, None)
    assert [r["id"] for r in first["results"]] == [h.id for h in households[:2]]
    last = client.get(first["next"].replace("http://testserver", "")).json()
    assert last["page"] == 2 and [r["id"] for r in last["results"]] == [h.id for h in households[2:4]]
    assert client.get(URL, {"page_size": 2, "page": 3}).json()["next"] is None


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"page": "abc"}, 400),
        ({"page": "0"}, 400),
        ({"page_size": "501"}, 400),
        ({"page_size": "-1"}, 400),
        ({"page": "2"}, 404),
    ],
)
def test_bad_pages_are_answered_in_json(client, volunteer, query, status):
    client.force_login(volunteer)
    response = client.get(URL, query)
    assert response.status_code == status
    assert response.json()["error"]


def test_the_query_count_does_not_grow_with_households(client, volunteer, hamlet):
    key = issue_token(volunteer)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    HouseholdFactory.create_batch(2, hamlet=hamlet, assigned_volunteer=volunteer)
    client.get(URL, **auth)  # first use records last_used_at; measure the steady state
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, **auth).status_code == 200
    team = TeamFactory(commune=volunteer.unit, members=[volunteer])
    for n in range(3):
        HouseholdFactory.create_batch(
            10, hamlet=HamletFactory(commune=volunteer.unit, name=f"Xóm {n}"), assigned_team=team
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"page_size": 500}, **auth)
    assert len(response.json()["results"]) == 32
    assert len(many) == len(few) <= 3


def test_anonymous_is_401_and_learners_are_403(client):
    assert client.get(URL).status_code == 401
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_a_household_kept_without_name_and_phone_reaches_the_phone_as_its_address_only(client, volunteer, hamlet):
    """Without consent the register keeps no name or phone; the walk list then carries blanks, not stale data."""
    household = HouseholdFactory(hamlet=hamlet, head_name="", phone="", assigned_volunteer=volunteer)
    client.force_login(volunteer)
    (row,) = client.get(URL).json()["results"]
    assert (row["address"], row["head_name"], row["phone"]) == (household.address, "", "")


def test_the_walk_list_is_never_kept_in_an_http_cache(client, volunteer, hamlet):
    HouseholdFactory(hamlet=hamlet, assigned_volunteer=volunteer)
    client.force_login(volunteer)
    cache_control = client.get(URL)["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
