"""Approval: the coordinator decides on a verified or waitlisted application.

Read top-down: approving a selection decides each application in turn (`_approve_one`): it issues the
cheque while the call has budget, and waitlists a verified application once the budget is used up. The
single decisions follow (issue one cheque, waitlist, reject), then the steps they share. Every decision
locks the call row first, then the application (vouchers/services/locks.py), so concurrent approvals
never commit more than the budget.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from regie.dates import add_months
from vouchers import tasks
from vouchers.codes import generate_code
from vouchers.exceptions import BudgetExhausted, TransitionError
from vouchers.models import Application, ApplicationStatus, Call, Voucher
from vouchers.services.grants import record_grant
from vouchers.services.locks import lock_application


@dataclass
class ApprovalOutcome:
    """What approving a selection did, application by application."""
    issued: list[Voucher] = field(default_factory=list)  # cheques
    waitlisted: list[Application] = field(default_factory=list)  # verified applications put on the waiting list
    still_waitlisted: list[Application] = field(default_factory=list)  # waitlisted ones still without budget
    already_decided: list[Application] = field(default_factory=list)  # approved or rejected, e.g. meanwhile
    not_decidable: list[Application] = field(default_factory=list)  # e-mail not confirmed, or withdrawn
    # another application for the same enterprise number already has the call's one cheque for it
    number_approved: list[Application] = field(default_factory=list)


class NumberAlreadyApproved(TransitionError):
    default_message = _("Another application for this enterprise number was already approved in this call: one "
                        "cheque per business per call. Reject this application or declare it void.")


def approve_applications(*, applications: Iterable[Application], by: User | None) -> ApprovalOutcome:
    """Approve in order of submission until the budget is used; waitlist the rest.

    Each application is decided in its own transaction under the call's lock, on its status at
    that moment: one decided meanwhile (another coordinator, another tab) is reported, not an error.
    """
    outcome = ApprovalOutcome()
    for application in sorted(applications, key=lambda a: (a.submitted_at, a.pk)):
        _approve_one(application, by, outcome)
    return outcome


@transaction.atomic
def _approve_one(application: Application, by: User | None, outcome: ApprovalOutcome) -> None:
    call, application = lock_application(application)
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        outcome.already_decided.append(application)
    elif not application.is_decidable:
        outcome.not_decidable.append(application)
    elif _number_approved(application):
        outcome.number_approved.append(application)
    elif call.has_budget_for_one_more():
        outcome.issued.append(_issue(call, application, by))
    elif application.status == ApplicationStatus.VERIFIED:
        outcome.waitlisted.append(_put_on_waitlist(application, by))
    else:
        outcome.still_waitlisted.append(application)


@transaction.atomic
def issue_voucher(*, application: Application, by: User | None) -> Voucher:
    """Approve a verified or waitlisted application: commit the budget and issue its cheque.

    Locks the call row first, so concurrent approvals never commit more than the budget.
    """
    call, application = lock_application(application)
    if not application.is_decidable:
        raise TransitionError()
    if _number_approved(application):
        raise NumberAlreadyApproved()
    if not call.has_budget_for_one_more():
        raise BudgetExhausted()
    return _issue(call, application, by)


def _number_approved(application: Application) -> bool:
    """Another application of the call with this enterprise number is approved (checked under the call's lock;
    the constraint application_one_approved_per_call holds it in the database too)."""
    approved = Application.objects.counted(call=application.call_id, enterprise_number=application.enterprise_number)
    return approved.filter(status=ApplicationStatus.APPROVED).exclude(pk=application.pk).exists()


@transaction.atomic
def waitlist_application(*, application: Application, by: User | None) -> Application:
    _call, application = lock_application(application)
    if application.status != ApplicationStatus.VERIFIED:
        raise TransitionError()
    return _put_on_waitlist(application, by)


@transaction.atomic
def reject_application(*, application: Application, by: User | None, reason: str | None) -> Application:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "A reason is required."}, code="required")
    _call, application = lock_application(application)
    if not application.is_decidable:
        raise TransitionError()
    _decide(application, by, ApplicationStatus.REJECTED, "application.rejected", rejection_reason=reason)
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_rejected", reason)
    return application


def _issue(call: Call, application: Application, by: User | None) -> Voucher:
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
    record_grant(voucher=voucher, by=by)
    tasks.after_commit(tasks.deliver_cheque, voucher.pk)
    return voucher


def _create_voucher(application: Application, call: Call) -> Voucher:
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


def _put_on_waitlist(application: Application, by: User | None) -> Application:
    """Waitlist a locked, verified application and tell the business."""
    _decide(application, by, ApplicationStatus.WAITLISTED, "application.waitlisted")
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_waitlisted")
    return application


def _decide(application: Application, by: User | None, status: str, action: str, **fields: Any) -> None:
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "decided_at", "decided_by", *fields])
    record(by, action, application, fields)
