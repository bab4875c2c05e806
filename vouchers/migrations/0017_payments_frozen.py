"""Payments of a batch frozen when it is made (creditor name, IBAN, BIC, structured communication, amount, the
redemptions covered), each with its own end-to-end id; existing batches get theirs from what their file said."""
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from stdnum.be import iban as be_iban
from stdnum.be import ogm_vcs


def _communication(base):
    digits = f"{int(base) % 10**10:010d}"
    digits += ogm_vcs.calc_check_digits(digits)
    return f"+++{ogm_vcs.format(digits)}+++"


def _bic(iban):
    try:
        return be_iban.to_bic(iban) or ""
    except Exception:  # not a Belgian IBAN, or a bank without a BIC in stdnum's list
        return ""


def _groups(batch, redemptions):
    """The payments the batch's SEPA file already held (vouchers/bank_files/sepa.py before this migration)."""
    if not batch.one_payment_per_firm:
        return [(f"{batch.reference}-R{r.pk}", r.enterprise, [r],
                 _communication(f"{batch.pk % 10**4:04d}{r.pk % 10**6:06d}")) for r in redemptions]
    by_firm = {}
    for redemption in redemptions:
        by_firm.setdefault(redemption.enterprise, []).append(redemption)
    return [(f"{batch.reference}-F{firm.pk}", firm, group, _communication(f"{batch.pk % 10**5:05d}{firm.pk % 10**5:05d}"))
            for firm, group in by_firm.items()]


def freeze_existing_batches(apps, schema_editor):
    PayoutBatch, Payment = apps.get_model("vouchers", "PayoutBatch"), apps.get_model("vouchers", "Payment")
    PayoutBatch.objects.update(books_each_payment=False)  # their files stay byte for byte what finance checked
    for batch in PayoutBatch.objects.exclude(status="cancelled").order_by("pk"):
        redemptions = list(batch.redemptions.select_related("enterprise").order_by("enterprise__name", "pk"))
        for end_to_end_id, firm, group, communication in _groups(batch, redemptions):
            iban = (firm.iban or "").replace(" ", "").upper()
            paid = batch.status == "paid"
            payment = Payment.objects.create(
                batch=batch, end_to_end_id=end_to_end_id, enterprise=firm, creditor_name=firm.name, iban=iban,
                bic=_bic(iban), communication=communication, amount=sum((r.amount for r in group), Decimal("0")),
                status="paid" if paid else "sent", booked_on=batch.paid_on if paid else None,
                marked_paid_by=batch.paid_by if paid else None)
            payment.redemptions.set(group)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_region_2025"),
        ("vouchers", "0016_applications_against_the_register"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="payoutbatch", name="books_each_payment",
            field=models.BooleanField(default=True, editable=False, verbose_name="one booking per payment"),
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('end_to_end_id', models.CharField(max_length=35, unique=True, verbose_name='end-to-end id')),
                ('creditor_name', models.CharField(max_length=200, verbose_name='creditor name')),
                ('iban', models.CharField(max_length=34, verbose_name='IBAN')),
                ('bic', models.CharField(blank=True, max_length=11, verbose_name='BIC')),
                ('communication', models.CharField(max_length=20, verbose_name='structured communication')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='amount')),
                ('status', models.CharField(choices=[('sent', 'Sent to the bank'), ('paid', 'Paid'), ('returned', 'Returned by the bank'), ('cancelled', 'Cancelled with its batch')], default='sent', max_length=9, verbose_name='status')),
                ('booked_on', models.DateField(blank=True, help_text="The bank's booking date, or the date finance marked it paid.", null=True, verbose_name='booked on')),
                ('returned_on', models.DateField(blank=True, null=True, verbose_name='returned on')),
                ('return_reason_code', models.CharField(blank=True, max_length=4, verbose_name='return reason code')),
                ('return_reason', models.CharField(blank=True, max_length=200, verbose_name='return reason')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='vouchers.payoutbatch', verbose_name='payout batch')),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='enterprises.socialenterprise', verbose_name='enterprise')),
                ('marked_paid_by', models.ForeignKey(blank=True, help_text="Empty when the bank's statement marked it paid.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked paid by')),
                ('redemptions', models.ManyToManyField(related_name='payments', to='vouchers.redemption', verbose_name='redemptions')),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['batch', 'creditor_name', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_amount_positive'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'paid'), _negated=True), ('booked_on__isnull', False), _connector='OR'), name='payment_paid_has_booking_date'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), ('returned_on__isnull', False), _connector='OR'), name='payment_returned_has_date')],
            },
        ),
            migrations.RunPython(freeze_existing_batches, migrations.RunPython.noop),
    ]
