"""Per-commune rollups of the register and the visits, recomputed for the affected keys only.

Every write that changes a count calls one of these in its own transaction: the sync after its
INSERT and household roll-up (refresh_visits: the (commune, day) keys of the batch's own rows and of
the reaching moments its roll-up moved), the register's
household/consent signals and bulk services (refresh_communes). Each recount is one
INSERT … SELECT … ON CONFLICT DO UPDATE that recounts the affected (commune) or (commune, day) keys
from the source rows — recounting is safer than adding deltas, since a retried or racing write
cannot count twice. Racing writers of one commune recount one after the other (`_lock`), each from
a snapshot taken after the previous one committed. `rebuild_all` (manage.py rebuild_rollups)
recounts everything.

A visit's commune is Visit.commune (always its household's); its day is its local date in
settings.TIME_ZONE, so a key's visits are one range of the index visit_commune_time. "Current"
visits are those no edit replaced (NOT EXISTS on replaces_id, an indexed probe per visit). A day's
newly reached households are counted from Household.reached_at, which the household roll-up
(visits.services) recounts with the status before the day rows are recounted.
"""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from units.models import AdministrativeUnit

from . import visit_totals
from .models import (
    CommuneHouseholds,
    CommuneVisitDay,
    Consent,
    Household,
    HouseholdStatus,
    Outcome,
    Service,
    Skill,
    Visit,
)

SERVICE_COLUMNS = [f"service_{code}" for code in Service.values]

# The register's own words (visits.models.HouseholdStatus): attempted = knocked, nobody met yet;
# met = somebody was met (reached included), as the progress pages count them.
_ATTEMPTED = [HouseholdStatus.ATTEMPTED]
_MET = [HouseholdStatus.MET, HouseholdStatus.REACHED]

_COMMUNES_SQL = """
INSERT INTO {rollup} (commune_id, registered, with_consent, assigned, attempted, met, reached)
SELECT c.id,
    count(h.id),
    count(h.id) FILTER (WHERE h.consent_id IS NOT NULL),  -- the active door-to-door consent
    count(h.id) FILTER (WHERE h.assigned_team_id IS NOT NULL OR h.assigned_volunteer_id IS NOT NULL),
    count(h.id) FILTER (WHERE h.status = ANY(%(attempted)s)),
    count(h.id) FILTER (WHERE h.status = ANY(%(met)s)),
    count(h.id) FILTER (WHERE h.status = %(reached)s)
FROM {unit} c
LEFT JOIN {household} h ON h.commune_id = c.id
WHERE c.id = ANY(%(ids)s)
GROUP BY c.id
ON CONFLICT (commune_id) DO UPDATE SET
    registered = EXCLUDED.registered, with_consent = EXCLUDED.with_consent, assigned = EXCLUDED.assigned,
    attempted = EXCLUDED.attempted, met = EXCLUDED.met, reached = EXCLUDED.reached
"""

# One statement per set of keys. "Households reached" on a day: households whose current met visits
# first covered all five skills that day (the latest of each skill's first coaching: reached_at).
# The visits and the reached households are each counted per key before they meet the keys: joined
# row by row, a misestimate of a few rows makes the planner rescan one side once per visit.
_DAYS_SQL = """
WITH k AS ({keys}),
day_visits AS ({day_visits}),
counted AS (
    SELECT commune_id, day,
        count(*) AS visits, count(*) FILTER (WHERE outcome = %(met)s) AS met_visits,
        count(DISTINCT household_id) AS households_visited,
        {service_counts}
    FROM day_visits
    GROUP BY commune_id, day
),
reached AS ({reached})
INSERT INTO {rollup} (commune_id, day, visits, met_visits, households_visited, households_reached, {service_columns})
SELECT k.commune_id, k.day,
    COALESCE(c.visits, 0), COALESCE(c.met_visits, 0), COALESCE(c.households_visited, 0),
    COALESCE(r.households, 0),
    {service_values}
FROM k
LEFT JOIN counted c ON c.commune_id = k.commune_id AND c.day = k.day
LEFT JOIN reached r ON r.commune_id = k.commune_id AND r.day = k.day
ON CONFLICT (commune_id, day) DO UPDATE SET
    visits = EXCLUDED.visits, met_visits = EXCLUDED.met_visits,
    households_visited = EXCLUDED.households_visited, households_reached = EXCLUDED.households_reached,
    {service_updates}
"""

# Households newly reached per key: those whose stored reaching moment (Household.reached_at, rolled
# up with the status in the same transaction, before the recount) falls on the key's local day. The
# household's commune is its visits' commune (Visit.commune). One range of household_reached per key...
_REACHED_OF_KEYS = """
    SELECT k.commune_id, k.day, count(*) AS households
    FROM k
    JOIN {household} h ON h.commune_id = k.commune_id
        AND h.reached_at >= (k.day::timestamp AT TIME ZONE %(tz)s)
        AND h.reached_at < ((k.day + 1)::timestamp AT TIME ZONE %(tz)s)
    GROUP BY 1, 2
"""

