"""Removing a business's personal data from its applications, cheques, redemptions and follow-ups, keeping
amounts, dates, the firm and the municipality (the ledger still adds up). Used by the erasure on request and by
the retention rules; callers hold the transaction and the row locks."""
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from regie.privacy.audit import forget_objects
from regie.privacy.files import delete_after_commit
from vouchers.models import (
    Application,
    BankStatementEntry,
    CheckProof,
    FollowUp,
    Payment,
    Redemption,
    Voucher,
)

ERASED = "—"  # stands in for a required name or address; e-mail, phone and free texts become empty


@dataclass
class Forgotten:
    applications: int = 0
    cheques: int = 0
    redemptions: int = 0
    followups: int = 0
    files: int = 0
    audit_events: int = 0
    mails: int = 0
    task_results: int = 0
    payments: int = 0
    statement_entries: int = 0
    deleted_applications: int = 0
    registrations: int = 0  # of networking moments (networking.privacy)
    introductions: int = 0

    def as_data(self):
        """For the audit record: counts only."""
        return {name: value for name, value in self.__dict__.items() if value}

    def __iadd__(self, other):
        for name, value in other.__dict__.items():
            setattr(self, name, getattr(self, name) + value)
        return self


def anonymise_applications(application_ids, *, on_request):
    """Erase names, contact details, free texts and files of these applications and everything hanging from
    them. An erasure `on_request` keeps the enterprise number (the record of the aid) and the invoices (number,
    amounts, dates and PDF: the accounts must keep them, GDPR art. 17(3)(b)); the end of the retention period
    removes those too."""
    ids = list(application_ids)
    result = Forgotten()
    if not ids:
        return result
    values = {"company_name": ERASED, "street": ERASED, "contact_name": ERASED, "email": "", "phone": "",
              "motivation": "", "rejection_reason": "", "void_reason": "", "register_check": {},
              "anonymised_at": Coalesce("anonymised_at", timezone.now())}
    if not on_request:
        values["enterprise_number"] = ""
    result.applications = Application.objects.filter(pk__in=ids).update(**values)
    result += _anonymise_cheques(Voucher.objects.filter(application__in=ids), keep_invoices=on_request)
    result.audit_events += forget_objects(Application, ids)
    return result


def _anonymise_cheques(vouchers, *, keep_invoices):
    result = Forgotten()
    voucher_ids = list(vouchers.values_list("pk", flat=True))
    cheque_files = list(vouchers.exclude(pdf="").values_list("pdf", flat=True))
    result.cheques = vouchers.update(cancel_reason="", pdf="")
    delete_after_commit(Voucher._meta.get_field("pdf").storage, cheque_files)
    redemptions = Redemption.objects.filter(voucher__in=voucher_ids)
    result.redemptions, invoices = _anonymise_redemptions(redemptions, keep_invoices=keep_invoices)
    if not keep_invoices:  # the accounts keep the transfers as long as the invoices
        result += _anonymise_transfers(redemptions)
    result.files = len(cheque_files) + invoices
    followups = FollowUp.objects.filter(voucher__in=voucher_ids)
    followup_ids = list(followups.values_list("pk", flat=True))
    result += anonymise_followups(followups)
    result.audit_events += (forget_objects(Voucher, voucher_ids) + forget_objects(FollowUp, followup_ids)
                            + forget_objects(Redemption, list(redemptions.values_list("pk", flat=True))))
    return result


def _anonymise_redemptions(redemptions, *, keep_invoices):
    """Free texts go; the invoice file too unless kept. Returns (redemptions changed, invoice files deleted)."""
    values = {"description": "", "contest_reason": "", "rejection_reason": "", "check_note": ""}
    files = ("invoice", "einvoice", "credit_note")  # the PDF, the e-invoice and a credit note go together
    invoices = [] if keep_invoices else [name for row in redemptions.values_list(*files) for name in row if name]
    if not keep_invoices:
        values.update(dict.fromkeys(files, ""), files_removed_at=timezone.now())
    delete_after_commit(Redemption._meta.get_field("invoice").storage, invoices)
    proofs = CheckProof.objects.filter(redemption__in=redemptions).forget(keep_files=keep_invoices)  # with invoices
    return redemptions.update(**values), len(invoices) + proofs


def _anonymise_transfers(redemptions):
    """The firm's name and IBAN frozen on the payments of these redemptions, and what the bank's statement said
    about them (counterparty name, IBAN, free text): a sole trader's name and account are personal data. Amounts,
    dates, references and the firm (its row) stay for the accounts."""
    payments = Payment.objects.filter(redemptions__in=redemptions).exclude(iban="")
    ids = list(payments.values_list("pk", flat=True).distinct())
    changed = Payment.objects.filter(pk__in=ids).update(creditor_name=ERASED, iban="", bic="")
    entries = BankStatementEntry.objects.filter(payment__in=ids).exclude(
        counterparty_name="", counterparty_iban="", free_text="").update(
        counterparty_name="", counterparty_iban="", free_text="")
    return Forgotten(payments=changed, statement_entries=entries, audit_events=forget_objects(Payment, ids))


def followups_with_personal_data(followups):
    return followups.filter(~Q(reason="") | ~Q(comment="") | Q(may_quote=True) | Q(answered_by__isnull=False))


def anonymise_followups(followups):
    """Reason, comment, quoting permission and who answered go, also from the audit log (a replaced answer's
    comment); the answer stays as a figure."""
    due = followups_with_personal_data(followups)
    ids = list(due.values_list("pk", flat=True))
    changed = due.update(reason="", comment="", may_quote=False, answered_by=None)
    return Forgotten(followups=changed, audit_events=forget_objects(FollowUp, ids))


def delete_applications(applications):
    """Delete applications without a cheque, and forget their names in the audit log; returns how many."""
    ids = list(applications.filter(voucher__isnull=True).values_list("pk", flat=True))
    if not ids:
        return Forgotten()
    events = forget_objects(Application, ids)
    Application.objects.filter(pk__in=ids).delete()
    return Forgotten(deleted_applications=len(ids), audit_events=events)
