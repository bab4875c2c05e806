"""A second factor: a code from an authenticator app (TOTP), with ten single-use recovery codes.

django-otp (TOTP and static-token devices) does the cryptography; these few views set it up and ask
for it, in the look of the page they protect (the admin, or the site's own log-in: LOGIN_URL and
LOGIN_REDIRECT_URL). Staff need it to reach the admin when STAFF_TWO_FACTOR is on (the default with DEBUG
off); other users may switch it on for their account, and are then asked for it at every log-in before the
pages an app protects with `require_for` (from its AppConfig.ready).
"""
import base64
import dataclasses
import re
import secrets
from urllib.parse import quote

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, login as otp_login, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.two_factor_lock import CodesLocked, checked_code, locked_until, shown_time
from regie.audit import record
from regie.web.addresses import dutch_path

RECOVERY_CODES = 10
# Recovery codes: 8 characters (about 40 bits, as django-otp's own) shown as "abcd-efgh", from letters and digits
# that cannot be read for one another (no i, l, 1, o, 0). Typed in any case, with or without spaces and dashes.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 8


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True, "spellcheck": "false"}))
    # no inputmode="numeric": the same field takes a recovery code, which has letters

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self):
        try:
            self.device = self.check(normalised_code(self.cleaned_data["code"]))
        except CodesLocked as lock:
            raise forms.ValidationError(
                _("Too many wrong codes: this account's codes are locked until %(time)s (Brussels time). "
                  "A coordinator can unlock them sooner."), code="locked", params={"time": shown_time(lock.until)},
            ) from None
        if self.device is None:
            raise forms.ValidationError(_("This code is not right (or already used). Try the current code."),
                                        code="wrong_code")
        return self.cleaned_data["code"]


def normalised_code(typed):
    """A code as stored: without spaces or dashes, in lower case (TOTP digits pass unchanged)."""
    return re.sub(r"[\s\-‐‑‒–—]+", "", typed).lower()


def recovery_code():
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def shown_code(code):
    """A recovery code as people read it: in two groups of four."""
    return f"{code[:4]}-{code[4:]}" if len(code) == RECOVERY_LENGTH else code


def staff_needs_it(user):
    return settings.STAFF_TWO_FACTOR and user.is_authenticated and user.is_staff


def has_second_factor(user):
    return user_has_device(user, confirmed=True)


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return resolve_url(default)


def _look(request):
    """(template folder, where to go afterwards, log-in page): the admin's look or the site's log-in's."""
    if request.path.startswith("/admin/"):
        return "admin/two_factor", getattr(admin.site, "landing", "admin:index"), "admin:login"
    return "registration/two_factor", settings.LOGIN_REDIRECT_URL, settings.LOGIN_URL


def _context(request):
    """The admin's header and menu for its pages."""
    if request.path.startswith("/admin/"):
        return admin.site.each_context(request)
    return {}


def _here(request, name):
    """The page `name` beside this one: in the admin or the site's (its address in the page's language)."""
    return f"{request.resolver_match.namespace}:{name}"


def _anonymous(request):
    return redirect_to_login(request.get_full_path(), resolve_url(_look(request)[2]))


def _qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False))


def verify(request):
    """Ask for the code of an account that has a second factor."""
    folder, default, _login = _look(request)
    if not request.user.is_authenticated:
        return _anonymous(request)
    if not has_second_factor(request.user):
        return redirect(f"{resolve_url(_here(request, 'two_factor_setup'))}?next={_next(request, default)}")
    form = CodeForm(request.POST or None,
                    check=lambda code: checked_code(request.user, code, language=translation.get_language(),
                                                    regie=request.regie))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            record(request.user, "user.recovery_code_used", request.user, {"left": form.device.token_set.count()})
        return redirect(_next(request, default))
    return TemplateResponse(request, f"{folder}/verify.html", {**_context(request), "form": form,
                                                                "next": _next(request, default)})


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


@transaction.atomic
def _confirm(request, device):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, device)
    record(request.user, "user.second_factor_set_up", request.user, {})
    return new_recovery_codes(request.user)


def new_recovery_codes(user):
    """Replace the user's recovery codes by ten new ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")))
    codes = [recovery_code() for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _first_code(device, code):
    """The app being set up, when `code` is its current code; a wait after wrong codes is said as a lock."""
    until = locked_until([device])
    if until is not None:
        raise CodesLocked(until)
    return device if device.verify_token(code) else None


def setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a first code."""
    folder, default, _login = _look(request)
    if not request.user.is_authenticated:
        return _anonymous(request)
    if has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{resolve_url(_here(request, 'two_factor'))}?next={_next(request, default)}")
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None, check=lambda code: _first_code(device, code))
    if request.method == "POST" and form.is_valid():
        codes = _confirm(request, device)
        return TemplateResponse(request, f"{folder}/recovery_codes.html", {
            **_context(request), **_codes_sheet(request, codes), "next": _next(request, default)})
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(request, f"{folder}/setup.html", {
        **_context(request), "form": form, "qr": _qr_svg(device.config_url), "next": _next(request, default),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))})


def _codes_sheet(request, codes):
    """What the recovery codes page shows, prints and offers as a text file: codes, account, site, date."""
    sheet = {"codes": [shown_code(code) for code in codes], "account": request.user.get_username(),
             "site": request.regie.url(resolve_url(_look(request)[2])), "made_on": timezone.localdate()}
    text = render_to_string("two_factor_codes.txt", sheet, request=request)
    return {**sheet, "download_url": "data:text/plain;charset=utf-8," + quote(text.replace("\n", "\r\n")),
            "download_name": f"recovery-codes-{sheet['made_on'].isoformat()}.txt"}


@dataclasses.dataclass(frozen=True)
class ProtectedPages:
    """Pages (by their Dutch address, regie.web.addresses.dutch_path) that a user with a second factor reaches
    only after giving it, except the `open_pages` (log-in, log-out, the code itself); `verify` names the page
    that asks for it."""

    pages: re.Pattern[str]
    open_pages: re.Pattern[str]
    verify: str


PROTECTED: list[ProtectedPages] = []


def require_for(pages, *, open_pages, verify):
    """Ask a user who switched the second factor on for it before the pages matching `pages` (a regular
    expression of Dutch addresses) other than `open_pages`, on the page named `verify`."""
    PROTECTED.append(ProtectedPages(re.compile(pages), re.compile(open_pages), verify))


def needs_verification(user):
    """A user who switched the second factor on, and has not given it in this session."""
    return user.is_authenticated and not user.is_verified() and any(devices_for_user(user, confirmed=True))


class SecondFactorMiddleware:
    """A user who switched the second factor on gives it before any page an app protects (`require_for`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = dutch_path(request)
        for protected in PROTECTED:
            if (protected.pages.match(path) and not protected.open_pages.match(path)
                    and needs_verification(request.user)):
                return redirect(f"{resolve_url(protected.verify)}?next={request.path}")
        return self.get_response(request)
