"""The outbox, the audit log and the background work that failed say whose regie's they are (none: the platform's).
Existing rows are given their regie by vouchers 0034, after regie 1 exists."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regie', '0008_staff_memberships'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='regie',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regie.regie', verbose_name='regie'),
        ),
        migrations.AddField(
            model_name='backgroundjob',
            name='regie',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regie.regie', verbose_name='regie'),
        ),
        migrations.AddField(
            model_name='outgoingmail',
            name='regie',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regie.regie', verbose_name='regie'),
        ),
    ]
