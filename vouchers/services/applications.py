"""Applications: submit, confirm the e-mail, waitlist, reject, withdraw, purge."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from regie.audit import record
from vouchers import tasks
from vouchers.eligibility import eligibility_errors, region_postcode
from vouchers.exceptions import TransitionError
from vouchers.models import Application, ApplicationStatus, Call

APPLICATION_FIELDS = (
    "company_name", "enterprise_number", "street", "postcode", "place", "sector", "size", "contact_name",
    "email", "phone", "language", "motivation", "deminimis_amount",
)


@transaction.atomic
def submit_application(*, call, submission_key, data, categories=(), enterprises=()):
    """Store an application (status submitted) and mail the confirmation link.

    The same `submission_key` twice (double click, resubmission) returns the first application.
    Raises ValidationError with field errors when a programme rule is broken.
    """
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    values = {name: data[name] for name in APPLICATION_FIELDS}
    values["email"] = values["email"].strip().lower()
    errors = eligibility_errors(call=call, enterprise_number=values["enterprise_number"],
                                postcode=values["postcode"], deminimis_amount=values["deminimis_amount"])
    if errors:
        raise ValidationError(errors)
    postcode = region_postcode(call, values["postcode"])
    values.update(postcode=postcode.code, municipality=postcode.municipality)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, submission_key=submission_key, accepted_terms_at=timezone.now(), **values
            )
    except IntegrityError:
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
        raise ValidationError(eligibility_errors(call=call, enterprise_number=values["enterprise_number"],
                                                 postcode=None, deminimis_amount=None)) from None
    application.interested_categories.set(categories)
    application.interested_enterprises.set(enterprises)
    record(None, "application.submitted", application, {"call": call.pk, "language": application.language})
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_confirm")
    return application


def lock_application(application):
    """Lock the call, then the application (always in this order, so no deadlocks)."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    return call, Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def confirm_email(*, application):
    """The applicant opened the confirmation link. Verified, or waitlisted when the budget is used up.

    Confirming twice changes nothing.
    """
    call, application = lock_application(application)
    if application.status != ApplicationStatus.SUBMITTED:
        return application
    waitlisted = not call.has_budget_for_one_more()
    application.status = ApplicationStatus.WAITLISTED if waitlisted else ApplicationStatus.VERIFIED
    application.verified_at = timezone.now()
    application.save(update_fields=["status", "verified_at"])
    record(None, "application.verified", application, {"waitlisted": waitlisted})
    tasks.after_commit(tasks.mail_applicant, application.pk,
                       "application_waitlisted" if waitlisted else "application_verified")
    tasks.after_commit(tasks.mail_coordinators, application.pk)
    return application


def _decide(application, by, status, action, **fields):
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "decided_at", "decided_by", *fields])
    record(by, action, application, fields)


def put_on_waitlist(application, by):
    """Waitlist a locked, verified application and tell the business."""
    _decide(application, by, ApplicationStatus.WAITLISTED, "application.waitlisted")
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_waitlisted")
    return application


@transaction.atomic
def waitlist_application(*, application, by):
    _call, application = lock_application(application)
    if application.status != ApplicationStatus.VERIFIED:
        raise TransitionError()
    return put_on_waitlist(application, by)


@transaction.atomic
def reject_application(*, application, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "A reason is required."}, code="required")
    _call, application = lock_application(application)
    if not application.is_decidable:
        raise TransitionError()
    _decide(application, by, ApplicationStatus.REJECTED, "application.rejected", rejection_reason=reason)
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_rejected", reason)
    return application


@transaction.atomic
def withdraw_application(*, application):
    """The applicant withdraws before a decision (from their personal page)."""
    _call, application = lock_application(application)
    if not application.can_be_withdrawn:
        raise TransitionError()
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    record(None, "application.withdrawn", application, {"by": "applicant"})
    return application


@transaction.atomic
def purge_unverified_applications(*, older_than):
    """Delete applications whose e-mail was never confirmed, submitted before now - older_than."""
    from regie.privacy.audit import forget_objects

    stale = Application.objects.unverified_before(timezone.now() - older_than)
    count = 0
    for application in stale.select_for_update():
        record(None, "application.purged", None, {"application": application.pk, "call": application.call_id})
        forget_objects(Application, [application.pk])  # the audit log keeps no name of it
        application.delete()
        count += 1
    return count


def send_applicant_link(*, email, enterprise_number):
    """Mail a fresh link to every application matching both; silent when nothing matches."""
    matches = Application.objects.filter(email__iexact=(email or "").strip(), enterprise_number=enterprise_number)
    for application in matches.exclude(status=ApplicationStatus.WITHDRAWN):
        kind = "application_confirm" if application.status == ApplicationStatus.SUBMITTED else "applicant_link"
        tasks.mail_applicant.enqueue(application.pk, kind)
