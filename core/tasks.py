"""Enqueueing after commit, and the core's own periodic task (the worker heartbeat)."""

from celery import shared_task

from . import uploads
from .heartbeat import heartbeat
from .outbox import enqueue_on_commit

# Queueing goes through the transactional outbox (core/outbox.py): a task queued while the broker is
# down is kept in PostgreSQL and sent when it returns.
__all__ = ["delete_expired_uploads", "enqueue_on_commit", "record_worker_heartbeat"]


@shared_task(ignore_result=True)
def record_worker_heartbeat() -> None:
    """Scheduled by core.schedules every heartbeat interval; /healthz reads what it writes."""
    heartbeat.record()


@shared_task(ignore_result=True)
def delete_expired_uploads() -> int:
    """Scheduled hourly by core.schedules: a file never confirmed may hold names and phone numbers."""
    return uploads.delete_expired()
