"""The commune officer's page of today's work: not yet visited, revisits due, vessels returning, unassigned."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.factories_staff import FishingVesselFactory
from visits.models import HouseholdStatus

pytestmark = pytest.mark.django_db

NAM_PHONG = "13696"


@pytest.fixture
def officer(unit):
    return CommuneOfficerFactory(unit=unit(NAM_PHONG))


def test_today_counts_and_lists_what_is_waiting_in_the_commune(client, officer, unit):
    nam_phong = unit(NAM_PHONG)
    hamlet = HamletFactory(commune=nam_phong, name="Thôn Đông")
    team = TeamFactory(commune=nam_phong)
    today = timezone.localdate()
    HouseholdFactory(hamlet=hamlet, address="Số 1", assigned_team=team)  # not visited, assigned
    HouseholdFactory(hamlet=hamlet, address="Số 2")  # not visited, unassigned
    HouseholdFactory(hamlet=hamlet, address="Số 3", status=HouseholdStatus.REACHED, assigned_team=team)
    HouseholdFactory(
        hamlet=hamlet, address="Số 4", status=HouseholdStatus.ATTEMPTED, next_visit_on=today, assigned_team=team
    )
    HouseholdFactory(  # a household that asked not to be contacted is no revisit
        hamlet=hamlet, address="Số 5", status=HouseholdStatus.DO_NOT_CONTACT, next_visit_on=today, assigned_team=team
    )
    HouseholdFactory(hamlet=HamletFactory(commune=unit("13699")), address="Số 9")  # another commune
    boat = FishingVesselFactory(owner__hamlet=hamlet, expected_return_on=today + datetime.timedelta(days=0))
    client.force_login(officer)
    response = client.get("/outreach/today/")
    assert response.status_code == 200
    work = response.context["work"]
    assert (work.households, work.not_visited_count, work.revisits_due_count) == (6, 3, 1)
    assert work.unassigned_count == 2  # Số 2 and the vessel owner's household
    assert [h.address for h in work.revisits_due] == ["Số 4"]
    assert "Số 2" in [h.address for h in work.unassigned]
    assert [v.pk for v in work.vessels_returning] == [boat.pk]
    assert "Số 9" not in response.content.decode()


@pytest.mark.parametrize("factory", [DistrictOfficerFactory, VolunteerFactory])
def test_today_is_the_commune_officers_page_only(client, unit, factory):
    client.force_login(factory(unit=unit("365") if factory is DistrictOfficerFactory else unit(NAM_PHONG)))
    assert client.get("/outreach/today/").status_code == 403


def test_today_query_count_does_not_grow_with_households(client, officer, unit):
    hamlet = HamletFactory(commune=unit(NAM_PHONG))
    client.force_login(officer)
    client.get("/outreach/today/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/outreach/today/").status_code == 200
        return len(captured)

    HouseholdFactory(hamlet=hamlet)
    few = queries()
    team = TeamFactory(commune=hamlet.commune)
    HouseholdFactory.create_batch(15, hamlet=hamlet, assigned_team=team, next_visit_on=timezone.localdate())
    FishingVesselFactory.create_batch(3, owner__hamlet=hamlet, expected_return_on=timezone.localdate())
    assert queries() == few
    assert few <= 11  # 8 + the menu's vessels question (visits.selectors.has_fishing_work) + emergency banner + bell


def test_a_household_that_moved_away_is_no_revisit(client, officer, unit):
    hamlet = HamletFactory(commune=unit(NAM_PHONG))
    today = timezone.localdate()
    HouseholdFactory(hamlet=hamlet, address="Số 1", status=HouseholdStatus.MOVED, next_visit_on=today)
    due = HouseholdFactory(hamlet=hamlet, address="Số 2", status=HouseholdStatus.ATTEMPTED, next_visit_on=today)
    client.force_login(officer)
    work = client.get("/outreach/today/").context["work"]
    assert work.revisits_due_count == 1 and [h.pk for h in work.revisits_due] == [due.pk]
