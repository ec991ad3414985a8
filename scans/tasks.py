from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def flush_scan_counters() -> int:
    """Scheduled every 5 minutes by django-celery-beat (migration 0002)."""
    return services.flush_scan_counters()
