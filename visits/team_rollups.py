"""Per-team rollups for the progress pages, recounted for the affected keys in the writer's transaction.

The team table of a province's progress page counted 1,500 teams' households by status and every
visit of the shown teams' households per request (0.5 s at provincial scale). It reads these instead:
TeamHouseholds (one row per team: its assigned households by status, and the services their current
visits completed, all time) and TeamVisitDay (one row per team and local day: the current visits of
the households assigned to it now, and services completed). Day rows first, then the snapshot, which
sums them.

The same rules as visits.rollups: recount, never add deltas; a visit belongs to the team its household
is assigned to now, so moving households between teams recounts both teams fully (`refresh_teams`).
Writers call these after visits.rollups, which has already taken the advisory lock of the communes
involved; `refresh_teams` takes its teams' communes' locks itself (re-entrant within a transaction).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction

from . import rollups
from .models import Household, HouseholdStatus, Service, Team, TeamHouseholds, TeamVisitDay, Visit

SERVICE_COLUMNS = [f"service_{code}" for code in Service.values]

# After the day rows: the all-time services are the sum of the team's day rows (a few hundred).
_SNAPSHOT_SQL = """
INSERT INTO {rollup} (team_id, households, attempted, met, reached, {service_columns})
SELECT t.id, h.households, h.attempted, h.met, h.reached, {service_totals}
FROM {team} t
CROSS JOIN LATERAL (
    SELECT count(*) AS households,
        count(*) FILTER (WHERE status = ANY(%(attempted)s)) AS attempted,
        count(*) FILTER (WHERE status = ANY(%(met)s)) AS met,
        count(*) FILTER (WHERE status = %(reached)s) AS reached
    FROM {household} WHERE assigned_team_id = t.id
) h
CROSS JOIN LATERAL (SELECT {service_sums} FROM {days} WHERE team_id = t.id) d
WHERE t.id = ANY(%(teams)s)
ON CONFLICT (team_id) DO UPDATE SET
    households = EXCLUDED.households, attempted = EXCLUDED.attempted, met = EXCLUDED.met, reached = EXCLUDED.reached,
    {service_updates}
