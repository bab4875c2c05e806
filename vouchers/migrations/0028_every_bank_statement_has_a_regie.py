"""Every bank statement belongs to a regie (set by 0027; a separate migration: PostgreSQL does not alter a table whose
rows the same transaction just updated)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vouchers', '0027_bank_statements_of_a_regie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='bankstatement',
            name='regie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bank_statements', to='regie.regie', verbose_name='regie'),
        ),
    ]
