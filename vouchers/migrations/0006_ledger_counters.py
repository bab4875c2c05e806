"""Stored ledger counters: each cheque's balance, each call's redeemed and paid (see vouchers/ledger.py)."""
from decimal import Decimal

from django.db import migrations, models
from django.db.models import F, Q, Sum

COUNTING = ["submitted", "confirmed", "contested", "approved", "paid"]


def fill_counters(apps, schema_editor):
    Voucher, Call, Redemption = (apps.get_model("vouchers", name) for name in ("Voucher", "Call", "Redemption"))
    for voucher in Voucher.objects.all():
        used = Redemption.objects.filter(voucher=voucher, status__in=COUNTING).aggregate(t=Sum("amount"))["t"] or 0
        Voucher.objects.filter(pk=voucher.pk).update(balance=voucher.face_value - used)
    for call in Call.objects.all():
        redemptions = Redemption.objects.filter(voucher__call=call)
        redeemed = redemptions.filter(status__in=["approved", "paid"]).aggregate(t=Sum("amount"))["t"] or 0
        paid = redemptions.filter(status="paid").aggregate(t=Sum("amount"))["t"] or 0
        Call.objects.filter(pk=call.pk).update(redeemed=redeemed, paid=paid)


class Migration(migrations.Migration):

    dependencies = [
        ("vouchers", "0005_cheque_path_local_year"),
    ]

    operations = [
        migrations.AddField(
            model_name="call", name="redeemed",
            field=models.DecimalField(decimal_places=2, default=Decimal("0"), editable=False, max_digits=10,
                                      help_text="Redemptions approved by the coordinator, paid or not.",
                                      verbose_name="redeemed")),
        migrations.AddField(
            model_name="call", name="paid",
            field=models.DecimalField(decimal_places=2, default=Decimal("0"), editable=False, max_digits=10,
                                      help_text="Redemptions paid to the firms.", verbose_name="paid")),
        migrations.AddField(
            model_name="voucher", name="balance",
            field=models.DecimalField(decimal_places=2, default=Decimal("0"), editable=False, max_digits=8,
                                      help_text="Face value less every redemption that is not rejected "
                                                "(see vouchers/ledger.py).", verbose_name="balance"),
            preserve_default=False),
        migrations.AlterField(
            model_name="call", name="committed",
            field=models.DecimalField(decimal_places=2, default=Decimal("0"), editable=False, max_digits=10,
                                      help_text="Face value of the cheques issued and not cancelled, less what "
                                                "expired cheques left unused.", verbose_name="committed")),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="call",
            constraint=models.CheckConstraint(
                condition=Q(paid__gte=0) & Q(paid__lte=F("redeemed")) & Q(redeemed__lte=F("committed")),
                name="call_paid_redeemed_committed")),
        migrations.AddConstraint(
            model_name="voucher",
            constraint=models.CheckConstraint(condition=Q(balance__gte=0) & Q(balance__lte=F("face_value")),
                                              name="voucher_balance_within_face_value")),
    ]
