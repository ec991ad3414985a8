"""The folded head-of-household name is searched with __contains (LIKE '%…%'), which neither of its
B-tree indexes (plain and varchar_pattern_ops) serves; each was written again on every non-HOT
update of the sync's household roll-up. Both go."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0014_household_reached_at'),
    ]

    operations = [
        migrations.AlterField(
            model_name='household',
            name='head_name_folded',
            field=models.CharField(editable=False, max_length=120),
        ),
    ]
