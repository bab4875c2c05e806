"""Redemptions: a firm redeems, the customer confirms or contests, the coordinator decides."""
import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enterprises.models import SocialEnterprise
from enterprises.services import can_manage_enterprise
from regie.audit import record
from regie.models import Regie
from vouchers import tasks
from vouchers.einvoices import EInvoice
from vouchers.exceptions import TransitionError
from vouchers.invoices import Proof, einvoice_errors, read_proof, typed_value_errors
from vouchers.models import Call, CheckOutcome, Redemption, RedemptionStatus, Voucher, VoucherStatus
from vouchers.models.redemptions import DECIDABLE, invoice_number_key
from vouchers.models.vouchers import SPENDABLE
from vouchers.selectors import find_voucher
from vouchers.services import checks
from vouchers.services.cheques import expire_locked_voucher
from vouchers.services.grants import correct_for_expiry
from vouchers.services.locks import lock_redemption, lock_redemption_with_call

INVOICE_FIELDS = ("amount", "description", "service_date", "invoice_number", "invoice_date", "invoice_amount")


def redemption_errors(*, voucher: Voucher, enterprise: SocialEnterprise, balance: Decimal, data: Mapping[str, Any],
                      today: datetime.date) -> dict[str | None, str | Promise]:
    """{field: message} for every redemption rule that `data` breaks."""
    errors: dict[str | None, str | Promise] = {}
    listing = enterprise.listings.filter(regie_id=voucher.call.regie_id).first()
    if listing is None:
        errors[None] = not_listed(voucher, enterprise)
    elif not (listing.is_published and listing.accepts_cheques):
        errors[None] = _("Your enterprise cannot redeem cheques at the moment; please contact the coordinator.")
    service_date, amount = data["service_date"], data["amount"]
    if service_date > today:
        errors["service_date"] = _("The service date cannot be in the future.")
    elif not timezone.localdate(voucher.issued_at) <= service_date <= voucher.valid_until:
        errors["service_date"] = _(
            "The service must take place between %(start)s and %(end)s, while the cheque is valid.") % {
            "start": timezone.localdate(voucher.issued_at).strftime("%d/%m/%Y"),
            "end": voucher.valid_until.strftime("%d/%m/%Y")}
    elif not enterprise.recognition_valid_on(service_date):
        errors["service_date"] = _("Your enterprise's recognition was not valid on this date.")
    if data["invoice_date"] > today:
        errors["invoice_date"] = _("The invoice date cannot be in the future.")
    if amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif amount > balance:
        errors["amount"] = _("The amount is more than the cheque's remaining balance (EUR %(balance)s).") % {
            "balance": number_format(balance, 2, force_grouping=True)}
    elif amount > data["invoice_amount"]:
        errors["amount"] = _("The amount cannot be more than the invoice amount excluding VAT.")
    return errors


def not_listed(voucher: Voucher, enterprise: SocialEnterprise) -> str:
    return _("%(regie)s does not list %(firm)s, so it cannot redeem this regie's cheques. Please contact the regie's "
             "coordinator.") % {"regie": voucher.call.regie.name, "firm": enterprise.name}


def submit_redemption(*, code: str, customer_enterprise_number: str, enterprise: SocialEnterprise, by: User,
                      submission_key: UUID, data: Mapping[str, Any], invoice: File | None = None,
                      einvoice: File | None = None, regie: Regie) -> Redemption:
    """A firm's user redeems (part of) a cheque of `regie` (the host's: another regie's cheque is as unknown as a
    wrong code), proven by a PDF `invoice` or a UBL `einvoice`. The same `submission_key` twice records it once.

    Locks the cheque, checks the rules against its stored balance (and the e-invoice against the redemption),
    then inserts and lowers the balance. A second post with the same key (double click) waits for the cheque's
    lock, then gets the first redemption back. Raises PermissionDenied when `by` may not act for `enterprise`,
    ValidationError for broken rules; an invoice file stored by a call that fails is deleted again.
    """
    stored: list[FieldFile] = []
    try:
        proof = read_proof(invoice=invoice, einvoice=einvoice)  # outside the lock: validation takes a while
        cheque = {"regie": regie, "code": code, "enterprise_number": customer_enterprise_number}
        return _submit_redemption(cheque, enterprise, by, submission_key, data, proof, stored)
    except BaseException:
        for file in stored:
            file.delete(save=False)
        raise


