# Privacy by default: when an application's personal data was removed, its enterprise number may be emptied
# after the retention period (no longer counted by the once-per-call rule), and who may erase personal data.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vouchers', '0010_call_names_per_language'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='application',
            options={'ordering': ['submitted_at', 'id'],
                     'permissions': [('erase_personal_data', "Can export, correct and erase a business's personal data")],
                     'verbose_name': 'application', 'verbose_name_plural': 'applications'},
        ),
        migrations.AddField(
            model_name='application',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When names, contact details and free texts were erased on request or at the end of the retention period (vouchers/privacy/).', null=True, verbose_name='personal data removed'),
        ),
        migrations.RemoveConstraint(
            model_name='application',
            name='application_once_per_call',
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('enterprise_number', ''), _negated=True)), fields=('call', 'enterprise_number'), name='application_once_per_call'),
        ),
    ]
