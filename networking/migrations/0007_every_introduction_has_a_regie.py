"""Every introduction belongs to a regie (set by 0006; a separate migration: PostgreSQL does not alter a table whose
rows the same transaction just updated)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('networking', '0006_introductions_of_a_regie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='introduction',
            name='regie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='introductions', to='regie.regie', verbose_name='regie'),
        ),
    ]
