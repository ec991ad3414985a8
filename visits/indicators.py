"""The register's and the visits' indicators for the coverage dashboard (core.indicators contract).

Read from the rollups only (visits.rollups), never from the visits table: two querysets whatever the
data size — the snapshot of each commune, and the day rows of the period summed per commune — which
the dashboard runs in one statement with the other sources' (core.indicators.QuerySource).
"""

from collections.abc import Sequence

from django.db.models import F, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, QuerySource, day_in_period, grouped, in_any_subtree, keyed
from units.models import in_subtree

from .models import CommuneHouseholds, CommuneVisitDay, Service
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
        """The snapshot of each commune (one rollup row each) and the day rows of the period summed per
        commune (grouped by the commune's id, then joined to its path: 226 groups, not 80,000 joins)."""
        scope = in_any_subtree(units, "commune")
        queries = []
        if kind in (None, Kind.SNAPSHOT):
            snapshot = {code: F(column) for code, (column, _label) in SNAPSHOT_FIELDS.items()}
            queries.append(keyed(CommuneHouseholds.objects.filter(scope), F("commune__path"), **snapshot))
        if kind in (None, Kind.EVENT):
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
