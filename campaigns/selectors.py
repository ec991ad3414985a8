"""Reads of the campaigns app: lists, calendar, progress against targets, bulletin queues and matrices."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from units.models import AdministrativeUnit
from visits.models import Household, HouseholdStatus, Service, Visit

from .access import bulletins_visible_to
from .models import (
    Activity,
    ActivityChange,
    Bulletin,
    BulletinTarget,
    Campaign,
    CampaignTarget,
    DocumentRecipient,
    GuidanceDocument,
)

# ---------------------------------------------------------------- activities


def activity_rows(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("unit", "campaign").order_by("-starts_at", "-pk")


def _export_cell(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value


# (column in the file, field read): channel and status are written as their codes.
EXPORT_COLUMNS = [
    ("id", "pk"),
    ("campaign", "campaign__name"),
    ("unit_code", "unit__code"),
    ("unit", "unit__name"),
    ("channel", "channel"),
    ("title", "title"),
    ("starts_at", "starts_at"),
    ("ends_at", "ends_at"),
    ("place", "place"),
    ("organiser", "organiser"),
    ("participants_in_person", "participants_in_person"),
    ("participants_online", "participants_online"),
    ("status", "status"),
    ("result_report", "result_report"),
]
EXPORT_HEADER = [column for column, _field in EXPORT_COLUMNS]
# Columns that may name people (an organiser, participants in a report): an export is audited.
EXPORT_PERSONAL_FIELDS = ["organiser", "result_report"]


def export_rows(activities: QuerySet[Activity]):
    """Flat rows for CSV/XLSX (dd/mm/yyyy times), read in chunks so 20,000 activities never sit in memory."""
    fields = [field for _column, field in EXPORT_COLUMNS]
    rows = activities.order_by("-starts_at", "-pk").values_list(*fields).iterator(chunk_size=2000)
    return ([_export_cell(v) for v in row] for row in rows)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    activities: list = field(default_factory=list)


def month_calendar(activities: QuerySet[Activity], year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month with each day's activities, in one query."""
    first_weekday, days = calendar.monthrange(year, month)
    start = date(year, month, 1) - timedelta(days=first_weekday)
    end = date(year, month, days) + timedelta(days=6 - date(year, month, days).weekday())
    tz = timezone.get_current_timezone()
    rows = (
        activity_rows(activities)
        .filter(
            starts_at__gte=datetime.combine(start, time.min, tz),
            starts_at__lt=datetime.combine(end + timedelta(1), time.min, tz),
        )
        .order_by("starts_at", "pk")
    )
    by_day: dict[date, list] = {}
    for activity in rows:
        by_day.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    weeks, day = [], start
    while day <= end:
        weeks.append(
            [
                CalendarDay(day + timedelta(i), (day + timedelta(i)).month == month, by_day.get(day + timedelta(i), []))
                for i in range(7)
            ]
        )
        day += timedelta(7)
    return weeks


def linked_visits(activity: Activity) -> QuerySet[Visit]:
    """The visits a door-to-door drive produced: in its commune, in its date range, by its team if set."""
    if not (activity.visits_from and activity.visits_until):
        return Visit.objects.none()
    tz = timezone.get_current_timezone()
    visits = Visit.objects.filter(
        household__commune_id=activity.unit_id,
        visited_at__gte=datetime.combine(activity.visits_from, time.min, tz),
        visited_at__lt=datetime.combine(activity.visits_until + timedelta(1), time.min, tz),
        replaced_by__isnull=True,
    )
    if activity.team_id:
        visits = visits.filter(volunteer__teams=activity.team_id)
    return visits


# ---------------------------------------------------------------- campaign progress (the coverage "indicator")


def reached_households() -> QuerySet[Household]:
    """The one rule for "a household is reached" this app relies on; the coverage app reads it from here."""
    return Household.objects.filter(status=HouseholdStatus.REACHED)


