"""Honest coverage: a household's status follows what its current visits say happened, one rule."""

import datetime
import importlib
import json
import uuid

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory
from visits.models import Household, HouseholdStatus, Outcome, Skill

pytestmark = pytest.mark.django_db
SYNC_URL = reverse("visits_api:sync")
FIVE = list(Skill.values)


@pytest.fixture
def volunteer():
    return VolunteerFactory()


@pytest.fixture
def household(volunteer):
    return HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)


@pytest.fixture
def phone(client, volunteer):
    client.force_login(volunteer)
    return client


class Visits:
    """Visits of one household sent through the sync API, each a minute after the previous one."""

    def __init__(self, client, household):
        self.client, self.household = client, household
        self.at = timezone.now() - datetime.timedelta(days=1)

    def send(self, outcome: str, skills=(), replaces: str | None = None) -> dict:
        self.at += datetime.timedelta(minutes=1)
        visit = {
            "uuid": str(uuid.uuid4()),
            "household": self.household.pk,
            "visited_at": self.at.isoformat(),
            "outcome": outcome,
            "skills": list(skills),
            "replaces": replaces,
        }
        response = self.client.post(SYNC_URL, json.dumps({"visits": [visit]}), content_type="application/json")
        assert response.status_code == 200
        visit["result"] = response.json()["results"][0]
        return visit

    def status(self) -> str:
        self.household.refresh_from_db()
        return self.household.status


@pytest.fixture
def visits(phone, household):
    return Visits(phone, household)


def test_a_household_without_visits_is_not_visited(household):
    assert household.status == HouseholdStatus.NOT_VISITED


@pytest.mark.parametrize("outcome", [Outcome.NOT_HOME, Outcome.COME_BACK])
def test_nobody_home_is_an_attempt_not_a_visit(visits, outcome):
    visits.send(outcome)
    visits.send(Outcome.NOT_HOME)
    assert visits.status() == HouseholdStatus.ATTEMPTED


def test_meeting_someone_after_attempts_makes_the_household_met(visits):
    visits.send(Outcome.NOT_HOME)
    visits.send(Outcome.MET, skills=FIVE[:2])
    assert visits.status() == HouseholdStatus.MET
    visits.send(Outcome.COME_BACK)  # a later empty doorstep does not undo the meeting
    assert visits.status() == HouseholdStatus.MET


def test_five_skills_over_several_met_visits_make_the_household_reached(visits):
    visits.send(Outcome.MET, skills=FIVE[:3])
    assert visits.status() == HouseholdStatus.MET
    visits.send(Outcome.MET, skills=FIVE[3:])
    assert visits.status() == HouseholdStatus.REACHED


def test_a_refusal_counts_as_refused_until_someone_is_met(visits):
    visits.send(Outcome.NOT_HOME)
    visits.send(Outcome.REFUSED)
    assert visits.status() == HouseholdStatus.REFUSED
    visits.send(Outcome.NOT_HOME)
    assert visits.status() == HouseholdStatus.REFUSED
    visits.send(Outcome.MET)
    assert visits.status() == HouseholdStatus.MET


@pytest.mark.parametrize("outcome", [Outcome.MOVED, Outcome.DO_NOT_CONTACT])
def test_a_move_or_a_do_not_contact_wish_wins_when_it_is_the_latest_word(visits, outcome):
    visits.send(Outcome.MET, skills=FIVE)
    visits.send(outcome)
    assert visits.status() == outcome  # the status has the outcome's name


def test_an_edit_through_replaces_counts_instead_of_the_visit_it_replaces(visits):
    first = visits.send(Outcome.MET, skills=FIVE)
    assert visits.status() == HouseholdStatus.REACHED
    visits.send(Outcome.NOT_HOME, replaces=first["uuid"])  # "I picked the wrong outcome"
    assert visits.status() == HouseholdStatus.ATTEMPTED
    refusal = visits.send(Outcome.REFUSED)
    assert visits.status() == HouseholdStatus.REFUSED
    visits.send(Outcome.MET, replaces=refusal["uuid"])
    assert visits.status() == HouseholdStatus.MET


def test_a_visit_the_server_refuses_never_counts(visits):
    visits.send(Outcome.NOT_HOME)
    refused = visits.send(Outcome.NOT_HOME, skills=["payment"])  # skills only when met: invalid
    assert refused["result"]["status"] == "invalid"
    bad_edit = visits.send(Outcome.MET, skills=FIVE, replaces=str(uuid.uuid4()))  # replaces nothing known
    assert bad_edit["result"]["status"] == "invalid"
    assert visits.status() == HouseholdStatus.ATTEMPTED


def test_a_visit_to_someone_elses_household_changes_nothing(phone, volunteer):
    foreign = HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit))  # not assigned to this volunteer
    Visits(phone, foreign).send(Outcome.MET, skills=FIVE)
    foreign.refresh_from_db()
    assert foreign.status == HouseholdStatus.NOT_VISITED


def test_the_data_migration_recomputes_every_households_status(volunteer):
    hamlet = HamletFactory(commune=volunteer.unit)
    attempted, met, untouched = (HouseholdFactory(hamlet=hamlet) for _ in range(3))
    edited = HouseholdFactory(hamlet=hamlet)
    VisitFactory(household=attempted, volunteer=volunteer, outcome=Outcome.NOT_HOME)
    VisitFactory(household=met, volunteer=volunteer, outcome=Outcome.MET)
    wrong = VisitFactory(household=edited, volunteer=volunteer, outcome=Outcome.MET, skills=FIVE)
    VisitFactory(household=edited, volunteer=volunteer, outcome=Outcome.REFUSED, replaces=wrong)
    Household.objects.update(status=HouseholdStatus.REACHED)  # stale, as an older rule left them
    migration = importlib.import_module("visits.migrations.0003_recompute_statuses_and_consents")
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    statuses = dict(Household.objects.values_list("pk", "status"))
    assert statuses == {
        attempted.pk: HouseholdStatus.ATTEMPTED,
        met.pk: HouseholdStatus.MET,
        untouched.pk: HouseholdStatus.NOT_VISITED,
        edited.pk: HouseholdStatus.REFUSED,
    }
