from celery import shared_task

from .retention import apply_retention


@shared_task(ignore_result=True)
def apply_retention_periods() -> None:
    """Scheduled nightly by privacy.schedules."""
    apply_retention()
