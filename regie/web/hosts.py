"""The Host of a request decides its regie (DESIGN.md 5, "Several regies, one install").

A host name of a regie (RegieHost) serves that regie: `request.regie`. A platform host (PLATFORM_HOSTS; in
development 127.0.0.1 and localhost) serves only the list of regies and /health/ (regie/platform_urls.py). Any other
host gets 400 and no page of any regie: a typo in a DNS record or a forged Host never shows a regie that was not
asked for."""
import contextvars

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from regie.models import Regie, RegieHost
from regie.models.regies import normalise_host

current = contextvars.ContextVar("regie", default=None)


def regie_for_host(host: str) -> Regie | None:
    name = normalise_host(host)
    found = RegieHost.objects.select_related("regie").filter(name__iexact=name).first()
    return found.regie if found else None


def unknown_host() -> HttpResponse:
    return HttpResponse(render_to_string("platform/unknown_host.html"), status=400)


class RegieHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()  # DisallowedHost (400) first when DJANGO_ALLOWED_HOSTS narrows the names
        request.regie = regie_for_host(host)
        if request.regie is None:
            if normalise_host(host) not in settings.PLATFORM_HOSTS:
                return unknown_host()
            request.urlconf = "regie.platform_urls"
        token = current.set(request.regie)
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
