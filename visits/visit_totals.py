"""All-time totals per commune (CommuneVisitTotal), recounted from the commune's day rollups.

visits.rollups calls `refresh` right after each recount of day rows, in the same transaction and
under the same commune lock, for the communes whose day rows it recounted: a sum over one commune's
day rows (a year: 365 index entries), never a delta, so it cannot drift from them.
"""

from collections.abc import Iterable

from django.db import connection

from units.models import AdministrativeUnit

from .models import CommuneVisitDay, CommuneVisitTotal

# Every counted column of the day rows (service columns included), summed as they are.
COLUMNS = [
    field.column
    for field in CommuneVisitTotal._meta.concrete_fields
    if not field.primary_key and field.column in {f.column for f in CommuneVisitDay._meta.concrete_fields}
]
assert len(COLUMNS) == len(CommuneVisitTotal._meta.concrete_fields) - 1, "a total column has no day column"

_TOTALS_SQL = """
INSERT INTO {totals} (commune_id, {columns})
SELECT c.id, {sums}
FROM {unit} c
LEFT JOIN {days} d ON d.commune_id = c.id
WHERE c.id = ANY(%(communes)s::bigint[])
GROUP BY c.id
ON CONFLICT (commune_id) DO UPDATE SET {updates}
"""


def refresh(commune_ids: Iterable[int]) -> None:
    """Recount the totals of these communes from their day rows (the caller holds their locks)."""
    ids = sorted(set(commune_ids))
    if not ids:
        return
    sql = _TOTALS_SQL.format(
        totals=CommuneVisitTotal._meta.db_table,
        days=CommuneVisitDay._meta.db_table,
        unit=AdministrativeUnit._meta.db_table,
        columns=", ".join(COLUMNS),
        sums=", ".join(f"COALESCE(sum(d.{column}), 0)" for column in COLUMNS),
        updates=", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"communes": ids})
