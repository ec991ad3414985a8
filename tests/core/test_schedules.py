"""Every app's SCHEDULES are created after migrate; what exists (an administrator's edit) is left alone."""

from datetime import timedelta

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.schedules import Schedule, declared_schedules, ensure_schedules

pytestmark = pytest.mark.django_db


def test_each_apps_schedules_are_gathered():
    tasks = {schedule.task for schedule in declared_schedules()}
    assert {
        "core.tasks.record_worker_heartbeat",
        "core.tasks.delete_expired_uploads",
        "accounts.tasks.clear_expired_sessions",
        "scans.tasks.flush_scan_counters",
        "coverage.tasks.remember_figures",
    } <= tasks


def test_missing_schedules_are_created_once_with_their_intervals():
    PeriodicTask.objects.all().delete()
    created = ensure_schedules()
    assert len(created) == len(declared_schedules())
    assert ensure_schedules() == []
    heartbeat = PeriodicTask.objects.get(task="core.tasks.record_worker_heartbeat")
    assert (heartbeat.interval.every, heartbeat.interval.period) == (30, "seconds")


def test_an_administrators_change_stands():
    ensure_schedules()
    task = PeriodicTask.objects.get(name="scans: flush scan counters to ScanDay")
    task.enabled = False
    task.interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    task.save()
    ensure_schedules()
    task.refresh_from_db()
    assert not task.enabled
    assert (task.interval.every, task.interval.period) == (1, "hours")


def test_a_crontab_schedule_is_created_with_its_crontab():
    nightly = Schedule("tests: nightly", "tests.nightly", crontab={"minute": "30", "hour": "2"})
    [task] = ensure_schedules([nightly])
    assert task.interval is None
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "2", "*")


def test_a_schedule_needs_exactly_one_of_interval_or_crontab():
    with pytest.raises(ValueError):
        Schedule("x", "x.y")
    with pytest.raises(ValueError):
        Schedule("x", "x.y", every=timedelta(minutes=1), crontab={"minute": "0"})


def test_a_crontab_field_left_out_means_every_and_is_not_matched_to_a_narrower_row():
    mondays = Schedule("tests: mondays at 7", "tests.mondays", crontab={"minute": "0", "hour": "7", "day_of_week": "1"})
    daily = Schedule("tests: daily at 7", "tests.daily", crontab={"minute": "0", "hour": "7"})

    monday_task, daily_task = ensure_schedules([mondays, daily])

    assert monday_task.crontab_id != daily_task.crontab_id
    assert monday_task.crontab.day_of_week == "1"
    fields = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
    assert tuple(getattr(daily_task.crontab, name) for name in fields) == ("0", "7", "*", "*", "*")
    assert str(daily_task.crontab.timezone) == "Asia/Ho_Chi_Minh"


def test_a_crontab_with_an_unknown_field_is_refused():
    with pytest.raises(ValueError):
        ensure_schedules([Schedule("tests: typo", "tests.typo", crontab={"minute": "0", "hours": "7"})])
