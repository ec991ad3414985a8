"""Communication for the coverage dashboard (core.indicators contract): activities done, by channel,
and their participants in person and online; guidance documents sent and acknowledged; loudspeaker
bulletins sent and aired. One query whatever the units: the three grouped reads in one UNION ALL.

Documents and bulletins are counted per target unit (a recipient row, a bulletin's commune) and by
the period they were sent in — a document by its date, a bulletin by the start of its validity —
so "acknowledged" and "aired" are the part of those sent in the period that the unit acknowledged or
aired (at any time since): the two figures of a pair compare like with like. What was sent to a unit
is not something it did (`activity=False`): it does not make a commune active.
"""

from collections.abc import Sequence

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Kind, Period, day_in_period, in_any_subtree, moment_in_period, sum_by_subtree

from .models import Activity, BulletinTarget, Channel, DocumentRecipient

ACTIVITIES = _("Communication activities")
CHANNEL_CODES = [f"activities_{code}" for code in Channel.values]
DOCUMENT_CODES = ["documents_sent", "documents_acknowledged"]
BULLETIN_CODES = ["bulletins_sent", "bulletins_aired"]
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
# The columns of every part of the UNION, in this order (a part gives 0 for the others').
COLUMNS = [
    "activities",
    "activity_participants_in_person",
    "activity_participants_online",
    *CHANNEL_CODES,
    *DOCUMENT_CODES,
    *BULLETIN_CODES,
]


def _part(rows, path: str, given: dict):
    """One part of the UNION: grouped by the unit's path, the given counts and 0 for the others,
    every column in COLUMNS order."""
    zero = Value(0, output_field=IntegerField())
    columns = {code: given.get(code, zero) for code in COLUMNS}
    return rows.values(path).annotate(**columns).order_by()


class CampaignsSource:
    indicators = INDICATORS

    @staticmethod
    def counts(period: Period | None, units: Sequence) -> dict[int, dict[str, int]]:
        if not units:
            return {}
        done = Activity.objects.filter(status=Activity.Status.DONE)
        activities = _part(
            done.filter(in_any_subtree(units, "unit") & moment_in_period(period, "starts_at")),
            "unit__path",
            {
                "activities": Count("pk"),
                "activity_participants_in_person": Sum("participants_in_person", default=0),
                "activity_participants_online": Sum("participants_online", default=0),
            }
            | {f"activities_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
        )
        documents = _part(
            DocumentRecipient.objects.filter(
                in_any_subtree(units, "unit") & day_in_period(period, "document__issued_on")
            ),
            "unit__path",
            {
                "documents_sent": Count("pk"),
                "documents_acknowledged": Count("pk", filter=Q(acknowledged_at__isnull=False)),
            },
        )
        bulletins = _part(
            BulletinTarget.objects.filter(
                in_any_subtree(units, "commune") & moment_in_period(period, "bulletin__valid_from")
            ),
            "commune__path",
            {"bulletins_sent": Count("pk"), "bulletins_aired": Count("pk", filter=Q(first_aired_at__isnull=False))},
        )
        rows = activities.union(documents, bulletins, all=True)  # named as the first part: unit__path
        return sum_by_subtree(((row.pop("unit__path"), row) for row in rows), units)


SOURCE = CampaignsSource()
