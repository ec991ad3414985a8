"""A transactional outbox: work queued while the broker (Redis) is down is sent when it returns.

enqueue_on_commit() writes an Outbox row in the caller's transaction, so the task exists exactly when
the data it works on does. After the commit it tries the broker at once and deletes the row when the
broker took the task; when the broker is away the row stays, and drain() sends it later: beat runs it
every minute and every worker runs it when it starts. A task may then be sent twice (sent, but the
row's delete failed), never lost: tasks claim a ledger row before any outside effect.
"""

import logging
import time
from typing import Any

from celery import Task, current_app, shared_task
from celery.signals import worker_ready
from django.db import models, transaction
from kombu.exceptions import OperationalError
from redis import RedisError

logger = logging.getLogger(__name__)

DRAIN_BATCH = 500
# After the broker refused a task, requests stop trying it for this long (each try holds a request for
# about 2 s while Redis is down); their rows wait for drain(), which always tries.
BROKER_RETRY_AFTER_SECONDS = 10.0
_broker_down_until = 0.0
BROKER_ERRORS = (OperationalError, RedisError, OSError)


class Outbox(models.Model):
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "core"
        verbose_name_plural = "outbox"

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> Outbox:
    """Queue task(*args, **kwargs) with the current transaction (core.tasks.enqueue_on_commit).

    Sent only after the commit: a worker that picked it up before would not see the rows it is about
    to work on, and a rolled-back request leaves neither row nor task. Pass ids, not model instances.
    """
    row = Outbox.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _send_now([row.pk]))
    return row


def _send_now(ids: list[int]) -> None:
    if time.monotonic() >= _broker_down_until:
        _send_and_delete(ids)


def drain() -> int:
    """Send what is left in the outbox, oldest first; stops at the first broker failure. Returns how many."""
    sent = 0
    while True:
        ids = list(Outbox.objects.order_by("pk").values_list("pk", flat=True)[:DRAIN_BATCH])
        if not ids:
            return sent
        done = _send_and_delete(ids)
        sent += done
        if done < len(ids):
            return sent


def _send(row: Outbox) -> None:
    task = current_app.tasks.get(row.task_name)
    if task is None:  # registered only in the workers' process
        current_app.send_task(row.task_name, args=row.args, kwargs=row.kwargs, retry=False)
    else:  # through the task, so CELERY_TASK_ALWAYS_EAGER runs it here
        task.apply_async(args=row.args, kwargs=row.kwargs, retry=False)


def _send_and_delete(ids: list[int]) -> int:
    """Send these rows (locked, so two drains never send one row twice at once); returns how many went."""
    global _broker_down_until
    sent = 0
    with transaction.atomic():
        for row in Outbox.objects.select_for_update(skip_locked=True).filter(pk__in=ids).order_by("pk"):
            try:
                _send(row)
            except BROKER_ERRORS as exc:
                _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER_SECONDS
                Outbox.objects.filter(pk=row.pk).update(attempts=models.F("attempts") + 1)
                logger.warning("Broker unavailable (%s): %d task(s) kept in the outbox.", exc, len(ids) - sent)
                return sent
            row.delete()
            sent += 1
    return sent


@shared_task(ignore_result=True)
def drain_outbox() -> int:
    """Scheduled every minute (core.apps): sends what the broker could not take when it was queued."""
    return drain()


@worker_ready.connect(dispatch_uid="core_outbox_drain_on_worker_start")
def _drain_when_a_worker_starts(**_kwargs) -> None:
    drain_outbox.delay()
