"""`apply_retention`: every automatic entry of the retention schedule (regie/privacy/schedule.py), applied
with the entry's own period to what it covers, in one transaction per run; idempotent (a second run the same
day finds nothing), audited with counts only. `dry_run` counts what would happen and changes nothing."""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from networking.privacy import retention as networking_rules
from regie.audit import record
from regie.privacy import retention as shared_rules
from regie.privacy.audit import forget_objects
from regie.privacy.schedule import SCHEDULE, Retention, period
from vouchers.models import Application, DeMinimisGrant, FollowUp, PayoutBatch
from vouchers.models.grants import anonymise_grants, grants_due_for_anonymising
from vouchers.privacy.anonymise import (
    anonymise_applications,
    anonymise_followups,
    delete_applications,
    followups_with_personal_data,
)


def applications_without_cheque(today, dry_run):
    """Refused, withdrawn or never decided: deleted 2 years after their call closed."""
    due = Application.objects.filter(call__closes_on__lt=period("applications_without_cheque").before(today),
                                     voucher__isnull=True)
    return due.count() if dry_run else delete_applications(due).deleted_applications


def cheques_due(today, key="cheques"):
    """Applications with a cheque whose period (the schedule's entry `key`: 10 years) has passed since the later
    of the call's closing date and the last payment to a firm for the cheque (the invoices booked then)."""
    day = period(key).before(today)
    return Application.objects.filter(call__closes_on__lt=day, voucher__isnull=False).exclude(
        enterprise_number="").annotate(last_paid=Max("voucher__redemptions__paid_at")).filter(
        Q(last_paid__isnull=True) | Q(last_paid__lt=day))


def kept_until(application):
    """The last day the enterprise number and the invoices of this application (with a cheque) are kept: the
    day after it, kept_after_erasure (or cheques) anonymises them."""
    paid = [day for day in application.voucher.redemptions.values_list("paid_at", flat=True) if day]
    return period("kept_after_erasure").after(max([application.call.closes_on, *paid]))


def cheques(today, dry_run):
    """Applications with a cheque, their cheques, redemptions and follow-ups: anonymised (see cheques_due);
    payout batches' notes 10 years after the batch was made, also in the audit log ("payout.cancelled")."""
    due = cheques_due(today).filter(anonymised_at__isnull=True)
    batches = PayoutBatch.objects.filter(created_at__lt=period("cheques").cutoff(today)).exclude(cancel_reason="")
    if dry_run:
        return due.count() + batches.count()
    ids = list(Application.objects.filter(pk__in=due.values("pk")).select_for_update().values_list("pk", flat=True))
    batch_ids = list(batches.values_list("pk", flat=True))
    forget_objects(PayoutBatch, batch_ids)
    return anonymise_applications(ids, on_request=False).applications + batches.update(cancel_reason="")


def kept_after_erasure(today, dry_run):
    """Applications erased on request, whose enterprise number and invoices the accounts kept: anonymised when
    their period is over, as the others (see cheques_due)."""
    due = cheques_due(today, "kept_after_erasure").filter(anonymised_at__isnull=False)
    if dry_run:
        return due.count()
    ids = list(Application.objects.filter(pk__in=due.values("pk")).select_for_update().values_list("pk", flat=True))
    return anonymise_applications(ids, on_request=False).applications


def followup_answers(today, dry_run):
    """Reasons and comments (also a replaced answer's, in the audit log) 5 years after the question was asked."""
    due = FollowUp.objects.filter(sent_at__lt=period("followup_answers").cutoff(today))
    return followups_with_personal_data(due).count() if dry_run else anonymise_followups(due).followups


def deminimis_grants(today, dry_run):
    """De-minimis grants: the business's number and name go 10 fiscal years after the year of the grant."""
    due = grants_due_for_anonymising(period("deminimis_grants").before(today))
    if dry_run:
        return due.count()
    forget_objects(DeMinimisGrant, list(due.values_list("pk", flat=True)))
    return anonymise_grants(due)


RULES = {**shared_rules.RULES, "applications_without_cheque": applications_without_cheque, "cheques": cheques,
         "kept_after_erasure": kept_after_erasure, "followup_answers": followup_answers,
         "deminimis_grants": deminimis_grants, **networking_rules.RULES}


@dataclass(frozen=True)
class Outcome:
    entry: Retention
    count: int


def automatic_entries():
    return [item for item in SCHEDULE if item.is_automatic and item.command == "apply_retention"]


@transaction.atomic
def apply_retention(*, today=None, dry_run=False, by=None):
    """Apply the schedule; returns an Outcome per automatic entry (count 0: nothing was due)."""
    today = today or timezone.localdate()
    outcomes = [Outcome(item, RULES[item.key](today, dry_run)) for item in automatic_entries()]
    done = {outcome.entry.key: outcome.count for outcome in outcomes if outcome.count}
    if done and not dry_run:
        record(by, "privacy.retention_applied", None, {"day": today, "counts": done})
    return outcomes
