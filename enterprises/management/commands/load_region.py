"""`manage.py load_region`: the five municipalities of the programme with their postcodes and French
names. Safe to run again (updates, never duplicates); creates no firms and no users."""
from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises.region import load_region


class Command(BaseCommand):
    help = "Load the programme's municipalities and postcodes (idempotent; no firms, no users)."

    def handle(self, *args, **options):
        with transaction.atomic():
            municipalities, postcodes = load_region()
        self.stdout.write(f"Region ready: {municipalities} municipalities, {postcodes} postcodes and places.")
