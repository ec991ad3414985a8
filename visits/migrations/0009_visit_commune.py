"""Visit.commune: the household's commune on each visit, so the sync's day rollups read one index range.

Filled from the households, then tied to them by the foreign key (household_id, commune_id) ->
household (id, commune_id) ON UPDATE CASCADE: a household moving commune takes its visits along and
no visit can name another commune. That key also checks the household exists, so the plain foreign
key on household_id goes (one check per inserted visit, not two), and so do the single-column
indexes on household_id and volunteer_id: visit_household_time and visit_volunteer_time start with
those columns (two indexes less to write per synced visit).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = "UPDATE visits_visit v SET commune_id = h.commune_id FROM visits_household h WHERE h.id = v.household_id"

TIE = """
ALTER TABLE visits_visit ADD CONSTRAINT visit_household_commune_fk
    FOREIGN KEY (household_id, commune_id) REFERENCES visits_household (id, commune_id)
    ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
"""
UNTIE = "ALTER TABLE visits_visit DROP CONSTRAINT visit_household_commune_fk"


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("units", "0001_initial"),
        ("visits", "0008_progress_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="commune",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="visit",
            name="commune",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.UniqueConstraint(fields=("id", "commune"), name="household_id_commune"),
        ),
        migrations.RunSQL(TIE, UNTIE),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["commune", "visited_at"], name="visit_commune_time"),
        ),
        migrations.AlterField(
            model_name="visit",
            name="household",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visits",
                to="visits.household",
                verbose_name="household",
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="volunteer",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visits",
                to=settings.AUTH_USER_MODEL,
                verbose_name="volunteer",
            ),
        ),
    ]
