"""Several regies on one install: every ledger check is one regie's (an existing install's to regie 1)."""
import django.db.models.deletion
from django.db import migrations, models


def attach_to_first_regie(apps, schema_editor):
    """An install from before several regies had one: vouchers 0023 made it regie 1, and its checks were of its
    calls. Checks made while the install had no regie yet checked no call, and checks of an install that already had
several regies covered them all (their reports name other regies' cheques): they go; the next run checks each."""
    rows = apps.get_model("vouchers.LedgerCheck").objects.filter(regie__isnull=True)
    if rows.exists():
        regies = apps.get_model("regie", "Regie").objects.order_by("pk")
        regie = regies.first()
        if regie is None or regies.count() > 1:  # with several regies a check was of all: not one regie's to read
            rows.delete()
        else:
            rows.update(regie=regie)


class Migration(migrations.Migration):

    dependencies = [
        ('regie', '0007_regies'),
        ('vouchers', '0029_index_applications_of_a_business_in_a_call'),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgercheck',
            name='regie',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_checks', to='regie.regie', verbose_name='regie'),
        ),
        migrations.RunPython(attach_to_first_regie, migrations.RunPython.noop, elidable=False),
    ]
