"""All-time communication figures per unit (campaigns.rollups), filled here from the rows (frozen SQL;
later changes recount with manage.py rebuild_rollups)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
INSERT INTO campaigns_unitcommunication (unit_id, activities, participants_in_person, participants_online, activities_conference, activities_documents, activities_article, activities_loudspeaker, activities_online, activities_training, activities_event, activities_hands_on, activities_door_to_door, documents_sent, documents_acknowledged, bulletins_sent, bulletins_aired)
SELECT u.id, a.activities, a.in_person, a.online, a.activities_conference, a.activities_documents, a.activities_article, a.activities_loudspeaker, a.activities_online, a.activities_training, a.activities_event, a.activities_hands_on, a.activities_door_to_door, d.sent, d.acknowledged, b.sent, b.aired
FROM units_administrativeunit u
CROSS JOIN LATERAL (
    SELECT count(*) AS activities,
        COALESCE(sum(participants_in_person), 0) AS in_person, COALESCE(sum(participants_online), 0) AS online,
        count(*) FILTER (WHERE channel = 'conference') AS activities_conference, count(*) FILTER (WHERE channel = 'documents') AS activities_documents, count(*) FILTER (WHERE channel = 'article') AS activities_article, count(*) FILTER (WHERE channel = 'loudspeaker') AS activities_loudspeaker, count(*) FILTER (WHERE channel = 'online') AS activities_online, count(*) FILTER (WHERE channel = 'training') AS activities_training, count(*) FILTER (WHERE channel = 'event') AS activities_event, count(*) FILTER (WHERE channel = 'hands_on') AS activities_hands_on, count(*) FILTER (WHERE channel = 'door_to_door') AS activities_door_to_door
    FROM campaigns_activity WHERE unit_id = u.id AND status = 'done'
) a
CROSS JOIN LATERAL (
    SELECT count(*) AS sent, count(acknowledged_at) AS acknowledged FROM campaigns_documentrecipient WHERE unit_id = u.id
) d
CROSS JOIN LATERAL (
    SELECT count(*) AS sent, count(first_aired_at) AS aired FROM campaigns_bulletintarget WHERE commune_id = u.id
) b
"""


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0002_private_files'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitCommunication',
            fields=[
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='units.administrativeunit')),
                ('activities', models.PositiveIntegerField(default=0)),
                ('participants_in_person', models.PositiveBigIntegerField(default=0)),
                ('participants_online', models.PositiveBigIntegerField(default=0)),
                ('activities_conference', models.PositiveIntegerField(default=0)),
                ('activities_documents', models.PositiveIntegerField(default=0)),
                ('activities_article', models.PositiveIntegerField(default=0)),
                ('activities_loudspeaker', models.PositiveIntegerField(default=0)),
                ('activities_online', models.PositiveIntegerField(default=0)),
                ('activities_training', models.PositiveIntegerField(default=0)),
                ('activities_event', models.PositiveIntegerField(default=0)),
                ('activities_hands_on', models.PositiveIntegerField(default=0)),
                ('activities_door_to_door', models.PositiveIntegerField(default=0)),
                ('documents_sent', models.PositiveIntegerField(default=0)),
                ('documents_acknowledged', models.PositiveIntegerField(default=0)),
                ('bulletins_sent', models.PositiveIntegerField(default=0)),
                ('bulletins_aired', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
