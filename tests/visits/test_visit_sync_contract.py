"""The sync contract (visits.schemas.VisitIn) against planted mistakes and hostile items.

Every content field takes part in the fingerprint; a longitude is checked on its own; a phone that
loses a race with other content hears "conflict"; a malformed item is answered on its own while the
rest of its batch is stored; decided drift (numeric-string household, null optional fields).
"""

import datetime
import hashlib
import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from tests.visits.sync_client import SYNC_URL, item, post, send_at_once, statuses
from visits.models import Visit
from visits.schemas import VisitIn
from visits.services import fingerprint

# ---------------------------------------------------------------- every field is in the fingerprint


def _base_and_variations(api, volunteer, household):
    """A visit that sets every field of the contract, and for each field a copy differing in it alone."""
    earlier, other_earlier = item(household), item(household)
    assert statuses(post(api, [earlier, other_earlier])) == ["created", "created"]
    other_household = HouseholdFactory(hamlet=household.hamlet, assigned_volunteer=volunteer)
    base = item(
        household,
        outcome="met",
        skills=[],
        services=[],
        people_helped=2,
        notes="Hướng dẫn cài VNeID",
        next_visit_on="2099-01-02",
        replaces=earlier["uuid"],
        latitude=20.4,
        longitude=106.1,
    )
    visited_at = datetime.datetime.fromisoformat(base["visited_at"])
    variations = {
        "household": other_household.id,
        "visited_at": (visited_at - datetime.timedelta(minutes=1)).isoformat(),
        "outcome": "refused",
        "skills": ["payment"],
        "services": ["vneid_level2"],
        "people_helped": 3,
        "notes": "Hướng dẫn cài VNeID.",
        "next_visit_on": "2099-01-03",
        "replaces": other_earlier["uuid"],
        "latitude": 20.400001,
        "longitude": 106.100001,
    }
    return base, variations


@pytest.mark.parametrize("field", sorted(set(VisitIn.model_fields) - {"uuid"}))
def test_the_same_uuid_differing_in_one_field_is_a_conflict_never_a_duplicate(api, volunteer, household, field):
    base, variations = _base_and_variations(api, volunteer, household)
    # A field added to the contract needs a variation here before this test can pass.
    assert set(variations) == set(VisitIn.model_fields) - {"uuid"}
    assert statuses(post(api, [base])) == ["created"]
    stored = Visit.objects.get(uuid=base["uuid"])
    assert statuses(post(api, [{**base, field: variations[field]}])) == ["conflict"]
    assert statuses(post(api, [base])) == ["duplicate"]
    assert Visit.objects.count() == 3
    assert Visit.objects.get(uuid=base["uuid"]).fingerprint == stored.fingerprint


# ---------------------------------------------------------------- coordinates checked one by one


@pytest.mark.parametrize(
    ("latitude", "longitude", "bad_field"),
    [
        (20.4, 180.5, "longitude"),
        (20.4, -181, "longitude"),
        (20.4, "east", "longitude"),
        (20.4, None, "longitude"),
        (90.5, 106.1, "latitude"),
        (None, 106.1, "latitude"),
    ],
)
def test_a_valid_coordinate_does_not_excuse_a_bad_one(api, household, latitude, longitude, bad_field):
    response = post(api, [item(household, latitude=latitude, longitude=longitude)])
    (result,) = response.json()["results"]
    assert result["status"] == "invalid"
    assert list(result["errors"]) == [bad_field]
    assert not Visit.objects.exists()


def test_coordinates_at_the_limits_are_stored(api, household):
    assert statuses(post(api, [item(household, latitude=-90, longitude=180)])) == ["created"]
    saved = Visit.objects.get()
    assert (saved.latitude, saved.longitude) == (-90, 180)


# ---------------------------------------------------------------- a race lost to other content


@pytest.mark.django_db(transaction=True)
def test_phones_racing_with_other_content_get_one_created_and_conflicts_never_duplicates():
    volunteer = VolunteerFactory()
    households = HouseholdFactory.create_batch(
        10, hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer
    )
    uuids = [str(uuid.uuid4()) for _ in range(100)]
    visited_at = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    phones = 4
    bodies = [
        json.dumps(
            {
                "visits": [
                    item(households[i % 10], uuid=u, visited_at=visited_at, notes=f"điện thoại {n}")
                    for i, u in enumerate(uuids)
                ]
            }
        )
        for n in range(phones)
    ]
    responses = send_at_once(volunteer, bodies)

    assert [r.status_code for r in responses] == [200] * phones
    assert Visit.objects.count() == 100
    for position in range(100):
        answers = sorted(r.json()["results"][position]["status"] for r in responses)
        assert answers == ["conflict"] * (phones - 1) + ["created"]
    winners = {(r.json()["results"][0]["status"], n) for n, r in enumerate(responses)}
    winner = next(n for status, n in winners if status == "created")
    assert Visit.objects.get(uuid=uuids[0]).notes == f"điện thoại {winner}"


