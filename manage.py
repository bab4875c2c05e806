#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    # The mode comes from DJANGO_DEBUG in the environment or the environment file, never from a guess.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 late: Django's manage.py template

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
