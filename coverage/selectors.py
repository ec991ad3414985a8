"""What the coverage pages, exports and (later) reports read: every figure comes from the apps'
indicator sources (core.indicators), which read rollups; nothing here scans visits.

The unit tree is read as it is: a unit's children and its leaves (the units households belong to,
communes today) come from parent links and paths, not from fixed level numbers, so a reform that
removes the district level or merges provinces needs no change here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

from core.indicators import Indicator, Kind, Period, Question, all_indicators, gather
from units.models import AdministrativeUnit

from . import figures_cache
from .models import OfficialHouseholdCount, Target

INACTIVE_DAYS = 14
WEEKS_SHOWN = 12
REGISTERED, REACHED = "households_registered", "households_reached"


@dataclass
class CoverageRow:
    unit: AdministrativeUnit
    values: dict[str, int]
    official_households: int | None = None
    parent_name: str = ""

    @property
    def reached_of_register(self) -> float | None:
        return _percent(self.values.get(REACHED, 0), self.values.get(REGISTERED, 0))

    @property
    def reached_of_official(self) -> float | None:
        return _percent(self.values.get(REACHED, 0), self.official_households)

    def sort_value(self, key: str):
        if key == "name":
            return self.unit.name_folded
        if key == "reached_of_register":
            return self.reached_of_register if self.reached_of_register is not None else -1
        if key == "reached_of_official":
            return self.reached_of_official if self.reached_of_official is not None else -1
        return self.values.get(key, 0)


def _percent(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Tree:
    """The current units of one subtree, read in one query with what the page needs of them: each
    unit's official household count and targets, and the root's ancestors (for the breadcrumbs)."""

    root: AdministrativeUnit
    units: list[AdministrativeUnit]
    ancestors: list[AdministrativeUnit] = field(default_factory=list)  # province first, parent last
    by_id: dict[int, AdministrativeUnit] = field(init=False)

    def __post_init__(self):
        self.by_id = {u.pk: u for u in self.units}
        self._children: dict[int, list[AdministrativeUnit]] = {}
        for unit in self.units:
            if unit.parent_id is not None:
                self._children.setdefault(unit.parent_id, []).append(unit)
        for children in self._children.values():
            children.sort(key=lambda u: u.name_folded)

    def children(self, unit: AdministrativeUnit) -> list[AdministrativeUnit]:
        return self._children.get(unit.pk, [])

    def leaves(self) -> list[AdministrativeUnit]:
        return [u for u in self.units if u.pk not in self._children]

    def parent_name(self, unit: AdministrativeUnit) -> str:
        parent = self.by_id.get(unit.parent_id)
        return parent.name if parent else ""


def tree_of(unit: AdministrativeUnit, campaign=None) -> Tree:
    """The tree under `unit`; each unit's targets are its general ones, or with `campaign` (a
    campaigns.Campaign) that campaign's."""
    above = unit.path.strip("/").split("/")[:-1]
    targets = Target.objects.filter(unit=OuterRef("pk"), campaign=campaign).order_by("indicator")
    found = (
        (AdministrativeUnit.objects.current().subtree_of(unit) | AdministrativeUnit.objects.filter(code__in=above))
        .annotate(
            official_households=Subquery(
                OfficialHouseholdCount.objects.filter(unit=OuterRef("pk")).values("households")
            ),
            target_values=ArraySubquery(targets.values(json=JSONObject(indicator="indicator", value="value"))),
        )
        .order_by("path")
    )
    units, ancestors = [], {}
    for found_unit in found:
        if found_unit.path.startswith(unit.path):
            units.append(found_unit)
        else:
            ancestors[found_unit.code] = found_unit
    return Tree(unit, units, [ancestors[code] for code in above if code in ancestors])


def leaf_rows(tree: Tree, period: Period | None) -> list[CoverageRow]:
    """One row per leaf unit (commune) of the tree: every indicator and the official count."""
    return tree_rows(tree, period, [])[0]


def commune_table(unit: AdministrativeUnit, period: Period | None) -> list[CoverageRow]:
    """Every leaf unit (commune) under `unit` with every indicator for the period: what the exports
    show and what a report task builds its sheets from (one sheet per child of `unit`)."""
    return leaf_rows(tree_of(unit), period)


def tree_rows(
    tree: Tree, period: Period | None, units: list[AdministrativeUnit]
) -> tuple[list[CoverageRow], list[CoverageRow]]:
    """The leaf rows, and rows for other units of the tree (the unit itself, its children), from one
    question to each source (its queries do not grow with the number of units asked). The other units
    are asked directly, not summed from their leaves: some sources count people bound to a district or
    the province, who are in no commune's row. Official counts are per leaf; a unit above has one only
    when every leaf below it has."""
    return _rows(tree, gather(period, _asked(tree, units)), units)


