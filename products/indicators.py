"""Products with a public QR page, per commune, for the coverage dashboard (core.indicators contract)."""

from collections.abc import Sequence

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, QuerySource, grouped, in_any_subtree

from .models import Product


class ProductsSource(QuerySource):
    indicators = [Indicator("products_listed", _("Products with a QR page"), Kind.SNAPSHOT)]

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        """A snapshot (products active now), one grouped queryset."""
        if kind not in (None, Kind.SNAPSHOT):
            return []
        products = Product.objects.filter(in_any_subtree(units, "producer__commune"), is_active=True)
        return [grouped(products, F("producer__commune__path"), products_listed=Count("pk"))]


SOURCE = ProductsSource()
