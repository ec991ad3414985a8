"""Household.reached_at: the moment a household's current met visits first covered the five skills,
rolled up with its status, so a day rollup counts that day's newly reached households with one index
range instead of re-reading every met visit of the day's households. Filled here from the visits (the
rule as it stands today, its five skills written out)."""

from django.conf import settings
from django.db import migrations, models

FILL = """
UPDATE visits_household h SET reached_at = reached.at
FROM (
    SELECT household_id, max(first_at) AS at
    FROM (
        SELECT v.household_id, s.skill, min(v.visited_at) AS first_at
        FROM visits_visit v CROSS JOIN LATERAL unnest(v.skills) AS s(skill)
        WHERE v.outcome = 'met'
            AND s.skill IN ('public_services', 'shopping', 'payment', 'safety', 'local_platforms')
            AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
        GROUP BY 1, 2
    ) AS per_skill
    GROUP BY 1
    HAVING count(*) = 5
) AS reached
WHERE h.id = reached.household_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("visits", "0013_volunteer_activity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="reached_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(
                condition=models.Q(("reached_at__isnull", False)),
                fields=["commune", "reached_at"],
                name="household_reached",
            ),
        ),
    ]
