"""Each swept kind gets its own beat entry at its own time; no two share a crontab row by accident."""

import pytest
from django_celery_beat.models import PeriodicTask

from core.schedules import ensure_schedules
from notifications.kinds import all_kinds
from notifications.tasks import SWEEP_TASKS

pytestmark = pytest.mark.django_db


def _when(name: str) -> tuple[str, str, str]:
    crontab = PeriodicTask.objects.get(name=name).crontab
    return crontab.minute, crontab.hour, crontab.day_of_week


def test_every_swept_kind_has_a_beat_entry_and_a_task():
    PeriodicTask.objects.all().delete()
    ensure_schedules()

    swept = [kind.code for kind in all_kinds() if kind.sweep_crontab]
    assert set(SWEEP_TASKS) == set(swept)
    for code in swept:
        assert PeriodicTask.objects.get(name=f"notifications: {code}").task == f"notifications.sweep.{code}"
    assert _when("notifications: revisit_due") == ("0", "7", "*")
    assert _when("notifications: vessels_returning") == ("0", "7", "1")
    assert _when("notifications: assigned_not_visited") == ("30", "7", "1")


def test_the_campaign_kinds_and_the_digest_run_at_their_own_times():
    PeriodicTask.objects.all().delete()
    ensure_schedules()

    assert _when("notifications: activity_tomorrow") == ("0", "15", "*")
    assert _when("notifications: bulletin_emergency") == ("*/5", "*", "*")
    assert _when("notifications: bulletin_awaiting_airing") == ("0", "14", "*")
    assert _when("notifications: document_unacknowledged") == ("0", "8", "*")
    assert _when("notifications: document_report_overdue") == ("0", "8", "*")
    assert _when("notifications: weekly_digest") == ("15", "7", "1")
    assert not PeriodicTask.objects.filter(name="notifications: activity_rescheduled").exists()  # an event
