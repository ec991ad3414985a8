from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def flush_scan_counters() -> int:
    """Scheduled every 5 minutes by scans.schedules."""
    return services.flush_scan_counters()
