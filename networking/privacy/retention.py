"""The nightly retention rules of the networking app, one per schedule entry (networking/privacy/schedule.py);
vouchers.privacy.retention.RULES dispatches them by key. Each takes today's date in Brussels and `dry_run`,
and returns how many rows it anonymised (or would)."""
import datetime

from django.db.models import Q

from networking.models import Introduction, Registration
from networking.privacy.anonymise import anonymise_introductions, anonymise_registrations
from regie.privacy.schedule import period


def registrations(today: datetime.date, dry_run: bool) -> int:
    """Anonymised 1 year after the day of the meeting (counted from its end)."""
    due = Registration.objects.filter(meeting__ends_at__lt=period("registrations").cutoff(today),
                                      anonymised_at__isnull=True)
    if dry_run:
        return due.count()
    return anonymise_registrations(due.select_for_update(of=("self",)).values_list("pk", flat=True))


def introductions(today: datetime.date, dry_run: bool) -> int:
    """Anonymised 3 years after the introduction, or the night after the business withdrew its consent."""
    due = Introduction.objects.filter(
        Q(created_at__lt=period("introductions").cutoff(today)) | Q(withdrawn_at__isnull=False),
        anonymised_at__isnull=True)
    if dry_run:
        return due.count()
    return anonymise_introductions(due.select_for_update(of=("self",)).values_list("pk", flat=True))


RULES = {"registrations": registrations, "introductions": introductions}
