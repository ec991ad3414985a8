"""The audit log of personal data: append-only (a PostgreSQL trigger, migration 0002)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import Action


class AuditEntry(models.Model):
    """Who did what to which record of personal data, when, from which unit: never the values."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Plain references without database constraints: an entry outlives anything it names and is
    # never changed by a cascade (the trigger would refuse it anyway).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("from unit"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # Not indexed alone: audit_target starts with it (a synced batch of 500 visits writes 500 entries,
    # each index entry once less).
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # Empty for an export of a whole list.
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    fields = ArrayField(models.CharField(max_length=100), verbose_name=_("fields"), default=list, blank=True)
    # How many records an export of a whole list carried (target_id empty); None otherwise.
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target_type_id}:{self.target_id}"
