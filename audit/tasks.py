from celery import shared_task

from .services import purge_expired


@shared_task(ignore_result=True)
def purge_audit_log() -> int:
    """Scheduled daily by audit.schedules."""
    return purge_expired()