def _count(queryset: QuerySet, expression=None) -> Subquery:
    """A correlated count (or sum) per target unit's subtree, so a page of N units stays one query."""
    aggregate = Sum(expression) if expression is not None else Count("pk")
    return Coalesce(
        Subquery(queryset.order_by().annotate(_g=Value(1)).values("_g").annotate(n=aggregate).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


@dataclass
class ProgressCell:
    name: str
    label: str
    target: int
    actual: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.actual / self.target)) if self.target else 0


def campaign_family(campaign: Campaign) -> list[int]:
    """The campaign and its sub-campaigns (one level: district sub-campaigns of a provincial campaign)."""
    return [campaign.pk, *Campaign.objects.filter(parent=campaign).values_list("pk", flat=True)]


def campaign_progress(campaign: Campaign, campaign_ids: list[int]) -> list[tuple[CampaignTarget, list[ProgressCell]]]:
    """Each target unit's targets against what its subtree did: activities done and their participants
    (this campaign and its sub-campaigns), households reached and services completed by visits in the period."""
    tz = timezone.get_current_timezone()
    period = Q(
        visited_at__gte=datetime.combine(campaign.starts_on, time.min, tz),
        visited_at__lt=datetime.combine(campaign.ends_on + timedelta(1), time.min, tz),
    )
    in_unit = {"unit__path__startswith": OuterRef("unit__path")}
    done = Activity.objects.filter(campaign_id__in=campaign_ids, status=Activity.Status.DONE, **in_unit)
    visits = Visit.objects.filter(
        period, household__commune__path__startswith=OuterRef("unit__path"), replaced_by__isnull=True, outcome="met"
    )
    households = reached_households().filter(commune__path__startswith=OuterRef("unit__path"))
    annotations = {
        "done_activities": _count(done),
        "done_participants": _count(done, F("participants_in_person") + F("participants_online")),
        "reached": _count(households),
    }
    for service in Service:
        annotations[f"service_{service.value}"] = _count(visits.filter(services__contains=[service.value]))
    targets = campaign.targets.select_related("unit").annotate(**annotations).order_by("unit__path")
    rows = []
    for target in targets:
        cells = [
            ProgressCell("activities", Activity._meta.verbose_name_plural, target.activities, target.done_activities),
            ProgressCell(
                "participants",
                CampaignTarget._meta.get_field("participants").verbose_name,
                target.participants,
                target.done_participants,
            ),
            ProgressCell(
                "households",
                CampaignTarget._meta.get_field("households_reached").verbose_name,
                target.households_reached,
                target.reached,
            ),
        ]
        cells += [
            ProgressCell(
                s.value, s.label, int(target.services.get(s.value, 0) or 0), getattr(target, f"service_{s.value}")
            )
            for s in Service
        ]
        rows.append((target, cells))
    return rows


# ---------------------------------------------------------------- guidance documents


def document_rows(documents: QuerySet[GuidanceDocument]) -> QuerySet[GuidanceDocument]:
    return (
        documents.select_related("unit")
        .annotate(
            recipients_count=Count("recipients"),
            acknowledged_count=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
            reported_count=Count("recipients", filter=Q(recipients__reported_at__isnull=False)),
        )
        .order_by("-issued_on", "-pk")
    )


def recipient_rows(document: GuidanceDocument) -> list[DocumentRecipient]:
    today = timezone.localdate()
    rows = list(document.recipients.select_related("unit", "acknowledged_by", "reported_by"))
    for row in rows:
        row.overdue = bool(document.report_due_on and not row.reported_at and document.report_due_on < today)
    return rows


# ---------------------------------------------------------------- loudspeaker bulletins


def emergency_banner(user: User) -> list[Bulletin]:
    """Unaired, valid emergency bulletins for a commune officer's commune: one indexed query."""
    if not (user.is_authenticated and user.role == "commune_officer" and user.unit_id):
        return []
    now = timezone.now()
    return list(
        Bulletin.objects.filter(
            targets__commune_id=user.unit_id,
            targets__first_aired_at__isnull=True,
            level=Bulletin.Level.EMERGENCY,
            valid_until__gt=now,
        ).only("pk", "title")[:3]
    )


