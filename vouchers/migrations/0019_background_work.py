from django.db import migrations, models
from django.db.models import F


def delivered_before(apps, schema_editor):
    """A cheque issued before this field whose PDF is stored was delivered (the task stored it, then mailed it):
    it is not mailed again."""
    Voucher = apps.get_model("vouchers", "Voucher")
    Voucher.objects.exclude(pdf="").update(cheque_mailed_at=F("issued_at"))


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0018_check_proofs")]

    operations = [
        migrations.AddField(
            model_name="voucher",
            name="cheque_mailed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="cheque mailed",
                help_text="When the approval mail with the cheque went out: it goes once "
                          "(vouchers.tasks.deliver_cheque)."),
        ),
        migrations.RunPython(delivered_before, migrations.RunPython.noop, elidable=True),
    ]
