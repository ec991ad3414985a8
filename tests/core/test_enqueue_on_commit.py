"""enqueue_on_commit: a task is sent only once its transaction commits, and never after a rollback."""

import pytest
from celery import shared_task
from django.db import transaction

from core.tasks import enqueue_on_commit

SENT: list[tuple] = []


@shared_task
def remember(*args, **kwargs) -> None:
    SENT.append((args, kwargs))


@pytest.fixture(autouse=True)
def eager():
    # The outbox sends through celery's current app; an earlier test that started a worker may have
    # left another app current, so eager mode is set on both.
    from celery import current_app

    from outreach.celery import app

    SENT.clear()
    apps = {id(a): a for a in (app, current_app._get_current_object())}.values()
    for each in apps:
        each.conf.task_always_eager = True
    yield
    for each in apps:
        each.conf.task_always_eager = False


@pytest.mark.django_db(transaction=True)
def test_the_task_is_sent_after_commit_with_its_arguments():
    with transaction.atomic():
        enqueue_on_commit(remember, 7, kind="reminder")
        assert SENT == []
    assert SENT == [((7,), {"kind": "reminder"})]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(remember, 7)
        raise RuntimeError
    assert SENT == []
