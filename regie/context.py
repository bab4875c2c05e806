"""Who is asking, once per request: the client's address (behind DJANGO_NUM_PROXIES proxies) and a
request id. Throttles, the audit log and every log line use these."""
import contextvars
import ipaddress
import re
import uuid

from django.conf import settings

request_id = contextvars.ContextVar("request_id", default="-")
address = contextvars.ContextVar("client_address", default=None)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _valid_ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request):
    """The client's address: REMOTE_ADDR with DJANGO_NUM_PROXIES=0, else the Nth address from the right
    of X-Forwarded-For (what the nearest of our N proxies saw; everything left of it can be forged)."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    chosen = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid_ip(chosen) or remote


class RequestContextMiddleware:
    """Sets request.client_address and request.request_id (from the proxy's X-Request-ID, or new), makes
    them available to logging and the audit log, and returns the id in the X-Request-ID header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.client_address = client_address(request)
        tokens = request_id.set(request.request_id), address.set(request.client_address)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(tokens[0])
            address.reset(tokens[1])
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter:
    """Adds %(request_id)s to every log record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True