# ---------------------------------------------------------------- one malformed item, not the batch


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("outcome", ["met"]),
        ("outcome", {"code": "met"}),
        ("outcome", 1),
        ("outcome", "met\x00"),
        ("uuid", ["a"]),
        ("uuid", {"a": 1}),
        ("uuid", 12),
        ("household", {"id": 1}),
        ("household", [1]),
        ("household", 1.5),
        ("household", -3),
        ("household", 10**30),
        ("visited_at", 1_700_000_000),
        ("visited_at", ["2025-01-01"]),
        ("visited_at", "2025-01-01T10:00:00\x00"),
        ("skills", {"payment": True}),
        ("skills", [["payment"]]),
        ("skills", [None]),
        ("services", "vneid_level2"),
        ("people_helped", [2]),
        ("people_helped", 2.5),
        ("people_helped", True),
        ("people_helped", 10**40),
        ("notes", ["text"]),
        ("notes", {"a": "b"}),
        ("next_visit_on", 20990101),
        ("next_visit_on", ["2099-01-01"]),
        ("next_visit_on", "2099-01-01\x00"),
        ("replaces", {"uuid": "x"}),
        ("replaces", 5),
        ("latitude", [20.4]),
        ("latitude", True),
        ("latitude", 10**40),
        ("latitude", "NaN"),
    ],
)
def test_a_malformed_field_fails_only_its_own_item(api, household, field, value):
    good = [item(household), item(household)]
    bad = item(household, **{"latitude": 20.4, "longitude": 106.1, field: value})
    response = post(api, [good[0], bad, good[1]])
    assert statuses(response) == ["created", "invalid", "created"]
    assert list(response.json()["results"][1]["errors"]) == [field]
    assert set(Visit.objects.values_list("uuid", flat=True)) == {uuid.UUID(v["uuid"]) for v in good}


def test_a_number_too_long_for_python_fails_only_its_item(api, household):
    good = item(household)
    bad = json.dumps(item(household)).replace('"people_helped": 2', '"people_helped": ' + "9" * 5000)
    body = '{"visits": [' + json.dumps(good) + ", " + bad + "]}"
    response = api.post(SYNC_URL, body, content_type="application/json")
    assert statuses(response) == ["created", "invalid"]
    assert list(response.json()["results"][1]["errors"]) == ["people_helped"]
    assert Visit.objects.count() == 1


# ---------------------------------------------------------------- decided drift


def test_a_numeric_string_household_is_invalid(api, household):
    response = post(api, [item(household, household=str(household.id))])
    (result,) = response.json()["results"]
    assert result["status"] == "invalid" and list(result["errors"]) == ["household"]
    assert not Visit.objects.exists()


def test_null_optional_fields_mean_not_given(api, household):
    visit = item(household, people_helped=None, notes=None, skills=None, services=None, next_visit_on=None)
    assert statuses(post(api, [visit])) == ["created"]
    saved = Visit.objects.get()
    assert (saved.people_helped, saved.notes, saved.skills, saved.services) == (0, "", [], [])
    explicit = {**visit, "people_helped": 0, "notes": "", "skills": [], "services": []}
    assert statuses(post(api, [explicit])) == ["duplicate"]


# ---------------------------------------------------------------- messages in the request's language


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Required: a household id."), ("vi", "Bắt buộc: mã (id) hộ.")],
)
def test_field_errors_are_in_the_language_of_the_request(api, household, language, message):
    body = json.dumps({"visits": [item(household, household="x")]})
    response = api.post(SYNC_URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["results"][0]["errors"] == {"household": [message]}


# ---------------------------------------------------------------- the fingerprint's text


def _fingerprint_by_json_dumps(**content) -> str:
    """The fingerprint's definition, as it was first written: every stored visit's fingerprint is this."""
    canonical = {
        "household": content["household_id"],
        "visited_at": content["visited_at"].astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "outcome": content["outcome"],
        "skills": sorted(content["skills"]),
        "services": sorted(content["services"]),
        "people_helped": content["people_helped"],
        "notes": content["notes"],
        "next_visit_on": content["next_visit_on"].isoformat() if content["next_visit_on"] else None,
        "replaces": str(content["replaces"]) if content["replaces"] else None,
        "latitude": str(content["latitude"]) if content["latitude"] is not None else None,
        "longitude": str(content["longitude"]) if content["longitude"] is not None else None,
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    "notes",
    ["", "Hướng dẫn cài VNeID", 'say "hi"\\ back', "line\nbreak\ttab\r", "\x01\x1f\x7f", "\u2028\u2029 😀", "{}[],:"],
)
def test_the_fingerprint_is_the_text_json_dumps_made_of_the_same_content(notes):
    saigon = datetime.timezone(datetime.timedelta(hours=7))
    contents = [
        {
            "household_id": 7,
            "visited_at": datetime.datetime(2026, 12, 5, 8, 30, tzinfo=saigon),
            "outcome": "not_home",
            "skills": [],
            "services": [],
            "people_helped": 0,
            "notes": notes,
            "next_visit_on": None,
            "replaces": None,
            "latitude": None,
            "longitude": None,
        },
        {
            "household_id": 2**62,
            "visited_at": datetime.datetime(2026, 12, 5, 23, 59, 59, 123456, tzinfo=datetime.UTC),
            "outcome": "met",
            "skills": ["shopping", "payment", "public_services"],
            "services": ["vneid_level2", "cashless_account"],
            "people_helped": 50,
            "notes": notes,
            "next_visit_on": datetime.date(2027, 1, 2),
            "replaces": uuid.UUID("0b5a7e0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"),
            "latitude": Decimal("-0.000001"),
            "longitude": Decimal("106.100000"),
        },
    ]
    for content in contents:
        assert fingerprint(**content) == _fingerprint_by_json_dumps(**content)
