"""The register's and the visits' indicators for the coverage dashboard (core.indicators contract).

Read from the rollups only (visits.rollups), never by scanning the visits table: two querysets whatever
the data size — the snapshot of each commune, and the day rows of the period summed per commune (all
time: each commune's totals row).
A second source counts the active volunteers and teams from each person's first and last current visit
(visits.active_rollups), probing the visits' volunteer index only for the people whose visits straddle
the period: distinct people, which no per-commune sum could answer. Both are
QuerySources: the dashboard runs their querysets in one statement with the other sources'.
"""

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
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
    period_bounds,
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


def _active(period: Period | None, person: str, volunteer: str) -> tuple[Q, dict]:
    """People (`person`: the lookup to a User, "" for the user itself) with a current visit in the
    period, read from their first and last current visit (VolunteerActivity, visits.active_rollups):
    active if either lies in the period, inactive if both lie on one side of it; only a person whose
    visits straddle the period (the first before it, the last after it) is probed (_first_visit, by
    `volunteer`, the column holding their id). Returns the filter and the alias it needs."""
    moments = f"{person}visit_activity__"
    q = Q(**{f"{moments}last_at__isnull": False})
    start, end = period_bounds(period)
    after_start = timezone.make_aware(datetime.combine(start, time.min)) if start else None
    before_end = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)) if end else None
    if after_start:
        q &= Q(**{f"{moments}last_at__gte": after_start})
    if before_end:
        q &= Q(**{f"{moments}first_at__lt": before_end})
    if not (after_start and before_end):
        return q, {}
    # The probe last: PostgreSQL evaluates an OR's arms in order and stops at the first true one.
    inside = Q(**{f"{moments}last_at__lt": before_end}) | Q(**{f"{moments}first_at__gte": after_start})
    return q & (inside | Q(probed_visit__isnull=False)), {"probed_visit": _first_visit(period, volunteer)}


class ActiveSource(QuerySource):
    """People with at least one visit in the period, counted in the unit they belong to (a volunteer's
    commune), and teams one of whose members made one, in the team's commune; every person and team
    is in one unit, so the units above sum them. Read from each person's first and last current visit
    (recounted every minute: a new visit counts here within a minute), probing the visits only for
    the people whose visits straddle the period."""

    indicators = [
        Indicator("active_volunteers", _("Active volunteers (≥ 1 visit)"), Kind.EVENT),
        Indicator("active_teams", _("Active teams (≥ 1 visit by a member)"), Kind.EVENT),
    ]

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        active, probe = _active(period, "", "pk")
        people = User.objects.filter(in_any_subtree(units, "unit"), unit__isnull=False).alias(**probe).filter(active)
        member_active, member_probe = _active(period, "user__", "user_id")
        member_visited = (
            Team.members.through.objects.filter(team_id=OuterRef("pk")).alias(**member_probe).filter(member_active)
        )
        teams = Team.objects.filter(in_any_subtree(units, "commune"), Exists(member_visited))
        return [
            grouped(people, F("unit__path"), active_volunteers=Count("pk")),
            grouped(teams, F("commune__path"), active_teams=Count("pk")),
        ]


ACTIVE_SOURCE = ActiveSource()
