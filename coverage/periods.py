"""The period selector: this week, this month, a date range or all time (?period=…&start=…&end=…)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from core.indicators import Period

CHOICES = [("week", _("This week")), ("month", _("This month")), ("range", _("Date range")), ("all", _("All time"))]
MAX_RANGE_DAYS = 3660


@dataclass(frozen=True)
class ChosenPeriod:
    key: str
    period: Period | None  # None: all time
    error: str = ""

    @property
    def query(self) -> dict[str, str]:
        params = {"period": self.key}
        if self.key == "range" and self.period:
            params |= {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        return params


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def chosen_period(params, today: date) -> ChosenPeriod:
    """Any input gives a period: an unreadable or reversed range says so and shows all time."""
    key = params.get("period", "all")
    if key == "week":
        return ChosenPeriod(key, Period(today - timedelta(days=today.weekday()), today))
    if key == "month":
        return ChosenPeriod(key, Period(today.replace(day=1), today))
    if key == "range":
        start, end = _day(params.get("start")), _day(params.get("end"))
        if start is None or end is None:
            return ChosenPeriod("all", None, str(_("Give both dates of the range (dd/mm/yyyy).")))
        if end < start or (end - start).days > MAX_RANGE_DAYS:
            return ChosenPeriod("all", None, str(_("The range must end after it starts and span at most ten years.")))
        return ChosenPeriod(key, Period(start, end))
    return ChosenPeriod("all", None)
