"""Expired sessions are deleted on a schedule (they are otherwise kept in the database for ever)."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.tasks import clear_expired_sessions
from core.schedules import ensure_schedules

pytestmark = pytest.mark.django_db


def session_with(data: dict, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store.update(data)
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    return store.session_key


def test_the_task_deletes_expired_sessions_and_keeps_live_ones():
    expired = session_with({"visits_household_import": {"data": "Tran Thi Binh,0912345678"}}, -datetime.timedelta(1))
    live = session_with({"x": 1}, datetime.timedelta(1))
    clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live


def test_beat_clears_sessions_every_six_hours_and_the_schedule_is_ensured_once():
    ensure_schedules()  # what post_migrate runs; a test flush may have emptied the table since
    ensure_schedules()
    [task] = PeriodicTask.objects.filter(task="accounts.tasks.clear_expired_sessions")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (6, "hours")
