from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """The resume point is moved by lesson pages: an unindexed column, updated in place (HOT), with
    room left on each page for the new row versions (fillfactor 90; applies to pages written from now on)."""

    dependencies = [
        ("training", "0005_coverage_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enrolment",
            name="last_lesson",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="training.lesson",
            ),
        ),
        migrations.RunSQL(
            "ALTER TABLE training_enrolment SET (fillfactor = 90)",
            "ALTER TABLE training_enrolment RESET (fillfactor)",
        ),
    ]
