"""Every call belongs to a regie (set by 0023; a separate migration: PostgreSQL does not alter a table whose rows the
same transaction just updated)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vouchers', '0023_calls_of_a_regie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='call',
            name='regie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='regie.regie', verbose_name='regie'),
        ),
    ]
