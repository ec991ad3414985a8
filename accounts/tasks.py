from importlib import import_module

from celery import shared_task
from django.conf import settings

from .throttle import delete_expired_failures


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Scheduled by accounts.schedules. Expired sessions are otherwise kept for ever, and a session can
    hold personal data (a household import waiting for its confirm holds names and phone numbers)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    # Failed logins outside their window count for nothing: removed on the same schedule.
    delete_expired_failures()
