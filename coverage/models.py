"""What coverage adds to the apps' indicators: official denominators and targets, per unit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficialHouseholdCount(models.Model):
    """A commune's household count from the statistics office: the register is only as complete as
    its officers made it, so "% reached" is also shown against this."""

    unit = models.OneToOneField(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    households = models.PositiveIntegerField(_("official number of households"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official household count")
        verbose_name_plural = _("official household counts")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.households}"


class Target(models.Model):
    """The value a unit should reach for one indicator (an indicator code of core.indicators), in
    general or, where `campaign` is set, in that campaign: the coverage page viewed for a campaign
    (?campaign=<pk>) measures its achievements against that campaign's targets."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.PositiveIntegerField(_("target"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            # One general target (campaign NULL) and one per campaign for each unit and indicator.
            models.UniqueConstraint(
                fields=["unit", "indicator", "campaign"], name="target_unique_unit_indicator", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator}: {self.value}"


from .models_reports import Report, WeeklyReportMail, WeeklyReportSubscription  # noqa: E402, F401 - their own module
