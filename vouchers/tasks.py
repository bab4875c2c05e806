"""Background work, enqueued after the transaction commits (see `after_commit`).

The one seam between the services and the background: services enqueue these tasks through
`after_commit`; the tasks read the models, render (vouchers.printing) and mail (vouchers.notifications),
and never import a service. Queued tasks name their function by path (`vouchers.tasks.<name>`): keep it.
"""
import logging
from typing import Any

from django.db import transaction
from django_tasks import task
from django_tasks.base import Task

from vouchers import notifications, printing
from vouchers.models import Application, FollowUp, Redemption, Voucher
from vouchers.pdf import cheque_filename

logger = logging.getLogger(__name__)


def after_commit(task_function: Task[..., Any], *args: Any) -> None:
    """Enqueue the task once the surrounding transaction has committed; a failure there is logged,
    never undoes the committed change."""
    transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)


@task()
def mail_applicant(application_id: int, kind: str, reason: str = "") -> None:
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return  # purged meanwhile
    notifications.mail_applicant(application, kind, reason=reason)


@task()
def mail_coordinators(application_id: int) -> None:
    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        notifications.mail_coordinators(application)


@task()
def deliver_cheque(voucher_id: int) -> None:
    """Render and store the cheque PDF once, then mail it to the business."""
    voucher = Voucher.objects.select_related("application", "call").get(pk=voucher_id)
    pdf = printing.store_cheque_pdf(voucher=voucher)
    notifications.mail_applicant(
        voucher.application, "application_approved", voucher=voucher,
        attachments=[(cheque_filename(voucher), pdf, "application/pdf")],
    )


def _redemption(redemption_id: int) -> Redemption:
    return Redemption.objects.select_related("voucher__application", "enterprise").get(pk=redemption_id)


@task()
def mail_customer_about_redemption(redemption_id: int, kind: str) -> None:
    notifications.mail_customer_about_redemption(_redemption(redemption_id), kind)


@task()
def mail_firm_about_redemption(redemption_id: int, kind: str) -> None:
    notifications.mail_firm_about_redemption(_redemption(redemption_id), kind)


@task()
def mail_coordinators_about_redemption(redemption_id: int) -> None:
    notifications.mail_coordinators_about_redemption(_redemption(redemption_id))


@task()
def mail_voucher_holder(voucher_id: int, kind: str) -> None:
    """About the cheque itself (expiry reminder, extension), to the business, in its language."""
    voucher = Voucher.objects.select_related("application").filter(pk=voucher_id).first()
    if voucher is not None:
        notifications.mail_applicant(voucher.application, kind, voucher=voucher)


@task()
def mail_followup(followup_id: int, kind: str) -> None:
    followup = FollowUp.objects.select_related("voucher__application", "enterprise").filter(pk=followup_id).first()
    if followup is not None and not followup.is_answered:
        notifications.mail_followup(followup, kind)
