"""Communication campaigns: activities tomorrow or moved, bulletins to air, guidance documents.

The campaigns app does not import this one: its events arrive as signals (campaigns.signals), its data
through campaigns.selectors. `Activity.organiser` is free text (an agency's name, not an account), so
the organiser told of an activity is the user who created it in the portal (`Activity.created_by`).
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import is_staff_role
from accounts.models import STAFF_ROLES, Role, User
from campaigns import selectors, signals
from campaigns.models import Activity, ActivityChange, Bulletin, DocumentRecipient

from . import Due, Kind, Message, crontab, iso_week, register

# A document gets a working day to be acknowledged before its unit's officers are reminded.
ACKNOWLEDGE_WITHIN = timedelta(days=1)
BULLETINS_LISTED = 5


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _officers(unit_ids: Iterable[int], roles=STAFF_ROLES):
    """The active staff bound to these units (a commune's officers, a district's, the province's)."""
    return User.objects.filter(unit_id__in=unit_ids, role__in=roles, is_active=True)


def _to_officers(rows: Iterable[tuple[int, int]], occurrence: str, roles=STAFF_ROLES) -> Iterator[Due]:
    """(object id, unit id) rows → one Due per officer of the unit, in batches of 500 rows."""
    iterator = iter(rows)
    while batch := list(islice(iterator, 500)):
        by_unit: dict[int, list[int]] = {}
        for officer_id, unit_id in _officers({unit for _pk, unit in batch}, roles).values_list("pk", "unit_id"):
            by_unit.setdefault(unit_id, []).append(officer_id)
        for object_id, unit_id in batch:
            for officer_id in by_unit.get(unit_id, []):
                yield Due(officer_id, object_id, occurrence)


def _is_officer_of(user: User, unit_id: int, roles=STAFF_ROLES) -> bool:
    return user.role in roles and user.unit_id == unit_id


# ---------------------------------------------------------------- activities


@register
class ActivityTomorrow(Kind):
    code = "activity_tomorrow"
    label = gettext_lazy("An activity I created takes place tomorrow")
    # 15:00 the day before, in office hours: time left to confirm the hall, the speakers and invitations.
    sweep_crontab = crontab("0", "15")

    def applies_to(self, user: User) -> bool:
        return is_staff_role(user)

    def due(self, now: datetime):
        tomorrow = timezone.localdate(now) + timedelta(days=1)
        rows = (
            selectors.planned_activities_on(tomorrow)
            .filter(created_by__is_active=True)
            .order_by("pk")
            .values_list("created_by_id", "pk")
        )
        for creator_id, activity_id in rows.iterator(chunk_size=500):
            yield Due(creator_id, activity_id, tomorrow.isoformat())

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """Still planned (not cancelled or done), still on that day, not begun, still the creator's."""
        return (
            selectors.planned_activities_on(date.fromisoformat(occurrence))
            .filter(pk=object_id, created_by=recipient, starts_at__gt=now)
            .exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        activity = Activity.objects.select_related("unit").get(pk=object_id)
        return Message(
            title=_("Tomorrow: %(title)s") % {"title": activity.title},
            lines=[
                _("%(start)s at %(place)s (%(unit)s).")
                % {"start": _local(activity.starts_at), "place": activity.place or "—", "unit": activity.unit.name}
            ],
            url=reverse("campaigns:activity_detail", args=[activity.pk]),
        )


def _rescheduled_recipients(activity_id: int, change_id: int) -> set[int]:
    """The activity's creator and the officers of its unit, but not whoever made the change."""
    activity = Activity.objects.filter(pk=activity_id).values("created_by_id", "unit_id").first()
    change = ActivityChange.objects.filter(pk=change_id, activity_id=activity_id).values("changed_by_id").first()
    if activity is None or change is None:
        return set()
    officers = set(_officers([activity["unit_id"]]).values_list("pk", flat=True))
    creator = User.objects.filter(pk=activity["created_by_id"], is_active=True).values_list("pk", flat=True)
    return (officers | set(creator)) - {change["changed_by_id"]}


@register
class ActivityRescheduled(Kind):
    code = "activity_rescheduled"
    label = gettext_lazy("A planned activity I created or of my unit has a new time or place")
    # No sweep: announced when it happens (campaigns.signals.activity_rescheduled, below).

    def applies_to(self, user: User) -> bool:
        return is_staff_role(user)

    def due_for(self, object_id: int, occurrence: str):
        for user_id in sorted(_rescheduled_recipients(object_id, int(occurrence))):
            yield Due(user_id, object_id, occurrence)

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """Still planned and ahead, this change is the latest (a newer one sends its own message),
        and the recipient still concerned (creator or officer of the activity's unit)."""
        change_id = int(occurrence)
        return (
            Activity.objects.filter(pk=object_id, status=Activity.Status.PLANNED, starts_at__gt=now).exists()
            and selectors.latest_change_id(object_id) == change_id
            and recipient.pk in _rescheduled_recipients(object_id, change_id)
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        activity = Activity.objects.select_related("unit").get(pk=object_id)
        change = ActivityChange.objects.get(pk=int(occurrence))
        lines = [
            _("%(field)s: %(before)s → %(after)s") % {"field": label, "before": before or "—", "after": after or "—"}
            for label, before, after in change.rows()
        ]
        return Message(
            title=_("Moved: %(title)s") % {"title": activity.title},
            lines=[
                *lines,
                _("Now: %(start)s at %(place)s (%(unit)s).")
                % {"start": _local(activity.starts_at), "place": activity.place or "—", "unit": activity.unit.name},
            ],
            url=reverse("campaigns:activity_detail", args=[activity.pk]),
        )


@receiver(signals.activity_rescheduled, dispatch_uid="notifications.activity_rescheduled")
def _on_activity_rescheduled(sender, activity_id: int, change_id: int, **kwargs) -> None:
    from notifications import services  # services imports this package

    services.announce(ActivityRescheduled.code, activity_id, str(change_id))


# ---------------------------------------------------------------- loudspeaker bulletins


@register
class BulletinEmergency(Kind):
    code = "bulletin_emergency"
    label = gettext_lazy("An emergency bulletin to air in my commune")
    # Disaster, fire, epidemic: at once, day or night, by every channel; cannot be muted.
    urgent = True
    sms = True
    # Announced when sent (campaigns.signals.bulletin_sent); this sweep, every 5 minutes, also reaches
    # an officer who takes up the commune while the bulletin is still unaired.
    sweep_crontab = crontab("*/5")

    def applies_to(self, user: User) -> bool:
        return user.role == Role.COMMUNE_OFFICER

    def due(self, now: datetime):
        rows = selectors.unaired_emergency_targets(now).order_by("pk").values_list("bulletin_id", "commune_id")
        return _to_officers(rows.iterator(chunk_size=500), "emergency", [Role.COMMUNE_OFFICER])

    def due_for(self, object_id: int, occurrence: str):
        rows = (
            selectors.unaired_emergency_targets(timezone.now())
            .filter(bulletin_id=object_id)
            .values_list("bulletin_id", "commune_id")
        )
        return _to_officers(rows, "emergency", [Role.COMMUNE_OFFICER])

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """Still valid and not yet aired in the recipient's commune, which is still theirs."""
        return (
            recipient.role == Role.COMMUNE_OFFICER
            and selectors.unaired_emergency_targets(now)
            .filter(bulletin_id=object_id, commune_id=recipient.unit_id)
            .exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        bulletin = Bulletin.objects.get(pk=object_id)
        return Message(
            title=_("Emergency bulletin: %(title)s") % {"title": bulletin.title},
            lines=[
                _("Air it at once on the commune's loudspeakers and record the airing."),
                bulletin.text[:300],
            ],
            url=reverse("campaigns:bulletin_detail", args=[bulletin.pk]),
        )


@receiver(signals.bulletin_sent, dispatch_uid="notifications.bulletin_sent")
def _on_bulletin_sent(sender, bulletin_id: int, level: str, **kwargs) -> None:
    from notifications import services  # services imports this package

    if level == Bulletin.Level.EMERGENCY:
        services.announce(BulletinEmergency.code, bulletin_id, "emergency")


@register
class BulletinsAwaitingAiring(Kind):
    code = "bulletin_awaiting_airing"
    label = gettext_lazy("Priority or overdue bulletins not yet aired in my commune (daily)")
    # 14:00 daily, before the afternoon loudspeaker programme: still time to air them today.
    sweep_crontab = crontab("0", "14")

    def applies_to(self, user: User) -> bool:
        return user.role == Role.COMMUNE_OFFICER

    def due(self, now: datetime):
        communes = selectors.targets_awaiting_airing(now).order_by("commune_id").distinct().values_list("commune_id")
        rows = ((commune_id, commune_id) for (commune_id,) in communes.iterator(chunk_size=500))
        return _to_officers(rows, timezone.localdate(now).isoformat(), [Role.COMMUNE_OFFICER])

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """Today's (a message held overnight is dropped: the next day has its own), and something is
        still waiting in the recipient's commune."""
        return (
            occurrence == timezone.localdate(now).isoformat()
            and _is_officer_of(recipient, object_id, [Role.COMMUNE_OFFICER])
            and selectors.targets_awaiting_airing(now).filter(commune_id=object_id).exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        now = timezone.now()
        targets = list(
            selectors.targets_awaiting_airing(now)
            .filter(commune_id=object_id)
            .select_related("bulletin")
            .order_by("bulletin__rank", "bulletin__due_at")
        )
        lines = [
            (_("%(title)s — overdue since %(due)s") if target.bulletin.due_at <= now else _("%(title)s — priority"))
            % {"title": target.bulletin.title, "due": _local(target.bulletin.due_at)}
            for target in targets[:BULLETINS_LISTED]
        ]
        return Message(
            title=ngettext(
                "%(count)d bulletin waiting to be aired",
                "%(count)d bulletins waiting to be aired",
                len(targets),
            )
            % {"count": len(targets)},
            lines=lines,
            url=reverse("campaigns:bulletin_index"),
        )


# ---------------------------------------------------------------- guidance documents


def _document_message(title: str, recipient_id: int, extra: str = "") -> Message:
    row = DocumentRecipient.objects.select_related("document").get(pk=recipient_id)
    document = row.document
    name = f"{document.number} — {document.title}"
    return Message(
        title=title,
        lines=[line for line in (name, extra) if line],
        url=reverse("campaigns:document_detail", args=[document.pk]),
    )


@register
class DocumentUnacknowledged(Kind):
    code = "document_unacknowledged"
    label = gettext_lazy("A guidance document sent to my unit awaits acknowledgement")
    # 08:00 daily, as the office opens; at most once a week per document (the ISO week is the occurrence).
    sweep_crontab = crontab("0", "8")

    def applies_to(self, user: User) -> bool:
        return is_staff_role(user)

    def due(self, now: datetime):
        rows = (
            selectors.documents_awaiting_acknowledgement(now - ACKNOWLEDGE_WITHIN)
            .order_by("pk")
            .values_list("pk", "unit_id")
        )
        return _to_officers(rows.iterator(chunk_size=500), iso_week(now))

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        row = DocumentRecipient.objects.filter(pk=object_id, acknowledged_at__isnull=True).values("unit_id").first()
        return occurrence == iso_week(now) and row is not None and _is_officer_of(recipient, row["unit_id"])

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        return _document_message(_("Please acknowledge a guidance document"), object_id)


@register
class DocumentReportOverdue(Kind):
    code = "document_report_overdue"
    label = gettext_lazy("An implementation report of my unit is past its due date")
    # 08:00 daily, as the office opens; at most once a week per document until the report is sent.
    sweep_crontab = crontab("0", "8")

    def applies_to(self, user: User) -> bool:
        return is_staff_role(user)

    def due(self, now: datetime):
        rows = selectors.reports_overdue(timezone.localdate(now)).order_by("pk").values_list("pk", "unit_id")
        return _to_officers(rows.iterator(chunk_size=500), iso_week(now))

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        row = selectors.reports_overdue(timezone.localdate(now)).filter(pk=object_id).values("unit_id").first()
        return occurrence == iso_week(now) and row is not None and _is_officer_of(recipient, row["unit_id"])

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        due = DocumentRecipient.objects.select_related("document").get(pk=object_id).document.report_due_on
        return _document_message(
            _("Implementation report overdue"),
            object_id,
            _("The report was due on %(day)s.") % {"day": due.strftime("%d/%m/%Y")},
        )
