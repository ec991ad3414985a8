"""Door-to-door outreach: revisits due, assignments left unvisited, fishing vessels returning."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import is_staff_role
from accounts.models import Role, User
from visits.models import Consent, FishingVessel, Household, HouseholdStatus, Team
from visits.selectors import week_bounds

from . import Due, Kind, Message, crontab, iso_week, register

# Households nobody should be sent to any more.
CLOSED_STATUSES = [
    HouseholdStatus.REACHED,
    HouseholdStatus.REFUSED,
    HouseholdStatus.MOVED,
    HouseholdStatus.DO_NOT_CONTACT,
]
STALE_AFTER = timedelta(days=14)
# A revisit date older than this is not announced at all (e.g. on the first day this runs).
REVISIT_LOOKBACK = timedelta(days=14)


def _consent_withdrawn() -> Q:
    """The household withdrew its consent to door-to-door support and has not given it again."""
    withdrawn = Consent.objects.filter(
        household=OuterRef("pk"), purpose=Consent.Purpose.DIGITAL_SKILLS_SUPPORT, withdrawn_at__isnull=False
    )
    return Q(consent__isnull=True) & Q(Exists(withdrawn))


def open_households():
    return Household.objects.exclude(status__in=CLOSED_STATUSES).exclude(_consent_withdrawn())


def _walk_list_url(user: User) -> str:
    return reverse("visits_staff:household_list") if is_staff_role(user) else reverse("visits_pwa:walk_list")


@register
class RevisitDue(Kind):
    code = "revisit_due"
    label = gettext_lazy("A household's revisit date has come")
    # 07:00, as quiet hours end: volunteers plan the day's walk in the morning.
    sweep_crontab = crontab("0", "7")

    def applies_to(self, user: User) -> bool:
        return user.role == Role.VOLUNTEER

    def due(self, now: datetime):
        today = timezone.localdate(now)
        rows = (
            open_households()
            .filter(
                next_visit_on__lte=today,
                next_visit_on__gte=today - REVISIT_LOOKBACK,
                assigned_volunteer__is_active=True,
            )
            .order_by("pk")
            .values_list("assigned_volunteer_id", "pk", "next_visit_on")
        )
        for volunteer_id, household_id, day in rows.iterator(chunk_size=500):
            yield Due(volunteer_id, household_id, day.isoformat())

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        return (
            open_households()
            .filter(pk=object_id, assigned_volunteer=recipient, next_visit_on=date.fromisoformat(occurrence))
            .exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        household = Household.objects.select_related("hamlet").get(pk=object_id)
        return Message(
            title=_("Revisit due: %(address)s") % {"address": household.address},
            lines=[
                _("You planned to come back to %(address)s, %(hamlet)s on %(day)s.")
                % {
                    "address": household.address,
                    "hamlet": household.hamlet.name,
                    "day": date.fromisoformat(occurrence).strftime("%d/%m/%Y"),
                }
            ],
            url=reverse("visits_pwa:walk_list"),
        )


def _stale_households(now: datetime):
    since = now - STALE_AFTER
    return open_households().filter(
        Q(last_visit_at__lt=since) | Q(last_visit_at=None, created_at__lt=since), assigned_team__isnull=False
    )


@register
class AssignedNotVisited(Kind):
    code = "assigned_not_visited"
    label = gettext_lazy("Households of my team not visited for 14 days")
    # Monday 07:30: team leaders plan the week's walks on Monday morning; at most once a week.
    sweep_crontab = crontab("30", "7", "1")

    def applies_to(self, user: User) -> bool:
        return user.led_teams.exists()

    def due(self, now: datetime):
        stale = _stale_households(now).filter(assigned_team=OuterRef("pk"))
        teams = (
            Team.objects.filter(leader__is_active=True)
            .filter(Exists(stale))
            .order_by("pk")
            .values_list("leader_id", "pk")
        )
        week = iso_week(now)
        for leader_id, team_id in teams.iterator(chunk_size=500):
            yield Due(leader_id, team_id, week)

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        return (
            occurrence == iso_week(now)
            and Team.objects.filter(pk=object_id, leader=recipient).exists()
            and _stale_households(now).filter(assigned_team_id=object_id).exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        team = Team.objects.get(pk=object_id)
        count = _stale_households(timezone.now()).filter(assigned_team=team).count()
        return Message(
            title=ngettext(
                "%(count)d household of %(team)s not visited for 14 days",
                "%(count)d households of %(team)s not visited for 14 days",
                count,
            )
            % {"count": count, "team": team.name},
            lines=[_("Please share them out among the team's volunteers this week.")],
            url=_walk_list_url(recipient),
        )


def _returning(day: date):
    """Vessels expected back in port in the week (Monday to Sunday) of `day`."""
    start, end = week_bounds(day)
    return FishingVessel.objects.filter(expected_return_on__gte=start.date(), expected_return_on__lt=end.date())


def _this_monday(now: datetime) -> str:
    return week_bounds(timezone.localdate(now))[0].date().isoformat()


@register
class VesselsReturning(Kind):
    code = "vessels_returning"
    label = gettext_lazy("Fishing vessels returning to port this week")
    # Monday 07:00: officers of coastal communes plan port visits for the week; fishermen are
    # reachable only while ashore.
    sweep_crontab = crontab("0", "7", "1")

    def applies_to(self, user: User) -> bool:
        return user.role == Role.COMMUNE_OFFICER

    def due(self, now: datetime):
        communes = _returning(timezone.localdate(now)).values("commune_id")
        officers = (
            User.objects.filter(role=Role.COMMUNE_OFFICER, is_active=True, unit_id__in=communes)
            .order_by("pk")
            .values_list("pk", "unit_id")
        )
        monday = _this_monday(now)
        for officer_id, commune_id in officers.iterator(chunk_size=500):
            yield Due(officer_id, commune_id, monday)

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        return (
            occurrence == _this_monday(now)
            and recipient.role == Role.COMMUNE_OFFICER
            and recipient.unit_id == object_id
            and _returning(timezone.localdate(now)).filter(commune_id=object_id).exists()
        )

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        count = _returning(date.fromisoformat(occurrence)).filter(commune_id=object_id).count()
        return Message(
            title=ngettext(
                "%(count)d fishing vessel returns to port this week",
                "%(count)d fishing vessels return to port this week",
                count,
            )
            % {"count": count},
            lines=[_("A good week to help their crews with vessel monitoring and radio registration.")],
            url=reverse("visits_staff:vessels_returning"),
        )
