from datetime import timedelta

from django.conf import settings
from django.core.checks import Error, register

from . import quiet_hours
from .tasks import MAX_RETRIES, RETRY_BACKOFF_MAX


@register()
def visibility_timeout_outlasts_holds(app_configs, **kwargs) -> list[Error]:
    """Redis redelivers an unacknowledged message after visibility_timeout, even one still waiting for
    its countdown: it must be longer than quiet hours plus every retry's backoff, or a held reminder
    would run twice (the ledger would still stop the second send, but not the wasted work)."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    needed = quiet_hours.longest_hold() + timedelta(seconds=RETRY_BACKOFF_MAX * MAX_RETRIES)
    if timedelta(seconds=timeout) <= needed:
        return [
            Error(
                f"CELERY_VISIBILITY_TIMEOUT={timeout} s is not longer than the longest hold ({needed}).",
                hint="Raise CELERY_VISIBILITY_TIMEOUT or shorten NOTIFICATIONS_QUIET_HOURS.",
                id="notifications.E001",
            )
        ]
    return []
