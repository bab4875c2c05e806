"""Send every waiting mail whose time has come. The worker does this by itself; the timer runs this as a
safety net (and it is how retries happen in development, whose task backend cannot defer)."""
from django.core.management.base import BaseCommand

from regie.mail.outbox import send_due_mails
from regie.ops.scheduled import ran


class Command(BaseCommand):
    help = "Send the outbox's waiting mails that are due."

    def handle(self, *args, **options):
        sent = send_due_mails()
        ran("send_mails", f"{sent} sent")
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"{sent} mail(s) sent.")
