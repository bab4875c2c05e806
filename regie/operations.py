"""Scheduled commands report their last successful run (shown on /health/ and in the admin)."""
import datetime

from django.utils import timezone

# command: how long after its last successful run /health/ starts to worry (twice its timer's interval)
SCHEDULE = {
    "expire_vouchers": datetime.timedelta(days=2),
    "purge_unverified_applications": datetime.timedelta(days=2),
    "confirm_due_redemptions": datetime.timedelta(hours=2),
    "check_ledger": datetime.timedelta(days=2),
    "send_mails": datetime.timedelta(minutes=30),
    "send_followups": datetime.timedelta(days=2),
    "remind_expiring": datetime.timedelta(days=2),
    "apply_retention": datetime.timedelta(days=2),
}


def ran(name, summary=""):
    """Record that the scheduled command `name` ran to its end now."""
    from regie.models import CommandRun

    CommandRun.objects.update_or_create(name=name, defaults={"last_success_at": timezone.now(),
                                                             "summary": str(summary)[:200]})


def write_output(path, content):
    """Write a command's --output file; a path that cannot be written is a clear CommandError, not a traceback."""
    from django.core.management.base import CommandError

    try:
        with open(path, "wb") as file:
            file.write(content)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