"""

# Each key counted on its own (LATERAL): its team's households (the household_team_status index), then
# each household's visits of that local day (a range of visit_household_time): a few hundred probes
# per key. Joined over all keys at once, a misestimate of a new team's households made the planner
# hash every visit of the province instead (2.5 s per sync batch at provincial scale).
_DAYS_SQL = """
WITH k AS ({keys})
INSERT INTO {rollup} (team_id, day, visits, {service_columns})
SELECT k.team_id, k.day, c.visits, {service_values}
FROM k
CROSS JOIN LATERAL (
    SELECT count(*) AS visits, {service_counts}
    FROM {household} h
    JOIN {visit} v ON v.household_id = h.id
        AND v.visited_at >= (k.day::timestamp AT TIME ZONE %(tz)s)
        AND v.visited_at < ((k.day + 1)::timestamp AT TIME ZONE %(tz)s)
    WHERE h.assigned_team_id = k.team_id
        AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
) c
ON CONFLICT (team_id, day) DO UPDATE SET visits = EXCLUDED.visits, {service_updates}
"""

# Keys given as two arrays (distinct already): the sync's.
_GIVEN_KEYS = "SELECT * FROM unnest(%(key_teams)s::bigint[], %(key_days)s::date[]) AS k(team_id, day)"

# Every day of these teams in one pass over their households' visits (per key, a team's year is a
# few hundred keys of a few hundred probes each: 0.7 s), and the days stored before, recounted to zero
# if no visit is left on them (a household that left the team took its visits along).
_WHOLE_TEAMS_SQL = """
WITH counted AS (
    SELECT t.team_id, (v.visited_at AT TIME ZONE %(tz)s)::date AS day, count(*) AS visits, {service_counts}
    FROM unnest(%(teams)s::bigint[]) AS t(team_id)
    CROSS JOIN LATERAL (
        SELECT v.visited_at, v.services
        FROM {household} h
        JOIN {visit} v ON v.household_id = h.id
        WHERE h.assigned_team_id = t.team_id
            AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
    ) v
    GROUP BY 1, 2
),
k AS (SELECT team_id, day FROM counted UNION SELECT team_id, day FROM {rollup} WHERE team_id = ANY(%(teams)s))
INSERT INTO {rollup} (team_id, day, visits, {service_columns})
SELECT k.team_id, k.day, COALESCE(c.visits, 0), {service_or_zero}
FROM k
LEFT JOIN counted c ON c.team_id = k.team_id AND c.day = k.day
ON CONFLICT (team_id, day) DO UPDATE SET visits = EXCLUDED.visits, {service_updates}
"""

# rebuild_all: one pass over every current visit of an assigned household.
_ALL_DAYS_SQL = """
INSERT INTO {rollup} (team_id, day, visits, {service_columns})
SELECT h.assigned_team_id, (v.visited_at AT TIME ZONE %(tz)s)::date, count(*), {service_counts}
FROM {visit} v
JOIN {household} h ON h.id = v.household_id
WHERE h.assigned_team_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM {visit} r WHERE r.replaces_id = v.id)
GROUP BY 1, 2
"""


def _format(sql: str, **extra: str) -> str:
    return sql.format(
        rollup=TeamVisitDay._meta.db_table,
        household=Household._meta.db_table,
        visit=Visit._meta.db_table,
        team=Team._meta.db_table,
        service_columns=", ".join(SERVICE_COLUMNS),
        service_counts=", ".join(
            f"count(*) FILTER (WHERE v.services @> ARRAY['{code}']::varchar[]) AS service_{code}"
            for code in Service.values
        ),
        service_values=", ".join(f"c.{column}" for column in SERVICE_COLUMNS),
        service_or_zero=", ".join(f"COALESCE(c.{column}, 0)" for column in SERVICE_COLUMNS),
        service_updates=", ".join(f"{column} = EXCLUDED.{column}" for column in SERVICE_COLUMNS),
        **extra,
    )


def _refresh_snapshots(team_ids: list[int]) -> None:
    sql = _SNAPSHOT_SQL.format(
        rollup=TeamHouseholds._meta.db_table,
        team=Team._meta.db_table,
        household=Household._meta.db_table,
        days=TeamVisitDay._meta.db_table,
        service_columns=", ".join(SERVICE_COLUMNS),
        service_totals=", ".join(f"d.{column}" for column in SERVICE_COLUMNS),
        service_sums=", ".join(f"COALESCE(sum({column}), 0) AS {column}" for column in SERVICE_COLUMNS),
        service_updates=", ".join(f"{column} = EXCLUDED.{column}" for column in SERVICE_COLUMNS),
    )
    params = {
        "teams": team_ids,
        "attempted": [HouseholdStatus.ATTEMPTED],
        "met": [HouseholdStatus.MET, HouseholdStatus.REACHED],
        "reached": HouseholdStatus.REACHED,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _refresh_days(keys: list[tuple[int, date]]) -> None:
    params = {"tz": settings.TIME_ZONE, "key_teams": [t for t, _d in keys], "key_days": [d for _t, d in keys]}
    with connection.cursor() as cursor:
        cursor.execute(_format(_DAYS_SQL, keys=_GIVEN_KEYS), params)


def refresh_visits(visits: Iterable[tuple[int, datetime]], team_of: dict[int, int | None] | None = None) -> None:
    """After the sync stored or replaced visits: the (team, day) rows of these (household id,
    visited_at) pairs and the snapshots of those households' teams (their statuses changed).
    `team_of`: household id -> its team, when the caller has read them already (the sync, with its
    lock on the households); None reads them here."""
    pairs = list(visits)
    if not pairs:
        return
    if team_of is None:
        team_of = dict(
            Household.objects.filter(pk__in={h for h, _at in pairs}, assigned_team__isnull=False).values_list(
                "pk", "assigned_team_id"
            )
        )
    team_of = {h: t for h, t in team_of.items() if t is not None}
    keys = sorted({(team_of[h], rollups.local_day(at)) for h, at in pairs if h in team_of})
    if not keys:
        return
    _refresh_days(keys)
    _refresh_snapshots(sorted({t for t, _d in keys}))


def refresh_households(household_ids: Iterable[int]) -> None:
    """After these households' visits or statuses changed (writers that know only the households)."""
    ids = sorted(set(household_ids))
    if ids:
        refresh_teams(
            Household.objects.filter(pk__in=ids, assigned_team__isnull=False).values_list("assigned_team_id", flat=True)
        )


def refresh_teams(team_ids: Iterable[int | None]) -> None:
    """Snapshot and every day row of these teams: households joined or left them (assignment, an edit,
    a deletion), so any of their days may have changed."""
    ids = sorted({pk for pk in team_ids if pk is not None})
    if not ids:
        return
    rollups.lock_communes(sorted(set(Team.objects.filter(pk__in=ids).values_list("commune_id", flat=True))))
    with connection.cursor() as cursor:
        cursor.execute(_format(_WHOLE_TEAMS_SQL), {"tz": settings.TIME_ZONE, "teams": ids})
    _refresh_snapshots(ids)


@transaction.atomic
def rebuild_all() -> None:
    """Recount every team rollup from the source rows (manage.py rebuild_rollups)."""
    TeamVisitDay.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_format(_ALL_DAYS_SQL), {"tz": settings.TIME_ZONE})
    _refresh_snapshots(list(Team.objects.values_list("pk", flat=True)))
