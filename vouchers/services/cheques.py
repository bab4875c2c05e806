"""Cheques: issue (approving applications), cancel, expire, and the PDF stored once at issue time.

Every change to a cheque's money locks the call row first, then the cheque: see vouchers/ledger.py.
"""
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from regie.audit import record
from regie.dates import add_months
from vouchers import tasks
from vouchers.codes import generate_code
from vouchers.exceptions import BudgetExhausted, TransitionError
from vouchers.models import Application, ApplicationStatus, Call, Voucher, VoucherStatus
from vouchers.models.vouchers import SPENDABLE
from vouchers.services.applications import lock_application, put_on_waitlist


def _create_voucher(application, call):
    issued_at = timezone.now()
    valid_until = add_months(timezone.localdate(issued_at), call.validity_months)
    while True:  # a code collision (about 1 in 10^23) just draws again
        try:
            with transaction.atomic():
                return Voucher.objects.create(
                    application=application, call=call, code=generate_code(), face_value=call.face_value,
                    balance=call.face_value, issued_at=issued_at, valid_until=valid_until,
                )
        except IntegrityError:
            if Voucher.objects.filter(application=application).exists():
                raise


def _issue(call, application, by):
    """Issue the cheque of a locked, decidable application on its locked call that has budget left."""
    voucher = _create_voucher(application, call)
    call.committed += voucher.face_value
    call.save(update_fields=["committed"])
    application.status = ApplicationStatus.APPROVED
    application.decided_at, application.decided_by = voucher.issued_at, by
    application.save(update_fields=["status", "decided_at", "decided_by"])
    record(by, "application.approved", application, {"voucher": voucher.pk})
    record(by, "voucher.issued", voucher, {"face_value": voucher.face_value, "valid_until": voucher.valid_until,
                                           "application": application.pk})
    tasks.after_commit(tasks.deliver_cheque, voucher.pk)
    return voucher


@transaction.atomic
def issue_voucher(*, application, by):
    """Approve a verified or waitlisted application: commit the budget and issue its cheque.

    Locks the call row first, so concurrent approvals never commit more than the budget.
    """
    call, application = lock_application(application)
    if not application.is_decidable:
        raise TransitionError()
    if not call.has_budget_for_one_more():
        raise BudgetExhausted()
    return _issue(call, application, by)


@dataclass
class ApprovalOutcome:
    """What approving a selection did, application by application."""
    issued: list = field(default_factory=list)  # cheques
    waitlisted: list = field(default_factory=list)  # verified applications put on the waiting list
    still_waitlisted: list = field(default_factory=list)  # waitlisted ones for which there is still no budget
    already_decided: list = field(default_factory=list)  # approved or rejected, e.g. by someone else meanwhile
    not_decidable: list = field(default_factory=list)  # e-mail not confirmed, or withdrawn


@transaction.atomic
def _approve_one(application, by, outcome):
    call, application = lock_application(application)
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        outcome.already_decided.append(application)
    elif not application.is_decidable:
        outcome.not_decidable.append(application)
    elif call.has_budget_for_one_more():
        outcome.issued.append(_issue(call, application, by))
    elif application.status == ApplicationStatus.VERIFIED:
        outcome.waitlisted.append(put_on_waitlist(application, by))
    else:
        outcome.still_waitlisted.append(application)


def approve_applications(*, applications, by):
    """Approve in order of submission until the budget is used; waitlist the rest.

    Each application is decided in its own transaction under the call's lock, on its status at
    that moment: one decided meanwhile (another coordinator, another tab) is reported, not an error.
    """
    outcome = ApprovalOutcome()
    for application in sorted(applications, key=lambda a: (a.submitted_at, a.pk)):
        _approve_one(application, by, outcome)
    return outcome


@transaction.atomic
def cancel_voucher(*, voucher, by, reason):
    """Cancel a cheque that has not been used; its face value returns to the call's budget."""
    reason = (reason or "").strip()
    call = Call.objects.select_for_update().get(pk=voucher.call_id)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.status != VoucherStatus.ISSUED or voucher.balance != voucher.face_value:
        raise TransitionError()
    voucher.status = VoucherStatus.CANCELLED
    voucher.cancelled_at = timezone.now()
    voucher.cancel_reason = reason
    voucher.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    call.committed -= voucher.face_value
    call.save(update_fields=["committed"])
    record(by, "voucher.cancelled", voucher, {"reason": reason, "released": voucher.face_value})
    tasks.after_commit(tasks.mail_applicant, voucher.application_id, "voucher_cancelled", reason)
    return voucher


def store_cheque_pdf(*, voucher):
    """Render the cheque once and keep it; later calls return the stored file's bytes."""
    from vouchers.pdf import render_cheque_pdf

    with transaction.atomic():
        voucher = Voucher.objects.select_for_update(of=("self",)).select_related("application", "call").get(pk=voucher.pk)
        if voucher.pdf:
            with voucher.pdf.open("rb") as stored:
                return stored.read()
        pdf = render_cheque_pdf(voucher)
        voucher.pdf.save(f"{voucher.code}.pdf", ContentFile(pdf), save=False)
        voucher.save(update_fields=["pdf"])
        record(None, "voucher.pdf_stored", voucher, {"bytes": len(pdf)})
    return pdf


def expire_locked_voucher(call, voucher, by=None):
    """Mark a locked cheque past its date expired and return its balance to the locked call's budget."""
    released = voucher.balance
    voucher.status = VoucherStatus.EXPIRED
    voucher.save(update_fields=["status", "balance"])
    call.committed -= released
    call.save(update_fields=["committed"])
    record(by, "voucher.expired", voucher, {"released": released})
    return released


def expire_vouchers(*, today):
    """Cheques past their valid-until date expire; their unused balance returns to the call's budget.

    Each cheque in its own transaction; running it again changes nothing. Returns how many expired.
    """
    expired = 0
    for voucher_id, call_id in Voucher.objects.filter(status__in=SPENDABLE, valid_until__lt=today).values_list(
            "pk", "call_id"):
        with transaction.atomic():
            call = Call.objects.select_for_update().get(pk=call_id)
            voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
            if voucher.status not in SPENDABLE or voucher.valid_until >= today:
                continue
            expire_locked_voucher(call, voucher)
            expired += 1
    return expired
