"""Background work, enqueued after the transaction commits (see `after_commit`).

The one seam between the services and the background: services enqueue these tasks through
`after_commit`; the tasks read the models, render (vouchers.printing) and mail (vouchers.notifications),
and never import a service. Queued tasks name their function by path (`vouchers.tasks.<name>`): keep it.

Every task is a `background_task` (regie/ops/background.py): a run is one transaction, and a run that raises is
rolled back whole, recorded (naming the object of `about`) and retried with backoff; after the last try it shows
on the attention list, on /health/ and in the admin ("try again"). So the rule for every task here:

- Safe to run again after a failure: it has no effect outside the database before it ends (a mail is stored in
  the outbox in the run's transaction and sent after commit), so a failed run left nothing to double.
- Safe to run twice: a task whose effect must happen once says so on a row under its lock, e.g. `deliver_cheque`
  marks the cheque mailed (Voucher.cheque_mailed_at) and a stored PDF is not rendered again; the mail tasks
  enqueue their mails into the outbox once per successful run, and the services enqueue each once per change.
- Its arguments are ids and short words (JSON), its first argument the id of the object it is about (`about`,
  so that a failure names it); where that object may be purged meanwhile, its absence is nothing to do.
"""
import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from regie.ops.background import background_task
from vouchers import notifications, printing, remittance
from vouchers.models import Application, FollowUp, Payment, PaymentStatus, Redemption, Voucher
from vouchers.pdf import cheque_filename

logger = logging.getLogger(__name__)


def after_commit(task_function: Task[..., Any], *args: Any) -> None:
    """Enqueue the task once the surrounding transaction has committed; a failure there is logged,
    never undoes the committed change."""
    transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)


@background_task(title=_("Mail to the applicant"), about="vouchers.Application")
def mail_applicant(application_id: int, kind: str, reason: str = "") -> None:
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return  # purged meanwhile
    notifications.mail_applicant(application, kind, reason=reason)


@background_task(title=_("Mail to the coordinators about a new application"), about="vouchers.Application")
def mail_coordinators(application_id: int) -> None:
    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        notifications.mail_coordinators(application)


def _mail_cheque(voucher: Voucher, pdf: bytes) -> None:
    notifications.mail_applicant(
        voucher.application, "application_approved", voucher=voucher,
        attachments=[(cheque_filename(voucher), pdf, "application/pdf")],
    )


@background_task(title=_("Cheque PDF and approval mail"), about="vouchers.Voucher")
def deliver_cheque(voucher_id: int) -> None:
    """Render and store the cheque PDF once, then mail it to the business, once (vouchers.printing)."""
    printing.deliver_cheque(voucher_id=voucher_id, send=_mail_cheque)


def _redemption(redemption_id: int) -> Redemption:
    return Redemption.objects.select_related("voucher__application", "enterprise").get(pk=redemption_id)


@background_task(title=_("Mail to the customer about a redemption"), about="vouchers.Redemption")
def mail_customer_about_redemption(redemption_id: int, kind: str) -> None:
    notifications.mail_customer_about_redemption(_redemption(redemption_id), kind)


@background_task(title=_("Mail to the firm about a redemption"), about="vouchers.Redemption")
def mail_firm_about_redemption(redemption_id: int, kind: str) -> None:
    notifications.mail_firm_about_redemption(_redemption(redemption_id), kind)


@background_task(title=_("Mail to the coordinators about a contested redemption"), about="vouchers.Redemption")
def mail_coordinators_about_redemption(redemption_id: int) -> None:
    notifications.mail_coordinators_about_redemption(_redemption(redemption_id))


@background_task(title=_("Mail to the cheque's holder"), about="vouchers.Voucher")
def mail_voucher_holder(voucher_id: int, kind: str) -> None:
    """About the cheque itself (expiry reminder, extension), to the business, in its language."""
    voucher = Voucher.objects.select_related("application").filter(pk=voucher_id).first()
    if voucher is not None:
        notifications.mail_applicant(voucher.application, kind, voucher=voucher)


@background_task(title=_("Follow-up mail"), about="vouchers.FollowUp")
def mail_followup(followup_id: int, kind: str) -> None:
    followup = FollowUp.objects.select_related("voucher__application", "enterprise").filter(pk=followup_id).first()
    if followup is not None and not followup.is_answered:
        notifications.mail_followup(followup, kind)


@background_task(title=_("Remittance advice to the firm"), about="vouchers.Payment")
def mail_remittance_advice(payment_id: int) -> None:
    """One payment advice per transfer, to the firm's users in their languages; none for a transfer the bank sent
    back meanwhile (nor one purged)."""
    payment = Payment.objects.select_related("enterprise", "batch").filter(pk=payment_id).first()
    if payment is not None and payment.status == PaymentStatus.PAID:
        remittance.mail_advice(payment)


@background_task(title=_("Mail to the coordinators about a random check's proof"), about="vouchers.Redemption")
def mail_coordinators_about_check_proof(redemption_id: int) -> None:
    notifications.mail_coordinators_about_check_proof(_redemption(redemption_id))


@background_task(title=_("Mail to the firm about a returned transfer"), about="vouchers.Payment")
def mail_payment_returned(payment_id: int) -> None:
    """The bank sent a transfer back: the firm's users, in their languages, are asked to check its IBAN."""
    payment = Payment.objects.select_related("enterprise", "batch__regie").filter(pk=payment_id).first()
    if payment is None:
        return
    regie = payment.batch.regie
    for language, to in notifications.firm_by_language(payment.enterprise).items():
        notifications.send("payment_returned", regie=regie, to=to, language=language, context={
            "payment": payment, "iban": remittance.masked_iban(payment.iban),
            "redemptions": payment.redemptions.select_related("voucher").order_by("pk"),
            "partner_url": notifications.partner_url(regie, language)})


@background_task(title=_("Remittance advices for the payments a bank statement paid"), about="vouchers.BankStatement")
def mail_statement_advices(statement_id: int, after_entry: int = 0) -> None:
    """Fans out: one mail_remittance_advice task per transfer the statement paid (its entries after `after_entry`: a
    later page's import leaves the earlier pages' advices alone) and that was not sent back since, queued when this
    run commits. The import stays fast (one task per statement), and one advice that fails (a PDF that cannot be
    rendered) holds back no other firm's advice: it is retried alone."""
    payments = Payment.objects.filter(statement_entries__statement_id=statement_id, statement_entries__outcome="paid",
                                      statement_entries__pk__gt=after_entry, status=PaymentStatus.PAID)
    for payment_id in payments.order_by("pk").values_list("pk", flat=True).distinct():
        after_commit(mail_remittance_advice, payment_id)
