"""QR scans per commune for the coverage dashboard (core.indicators contract), from the daily ScanDay rows."""

from collections.abc import Sequence
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, day_in_period, in_any_subtree, sum_by_subtree
from units.models import in_subtree

from .models import ScanDay

COMMUNE = "product__producer__commune"


class ScansSource:
    indicators = [Indicator("scans", _("QR scans"), Kind.EVENT)]

    @staticmethod
    def counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
        rows = (
            ScanDay.objects.filter(in_any_subtree(units, COMMUNE) & day_in_period(period))
            .values(f"{COMMUNE}__path")
            .annotate(scans=Sum("views"))
            .order_by()
        )
        return sum_by_subtree(((row.pop(f"{COMMUNE}__path"), row) for row in rows), units)

    @staticmethod
    def weekly(period: Period, unit) -> dict[date, dict[str, int]]:
        rows = (
            ScanDay.objects.filter(in_subtree(unit, COMMUNE) & day_in_period(period))
            .annotate(week=TruncWeek("day"))
            .values("week")
            .annotate(scans=Sum("views"))
            .order_by("week")
        )
        return {row.pop("week"): row for row in rows}


SOURCE = ScansSource()
