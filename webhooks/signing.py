"""How deliveries are signed and when a failed one is tried again: plain functions, no Django (docs/outputs.md).

Signature: HMAC-SHA256 with the subscription's secret (UTF-8) over f"{timestamp}.{body}" (UTF-8), as lowercase hex,
sent as `X-Dtrack-Signature: sha256=<hex>` with `X-Dtrack-Timestamp: <timestamp>` (Unix seconds). The timestamp is
inside the signed text so a receiver can refuse an old delivery replayed by someone who captured it.
"""

import hashlib
import hmac

__all__ = ["backoff_seconds", "sign", "signature_header", "verify"]


def sign(secret: str, timestamp: int, body: str) -> str:
    """The hex HMAC-SHA256 of f"{timestamp}.{body}" under `secret`."""
    message = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: str) -> str:
    return f"sha256={sign(secret, timestamp, body)}"


def verify(secret: str, timestamp: int, body: str, header: str, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: the header matches (compared in constant time) and the timestamp is recent."""
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(header, signature_header(secret, timestamp, body))


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """Seconds to wait after the `attempts`-th failed attempt (1, 2, …): base × 2^(attempts-1), at most `cap`."""
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    return min(cap, base * 2 ** (attempts - 1))
