"""Counting failed attempts per client in the shared cache: slow down, then refuse for a while."""
import time

from django.core.cache import cache


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


class Throttle:
    """`scope`: what is being guessed; `slow_after` failures add a pause, `block_after` refuse."""

    def __init__(self, scope, *, slow_after, block_after, window_seconds, pause_seconds=1.0):
        self.scope = scope
        self.slow_after = slow_after
        self.block_after = block_after
        self.window = window_seconds
        self.pause_seconds = pause_seconds

    def _key(self, who):
        return f"throttle:{self.scope}:{who}"

    def failures(self, who):
        return cache.get(self._key(who), 0)

    def is_blocked(self, who):
        return self.failures(who) >= self.block_after

    def fail(self, who):
        key = self._key(who)
        cache.add(key, 0, self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window)
            return 1

    def slow_down(self, who):
        """Pause before answering a client that already failed often."""
        if self.failures(who) >= self.slow_after:
            pause(self.pause_seconds)


def pause(seconds):
    time.sleep(seconds)
