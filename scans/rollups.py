"""Per-commune rollups of the QR scans, recounted for the affected keys only (docs/architecture.md,
"Rollups"): CommuneScanDay, the views of a commune's products per day, and CommuneScans, its total
of all time (its day rows summed).

A product's commune is its producer's. Every write that changes a count recounts in its own
transaction: the counter flush after its upsert (refresh_product_days: the (commune, day) keys of the
batch's rows), a product or producer that moved or went (refresh_communes: every day of the communes
involved; scans.signals). Each recount is an INSERT … SELECT … ON CONFLICT DO UPDATE from the ScanDay
rows — recounting, never adding deltas, so a retried flush cannot count twice — after the communes'
advisory locks (`_lock`), so two writers of one commune recount one after the other, each from a
snapshot taken after the other committed. `rebuild_all` (manage.py rebuild_rollups) recounts
everything.
"""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from products.models import Producer, Product
from units.models import AdministrativeUnit

from .models import CommuneScanDay, CommuneScans, ScanDay

# The (commune, day) keys of some (product, day) pairs: a flush's rows.
_KEYS_OF_PRODUCT_DAYS = """
SELECT DISTINCT pr.commune_id, t.day
FROM unnest(%(products)s::bigint[], %(days)s::date[]) AS t(product_id, day)
JOIN {product} p ON p.id = t.product_id
JOIN {producer} pr ON pr.id = p.producer_id
"""

# One key's views: the commune's producers, their products, each product's row of the day (unique
# index), so a flush of a few hundred keys reads a few thousand index entries.
_DAYS_SQL = """
INSERT INTO {rollup_days} (commune_id, day, views)
SELECT k.commune_id, k.day, COALESCE((
    SELECT sum(s.views)
    FROM {producer} pr
    JOIN {product} p ON p.producer_id = pr.id
    JOIN {scanday} s ON s.product_id = p.id AND s.day = k.day
    WHERE pr.commune_id = k.commune_id
), 0)
FROM unnest(%(communes)s::bigint[], %(days)s::date[]) AS k(commune_id, day)
ON CONFLICT (commune_id, day) DO UPDATE SET views = EXCLUDED.views
"""

# Every day of these communes (None: of every commune), after their old rows were deleted.
_ALL_DAYS_SQL = """
INSERT INTO {rollup_days} (commune_id, day, views)
SELECT pr.commune_id, s.day, sum(s.views)
FROM {scanday} s
JOIN {product} p ON p.id = s.product_id
JOIN {producer} pr ON pr.id = p.producer_id
WHERE %(communes)s::bigint[] IS NULL OR pr.commune_id = ANY(%(communes)s::bigint[])
GROUP BY 1, 2
"""

# The all-time total of each of these communes from its day rows (a year: 365 index entries each).
_TOTALS_SQL = """
INSERT INTO {rollup_totals} (commune_id, views)
SELECT c.id, COALESCE(sum(d.views), 0)
FROM {unit} c
LEFT JOIN {rollup_days} d ON d.commune_id = c.id
WHERE c.id = ANY(%(communes)s::bigint[])
GROUP BY c.id
ON CONFLICT (commune_id) DO UPDATE SET views = EXCLUDED.views
"""

# Transaction-scoped advisory locks, one per commune, in a namespace of our own (visits.rollups
# uses 8_601_106 for its recounts of the same communes: these never wait on those).
_LOCK_NAMESPACE = 8_601_107
_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, c::int) FROM unnest(%s::bigint[]) AS c"


def _tables() -> dict[str, str]:
    return {
        "rollup_days": CommuneScanDay._meta.db_table,
        "rollup_totals": CommuneScans._meta.db_table,
        "scanday": ScanDay._meta.db_table,
        "product": Product._meta.db_table,
        "producer": Producer._meta.db_table,
        "unit": AdministrativeUnit._meta.db_table,
    }


def _execute(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return cursor.fetchall() if cursor.description else []


def _lock(commune_ids: list[int]) -> None:
    """Wait until no other transaction is recounting these communes (taken after the writes, in id
    order: the recounts that follow then see every committed write of the communes)."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [_LOCK_NAMESPACE, commune_ids])


def _refresh_totals(commune_ids: list[int]) -> None:
    _execute(_TOTALS_SQL, {"communes": commune_ids})


def refresh_product_days(rows: Iterable[tuple[int, date]]) -> None:
    """After ScanDay rows of these (product id, day) pairs were written (the flush): recount their
    communes' day rows and all-time totals."""
    pairs = sorted(set(rows))
    if not pairs:
        return
    keys = _execute(_KEYS_OF_PRODUCT_DAYS, {"products": [p for p, _d in pairs], "days": [d for _p, d in pairs]})
    if not keys:
        return
    communes = sorted({commune_id for commune_id, _day in keys})
    _lock(communes)
    _execute(_DAYS_SQL, {"communes": [c for c, _d in keys], "days": [d for _c, d in keys]})
    _refresh_totals(communes)


def refresh_communes(commune_ids: Iterable[int]) -> None:
    """Every day row and the total of these communes: a product or producer moved between them, or a
    product went with its scans."""
    ids = sorted({pk for pk in commune_ids if pk is not None})
    if not ids:
        return
    _lock(ids)
    CommuneScanDay.objects.filter(commune_id__in=ids).delete()
    _execute(_ALL_DAYS_SQL, {"communes": ids})
    _refresh_totals(ids)


@transaction.atomic
def rebuild_all() -> None:
    """Recount every scan rollup from the ScanDay rows (manage.py rebuild_rollups, bulk loaders)."""
    CommuneScanDay.objects.all().delete()
    CommuneScans.objects.all().delete()
    _execute(_ALL_DAYS_SQL, {"communes": None})
    # Every leaf of the tree as it is (communes today) has a total, and so has any other unit with products.
    leaves = AdministrativeUnit.objects.filter(children__isnull=True).values_list("pk", flat=True)
    with_days = CommuneScanDay.objects.values_list("commune_id", flat=True).distinct()
    _refresh_totals(sorted({*leaves, *with_days}))
