"""Reports built by a Celery task, kept and listed; leaders' weekly report e-mail subscriptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class Report(models.Model):
    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Spreadsheet (XLSX, one sheet per district)")
        PDF = "pdf", _("PDF (tables and charts)")

    class PeriodKind(models.TextChoices):
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = [Status.QUEUED, Status.BUILDING]

    scope = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("format"), max_length=10, choices=Kind.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", storage=private_storage, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # A second request for the same report while one is queued or building joins it.
            models.UniqueConstraint(
                fields=["scope", "kind", "period_kind", "period_start"],
                condition=Q(status__in=["queued", "building"]),
                name="report_one_build_at_a_time",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.kind} {self.period_start}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class WeeklyReportSubscription(models.Model):
    """A leader who wants the weekly coverage report of their unit by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly report subscription")
        verbose_name_plural = _("weekly report subscriptions")

    def __str__(self) -> str:
        return str(self.user_id)


class WeeklyReportMail(models.Model):
    """Ledger row claimed (core.ledger.claim) before a weekly mail goes out: once per leader per week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="weekly_report_mail_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_start}"
