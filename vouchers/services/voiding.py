"""Voiding: the coordinator declares an application void (ongeldig verklaard), e.g. one made with another
business's enterprise number. A voided application never counts for "one per business per call", so the
business may apply again in the same call. It moves no money: an application whose cheque stands cannot be
voided (cancel the cheque first, vouchers/services/cheques.py, which releases its face value)."""
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import TransitionError
from vouchers.models import Application, ApplicationStatus
from vouchers.services.locks import lock_application


class ChequeStands(TransitionError):
    default_message = _("This application has a cheque: cancel the cheque first, then declare the application "
                        "void.")


@transaction.atomic
def void_application(*, application: Application, by: User | None, reason: str | None) -> Application:
    """Declare an application void, with a reason that is audited and mailed to the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "A reason is required."}, code="required")
    _call, application = lock_application(application)
    if application.has_live_cheque:
        raise ChequeStands()
    if not application.can_be_voided:
        raise TransitionError()
    previous = application.status
    application.status = ApplicationStatus.VOIDED
    application.void_reason = reason
    application.voided_at = timezone.now()  # decided_at/by stay those of the decision before, if any
    application.save(update_fields=["status", "void_reason", "voided_at"])
    record(by, "application.voided", application, {"reason": reason, "previous_status": previous})
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_voided", reason)
    return application
