"""Rate limits per client (docs/security.md): anonymous clients by IP address, signed-in ones by user.

The rates are `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` ("anon", "user"), from DTRACK_THROTTLE_ANON and
DTRACK_THROTTLE_USER; None switches a limit off. Unlike DRF's classes, these read the rates when a request comes
in, not when the module is imported, so a changed setting (a test's `settings` fixture) applies at once. The
counts live in the default cache (CACHES): per process with the default local-memory cache, shared with a
shared cache (DTRACK_CACHE_URL). An exceeded limit is a 429 problem with `Retry-After` (dtrack/api/exceptions.py).
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

__all__ = ["AnonRateThrottle", "FailedAuthenticationThrottle", "UserRateThrottle"]


class SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    pass


class FailedAuthenticationThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    """Failed token authentications per client IP ("auth_failure", DTRACK_THROTTLE_AUTH_FAILURES): past the rate,
    every token sent from that address is refused with 429 before it is looked up, so tokens cannot be guessed
    at the speed of the server. Only failures count: a client with a good token is never slowed by this."""

    scope = "auth_failure"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def exceeded(self, request) -> float | None:
        """Seconds to wait when the address is over its rate of failures, else None."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return self.wait() if len(self.history) >= self.num_requests else None

    def record(self, request) -> None:
        if self.rate is None:
            return
        if not hasattr(self, "history"):
            self.exceeded(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
