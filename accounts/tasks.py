from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Scheduled by accounts.schedules: expired sessions are otherwise kept in the database for ever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
