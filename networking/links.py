"""Signed links that let a registrant in without a password (the applicant flow's kind, vouchers/links.py), and
the check-in address printed in the personal QR code. All on the primary host of the meeting's regie.

A registration's token is valid until 60 days after its meeting ends (the wishes mail goes out after it), not for
a fixed time after it was made: every mail about one registration carries links that stay good as long.
"""
import datetime
import uuid

from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from networking.models import Registration
from regie.models import Regie

SALT = "networking.registration.personal-page"
VALID_AFTER_MEETING = datetime.timedelta(days=60)


def registration_token(registration: Registration) -> str:
    """The same token every time for one registration (no timestamp: its validity follows the meeting)."""
    return signing.Signer(salt=SALT).sign(str(registration.public_id))


def registration_for_token(token: str, *, regie: Regie) -> Registration | None:
    """The registration a token was made for, for a meeting of `regie` (the host's: another regie's link is as
    unknown as a forged one); None if it is forged, tampered with, expired or gone."""
    try:
        public_id = uuid.UUID(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    registration = Registration.objects.filter(public_id=public_id, anonymised_at__isnull=True,
                                               meeting__regie=regie).select_related("meeting").first()
    if registration is None or timezone.now() > registration.meeting.ends_at + VALID_AFTER_MEETING:
        return None
    return registration


def _absolute(view_name: str, registration: Registration) -> str:
    """The link as mailed: in the registrant's language, on the host of the meeting's regie."""
    with translation.override(registration.language):
        return registration.meeting.regie.url(reverse(view_name, kwargs={"token": registration_token(registration)}))


def registration_url(registration: Registration) -> str:
    return _absolute("networking:registration", registration)


def cancel_url(registration: Registration) -> str:
    return _absolute("networking:cancel", registration)


def calendar_url(registration: Registration) -> str:
    return _absolute("networking:calendar", registration)


def wishes_url(registration: Registration) -> str:
    return _absolute("networking:wishes", registration)


def check_in_url(registration: Registration) -> str:
    """What the personal QR code holds: always the Dutch address (a code on paper never changes language)."""
    with translation.override("nl"):
        path = reverse("networking:check_in_code", kwargs={"code": registration.check_in_code})
    return registration.meeting.regie.url(path)
