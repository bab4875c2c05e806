import io

from django.core.management import call_command


def seed_demo(*, meetings=True):
    """The demo data, in the throw-away test database (tests run with DEBUG off, as production does); without
    the networking moments where a test has no use for them (they take about a second to make)."""
    call_command("seed_demo", "--on-production", *([] if meetings else ["--without-meetings"]),
                 stdout=io.StringIO())
