"""The indicator contract: how an app offers its counts to the coverage dashboard without coverage
importing it by name (core imports no app either).

An app's AppConfig may define `indicator_sources()` returning IndicatorSource objects. Each source
names its indicators and answers `counts(period, units) -> {unit_id: {indicator_code: value}}`: for
every unit asked (any level of the unit tree), the total over that unit's subtree within the period.
A source whose counts are sums over communes can build that answer with `sum_by_subtree`; one whose
counts are distinct people (training) groups and de-duplicates as it needs to.

A QuerySource answers with querysets instead, which `ask` runs together with every other QuerySource's
in one statement: the dashboard's query count does not grow with the number of sources.
"""

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, Protocol

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import JSONObject
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
    return ask({"counts": Question(period, units, kind)})["counts"]


# ---------------------------------------------------------------- query sources: one statement per page


class Question(NamedTuple):
    """One question to every source: the counts of `units` over `period` (only `kind` indicators when
    given), or with `weekly`, the series per week (Monday) of the one unit in `units`."""

    period: Period | None
    units: Sequence[Any]
    kind: str | None = None
    weekly: bool = False


class QuerySource:
    """A source whose figures are querysets of two-column rows — (a unit's path, {code: value}) for the
    counts, (a Monday, {code: value}) for the weekly series; build them with `grouped()` / `keyed()` —
    so that `ask` puts every such source of a page into ONE SQL statement (UNION ALL): a new source
    adds no query to the dashboard. Rows of one path are summed (sum_by_subtree), so a source may give
    several querysets, each with part of its codes or part of a code's total."""

    indicators: Sequence[Indicator] = ()
    has_weekly = False

    def count_queries(self, period: Period | None, units: Sequence[Any], kind: str | None = None) -> list[QuerySet]:
        raise NotImplementedError

    def weekly_queries(self, period: Period, unit: Any) -> list[QuerySet]:
        return []

    def counts(self, period: Period | None, units: Sequence[Any]) -> Counts:
        return ask({"counts": Question(period, units)}, among=[self])["counts"]

    def weekly(self, period: Period, unit: Any) -> dict[date, dict[str, int]]:
        return ask({"weekly": Question(period, [unit], weekly=True)}, among=[self])["weekly"]


KEY, VALUES = "indicator_key", "indicator_values"


def grouped(queryset: QuerySet, key: Any, **values: Any) -> QuerySet:
    """Rows (key, {code: aggregate}) of `queryset` grouped by `key` (a path or a week expression)."""
    return (
        queryset.annotate(**{KEY: key})
        .values(KEY)
        .annotate(**{VALUES: JSONObject(**values)})
        .values_list(KEY, VALUES)
        .order_by()
    )


def keyed(queryset: QuerySet, key: Any, **values: Any) -> QuerySet:
    """Rows (key, {code: value}) of `queryset`, one per row (e.g. a rollup already one row per commune)."""
    return queryset.annotate(**{KEY: key, VALUES: JSONObject(**values)}).values_list(KEY, VALUES).order_by()


def _codes(source, question: Question) -> list[str]:
    return [
        i.code
        for i in source.indicators
        if (question.kind is None or i.kind == question.kind) and (not question.weekly or i.kind == Kind.EVENT)
    ]


def _run(parts: list[tuple[str, QuerySet]]) -> dict[str, list[tuple[str, dict]]]:
    """Every part's (key, values) rows, tagged with its question, from one UNION ALL statement."""
    sql, params = [], []
    for tag, queryset in parts:
        try:
            inner, inner_params = queryset.query.sql_with_params()
        except EmptyResultSet:  # e.g. a filter on an empty id list: no rows, nothing to ask
            continue
        # inner: SQL compiled by Django, its values passed apart as parameters
        sql.append(f"SELECT %s, q.k::text, q.v::text FROM ({inner}) AS q(k, v)")  # noqa: S608
        params += [tag, *inner_params]
    found: dict[str, list[tuple[str, dict]]] = {}
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql), params)
            for tag, key, values in cursor.fetchall():
                found.setdefault(tag, []).append((key, json.loads(values) if values else {}))
    return found


