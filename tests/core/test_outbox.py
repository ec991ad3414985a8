"""Work queued while the broker (Redis) is down is kept in PostgreSQL and sent when it is back."""

import time

import pytest
from django.db import transaction

from core import outbox
from core.outbox import Outbox
from outreach.celery import app as celery_app
from products.tasks import forget_product_pages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(real_redis):
    """Celery sends to the test's own redis-server (real_redis), not eagerly; the test can stop it."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.update(task_always_eager=False)
    yield real_redis
    celery_app.conf.update(task_always_eager=eager)


def queued(server) -> int:
    import redis

    return redis.Redis.from_url(server.url).llen("celery")


def test_a_task_is_sent_after_commit_and_leaves_no_row(broker):
    with transaction.atomic():
        outbox.enqueue_on_commit(forget_product_pages, ["ABCD1234"])
        assert queued(broker) == 0  # not before the commit
    assert queued(broker) == 1
    assert not Outbox.objects.exists()


def test_a_rolled_back_transaction_sends_nothing(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_on_commit(forget_product_pages, ["ABCD1234"])
        raise RuntimeError
    assert queued(broker) == 0
    assert not Outbox.objects.exists()


def test_a_task_queued_while_the_broker_is_down_is_kept_and_sent_when_it_returns(broker):
    broker.stop()
    started = time.monotonic()
    with transaction.atomic():
        outbox.enqueue_on_commit(forget_product_pages, ["ABCD1234"])
    assert time.monotonic() - started < 10  # the request is not held for long
    row = Outbox.objects.get()
    assert (row.task_name, row.args, row.attempts) == ("products.tasks.forget_product_pages", [["ABCD1234"]], 1)
    started = time.monotonic()
    with transaction.atomic():
        outbox.enqueue_on_commit(forget_product_pages, ["EFGH5678"])
    assert time.monotonic() - started < 1  # the broker just failed: the next requests do not wait for it
    assert Outbox.objects.count() == 2
    assert outbox.drain() == 0  # still down: kept
    broker.start()
    assert outbox.drain() == 2
    assert queued(broker) == 2
    assert not Outbox.objects.exists()


def test_beat_drains_the_outbox_every_minute():
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    call_command("migrate", verbosity=0)  # the schedule is ensured after every migrate
    task = PeriodicTask.objects.get(task="core.outbox.drain_outbox")
    assert (task.interval.every, task.interval.period, task.enabled) == (1, "minutes", True)
