"""Demo campaign data made due for the demo users' notifications (the campaigns demo is fresh):

- one of district_officer's planned activities moves to tomorrow 08:00 (activity tomorrow), another
  gets a new place from the province admin (activity moved: an event, announced, not swept);
- the demo emergency bulletin also goes to Xã Giao Thiện, unaired (coastal_officer); the priority
  bulletin to Nam Phong is already unaired and overdue (commune_officer, daily reminder);
- Giao Thủy's copy of a document without a report deadline is left unacknowledged, and its report on
  a document whose deadline has passed is left unsent (district_officer).

Idempotent: a second run finds what the first made and changes nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from campaigns import rollups
from campaigns.models import Activity, ActivityChange, Bulletin, BulletinTarget, DocumentRecipient, GuidanceDocument
from units.models import AdministrativeUnit

GIAO_THIEN = "14161"
NEW_PLACE = "Hội trường UBND huyện (phòng họp số 2)"


def _activities(now: datetime, officer: User, admin: User | None) -> list[tuple[int, str]]:
    planned = Activity.objects.filter(created_by=officer, status=Activity.Status.PLANNED).order_by("pk")
    tomorrow = datetime.combine(timezone.localdate(now) + timedelta(days=1), time(8), timezone.get_current_timezone())
    first = planned.first()
    if first is not None:
        Activity.objects.filter(pk=first.pk).update(starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=2))
    moved = planned.exclude(pk=getattr(first, "pk", None)).filter(starts_at__gt=now + timedelta(days=2)).first()
    if moved is None:
        return []
    change = ActivityChange.objects.filter(activity=moved).order_by("-pk").first()
    if change is None:
        change = ActivityChange.objects.create(
            activity=moved, changed_by=admin, changes={"place": [moved.place, NEW_PLACE]}
        )
        Activity.objects.filter(pk=moved.pk).update(place=NEW_PLACE)
    return [(moved.pk, str(change.pk))]


def _emergency_to_giao_thien() -> None:
    emergency = Bulletin.objects.filter(level=Bulletin.Level.EMERGENCY).order_by("pk").first()
    commune = AdministrativeUnit.objects.filter(code=GIAO_THIEN).first()
    if emergency is not None and commune is not None:
        BulletinTarget.objects.get_or_create(bulletin=emergency, commune=commune)


def _documents(now: datetime, officer: User) -> None:
    mine = DocumentRecipient.objects.filter(unit_id=officer.unit_id).order_by("pk")
    pending = mine.filter(document__report_due_on=None).first()
    if pending is not None:
        DocumentRecipient.objects.filter(pk=pending.pk).update(acknowledged_at=None, acknowledged_by=None)
        rollups.refresh_units([pending.unit_id])  # an update sends no signal
        GuidanceDocument.objects.filter(pk=pending.document_id, created_at__gt=now - timedelta(days=3)).update(
            created_at=now - timedelta(days=3)
        )
    late = mine.filter(document__report_due_on__lt=timezone.localdate(now)).first()
    if late is not None:
        DocumentRecipient.objects.filter(pk=late.pk).update(reported_at=None, reported_by=None, report="")


def make_campaign_things_due(now: datetime) -> dict[str, list[tuple[int, str]]]:
    """Makes the campaign kinds due for the demo users; returns the events to announce, by kind."""
    officer = User.objects.filter(username="district_officer").first()
    admin = User.objects.filter(username="province_admin").first()
    _emergency_to_giao_thien()
    if officer is None:
        return {}
    _documents(now, officer)
    return {"activity_rescheduled": _activities(now, officer, admin)}
