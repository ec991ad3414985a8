from celery import shared_task

from . import active_rollups


@shared_task(ignore_result=True)
def refresh_volunteer_activity() -> int:
    """Scheduled every minute by visits.schedules."""
    return active_rollups.refresh_all()
