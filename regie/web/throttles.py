"""Throttles: at most `limit` attempts per client per window, counted atomically in the database that
every web process and host shares, refused with 429 and Retry-After (never by sleeping). A client is an
IPv4 address or an IPv6 /64 (regie.web.context.client_key), with a slower second limit per IPv6 /48.

An attempt is counted before it is evaluated (`attempt`), so 200 parallel guesses evaluate at most
`limit` of them; a caller that finds the attempt was legitimate gives it back (`give_back`), so only
failures and attempts still being evaluated count against the client.

A counter is kept per regie, as its key says (DESIGN.md 5): a crowd at one regie's form does not slow another's, and
a guesser gains nothing by asking another regie's host (its cheque codes and log-ins are not there). Nothing a regie
shows is cached (the cache holds the health check's probe only), so no cache key needs a regie.
"""
import datetime
import math
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone

from regie.models import ThrottleCounter
from regie.web import hosts
from regie.web.context import client_address, client_key, client_site  # noqa: F401  (the one place that decides)


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    retry_after: int  # seconds until the window ends


class Throttle:
    """`scope`: what is being guessed, e.g. "cheque-code"; `who`: an address, a user id, an e-mail."""

    def __init__(self, scope, *, limit, window_seconds):
        self.scope = scope
        self.limit = limit
        self.window = window_seconds

    def _window(self):
        now = timezone.now().timestamp()
        start = math.floor(now / self.window) * self.window
        return datetime.datetime.fromtimestamp(start, tz=datetime.UTC), math.ceil(start + self.window - now)

    def _key(self, who):
        """The counter of `who` in this scope, on the host's regie ("-": a platform host)."""
        regie = hosts.current.get()
        return f"{regie.short_name if regie else '-'}/{self.scope}:{who}"[:200]

    def _add(self, who, delta):
        """Add `delta` to this window's counter in one atomic statement; returns (count, retry_after)."""
        start, retry_after = self._window()
        table = connection.ops.quote_name("regie_throttlecounter")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, %s) "
                f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + EXCLUDED.count "
                "RETURNING count", [self._key(who), connection.ops.adapt_datetimefield_value(start), delta])
            return cursor.fetchone()[0], retry_after

    def attempt(self, who):
        """Count one attempt; allowed while the count stays within the limit."""
        if random.random() < 0.001:
            self.forget_old()
        count, retry_after = self._add(who, 1)
        return Attempt(allowed=count <= self.limit, retry_after=retry_after)

    def give_back(self, who):
        """The attempt was legitimate (a valid code, a right password): it does not count."""
        start, _ = self._window()
        ThrottleCounter.objects.filter(key=self._key(who), window_start=start, count__gt=0).update(
            count=F("count") - 1)

    def refused(self, who):
        """The refusal if `who` already used up this window (nothing counted), else None."""
        count = self.count(who)
        return Attempt(allowed=False, retry_after=self._window()[1]) if count >= self.limit else None

    def count(self, who):
        start, _ = self._window()
        return ThrottleCounter.objects.filter(key=self._key(who), window_start=start).values_list(
            "count", flat=True).first() or 0

    def forget_old(self):
        start, _ = self._window()
        ThrottleCounter.objects.filter(window_start__lt=start - datetime.timedelta(days=1)).delete()


class ClientThrottle:
    """A throttle per client (an IPv4 address, an IPv6 /64) and its slower twin per IPv6 /48 (a site that
    could otherwise use 65,536 clients): IPV6_SITE_LIMITS' factors times the limit and the window."""

    def __init__(self, scope, *, limit, window_seconds):
        site = settings.IPV6_SITE_LIMITS
        self.limit = limit
        self.per_client = Throttle(scope, limit=limit, window_seconds=window_seconds)
        self.per_site = Throttle(f"{scope}-site", limit=limit * site["limit_factor"],
                                 window_seconds=window_seconds * site["window_factor"])

    def _counters(self, request):
        site = client_site(request)
        return [(self.per_client, client_key(request))] + ([(self.per_site, site)] if site else [])

    def attempt(self, request):
        attempts = [throttle.attempt(who) for throttle, who in self._counters(request)]
        refused = [attempt for attempt in attempts if not attempt.allowed]
        return Attempt(allowed=not refused, retry_after=max(attempt.retry_after for attempt in refused or attempts))

    def give_back(self, request):
        for throttle, who in self._counters(request):
            throttle.give_back(who)

    def refused(self, request):
        """The refusal if the client or its site already used up the window (nothing counted), else None."""
        return next(filter(None, (throttle.refused(who) for throttle, who in self._counters(request))), None)


@dataclass(frozen=True)
class Guess:
    failure: Attempt  # this guess, counted as a failure until it proves right; allowed: within the limit
    refused: Attempt | None  # refuse now without looking: the client also used up its answers while blocked


class Guessing:
    """Wrong answers (cheque codes, possession proofs) per client. A client past the limit still gets an answer
    that proves right, `when_blocked` times per window, so one colleague's typos do not block a whole office;
    a right answer then tells a guesser as much as a refusal, so guessing stays capped at both together."""

    def __init__(self, scope, *, limit, window_seconds, when_blocked):
        self.limit = limit
        self.failures = ClientThrottle(scope, limit=limit, window_seconds=window_seconds)
        self.while_blocked = ClientThrottle(f"{scope}-blocked", limit=when_blocked, window_seconds=window_seconds)

    def attempt(self, request):
        failure = self.failures.attempt(request)
        blocked = None if failure.allowed else self.while_blocked.attempt(request)
        return Guess(failure=failure, refused=blocked if blocked is not None and not blocked.allowed else None)

    def right(self, request):
        """The answer was right (a real cheque's code): it was no failure."""
        self.failures.give_back(request)


def too_many(request, template, attempt, context=None):
    """The 429 answer with Retry-After."""
    response = TemplateResponse(request, template, {**(context or {}), "retry_minutes": math.ceil(
        attempt.retry_after / 60)}, status=429)
    response["Retry-After"] = str(attempt.retry_after)
    return response


class MailRequests:
    """Mails that anyone can trigger (a password reset, a new link): limited per address and per recipient.

    `check(request, recipient)` returns None when the mail may go, "address" when the client asked
    too often (answer 429), "recipient" when that mailbox got enough for now (answer as if sent)."""

    def __init__(self, scope):
        limits = settings.MAIL_REQUEST_LIMITS
        self.per_address = ClientThrottle(f"{scope}-address", **limits["per_address"])
        self.per_recipient = Throttle(f"{scope}-recipient", **limits["per_recipient"])

    def check(self, request, recipient):
        attempt = self.per_address.attempt(request)
        if not attempt.allowed:
            return attempt
        if not self.per_recipient.attempt((recipient or "").strip().lower()).allowed:
            return "recipient"
        return None
