"""Bank statements (camt.053, CODA) and their entries: what the bank booked, matched to payments."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('vouchers', '0019_background_work'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BankStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='format')),
                ('statement_id', models.CharField(max_length=35, verbose_name='statement id')),
                ('account_iban', models.CharField(max_length=34, verbose_name='account (IBAN)')),
                ('file_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256 of the file')),
                ('imported_at', models.DateTimeField(auto_now_add=True, verbose_name='imported')),
                ('entry_count', models.PositiveIntegerField(default=0, verbose_name='entries')),
                ('paid_count', models.PositiveIntegerField(default=0, verbose_name='payments paid')),
                ('returned_count', models.PositiveIntegerField(default=0, verbose_name='payments returned')),
                ('unmatched_count', models.PositiveIntegerField(default=0, verbose_name='entries to assign')),
                ('duplicate_count', models.PositiveIntegerField(default=0, verbose_name='entries already imported')),
            ],
            options={
                'verbose_name': 'bank statement',
                'verbose_name_plural': 'bank statements',
                'ordering': ['-imported_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='BankStatementEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100, unique=True, verbose_name='bank reference')),
                ('position', models.CharField(blank=True, max_length=60, verbose_name='place in the file')),
                ('booking_date', models.DateField(verbose_name='booking date')),
                ('value_date', models.DateField(blank=True, null=True, verbose_name='value date')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                ('credit', models.BooleanField(help_text='Money in (a returned transfer); otherwise money out.', verbose_name='credit')),
                ('end_to_end_id', models.CharField(blank=True, max_length=35, verbose_name='end-to-end id')),
                ('communication', models.CharField(blank=True, max_length=12, verbose_name='structured communication')),
                ('free_text', models.TextField(blank=True, verbose_name='free communication')),
                ('counterparty_name', models.CharField(blank=True, max_length=140, verbose_name='counterparty')),
                ('counterparty_iban', models.CharField(blank=True, max_length=34, verbose_name='counterparty IBAN')),
                ('return_reason', models.CharField(blank=True, max_length=4, verbose_name='return reason code')),
                ('outcome', models.CharField(choices=[('paid', 'Payment paid'), ('returned', 'Payment returned'), ('unmatched', 'To assign'), ('assigned', 'Assigned by finance'), ('ignored', 'Ignored by finance')], db_index=True, max_length=9, verbose_name='outcome')),
                ('note', models.TextField(blank=True, help_text='Why it matched nothing, or why it was ignored.', verbose_name='note')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
            ],
            options={
                'verbose_name': 'bank statement entry',
                'verbose_name_plural': 'bank statement entries',
                'ordering': ['statement', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='bankstatement',
            name='imported_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='imported by'),
        ),
        migrations.AddField(
            model_name='bankstatemententry',
            name='payment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='statement_entries', to='vouchers.payment', verbose_name='payment'),
        ),
        migrations.AddField(
            model_name='bankstatemententry',
            name='resolved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by'),
        ),
        migrations.AddField(
            model_name='bankstatemententry',
            name='statement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='vouchers.bankstatement', verbose_name='bank statement'),
        ),
        migrations.AddConstraint(
            model_name='bankstatement',
            constraint=models.UniqueConstraint(fields=('account_iban', 'statement_id'), name='bank_statement_once_per_account'),
        ),
    ]
