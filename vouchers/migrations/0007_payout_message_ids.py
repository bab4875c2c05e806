"""Payout batches: a stored SEPA message id and file time (identical downloads), and cancelling."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def assign_message_ids(apps, schema_editor):
    PayoutBatch = apps.get_model("vouchers", "PayoutBatch")
    for batch in PayoutBatch.objects.all():
        PayoutBatch.objects.filter(pk=batch.pk).update(message_id=f"{batch.reference}-1",
                                                       file_created_at=batch.created_at)


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("vouchers", "0006_ledger_counters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payoutbatch", name="status",
            field=models.CharField(choices=[("open", "Created, to be paid"), ("paid", "Paid"),
                                            ("cancelled", "Cancelled")],
                                   default="open", max_length=9, verbose_name="status")),
        migrations.AddField(model_name="payoutbatch", name="message_id",
                            field=models.CharField(editable=False, max_length=35, null=True,
                                                   verbose_name="SEPA message id")),
        migrations.AddField(model_name="payoutbatch", name="file_created_at",
                            field=models.DateTimeField(editable=False, null=True, verbose_name="SEPA file created")),
        migrations.RunPython(assign_message_ids, migrations.RunPython.noop),
        migrations.AlterField(model_name="payoutbatch", name="message_id",
                              field=models.CharField(editable=False, max_length=35, unique=True,
                                                     verbose_name="SEPA message id")),
        migrations.AlterField(model_name="payoutbatch", name="file_created_at",
                              field=models.DateTimeField(editable=False, verbose_name="SEPA file created")),
        migrations.AddField(model_name="payoutbatch", name="cancelled_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled")),
        migrations.AddField(model_name="payoutbatch", name="cancelled_by",
                            field=models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL,
                                                    related_name="+", to=settings.AUTH_USER_MODEL,
                                                    verbose_name="cancelled by")),
        migrations.AddField(model_name="payoutbatch", name="cancel_reason",
                            field=models.TextField(blank=True, verbose_name="reason for cancellation")),
        migrations.AddConstraint(
            model_name="payoutbatch",
            constraint=models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False),
                                              name="payout_paid_has_date")),
    ]
