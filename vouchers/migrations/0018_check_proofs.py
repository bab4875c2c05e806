import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import vouchers.models.checks
import vouchers.models.vouchers


class Migration(migrations.Migration):
    dependencies = [
        ("vouchers", "0017_payments_frozen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CheckProof",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(blank=True, storage=vouchers.models.vouchers.private_storage,
                                          upload_to=vouchers.models.checks.proof_path, verbose_name="file")),
                ("content_type", models.CharField(choices=[("application/pdf", "application/pdf"),
                                                           ("image/jpeg", "image/jpeg"), ("image/png", "image/png")],
                                                  max_length=20, verbose_name="type of file")),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent")),
                ("note", models.TextField(blank=True, max_length=1000, verbose_name="note")),
                ("redemption", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="check_proofs", to="vouchers.redemption",
                                                 verbose_name="redemption")),
                ("uploaded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                  related_name="+", to=settings.AUTH_USER_MODEL,
                                                  verbose_name="sent by")),
            ],
            options={
                "verbose_name": "proof for a random check",
                "verbose_name_plural": "proof for random checks",
                "ordering": ["uploaded_at", "id"],
            },
        ),
    ]
