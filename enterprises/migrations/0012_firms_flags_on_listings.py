"""A firm's "published" and "accepts cheques" are its listings' now (0010, 0011): the firm's own go, and the
catalogue's order index covers every firm (which ones show is the listing's)."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0011_listings_keep_the_firms_flags'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='socialenterprise',
            name='enterprise_catalogue_order',
        ),
        migrations.RemoveField(
            model_name='socialenterprise',
            name='accepts_cheques',
        ),
        migrations.RemoveField(
            model_name='socialenterprise',
            name='is_published',
        ),
        migrations.AddIndex(
            model_name='socialenterprise',
            index=models.Index(django.db.models.functions.text.Lower('name'), models.F('id'), name='enterprise_catalogue_order'),
        ),
    ]
