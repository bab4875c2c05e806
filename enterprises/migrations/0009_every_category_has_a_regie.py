"""Every service category is a regie's (0008 gave each its regie), and a regie's slugs are unique in its list."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0008_categories_of_their_regie"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicecategory",
            name="regie",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="service_categories",
                                    to="regie.regie", verbose_name="regie"),
        ),
        migrations.AddConstraint(
            model_name="servicecategory",
            constraint=models.UniqueConstraint(fields=("regie", "slug"), name="one_category_slug_per_regie",
                                               violation_error_message="This regie already has a category with this "
                                                                       "slug."),
        ),
    ]
