"""The database cache table (shared by every web process) comes with `migrate`: no separate step."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [("regie", "0002_outbox_throttles_commands")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
