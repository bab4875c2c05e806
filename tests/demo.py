import io

from django.core.management import call_command


def seed_demo(*, meetings=True, second_regie=False):
    """The demo data, in the throw-away test database (tests run with DEBUG off, as production does); without
    the networking moments where a test has no use for them (they take about a second to make); with the second,
    fictional regie only where a test asks for it: the others test an install of one regie."""
    call_command("seed_demo", "--on-production", *([] if meetings else ["--without-meetings"]),
                 *([] if second_regie else ["--one-regie"]), stdout=io.StringIO())