def _mondays(period: Period) -> list[date]:
    start, end = period_bounds(period)
    monday = start - timedelta(days=start.weekday())
    return [monday + timedelta(weeks=n) for n in range((end - monday).days // 7 + 1)]


def ask(questions: Mapping[str, Question], among: Sequence[Any] | None = None) -> dict[str, Any]:
    """Every question to every source (or those `among`), answered by tag: counts as `gather` gives
    them, weekly series as {monday: {code: value}} for every Monday of the period and every event code
    of the sources that offer one. The rows of all QuerySources come from one statement; a source with
    only `counts`/`weekly` functions is called for each question."""
    chosen = sources() if among is None else among
    parts: list[tuple[str, QuerySet]] = []
    direct: dict[str, list[tuple[list[str], Mapping]]] = {tag: [] for tag in questions}
    codes_of: dict[str, list[str]] = {tag: [] for tag in questions}
    for source in chosen:
        is_query_source = isinstance(source, QuerySource)
        for tag, question in questions.items():
            codes = _codes(source, question)
            if not codes or not question.units:
                continue
            if question.weekly:
                unit = question.units[0]
                if is_query_source and source.has_weekly:
                    parts += [(tag, q) for q in source.weekly_queries(question.period, unit)]
                elif not is_query_source and getattr(source, "weekly", None):
                    direct[tag].append((codes, source.weekly(question.period, unit)))
                else:
                    continue
            elif is_query_source:
                parts += [(tag, q) for q in source.count_queries(question.period, question.units, question.kind)]
            else:
                direct[tag].append((codes, source.counts(question.period, question.units)))
            codes_of[tag] += codes
    rows = _run(parts)
    answers: dict[str, Any] = {}
    for tag, question in questions.items():
        codes = codes_of[tag]
        if question.weekly:
            summed: dict[date, dict[str, int]] = {}
            for key, values in rows.get(tag, []):
                week = summed.setdefault(date.fromisoformat(key[:10]), {})
                for code, value in values.items():
                    week[code] = week.get(code, 0) + (value or 0)
            for found_codes, answer in direct[tag]:
                for monday, values in answer.items():
                    summed.setdefault(monday, {}).update({c: values.get(c) or 0 for c in found_codes})
            answers[tag] = {m: {c: summed.get(m, {}).get(c, 0) for c in codes} for m in _mondays(question.period)}
            continue
        summed_units = sum_by_subtree(rows.get(tag, []), question.units)
        for found_codes, answer in direct[tag]:
            for unit in question.units:
                values = answer.get(unit.pk, {})
                summed_units[unit.pk].update({c: values.get(c, 0) or 0 for c in found_codes})
        answers[tag] = {pk: {c: found.get(c, 0) or 0 for c in codes} for pk, found in summed_units.items()}
    return answers


def sum_by_subtree(rows_by_path: Iterable[tuple[str, Mapping[str, int]]], units: Sequence[Any]) -> Counts:
    """Rows keyed by a leaf unit's materialised path ("36/356/13696/"), summed into each asked unit
    whose path prefixes it: the rows of one path are added up first (every source gives one per
    commune), then each path's totals once to every ancestor prefix; units look theirs up."""
    by_path: dict[str, dict[str, int]] = {}
    for path, values in rows_by_path:
        totals = by_path.setdefault(path, {})
        for code, value in values.items():
            totals[code] = totals.get(code, 0) + (value or 0)
    by_prefix: dict[str, dict[str, int]] = {}
    for path, values in by_path.items():
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            totals = by_prefix.setdefault("/".join(parts[:depth]) + "/", {})
            for code, value in values.items():
                totals[code] = totals.get(code, 0) + value
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
