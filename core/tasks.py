"""Enqueueing after commit, and the core's own periodic task (the worker heartbeat)."""

from typing import Any

from celery import Task, shared_task
from django.db import transaction

from . import uploads
from .heartbeat import heartbeat


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Send task.delay(*args, **kwargs) once the current transaction commits (at once outside one).

    A worker that picks the task up before the commit would not see the rows it is about to work on,
    and a rolled-back request must not leave a task behind. Pass ids, not model instances.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


@shared_task(ignore_result=True)
def record_worker_heartbeat() -> None:
    """Scheduled by core.schedules every heartbeat interval; /healthz reads what it writes."""
    heartbeat.record()


@shared_task(ignore_result=True)
def delete_expired_uploads() -> int:
    """Scheduled hourly by core.schedules: a file never confirmed may hold names and phone numbers."""
    return uploads.delete_expired()
