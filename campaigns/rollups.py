"""All-time communication figures per unit (UnitCommunication), recounted for the affected units only
(docs/architecture.md, "Rollups"): one INSERT … SELECT … ON CONFLICT DO UPDATE that recounts each
unit's done activities, document recipients and bulletin targets from their rows (an index range of
each per unit) — recounting, never adding deltas — after the units' advisory locks, so two writers of
one unit recount one after the other.

Called in the same transaction as every write: the receivers (campaigns.rollup_receivers) for rows
saved or deleted one by one (forms, the admin, cascades), the services for their bulk inserts and
updates, `rebuild_all` (manage.py rebuild_rollups, the demo and scale seeders) for everything.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from units.models import AdministrativeUnit

from .models import Activity, BulletinTarget, Channel, DocumentRecipient, UnitCommunication

CHANNEL_COLUMNS = [f"activities_{code}" for code in Channel.values]
COLUMNS = [
    "activities",
    "participants_in_person",
    "participants_online",
    *CHANNEL_COLUMNS,
    "documents_sent",
    "documents_acknowledged",
    "bulletins_sent",
    "bulletins_aired",
]

_REFRESH_SQL = """
INSERT INTO {totals} (unit_id, {columns})
SELECT u.id, a.activities, a.in_person, a.online, {channel_values}, d.sent, d.acknowledged, b.sent, b.aired
FROM {unit} u
CROSS JOIN LATERAL (
    SELECT count(*) AS activities,
        COALESCE(sum(participants_in_person), 0) AS in_person, COALESCE(sum(participants_online), 0) AS online,
        {channel_counts}
    FROM {activity} WHERE unit_id = u.id AND status = %(done)s
) a
CROSS JOIN LATERAL (
    SELECT count(*) AS sent, count(acknowledged_at) AS acknowledged FROM {recipient} WHERE unit_id = u.id
) d
CROSS JOIN LATERAL (
    SELECT count(*) AS sent, count(first_aired_at) AS aired FROM {target} WHERE commune_id = u.id
) b
WHERE u.id = ANY(%(units)s::bigint[])
ON CONFLICT (unit_id) DO UPDATE SET {updates}
"""

# Transaction-scoped advisory locks, one per unit, in a namespace of our own (see visits.rollups).
_LOCK_NAMESPACE = 8_601_108
_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, u::int) FROM unnest(%s::bigint[]) AS u"


def _sql() -> str:
    return _REFRESH_SQL.format(
        totals=UnitCommunication._meta.db_table,
        unit=AdministrativeUnit._meta.db_table,
        activity=Activity._meta.db_table,
        recipient=DocumentRecipient._meta.db_table,
        target=BulletinTarget._meta.db_table,
        columns=", ".join(COLUMNS),
        channel_values=", ".join(f"a.{column}" for column in CHANNEL_COLUMNS),
        channel_counts=", ".join(
            f"count(*) FILTER (WHERE channel = '{code}') AS activities_{code}" for code in Channel.values
        ),
        updates=", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS),
    )


def refresh_units(unit_ids: Iterable[int | None]) -> None:
    """Recount these units' all-time figures (after their lock, taken in id order)."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [_LOCK_NAMESPACE, ids])
        cursor.execute(_sql(), {"units": ids, "done": Activity.Status.DONE})


@transaction.atomic
def rebuild_all() -> None:
    """Every unit's figures from the rows (manage.py rebuild_rollups, bulk loaders)."""
    UnitCommunication.objects.all().delete()
    ids = list(AdministrativeUnit.objects.values_list("pk", flat=True))  # any level sends and receives
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"units": ids, "done": Activity.Status.DONE})
