"""Beat runs accounts.tasks.clear_expired_sessions every 6 hours (django-celery-beat's DatabaseScheduler).

Ensured after every migrate by a post_migrate receiver, like the scan-counter flush; it only creates
what is missing, so an administrator's later change (e.g. another interval) stands.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask

TASK_NAME = "accounts: delete expired sessions"
TASK = "accounts.tasks.clear_expired_sessions"


def ensure_session_cleanup_schedule(**kwargs) -> None:
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_6_hours = IntervalSchedule.objects.filter(every=6, period=IntervalSchedule.HOURS).first()
    if every_6_hours is None:
        every_6_hours = IntervalSchedule.objects.create(every=6, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(name=TASK_NAME, task=TASK, interval=every_6_hours)
