"""Communication for the coverage dashboard (core.indicators contract): activities done, by channel,
and their participants in person and online; guidance documents sent and acknowledged; loudspeaker
bulletins sent and aired. Three grouped querysets whatever the units, which the dashboard runs in
one statement with the other sources' (core.indicators.QuerySource); for all time, one row per unit
of the rollup campaigns.rollups keeps.

Documents and bulletins are counted per target unit (a recipient row, a bulletin's commune) and by
the period they were sent in — a document by its date, a bulletin by the start of its validity —
so "acknowledged" and "aired" are the part of those sent in the period that the unit acknowledged or
aired (at any time since): the two figures of a pair compare like with like. What was sent to a unit
is not something it did (`activity=False`): it does not make a commune active.
"""

from collections.abc import Sequence

from django.db.models import Count, F, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.indicators import (
    Indicator,
    Kind,
    Period,
    QuerySource,
    day_in_period,
    grouped,
    in_any_subtree,
    keyed,
    moment_in_period,
)

from .models import Activity, BulletinTarget, Channel, DocumentRecipient, UnitCommunication

ACTIVITIES = _("Communication activities")
INDICATORS = [
    Indicator("activities", ACTIVITIES, Kind.EVENT),
    Indicator("activity_participants_in_person", _("Participants in person"), Kind.EVENT),
    Indicator("activity_participants_online", _("Participants online"), Kind.EVENT),
    Indicator("documents_sent", _("Guidance documents sent"), Kind.EVENT, activity=False),
    Indicator("documents_acknowledged", _("Guidance documents acknowledged"), Kind.EVENT),
    Indicator("bulletins_sent", _("Loudspeaker bulletins sent"), Kind.EVENT, activity=False),
    Indicator("bulletins_aired", _("Loudspeaker bulletins aired"), Kind.EVENT),
] + [
    Indicator(f"activities_{code}", format_lazy("{} · {}", ACTIVITIES, label), Kind.EVENT, breakdown=True)
    for code, label in Channel.choices
]

# Each indicator's column in UnitCommunication (the same name, but the participants).
TOTAL_COLUMNS = {i.code: i.code for i in INDICATORS} | {
    "activity_participants_in_person": "participants_in_person",
    "activity_participants_online": "participants_online",
}


class CampaignsSource(QuerySource):
    indicators = INDICATORS

    @staticmethod
    def count_queries(period: Period | None, units: Sequence, kind: str | None = None) -> list:
        if period is None:  # all time: one row per unit of the rollup (campaigns.rollups)
            totals = UnitCommunication.objects.filter(in_any_subtree(units, "unit"))
            values = {code: F(column) for code, column in TOTAL_COLUMNS.items()}
            return [keyed(totals, F("unit__path"), **values)]
        activities = Activity.objects.filter(
            in_any_subtree(units, "unit") & moment_in_period(period, "starts_at"), status=Activity.Status.DONE
        )
        documents = DocumentRecipient.objects.filter(
            in_any_subtree(units, "unit") & day_in_period(period, "document__issued_on")
        )
        bulletins = BulletinTarget.objects.filter(
            in_any_subtree(units, "commune") & moment_in_period(period, "bulletin__valid_from")
        )
        return [
            grouped(
                activities,
                F("unit__path"),
                activities=Count("pk"),
                activity_participants_in_person=Sum("participants_in_person", default=0),
                activity_participants_online=Sum("participants_online", default=0),
                **{f"activities_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
            ),
            grouped(
                documents,
                F("unit__path"),
                documents_sent=Count("pk"),
                documents_acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            ),
            grouped(
                bulletins,
                F("commune__path"),
                bulletins_sent=Count("pk"),
                bulletins_aired=Count("pk", filter=Q(first_aired_at__isnull=False)),
            ),
        ]


SOURCE = CampaignsSource()
