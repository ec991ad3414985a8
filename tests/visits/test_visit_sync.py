"""POST /api/v1/visits/sync: every status, replays, edits, scoping, bad input, roll-up, concurrency."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import CommuneOfficerFactory, UserFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory, VisitFactory
from tests.visits.sync_client import SYNC_URL, item, post, send_at_once, statuses
from visits.models import Household, HouseholdStatus, Skill, Visit

# ---------------------------------------------------------------- statuses


def test_new_visits_are_created_and_answered_in_order(api, volunteer, household):
    visits = [item(household), item(household, outcome="not_home", skills=[], services=[])]
    response = post(api, visits)
    assert statuses(response) == ["created", "created"]
    assert [r["uuid"] for r in response.json()["results"]] == [v["uuid"] for v in visits]
    saved = Visit.objects.get(uuid=visits[0]["uuid"])
    assert (saved.household, saved.volunteer, saved.people_helped) == (household, volunteer, 2)
    assert saved.skills == ["payment"] and saved.services == ["vneid_level2"]
    assert len(saved.fingerprint) == 64


def test_replaying_a_batch_creates_nothing_and_answers_duplicate(api, household):
    visits = [item(household) for _ in range(5)]
    assert statuses(post(api, visits)) == ["created"] * 5
    assert statuses(post(api, visits)) == ["duplicate"] * 5
    assert Visit.objects.count() == 5


def test_same_uuid_with_other_content_is_a_conflict_and_changes_nothing(api, household):
    visit = item(household)
    post(api, [visit])
    response = post(api, [{**visit, "people_helped": 7}])
    assert statuses(response) == ["conflict"]
    assert Visit.objects.get().people_helped == 2


def test_a_repeat_inside_one_batch_is_duplicate_or_conflict(api, household):
    visit = item(household)
    response = post(api, [visit, visit, {**visit, "notes": "other"}])
    assert statuses(response) == ["created", "duplicate", "conflict"]
    assert Visit.objects.count() == 1


def test_key_order_and_skill_order_do_not_change_the_fingerprint(api, household):
    visit = item(household, skills=["payment", "safety"])
    post(api, [visit])
    reordered = dict(reversed(list({**visit, "skills": ["safety", "payment"]}.items())))
    assert statuses(post(api, [reordered])) == ["duplicate"]


def test_a_visit_already_stored_by_a_factory_is_recognised_as_duplicate(api, volunteer, household):
    stored = VisitFactory(household=household, volunteer=volunteer, skills=["shopping"], services=[], notes="")
    resend = item(
        household,
        uuid=str(stored.uuid),
        visited_at=stored.visited_at.isoformat(),
        skills=["shopping"],
        services=[],
        people_helped=stored.people_helped,
        notes="",
    )
    assert statuses(post(api, [resend])) == ["duplicate"]


# ---------------------------------------------------------------- edits


def test_an_edit_replaces_the_earlier_visit_and_keeps_it_as_history(api, household):
    first = item(household, outcome="do_not_contact", skills=[], services=[])
    post(api, [first])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.DO_NOT_CONTACT
    edit = item(household, replaces=first["uuid"], outcome="met")
    assert statuses(post(api, [edit])) == ["created"]
    original = Visit.objects.get(uuid=first["uuid"])
    assert original.replaced_by.uuid == uuid.UUID(edit["uuid"])
    assert original.outcome == "do_not_contact"
    household.refresh_from_db()
    assert household.status == HouseholdStatus.MET


def test_an_edit_may_follow_its_visit_in_the_same_batch(api, household):
    first = item(household)
    edit = item(household, replaces=first["uuid"], people_helped=3)
    assert statuses(post(api, [first, edit])) == ["created", "created"]
    assert Visit.objects.get(uuid=edit["uuid"]).replaces.uuid == uuid.UUID(first["uuid"])


def test_replaces_must_name_an_unreplaced_visit_of_the_same_household(api, volunteer, household):
    other_household = HouseholdFactory(hamlet=household.hamlet, assigned_volunteer=volunteer)
    first = item(household)
    post(api, [first])
    post(api, [item(household, replaces=first["uuid"])])
    response = post(
        api,
        [
            item(household, replaces=str(uuid.uuid4())),  # unknown
            item(other_household, replaces=first["uuid"]),  # another household's visit
            item(household, replaces=first["uuid"]),  # already replaced
        ],
    )
    assert statuses(response) == ["invalid"] * 3
    assert all("replaces" in r["errors"] for r in response.json()["results"])
    assert Visit.objects.count() == 2


def test_two_edits_of_one_visit_in_a_batch_keep_only_the_first(api, household):
    first = item(household)
    post(api, [first])
    response = post(api, [item(household, replaces=first["uuid"]), item(household, replaces=first["uuid"])])
    assert statuses(response) == ["created", "invalid"]


# ---------------------------------------------------------------- scoping


def test_a_volunteer_cannot_sync_another_teams_households(api, volunteer, household):
    commune = volunteer.unit
    other_team = TeamFactory(commune=commune, members=[VolunteerFactory(unit=commune)])
    theirs = HouseholdFactory(hamlet=household.hamlet, assigned_team=other_team)
    unassigned = HouseholdFactory(hamlet=household.hamlet)
    response = post(api, [item(theirs), item(unassigned), item(household)])
    assert statuses(response) == ["invalid", "invalid", "created"]
    assert "household" in response.json()["results"][0]["errors"]
    assert list(Visit.objects.values_list("household", flat=True)) == [household.id]


def test_a_volunteer_syncs_the_households_of_their_team(client, volunteer):
    team = TeamFactory(commune=volunteer.unit, members=[volunteer])
    led = TeamFactory(commune=volunteer.unit, leader=volunteer)
    client.force_login(volunteer)
    hamlet = HamletFactory(commune=volunteer.unit)
    visits = [
        item(HouseholdFactory(hamlet=hamlet, assigned_team=team)),
        item(HouseholdFactory(hamlet=hamlet, assigned_team=led)),
    ]
    assert statuses(post(client, visits)) == ["created", "created"]


def test_a_commune_officer_logs_visits_in_their_commune_only(client, db):
    officer = CommuneOfficerFactory()
    ours = HouseholdFactory(hamlet=HamletFactory(commune=officer.unit))
    elsewhere = HouseholdFactory()
    client.force_login(officer)
    assert statuses(post(client, [item(ours), item(elsewhere)])) == ["created", "invalid"]


def test_a_uuid_of_another_teams_visit_is_not_revealed(api, household):
    stranger_visit = VisitFactory()
    response = post(api, [item(household, uuid=str(stranger_visit.uuid))])
    assert statuses(response) == ["invalid"]
    assert Visit.objects.count() == 1


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("uuid", "not-a-uuid"),
        ("uuid", None),
        ("household", "abc"),
        ("household", True),
        ("visited_at", "yesterday"),
        ("visited_at", (timezone.now() + datetime.timedelta(hours=2)).isoformat()),
        ("visited_at", "0001-01-01T00:00:00+14:00"),
        ("outcome", "maybe"),
        ("skills", ["juggling"]),
        ("skills", "payment"),
        ("services", ["vneid_level9"]),
        ("people_helped", 51),
        ("people_helped", -1),
        ("people_helped", "2"),
        ("notes", "x" * 1001),
        ("notes", 12),
        ("next_visit_on", "next week"),
        ("next_visit_on", "2020-01-01"),
        ("replaces", "nope"),
        ("latitude", 120),
    ],
)
def test_bad_fields_are_invalid_with_a_message_for_that_field(api, household, field, value):
    response = post(api, [item(household, **{field: value})])
    (result,) = response.json()["results"]
    assert result["status"] == "invalid"
    assert list(result["errors"]) == [field]
    assert not Visit.objects.exists()


def test_skills_and_services_only_when_met(api, household):
    response = post(api, [item(household, outcome="not_home")])
    (result,) = response.json()["results"]
    assert result["status"] == "invalid"
    assert set(result["errors"]) == {"skills", "services"}


def test_items_that_are_not_objects_are_invalid(api, household):
    response = post(api, ["text", 3, None, item(household)])
    assert statuses(response) == ["invalid", "invalid", "invalid", "created"]
    assert all(list(r["errors"]) == ["__all__"] for r in response.json()["results"][:3])


def test_a_mixed_batch_saves_the_valid_items(api, household):
    good = [item(household) for _ in range(3)]
    response = post(api, [good[0], item(household, outcome="maybe"), good[1], {"uuid": "x"}, good[2]])
    assert statuses(response) == ["created", "invalid", "created", "invalid", "created"]
    assert set(Visit.objects.values_list("uuid", flat=True)) == {uuid.UUID(v["uuid"]) for v in good}


def test_gps_is_stored_rounded_to_six_places(api, household):
    visit = item(household, latitude=20.3912345678, longitude="106.1712344")
    post(api, [visit])
    saved = Visit.objects.get()
    assert (str(saved.latitude), str(saved.longitude)) == ("20.391235", "106.171234")
    assert statuses(post(api, [visit])) == ["duplicate"]


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"items": []}',
        b'{"visits": {"uuid": "x"}}',
        b'{"visits": "many"}',
    ],
)
def test_malformed_bodies_are_400_and_save_nothing(api, body):
    response = api.post(SYNC_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Visit.objects.exists()


def test_a_batch_over_500_is_400_and_saves_nothing(api, household):
    response = post(api, [item(household) for _ in range(501)])
    assert response.status_code == 400
    assert response.json()["error"] == "batch_too_large"
    assert not Visit.objects.exists()


def test_an_empty_batch_is_fine(api):
    response = post(api, [])
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_anonymous_is_401_json(client, household):
    response = post(client, [item(household)])
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert not Visit.objects.exists()


@pytest.mark.parametrize("role", [Role.LEARNER])
def test_roles_without_field_work_are_403(client, household, role):
    client.force_login(UserFactory(role=role))
    response = post(client, [item(household)])
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_get_is_not_allowed(api):
    assert api.get(SYNC_URL).status_code == 405


# ---------------------------------------------------------------- household roll-up


def test_household_is_reached_once_its_visits_cover_the_five_skills(api, household):
    skills = list(Skill.values)
    post(api, [item(household, skills=skills[:2])])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.MET
    post(api, [item(household, skills=skills[2:4]), item(household, outcome="not_home", skills=[], services=[])])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.MET
    post(api, [item(household, skills=skills[4:])])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.REACHED


def test_an_edit_that_removes_a_skill_takes_reached_back(api, household):
    first = item(household, skills=list(Skill.values))
    post(api, [first])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.REACHED
    post(api, [item(household, replaces=first["uuid"], skills=["payment"])])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.MET


def test_last_visit_and_next_visit_come_from_the_latest_visit(api, household):
    now = timezone.now()
    late = item(household, visited_at=(now - datetime.timedelta(hours=1)).isoformat(), next_visit_on="2099-01-02")
    early = item(household, visited_at=(now - datetime.timedelta(days=3)).isoformat(), next_visit_on="2099-05-05")
    post(api, [late])
    post(api, [early])  # synced later, visited earlier: does not move the dates back
    household.refresh_from_db()
    assert household.last_visit_at == datetime.datetime.fromisoformat(late["visited_at"])
    assert household.next_visit_on == datetime.date(2099, 1, 2)


def test_do_not_contact_sets_that_status(api, household):
    post(api, [item(household, skills=list(Skill.values))])
    post(api, [item(household, outcome="do_not_contact", skills=[], services=[])])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.DO_NOT_CONTACT


def test_the_roll_up_leaves_untouched_households_alone(api, volunteer, household):
    other = HouseholdFactory(hamlet=household.hamlet, assigned_volunteer=volunteer)
    post(api, [item(household)])
    other.refresh_from_db()
    assert other.status == HouseholdStatus.NOT_VISITED and other.last_visit_at is None


# ---------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_the_same_batch_from_several_phones_at_once_makes_one_row_per_uuid():
    volunteer = VolunteerFactory()
    hamlet = HamletFactory(commune=volunteer.unit)
    households = HouseholdFactory.create_batch(20, hamlet=hamlet, assigned_volunteer=volunteer)
    batch = [item(households[i % 20]) for i in range(200)]
    body = json.dumps({"visits": batch})
    phones = 4
    responses = send_at_once(volunteer, [body] * phones)

    assert [r.status_code for r in responses] == [200] * phones
    assert Visit.objects.count() == 200
    assert Visit.objects.values("uuid").distinct().count() == 200
    for position in range(200):
        answers = sorted(r.json()["results"][position]["status"] for r in responses)
        assert answers == ["created"] + ["duplicate"] * (phones - 1)
    assert not Household.objects.filter(id__in=[h.id for h in households], status=HouseholdStatus.NOT_VISITED).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("notes", "before\x00after"),
        ("notes", "\ud800"),
        ("household", 2**70),
        ("household", "²"),
        ("latitude", float("nan")),
        ("latitude", float("inf")),
    ],
)
def test_values_the_database_cannot_take_are_invalid_not_500(api, household, field, value):
    body = json.dumps({"visits": [item(household, **{field: value}, longitude=106.1)]})
    response = api.post(SYNC_URL, body, content_type="application/json")
    (result,) = response.json()["results"]
    assert result["status"] == "invalid" and field in result["errors"]
    assert not Visit.objects.exists()


def test_deeply_nested_json_is_400(api):
    body = '{"visits": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.post(SYNC_URL, body, content_type="application/json")
    assert response.status_code == 400
