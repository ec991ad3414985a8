"""Writes of the campaigns app. Views parse and check access; these change the database."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from units.models import AdministrativeUnit

from . import rollups, signals
from .models import (
    Activity,
    ActivityAttachment,
    ActivityChange,
    Bulletin,
    BulletinAiring,
    BulletinTarget,
    Campaign,
    CampaignTarget,
    DocumentRecipient,
    GuidanceDocument,
)
from .uploads import CheckedFile

# Circular 39/2020: an emergency is aired at once, a priority bulletin first in the next programme.
AIRING_DEADLINES = {
    Bulletin.Level.EMERGENCY: timedelta(hours=1),
    Bulletin.Level.PRIORITY: timedelta(hours=24),
}
LEVEL_RANK = {Bulletin.Level.EMERGENCY: 0, Bulletin.Level.PRIORITY: 1, Bulletin.Level.NORMAL: 2}
SOURCE_LEVELS = {
    AdministrativeUnit.Level.PROVINCE: Bulletin.SourceLevel.PROVINCE,
    AdministrativeUnit.Level.DISTRICT: Bulletin.SourceLevel.DISTRICT,
    AdministrativeUnit.Level.COMMUNE: Bulletin.SourceLevel.COMMUNE,
}
RESCHEDULE_FIELDS = ("starts_at", "ends_at", "place")


# ---------------------------------------------------------------- campaigns


@transaction.atomic
def save_campaign(campaign: Campaign, target_units: list[AdministrativeUnit], *, by: User) -> Campaign:
    """Save the campaign and make its target rows match the chosen units (targets of kept units stay)."""
    creating = campaign.pk is None
    if creating:
        campaign.created_by = by
    campaign.save()
    wanted = {u.pk for u in target_units}
    campaign.targets.exclude(unit_id__in=wanted).delete()
    existing = set(campaign.targets.values_list("unit_id", flat=True))
    CampaignTarget.objects.bulk_create(
        [CampaignTarget(campaign=campaign, unit_id=pk) for pk in sorted(wanted - existing)]
    )
    return campaign


@dataclass
class TargetValues:
    target: CampaignTarget
    activities: int
    participants: int
    households_reached: int
    services: dict[str, int]


def save_targets(rows: list[TargetValues]) -> None:
    """Every unit's targets in one statement: all saved or none."""
    for row in rows:
        row.target.activities = row.activities
        row.target.participants = row.participants
        row.target.households_reached = row.households_reached
        row.target.services = row.services
    CampaignTarget.objects.bulk_update(
        [row.target for row in rows], ["activities", "participants", "households_reached", "services"]
    )


# ---------------------------------------------------------------- activities


def _snapshot(activity: Activity) -> dict:
    return {name: getattr(activity, name) for name in RESCHEDULE_FIELDS}


def _as_text(value) -> str:
    return timezone.localtime(value).isoformat() if isinstance(value, datetime) else str(value)


def activity_rescheduled(activity: Activity, before: dict, *, by: User | None = None) -> ActivityChange:
    """A planned activity moved: record it in the history and announce it (signals.activity_rescheduled;
    the notifications app tells the activity's creator and its unit's officers)."""
    changes = {
        name: [_as_text(before[name]), _as_text(getattr(activity, name))]
        for name in RESCHEDULE_FIELDS
        if before[name] != getattr(activity, name)
    }
    change = ActivityChange.objects.create(activity=activity, changed_by=by, changes=changes)
    signals.activity_rescheduled.send(sender=Activity, activity_id=activity.pk, change_id=change.pk)
    return change


@transaction.atomic
def save_activity(activity: Activity, *, by: User) -> Activity:
    if activity.pk is None:
        activity.created_by = by
        activity.save()
        return activity
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    before = _snapshot(stored)
    activity.save()
    if stored.status == Activity.Status.PLANNED and before != _snapshot(activity):
        activity_rescheduled(activity, before, by=by)
    return activity


