"""The morning after a networking moment, ask each attendee, once, whom they would like to meet again.
Idempotent; runs daily (deploy/systemd/portal-ask-meeting-wishes.timer)."""
from django.core.management.base import BaseCommand

from networking.services.wishes import ask_for_due_wishes
from regie.ops.scheduled import ran


class Command(BaseCommand):
    help = "Mail the attendees of the meetings that ended on an earlier day whom they would like to meet again."

    def handle(self, *args, **options):
        asked = ask_for_due_wishes()
        ran("ask_meeting_wishes", f"{asked} asked")
        if asked or options["verbosity"] > 1:
            self.stdout.write(f"{asked} attendee(s) asked whom they would like to meet again.")
