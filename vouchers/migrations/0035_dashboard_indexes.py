"""Small partial indexes for what the dashboard counts among many rows: redemptions whose credit note waits to be
looked at, redemptions drawn for a random check, and cheques that can still be spent, by their last day (the ones
expiring within 30 days). Each holds the few rows its count is about, not every redemption or cheque."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("vouchers", "0034_mails_and_events_of_regie_1"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="redemption",
            index=models.Index(condition=models.Q(credit_note_attention=True), fields=["credit_note_attention"],
                               name="redemption_credit_note_todo"),
        ),
        migrations.AddIndex(
            model_name="redemption",
            index=models.Index(condition=~models.Q(random_check=""), fields=["random_check"],
                               name="redemption_random_drawn"),
        ),
        migrations.AddIndex(
            model_name="voucher",
            index=models.Index(condition=models.Q(balance__gt=0, status__in=["issued", "partly_used"]),
                               fields=["valid_until"], name="voucher_spendable_until"),
        ),
    ]
