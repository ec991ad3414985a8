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


class CommuneScanDay(models.Model):
    """Views of one commune's products (by their producer's commune) on one day: ScanDay summed per
    (commune, day), so the coverage dashboard reads ~226 rows a day instead of every product's.

    Recounted by scans.rollups in the same transaction as every write of ScanDay (the flush) and of
    a product's commune (a producer moved, a product given to another producer or deleted)."""

    commune = models.ForeignKey("units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="scanrollup_unique_commune_day")]
        # The days of a period (recent, weekly) read from the index alone.
        indexes = [models.Index(fields=["day"], include=["commune", "views"], name="scanrollup_day_views")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day}: {self.views}"


class CommuneScans(models.Model):
    """All the views of one commune's products, ever: its CommuneScanDay rows summed, recounted with
    them, so the dashboard's default period (all time) reads one row per commune, not a year of days."""

    commune = models.OneToOneField(
        "units.AdministrativeUnit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    views = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.views}"
