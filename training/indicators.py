"""The indicator contract the coverage app reads: counts(period, units) -> {unit_id: {indicator: value}}.

People who completed training in each unit's subtree, by source (portal, in person, national
platform) and role (official, volunteer, citizen). Three queries whatever the number of units:
each source is grouped by commune once, then rolled up to the units asked for by their path.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Concat
from django.utils import timezone

from units.models import AdministrativeUnit, in_subtree

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


def _grouped(queryset: QuerySet, units: list[AdministrativeUnit], person: str) -> list[dict]:
    scope = reduce(or_, (in_subtree(u, "unit") for u in units))
    return list(
        queryset.filter(scope).values("unit__path", "role").annotate(people=Count(person, distinct=True)).order_by()
    )


def counts(period: Period, units: Iterable[AdministrativeUnit]) -> dict[int, dict[str, int]]:
    units = list(units)
    result = {unit.pk: dict.fromkeys(INDICATORS, 0) for unit in units}
    if not units:
        return result
    rows = {
        "portal": _grouped(
            Enrolment.objects.filter(
                Q(completed_at__isnull=False) & _in_period("completed_at", period, is_datetime=True)
            ),
            units,
            "user_id",
        ),
        "in_person": _grouped(
            Attendance.objects.filter(_in_period("session__held_on", period)).annotate(
                person=Concat("full_name", "unit_id")
            ),
            units,
            "person",
        ),
        "national": _grouped(
            NationalCompletion.objects.filter(
                Q(confirmed_at__isnull=False) & _in_period("completed_on", period)
            ).annotate(person=Concat("full_name", "unit_id")),
            units,
            "person",
        ),
    }
    by_path: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for source, source_rows in rows.items():
        for row in source_rows:
            by_path[row["unit__path"]][f"trained_{source}_{row['role']}"] += row["people"]
    for unit in units:
        values = result[unit.pk]
        for path, found in by_path.items():
            if path.startswith(unit.path):
                for key, value in found.items():
                    values[key] += value
        for source in SOURCES:
            values[f"trained_{source}"] = sum(values[f"trained_{source}_{role}"] for role in ROLES)
        values["trained_total"] = sum(values[f"trained_{source}"] for source in SOURCES)
    return result