@transaction.atomic
def _submit_redemption(cheque: Mapping[str, Any], enterprise: SocialEnterprise, by: User, submission_key: UUID,
                       data: Mapping[str, Any], proof: Proof, stored: list[FieldFile]) -> Redemption:
    """`cheque`: find_voucher's regie, code and enterprise number."""
    if not can_manage_enterprise(by, enterprise):
        raise PermissionDenied
    voucher = find_voucher(**cheque, lock=True)
    list(SocialEnterprise.objects.select_for_update().filter(pk=enterprise.pk).values_list("pk"))  # as delist_firm
    # A double click: the first post recorded it before this one had the locks (asked once, under the locks).
    existing = Redemption.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    data = _with_einvoice_values(data, proof.einvoice)
    voucher = _spendable(voucher, enterprise, data, proof)
    redemption = Redemption(voucher=voucher, enterprise=enterprise, submitted_by=by, submission_key=submission_key,
                            invoice_number_key=invoice_number_key(data["invoice_number"]),
                            **{name: data[name] for name in INVOICE_FIELDS})
    _store_proof(redemption, proof, stored)
    _insert(redemption, proof)
    _take_from_cheque(voucher, redemption.amount)
    drawn = checks.draw(redemption, voucher.call.random_check_percent)
    record(by, "redemption.submitted", redemption, {"voucher": voucher.pk, "amount": redemption.amount,
                                                     "enterprise": enterprise.pk, "balance": voucher.balance,
                                                     "random_check": drawn, "einvoice": proof.einvoice is not None})
    tasks.after_commit(tasks.mail_customer_about_redemption, redemption.pk, "redemption_submitted")
    return redemption


def _with_einvoice_values(data: Mapping[str, Any], einvoice: EInvoice | None) -> Mapping[str, Any]:
    """The e-invoice's number, date and total where the form left them empty."""
    if einvoice is None:
        return data
    taken = {"invoice_number": einvoice.number, "invoice_date": einvoice.issue_date,
             "invoice_amount": einvoice.total_without_vat}
    return {**data, **{name: value for name, value in taken.items() if data.get(name) in (None, "")}}


def _store_proof(redemption: Redemption, proof: Proof, stored: list[FieldFile]) -> None:
    if proof.xml is not None:
        redemption.einvoice.save("einvoice.xml", ContentFile(proof.xml), save=False)
        stored.append(redemption.einvoice)
    if proof.pdf is not None:
        redemption.invoice.save(proof.pdf.name or "invoice.pdf", proof.pdf, save=False)
        stored.append(redemption.invoice)


def _insert(redemption: Redemption, proof: Proof) -> None:
    """Insert; the uniqueness of the firm's invoice number is the last line when two firms' users race."""
    try:
        with transaction.atomic():
            redemption.save()
    except IntegrityError as error:
        if _invoice_used(redemption.enterprise, redemption.invoice_number_key or ""):
            raise ValidationError(_invoice_used_error(redemption.invoice_number, proof)) from None
        if "redemption_by_unlisted_firm" in str(error):  # the database's rule (vouchers/database_rules.py)
            refused = {None: not_listed(redemption.voucher, redemption.enterprise)}
            raise ValidationError(cast(dict[str, Any], refused)) from None
        raise


def _invoice_used(enterprise: SocialEnterprise, key: str) -> bool:
    return Redemption.objects.filter(enterprise=enterprise, invoice_number_key=key).exclude(
        status=RedemptionStatus.REJECTED).exists()


def _invoice_used_error(number: str, proof: Proof) -> dict[str, ValidationError]:
    return {"invoice" if proof.einvoice else "invoice_number": ValidationError(
        _("Your enterprise already used invoice %(number)s for a redemption; an invoice proves one redemption "
          "only."), code="invoice_number_used", params={"number": number})}


def _take_from_cheque(voucher: Voucher, amount: Decimal) -> None:
    """Lower the locked cheque's balance by `amount`; its status follows (partly used or used up)."""
    voucher.balance -= amount
    voucher.status = voucher.status_for_balance()
    voucher.save(update_fields=["balance", "status"])


def _spendable(voucher: Voucher | None, enterprise: SocialEnterprise, data: Mapping[str, Any],
               proof: Proof) -> Voucher:
    """The locked cheque when this redemption may be taken from it; ValidationError otherwise."""
    if voucher is None or voucher.current_status() not in SPENDABLE:
        raise ValidationError(_("This code and enterprise number do not match a valid cheque."), code="no_match")
    errors: dict[str | None, Any] = dict(redemption_errors(
        voucher=voucher, enterprise=enterprise, balance=voucher.balance, data=data, today=timezone.localdate()))
    errors.update(_proof_errors(voucher, enterprise, data, proof))
    if errors:
        raise ValidationError(cast(dict[str, Any], errors))  # the None key is the form's own error
    return voucher


def _proof_errors(voucher: Voucher, enterprise: SocialEnterprise, data: Mapping[str, Any],
                  proof: Proof) -> dict[str | None, Any]:
    """The e-invoice against the redemption, and the invoice number not used before by the firm."""
    errors: dict[str | None, Any] = {}
    if proof.einvoice is not None:
        errors.update(typed_value_errors(proof.einvoice, data))
        problems = einvoice_errors(proof.einvoice, voucher=voucher, enterprise=enterprise, amount=data["amount"])
        if problems:
            errors["invoice"] = problems
    if "invoice" not in errors and _invoice_used(enterprise, invoice_number_key(data["invoice_number"])):
        errors.update(_invoice_used_error(data["invoice_number"], proof))
    return errors


