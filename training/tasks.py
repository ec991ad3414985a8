from celery import shared_task

from . import verification


@shared_task(ignore_result=True)
def flush_verification_counts() -> int:
    """Scheduled every 5 minutes by training.schedules."""
    return verification.flush_counts()
