"""All-time visit figures per commune (visits.visit_totals), filled here from the day rollups (frozen SQL;
later changes recount with manage.py rebuild_rollups)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
INSERT INTO visits_communevisittotal (commune_id, visits, met_visits, households_visited, households_reached, service_vneid_level2, service_public_service_portal, service_cashless_account, service_ecommerce_listing, service_health_record, service_vessel_monitoring)
SELECT commune_id, sum(visits), sum(met_visits), sum(households_visited), sum(households_reached), sum(service_vneid_level2), sum(service_public_service_portal), sum(service_cashless_account), sum(service_ecommerce_listing), sum(service_health_record), sum(service_vessel_monitoring)
FROM visits_communevisitday
GROUP BY commune_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
        ('visits', '0011_team_rollups'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommuneVisitTotal',
            fields=[
                ('commune', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='units.administrativeunit')),
                ('visits', models.PositiveIntegerField(default=0)),
                ('met_visits', models.PositiveIntegerField(default=0)),
                ('households_visited', models.PositiveIntegerField(default=0)),
                ('households_reached', models.PositiveIntegerField(default=0)),
                ('service_vneid_level2', models.PositiveIntegerField(default=0)),
                ('service_public_service_portal', models.PositiveIntegerField(default=0)),
                ('service_cashless_account', models.PositiveIntegerField(default=0)),
                ('service_ecommerce_listing', models.PositiveIntegerField(default=0)),
                ('service_health_record', models.PositiveIntegerField(default=0)),
                ('service_vessel_monitoring', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
