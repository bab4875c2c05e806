"""The database refuses a redemption of a regie's cheque by a firm that regie does not list: a cheque of regie A is
unredeemable through regie B, whatever code path writes the row. Checked when a redemption is inserted and when its
cheque or firm changes, not on other updates, so that a firm's redemptions from before a regie stopped listing it
are still decided and paid. (On SQLite, `migrate` also drops and recreates them around every run:
vouchers/database_rules.py.)"""
from django.db import migrations

from vouchers.database_rules import CREATE, DROP  # the rule as this migration writes it; a change is a new migration


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0005_existing_firms_listed"),
        ("vouchers", "0032_staff_of_regie_1"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
