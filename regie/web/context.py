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


def _parsed(text):
    """The address, IPv4-mapped IPv6 (::ffff:192.0.2.1) read as the IPv4 it carries; None for a non-address."""
    try:
        ip = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    return (ip.ipv4_mapped or ip) if ip.version == 6 else ip


def _network(ip, prefix):
    return str(ipaddress.IPv6Network((int(ip), prefix), strict=False))


def client_key(request):
    """Who a limit counts: an IPv4 address, or the IPv6 /64 the address lies in ("2001:db8:1:2::/64"), since
    a household or office gets a /64 and may use any address inside it. django-axes counts log-ins per it."""
    text = client_address(request)
    ip = _parsed(text)
    if ip is None:
        return text
    return str(ip) if ip.version == 4 else _network(ip, settings.IPV6_CLIENT_PREFIX)


def client_site(request):
    """The wider IPv6 network (a /48: one site) that a slower second limit counts; None for IPv4."""
    ip = _parsed(client_address(request))
    return None if ip is None or ip.version == 4 else _network(ip, settings.IPV6_SITE_LIMITS["prefix"])


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
