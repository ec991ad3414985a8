"""Scans per commune and day, and per commune of all time, for the coverage dashboard (scans.rollups),
filled here from the ScanDay rows (frozen SQL: later changes recount with manage.py rebuild_rollups)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
INSERT INTO scans_communescanday (commune_id, day, views)
SELECT pr.commune_id, s.day, sum(s.views)
FROM scans_scanday s
JOIN products_product p ON p.id = s.product_id
JOIN products_producer pr ON pr.id = p.producer_id
GROUP BY 1, 2;
INSERT INTO scans_communescans (commune_id, views)
SELECT commune_id, sum(views) FROM scans_communescanday GROUP BY 1;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('scans', '0002_coverage_indexes'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommuneScans',
            fields=[
                ('commune', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='units.administrativeunit')),
                ('views', models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='CommuneScanDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('views', models.PositiveIntegerField(default=0)),
                ('commune', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.administrativeunit')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], include=('commune', 'views'), name='scanrollup_day_views')],
                'constraints': [models.UniqueConstraint(fields=('commune', 'day'), name='scanrollup_unique_commune_day')],
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
