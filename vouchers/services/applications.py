"""Applications, the applicant's own steps: submit, confirm the e-mail, withdraw, get a fresh link; and the
purge of applications never confirmed. The coordinator's decisions are in vouchers/services/approval.py."""
import datetime
from collections.abc import Iterable, Mapping
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from enterprises.models import ServiceCategory, SocialEnterprise
from networking.services.introductions import introduce_application, show_again, withdraw_introductions
from regie.audit import record
from regie.models import Regie
from regie.privacy.audit import forget_objects
from vouchers import tasks
from vouchers.eligibility import eligibility_errors, region_postcode, register_errors
from vouchers.exceptions import TransitionError
from vouchers.models import Application, ApplicationStatus, Call
from vouchers.services.locks import lock_application

APPLICATION_FIELDS = (
    "company_name", "enterprise_number", "street", "postcode", "place", "sector", "size", "contact_name",
    "email", "phone", "language", "motivation", "deminimis_amount",
)


@transaction.atomic
def submit_application(*, call: Call, submission_key: UUID, data: Mapping[str, Any],
                       categories: Iterable[ServiceCategory] = (),
                       enterprises: Iterable[SocialEnterprise] = ()) -> Application:
    """Store an application (status submitted) and mail the confirmation link.

    The same `submission_key` twice (double click, resubmission) returns the first application.
    Raises ValidationError with field errors when a programme rule is broken.
    """
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    values = _checked_values(call, data)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, submission_key=submission_key, accepted_terms_at=timezone.now(),
                consented_to_introductions_at=timezone.now() if data.get("consent_to_introductions") else None,
                **values)
    except IntegrityError:  # the same form sent twice at once: the first one stored it
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
        raise
    application.interested_categories.set(categories)
    application.interested_enterprises.set(enterprises)
    record(None, "application.submitted", application, {"call": call.pk, "language": application.language})
    tasks.after_commit(tasks.mail_applicant, application.pk, "application_confirm")
    return application


def _checked_values(call: Call, data: Mapping[str, Any]) -> dict[str, Any]:
    """The application's fields from `data`, with its region postcode; ValidationError when a rule is broken."""
    values = {name: data[name] for name in APPLICATION_FIELDS}
    values["email"] = values["email"].strip().lower()
    errors = eligibility_errors(call=call, enterprise_number=values["enterprise_number"], email=values["email"],
                                postcode=values["postcode"], deminimis_amount=values["deminimis_amount"])
    if "enterprise_number" not in errors:
        register, values["register_check"] = register_errors(
            call=call, enterprise_number=values["enterprise_number"], site=data.get("site"))
        errors.update(register)
    if errors:
        raise _invalid(errors)
    postcode = region_postcode(call, values["postcode"])
    assert postcode is not None  # an eligible application's postcode is in the region
    values.update(postcode=postcode.code, municipality=postcode.municipality)
    return values


def _invalid(errors: Mapping[str | None, ValidationError]) -> ValidationError:
    """The error to raise for the eligibility errors (the None key is the form's own error)."""
    return ValidationError(cast(dict[str, Any], errors))


@transaction.atomic
def confirm_email(*, application: Application) -> Application:
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
    _tell_about_conflict(application)
    _introduce(application)
    return application


def _introduce(application: Application) -> None:
    """A confirmed application whose business agreed: the firms it ticked or whose services it ticked receive
    its introduction (networking); never without the consent, never for an unconfirmed or withdrawn one."""
    if application.consented_to_introductions_at is None or application.status in (
            ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN):
        return
    introduce_application(
        regie=application.call.regie, application_public_id=application.public_id,
        company_name=application.company_name, contact_name=application.contact_name, email=application.email,
        phone=application.phone,
        enterprise_number=application.enterprise_number, language=application.language,
        looking_for="", categories=application.interested_categories.all(),  # the motivation is not shared
        enterprises=application.interested_enterprises.all())


@transaction.atomic
def set_introduction_consent(*, application: Application, consent: bool) -> Application:
    """The applicant gives or withdraws (from their personal page) the consent to introductions: withdrawn, the
    firms no longer see the business's details; given again, they see them again and the firms not yet introduced
    receive it. A withdrawn application cannot be given consent again. No money moves: only the application's row
    is locked."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if consent and application.consented_to_introductions_at is None:
        if application.status == ApplicationStatus.WITHDRAWN:
            return application
        application.consented_to_introductions_at = timezone.now()
        application.save(update_fields=["consented_to_introductions_at"])
        shown = show_again(application_public_id=application.public_id)
        record(None, "introduction.consent_given", application, {"shown_again": shown})
        _introduce(application)
    elif not consent and application.consented_to_introductions_at is not None:
        _withdraw_introductions(application)
    return application


def _withdraw_introductions(application: Application) -> None:
    """Clear the application's consent and withdraw its introductions (the caller holds the application's lock),
    recorded against the application."""
    application.consented_to_introductions_at = None
    application.save(update_fields=["consented_to_introductions_at"])
    count = withdraw_introductions(application_public_id=application.public_id)
    record(None, "introduction.consent_withdrawn", application, {"introductions": count})


def _tell_about_conflict(application: Application) -> None:
    """A second confirmed application for the same number in the call: both are on the coordinator's attention
    list (ApplicationQuerySet.in_conflict); the other applicants hear it, each in their language."""
    others = Application.objects.counted(call=application.call_id, enterprise_number=application.enterprise_number)
    others = others.exclude(pk=application.pk).exclude(status=ApplicationStatus.REJECTED)
    for other in others:
        record(None, "application.conflict", other, {"confirmed": application.pk})
        tasks.after_commit(tasks.mail_applicant, other.pk, "application_conflict")


@transaction.atomic
def withdraw_application(*, application: Application) -> Application:
    """The applicant withdraws before a decision (from their personal page); its consent to introductions goes with
    it: the firms no longer see the business's details."""
    _call, application = lock_application(application)
    if not application.can_be_withdrawn:
        raise TransitionError()
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    record(None, "application.withdrawn", application, {"by": "applicant"})
    if application.consented_to_introductions_at is not None:  # the firms no longer see the business
        _withdraw_introductions(application)
    return application


@transaction.atomic
def purge_unverified_applications(*, older_than: datetime.timedelta) -> int:
    """Delete applications whose e-mail was never confirmed, submitted before now - older_than."""
    stale = Application.objects.unverified_before(timezone.now() - older_than)
    count = 0
    for application in stale.select_for_update():
        record(None, "application.purged", None, {"application": application.pk, "call": application.call_id},
               regie=application.call.regie_id)
        forget_objects(Application, [application.pk])  # the audit log keeps no name of it
        application.delete()
        count += 1
    return count


def send_applicant_link(*, email: str | None, enterprise_number: str, regie: Regie) -> None:
    """Mail a fresh link to every application matching both among `regie`'s calls (the regie whose page was asked);
    silent when nothing matches."""
    matches = Application.objects.filter(email__iexact=(email or "").strip(), enterprise_number=enterprise_number,
                                         call__regie=regie)
    for application in matches.exclude(status=ApplicationStatus.WITHDRAWN):
        kind = "application_confirm" if application.status == ApplicationStatus.SUBMITTED else "applicant_link"
        tasks.mail_applicant.enqueue(application.pk, kind)
