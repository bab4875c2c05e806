import io

from django.core.management import call_command


def seed_demo():
    """The demo data, in the throw-away test database (tests run with DEBUG off, as production does)."""
    call_command("seed_demo", "--on-production", stdout=io.StringIO())
