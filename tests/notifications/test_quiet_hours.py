"""Non-urgent messages found at night wait for 07:00 in Vietnam; urgent ones go at once."""

import datetime

import pytest
from django.utils import timezone
from kombu import Connection

from notifications import quiet_hours, services
from notifications.models import Notification
from notifications.tasks import deliver_task
from tests.notifications.conftest import at


@pytest.mark.parametrize(
    ("now", "held"),
    [
        (at(20, 59), 0),
        (at(21, 0), 10 * 3600),
        (at(23, 30), 7 * 3600 + 1800),
        (at(3, 0), 4 * 3600),
        (at(6, 59), 60),
        (at(7, 0), 0),
        (at(12, 0), 0),
    ],
)
def test_messages_found_in_quiet_hours_wait_until_seven(now, held):
    assert quiet_hours.hold_seconds(now, urgent=False) == held


def test_the_clock_is_read_in_vietnam_whatever_the_servers_zone():
    utc_evening = datetime.datetime(2026, 12, 5, 15, 0, tzinfo=datetime.UTC)  # 22:00 in Hà Nội
    assert quiet_hours.hold_seconds(utc_evening, urgent=False) == 9 * 3600


def test_urgent_messages_are_never_held():
    assert quiet_hours.hold_seconds(at(23, 0), urgent=True) == 0


def test_quiet_hours_come_from_settings(settings):
    settings.NOTIFICATIONS_QUIET_HOURS = ("22:00", "06:00")
    assert quiet_hours.hold_seconds(at(21, 30), urgent=False) == 0
    assert quiet_hours.hold_seconds(at(22, 30), urgent=False) == 7 * 3600 + 1800
    assert quiet_hours.longest_hold() == datetime.timedelta(hours=8)


def _queued_messages(broker_url: str) -> list:
    with Connection(broker_url) as connection:
        queue = connection.SimpleQueue("celery")
        messages = []
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                return messages
            messages.append(message)
            message.ack()


@pytest.fixture
def broker(settings):
    """The real Redis broker's default queue, emptied before and after."""
    _queued_messages(settings.CELERY_BROKER_URL)
    yield lambda: _queued_messages(settings.CELERY_BROKER_URL)
    _queued_messages(settings.CELERY_BROKER_URL)


def test_a_sweep_at_night_queues_its_tasks_to_go_at_seven(revisit_due, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep("revisit_due", now=at(22)) == 1

    (message,) = broker()
    assert message.headers["task"] == "notifications.deliver"
    _args, kwargs, _embed = message.decode()
    assert datetime.datetime.fromisoformat(kwargs["send_after"]) == at(7) + datetime.timedelta(days=1)


def test_a_held_task_waits_on_the_broker_with_an_eta_and_sends_nothing_yet(revisit_due, broker, mailoutbox):
    volunteer, household = revisit_due
    morning = timezone.now() + datetime.timedelta(hours=3)
    key = ("revisit_due", volunteer.pk, household.pk, household.next_visit_on.isoformat())

    result = deliver_task.apply(args=key, kwargs={"send_after": morning.isoformat()})

    assert result.get().startswith("held until")
    (message,) = broker()
    assert datetime.datetime.fromisoformat(message.headers["eta"]) == morning
    assert tuple(message.decode()[0]) == key
    assert not Notification.objects.exists() and mailoutbox == []


def test_a_task_whose_morning_has_come_sends(revisit_due, mailoutbox):
    volunteer, household = revisit_due
    past = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()

    deliver_task.apply(
        args=("revisit_due", volunteer.pk, household.pk, household.next_visit_on.isoformat()),
        kwargs={"send_after": past},
    )

    assert Notification.objects.filter(recipient=volunteer).count() == 1 and len(mailoutbox) == 1
