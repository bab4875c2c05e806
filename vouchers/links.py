"""Signed, expiring links that let an applicant in without a password, on the host of the call's regie."""
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import translation

from vouchers.models import Application, FollowUp

CONFIRM_SALT = "vouchers.application.confirm-email"
APPLICANT_SALT = "vouchers.application.personal-page"
FOLLOWUP_SALT = "vouchers.followup.answer"
CONFIRM_MAX_AGE = timedelta(days=7)
APPLICANT_MAX_AGE = timedelta(days=30)
FOLLOWUP_MAX_AGE = timedelta(days=90)


def make_token(application, salt):
    return signing.dumps(str(application.public_id), salt=salt, compress=False)


def application_for_token(token, salt, max_age):
    """The application a token was made for, or None if it is forged, tampered with, expired or gone."""
    try:
        public_id = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return Application.objects.filter(public_id=public_id).select_related("call").first()


def absolute_url(view_name, application, salt):
    """The link as mailed: in the applicant's language, on the primary host of the call's regie."""
    with translation.override(application.language):
        return application.call.regie.url(reverse(view_name, kwargs={"token": make_token(application, salt)}))


def confirm_url(application):
    return absolute_url("vouchers:confirm_email", application, CONFIRM_SALT)


def applicant_url(application):
    return absolute_url("vouchers:applicant", application, APPLICANT_SALT)


def followup_url(followup, language):
    """The signed one-page link of a follow-up question (valid 90 days), on the host of the cheque's regie."""
    token = signing.dumps(str(followup.public_id), salt=FOLLOWUP_SALT, compress=False)
    with translation.override(language):
        return followup.voucher.call.regie.url(reverse("vouchers:followup", kwargs={"token": token}))


def followup_for_token(token):
    try:
        public_id = signing.loads(token, salt=FOLLOWUP_SALT, max_age=FOLLOWUP_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return FollowUp.objects.filter(public_id=public_id).select_related("voucher__application", "enterprise").first()
