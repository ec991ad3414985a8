"""What the coverage pages, exports and (later) reports read: every figure comes from the apps'
indicator sources (core.indicators), which read rollups; nothing here scans visits.

The unit tree is read as it is: a unit's children and its leaves (the units households belong to,
communes today) come from parent links and paths, not from fixed level numbers, so a reform that
removes the district level or merges provinces needs no change here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from core.indicators import Indicator, Kind, Period, all_indicators, gather, sources
from units.models import AdministrativeUnit

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
    """The current units of one subtree, read in one query."""

    root: AdministrativeUnit
    units: list[AdministrativeUnit]
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


def tree_of(unit: AdministrativeUnit) -> Tree:
    return Tree(unit, list(AdministrativeUnit.objects.current().subtree_of(unit).order_by("path")))


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
    leaves = tree.leaves()
    leaf_ids = {u.pk for u in leaves}
    values = gather(period, leaves + [u for u in units if u.pk not in leaf_ids])
    official = dict(OfficialHouseholdCount.objects.filter(unit__in=leaf_ids).values_list("unit_id", "households"))
    leaf_rows = [
        CoverageRow(u, values[u.pk], official.get(u.pk), tree.parent_name(u))
        for u in sorted(leaves, key=lambda u: u.path)
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


def inactive_leaves(tree: Tree, today: date) -> list[AdministrativeUnit]:
    """Leaf units with no event of any source in the last INACTIVE_DAYS days (today included); what
    was only sent to a unit (Indicator.activity False) is not its activity."""
    leaves = tree.leaves()
    recent = gather(Period(today - timedelta(days=INACTIVE_DAYS - 1), today), leaves, Kind.EVENT)
    events = [i.code for i in all_indicators() if i.kind == Kind.EVENT and i.activity]
    return [u for u in sorted(leaves, key=lambda u: u.path) if not any(recent[u.pk].get(code) for code in events)]


@dataclass
class WeekPoint:
    monday: date
    values: dict[str, int]


def weekly_series(unit: AdministrativeUnit, today: date, weeks: int = WEEKS_SHOWN) -> list[WeekPoint]:
    """The last `weeks` weeks (Monday first) of the sources that offer weekly(period, unit)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    points = {first + timedelta(weeks=n): {} for n in range(weeks)}
    for source in sources():
        weekly = getattr(source, "weekly", None)
        if weekly is None:
            continue
        codes = [i.code for i in source.indicators if i.kind == Kind.EVENT]
        found = weekly(Period(first, today), unit)
        for monday, values in points.items():
            week = found.get(monday, {})
            values.update({code: week.get(code) or 0 for code in codes})
    return [WeekPoint(monday, values) for monday, values in points.items()]


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


def achievements(unit: AdministrativeUnit, values: dict[str, int], campaign=None) -> list[Achievement]:
    """The unit's general targets, or with `campaign` (a campaigns.Campaign) that campaign's."""
    indicators = {i.code: i for i in all_indicators()}
    targets = Target.objects.filter(unit=unit, campaign=campaign).order_by("indicator")
    return [
        Achievement(indicators[t.indicator], t.value, values.get(t.indicator, 0))
        for t in targets
        if t.indicator in indicators
    ]