def _asked(tree: Tree, units: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    leaf_ids = {u.pk for u in tree.leaves()}
    return tree.leaves() + [u for u in units if u.pk not in leaf_ids]


def _rows(
    tree: Tree, values: dict[int, dict[str, int]], units: list[AdministrativeUnit]
) -> tuple[list[CoverageRow], list[CoverageRow]]:
    leaf_rows = [
        CoverageRow(u, values[u.pk], u.official_households, tree.parent_name(u))
        for u in sorted(tree.leaves(), key=lambda u: u.path)
    ]
    rows = []
    for unit in units:
        below = [row.official_households for row in leaf_rows if row.unit.path.startswith(unit.path)]
        rows.append(CoverageRow(unit, values[unit.pk], sum(below) if below and None not in below else None))
    return leaf_rows, rows


def sort_rows(rows: list[CoverageRow], sort: str) -> tuple[list[CoverageRow], str]:
    """Server-side sort by ?sort=<key> (ascending) or -<key> (descending); unknown keys sort by name."""
    key = sort.removeprefix("-")
    allowed = {"name", "reached_of_register", "reached_of_official"} | {i.code for i in all_indicators()}
    if key not in allowed:
        return sorted(rows, key=lambda r: r.unit.name_folded), "name"
    descending = sort.startswith("-")
    ordered = sorted(rows, key=lambda r: r.unit.name_folded)
    ordered.sort(key=lambda r: r.sort_value(key), reverse=descending)
    return ordered, sort


@dataclass
class WeekPoint:
    monday: date
    values: dict[str, int]


@dataclass
class PageFigures:
    leaf_rows: list[CoverageRow]  # every leaf unit (commune) of the tree
    rows: list[CoverageRow]  # the units asked (the page's unit, its children)
    inactive: list[AdministrativeUnit]  # leaves with no activity event in the last INACTIVE_DAYS days
    weeks: list[WeekPoint]  # the last WEEKS_SHOWN weeks of the page's unit, Monday first
    counted_at: datetime  # when the figures were counted (coverage.figures_cache may remember them a minute)


def page_figures(
    tree: Tree, period: Period | None, units: list[AdministrativeUnit], today: date, *, recount: bool = False
) -> PageFigures:
    """Everything the dashboard shows of its sources, from ONE question to all of them (core.indicators.ask:
    one SQL statement for every QuerySource): the period's counts of the leaves and `units`, the leaves'
    events of the last INACTIVE_DAYS days, and the weekly series of the tree's root."""
    this_monday = today - timedelta(days=today.weekday())
    answers, counted_at = figures_cache.answers(
        {
            "period": Question(period, _asked(tree, units)),
            "recent": Question(Period(today - timedelta(days=INACTIVE_DAYS - 1), today), tree.leaves(), Kind.EVENT),
            "weekly": Question(Period(this_monday - timedelta(weeks=WEEKS_SHOWN - 1), today), [tree.root], weekly=True),
        },
        recount=recount,
    )
    leaf_rows, rows = _rows(tree, answers["period"], units)
    recent = answers["recent"]
    # What was only sent to a unit (Indicator.activity False) is not its activity.
    active_codes = [i.code for i in all_indicators() if i.kind == Kind.EVENT and i.activity]
    inactive = [row.unit for row in leaf_rows if not any(recent[row.unit.pk].get(c) for c in active_codes)]
    weeks = [WeekPoint(monday, values) for monday, values in answers["weekly"].items()]
    return PageFigures(leaf_rows, rows, inactive, weeks, counted_at)


@dataclass
class Achievement:
    indicator: Indicator
    target: int
    value: int

    @property
    def percent(self) -> float:
        return round(100 * self.value / self.target, 1) if self.target else 0.0

    @property
    def band(self) -> str:
        low, high = settings.COVERAGE_BANDS
        return "danger" if self.percent < low else "warning" if self.percent < high else "success"


def achievements(tree: Tree, values: dict[str, int]) -> list[Achievement]:
    """The root's targets (read with the tree) against its values."""
    indicators = {i.code: i for i in all_indicators()}
    root = tree.by_id.get(tree.root.pk)
    targets = root.target_values if root is not None else []
    return [
        Achievement(indicators[t["indicator"]], t["value"], values.get(t["indicator"], 0))
        for t in targets
        if t["indicator"] in indicators
    ]


def recount_opened_pages(today: date) -> int:
    """The figures of the pages leaders open first — each top unit of the tree (the province) and each of
    its children (the districts), all time, no campaign — counted now and remembered, so that they do
    not wait for the count (coverage.tasks.remember_figures, every 50 s). Returns the pages counted."""
    pages = 0
    for root in AdministrativeUnit.objects.current().filter(parent__isnull=True):
        for unit in [root, *tree_of(root).children(root)]:
            tree = tree_of(unit)
            page_figures(tree, None, [unit, *tree.children(unit)], today, recount=True)
            pages += 1
    return pages
