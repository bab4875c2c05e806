"""Admin page (admin:locked_codes) where a coordinator sees whose second-factor codes are locked by wrong codes, and
until when, and unlocks them: staff accounts too, which the user list shows to superusers only. The accounts are
the install's: once it serves several regies, the page is for platform administrators only. Unlocking is
`unlock_second_factor` (audited as "two_factor.unlocked")."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from regie.accounts.two_factor_lock import (
    TOO_MANY_WRONG_CODES,
    locked_until,
    shown_time,
    unlock_second_factor,
    wrong_codes,
)
from regie.web.hosts import sees_shared_rows


def locked_accounts():
    """(user, wrong codes in a row, shown time the codes open again or None) of every account past the limit."""
    users = get_user_model().objects.filter(
        Q(totpdevice__throttling_failure_count__gte=TOO_MANY_WRONG_CODES)
        | Q(staticdevice__throttling_failure_count__gte=TOO_MANY_WRONG_CODES)).distinct().order_by("username")
    rows = []
    for user in users:
        devices = list(devices_for_user(user, confirmed=None))
        until = locked_until(devices)
        rows.append((user, wrong_codes(devices), shown_time(until) if until else None))
    return rows


@permission_required("auth.change_user", raise_exception=True)
def locked_codes(request):
    if not sees_shared_rows(request):  # the accounts of every regie of the install
        raise PermissionDenied
    if request.method == "POST":
        user = get_user_model().objects.filter(pk=request.POST.get("user", "")[:20]).first() \
            if request.POST.get("user", "").isdecimal() else None
        if user is not None and unlock_second_factor(user=user, by=request.user):
            messages.success(request, _("Codes unlocked, they can be typed again now: %(users)s.")
                             % {"users": user.get_username()})
        else:
            messages.info(request, _("No locked codes to unlock for the chosen user."))
        return redirect("admin:locked_codes")
    return TemplateResponse(request, "admin/locked_codes.html", {
        **admin.site.each_context(request), "title": _("Locked sign-in codes"), "rows": locked_accounts(),
        "limit": TOO_MANY_WRONG_CODES})
