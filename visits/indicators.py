"""The register's and the visits' indicators for the coverage dashboard (core.indicators contract).

Read from the rollups only (visits.rollups), never by scanning the visits table: two queries whatever
the data size — the snapshot of each commune, and the day rows of the period summed per commune.
A second source counts the active volunteers and teams: one query that probes the visits' volunteer
index once per person (a few thousand), which no per-commune sum could answer.
"""

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.indicators import (
    Indicator,
    Kind,
    Period,
    day_in_period,
    in_any_subtree,
    moment_in_period,
    sum_by_subtree,
)
from units.models import in_subtree

from .models import CommuneHouseholds, CommuneVisitDay, Service, Team, Visit
from .rollups import SERVICE_COLUMNS

SNAPSHOT_FIELDS = {
    "households_registered": ("registered", _("Households registered")),
    "households_with_consent": ("with_consent", _("Households with consent")),
    "households_assigned": ("assigned", _("Households assigned")),
    "households_attempted": ("attempted", _("Households attempted (nobody met yet)")),
    "households_met": ("met", _("Households met")),
    "households_reached": ("reached", _("Households reached (five skills)")),
}
EVENT_FIELDS = {
    "visits": ("visits", _("Visits")),
    "households_newly_reached": ("households_reached", _("Households newly reached")),
    "visits_met": ("met_visits", _("Visits that met the household")),
    "household_visit_days": ("households_visited", _("Household-days visited")),
} | {f"service_{service.value}": (f"service_{service.value}", service.label) for service in Service}
assert set(SERVICE_COLUMNS) <= {column for column, _label in EVENT_FIELDS.values()}


def counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
    if not units:
        return {}
    scope = in_any_subtree(units, "commune")
    snapshot_columns = {code: column for code, (column, _label) in SNAPSHOT_FIELDS.items()}
    snapshots = CommuneHouseholds.objects.filter(scope).values_list("commune__path", *snapshot_columns.values())
    rows = [(row[0], dict(zip(snapshot_columns, row[1:], strict=True))) for row in snapshots]
    event_sums = {code: Sum(column) for code, (column, _label) in EVENT_FIELDS.items()}
    days = (
        CommuneVisitDay.objects.filter(scope & day_in_period(period))
        .values("commune__path")
        .annotate(**event_sums)
        .order_by()
    )
    rows += [(row.pop("commune__path"), row) for row in days]
    return sum_by_subtree(rows, units)


def weekly(period: Period, unit) -> dict[date, dict[str, int]]:
    """Event indicators of the unit's subtree per week (Monday), in one query."""
    event_sums = {code: Sum(column) for code, (column, _label) in EVENT_FIELDS.items()}
    rows = (
        CommuneVisitDay.objects.filter(in_subtree(unit, "commune") & day_in_period(period))
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(**event_sums)
        .order_by("week")
    )
    return {row.pop("week"): row for row in rows}


class VisitsSource:
    indicators = [Indicator(code, label, Kind.SNAPSHOT) for code, (_c, label) in SNAPSHOT_FIELDS.items()] + [
        Indicator(code, label, Kind.EVENT) for code, (_c, label) in EVENT_FIELDS.items()
    ]
    counts = staticmethod(counts)
    weekly = staticmethod(weekly)


SOURCE = VisitsSource()


# ---------------------------------------------------------------- active volunteers and teams


def _first_visit(period: Period | None, volunteer: str) -> Subquery:
    """The id of one current visit (no edit replaced it) by the volunteer `volunteer` refers to, in
    the period, or NULL. A scalar subquery with LIMIT 1 is run per person as an index probe; written
    as EXISTS, PostgreSQL turns it into a semi-join that hashes all 2,000,000 visits (5.5 s instead of
    0.4 s at provincial scale, EXPLAIN ANALYZE)."""
    replaced = Exists(Visit.objects.filter(replaces_id=OuterRef("pk")))
    visits = Visit.objects.filter(moment_in_period(period, "visited_at"), volunteer_id=OuterRef(volunteer))
    # Newest first: the visit_volunteer_time index (volunteer, -visited_at) then bounds the period too.
    return Subquery(visits.exclude(replaced).order_by("-visited_at").values("pk")[:1])


def active_counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
    """People with at least one visit in the period, counted in the unit they belong to (a volunteer's
    commune), and teams one of whose members made one, in the team's commune; every person and team
    is in one unit, so the units above sum them. One query (the two grouped reads in a UNION ALL)."""
    if not units:
        return {}
    zero = Value(0, output_field=IntegerField())
    people = (
        User.objects.filter(in_any_subtree(units, "unit"), unit__isnull=False)  # probe no learner without a unit
        .alias(visit=_first_visit(period, "pk"))
        .filter(visit__isnull=False)
        .values("unit__path")
        .annotate(active_volunteers=Count("pk"), active_teams=zero)
        .order_by()
    )
    member_visited = (
        Team.members.through.objects.filter(team_id=OuterRef("pk"))
        .alias(visit=_first_visit(period, "user_id"))
        .filter(visit__isnull=False)
    )
    teams = (
        Team.objects.filter(in_any_subtree(units, "commune"), Exists(member_visited))
        .values("commune__path")
        .annotate(active_volunteers=zero, active_teams=Count("pk"))
        .order_by()
    )
    rows = people.union(teams, all=True)
    return sum_by_subtree(((row.pop("unit__path"), row) for row in rows), units)


class ActiveSource:
    indicators = [
        Indicator("active_volunteers", _("Active volunteers (≥ 1 visit)"), Kind.EVENT),
        Indicator("active_teams", _("Active teams (≥ 1 visit by a member)"), Kind.EVENT),
    ]
    counts = staticmethod(active_counts)


ACTIVE_SOURCE = ActiveSource()
