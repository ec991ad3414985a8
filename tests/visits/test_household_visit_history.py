"""A household's page lists its visits; notes and volunteers' names only for those who work the household."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory
from visits.models import Outcome, Skill

pytestmark = pytest.mark.django_db
NOTE = "Đã cài VNeID cho bà cụ"


@pytest.fixture
def household(unit):
    return HouseholdFactory(hamlet=HamletFactory(commune=unit("13696")))


def visit_history(client, user, household):
    client.force_login(user)
    return client.get(reverse("visits_staff:household_detail", args=[household.pk]))


def test_commune_officer_sees_each_visit_with_notes_volunteer_and_edits(client, household, unit):
    volunteer = VolunteerFactory(unit=unit("13696"), first_name="Trần", last_name="Minh")
    now = timezone.now()
    first = VisitFactory(
        household=household,
        volunteer=volunteer,
        outcome=Outcome.NOT_HOME,
        people_helped=0,
        visited_at=now - datetime.timedelta(days=3),
    )
    VisitFactory(
        household=household,
        volunteer=volunteer,
        replaces=first,
        outcome=Outcome.MET,
        skills=[Skill.PAYMENT],
        notes=NOTE,
        visited_at=now - datetime.timedelta(days=3),
    )
    response = visit_history(client, CommuneOfficerFactory(unit=unit("13696")), household)
    assert response.status_code == 200
    visits = response.context["visits"]
    assert [(v.outcome, v.superseded) for v in visits] == [(Outcome.MET, False), (Outcome.NOT_HOME, True)]
    body = response.content.decode()
    assert NOTE in body and "Trần Minh" in body
    assert body.count('data-superseded="true"') == 1


def test_district_staff_see_visits_but_no_notes_or_volunteer_names(client, household, unit):
    volunteer = VolunteerFactory(unit=unit("13696"), first_name="Trần", last_name="Minh")
    VisitFactory(household=household, volunteer=volunteer, notes=NOTE)
    response = visit_history(client, DistrictOfficerFactory(unit=unit("356")), household)
    assert response.status_code == 200
    assert len(response.context["visits"]) == 1
    body = response.content.decode()
    assert NOTE not in body and "Trần Minh" not in body


def test_visit_history_costs_the_same_queries_however_many_visits(
    client, household, unit, django_assert_max_num_queries
):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    VisitFactory(household=household)
    visit_history(client, officer, household)
    # 12 + vessels menu question + emergency banner + bell + the audit line of viewing the full record
    with django_assert_max_num_queries(16) as captured:
        visit_history(client, officer, household)
    baseline = len(captured.captured_queries)
    for _ in range(8):
        VisitFactory(household=household)
    with django_assert_max_num_queries(baseline):
        response = visit_history(client, officer, household)
    assert len(response.context["visits"]) == 9
