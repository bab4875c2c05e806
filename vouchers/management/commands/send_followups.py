"""Ask businesses and firms whether they still work together, some months after a cheque was used; remind
once after two weeks. Idempotent; runs daily (deploy/systemd/portal-send-followups.timer)."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.services import send_followups


class Command(BaseCommand):
    help = "Send the follow-up questions that are due, and their reminders."

    def handle(self, *args, **options):
        asked, reminded = send_followups(today=timezone.localdate())
        ran("send_followups", f"{asked} asked, {reminded} reminded")
        if asked or reminded or options["verbosity"] > 1:
            self.stdout.write(f"{asked} follow-up question(s) sent, {reminded} reminder(s).")
