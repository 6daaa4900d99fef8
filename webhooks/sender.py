"""One HTTP attempt of a delivery, with the standard library's http.client (no new dependency).

The host is resolved and checked (webhooks/addresses.py) right before connecting, and the connection goes to the
address that was checked, not to whatever the name resolves to a moment later; TLS still verifies the certificate
against the host name. Redirects are not followed: a 3xx is a failed attempt."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from webhooks import addresses, signing

__all__ = ["Attempt", "headers_for", "send"]

USER_AGENT = "dtrack-webhooks/1"


@dataclass(frozen=True)
class Attempt:
    ok: bool
    status_code: int | None = None
    error: str = ""


def headers_for(*, delivery_id: str, event: str, secret: str, body: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Dtrack-Delivery": delivery_id,
        "Idempotency-Key": delivery_id,
        "X-Dtrack-Event": event,
        "X-Dtrack-Timestamp": str(timestamp),
        "X-Dtrack-Signature": signing.signature_header(secret, timestamp, body),
    }


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def send(*, url: str, secret: str, delivery_id: str, event: str, body: str, timeout: float) -> Attempt:
    """POST `body` to `url`, signed; ok on a 2xx answer within `timeout` seconds (connect and each read)."""
    try:
        scheme, host, port, resolved = addresses.check_url(url)
    except addresses.Refused as refused:
        return Attempt(False, error=str(refused))
    split = urlsplit(url)
    target = (split.path or "/") + (f"?{split.query}" if split.query else "")
    headers = headers_for(delivery_id=delivery_id, event=event, secret=secret, body=body, timestamp=int(time.time()))
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, port, resolved[0], timeout=timeout)
    try:
        connection.request("POST", target, body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # a little of the answer, so the connection closes cleanly; the rest is ignored
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        return Attempt(False, error=f"{type(error).__name__}: {error}"[:500])
    finally:
        connection.close()
    if 200 <= status < 300:
        return Attempt(True, status)
    return Attempt(False, status, f"HTTP {status}")
