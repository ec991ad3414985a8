"""Per-commune rollups of the register and the visits, recomputed for the affected keys only.

Every write that changes a count calls one of these in its own transaction: the sync after its
INSERT (refresh_visit_days + refresh_communes for the touched households), the register's
household/consent signals and bulk services (refresh_communes). Each call is one
INSERT … SELECT … ON CONFLICT DO UPDATE that recounts the affected (commune) or (commune, day) keys
from the source rows — recounting is safer than adding deltas, since a retried or racing write
cannot count twice. `rebuild_all` (manage.py rebuild_rollups) recounts everything.

"Current" visits are those no edit replaced (NOT EXISTS on replaces_id, an indexed probe per visit).
A visit's day is its local date in settings.TIME_ZONE.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

from units.models import AdministrativeUnit

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
WHERE c.id IN ({communes})
GROUP BY c.id
ON CONFLICT (commune_id) DO UPDATE SET
    registered = EXCLUDED.registered, with_consent = EXCLUDED.with_consent, assigned = EXCLUDED.assigned,
    attempted = EXCLUDED.attempted, met = EXCLUDED.met, reached = EXCLUDED.reached
"""

# One statement per set of keys. "Households reached" on a day: households whose current met visits
# first covered all five skills that day (the latest of each skill's first coaching); only households
# with a met visit on the key's day can have been reached on it, so only those are looked at.
_DAYS_SQL = """
WITH k AS ({keys}),
day_visits AS ({day_visits}),
reached AS ({reached})
INSERT INTO {rollup} (commune_id, day, visits, met_visits, households_visited, households_reached, {service_columns})
SELECT k.commune_id, k.day,
    count(v.id), count(v.id) FILTER (WHERE v.outcome = %(met)s), count(DISTINCT v.household_id),
    COALESCE(max(r.households), 0),
    {service_counts}
FROM k
LEFT JOIN day_visits v ON v.commune_id = k.commune_id AND v.day = k.day
LEFT JOIN reached r ON r.commune_id = k.commune_id AND r.day = k.day
GROUP BY k.commune_id, k.day
ON CONFLICT (commune_id, day) DO UPDATE SET
    visits = EXCLUDED.visits, met_visits = EXCLUDED.met_visits,
    households_visited = EXCLUDED.households_visited, households_reached = EXCLUDED.households_reached,
    {service_updates}
"""

# Households newly reached per key: the day their current met visits first covered all five skills...
_REACHED_OF_KEYS = """
    WITH first_coached AS (
        SELECT d.commune_id, d.day, d.household_id, s.skill, min(v.visited_at) AS first_at
        FROM (SELECT DISTINCT commune_id, day, household_id FROM day_visits WHERE outcome = %(met)s) d
        JOIN {visit} v ON v.household_id = d.household_id AND v.outcome = %(met)s
            AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
        CROSS JOIN LATERAL unnest(v.skills) AS s(skill)
        WHERE s.skill = ANY(%(five_skills)s)
        GROUP BY 1, 2, 3, 4
    )
    SELECT commune_id, day, count(*) AS households
    FROM (
        SELECT commune_id, day, household_id FROM first_coached
        GROUP BY 1, 2, 3
        HAVING count(*) = %(skill_count)s AND (max(first_at) AT TIME ZONE %(tz)s)::date = day
    ) AS newly_reached
    GROUP BY 1, 2
"""

# ... or, for every key (rebuild_all), each household's reaching day in one pass over the met
# visits: per key, the keyed form joins each (day, household) with all the household's met visits
# (4 million rows and a 900 MB sort at provincial scale).
_REACHED_ALL = """
    SELECT h.commune_id, (reached.at AT TIME ZONE %(tz)s)::date AS day, count(*) AS households
    FROM (
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
    ) AS reached
    JOIN {household} h ON h.id = reached.household_id
    GROUP BY 1, 2
"""

# The current visits of the keys: each key's households probed for visits that day (a few keys)...
_DAY_VISITS_OF_KEYS = """
    SELECT k.commune_id, k.day, v.*
    FROM k
    JOIN {household} h ON h.commune_id = k.commune_id
    JOIN {visit} v ON v.household_id = h.id
        AND v.visited_at >= (k.day::timestamp AT TIME ZONE %(tz)s)
        AND v.visited_at < ((k.day + 1)::timestamp AT TIME ZONE %(tz)s)
        AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
"""