def commune_queue(commune: AdministrativeUnit) -> list[BulletinTarget]:
    """The commune's bulletins: unaired first (emergency, then priority, then normal), then aired ones."""
    now = timezone.now()
    rows = list(
        BulletinTarget.objects.filter(commune=commune, bulletin__valid_until__gt=now - timedelta(days=30))
        .select_related("bulletin", "bulletin__unit")
        .prefetch_related(Prefetch("airings", queryset=_airings()))
        .order_by(F("first_aired_at").desc(nulls_first=True), "bulletin__rank", "bulletin__due_at")
    )
    for row in rows:
        row.overdue = row.first_aired_at is None and row.bulletin.due_at < now
        row.expired = row.bulletin.valid_until < now
    return rows


def _airings():
    from .models import BulletinAiring

    return BulletinAiring.objects.select_related("recorded_by")


def matrix_communes(user: User, district: AdministrativeUnit | None) -> QuerySet[AdministrativeUnit]:
    base = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).current()
    if district is not None:
        return base.filter(parent=district).order_by("name_folded")
    return base.filter(path__startswith=user.unit.path).order_by("name_folded") if user.unit_id else base.none()


def bulletin_matrix(user: User, communes: list[AdministrativeUnit], limit: int = 20):
    """Rows of the newest bulletins sent to these communes, each with one cell per commune:
    None (not a target), True (aired) or False (not aired). Three queries whatever the size."""
    ids = [c.pk for c in communes]
    bulletins = list(
        bulletins_visible_to(user).filter(targets__commune_id__in=ids).distinct().select_related("unit")[:limit]
    )
    aired = {}
    for bulletin_id, commune_id, first_aired_at in BulletinTarget.objects.filter(
        bulletin__in=[b.pk for b in bulletins], commune_id__in=ids
    ).values_list("bulletin_id", "commune_id", "first_aired_at"):
        aired[(bulletin_id, commune_id)] = first_aired_at is not None
    return [(b, [aired.get((b.pk, c)) for c in ids]) for b in bulletins]


@dataclass
class Compliance:
    unit: AdministrativeUnit
    targets: int
    aired: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.aired / self.targets) if self.targets else 0


def district_compliance(user: User) -> list[Compliance]:
    """Per district in scope: bulletins sent to its communes, how many were aired, how many are overdue."""
    if not user.unit_id and not user.is_superuser:
        return []
    now = timezone.now()
    targets = BulletinTarget.objects.all()
    if not user.is_superuser:
        targets = targets.filter(commune__path__startswith=user.unit.path)
    counts = targets.values("commune__parent_id").annotate(
        targets=Count("pk"),
        aired=Count("pk", filter=Q(first_aired_at__isnull=False)),
        overdue=Count("pk", filter=Q(first_aired_at__isnull=True, bulletin__due_at__lt=now)),
    )
    by_district = {row["commune__parent_id"]: row for row in counts}
    districts = AdministrativeUnit.objects.filter(pk__in=by_district).order_by("name_folded")
    return [
        Compliance(d, by_district[d.pk]["targets"], by_district[d.pk]["aired"], by_district[d.pk]["overdue"])
        for d in districts
    ]


# ---------------------------------------------------------------- public news


def news_items(district: AdministrativeUnit | None = None) -> QuerySet[Activity]:
    items = Activity.objects.filter(publish_on_news=True).exclude(status=Activity.Status.CANCELLED)
    if district is not None:
        items = items.filter(unit__path__startswith=district.path)
    return (
        items.select_related("unit")
        .only(
            "pk",
            "title",
            "channel",
            "starts_at",
            "place",
            "result_report",
            "notes",
            "outlet_name",
            "updated_at",
            "unit__name",
            "unit__path",
        )
        .order_by("-starts_at", "-pk")
    )


# ---------------------------------------------------------------- small reads the views need


