"""`Authorization: Bearer <token>` for systems (accounts/tokens.py); people use sessions (docs/security.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts import tokens
from dtrack.api.throttling import FailedAuthenticationThrottle

__all__ = ["BearerTokenAuthentication"]


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates `Authorization: Bearer <token>`; `request.auth` is the ApiToken.

    No header, or another scheme: not this class's business (the next class, or anonymous). A Bearer header with a
    wrong, revoked or expired token: 401, even on a read that would be public, so a client learns its token is bad.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedAuthenticationThrottle()
        if (wait := throttle.exceeded(request)) is not None:
            raise exceptions.Throttled(wait)
        try:
            return self._authenticate(parts)
        except exceptions.AuthenticationFailed:
            throttle.record(request)
            raise

    def _authenticate(self, parts):
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: expected 'Bearer <token>'."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = tokens.find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
