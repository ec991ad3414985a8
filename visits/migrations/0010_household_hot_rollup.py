"""The sync's household roll-up rewrites status columns no index holds: leave room on each page
(fillfactor 90) so those updates stay HOT (no index written), and drop the indexes that another
index already starts with (commune: household_walk_order; team, volunteer: household_team and
household_volunteer), which every non-HOT update wrote too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
        ('visits', '0009_visit_commune'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE visits_household SET (fillfactor = 90)", "ALTER TABLE visits_household RESET (fillfactor)"
        ),
        migrations.AlterField(
            model_name='household',
            name='assigned_team',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='households', to='visits.team', verbose_name='assigned team'),
        ),
        migrations.AlterField(
            model_name='household',
            name='assigned_volunteer',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_households', to=settings.AUTH_USER_MODEL, verbose_name='assigned volunteer'),
        ),
        migrations.AlterField(
            model_name='household',
            name='commune',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='households', to='units.administrativeunit', verbose_name='commune'),
        ),
    ]
