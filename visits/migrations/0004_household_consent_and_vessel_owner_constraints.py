import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("visits", "0003_recompute_statuses_and_consents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fishingvessel",
            name="commune",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="vessels",
                to="units.administrativeunit",
                verbose_name="commune",
            ),
        ),
        migrations.AddConstraint(
            model_name='consent',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('household', 'purpose'), name='consent_one_active_per_purpose'),
        ),
        migrations.AddConstraint(
            model_name='fishingvessel',
            constraint=models.CheckConstraint(condition=models.Q(('owner__isnull', False), models.Q(('owner_name', ''), _negated=True), _connector='OR'), name='vessel_has_an_owner'),
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.CheckConstraint(condition=models.Q(('consent__isnull', False), models.Q(('head_name', ''), ('phone', '')), _connector='OR'), name='household_personal_data_needs_consent'),
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['not_visited', 'attempted', 'met', 'reached', 'refused', 'moved', 'do_not_contact'])), name='household_status_known'),
        ),
    ]
