"""Log-in lock-outs (django-axes' handler, AXES_HANDLER). Axes locks a username per client (an IPv4 address or
an IPv6 /64, regie.web.context.client_key) after AXES_FAILURE_LIMIT wrong passwords for AXES_COOLOFF_TIME. This
handler also locks a client out whatever username it tries after LOGIN_FAILURES_PER_CLIENT wrong passwords
(counted from the same access attempts, so a coordinator who deletes them in the admin lifts this lock too),
and an IPv6 /48 after IPV6_SITE_LIMITS' factor times that within the factor times the cool-off. One firm's
typos lock out that username only; guessing many usernames' passwords stays capped. `locked_out` is the page a
locked-out client gets (AXES_LOCKOUT_CALLABLE)."""
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from regie.web.context import client_key, client_site
from regie.web.throttles import Throttle


def _per_site():
    site = settings.IPV6_SITE_LIMITS
    return Throttle("login-failures-site", limit=settings.LOGIN_FAILURES_PER_CLIENT * site["limit_factor"],
                    window_seconds=int(settings.AXES_COOLOFF_TIME.total_seconds()) * site["window_factor"])


def client_failures(request):
    """Wrong passwords from this client, for any username, within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(ip_address=client_key(request), attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start"))["total"] or 0


def connection_lock(request):
    """Seconds until this client may log in again when it is locked for every username (None when not): the
    cool-off for the client's own wrong passwords, the site's window when its IPv6 /48 is locked."""
    site = client_site(request)
    refusal = _per_site().refused(site) if site is not None else None
    if refusal is not None:
        return refusal.retry_after
    if client_failures(request) >= settings.LOGIN_FAILURES_PER_CLIENT:
        return int(settings.AXES_COOLOFF_TIME.total_seconds())
    return None


class LoginHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.client_locked(request)

    def client_locked(self, request):
        return connection_lock(request) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        already_locked = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already_locked:
            return
        site = client_site(request)
        if site is not None:
            _per_site().attempt(site)
        if not request.axes_locked_out and self.client_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed log-ins for this user from this client, or from this client (its IPv6 site)
    for any user (above). 429 with Retry-After, the log-in page's look (admin or partner portal), which
    of the two it is, and the way out (a new password by mail)."""
    whole_connection = connection_lock(request)
    seconds = whole_connection or int(settings.AXES_COOLOFF_TIME.total_seconds())
    template = "admin/locked_out.html" if request.path.startswith("/admin/") else "registration/locked_out.html"
    response = render(request, template, {"retry_minutes": max(1, -(-seconds // 60)),
                                          "whole_connection": whole_connection is not None}, status=429)
    response["Retry-After"] = str(seconds)
    return response
