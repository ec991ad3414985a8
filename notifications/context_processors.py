from django.utils.functional import SimpleLazyObject

from . import selectors


def unread_notifications(request) -> dict:
    """The bell's count: one indexed COUNT, run only when a page shows the bell (logged-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
