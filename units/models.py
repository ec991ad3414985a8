from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold


def in_subtree(unit: "AdministrativeUnit", field: str) -> Q:
    """Rows whose `field` (a unit foreign key, possibly across relations) lies in the unit's subtree:
    one indexed prefix match on the materialised path."""
    return Q(**{f"{field}__path__startswith": unit.path})


class UnitQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> "UnitQuerySet":
        """Units in force on a day: a reform closes old units with valid_until instead of deleting them."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on))

    def subtree_of(self, unit: "AdministrativeUnit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def search(self, query: str) -> "UnitQuerySet":
        folded = fold(query)
        return self.filter(name_folded__contains=folded) if folded else self


class AdministrativeUnit(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        DISTRICT = 2, _("District")
        COMMUNE = 3, _("Commune")

    code = models.CharField(_("GSO code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=30, help_text=_("Tỉnh, Huyện, Thành phố, Xã, Phường, Thị trấn…"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of GSO codes ("36/356/13696/"): a subtree is one indexed prefix match.
    path = models.CharField(max_length=100, editable=False)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    valid_from = models.DateField(_("valid from"), default=date(2000, 1, 1))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        help_text=_("After a merger, the unit that took this one over."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        indexes = [models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="unit_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.path = (self.parent.path if self.parent_id else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def ancestors(self) -> list["AdministrativeUnit"]:
        """Province first, parent last — one query whatever the depth."""
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def contains(self, other: "AdministrativeUnit") -> bool:
        return other.path.startswith(self.path)
