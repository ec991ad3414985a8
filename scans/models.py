from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanDay(models.Model):
    """Page views of one product on one day (Asia/Ho_Chi_Minh), moved here from Redis counters.

    Nothing about a visitor is kept: unique_visitors is a count taken from a per-day HyperLogLog of
    salted hashes whose salt is discarded when the day ends.
    """

    product = models.ForeignKey(
        "products.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="scan_days"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    unique_visitors = models.PositiveIntegerField(_("unique visitors"), default=0)
    # The last flush that added to this row: a retried flush of the same batch changes nothing.
    flush_batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-day", "product"]
        verbose_name = _("scans of a day")
        verbose_name_plural = _("scans per day")
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="scanday_unique_product_day")]
        # Covering indexes for the coverage dashboard: the days of a period (recent, weekly) and each
        # product's total are read from the index alone, never from the table.
        indexes = [
            models.Index(fields=["day"], include=["product", "views"], name="scanday_day_views"),
            models.Index(fields=["product", "day"], include=["views"], name="scanday_product_views"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}: {self.views}"
