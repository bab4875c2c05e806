"""The Host of a request decides its regie (DESIGN.md 5, "Several regies, one install").

A host name of a regie (RegieHost) serves that regie: `request.regie`. A platform host (PLATFORM_HOSTS; in
development 127.0.0.1 and localhost) serves only the list of regies and /health/ (regie/platform_urls.py). Any other
host gets 400 and no page of any regie: a typo in a DNS record or a forged Host never shows a regie that was not
asked for. The port, capitals and a trailing dot do not matter: "Cheque.Example.be.:8443" is cheque.example.be.

Every request asks it, so a host's regie is kept in the cache (one read where it was a join, ~10% of a page's
time) until a save or delete of a regie or one of its host names forgets it (`connect()`; in the writing
transaction and again after the commit, as the catalogue's version does). A host that serves no regie is not
kept: any name could fill the cache."""
import contextvars
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.template.loader import render_to_string

from regie.models import Regie, RegieHost

current = contextvars.ContextVar("regie", default=None)
security_logger = logging.getLogger("django.security.DisallowedHost")  # where Django itself reports a bad Host


class RegieRequest(HttpRequest):
    """A request as RegieHostMiddleware leaves it (for type annotations): `regie` is its host's regie, None on a
    platform host."""

    regie: Regie | None


def host_name(host: str) -> str:
    """The host name of a Host header: lower case, without port or trailing dot; "" when it is no host name."""
    return split_domain_port(host)[0]


HOST_TIMEOUT = 24 * 3600  # seconds


def _key(name: str) -> str:
    return "regie:host:" + hashlib.sha256(name.lower().encode()).hexdigest()[:32]


def regie_for_host(host: str) -> Regie | None:
    name = host_name(host)
    if not name:
        return None
    regie = cache.get(_key(name))
    if regie is None:
        found = (RegieHost.objects.select_related("regie").annotate(lower_name=Lower("name"))
                 .filter(lower_name=name).first())  # the lower-case index of the constraint one_regie_per_host
        if found is None:
            return None
        regie = found.regie
        cache.set(_key(name), regie, HOST_TIMEOUT)
    return regie


def _forget(names: set[str]) -> None:
    keys = [_key(name) for name in names if name]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _host_changing(sender, instance: RegieHost, **_signal_arguments) -> None:
    """Before a host name is renamed or moved: its former name is forgotten too."""
    if instance.pk:
        _forget(set(RegieHost.objects.filter(pk=instance.pk).values_list("name", flat=True)))


def _host_changed(sender, instance: RegieHost, **_signal_arguments) -> None:
    _forget({instance.name})


def _regie_changed(sender, instance: Regie, **_signal_arguments) -> None:
    _forget(set(RegieHost.objects.filter(regie_id=instance.pk).values_list("name", flat=True)))


def connect() -> None:
    pre_save.connect(_host_changing, sender=RegieHost, dispatch_uid="regie-host-changing")
    post_save.connect(_host_changed, sender=RegieHost, dispatch_uid="regie-host-saved")
    post_delete.connect(_host_changed, sender=RegieHost, dispatch_uid="regie-host-deleted")
    post_save.connect(_regie_changed, sender=Regie, dispatch_uid="regie-saved")


def is_platform_host(host: str) -> bool:
    return host_name(host) in {host_name(each) for each in settings.PLATFORM_HOSTS}


def unknown_host() -> HttpResponse:
    """The same page in Dutch, French and English: no regie is known, so neither is its language."""
    response = HttpResponse(render_to_string("platform/unknown_host.html"), status=400)
    response["Cache-Control"] = "no-store"
    return response


class RegieHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host()  # refused when it is no host name, or not in DJANGO_ALLOWED_HOSTS
        except DisallowedHost as error:
            security_logger.error(str(error), extra={"status_code": 400, "request": request})
            return unknown_host()
        request.regie = regie_for_host(host)
        if request.regie is None:
            if not is_platform_host(host):
                return unknown_host()
            request.urlconf = "regie.platform_urls"
        token = current.set(request.regie)
        try:
            return self.get_response(request)
        finally:
            current.reset(token)


def several_regies(request) -> bool:
    """Whether the install serves more than one regie (asked once per request)."""
    if not hasattr(request, "_several_regies"):
        request._several_regies = Regie.objects.count() > 1
    return request._several_regies


def sees_shared_rows(request) -> bool:
    """Whether the request's user may see what the regies of an install still share (every account's log-in records
    and second-factor locks, a business's personal data over the whole install, every firm user; the rows of no regie
    of the audit log, the outbox and background work): anyone with the permission while the install serves one regie;
    once it serves several, platform administrators (superusers) only."""
    user = getattr(request, "user", None)
    return bool(user and user.is_superuser) or not several_regies(request)

