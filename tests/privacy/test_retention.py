"""Retention: visit notes past VISIT_NOTES_RETENTION_DAYS are blanked, households whose consent was
withdrawn longer than WITHDRAWN_HOUSEHOLD_RETENTION_DAYS ago are anonymised; the rest stays."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from core.schedules import declared_schedules
from privacy.retention import apply_retention
from privacy.services import ERASED_ADDRESS
from tests.visits.factories import HouseholdFactory, VisitFactory
from tests.visits.factories_staff import ConsentFactory
from visits.models import Consent
from visits.register import withdraw_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(settings):
    settings.VISIT_NOTES_RETENTION_DAYS = 365
    settings.WITHDRAWN_HOUSEHOLD_RETENTION_DAYS = 30


def withdrawn(days_ago: int):
    """A household whose door-to-door consent (given long before) was withdrawn `days_ago` days ago."""
    household = HouseholdFactory()
    when = timezone.now() - timedelta(days=days_ago)
    Consent.objects.filter(household=household).update(given_at=when - timedelta(days=100))
    withdraw_consent(Consent.objects.get(household=household), when=when)
    household.refresh_from_db()
    return household


def test_old_visit_notes_are_blanked_and_recent_ones_kept(periods):
    now = timezone.now()
    old = VisitFactory(notes="Gọi lại số 0912345678", visited_at=now - timedelta(days=366))
    recent = VisitFactory(notes="Hẹn tuần sau", visited_at=now - timedelta(days=364))
    assert apply_retention(now).visit_notes_blanked == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (old.notes, recent.notes) == ("", "Hẹn tuần sau")
    assert AuditEntry.objects.filter(action="update", target_id=str(old.pk), fields=["notes"]).exists()


def test_households_withdrawn_past_the_period_are_anonymised_once(periods):
    past, recent = withdrawn(days_ago=31), withdrawn(days_ago=29)
    given_again = withdrawn(days_ago=60)
    ConsentFactory(household=given_again, purpose=Consent.Purpose.CONTACT)
    assert apply_retention().households_anonymised == 1
    for household in (past, recent, given_again):
        household.refresh_from_db()
    assert (past.head_name, past.phone, past.address) == ("", "", ERASED_ADDRESS)
    assert set(Consent.objects.filter(household=past).values_list("given_by", flat=True)) == {""}
    assert recent.address != ERASED_ADDRESS and given_again.address != ERASED_ADDRESS
    assert Consent.objects.filter(household=recent).exclude(given_by="").exists()
    assert apply_retention().households_anonymised == 0  # nothing left to do the next night


def test_the_command_reports_what_it_did_and_beat_runs_it_nightly(periods):
    VisitFactory(notes="cũ", visited_at=timezone.now() - timedelta(days=400))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().startswith("1 visit notes blanked, 0 households")
    tasks = {schedule.task: schedule for schedule in declared_schedules()}
    assert tasks["privacy.tasks.apply_retention_periods"].crontab == {"minute": "0", "hour": "3"}
    assert "audit.tasks.purge_audit_log" in tasks