# ... or, for every key (rebuild_all), one pass over the visits: probing per key joins each of
# ~80,000 keys with all ~2,650 households of its commune at provincial scale (hours, not seconds).
_DAY_VISITS_ALL = """
    SELECT h.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day,
        v.id, v.household_id, v.outcome, v.services  -- what the statement reads: 2 million rows, kept narrow
    FROM {visit} v JOIN {household} h ON h.id = v.household_id
    WHERE NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
"""

# The (commune, day) keys of every visit of these households: a new visit's day and, for an edit,
# the replaced visit's day (a household has a handful of visits, so this superset is cheap).
_KEYS_OF_HOUSEHOLDS = """
SELECT DISTINCT h.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v JOIN {household} h ON h.id = v.household_id
WHERE v.household_id = ANY(%(households)s)
"""

# Every (commune, day) key of these communes, stored or with visits: after a household moved commune.
_KEYS_OF_COMMUNES = """
SELECT DISTINCT h.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v JOIN {household} h ON h.id = v.household_id
WHERE h.commune_id = ANY(%(communes)s)
UNION
SELECT d.commune_id, d.day FROM {rollup_days} d WHERE d.commune_id = ANY(%(communes)s)
"""

_ALL_KEYS = """
SELECT DISTINCT h.commune_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day
FROM {visit} v JOIN {household} h ON h.id = v.household_id
"""


def _tables() -> dict[str, str]:
    return {
        "rollup_days": CommuneVisitDay._meta.db_table,
        "rollup_communes": CommuneHouseholds._meta.db_table,
        "household": Household._meta.db_table,
        "visit": Visit._meta.db_table,
        "consent": Consent._meta.db_table,
        "unit": AdministrativeUnit._meta.db_table,
    }


def refresh_communes(commune_ids: Iterable[int]) -> None:
    """Recount the register snapshot of these communes (one statement)."""
    ids = sorted(set(commune_ids))
    if ids:
        _refresh_communes("SELECT unnest(%(ids)s::bigint[])", ids)


def _refresh_communes(communes_sql: str, ids: list[int]) -> None:
    t = _tables()
    sql = _COMMUNES_SQL.format(
        rollup=t["rollup_communes"],
        consent=t["consent"],
        unit=t["unit"],
        household=t["household"],
        communes=communes_sql.format(household=t["household"]),
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
        day_visits=day_visits.format(visit=t["visit"], household=t["household"]),
        reached=reached.format(visit=t["visit"], household=t["household"]),
        rollup=t["rollup_days"],
        household=t["household"],
        visit=t["visit"],
        keys=keys_sql.format(visit=t["visit"], household=t["household"], rollup_days=t["rollup_days"]),
        service_columns=", ".join(SERVICE_COLUMNS),
        service_counts=", ".join(
            f"count(v.id) FILTER (WHERE v.services @> ARRAY['{code}']::varchar[])" for code in Service.values
        ),
        service_updates=", ".join(f"{column} = EXCLUDED.{column}" for column in SERVICE_COLUMNS),
    )


def _day_params() -> dict:
    return {
        "tz": settings.TIME_ZONE,
        "met": Outcome.MET,
        "five_skills": list(Skill.values),
        "skill_count": len(Skill.values),
    }


def refresh_households(household_ids: Iterable[int]) -> None:
    """After these households' visits or statuses changed: recount their (commune, day) rows and
    their communes' snapshots (two statements)."""
    ids = sorted(set(household_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_days_sql(_KEYS_OF_HOUSEHOLDS), {"households": ids, **_day_params()})
    _refresh_communes("SELECT DISTINCT commune_id FROM {household} WHERE id = ANY(%(ids)s)", ids)


def refresh_communes_fully(commune_ids: Iterable[int]) -> None:
    """Snapshot and every day row of these communes: a household moved between them with its visits."""
    ids = sorted(set(commune_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_days_sql(_KEYS_OF_COMMUNES), {"communes": ids, **_day_params()})
    refresh_communes(ids)


@transaction.atomic
def rebuild_all() -> None:
    """Recount every rollup from the source rows (manage.py rebuild_rollups)."""
    CommuneVisitDay.objects.all().delete()
    # Leaf units of the tree as it is (communes today), not a fixed level number.
    refresh_communes(AdministrativeUnit.objects.filter(children__isnull=True).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(_days_sql(_ALL_KEYS), _day_params())
