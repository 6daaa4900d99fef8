"""Which URLs a webhook may be sent to (SSRF): http or https, to a host whose every address is public, unless
DTRACK_WEBHOOKS_ALLOW_PRIVATE. Checked when a subscription is saved and again before every attempt, on the
addresses the connection then uses (a name may resolve elsewhere later: DNS rebinding)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = ["Refused", "check_url", "resolve"]


class Refused(ValueError):
    """The URL may not be used; the message says why (translated)."""


def parts(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL with a host; Refused otherwise."""
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:
        raise Refused(_("Enter a valid URL.")) from None
    scheme = split.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(_("The URL must start with http:// or https://."))
    if not split.hostname:
        raise Refused(_("The URL has no host."))
    if split.username or split.password:
        raise Refused(_("The URL must not contain a user name or password; sign with the secret instead."))
    return scheme, split.hostname, port or (443 if scheme == "https" else 80)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to; Refused when it does not resolve, or when one is not public (unless
    private addresses are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Refused(_("The host %(host)s could not be resolved.") % {"host": host}) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not settings.DTRACK_WEBHOOKS_ALLOW_PRIVATE:
        private = [a for a in addresses if not is_public(a)]
        if private:
            raise Refused(
                _("The host %(host)s resolves to a private, loopback or link-local address (%(address)s).")
                % {"host": host, "address": private[0]}
            )
    return addresses


def check_url(url: str) -> tuple[str, str, int, list[str]]:
    """(scheme, host, port, addresses) of a URL webhooks may be sent to; Refused with the reason otherwise."""
    scheme, host, port = parts(url)
    return scheme, host, port, resolve(host, port)
