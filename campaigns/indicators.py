"""Communication activities for the coverage dashboard (core.indicators contract): activities done,
by channel, and their participants in person and online. One grouped query whatever the units."""

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, in_any_subtree, period_bounds, sum_by_subtree

from .models import Activity, Channel

ACTIVITIES = _("Communication activities")
INDICATORS = [
    Indicator("activities", ACTIVITIES, Kind.EVENT),
    Indicator("activity_participants_in_person", _("Participants in person"), Kind.EVENT),
    Indicator("activity_participants_online", _("Participants online"), Kind.EVENT),
] + [
    Indicator(f"activities_{code}", format_lazy("{} · {}", ACTIVITIES, label), Kind.EVENT, breakdown=True)
    for code, label in Channel.choices
]


def _started_in(period: Period | None) -> Q:
    start, end = period_bounds(period)
    q = Q()
    if start:
        q &= Q(starts_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        q &= Q(starts_at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))
    return q


class CampaignsSource:
    indicators = INDICATORS

    @staticmethod
    def counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
        rows = (
            Activity.objects.filter(in_any_subtree(units, "unit") & _started_in(period), status=Activity.Status.DONE)
            .values("unit__path")
            .annotate(
                activities=Count("pk"),
                activity_participants_in_person=Sum("participants_in_person", default=0),
                activity_participants_online=Sum("participants_online", default=0),
                **{f"activities_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
            )
            .order_by()
        )
        return sum_by_subtree(((row.pop("unit__path"), row) for row in rows), units)


SOURCE = CampaignsSource()
