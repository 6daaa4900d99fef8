"""Rate limits per client (docs/security.md): anonymous clients by IP address, signed-in ones by user.

The rates are `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` ("anon", "user"), from DTRACK_THROTTLE_ANON and
DTRACK_THROTTLE_USER; None switches a limit off. Unlike DRF's classes, these read the rates when a request comes
in, not when the module is imported, so a changed setting (a test's `settings` fixture) applies at once. The
counts live in the default cache (CACHES): per process with the default local-memory cache, shared with a
shared cache (DTRACK_CACHE_URL). An exceeded limit is a 429 problem with `Retry-After` (dtrack/api/exceptions.py).
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

__all__ = ["AnonRateThrottle", "UserRateThrottle"]


class SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    pass
