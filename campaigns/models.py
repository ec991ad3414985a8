"""Communication campaigns: activities of every channel, guidance documents, loudspeaker bulletins."""

import secrets
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


def _private_name(folder: str, filename: str) -> str:
    # Files are served through access-checked views; a random directory keeps the stored name unguessable.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"campaigns/{folder}/{secrets.token_urlsafe(18)}/file{suffix}"


def attachment_path(instance, filename: str) -> str:
    return _private_name("attachments", filename)


def document_path(instance, filename: str) -> str:
    return _private_name("documents", filename)


def audio_path(instance, filename: str) -> str:
    return _private_name("audio", filename)


class Audience(models.TextChoices):
    OFFICIALS = "officials", _("Officials and party members")
    CITIZENS = "citizens", _("Citizens")
    BUSINESSES = "businesses", _("Businesses")
    FISHERMEN = "fishermen", _("Fishermen")
    FARMERS = "farmers", _("Farmers")
    YOUTH = "youth", _("Youth")
    STUDENTS = "students", _("Pupils and students")
    ELDERLY = "elderly", _("Elderly")


class Channel(models.TextChoices):
    CONFERENCE = "conference", _("Conference or study session")
    DOCUMENTS = "documents", _("Document distribution")
    ARTICLE = "article", _("News article")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker broadcast")
    ONLINE = "online", _("Social-media or online event")
    TRAINING = "training", _("Training session")
    EVENT = "event", _("Contest, youth camp or event")
    HANDS_ON = "hands_on", _("Hands-on guidance session")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door drive")


