"""API tokens: issue (the raw token is returned once and never stored), check, revoke.

A token is `dtk_<8 random [a-z0-9]>_<32 random bytes, base64url>`. The database keeps the public prefix
(`dtk_<8>`, to find the row) and the SHA-256 of the whole token. A plain hash is enough here, unlike for
passwords: the secret part is 256 random bits, so there is nothing to guess from a leaked digest, and the check
must stay cheap because it runs on every request. The comparison is constant-time.
"""

import hashlib
import hmac
import re
import secrets
import string
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiToken

__all__ = ["TOKEN_PATTERN", "digest", "find", "generate", "issue", "revoke", "touch"]

PREFIX_ALPHABET = string.ascii_lowercase + string.digits
TOKEN_PATTERN = re.compile(r"^(dtk_[a-z0-9]{8})_[A-Za-z0-9_-]{43}$")
# last_used_at is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate() -> tuple[str, str]:
    """A new (prefix, raw token) pair whose prefix is not taken yet."""
    while True:
        prefix = "dtk_" + "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(8))
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def issue(*, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; return the row and the raw token, which exists nowhere else afterwards."""
    prefix, raw = generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=digest(raw), expires_at=expires_at)
    return token, raw


def find(raw: str) -> ApiToken | None:
    """The usable token whose raw form is `raw` (right shape, known prefix, matching digest, not revoked or
    expired, active user), else None. The same answer for every kind of failure: no oracle."""
    match = TOKEN_PATTERN.match(raw)
    if match is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=match.group(1)).first()
    if token is None or not hmac.compare_digest(token.digest, digest(raw)):
        return None
    if not token.is_usable() or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record the use, at most once per TOUCH_EVERY (one UPDATE that matches nothing otherwise)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY)
    ).update(last_used_at=now)
    token.last_used_at = now


def revoke(token: ApiToken) -> bool:
    """Revoke `token` now; False if it already was."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return bool(updated)
