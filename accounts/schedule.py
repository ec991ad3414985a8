"""Beat deletes expired sessions every 6 hours: a session may hold a pending import's names and phones."""

from functools import partial

from django_celery_beat.models import IntervalSchedule

from core.schedules import ensure_periodic_task

TASK_NAME = "accounts: delete expired sessions"
TASK = "accounts.tasks.clear_expired_sessions"

ensure_session_cleanup_schedule = partial(ensure_periodic_task, TASK_NAME, TASK, every=6, period=IntervalSchedule.HOURS)