# ... or, for every key (rebuild_all, after _REACHED_AT_ALL), all reached households grouped by day.
_REACHED_ALL = """
    SELECT h.commune_id, (h.reached_at AT TIME ZONE %(tz)s)::date AS day, count(*) AS households
    FROM {household} h
    WHERE h.reached_at IS NOT NULL
    GROUP BY 1, 2
"""

# Every household's reaching moment recounted from its current met visits in one pass (the latest of
# each skill's first coaching, when all five were coached), written where it differs (rebuild_all:
# bulk loaders such as scale/ leave it empty).
_REACHED_AT_ALL = """
UPDATE {household} h SET reached_at = r.at
FROM (
    SELECT h2.id, reached.at
    FROM {household} h2
    LEFT JOIN (
        SELECT household_id, max(first_at) AS at
        FROM (
            SELECT v.household_id, s.skill, min(v.visited_at) AS first_at
            FROM {visit} v CROSS JOIN LATERAL unnest(v.skills) AS s(skill)
            WHERE v.outcome = %(met)s AND s.skill = ANY(%(five_skills)s)
                AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
            GROUP BY 1, 2
        ) AS per_skill
        GROUP BY 1
        HAVING count(*) = %(skill_count)s
    ) AS reached ON reached.household_id = h2.id
) AS r
WHERE h.id = r.id AND h.reached_at IS DISTINCT FROM r.at
"""

# The current visits of the keys: one range of visit_commune_time per key (a few keys)...
_DAY_VISITS_OF_KEYS = """
    SELECT k.commune_id, k.day, v.id, v.household_id, v.outcome, v.services
    FROM k
    JOIN {visit} v ON v.commune_id = k.commune_id
        AND v.visited_at >= (k.day::timestamp AT TIME ZONE %(tz)s)
        AND v.visited_at < ((k.day + 1)::timestamp AT TIME ZONE %(tz)s)
    WHERE NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
"""

# ... or, for every key (rebuild_all), one pass over the visits (2 million rows, kept narrow).
_DAY_VISITS_ALL = """
    SELECT v.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day, v.id, v.household_id, v.outcome, v.services
    FROM {visit} v
    WHERE NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
"""

# Keys given as two arrays (the sync's, distinct already): the planner then knows how few they are
# and probes visit_commune_time once per key instead of scanning every visit.
_GIVEN_KEYS = "SELECT * FROM unnest(%(key_communes)s::bigint[], %(key_days)s::date[]) AS k(commune_id, day)"

# The keys of every visit of these households (a household has a handful of visits).
_KEYS_OF_HOUSEHOLDS = """
SELECT DISTINCT v.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v
WHERE v.household_id = ANY(%(households)s)
"""

# Every (commune, day) key of these communes, stored or with visits: after a household moved commune.
_KEYS_OF_COMMUNES = """
SELECT DISTINCT v.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v
WHERE v.commune_id = ANY(%(communes)s)
UNION
SELECT d.commune_id, d.day FROM {rollup_days} d WHERE d.commune_id = ANY(%(communes)s)
"""

_ALL_KEYS = """
SELECT DISTINCT v.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v
"""

# Transaction-scoped advisory locks, one per commune, in this namespace (an arbitrary number of ours).
_LOCK_NAMESPACE = 8_601_106
_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, c::int) FROM unnest(%s::bigint[]) AS c"


def _tables() -> dict[str, str]:
    return {
        "rollup_days": CommuneVisitDay._meta.db_table,
        "rollup_communes": CommuneHouseholds._meta.db_table,
        "household": Household._meta.db_table,
        "visit": Visit._meta.db_table,
        "consent": Consent._meta.db_table,
        "unit": AdministrativeUnit._meta.db_table,
    }


def _lock(commune_ids: list[int]) -> None:
    """Wait until no other transaction is recounting these communes (until it commits, then hold them).

    Under READ COMMITTED a recount that started before another writer of the same commune committed
    would not see its rows and would overwrite its counts (two phones syncing other households of
    one commune at once). Taken after the writes, in id order, just before the recounts: each
    recount statement then takes its snapshot after the previous writer committed.
    """
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [_LOCK_NAMESPACE, commune_ids])


def lock_communes(commune_ids: list[int]) -> None:
    """The communes' recount locks (`_lock`), for another rollup recounted under them (visits.team_rollups)."""
    if commune_ids:
        _lock(sorted(set(commune_ids)))


