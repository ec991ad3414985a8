"""Door-to-door outreach: household register, community digital technology teams, visits, fishing vessels."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import FoldedSearchModel
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
    """What happened at a household, from its current visits (see STATUS_RULE_SQL)."""

    NOT_VISITED = "not_visited", _("Not visited")
    ATTEMPTED = "attempted", _("Attempted (nobody met yet)")
    MET = "met", _("Met")
    REACHED = "reached", _("Reached (a member has the five skills)")
    REFUSED = "refused", _("Refused")
    MOVED = "moved", _("Moved away")
    DO_NOT_CONTACT = "do_not_contact", _("Do not contact")


# The one rule that turns a household's current visits (not replaced by an edit; a visit the server
# refused was never stored) into its status. It reads the columns of an aggregate over those visits:
#   latest_outcome  outcome of the latest current visit
#   outcomes        every current visit's outcome
#   skills          the skills coached in met visits, together
# A "do not contact" wish or a move, when it is the latest word, wins; then what was achieved (the
# five skills, a meeting); a refusal without any meeting; only not-home / come-back visits: attempted.
_FIVE_SKILLS_SQL = ", ".join(f"'{skill}'" for skill in Skill.values)
STATUS_RULE_SQL = f"""CASE
    WHEN agg.latest_outcome = 'do_not_contact' THEN 'do_not_contact'
    WHEN agg.latest_outcome = 'moved' THEN 'moved'
    WHEN agg.skills @> ARRAY[{_FIVE_SKILLS_SQL}]::varchar[] THEN 'reached'
    WHEN 'met' = ANY(agg.outcomes) THEN 'met'
    WHEN 'refused' = ANY(agg.outcomes) THEN 'refused'
    ELSE 'attempted' END"""

# When a household was reached: the latest of the first coachings of each of the five skills in its
# current met visits, NULL until all five were coached (whatever the status says of later wishes).
# FIRST_COACHED_SQL are the aggregates over (visit v, skill s of a met visit) rows that REACHED_AT_SQL
# reads as agg.first_<n>.
FIRST_COACHED_SQL = ",\n".join(
    f"min(v.visited_at) FILTER (WHERE s.skill = '{skill}') AS first_{n}" for n, skill in enumerate(Skill.values)
)
REACHED_AT_SQL = (
    "CASE WHEN "
    + " AND ".join(f"agg.first_{n} IS NOT NULL" for n in range(len(Skill.values)))
    + " THEN GREATEST("
    + ", ".join(f"agg.first_{n}" for n in range(len(Skill.values)))
    + ") END"
)


def natural_sort_key(text: str) -> str:
    """ "Số 2" before "Số 10": every run of digits is zero-padded, letters folded (no case, no diacritics)."""
    return re.sub(r"\d+", lambda match: match.group().lstrip("0").rjust(12, "0"), fold(text))[:255]


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


class Household(FoldedSearchModel):
    folded_fields: ClassVar[dict[str, str]] = {"head_name_folded": "head_name"}

    # Each sync rewrites its households' status columns: every index here is written again unless the
    # update is HOT (room on the page: fillfactor 90, migration 0008), so no index twice. The commune,
    # team and volunteer are indexed by household_walk_order, household_team and household_volunteer.
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="households",
        db_index=False,
    )
    hamlet = models.ForeignKey(Hamlet, verbose_name=_("hamlet"), on_delete=models.PROTECT, related_name="households")
    address = models.CharField(_("address"), max_length=200)
    # Walking and register order: the address with its numbers padded (natural_sort_key).
    address_sort_key = models.CharField(max_length=255, editable=False, default="")
    # Personal data: only with the household's consent (the check constraint below), else empty.
    head_name = models.CharField(_("head of household"), max_length=120, blank=True)
    # Searched with __contains (LIKE '%…%') only, which no B-tree serves: not indexed (its two indexes
    # were written on every non-HOT status update of the sync and never read).
    head_name_folded = models.CharField(max_length=120, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent = models.OneToOneField(
        "Consent",
        verbose_name=_("consent to door-to-door digital-skills support"),
        null=True,
        blank=True,
        editable=False,
        # A consent record is evidence: it goes only with its household.
        on_delete=models.RESTRICT,
        related_name="+",
    )
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
        db_index=False,
    )
    assigned_volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned volunteer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_households",
        db_index=False,
    )
    # Rolled up from the household's current visits by visits.services, so walk lists and
    # progress pages read one row per household instead of scanning visits.
    status = models.CharField(
        _("status"), max_length=20, choices=HouseholdStatus.choices, default=HouseholdStatus.NOT_VISITED
    )
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    # Rolled up with the status (REACHED_AT_SQL): the moment its current met visits first covered the
    # five skills, NULL until then. The day rollups count a day's newly reached households from it
    # (visits.rollups) instead of re-reading every met visit of the day's households.
    reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hamlet__name", "address_sort_key"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | (Q(head_name="") & Q(phone="")),
                name="household_personal_data_needs_consent",
            ),
            models.CheckConstraint(condition=Q(status__in=HouseholdStatus.values), name="household_status_known"),
            # What Visit's (household_id, commune_id) foreign key points at (see Visit.commune).
            models.UniqueConstraint(fields=["id", "commune"], name="household_id_commune"),
        ]
        indexes = [
            models.Index(fields=["commune", "hamlet", "address_sort_key"], name="household_walk_order"),
            models.Index(fields=["assigned_volunteer"], name="household_volunteer"),
            # Progress per team counts households by status from this index alone.
            models.Index(fields=["assigned_team", "status"], name="household_team_status"),
            # The staff menu asks on every page whether the user's communes have fisherman households
            # (visits.selectors.has_fishing_work): a probe of this small index, not a scan of the register.
            models.Index(
                fields=["commune"],
                condition=Q(target_groups__contains=[TargetGroup.FISHERMAN]),
                name="household_fishermen",
            ),
            # A (commune, day)'s newly reached households: one range of a small index (reached households
            # only).
            models.Index(
                fields=["commune", "reached_at"], condition=Q(reached_at__isnull=False), name="household_reached"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} — {self.address}" if self.head_name else self.address

    def save(self, *args, **kwargs):
        # reached_at is written by the roll-up's SQL only: an instance read before a sync (an edit form,
        # the admin) must not put its old value back, which the day rollups would then count from.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "reached_at"
            ]
        super().save(*args, **kwargs)

    def fill_folded(self) -> None:
        """The folded name and, derived the same way on save() and bulk_create(), the address sort key."""
        super().fill_folded()
        self.address_sort_key = natural_sort_key(self.address)


class Consent(models.Model):
    """Why we may keep and use a household's personal data (Law 91/2025 on personal data protection)."""

    class Purpose(models.TextChoices):
        # The purpose that lets the register keep the head's name and phone (Household.consent).
        DIGITAL_SKILLS_SUPPORT = "digital_skills_support", _("Door-to-door digital-skills support")
        CONTACT = "contact", _("Contact by phone about the campaign")
        STATISTICS = "statistics", _("Campaign statistics")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person, spoken")
        PAPER_FORM = "paper_form", _("Signed paper form")
        PHONE = "phone", _("By phone")
        MEETING = "meeting", _("Hamlet meeting")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=120)
    given_at = models.DateTimeField(_("given at"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
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
            ),
            models.UniqueConstraint(
                fields=["household", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.given_by}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class ConsentGiven:
    """A consent to door-to-door digital-skills support as given with a new household (form or import row)."""

    given_by: str
    given_at: datetime
    channel: str


class Visit(models.Model):
    # Made on the phone, so a retried upload is recognised; the unique constraint is the backstop
    # when several phones send the same batch at once.
    uuid = models.UUIDField(_("UUID"), unique=True, default=uuid.uuid4, editable=False)
    # Indexed by visit_household_time and visit_volunteer_time (their first column), not on their own.
    # The database checks household and commune together (below), so neither has a constraint of its own.
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
        db_constraint=False,
    )
    # The household's commune, copied so a commune's visits of a day are one range of visit_commune_time
    # (the day rollups recount them per sync). The foreign key (household_id, commune_id) -> household
    # (id, commune_id) ON UPDATE CASCADE (migration 0007, visit_household_commune_fk) keeps it equal to
    # the household's: a household that moves commune takes its visits along, whatever made the move,
    # and any other value is refused. It also checks that the household (and so the commune) exists.
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
        db_constraint=False,
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
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
            # This week's visits (progress per team): a range, not a scan of every visit.
            models.Index(fields=["visited_at"], name="visit_time"),
            models.Index(fields=["commune", "visited_at"], name="visit_commune_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="met") | (Q(skills=[]) & Q(services=[])),
                name="visit_skills_only_when_met",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} @ {self.visited_at:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        """The commune is always the household's (bulk writers set commune_id themselves)."""
        if self.household_id is not None:
            self.commune_id = self.household.commune_id
        super().save(*args, **kwargs)


class FishingVessel(models.Model):
    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="vessels"
    )
    # The owner's household when it is registered; until then the owner's name stands in for it.
    owner = models.ForeignKey(
        Household,
        verbose_name=_("owner household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vessels",
    )
    owner_name = models.CharField(_("owner's name"), max_length=120, blank=True)
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
        constraints = [
            models.CheckConstraint(condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="vessel_has_an_owner")
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def owner_label(self) -> str:
        """The owner as the register knows them: the household's head, else the name given with the vessel."""
        if self.owner_id:
            return self.owner.head_name or self.owner.address
        return self.owner_name


class CommuneHouseholds(models.Model):
    """The household register of one commune in numbers, as it is now (a snapshot, not per day).

    Kept by visits.rollups in the same transaction as every register or sync write, so the coverage
    and progress pages read 226 rows instead of counting 600,000 households.
    """

    commune = models.OneToOneField(
        "units.AdministrativeUnit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    registered = models.PositiveIntegerField(default=0)
    with_consent = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)
    attempted = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.registered} registered"


class CommuneVisitDay(models.Model):
    """Current visits (not replaced by an edit) of one commune's households on one local day."""

    commune = models.ForeignKey("units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)
    met_visits = models.PositiveIntegerField(default=0)
    households_visited = models.PositiveIntegerField(default=0)
    # Households whose met visits first covered all five skills on this day.
    households_reached = models.PositiveIntegerField(default=0)
    # One column per Service value (service_<code>): a new service is a new column and migration.
    service_vneid_level2 = models.PositiveIntegerField(default=0)
    service_public_service_portal = models.PositiveIntegerField(default=0)
    service_cashless_account = models.PositiveIntegerField(default=0)
    service_ecommerce_listing = models.PositiveIntegerField(default=0)
    service_health_record = models.PositiveIntegerField(default=0)
    service_vessel_monitoring = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="visitday_unique_commune_day")]
        indexes = [models.Index(fields=["day"], name="visitday_day")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day}: {self.visits} visits"


class TeamHouseholds(models.Model):
    """The households assigned to one team, by status, as they are now (visits.team_rollups): the
    progress pages read one row per team instead of counting a province's households per request."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, primary_key=True, related_name="household_counts")
    households = models.PositiveIntegerField(default=0)
    attempted = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)
    # Services completed by those households' current visits, all time: the sum of the team's day rows.
    service_vneid_level2 = models.PositiveIntegerField(default=0)
    service_public_service_portal = models.PositiveIntegerField(default=0)
    service_cashless_account = models.PositiveIntegerField(default=0)
    service_ecommerce_listing = models.PositiveIntegerField(default=0)
    service_health_record = models.PositiveIntegerField(default=0)
    service_vessel_monitoring = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.team_id}: {self.households} households"


class TeamVisitDay(models.Model):
    """Current visits of the households assigned to one team now, on one local day (visits.team_rollups).
    A household moved to another team takes its visits along, as the progress pages always counted."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)
    service_vneid_level2 = models.PositiveIntegerField(default=0)
    service_public_service_portal = models.PositiveIntegerField(default=0)
    service_cashless_account = models.PositiveIntegerField(default=0)
    service_ecommerce_listing = models.PositiveIntegerField(default=0)
    service_health_record = models.PositiveIntegerField(default=0)
    service_vessel_monitoring = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "day"], name="teamvisitday_unique_team_day")]
        # This week's rows of every team of a province (the progress page's "visits this week").
        indexes = [models.Index(fields=["day", "team"], name="teamvisitday_day_team")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.day}: {self.visits} visits"