def campaign_rows(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return (
        campaigns.select_related("unit", "parent")
        .annotate(
            activities_count=Count("activities"), done_count=Count("activities", filter=Q(activities__status="done"))
        )
        .order_by("-starts_on", "name")
    )


def sub_campaigns(campaign: Campaign) -> list[Campaign]:
    return list(Campaign.objects.filter(parent=campaign).select_related("unit"))


def attachment_of(activity: Activity, attachment_pk: int):
    """One attachment of an activity already checked by access_activity; None if it is not that activity's."""
    return activity.attachments.filter(pk=attachment_pk).first()


def activity_page_parts(activity: Activity) -> dict:
    return {
        "attachments": list(activity.attachments.all()),
        "changes": list(activity.changes.select_related("changed_by")),
        "visits_count": linked_visits(activity).count(),
    }


def inbox_of(user: User) -> dict[int, DocumentRecipient]:
    """The user's unit's receipts by document id: acknowledged / reported."""
    if not user.unit_id:
        return {}
    rows = DocumentRecipient.objects.filter(unit_id=user.unit_id).only("document_id", "acknowledged_at", "reported_at")
    return {r.document_id: r for r in rows}


def recipient_for(user: User, document: GuidanceDocument) -> DocumentRecipient | None:
    return document.recipients.filter(unit_id=user.unit_id).first() if user.unit_id else None


def target_for(user: User, bulletin: Bulletin) -> BulletinTarget | None:
    """The bulletin's row for the user's commune, which a commune officer records airings on."""
    return bulletin.targets.filter(commune_id=user.unit_id).first() if user.unit_id else None


def bulletin_targets(bulletin: Bulletin) -> list[BulletinTarget]:
    return list(bulletin.targets.select_related("commune").order_by("commune__path"))


def current_districts(within: AdministrativeUnit | None = None) -> list[AdministrativeUnit]:
    districts = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).current()
    if within is not None:
        districts = districts.filter(path__startswith=within.path)
    return list(districts.order_by("name_folded"))


def district_by_code(code: str) -> AdministrativeUnit | None:
    if not code:
        return None
    return AdministrativeUnit.objects.filter(code=code[:10], level=AdministrativeUnit.Level.DISTRICT).first()


# ---------------------------------------------------------------- what reminders read (notifications)


def planned_activities_on(day: date) -> QuerySet[Activity]:
    """Planned activities starting on `day` (local time)."""
    tz = timezone.get_current_timezone()
    return Activity.objects.filter(
        status=Activity.Status.PLANNED,
        starts_at__gte=datetime.combine(day, time.min, tz),
        starts_at__lt=datetime.combine(day + timedelta(days=1), time.min, tz),
    )


def latest_change_id(activity_id: int) -> int | None:
    return (
        ActivityChange.objects.filter(activity_id=activity_id)
        .order_by("-changed_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def unaired_emergency_targets(now: datetime) -> QuerySet[BulletinTarget]:
    """Communes that have not yet aired an emergency bulletin still valid."""
    return BulletinTarget.objects.filter(
        first_aired_at__isnull=True, bulletin__level=Bulletin.Level.EMERGENCY, bulletin__valid_until__gt=now
    )


def targets_awaiting_airing(now: datetime) -> QuerySet[BulletinTarget]:
    """Unaired targets of valid bulletins that are priority, or past their airing deadline (any level)."""
    return BulletinTarget.objects.filter(first_aired_at__isnull=True, bulletin__valid_until__gt=now).filter(
        Q(bulletin__level=Bulletin.Level.PRIORITY) | Q(bulletin__due_at__lte=now)
    )


def documents_awaiting_acknowledgement(sent_before: datetime) -> QuerySet[DocumentRecipient]:
    return DocumentRecipient.objects.filter(acknowledged_at__isnull=True, document__created_at__lt=sent_before)


def reports_overdue(today: date) -> QuerySet[DocumentRecipient]:
    """Recipients that have not reported on a document whose report was due before today."""
    return DocumentRecipient.objects.filter(reported_at__isnull=True, document__report_due_on__lt=today)
