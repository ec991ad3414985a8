"""In-app notifications, each user's notification settings, and the delivery ledger."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationSettings(models.Model):
    """A user's language for messages, the kinds they opted out of and the kinds off by default they
    subscribed to (no row: every kind as its default, Kind.on_by_default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("language of messages"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    muted_kinds = ArrayField(models.CharField(max_length=40), verbose_name=_("muted kinds"), default=list, blank=True)
    subscribed_kinds = ArrayField(
        models.CharField(max_length=40), verbose_name=_("subscribed kinds"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Delivery(models.Model):
    """One message to one person, claimed (core.ledger.claim) before anything is sent.

    The unique key (recipient, kind, object, occurrence) makes overlapping sweeps, a second beat,
    redelivered and retried tasks send once. The task that claimed the row may finish the channels
    it has not recorded yet (a retry keeps its task id); any other task stops at the claim.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    occurrence = models.CharField(max_length=32)
    task_id = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    texted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "object_id", "occurrence"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} {self.occurrence} → {self.recipient_id}"


class Notification(models.Model):
    """What the bell counts and the centre lists; its text is written in the recipient's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    delivery = models.OneToOneField(Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_time"),
            # The bell's count on every page reads only this small index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title
