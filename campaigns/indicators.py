"""Communication activities for the coverage dashboard (core.indicators contract): activities done,
by channel, and their participants in person and online. One grouped queryset whatever the units, which
the dashboard runs in one statement with the other sources' (core.indicators.QuerySource)."""

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, QuerySource, grouped, in_any_subtree, period_bounds

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


class CampaignsSource(QuerySource):
    indicators = INDICATORS

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        activities = Activity.objects.filter(
            in_any_subtree(units, "unit") & _started_in(period), status=Activity.Status.DONE
        )
        return [
            grouped(
                activities,
                F("unit__path"),
                activities=Count("pk"),
                activity_participants_in_person=Sum("participants_in_person", default=0),
                activity_participants_online=Sum("participants_online", default=0),
                **{f"activities_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
            )
        ]


SOURCE = CampaignsSource()
