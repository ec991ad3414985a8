"""Beat moves the scan counters from Redis into ScanDay every 5 minutes."""

from functools import partial

from django_celery_beat.models import IntervalSchedule

from core.schedules import ensure_periodic_task

TASK_NAME = "scans: flush scan counters to ScanDay"
TASK = "scans.tasks.flush_scan_counters"

ensure_flush_schedule = partial(ensure_periodic_task, TASK_NAME, TASK, every=5, period=IntervalSchedule.MINUTES)
