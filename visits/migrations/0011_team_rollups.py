"""Per-team rollups for the progress pages (visits.team_rollups), filled from the rows already stored:
a frozen copy of team_rollups.rebuild_all's SQL as it was when they were added (the statuses' words
and the six services of that time; the local days in the portal's time zone)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_SERVICES = ["vneid_level2", "public_service_portal", "cashless_account", "ecommerce_listing", "health_record",
             "vessel_monitoring"]  # fmt: skip


def fill(apps, schema_editor):
    columns = ", ".join(f"service_{code}" for code in _SERVICES)
    counts = ", ".join(f"count(*) FILTER (WHERE v.services @> ARRAY['{code}']::varchar[])" for code in _SERVICES)
    sums = ", ".join(f"COALESCE((SELECT sum(service_{code}) FROM visits_teamvisitday d WHERE d.team_id = t.id), 0)"
                     for code in _SERVICES)  # fmt: skip
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO visits_teamvisitday (team_id, day, visits, {columns}) "
            f"SELECT h.assigned_team_id, (v.visited_at AT TIME ZONE %s)::date, count(*), {counts} "
            "FROM visits_visit v JOIN visits_household h ON h.id = v.household_id "
            "WHERE h.assigned_team_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id) GROUP BY 1, 2",
            [settings.TIME_ZONE],
        )
        cursor.execute(
            f"INSERT INTO visits_teamhouseholds (team_id, households, attempted, met, reached, {columns}) "
            "SELECT t.id, count(h.id), count(h.id) FILTER (WHERE h.status = 'attempted'), "
            "count(h.id) FILTER (WHERE h.status IN ('met', 'reached')), count(h.id) FILTER (WHERE h.status = 'reached'), "
            f"{sums} FROM visits_team t LEFT JOIN visits_household h ON h.assigned_team_id = t.id GROUP BY t.id"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0010_household_hot_rollup'),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamHouseholds',
            fields=[
                ('team', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='household_counts', serialize=False, to='visits.team')),
                ('households', models.PositiveIntegerField(default=0)),
                ('attempted', models.PositiveIntegerField(default=0)),
                ('met', models.PositiveIntegerField(default=0)),
                ('reached', models.PositiveIntegerField(default=0)),
                ('service_vneid_level2', models.PositiveIntegerField(default=0)),
                ('service_public_service_portal', models.PositiveIntegerField(default=0)),
                ('service_cashless_account', models.PositiveIntegerField(default=0)),
                ('service_ecommerce_listing', models.PositiveIntegerField(default=0)),
                ('service_health_record', models.PositiveIntegerField(default=0)),
                ('service_vessel_monitoring', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='TeamVisitDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('visits', models.PositiveIntegerField(default=0)),
                ('service_vneid_level2', models.PositiveIntegerField(default=0)),
                ('service_public_service_portal', models.PositiveIntegerField(default=0)),
                ('service_cashless_account', models.PositiveIntegerField(default=0)),
                ('service_ecommerce_listing', models.PositiveIntegerField(default=0)),
                ('service_health_record', models.PositiveIntegerField(default=0)),
                ('service_vessel_monitoring', models.PositiveIntegerField(default=0)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='visits.team')),
            ],
            options={
                'indexes': [models.Index(fields=['day', 'team'], name='teamvisitday_day_team')],
                'constraints': [models.UniqueConstraint(fields=('team', 'day'), name='teamvisitday_unique_team_day')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
