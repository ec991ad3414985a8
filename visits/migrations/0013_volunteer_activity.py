"""Each person's first and last current visit (visits.active_rollups), filled here from the visits (frozen
SQL; afterwards the task recounts it every minute)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = """
INSERT INTO visits_volunteeractivity (volunteer_id, first_at, last_at)
SELECT u.id,
    (SELECT v.visited_at FROM visits_visit v
     WHERE v.volunteer_id = u.id AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
     ORDER BY v.visited_at LIMIT 1),
    (SELECT v.visited_at FROM visits_visit v
     WHERE v.volunteer_id = u.id AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
     ORDER BY v.visited_at DESC LIMIT 1)
FROM accounts_user u
WHERE u.unit_id IS NOT NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_login_failure'),
        ('visits', '0012_commune_visit_totals'),
    ]

    operations = [
        migrations.CreateModel(
            name='VolunteerActivity',
            fields=[
                ('volunteer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='visit_activity', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('first_at', models.DateTimeField(blank=True, null=True)),
                ('last_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
