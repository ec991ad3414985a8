"""Writes: sweeping a kind, delivering one message exactly once, reading and settings."""

import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from core.ledger import claim
from core.tasks import enqueue_on_commit

from . import channels, quiet_hours
from .kinds import Due, Kind, get_kind
from .models import Delivery, Notification, NotificationSettings

SWEEP_BATCH = 500


def _batches(items: Iterable[Due], size: int) -> Iterator[list[Due]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _already_delivered(kind: Kind, batch: list[Due]) -> set[tuple[int, int, str]]:
    rows = Delivery.objects.filter(
        kind=kind.code,
        recipient_id__in={due.recipient_id for due in batch},
        object_id__in={due.object_id for due in batch},
        occurrence__in={due.occurrence for due in batch},
    ).values_list("recipient_id", "object_id", "occurrence")
    return set(rows)


def _kind(kind_code: str) -> Kind:
    kind = get_kind(kind_code)
    if kind is None:
        raise ValueError(f"unknown notification kind {kind_code!r}")
    return kind


def _enqueue(kind: Kind, dues: Iterable[Due], now: datetime) -> int:
    """One delivery task per message not yet in the ledger, through the outbox after commit.

    Found in quiet hours, a non-urgent message carries the time it may go (`send_after`, absolute:
    an outbox row sent late still waits for the right morning); the task holds itself until then.
    """
    from .tasks import deliver_task

    held = quiet_hours.hold_seconds(now, urgent=kind.urgent)
    send_after = (now + timedelta(seconds=held)).isoformat() if held else None
    enqueued = 0
    for batch in _batches(dues, SWEEP_BATCH):
        done = _already_delivered(kind, batch)
        with transaction.atomic():
            for due in batch:
                if (due.recipient_id, due.object_id, due.occurrence) in done:
                    continue
                enqueue_on_commit(
                    deliver_task, kind.code, due.recipient_id, due.object_id, due.occurrence, send_after=send_after
                )
                enqueued += 1
    return enqueued


def sweep(kind_code: str, *, now: datetime | None = None) -> int:
    """Enqueue one delivery task per message the kind owes now, in batches; returns how many.

    Messages already in the ledger are skipped here to spare the queue; the claim in `deliver` is
    what makes a second sweep, a second beat or an overlapping run harmless. Non-urgent kinds
    found during quiet hours are held (countdown) until the morning.
    """
    now = now or timezone.now()
    kind = _kind(kind_code)
    return _enqueue(kind, kind.due(now), now)


def announce(kind_code: str, object_id: int, occurrence: str, *, now: datetime | None = None) -> int:
    """An event happened (an activity moved, a bulletin was raised): enqueue its messages at once.

    For apps that cannot import this one: they send a Signal, and the kind's module connects a
    receiver that calls this. The same ledger key as a sweep's, so the two never both send.
    """
    kind = _kind(kind_code)
    return _enqueue(kind, kind.due_for(object_id, occurrence), now or timezone.now())


def settings_of(user: User) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def wants(kind: Kind, user: User, preferences: NotificationSettings) -> bool:
    """Urgent kinds always; otherwise the user's own choice, else the kind's default for them."""
    if kind.urgent:
        return True
    if kind.code in preferences.muted_kinds:
        return False
    return kind.code in preferences.subscribed_kinds or kind.on_by_default(user)


def deliver(
    kind_code: str,
    recipient_id: int,
    object_id: int,
    occurrence: str,
    *,
    attempt_id: str | None = None,
    now: datetime | None = None,
    external: bool = True,
) -> str:
    """Send one message: re-check, claim the ledger row, write the in-app notification, then e-mail/text.

    attempt_id is the task id: a retry or a redelivery of the task that claimed the row finishes the
    channels not yet recorded; any other attempt stops at the claim. Returns what happened.
    """
    kind = get_kind(kind_code)
    if kind is None:
        return "unknown kind"
    now = now or timezone.now()
    attempt_id = attempt_id or uuid.uuid4().hex
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is None:
        return "inactive recipient"
    preferences = settings_of(recipient)
    if not wants(kind, recipient, preferences):
        return "opted out"
    if not kind.still_due(recipient, object_id, occurrence, now):
        return "no longer due"
    key = {"recipient": recipient, "kind": kind.code, "object_id": object_id, "occurrence": occurrence}
    with translation.override(preferences.language):
        message = kind.message(recipient, object_id, occurrence)
        with transaction.atomic():
            claimed_now = claim(Delivery, **key, task_id=attempt_id)
            if claimed_now:
                delivery = Delivery.objects.get(**key)
                Notification.objects.create(
                    recipient=recipient,
                    delivery=delivery,
                    kind=kind.code,
                    title=message.title[:200],
                    body="\n".join(message.lines),
                    url=message.url,
                    urgent=kind.urgent,
                )
            else:
                delivery = Delivery.objects.get(**key)
                if delivery.task_id != attempt_id:
                    return "duplicate"
        if not external:
            return "sent"
        sent = False
        if kind.email and recipient.email:
            sent |= _send_once(delivery, "emailed_at", lambda: channels.send_email(recipient, message))
        if kind.sms and recipient.phone:
            sent |= _send_once(delivery, "texted_at", lambda: channels.send_text(recipient, message))
    return "sent" if sent or claimed_now else "already sent"


def _send_once(delivery: Delivery, sent_field: str, send) -> bool:
    """Mark the channel sent, then send; a failure unmarks it so the task's retry sends again.

    Marking first means a worker killed mid-send leaves the channel marked: the redelivered task
    skips it. A lost e-mail (its in-app notification exists) is better than a second one.
    """
    rows = Delivery.objects.filter(pk=delivery.pk, **{sent_field: None})
    if not rows.update(**{sent_field: timezone.now()}):
        return False
    try:
        send()
    except Exception:
        Delivery.objects.filter(pk=delivery.pk).update(**{sent_field: None})
        raise
    return True


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def save_settings(
    user: User, *, language: str, muted_kinds: list[str], subscribed_kinds: list[str] | None = None
) -> NotificationSettings:
    preferences, _created = NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "language": language,
            "muted_kinds": sorted(set(muted_kinds)),
            "subscribed_kinds": sorted(set(subscribed_kinds or [])),
        },
    )
    return preferences
