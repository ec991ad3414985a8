"""The register's and the visits' indicators for the coverage dashboard (core.indicators contract).

Read from the rollups only (visits.rollups), never by scanning the visits table: two querysets whatever
the data size — the snapshot of each commune, and the day rows of the period summed per commune (all
time: each commune's totals row).
A second source counts the active volunteers and teams: one grouped read that probes the visits'
volunteer index once per person (a few thousand), which no per-commune sum could answer. Both are
QuerySources: the dashboard runs their querysets in one statement with the other sources'.
"""

from collections.abc import Sequence

from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.indicators import (
    Indicator,
    Kind,
    Period,
    QuerySource,
    day_in_period,
    grouped,
    in_any_subtree,
    keyed,
    moment_in_period,
)
from units.models import in_subtree

from .models import CommuneHouseholds, CommuneVisitDay, CommuneVisitTotal, Service, Team, Visit
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


class VisitsSource(QuerySource):
    indicators = [Indicator(code, label, Kind.SNAPSHOT) for code, (_c, label) in SNAPSHOT_FIELDS.items()] + [
        Indicator(code, label, Kind.EVENT) for code, (_c, label) in EVENT_FIELDS.items()
    ]
    has_weekly = True

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        """The snapshot of each commune (one rollup row each) and its events: of all time, its totals row
        (visits.visit_totals); of a period, the day rows of the period summed per commune."""
        scope = in_any_subtree(units, "commune")
        queries = []
        if kind in (None, Kind.SNAPSHOT):
            snapshot = {code: F(column) for code, (column, _label) in SNAPSHOT_FIELDS.items()}
            queries.append(keyed(CommuneHouseholds.objects.filter(scope), F("commune__path"), **snapshot))
        if kind in (None, Kind.EVENT) and period is None:  # all time: one totals row per commune
            totals = {code: F(column) for code, (column, _label) in EVENT_FIELDS.items()}
            queries.append(keyed(CommuneVisitTotal.objects.filter(scope), F("commune__path"), **totals))
        elif kind in (None, Kind.EVENT):
            days = CommuneVisitDay.objects.filter(scope & day_in_period(period))
            queries.append(grouped(days, F("commune__path"), **_event_sums()))
        return queries

    @staticmethod
    def weekly_queries(period: Period, unit) -> list:
        """Event indicators of the unit's subtree per week (Monday)."""
        days = CommuneVisitDay.objects.filter(in_subtree(unit, "commune") & day_in_period(period))
        return [grouped(days, TruncWeek("day"), **_event_sums())]


def _event_sums() -> dict:
    return {code: Sum(column) for code, (column, _label) in EVENT_FIELDS.items()}


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


class ActiveSource(QuerySource):
    """People with at least one visit in the period, counted in the unit they belong to (a volunteer's
    commune), and teams one of whose members made one, in the team's commune; every person and team
    is in one unit, so the units above sum them."""

    indicators = [
        Indicator("active_volunteers", _("Active volunteers (≥ 1 visit)"), Kind.EVENT),
        Indicator("active_teams", _("Active teams (≥ 1 visit by a member)"), Kind.EVENT),
    ]

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        people = (
            User.objects.filter(in_any_subtree(units, "unit"), unit__isnull=False)  # probe no learner without a unit
            .alias(visit=_first_visit(period, "pk"))
            .filter(visit__isnull=False)
        )
        member_visited = (
            Team.members.through.objects.filter(team_id=OuterRef("pk"))
            .alias(visit=_first_visit(period, "user_id"))
            .filter(visit__isnull=False)
        )
        teams = Team.objects.filter(in_any_subtree(units, "commune"), Exists(member_visited))
        return [
            grouped(people, F("unit__path"), active_volunteers=Count("pk")),
            grouped(teams, F("commune__path"), active_teams=Count("pk")),
        ]


ACTIVE_SOURCE = ActiveSource()
