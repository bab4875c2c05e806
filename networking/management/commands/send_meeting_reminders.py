"""Remind everyone with a place at a meeting, once, the day before it (from 10:00 Brussels until it starts).
Idempotent; runs hourly (deploy/systemd/portal-send-meeting-reminders.timer)."""
from django.core.management.base import BaseCommand

from networking.services.reminders import send_reminders
from regie.ops.scheduled import ran


class Command(BaseCommand):
    help = "Mail the reminder the day before a networking moment to everyone with a place (once each)."

    def handle(self, *args, **options):
        sent = send_reminders()
        ran("send_meeting_reminders", f"{sent} reminded")
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"{sent} meeting reminder(s) sent.")
