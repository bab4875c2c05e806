"""Each regie keeps its own service categories: a category says whose it is (0008 gives each its regie, 0009 makes
that required), and a slug is unique in its regie's list only."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0006_area_of_a_regie"),
        ("networking", "0007_every_introduction_has_a_regie"),
        ("regie", "0010_regie_logo"),
        ("vouchers", "0034_mails_and_events_of_regie_1"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecategory",
            name="regie",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="service_categories", to="regie.regie", verbose_name="regie"),
        ),
        migrations.AlterField(
            model_name="servicecategory",
            name="slug",
            field=models.SlugField(help_text="Part of the catalogue's address when it shows this category's firms.",
                                   max_length=100, verbose_name="slug"),
        ),
    ]
