"""Periodic tasks for django-celery-beat's DatabaseScheduler, ensured after every migrate.

Each app connects `ensure_periodic_task` (through functools.partial) to post_migrate; it only
creates what is missing, so an administrator's later change (another interval, disabling it)
stands, and a test database flush gets its schedule back.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask


def ensure_periodic_task(name: str, task: str, every: int, period: str, **_signal_kwargs) -> PeriodicTask:
    existing = PeriodicTask.objects.filter(name=name).first()
    if existing is not None:
        return existing
    interval, _created = IntervalSchedule.objects.get_or_create(every=every, period=period)
    return PeriodicTask.objects.create(name=name, task=task, interval=interval)
