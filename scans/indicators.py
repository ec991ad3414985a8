"""QR scans per commune for the coverage dashboard (core.indicators contract), from the daily ScanDay
rows: querysets the dashboard runs in one statement with the other sources' (QuerySource)."""

from collections.abc import Sequence

from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, QuerySource, day_in_period, grouped, in_any_subtree
from products.models import Product
from units.models import in_subtree

from .models import ScanDay


class ScansSource(QuerySource):
    indicators = [Indicator("scans", _("QR scans"), Kind.EVENT)]
    has_weekly = True

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        """Each product's views of the period (an index-only range of its ScanDay rows), summed per
        commune: 2,000 products joined to their commune instead of every day row (a year: 220,000)."""
        views = (
            ScanDay.objects.filter(Q(product=OuterRef("pk")) & day_in_period(period))
            .values("product")
            .annotate(views=Sum("views"))
            .values("views")
        )
        products = Product.objects.filter(in_any_subtree(units, "producer__commune")).annotate(views=Subquery(views))
        return [grouped(products, F("producer__commune__path"), scans=Sum("views"))]

    @staticmethod
    def weekly_queries(period: Period, unit) -> list:
        """The subtree's products as one hashed id list, the days of the period from the index alone."""
        products = Product.objects.filter(in_subtree(unit, "producer__commune")).values("pk")
        days = ScanDay.objects.filter(day_in_period(period), product__in=products)
        return [grouped(days, TruncWeek("day"), scans=Sum("views"))]


SOURCE = ScansSource()