class CommuneVisitTotal(models.Model):
    """One commune's CommuneVisitDay rows summed over all time: the coverage dashboard's default period
    (all time) reads one row per commune instead of a year of day rows (80,000 at provincial scale).

    Recounted from the commune's day rows right after them, in the same transaction and under the same
    commune lock (visits.visit_totals, called by visits.rollups)."""

    commune = models.OneToOneField(
        "units.AdministrativeUnit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    visits = models.PositiveIntegerField(default=0)
    met_visits = models.PositiveIntegerField(default=0)
    households_visited = models.PositiveIntegerField(default=0)
    households_reached = models.PositiveIntegerField(default=0)
    # The same service_<code> columns as CommuneVisitDay.
    service_vneid_level2 = models.PositiveIntegerField(default=0)
    service_public_service_portal = models.PositiveIntegerField(default=0)
    service_cashless_account = models.PositiveIntegerField(default=0)
    service_ecommerce_listing = models.PositiveIntegerField(default=0)
    service_health_record = models.PositiveIntegerField(default=0)
    service_vessel_monitoring = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.visits} visits"


class VolunteerActivity(models.Model):
    """The first and the last current visit (not replaced by an edit) of one person who belongs to a
    unit. Whether they were active in a period is read from these two moments, probing the visits
    only when the period lies strictly between them (visits.indicators.ActiveSource): the dashboard's
    all-time and last-14-days questions no longer probe the visits once per person (5,000).

    Recounted for every such person by a task each minute (visits.active_rollups), not by the sync:
    "active" lags a new visit by at most a minute."""

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="visit_activity"
    )
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.first_at} – {self.last_at}"
