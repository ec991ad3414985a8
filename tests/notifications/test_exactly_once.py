"""A reminder is sent once however often it is swept, retried or raced."""

import threading

import pytest

from notifications import services
from notifications.models import Delivery, Notification
from tests.notifications import flaky_mail
from tests.notifications.conftest import at, in_threads


def test_a_sweep_sends_the_due_revisit_by_email_and_to_the_centre(revisit_due, sweep, mailoutbox):
    volunteer, household = revisit_due

    assert sweep("revisit_due", at(9)) == 1

    note = Notification.objects.get(recipient=volunteer)
    assert note.kind == "revisit_due" and household.address in note.title and note.read_at is None
    assert [mail.to for mail in mailoutbox] == [[volunteer.email]]
    html = mailoutbox[0].alternatives[0][0]
    assert "/profile/notifications/" in mailoutbox[0].body and "/profile/notifications/" in html
    assert Delivery.objects.get().emailed_at is not None


def test_running_the_sweep_twice_sends_one_message(revisit_due, sweep, mailoutbox):
    sweep("revisit_due", at(9))
    assert sweep("revisit_due", at(10)) == 0  # already in the ledger: not even enqueued

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_second_task_for_the_same_message_sends_nothing(revisit_due, mailoutbox):
    volunteer, household = revisit_due
    key = ("revisit_due", volunteer.pk, household.pk, household.next_visit_on.isoformat())

    assert services.deliver(*key, attempt_id="task-1") == "sent"
    assert services.deliver(*key, attempt_id="task-2") == "duplicate"
    assert services.deliver(*key, attempt_id="task-1") == "already sent"  # a redelivery after a crash

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_retried_task_sends_the_email_once_after_the_mail_server_failed(revisit_due, sweep, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.notifications.flaky_mail.FlakyEmailBackend"
    flaky_mail.FAILURES_LEFT["count"] = 1

    sweep("revisit_due", at(9))

    assert flaky_mail.FAILURES_LEFT["count"] == 0  # the first attempt did fail
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1
    assert Delivery.objects.get().emailed_at is not None


def test_nothing_is_sent_when_nothing_is_due(db, sweep, mailoutbox):
    from tests.visits.factories import HouseholdFactory

    HouseholdFactory(next_visit_on=None)

    assert sweep("revisit_due", at(9)) == 0
    assert sweep("assigned_not_visited", at(9)) == 0
    assert sweep("vessels_returning", at(9)) == 0
    assert not Notification.objects.exists() and mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_two_tasks_racing_for_one_message_send_it_once(revisit_due, mailoutbox):
    volunteer, household = revisit_due
    barrier = threading.Barrier(2)

    def deliver(index):
        barrier.wait()
        return services.deliver(
            "revisit_due", volunteer.pk, household.pk, household.next_visit_on.isoformat(), attempt_id=f"task-{index}"
        )

    assert sorted(in_threads(deliver)) == ["duplicate", "sent"]
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_one_message(revisit_due, eager_celery, mailoutbox):
    barrier = threading.Barrier(2)

    def sweep(_index):
        barrier.wait()
        return services.sweep("revisit_due", now=at(9))

    in_threads(sweep)

    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 1
    assert len(mailoutbox) == 1
