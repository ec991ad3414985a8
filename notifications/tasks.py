"""Celery tasks: one sweep task per kind (beat runs them, notifications.schedules) and one delivery task."""

import smtplib
from datetime import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import services
from .kinds import all_kinds

# Errors worth retrying: the mail server, the network, the database connection, the broker.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, OperationalError, InterfaceError, BrokerError)
RETRY_BACKOFF_MAX = 900
MAX_RETRIES = 6


@shared_task(
    name="notifications.deliver",
    bind=True,
    # Acknowledged only when done: a worker killed mid-task leaves the message to be redelivered, and
    # the ledger makes the redelivery send nothing twice. The broker's visibility_timeout (settings)
    # is longer than any countdown, so a held message is not redelivered while it waits.
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    ignore_result=True,
)
def deliver_task(
    self, kind_code: str, recipient_id: int, object_id: int, occurrence: str, send_after: str | None = None
) -> str:
    if send_after is not None:
        morning = datetime.fromisoformat(send_after)
        if timezone.now() < morning:
            # Quiet hours: wait on the broker (an ETA within the visibility timeout) until the morning.
            self.apply_async(args=(kind_code, recipient_id, object_id, occurrence), eta=morning)
            return "held until " + send_after
    return services.deliver(kind_code, recipient_id, object_id, occurrence, attempt_id=self.request.id)


def _sweep_task(code: str):
    @shared_task(name=f"notifications.sweep.{code}", ignore_result=True)
    def sweep() -> int:
        return services.sweep(code)

    return sweep


# notifications.sweep.<kind code>: one task per kind, so each has its own beat entry.
SWEEP_TASKS = {kind.code: _sweep_task(kind.code) for kind in all_kinds() if kind.sweep_crontab is not None}
