"""Fill the new rollups from the rows already stored, so the pages are right from the first request.

A frozen copy of visits.rollups.rebuild_all as it was when the rollups were added (a migration must
not run later code against this schema); later changes recount with `manage.py rebuild_rollups`.
"""

from django.conf import settings
from django.db import migrations

SKILLS = ["public_services", "shopping", "payment", "safety", "local_platforms"]
SERVICES = [
    "vneid_level2",
    "public_service_portal",
    "cashless_account",
    "ecommerce_listing",
    "health_record",
    "vessel_monitoring",
]

COMMUNES = """
INSERT INTO visits_communehouseholds (commune_id, registered, with_consent, assigned, attempted, met, reached)
SELECT h.commune_id, count(*),
    count(*) FILTER (WHERE h.consent_id IS NOT NULL),
    count(*) FILTER (WHERE h.assigned_team_id IS NOT NULL OR h.assigned_volunteer_id IS NOT NULL),
    count(*) FILTER (WHERE h.status = 'attempted'),
    count(*) FILTER (WHERE h.status IN ('met', 'reached')),
    count(*) FILTER (WHERE h.status = 'reached')
FROM visits_household h GROUP BY h.commune_id
"""

DAYS = """
INSERT INTO visits_communevisitday (
    commune_id, day, visits, met_visits, households_visited, households_reached, {columns})
SELECT h.commune_id, (v.visited_at AT TIME ZONE %s)::date,
    count(*), count(*) FILTER (WHERE v.outcome = 'met'), count(DISTINCT v.household_id), 0, {counts}
FROM visits_visit v JOIN visits_household h ON h.id = v.household_id
WHERE NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
GROUP BY 1, 2
""".format(
    columns=", ".join(f"service_{s}" for s in SERVICES),
    counts=", ".join(f"count(*) FILTER (WHERE v.services @> ARRAY['{s}']::varchar[])" for s in SERVICES),
)


# The day each household's current met visits first covered all five skills.
REACHED = """
UPDATE visits_communevisitday d SET households_reached = x.households
FROM (
    SELECT h.commune_id, r.reached_on, count(*) AS households
    FROM (
        SELECT f.household_id, (max(f.first_at) AT TIME ZONE %s)::date AS reached_on
        FROM (
            SELECT v.household_id, s.skill, min(v.visited_at) AS first_at
            FROM visits_visit v CROSS JOIN LATERAL unnest(v.skills) AS s(skill)
            WHERE v.outcome = 'met' AND s.skill = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
            GROUP BY 1, 2
        ) AS f
        GROUP BY 1 HAVING count(*) = %s
    ) AS r
    JOIN visits_household h ON h.id = r.household_id
    GROUP BY 1, 2
) AS x
WHERE d.commune_id = x.commune_id AND d.day = x.reached_on
"""


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(COMMUNES)
        cursor.execute(DAYS, [settings.TIME_ZONE])
        cursor.execute(REACHED, [settings.TIME_ZONE, SKILLS, len(SKILLS)])


class Migration(migrations.Migration):
    dependencies = [("visits", "0005_rollups")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
