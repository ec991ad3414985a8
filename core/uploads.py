"""Files waiting between a preview and its confirm: kept once, claimed at most once.

A double tap on "confirm" sends two requests; the row lock makes the second wait for the first and
then find the row gone, so the file is imported once. Keeping a new file for the same owner and
purpose replaces the older one, so an older preview in another tab can no longer be confirmed.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import PendingUpload

DEFAULT_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class ClaimedUpload:
    original_name: str
    content: bytes
    context: dict[str, Any]


def keep(
    owner: AbstractBaseUser,
    purpose: str,
    original_name: str,
    content: bytes,
    *,
    context: dict[str, Any] | None = None,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> PendingUpload:
    """Store the file until its confirm (or expiry), replacing the owner's earlier one for this purpose."""
    with transaction.atomic():
        discard(owner, purpose)
        return PendingUpload.objects.create(
            owner=owner,
            purpose=purpose,
            original_name=original_name[:255],
            content=content,
            context=context or {},
            expires_at=timezone.now() + lifetime,
        )


def discard(owner: AbstractBaseUser, purpose: str) -> None:
    """Forget the owner's waiting file for this purpose (a newer upload that cannot be imported replaces it)."""
    PendingUpload.objects.filter(owner=owner, purpose=purpose).delete()


def claim(pk: object, owner: AbstractBaseUser, purpose: str) -> ClaimedUpload | None:
    """The file, once: locked and deleted in the caller's transaction; None when gone, expired or not theirs.

    Called inside the transaction that uses the content, so a failure there puts the file back.
    """
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:  # a token from a form: anything may arrive
        return None
    with transaction.atomic():
        upload = (
            PendingUpload.objects.select_for_update()
            .filter(pk=pk, owner=owner, purpose=purpose, expires_at__gt=timezone.now())
            .first()
        )
        if upload is None:
            return None
        upload.delete()
    return ClaimedUpload(upload.original_name, bytes(upload.content), upload.context)


def delete_expired(now=None) -> int:
    deleted, _per_model = PendingUpload.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
