"""Staff work for regies (StaffMembership). An install's existing staff are attached to its regie by vouchers 0032,
which runs after vouchers 0023 has made regie 1."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regie', '0007_regies'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='since')),
                ('regie', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_memberships', to='regie.regie', verbose_name='regie')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='regie_memberships', to=settings.AUTH_USER_MODEL, verbose_name='staff member')),
            ],
            options={
                'verbose_name': 'works for the regie',
                'verbose_name_plural': 'works for the regies',
                'ordering': ['regie__short_name'],
                'constraints': [models.UniqueConstraint(fields=('regie', 'user'), name='one_membership_per_regie_and_user', violation_error_message='This user already works for this regie.')],
            },
        ),
    ]