def refresh_communes(commune_ids: Iterable[int]) -> None:
    """Recount the register snapshot of these communes (one statement, after the lock)."""
    ids = sorted(set(commune_ids))
    if ids:
        _lock(ids)
        _refresh_communes(ids)


def _refresh_communes(ids: list[int]) -> None:
    t = _tables()
    sql = _COMMUNES_SQL.format(
        rollup=t["rollup_communes"], consent=t["consent"], unit=t["unit"], household=t["household"]
    )
    params = {"ids": ids, "attempted": _ATTEMPTED, "met": _MET, "reached": HouseholdStatus.REACHED}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _days_sql(keys_sql: str) -> str:
    t = _tables()
    every_key = keys_sql is _ALL_KEYS
    day_visits = _DAY_VISITS_ALL if every_key else _DAY_VISITS_OF_KEYS
    reached = _REACHED_ALL if every_key else _REACHED_OF_KEYS
    return _DAYS_SQL.format(
        day_visits=day_visits.format(visit=t["visit"]),
        reached=reached.format(household=t["household"]),
        rollup=t["rollup_days"],
        keys=keys_sql.format(visit=t["visit"], rollup_days=t["rollup_days"]),
        service_columns=", ".join(SERVICE_COLUMNS),
        service_counts=", ".join(
            f"count(*) FILTER (WHERE services @> ARRAY['{code}']::varchar[]) AS service_{code}"
            for code in Service.values
        ),
        service_values=", ".join(f"COALESCE(c.{column}, 0)" for column in SERVICE_COLUMNS),
        service_updates=", ".join(f"{column} = EXCLUDED.{column}" for column in SERVICE_COLUMNS),
    )


def _refresh_days(keys_sql: str, params: dict) -> None:
    params = {"tz": settings.TIME_ZONE, "met": Outcome.MET, **params}
    with connection.cursor() as cursor:
        cursor.execute(_days_sql(keys_sql), params)


def _refresh_reached_moments() -> None:
    t = _tables()
    params = {"met": Outcome.MET, "five_skills": list(Skill.values), "skill_count": len(Skill.values)}
    with connection.cursor() as cursor:
        cursor.execute(_REACHED_AT_ALL.format(household=t["household"], visit=t["visit"]), params)


def local_day(moment: datetime) -> date:
    """A visit's day: its local date in settings.TIME_ZONE, as `AT TIME ZONE` gives it in the SQL here."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def refresh_visits(visits: Iterable[tuple[int, datetime]]) -> None:
    """After visits were stored or replaced (the sync): recount the (commune, day) rows of these
    (commune id, moment) pairs — each new visit, each visit an edit replaced, each reaching moment
    that came or went (the households' roll-up ran first) — and the
    snapshots of their communes, whose households' statuses changed (lock, then two statements)."""
    keys = sorted({(commune_id, local_day(at)) for commune_id, at in visits})
    if not keys:
        return
    communes = sorted({commune_id for commune_id, _day in keys})
    _lock(communes)
    _refresh_days(_GIVEN_KEYS, {"key_communes": [c for c, _d in keys], "key_days": [d for _c, d in keys]})
    visit_totals.refresh(communes)
    _refresh_communes(communes)


def refresh_households(household_ids: Iterable[int]) -> None:
    """After these households' visits or statuses changed (bulk writers that know only the
    households): recount every (commune, day) row of their visits and their communes' snapshots."""
    ids = sorted(set(household_ids))
    if not ids:
        return
    communes = sorted(set(Household.objects.filter(pk__in=ids).values_list("commune_id", flat=True)))
    _lock(communes)
    _refresh_days(_KEYS_OF_HOUSEHOLDS, {"households": ids})
    visit_totals.refresh(communes)
    _refresh_communes(communes)


def refresh_communes_fully(commune_ids: Iterable[int]) -> None:
    """Snapshot and every day row of these communes: a household moved between them with its visits."""
    ids = sorted(set(commune_ids))
    if not ids:
        return
    _lock(ids)
    _refresh_days(_KEYS_OF_COMMUNES, {"communes": ids})
    visit_totals.refresh(ids)
    _refresh_communes(ids)


@transaction.atomic
def rebuild_all() -> None:
    """Recount every rollup from the source rows (manage.py rebuild_rollups), the households'
    reaching moments first (the day rows count from them)."""
    _refresh_reached_moments()
    CommuneVisitDay.objects.all().delete()
    # Leaf units of the tree as it is (communes today), not a fixed level number.
    leaves = list(AdministrativeUnit.objects.filter(children__isnull=True).values_list("pk", flat=True))
    _refresh_communes(leaves)
    _refresh_days(_ALL_KEYS, {})
    visit_totals.refresh(leaves)
