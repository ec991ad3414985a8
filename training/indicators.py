"""The indicator contract the coverage app reads: counts(period, units) -> {unit_id: {indicator: value}}.

People who completed training in each unit's subtree, by source (portal, in person, national
platform) and role (official, volunteer, citizen). Three grouped querysets whatever the number of units
(each source grouped by unit once, then rolled up to the units asked for by their path), which the
dashboard runs in one statement with the other sources' (core.indicators.QuerySource).
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count, Func, JSONField, Min, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from core.indicators import KEY, VALUES, Indicator, Kind, QuerySource, in_any_subtree
from units.models import AdministrativeUnit

from .models import Attendance, Enrolment, NationalCompletion, PersonRole

SOURCES = ("portal", "in_person", "national")
ROLES = tuple(PersonRole.values)
INDICATORS = (
    [f"trained_{source}_{role}" for source in SOURCES for role in ROLES]
    + [f"trained_{source}" for source in SOURCES]
    + ["trained_total"]
)

Period = tuple[date, date] | None  # inclusive first and last day; None: all time


def _bounds(period) -> tuple[date | None, date | None]:
    if period is None:
        return None, None
    start, end = (period.start, period.end) if hasattr(period, "start") else period
    return start, end


def _in_period(field: str, period, *, is_datetime: bool = False) -> Q:
    start, end = _bounds(period)
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": timezone.make_aware(datetime.combine(start, time())) if is_datetime else start})
    if end:
        if is_datetime:
            q &= Q(**{f"{field}__lt": timezone.make_aware(datetime.combine(end, time.max))})
        else:
            q &= Q(**{f"{field}__lte": end})
    return q


def _per_role(queryset: QuerySet, source: str, person: str) -> QuerySet:
    """Rows (unit path, {trained_<source>_<role>, trained_<source>, trained_total: people}) grouped by unit
    and role — the order of the enrolment index, so distinct people are counted without a sort — each
    group's path taken once per group (summed per path by the dashboard, so the totals add up)."""
    people = Count(person, distinct=True)
    values = Func(
        Min(Concat(Value(f"trained_{source}_"), "role")),  # one role per group; an aggregate, so not grouped by
        people,
        Value(f"trained_{source}"),
        people,
        Value("trained_total"),
        people,
        function="JSONB_BUILD_OBJECT",
        output_field=JSONField(),
    )
    return (
        queryset.values("unit_id", "role")
        .annotate(**{KEY: Min("unit__path"), VALUES: values})  # one unit per group: its path
        .values_list(KEY, VALUES)
        .order_by()
    )


class TrainingSource(QuerySource):
    """People trained, as querysets the dashboard runs in one statement with the other sources'."""

    def __init__(self, indicators: list[Indicator] | None = None):
        self.indicators = indicators or [Indicator(code, code, Kind.EVENT) for code in INDICATORS]

    def count_queries(self, period, units, kind: str | None = None) -> list[QuerySet]:
        if kind not in (None, Kind.EVENT):
            return []
        scope = in_any_subtree(units, "unit")
        portal = Enrolment.objects.filter(
            scope & Q(completed_at__isnull=False) & _in_period("completed_at", period, is_datetime=True)
        )
        in_person = Attendance.objects.filter(scope & _in_period("session__held_on", period))
        national = NationalCompletion.objects.filter(
            scope & Q(confirmed_at__isnull=False) & _in_period("completed_on", period)
        )
        person = Concat("full_name", "unit_id")
        return [
            _per_role(portal, "portal", "user_id"),
            _per_role(in_person.annotate(person=person), "in_person", "person"),
            _per_role(national.annotate(person=person), "national", "person"),
        ]


def counts(period: Period, units: Iterable[AdministrativeUnit]) -> dict[int, dict[str, int]]:
    """{unit id: {indicator: people}} for every indicator of INDICATORS (0 when none)."""
    return TrainingSource().counts(period, list(units))
