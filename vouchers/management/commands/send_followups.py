"""Ask businesses and firms whether they still work together, some months after a cheque was used; remind
once after two weeks; over every regie (the summary counts per regie). Idempotent; runs daily
(deploy/systemd/portal-send-followups.timer)."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from regie.ops.scheduled import ran
from vouchers.management.regies import SystemChanges, per_regie
from vouchers.models import FollowUp
from vouchers.services import send_followups


class Command(BaseCommand):
    help = "Send the follow-up questions that are due, and their reminders."

    def handle(self, *args, **options):
        changes = SystemChanges()
        asked, reminded = send_followups(today=timezone.localdate())
        asked_split = per_regie(changes.counts("followup.asked", FollowUp))
        reminded_split = per_regie(changes.counts("followup.reminded", FollowUp))
        ran("send_followups", f"{asked} asked{asked_split}, {reminded} reminded{reminded_split}")
        if asked or reminded or options["verbosity"] > 1:
            self.stdout.write(f"{asked} follow-up question(s) sent{asked_split}, {reminded} reminder(s)"
                              f"{reminded_split}.")
