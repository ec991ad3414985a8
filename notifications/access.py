from django.http import Http404

from accounts.models import User

from .models import Notification


def access_notification(user: User, pk: int, *, manage: bool = False) -> Notification:
    """The user's own notification (reading and marking it are the same right); else 404."""
    notification = Notification.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notification is None:
        raise Http404
    return notification
