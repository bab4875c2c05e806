"""Background work, enqueued after the transaction commits (see `after_commit`)."""
import logging

from django.db import transaction
from django_tasks import task

from vouchers import notifications

logger = logging.getLogger(__name__)


def after_commit(task_function, *args):
    """Enqueue the task once the surrounding transaction has committed; a failure there is logged,
    never undoes the committed change."""
    transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)


@task()
def mail_applicant(application_id, kind, reason=""):
    from vouchers.models import Application

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return  # purged meanwhile
    notifications.mail_applicant(application, kind, reason=reason)


@task()
def mail_coordinators(application_id):
    from vouchers.models import Application

    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        notifications.mail_coordinators(application)


@task()
def deliver_cheque(voucher_id):
    """Render and store the cheque PDF once, then mail it to the business."""
    from vouchers.models import Voucher
    from vouchers.pdf import cheque_filename
    from vouchers.services import store_cheque_pdf

    voucher = Voucher.objects.select_related("application", "call").get(pk=voucher_id)
    pdf = store_cheque_pdf(voucher=voucher)
    notifications.mail_applicant(
        voucher.application, "application_approved", voucher=voucher,
        attachments=[(cheque_filename(voucher), pdf, "application/pdf")],
    )


def _redemption(redemption_id):
    from vouchers.models import Redemption

    return Redemption.objects.select_related("voucher__application", "enterprise").get(pk=redemption_id)


@task()
def mail_customer_about_redemption(redemption_id, kind):
    notifications.mail_customer_about_redemption(_redemption(redemption_id), kind)


@task()
def mail_firm_about_redemption(redemption_id, kind):
    notifications.mail_firm_about_redemption(_redemption(redemption_id), kind)


@task()
def mail_coordinators_about_redemption(redemption_id):
    notifications.mail_coordinators_about_redemption(_redemption(redemption_id))


@task()
def mail_voucher_holder(voucher_id, kind):
    """About the cheque itself (expiry reminder, extension), to the business, in its language."""
    from vouchers.models import Voucher

    voucher = Voucher.objects.select_related("application").filter(pk=voucher_id).first()
    if voucher is not None:
        notifications.mail_applicant(voucher.application, kind, voucher=voucher)


@task()
def mail_followup(followup_id, kind):
    from vouchers.models import FollowUp

    followup = FollowUp.objects.select_related("voucher__application", "enterprise").filter(pk=followup_id).first()
    if followup is not None and not followup.is_answered:
        notifications.mail_followup(followup, kind)
