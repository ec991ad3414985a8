"""The indicator contract: how an app offers its counts to the coverage dashboard without coverage
importing it by name (core imports no app either).

An app's AppConfig may define `indicator_sources()` returning IndicatorSource objects. Each source
names its indicators and answers `counts(period, units) -> {unit_id: {indicator_code: value}}`: for
every unit asked (any level of the unit tree), the total over that unit's subtree within the period.
A source whose counts are sums over communes can build that answer with `sum_by_subtree`; one whose
counts are distinct people (training) groups and de-duplicates as it needs to.
"""

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, Protocol

from django.apps import apps
from django.db.models import Q
from django.utils import timezone


class Period(NamedTuple):
    """First and last day, both inclusive; a pair and an object with .start/.end alike.
    `None` instead of a Period means all time."""

    start: date
    end: date


class Kind:
    SNAPSHOT = "snapshot"  # the state now (households registered, products listed); not period-bound
    EVENT = "event"  # things that happened on a day (visits, scans); summed over the period


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any  # a lazy translation
    kind: str = Kind.EVENT
    breakdown: bool = False  # a part of another indicator (by role, by channel): shown folded away
    # False for what others did to the unit (documents sent to it): it does not make the unit active.
    activity: bool = True


Counts = dict[int, dict[str, int]]


class IndicatorSource(Protocol):
    indicators: Sequence[Indicator]

    def counts(self, period: Period | None, units: Sequence[Any]) -> Counts: ...


@dataclass(frozen=True)
class FunctionSource:
    """A source made of an indicator list and a module-level counts function (e.g. training.indicators)."""

    indicators: Sequence[Indicator]
    counts: Callable[[Period | None, Sequence[Any]], Counts]


def sources() -> list[IndicatorSource]:
    """Every installed app's sources, in INSTALLED_APPS order."""
    found: list[IndicatorSource] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "indicator_sources", None)
        if provider:
            found.extend(provider())
    return found


def all_indicators() -> list[Indicator]:
    return [indicator for source in sources() for indicator in source.indicators]


def gather(period: Period | None, units: Sequence[Any], kind: str | None = None) -> Counts:
    """All sources' counts merged: {unit_id: {code: value}}, every indicator present (0 when missing).
    With `kind`, only sources offering indicators of that kind are asked, for those indicators."""
    merged: Counts = {unit.pk: {} for unit in units}
    for source in sources():
        codes = [indicator.code for indicator in source.indicators if kind is None or indicator.kind == kind]
        if not codes:
            continue
        answer = source.counts(period, units) if units else {}
        for unit in units:
            values = answer.get(unit.pk, {})
            merged[unit.pk].update({code: values.get(code, 0) or 0 for code in codes})
    return merged


def sum_by_subtree(rows_by_path: Iterable[tuple[str, Mapping[str, int]]], units: Sequence[Any]) -> Counts:
    """Rows keyed by a leaf unit's materialised path ("36/356/13696/"), summed into each asked unit
    whose path prefixes it: each row is added once to every ancestor prefix, then units look theirs up."""
    by_prefix: dict[str, dict[str, int]] = {}
    for path, values in rows_by_path:
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            totals = by_prefix.setdefault("/".join(parts[:depth]) + "/", {})
            for code, value in values.items():
                totals[code] = totals.get(code, 0) + (value or 0)
    return {unit.pk: dict(by_prefix.get(unit.path, {})) for unit in units}


def period_bounds(period) -> tuple[date | None, date | None]:
    """(first day, last day) of a Period, a (start, end) pair or None (all time: no bounds)."""
    if period is None:
        return None, None
    return (period.start, period.end) if hasattr(period, "start") else tuple(period)


def day_in_period(period, field: str = "day") -> Q:
    start, end = period_bounds(period)
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q


def moment_in_period(period, field: str) -> Q:
    """A timestamp `field` on one of the period's local days (settings.TIME_ZONE)."""
    start, end = period_bounds(period)
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": timezone.make_aware(datetime.combine(start, time.min))})
    if end:
        q &= Q(**{f"{field}__lt": timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))})
    return q


def in_any_subtree(units: Sequence[Any], field: str) -> Q:
    """Rows whose unit foreign key `field` lies under the units' common ancestor: one indexed path
    prefix match instead of one per unit (226 communes). It may hold rows of units not asked for;
    sum_by_subtree reports only the units asked, so those rows cost a little reading, nothing more."""
    paths = [unit.path for unit in units]
    if not paths:
        return Q(pk__in=[])
    common = os.path.commonprefix(paths)
    common = common[: common.rfind("/") + 1]  # whole path segments: "36/35" is not a prefix of "36/356/"
    return Q(**{f"{field}__path__startswith": common})
