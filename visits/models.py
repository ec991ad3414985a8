"""Door-to-door outreach: household register, community digital technology teams, visits, fishing vessels."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import fold


class TargetGroup(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    FARMER = "farmer", _("Farmer")
    FISHERMAN = "fisherman", _("Fisherman")
    SMALL_BUSINESS = "small_business", _("Small business")
    STUDENT = "student", _("Student")
    DISABILITY = "disability", _("Person with disability")
    WORKER = "worker", _("Worker")
    POOR = "poor", _("Poor or near-poor household")


class Skill(models.TextChoices):
    """The five basic digital skills of the national campaign."""

    PUBLIC_SERVICES = "public_services", _("Online public services")
    SHOPPING = "shopping", _("Online shopping")
    PAYMENT = "payment", _("Online payment")
    SAFETY = "safety", _("Staying safe online")
    LOCAL_PLATFORMS = "local_platforms", _("Local platforms")


class Service(models.TextChoices):
    VNEID_LEVEL2 = "vneid_level2", _("VNeID level-2 activation")
    PUBLIC_SERVICE_PORTAL = "public_service_portal", _("National Public Service Portal account")
    CASHLESS_ACCOUNT = "cashless_account", _("Cashless payment account")
    ECOMMERCE_LISTING = "ecommerce_listing", _("E-commerce listing (postmart, voso…)")
    HEALTH_RECORD = "health_record", _("Electronic health record")
    VESSEL_MONITORING = "vessel_monitoring", _("Fishing-vessel monitoring / radio-frequency registration")


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_HOME = "not_home", _("Not home")
    REFUSED = "refused", _("Refused")
    COME_BACK = "come_back", _("Come back later")
    MOVED = "moved", _("Moved")
    DO_NOT_CONTACT = "do_not_contact", _("Do not contact again")


class HouseholdStatus(models.TextChoices):
    NOT_VISITED = "not_visited", _("Not visited")
    VISITED = "visited", _("Visited")
    REACHED = "reached", _("Reached (a member has the five skills)")
    DO_NOT_CONTACT = "do_not_contact", _("Do not contact")


class Hamlet(models.Model):
    """Thôn / xóm / tổ dân phố inside a commune."""

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="hamlets"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="hamlet_unique_in_commune")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """Tổ công nghệ số cộng đồng: a leader and members, usually Youth Union volunteers."""

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="teams", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("community digital technology team")
        verbose_name_plural = _("community digital technology teams")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="team_unique_in_commune")]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="households"
    )
    hamlet = models.ForeignKey(Hamlet, verbose_name=_("hamlet"), on_delete=models.PROTECT, related_name="households")
    address = models.CharField(_("address"), max_length=200)
    head_name = models.CharField(_("head of household"), max_length=120)
    head_name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    members_count = models.PositiveSmallIntegerField(_("number of members"), default=1)
    target_groups = ArrayField(
        models.CharField(max_length=20, choices=TargetGroup.choices),
        verbose_name=_("target groups"),
        default=list,
        blank=True,
    )
    assigned_team = models.ForeignKey(
        Team,
        verbose_name=_("assigned team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    assigned_volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned volunteer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_households",
    )
    # Rolled up from the household's current visits by visits.services, so walk lists and
    # progress pages read one row per household instead of scanning visits.
    status = models.CharField(
        _("status"), max_length=20, choices=HouseholdStatus.choices, default=HouseholdStatus.NOT_VISITED
    )
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hamlet__name", "address"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            models.Index(fields=["commune", "hamlet", "address"], name="household_walk_order"),
            models.Index(fields=["assigned_volunteer"], name="household_volunteer"),
            models.Index(fields=["assigned_team"], name="household_team"),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} — {self.address}"

    def save(self, *args, **kwargs):
        self.head_name_folded = fold(self.head_name)
        super().save(*args, **kwargs)


class Consent(models.Model):
    """Why we may keep and use a household's personal data (Law 91/2025 on personal data protection)."""

    class Purpose(models.TextChoices):
        DIGITAL_SKILLS_SUPPORT = "digital_skills_support", _("Support with digital skills and services")
        CONTACT = "contact", _("Contact by phone about the campaign")
        STATISTICS = "statistics", _("Campaign statistics")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=120)
    given_at = models.DateTimeField(_("given at"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.given_by}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Visit(models.Model):
    # Made on the phone, so a retried upload is recognised; the unique constraint is the backstop
    # when several phones send the same batch at once.
    uuid = models.UUIDField(_("UUID"), unique=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="visits"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_at = models.DateTimeField(_("visited at"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    skills = ArrayField(
        models.CharField(max_length=20, choices=Skill.choices),
        verbose_name=_("skills coached"),
        default=list,
        blank=True,
    )
    services = ArrayField(
        models.CharField(max_length=30, choices=Service.choices),
        verbose_name=_("services completed"),
        default=list,
        blank=True,
    )
    people_helped = models.PositiveSmallIntegerField(_("people helped"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    # An edit is a new visit that replaces the earlier one; the earlier one stays as history.
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    # sha256 of the canonical synced content: a retry with the same UUID compares this, not every field.
    fingerprint = models.CharField(max_length=64, editable=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-visited_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["household", "-visited_at"], name="visit_household_time"),
            models.Index(fields=["volunteer", "-visited_at"], name="visit_volunteer_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="met") | (Q(skills=[]) & Q(services=[])),
                name="visit_skills_only_when_met",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} @ {self.visited_at:%d/%m/%Y}"


class FishingVessel(models.Model):
    owner = models.ForeignKey(
        Household, verbose_name=_("owner household"), on_delete=models.PROTECT, related_name="vessels"
    )
    registration_number = models.CharField(
        _("registration number"), max_length=30, unique=True, help_text="NĐ-90123-TS"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    length_m = models.DecimalField(_("length (m)"), max_digits=5, decimal_places=2, null=True, blank=True)
    home_port = models.CharField(_("home port"), max_length=100, blank=True)
    monitoring_installed = models.BooleanField(_("vessel monitoring device installed"), default=False)
    radio_registered = models.BooleanField(_("radio frequency registered"), default=False)
    expected_return_on = models.DateField(_("expected return to port"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["expected_return_on", "registration_number"]
        verbose_name = _("fishing vessel")
        verbose_name_plural = _("fishing vessels")

    def __str__(self) -> str:
        return self.registration_number
