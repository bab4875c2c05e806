"""Second-factor codes locked by wrong codes: said on the page with the time they open again, mailed to the
account's owner once per lock, and unlocked by a coordinator.

django-otp makes each device wait after a wrong code, twice as long after each one in a row (1, 2, 4, 8 s ...
with OTP_TOTP_THROTTLE_FACTOR and OTP_STATIC_THROTTLE_FACTOR at 1), and a wrong code counts on the
authenticator app and the recovery codes alike. So whoever knows a password can keep its owner out: the
owner is told (TOO_MANY_WRONG_CODES in a row lock the codes, and that is mailed), and a coordinator can
lift the lock at once (`unlock_second_factor`, audited as "two_factor.unlocked"). The mail is the mail of the
regie whose host the codes were typed on (its name, sender, links and signature).
"""
import datetime

from django.db import transaction
from django.utils import formats, timezone, translation
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.languages import preferred_language
from regie.audit import record
from regie.mail import messages
from regie.web import hosts

TOO_MANY_WRONG_CODES = 5  # in a row: the codes then wait 16 s, 32 s, 64 s ... (django-otp's back-off)


class CodesLocked(Exception):
    """The account's codes may not be tried before `until`."""

    def __init__(self, until):
        super().__init__(until)
        self.until = until


def locked_until(devices):
    """When these devices take a code again; None when they do now."""
    ends = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            ends.append(details["locked_until"])
    return max(ends, default=None)


def wrong_codes(devices):
    """The longest run of wrong codes on any of these devices."""
    return max((getattr(device, "throttling_failure_count", 0) for device in devices), default=0)


def shown_time(until):
    """The time the codes open again, in Brussels time, rounded up to the minute ("16:05", or with the date
    when that is not today), in the active language's format."""
    local = timezone.localtime(until)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{formats.date_format(local.date(), 'SHORT_DATE_FORMAT')} {local:%H:%M}"


def _locked_rows(user, confirmed=True):
    """The user's devices (None: set up or not), their rows locked: two tries at once count one after the other."""
    for model in (TOTPDevice, StaticDevice):
        list(model.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    return list(devices_for_user(user, confirmed=confirmed))


def checked_code(user, code, *, language, regie=None):
    """The device that takes `code`, None for a wrong code. Raises CodesLocked while the codes wait, and when
    this wrong code is one too many (then the owner is mailed, in their language, as `regie`'s mail: by default
    the regie of the request being served, and it is audited)."""
    device, until = _try_code(user, code, language=language, regie=regie or hosts.current.get())
    if until is not None:
        raise CodesLocked(until)  # outside the transaction: the wrong code still counts
    return device


@transaction.atomic
def _try_code(user, code, *, language, regie):
    """(the device that takes `code`, None) or (None, when the codes open again when they are locked)."""
    devices = _locked_rows(user)
    until = locked_until(devices)
    if until is not None:
        return None, until
    before = wrong_codes(devices)
    device = match_token(user, code)
    devices = list(devices_for_user(user, confirmed=True))
    if device is not None:
        for other in devices:  # a right code ends the run of wrong ones on every device
            other.throttle_reset()
        return device, None
    after, until = wrong_codes(devices), locked_until(devices)
    if after < TOO_MANY_WRONG_CODES or until is None:
        return None, None
    if before < TOO_MANY_WRONG_CODES:
        record(user, "two_factor.locked", user, {"wrong_codes": after, "locked_until": until.isoformat()})
        _mail_owner(user, until, language=preferred_language(user, default=language), regie=regie)
    return None, until


def _mail_owner(user, until, *, language, regie):
    if not user.email or regie is None:  # no regie: a platform host, which has no log-in
        return
    with translation.override(language):
        time = shown_time(until)
    context = {"user": user, "name": user.get_full_name() or user.get_username(), "account": user.get_username(),
               "locked_until": time, "wrong_codes": TOO_MANY_WRONG_CODES}
    messages.send("two_factor_locked", regie=regie, to=[user.email], language=language, context=context)


@transaction.atomic
def unlock_second_factor(*, user, by):
    """`by` (a coordinator) lets `user` try their codes again at once. Returns False when they were not locked."""
    devices = _locked_rows(user, confirmed=None)  # the app being set up too
    wrong = wrong_codes(devices)
    if wrong == 0:
        return False
    for device in devices:
        device.throttle_reset()
    record(by, "two_factor.unlocked", user, {"wrong_codes": wrong})
    return True
