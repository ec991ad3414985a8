"""Periodic tasks for django-celery-beat's DatabaseScheduler, declared per app, ensured after migrate.

Each app lists what it needs in `<app>/schedules.py` as `SCHEDULES = [Schedule(...), ...]`, each
with a comment saying why. One post_migrate receiver (connected in core.apps) gathers every app's
list and creates only what is missing, looked up by name: an administrator's later change (another
interval, disabling it) stands, and a test database flush gets its schedules back.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from .heartbeat import INTERVAL_SECONDS


@dataclass(frozen=True)
class Schedule:
    """A beat entry: run `task` (its dotted name) every `every`, or at a crontab (minute, hour, ...)."""

    name: str
    task: str
    every: timedelta | None = None
    crontab: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.every is None) == (not self.crontab):
            raise ValueError(f"Schedule {self.name!r}: give exactly one of every= or crontab=.")


SCHEDULES = [
    # /healthz reports the workers down when this is older than two intervals (core.heartbeat).
    Schedule("core: worker heartbeat", "core.tasks.record_worker_heartbeat", every=timedelta(seconds=INTERVAL_SECONDS)),
    # A previewed file never confirmed may hold names and phone numbers: gone within an hour of expiry.
    Schedule("core: delete expired pending uploads", "core.tasks.delete_expired_uploads", every=timedelta(hours=1)),
    # Tasks queued while the broker (Redis) was down wait in the outbox: sent within a minute of its return.
    Schedule("core: send tasks left in the outbox", "core.outbox.drain_outbox", every=timedelta(minutes=1)),
]

_PERIODS = [(86400, IntervalSchedule.DAYS), (3600, IntervalSchedule.HOURS), (60, IntervalSchedule.MINUTES)]


def _interval(every: timedelta) -> IntervalSchedule:
    seconds = int(every.total_seconds())
    unit, period = next(((size, name) for size, name in _PERIODS if seconds % size == 0), (1, IntervalSchedule.SECONDS))
    interval, _created = IntervalSchedule.objects.get_or_create(every=seconds // unit, period=period)
    return interval


# A crontab's fields; one a schedule leaves out means "every" ('*'), as in a crontab line.
CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


def _crontab(fields: dict[str, str]) -> CrontabSchedule:
    """The CrontabSchedule of exactly these fields, every omitted one '*' and the beat's time zone: looked
    up by the given fields alone, "07:00" would reuse the row of "07:00 on Mondays" and run weekly."""
    unknown = set(fields) - set(CRONTAB_FIELDS)
    if unknown:
        raise ValueError(f"unknown crontab fields: {sorted(unknown)}")
    lookup = {name: fields.get(name, "*") for name in CRONTAB_FIELDS}
    lookup["timezone"] = CrontabSchedule._meta.get_field("timezone").get_default()
    # filter().first(): an administrator may have made the same crontab twice; either row will do.
    return CrontabSchedule.objects.filter(**lookup).order_by("pk").first() or CrontabSchedule.objects.create(**lookup)


def declared_schedules() -> list[Schedule]:
    """Every installed app's SCHEDULES, in INSTALLED_APPS order."""
    found: list[Schedule] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "schedules"):
            found.extend(getattr(import_module(f"{config.name}.schedules"), "SCHEDULES", []))
    return found


def ensure_schedules(schedules: list[Schedule] | None = None, **_signal_kwargs) -> list[PeriodicTask]:
    """Create the PeriodicTask of each schedule (default: all declared) that has none yet; returns those."""
    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    created = []
    for schedule in declared_schedules() if schedules is None else schedules:
        if schedule.name in existing:
            continue
        when = (
            {"interval": _interval(schedule.every)}
            if schedule.every is not None
            else {"crontab": _crontab(schedule.crontab)}
        )
        created.append(PeriodicTask.objects.create(name=schedule.name, task=schedule.task, **when))
        existing.add(schedule.name)
    return created
