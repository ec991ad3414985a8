"""Beat runs scans.tasks.flush_scan_counters every 5 minutes (django-celery-beat's DatabaseScheduler).

Ensured after every migrate (and after a test flush) by a post_migrate receiver; it only creates
what is missing, so an administrator's later change (e.g. disabling it) stands.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask

TASK_NAME = "scans: flush scan counters to ScanDay"
TASK = "scans.tasks.flush_scan_counters"


def ensure_flush_schedule(**kwargs) -> None:
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_5_minutes = IntervalSchedule.objects.filter(every=5, period=IntervalSchedule.MINUTES).first()
    if every_5_minutes is None:
        every_5_minutes = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name=TASK_NAME, task=TASK, interval=every_5_minutes)
