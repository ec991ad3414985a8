"""Quiet hours: non-urgent messages found at night wait until morning."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def _bounds() -> tuple[time, time]:
    start, end = settings.NOTIFICATIONS_QUIET_HOURS
    return time.fromisoformat(start), time.fromisoformat(end)


def longest_hold() -> timedelta:
    """How long a message can be held: the length of the quiet period."""
    start, end = _bounds()
    day = datetime(2000, 1, 1)
    length = datetime.combine(day, end) - datetime.combine(day, start)
    return length if length > timedelta(0) else length + timedelta(days=1)


def hold_seconds(now: datetime, *, urgent: bool) -> int:
    """Seconds to wait before sending a message found at `now` (0 outside quiet hours or when urgent)."""
    start, end = _bounds()
    if urgent or start == end:
        return 0
    local = now.astimezone(ZoneInfo(settings.NOTIFICATIONS_TIME_ZONE))
    clock = local.time()
    quiet = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return 0
    morning = datetime.combine(local.date(), end, tzinfo=local.tzinfo)
    if morning <= local:
        morning = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=local.tzinfo)
    return int((morning - local).total_seconds())
