"""Reads: the bell's count and the centre's list."""

from django.db.models import QuerySet

from accounts.models import User

from .models import Notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).only(
        "pk", "kind", "title", "body", "url", "urgent", "created_at", "read_at"
    )
