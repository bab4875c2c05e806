import django.utils.timezone
from django.db import migrations, models
from django.db.models import Q

import vouchers.models.redemptions
import vouchers.models.vouchers


def fill_invoice_number_keys(apps, schema_editor):
    """Each redemption gets its invoice number as compared; one whose number the same firm already used on a
    redemption that still counts keeps none (recorded before the rule; the constraint ignores it)."""
    Redemption = apps.get_model("vouchers", "Redemption")
    seen = set()
    for redemption in Redemption.objects.order_by("pk").only("pk", "enterprise_id", "invoice_number", "status"):
        key = "".join(str(redemption.invoice_number or "").split()).upper()
        if redemption.status != "rejected":
            if (redemption.enterprise_id, key) in seen:
                continue
            seen.add((redemption.enterprise_id, key))
        Redemption.objects.filter(pk=redemption.pk).update(invoice_number_key=key)
    Redemption.objects.filter(invoice="").update(files_removed_at=django.utils.timezone.now())


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0020_bank_statements")]

    operations = [
        migrations.AddField(
            model_name="redemption",
            name="credit_note",
            field=models.FileField(blank=True, storage=vouchers.models.vouchers.private_storage,
                                   upload_to=vouchers.models.redemptions.credit_note_path,
                                   verbose_name="credit note (UBL)"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="credit_note_attention",
            field=models.BooleanField(default=False, help_text="The firm sent a credit note against this invoice: "
                                      "check whether the redemption still stands.",
                                      verbose_name="credit note to look at"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="credit_note_number",
            field=models.CharField(blank=True, max_length=50, verbose_name="credit note number"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="credit_note_received_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="credit note received"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="einvoice",
            field=models.FileField(blank=True, storage=vouchers.models.vouchers.private_storage,
                                   upload_to=vouchers.models.redemptions.einvoice_path,
                                   verbose_name="e-invoice (UBL)"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="invoice_number_key",
            field=models.CharField(editable=False, max_length=50, null=True,
                                   verbose_name="invoice number (as compared)"),
        ),
        migrations.AddField(
            model_name="redemption",
            name="files_removed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="invoice files removed",
                                       help_text="At the end of the retention period, or by an erasure."),
        ),
        migrations.AlterField(
            model_name="redemption",
            name="invoice",
            field=models.FileField(blank=True, storage=vouchers.models.vouchers.private_storage,
                                   upload_to=vouchers.models.redemptions.invoice_path, verbose_name="invoice (PDF)"),
        ),
        migrations.RunPython(fill_invoice_number_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="redemption",
            constraint=models.CheckConstraint(
                condition=~Q(invoice="") | ~Q(einvoice="") | Q(files_removed_at__isnull=False),
                name="redemption_has_an_invoice"),
        ),
        migrations.AddConstraint(
            model_name="redemption",
            constraint=models.UniqueConstraint(condition=~Q(status="rejected"),
                                               fields=("enterprise", "invoice_number_key"),
                                               name="redemption_invoice_once_per_firm"),
        ),
    ]
