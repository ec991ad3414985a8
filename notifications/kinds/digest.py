"""The weekly digest for leaders: last week's coverage of their unit and the communes furthest behind.

Every figure comes from the coverage app's selectors (the dashboard's rows), scoped to the recipient's
unit. Offered to district officers and province administrators. Default: on for district officers
(the communes behind are theirs to follow up, and a district is small enough to read in a mail), off
for province administrators (they subscribe on the profile page; they have the dashboard and the
coverage report e-mail).
"""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.indicators import all_indicators
from coverage import selectors
from coverage.selectors import REACHED, REGISTERED
from coverage.weekly import behind, last_week
from notifications.models import NotificationSettings
from units.models import AdministrativeUnit

from . import Due, Kind, Message, Table, crontab, iso_week, register

LEADER_ROLES = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER]
COMMUNES_BEHIND = 5


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{formats.number_format(value, 1)} %"


def _day(day) -> str:
    return day.strftime("%d/%m/%Y")


@register
class WeeklyDigest(Kind):
    code = "weekly_digest"
    label = gettext_lazy("Weekly digest: my unit's coverage and the communes furthest behind")
    # Monday 07:15: leaders plan the week on Monday morning; last week (to Sunday) is complete and
    # quiet hours are over. After the 07:00 sweeps, so it does not queue behind them.
    sweep_crontab = crontab("15", "7", "1")

    def applies_to(self, user: User) -> bool:
        return user.role in LEADER_ROLES and user.unit_id is not None

    def on_by_default(self, user: User) -> bool:
        return user.role == Role.DISTRICT_OFFICER

    def due(self, now: datetime):
        choices = NotificationSettings.objects.filter(user=OuterRef("pk"))
        muted = Exists(choices.filter(muted_kinds__contains=[self.code]))
        subscribed = Exists(choices.filter(subscribed_kinds__contains=[self.code]))
        leaders = (
            User.objects.filter(role__in=LEADER_ROLES, is_active=True, unit__isnull=False)
            .filter(~muted & (subscribed | Q(role=Role.DISTRICT_OFFICER)))
            .order_by("pk")
            .values_list("pk", "unit_id")
        )
        week = iso_week(now)
        for user_id, unit_id in leaders.iterator(chunk_size=500):
            yield Due(user_id, unit_id, week)

    def still_due(self, recipient: User, object_id: int, occurrence: str, now: datetime) -> bool:
        """This week's, to a leader still bound to that unit (the opt-out is checked by the machinery)."""
        return occurrence == iso_week(now) and recipient.role in LEADER_ROLES and recipient.unit_id == object_id

    def message(self, recipient: User, object_id: int, occurrence: str) -> Message:
        unit = AdministrativeUnit.objects.get(pk=object_id)
        year, week = occurrence.split("-W")
        period = last_week(date.fromisocalendar(int(year), int(week), 1))  # the week before the occurrence's
        tree = selectors.tree_of(unit)
        leaves, (total,) = selectors.tree_rows(tree, period, [unit])
        figures = [
            [str(indicator.label), formats.number_format(total.values.get(indicator.code, 0), force_grouping=True)]
            for indicator in all_indicators()
            if not indicator.breakdown
        ]
        figures.append([_("Households reached of those registered"), _percent(total.reached_of_register)])
        furthest = behind(leaves)[:COMMUNES_BEHIND]
        several_districts = len({row.parent_name for row in leaves}) > 1
        rows = [
            [
                row.unit.name,
                *([row.parent_name] if several_districts else []),
                f"{row.values.get(REACHED, 0)} / {row.values.get(REGISTERED, 0)}",
                _percent(row.reached_of_register),
            ]
            for row in furthest
        ]
        columns = [_("Commune"), *([_("District")] if several_districts else []), _("Reached / registered"), "%"]
        dates = {"start": _day(period.start), "end": _day(period.end)}
        return Message(
            title=_("Weekly digest: %(unit)s, %(start)s – %(end)s") % {"unit": unit.name, **dates},
            lines=[
                _("Households reached: %(reached)s of %(registered)s registered (%(percent)s).")
                % {
                    "reached": total.values.get(REACHED, 0),
                    "registered": total.values.get(REGISTERED, 0),
                    "percent": _percent(total.reached_of_register),
                },
                _("Furthest behind: %(communes)s.")
                % {"communes": ", ".join(f"{row.unit.name} ({_percent(row.reached_of_register)})" for row in furthest)}
                if furthest
                else _("No commune to list."),
            ],
            url=reverse("coverage:unit", args=[unit.code]),
            tables=[
                Table(
                    _("Last week, %(start)s – %(end)s (registers: as of now)") % dates,
                    [_("Figure"), _("Value")],
                    figures,
                ),
                Table(_("Communes furthest behind"), columns, rows),
            ],
        )
