"""QR scans per commune for the coverage dashboard (core.indicators contract), from the scan rollups
(scans.rollups): querysets the dashboard runs in one statement with the other sources' (QuerySource)."""

from collections.abc import Sequence

from django.db.models import F, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, QuerySource, day_in_period, grouped, in_any_subtree, keyed
from units.models import in_subtree

from .models import CommuneScanDay, CommuneScans


class ScansSource(QuerySource):
    indicators = [Indicator("scans", _("QR scans"), Kind.EVENT)]
    has_weekly = True

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        """All time: each commune's total (one row each); a period: its day rows summed per commune
        (a month of the province: ~7,000 rows of the rollup, not every product's)."""
        scope = in_any_subtree(units, "commune")
        if period is None:
            return [keyed(CommuneScans.objects.filter(scope), F("commune__path"), scans=F("views"))]
        days = CommuneScanDay.objects.filter(scope & day_in_period(period))
        return [grouped(days, F("commune__path"), scans=Sum("views"))]

    @staticmethod
    def weekly_queries(period: Period, unit) -> list:
        """The subtree's day rows of the period per week (Monday)."""
        days = CommuneScanDay.objects.filter(in_subtree(unit, "commune") & day_in_period(period))
        return [grouped(days, TruncWeek("day"), scans=Sum("views"))]


SOURCE = ScansSource()
