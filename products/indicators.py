"""Products with a public QR page, per commune, for the coverage dashboard (core.indicators contract)."""

from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, in_any_subtree, sum_by_subtree

from .models import Product


class ProductsSource:
    indicators = [Indicator("products_listed", _("Products with a QR page"), Kind.SNAPSHOT)]

    @staticmethod
    def counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
        """A snapshot (products active now), one grouped query."""
        rows = (
            Product.objects.filter(in_any_subtree(units, "producer__commune"), is_active=True)
            .values("producer__commune__path")
            .annotate(products_listed=Count("pk"))
            .order_by()
        )
        return sum_by_subtree(((row.pop("producer__commune__path"), row) for row in rows), units)


SOURCE = ProductsSource()
