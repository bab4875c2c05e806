"""Each regie publishes a firm and lets it redeem cheques on its own listing (FirmListing); the firm's flags go in
0012 once 0011 has copied them to each listing.

SQLite rebuilds the listings' table to add a column; the database rule on redemptions (vouchers 0033,
vouchers.database_rules) names that table, and SQLite refuses the rebuild while a trigger names it. Where migrate runs
vouchers 0033 before this migration, its triggers go first; migrate's post_migrate creates them again."""
from django.db import migrations, models

RULES_ON_SQLITE = ["vouchers_redemption_by_listed_firm_insert", "vouchers_redemption_by_listed_firm_update"]


def triggers_out_of_the_way(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in RULES_ON_SQLITE:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0009_every_category_has_a_regie")]

    operations = [
        migrations.RunPython(triggers_out_of_the_way, triggers_out_of_the_way),
        migrations.AddField(
            model_name="firmlisting", name="is_published",
            field=models.BooleanField(default=False, help_text="Visible in this regie's public catalogue and on its "
                                      "forms.", verbose_name="published")),
        migrations.AddField(
            model_name="firmlisting", name="accepts_cheques",
            field=models.BooleanField(default=True, help_text="The firm's users may redeem this regie's cheques while it "
                                      "is published.",
                                      verbose_name="accepts cheques")),
        migrations.RunPython(triggers_out_of_the_way, triggers_out_of_the_way),
    ]
