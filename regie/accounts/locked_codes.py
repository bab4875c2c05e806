"""Admin page (admin:locked_codes) where a coordinator sees whose second-factor codes are locked by wrong codes, and
until when, and unlocks them: staff accounts too, which the user list shows to superusers only. Unlocking is
`unlock_second_factor` (audited as "two_factor.unlocked").

The accounts are the install's. While it serves one regie, its coordinators see every account's lock; once it serves
several, a regie's coordinators see and unlock those of the accounts their regie's staff help (`helped_accounts`):
their colleagues who work for that regie alone, and the accounts the user admin lets them change (the users of the
firms their regie alone lists). Any other account (of another regie, of a firm several regies list, a platform
administrator's) is the platform administrator's, who sees them all. django-axes' refused log-ins follow the same
rule (regie.admin.AccessAttemptAdmin)."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
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
from regie.models import StaffMembership
from regie.web.hosts import sees_shared_rows


def helped_accounts(request, users):
    """Of the accounts `users` (a queryset), those whose locks the request's user sees and lifts: all of them for
    whoever sees what the regies share (sees_shared_rows); else the staff of the host's regie who work for no other
    regie, and the accounts the user admin shows them and lets them change (it says which: ScopedThroughRelations).
    Asks the user admin about each of its accounts among `users` (the few with a lock)."""
    if sees_shared_rows(request):
        return users
    regie = getattr(request, "regie", None)
    colleagues = users.filter(is_staff=True, is_superuser=False, regie_memberships__regie=regie).exclude(
        pk__in=StaffMembership.objects.exclude(regie=regie).values("user"))
    user_admin = admin.site.get_model_admin(get_user_model())
    changed = [user.pk for user in user_admin.get_queryset(request).filter(pk__in=users.values("pk"))
               if user_admin.has_change_permission(request, user)]
    return users.filter(Q(pk__in=colleagues.values("pk")) | Q(pk__in=changed))


def locked_accounts(request):
    """(user, wrong codes in a row, shown time the codes open again or None) of every account past the limit that
    the request's user helps."""
    users = helped_accounts(request, get_user_model().objects.filter(
        Q(totpdevice__throttling_failure_count__gte=TOO_MANY_WRONG_CODES)
        | Q(staticdevice__throttling_failure_count__gte=TOO_MANY_WRONG_CODES)).distinct()).order_by("username")
    rows = []
    for user in users:
        devices = list(devices_for_user(user, confirmed=None))
        until = locked_until(devices)
        rows.append((user, wrong_codes(devices), shown_time(until) if until else None))
    return rows


@permission_required("auth.change_user", raise_exception=True)
def locked_codes(request):
    if request.method == "POST":
        chosen = request.POST.get("user", "")
        asked = get_user_model().objects.filter(pk=chosen[:20]) if chosen.isdecimal() else None
        user = helped_accounts(request, asked).first() if asked is not None else None
        if user is None and asked is not None and not sees_shared_rows(request):
            messages.error(request, _("You cannot unlock this account's codes here: it is not one of %(regie)s's "
                                      "staff or users. Nothing was unlocked; the platform administrator can unlock "
                                      "it.") % {"regie": request.regie})
        elif user is not None and unlock_second_factor(user=user, by=request.user):
            messages.success(request, _("Codes unlocked, they can be typed again now: %(users)s.")
                             % {"users": user.get_username()})
        else:
            messages.info(request, _("No locked codes to unlock for the chosen user."))
        return redirect("admin:locked_codes")
    return TemplateResponse(request, "admin/locked_codes.html", {
        **admin.site.each_context(request), "title": _("Locked sign-in codes"), "rows": locked_accounts(request),
        "limit": TOO_MANY_WRONG_CODES, "of_regie": None if sees_shared_rows(request) else request.regie})
