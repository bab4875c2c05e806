"""Every ledger check has a regie (a separate migration: PostgreSQL does not alter a table whose rows the same
transaction just updated)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vouchers', '0030_ledger_checks_of_a_regie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ledgercheck',
            name='regie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger_checks', to='regie.regie', verbose_name='regie'),
        ),
    ]