class Outlet(models.TextChoices):
    INTERNAL_SITE = "internal_site", _("Internal website")
    NEWSPAPER = "newspaper", _("Newspaper")
    RADIO_TV = "radio_tv", _("Radio-TV station")
    PORTAL_COLUMN = "portal_column", _("E-portal column")


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    # The unit that runs the campaign (province or district): its staff manage it.
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    lead_agency = models.CharField(_("lead agency"), max_length=200)
    partners = models.CharField(
        _("partner organisations"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices), verbose_name=_("target audiences"), default=list
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    target_units = models.ManyToManyField(
        "units.AdministrativeUnit", through="CampaignTarget", related_name="targeted_by_campaigns", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered")
        ]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(models.Model):
    """What one target unit should achieve in the campaign; progress is read live (campaigns.selectors)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT)
    activities = models.PositiveIntegerField(_("activities"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    households_reached = models.PositiveIntegerField(_("households reached"), default=0)
    # {visits.Service code: number of services completed}
    services = models.JSONField(_("services completed"), default=dict, blank=True)

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_target_unique_unit")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.unit}"


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="activities"
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    participants_in_person = models.PositiveIntegerField(_("participants in person"), default=0)
    participants_online = models.PositiveIntegerField(
        _("participants online / reach"), default=0, help_text=_("Views or participants of an online event.")
    )
    copies = models.PositiveIntegerField(_("copies distributed"), default=0)
    outlet = models.CharField(_("outlet type"), max_length=20, choices=Outlet.choices, blank=True)
    outlet_name = models.CharField(_("outlet"), max_length=200, blank=True)
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("audiences"),
        default=list,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    # A door-to-door drive produced the visits made in its commune in this date range (by this team).
    visits_from = models.DateField(_("visits from"), null=True, blank=True)
    visits_until = models.DateField(_("visits until"), null=True, blank=True)
    team = models.ForeignKey(
        "visits.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    result_report = models.TextField(_("result report"), blank=True)
    publish_on_news = models.BooleanField(_("publish on the news page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="activity_newest"),
            models.Index(fields=["campaign", "status"], name="activity_campaign_status"),
            models.Index(
                fields=["-starts_at"], name="activity_news", condition=Q(publish_on_news=True) & ~Q(status="cancelled")
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="activity_time_ordered"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(result_report=""), name="activity_done_has_report"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityAttachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ActivityChange(models.Model):
    """History of a planned activity's time or place: what it was before, what it became."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # {"starts_at": [before, after], "place": [before, after], …} in ISO format
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("activity change")
        verbose_name_plural = _("activity changes")

    def __str__(self) -> str:
        return f"{self.activity} @ {self.changed_at:%d/%m/%Y %H:%M}"

    def rows(self) -> list[tuple[str, str, str]]:
        """(field label, before, after), times as dd/mm/yyyy HH:MM, for the history list."""

        def shown(value: str) -> str:
            try:
                return datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y")
            except ValueError:
                return value

        return [
            (Activity._meta.get_field(name).verbose_name, shown(before), shown(after))
            for name, (before, after) in self.changes.items()
        ]


class GuidanceDocument(models.Model):
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    number = models.CharField(_("number"), max_length=60, help_text="123/KH-UBND")
    issued_on = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage, max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    report_due_on = models.DateField(
        _("implementation report due"), null=True, blank=True, help_text=_("Leave empty when no report is asked.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class DocumentRecipient(models.Model):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.TextField(_("implementation report"), blank=True)

    class Meta:
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="document_recipient_unique")]
        indexes = [models.Index(fields=["unit", "acknowledged_at"], name="document_recipient_inbox")]

    def __str__(self) -> str:
        return f"{self.document} → {self.unit}"


class Bulletin(models.Model):
    """A loudspeaker bulletin (Circular 39/2020/TT-BTTTT) sent to the communes' loudspeaker stations."""

    class Level(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        PRIORITY = "priority", _("Priority")
        NORMAL = "normal", _("Normal")

    class SourceLevel(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        default=Level.NORMAL,
        help_text=_(
            "Emergency (disaster, fire, epidemic): aired at once. Priority: first in the next programme. "
            "Normal: fitted into the commune's schedule."
        ),
    )
    # 0 emergency, 1 priority, 2 normal: queues sort on it
    rank = models.PositiveSmallIntegerField(editable=False, default=2)
    source_level = models.CharField(_("source level"), max_length=10, choices=SourceLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    audio = models.FileField(_("audio file"), upload_to=audio_path, storage=private_storage, blank=True, max_length=200)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    # When an unaired bulletin becomes overdue: at once for emergencies, by the next programme for priority.
    due_at = models.DateTimeField(_("to be aired by"), editable=False)
    communes = models.ManyToManyField(
        "units.AdministrativeUnit", through="BulletinTarget", related_name="bulletins", verbose_name=_("communes")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("loudspeaker bulletin")
        verbose_name_plural = _("loudspeaker bulletins")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="bulletin_validity_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class BulletinTarget(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="targets")
    commune = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    # Set by the first airing: queues, banner and matrix read this instead of counting airings.
    first_aired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "commune"], name="bulletin_target_unique")]
        indexes = [
            models.Index(fields=["commune"], name="bulletin_target_unaired", condition=Q(first_aired_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} → {self.commune}"


class BulletinAiring(models.Model):
    target = models.ForeignKey(BulletinTarget, on_delete=models.CASCADE, related_name="airings")
    aired_at = models.DateTimeField(_("aired at"))
    times_aired = models.PositiveSmallIntegerField(_("times aired"), default=1)
    clusters_reached = models.PositiveSmallIntegerField(_("loudspeaker clusters reached"))
    aired_by = models.CharField(_("aired by"), max_length=120)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aired_at"]
        verbose_name = _("airing")
        verbose_name_plural = _("airings")
        constraints = [models.CheckConstraint(condition=Q(times_aired__gte=1), name="airing_at_least_once")]

    def __str__(self) -> str:
        return f"{self.target} @ {self.aired_at:%d/%m/%Y %H:%M}"


class UnitCommunication(models.Model):
    """One unit's communication of all time, as campaigns.indicators counts it: done activities and
    their participants (and per channel), guidance documents it received and acknowledged, bulletins
    it was sent and aired. The dashboard's default period (all time) reads one row per unit instead of
    every activity, recipient and bulletin target (95,000 targets at provincial scale).

    Recounted from those rows by campaigns.rollups in the same transaction as each write."""

    unit = models.OneToOneField(
        "units.AdministrativeUnit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    activities = models.PositiveIntegerField(default=0)
    participants_in_person = models.PositiveBigIntegerField(default=0)
    participants_online = models.PositiveBigIntegerField(default=0)
    # One column per Channel value (activities_<code>): a new channel is a new column and migration.
    activities_conference = models.PositiveIntegerField(default=0)
    activities_documents = models.PositiveIntegerField(default=0)
    activities_article = models.PositiveIntegerField(default=0)
    activities_loudspeaker = models.PositiveIntegerField(default=0)
    activities_online = models.PositiveIntegerField(default=0)
    activities_training = models.PositiveIntegerField(default=0)
    activities_event = models.PositiveIntegerField(default=0)
    activities_hands_on = models.PositiveIntegerField(default=0)
    activities_door_to_door = models.PositiveIntegerField(default=0)
    documents_sent = models.PositiveIntegerField(default=0)
    documents_acknowledged = models.PositiveIntegerField(default=0)
    bulletins_sent = models.PositiveIntegerField(default=0)
    bulletins_aired = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.activities} activities"