@transaction.atomic
def confirm_redemption(*, redemption: Redemption, automatically: bool = False) -> Redemption:
    """The customer confirms, or the contest window ended without an answer."""
    redemption = _answer(redemption, RedemptionStatus.CONFIRMED, "redemption.confirmed",
                         {"automatically": automatically}, confirmed_automatically=automatically)
    tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_confirmed")
    return redemption


@transaction.atomic
def contest_redemption(*, redemption: Redemption, reason: str | None) -> Redemption:
    """The customer contests, with a reason; the coordinators are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please tell us why you contest this use of your cheque.")})
    redemption = _answer(redemption, RedemptionStatus.CONTESTED, "redemption.contested", {"reason": reason},
                         contest_reason=reason)
    tasks.after_commit(tasks.mail_coordinators_about_redemption, redemption.pk)
    return redemption


def _answer(redemption: Redemption, status: RedemptionStatus, action: str, data: dict[str, Any],
            **fields: Any) -> Redemption:
    """The customer's answer to a submitted redemption: lock, guard, change (status, time, `fields`), audit."""
    _voucher, redemption = lock_redemption(redemption)
    if redemption.status != RedemptionStatus.SUBMITTED:
        raise TransitionError()
    redemption.status = status
    redemption.answered_at = timezone.now()
    for name, value in fields.items():
        setattr(redemption, name, value)
    redemption.save(update_fields=["status", "answered_at", *fields])
    record(None, action, redemption, data)
    return redemption


def confirm_due_redemptions(*, now: datetime.datetime) -> int:
    """Redemptions the customer did not answer by the last day of the contest window count as confirmed.

    The window ends at midnight in Brussels after `contest_until` (the submission's local date plus
    the call's contest days), the date the customer is shown.
    """
    confirmed, today = 0, timezone.localdate(now)
    due = Redemption.objects.filter(status=RedemptionStatus.SUBMITTED).select_related("voucher__call")
    for redemption in due:
        if redemption.contest_until < today:
            try:
                confirm_redemption(redemption=redemption, automatically=True)
                confirmed += 1
            except TransitionError:  # answered meanwhile
                pass
    return confirmed


@transaction.atomic
def approve_redemption(*, redemption: Redemption, by: User | None) -> Redemption:
    """The coordinator approves a confirmed or contested redemption: it counts as redeemed and can be paid."""
    call, _voucher, redemption = lock_redemption_with_call(redemption)
    if not redemption.is_decidable:
        raise TransitionError(_("Only confirmed or contested redemptions can be approved."))
    if redemption.random_check in (CheckOutcome.PENDING, CheckOutcome.FAILED):
        raise TransitionError(_("This redemption was drawn for a random check: it can be approved once the proof "
                                "is accepted."))
    redemption.status = RedemptionStatus.APPROVED
    redemption.decided_at, redemption.decided_by = timezone.now(), by
    redemption.save(update_fields=["status", "decided_at", "decided_by"])
    call.redeemed += redemption.amount
    call.save(update_fields=["redeemed"])
    record(by, "redemption.approved", redemption, {"amount": redemption.amount})
    tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_approved")
    return redemption


@transaction.atomic
def reject_redemption(*, redemption: Redemption, by: User | None, reason: str | None) -> Redemption:
    """Reject with a reason; the amount returns to the cheque's balance.

    If the cheque can no longer be spent (past its valid-until date), what returns is released to
    the call's budget at once, and the cheque is expired.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")})
    call, voucher, redemption = lock_redemption_with_call(redemption)
    if redemption.status not in (RedemptionStatus.SUBMITTED, *DECIDABLE):
        raise TransitionError()
    redemption.status = RedemptionStatus.REJECTED
    redemption.decided_at, redemption.decided_by, redemption.rejection_reason = timezone.now(), by, reason
    redemption.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    released = _return_to_cheque(call, voucher, redemption.amount, by)
    record(by, "redemption.rejected", redemption, {"reason": reason, "returned": redemption.amount,
                                                    "released": released})
    tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_rejected")
    return redemption


def _return_to_cheque(call: Call, voucher: Voucher, amount: Decimal, by: User | None) -> Decimal:
    """Give `amount` back to the locked cheque; returns what that released of the locked call's budget."""
    voucher.balance += amount
    if voucher.status == VoucherStatus.EXPIRED:
        voucher.save(update_fields=["balance"])
        call.committed -= amount
        call.save(update_fields=["committed"])
        correct_for_expiry(voucher=voucher, by=by)  # the aid is what was used: less now
        return amount
    if voucher.valid_until < timezone.localdate():
        return expire_locked_voucher(call, voucher, by)
    voucher.status = voucher.status_for_balance()
    voucher.save(update_fields=["balance", "status"])
    return Decimal("0.00")
