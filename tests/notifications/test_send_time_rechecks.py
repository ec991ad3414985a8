"""Between the sweep and the send the world changes: the task re-checks and sends nothing stale."""

import datetime

import pytest
from django.utils import timezone

from notifications import services
from notifications.kinds import get_kind
from notifications.models import Delivery, Notification
from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.notifications.conftest import at
from tests.visits.factories import HouseholdFactory, TeamFactory
from visits import register
from visits.models import FishingVessel, HouseholdStatus


def _owed(kind_code: str, now: datetime.datetime):
    """The sweep's one due message (what the task will be called with)."""
    (due,) = list(get_kind(kind_code).due(now))
    return due


def _deliver(kind_code: str, due, now: datetime.datetime) -> str:
    return services.deliver(kind_code, due.recipient_id, due.object_id, due.occurrence, now=now)


def _nothing_sent(mailoutbox) -> bool:
    return not Notification.objects.exists() and not Delivery.objects.exists() and mailoutbox == []


# ---------------------------------------------------------------- revisit due


def test_no_revisit_reminder_for_a_deactivated_volunteer(revisit_due, mailoutbox):
    volunteer, _household = revisit_due
    due = _owed("revisit_due", at(9))
    volunteer.is_active = False
    volunteer.save()

    assert _deliver("revisit_due", due, at(9)) == "inactive recipient"
    assert _nothing_sent(mailoutbox)


def test_no_revisit_reminder_once_the_household_withdrew_its_consent(revisit_due, mailoutbox):
    _volunteer, household = revisit_due
    due = _owed("revisit_due", at(9))
    register.withdraw_consent(household.consent)

    assert _deliver("revisit_due", due, at(9)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_an_address_only_household_never_asked_for_consent_still_gets_its_revisit(revisit_due, mailoutbox):
    volunteer, _household = revisit_due
    HouseholdFactory(
        commune=volunteer.unit,
        hamlet__commune=volunteer.unit,
        head_name="",
        phone="",
        assigned_volunteer=volunteer,
        next_visit_on=timezone.localdate(),
    )

    assert len(list(get_kind("revisit_due").due(at(9)))) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"next_visit_on": None},  # visited meanwhile: no new date
        {"status": HouseholdStatus.DO_NOT_CONTACT},
        {"status": HouseholdStatus.REACHED},
        {"status": HouseholdStatus.REFUSED},
        {"status": HouseholdStatus.MOVED},
    ],
)
def test_no_revisit_reminder_once_the_household_no_longer_needs_it(revisit_due, mailoutbox, change):
    _volunteer, household = revisit_due
    due = _owed("revisit_due", at(9))
    for field, value in change.items():
        setattr(household, field, value)
    household.save()

    assert _deliver("revisit_due", due, at(9)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_no_revisit_reminder_to_a_volunteer_the_household_was_taken_from(revisit_due, mailoutbox):
    volunteer, household = revisit_due
    due = _owed("revisit_due", at(9))
    household.assigned_volunteer = VolunteerFactory(unit=volunteer.unit)
    household.save()

    assert _deliver("revisit_due", due, at(9)) == "no longer due"
    assert _nothing_sent(mailoutbox)


# ---------------------------------------------------------------- assigned, not visited for 14 days


@pytest.fixture
def stale_team(db):
    leader = VolunteerFactory(username="leader")
    team = TeamFactory(commune=leader.unit, leader=leader)
    household = HouseholdFactory(commune=leader.unit, hamlet__commune=leader.unit, assigned_team=team)
    household.__class__.objects.filter(pk=household.pk).update(created_at=timezone.now() - datetime.timedelta(days=15))
    return leader, team, household


def test_the_team_leader_hears_of_households_left_unvisited_for_14_days(stale_team, mailoutbox):
    leader, team, _household = stale_team
    due = _owed("assigned_not_visited", at(8))

    assert (due.recipient_id, due.object_id) == (leader.pk, team.pk)
    assert _deliver("assigned_not_visited", due, at(8)) == "sent"
    assert "1" in Notification.objects.get(recipient=leader).title


def test_a_household_assigned_13_days_ago_is_not_yet_stale(stale_team):
    _leader, _team, household = stale_team
    household.__class__.objects.filter(pk=household.pk).update(created_at=timezone.now() - datetime.timedelta(days=13))

    assert list(get_kind("assigned_not_visited").due(at(8))) == []


def test_no_stale_assignment_reminder_once_the_household_was_visited(stale_team, mailoutbox):
    _leader, _team, household = stale_team
    due = _owed("assigned_not_visited", at(8))
    household.last_visit_at = timezone.now()
    household.save()

    assert _deliver("assigned_not_visited", due, at(8)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_no_stale_assignment_reminder_to_a_former_leader(stale_team, mailoutbox):
    leader, team, _household = stale_team
    due = _owed("assigned_not_visited", at(8))
    team.leader = VolunteerFactory(unit=leader.unit)
    team.save()

    assert _deliver("assigned_not_visited", due, at(8)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_a_stale_assignment_reminder_held_into_the_next_week_is_dropped(stale_team, mailoutbox):
    due = _owed("assigned_not_visited", at(8))
    next_week = at(8, day=timezone.localdate() + datetime.timedelta(days=7))

    assert _deliver("assigned_not_visited", due, next_week) == "no longer due"
    assert _nothing_sent(mailoutbox)


# ---------------------------------------------------------------- vessels returning this week


@pytest.fixture
def vessel_returning(db):
    officer = CommuneOfficerFactory(username="coastal_officer")
    owner = HouseholdFactory(commune=officer.unit, hamlet__commune=officer.unit)
    vessel = FishingVessel.objects.create(
        commune=officer.unit, owner=owner, registration_number="NĐ-90001-TS", expected_return_on=timezone.localdate()
    )
    return officer, vessel


def test_the_coastal_communes_officer_hears_of_vessels_returning_this_week(vessel_returning, mailoutbox):
    officer, _vessel = vessel_returning
    CommuneOfficerFactory(username="inland_officer")  # no vessel in that commune: nothing for them

    due = _owed("vessels_returning", at(7))
    assert (due.recipient_id, due.object_id) == (officer.pk, officer.unit_id)
    assert _deliver("vessels_returning", due, at(7)) == "sent"
    assert [mail.to for mail in mailoutbox] == [[officer.email]]


def test_no_vessel_reminder_once_the_return_moved_out_of_the_week(vessel_returning, mailoutbox):
    _officer, vessel = vessel_returning
    due = _owed("vessels_returning", at(7))
    vessel.expected_return_on = timezone.localdate() + datetime.timedelta(days=21)
    vessel.save()

    assert _deliver("vessels_returning", due, at(7)) == "no longer due"
    assert _nothing_sent(mailoutbox)


def test_no_vessel_reminder_to_an_officer_moved_to_another_commune(vessel_returning, mailoutbox):
    officer, _vessel = vessel_returning
    due = _owed("vessels_returning", at(7))
    officer.unit = CommuneOfficerFactory(username="elsewhere").unit
    officer.save()

    assert _deliver("vessels_returning", due, at(7)) == "no longer due"
    assert _nothing_sent(mailoutbox)