def add_attachment(activity: Activity, checked: CheckedFile, original_name: str, *, by: User) -> ActivityAttachment:
    attachment = ActivityAttachment(
        activity=activity,
        kind=ActivityAttachment.Kind.PHOTO if checked.is_photo else ActivityAttachment.Kind.DOCUMENT,
        original_name=original_name[:200],
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
    )
    attachment.file.save(f"file.{checked.extension}", ContentFile(checked.data), save=False)
    attachment.save()
    return attachment


def delete_attachment(attachment: ActivityAttachment) -> None:
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


# ---------------------------------------------------------------- guidance documents


@transaction.atomic
def send_document(
    document: GuidanceDocument, checked: CheckedFile, recipients: list[AdministrativeUnit], *, by: User
) -> GuidanceDocument:
    document.created_by = by
    document.file.save(f"file.{checked.extension}", ContentFile(checked.data), save=False)
    document.save()
    DocumentRecipient.objects.bulk_create([DocumentRecipient(document=document, unit=u) for u in recipients])
    rollups.refresh_units(u.pk for u in recipients)  # a bulk insert sends no signal
    return document


@transaction.atomic
def acknowledge_document(recipient: DocumentRecipient, *, by: User) -> bool:
    """First acknowledgement wins; acknowledging again changes nothing."""
    acknowledged = bool(
        DocumentRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=by
        )
    )
    if acknowledged:
        rollups.refresh_units([recipient.unit_id])
    return acknowledged


@transaction.atomic
def report_document(recipient: DocumentRecipient, report: str, *, by: User) -> None:
    now = timezone.now()
    DocumentRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    DocumentRecipient.objects.filter(pk=recipient.pk).update(reported_at=now, reported_by=by, report=report)
    rollups.refresh_units([recipient.unit_id])


# ---------------------------------------------------------------- loudspeaker bulletins


def set_airing_rules(bulletin: Bulletin, sent_at: datetime) -> None:
    """Queue rank, source level and the airing deadline, all read from the level and the sender's unit."""
    bulletin.rank = LEVEL_RANK[bulletin.level]
    bulletin.source_level = SOURCE_LEVELS[bulletin.unit.level]
    deadline = AIRING_DEADLINES.get(bulletin.level)
    start = max(bulletin.valid_from, sent_at)
    bulletin.due_at = min(start + deadline, bulletin.valid_until) if deadline else bulletin.valid_until


@transaction.atomic
def send_bulletin(
    bulletin: Bulletin, communes: list[AdministrativeUnit], *, by: User, audio: CheckedFile | None = None
) -> Bulletin:
    bulletin.created_by = by
    set_airing_rules(bulletin, timezone.now())
    if audio is not None:
        bulletin.audio.save(f"file.{audio.extension}", ContentFile(audio.data), save=False)
    bulletin.save()
    BulletinTarget.objects.bulk_create([BulletinTarget(bulletin=bulletin, commune=c) for c in communes])
    rollups.refresh_units(c.pk for c in communes)  # a bulk insert sends no signal
    signals.bulletin_sent.send(sender=Bulletin, bulletin_id=bulletin.pk, level=bulletin.level)
    return bulletin


@dataclass
class AiringData:
    aired_at: datetime
    times_aired: int
    clusters_reached: int
    aired_by: str


@transaction.atomic
def record_airing(target: BulletinTarget, data: AiringData, *, by: User) -> BulletinAiring:
    airing = BulletinAiring.objects.create(
        target=target,
        aired_at=data.aired_at,
        times_aired=data.times_aired,
        clusters_reached=data.clusters_reached,
        aired_by=data.aired_by,
        recorded_by=by,
    )
    # The earliest airing is what counts against the deadline, whatever order they are recorded in.
    BulletinTarget.objects.filter(pk=target.pk, first_aired_at__isnull=True).update(first_aired_at=data.aired_at)
    BulletinTarget.objects.filter(pk=target.pk, first_aired_at__gt=data.aired_at).update(first_aired_at=data.aired_at)
    rollups.refresh_units([target.commune_id])
    return airing
