"""Optimistic concurrency: `ETag` on what a client may change, `If-Match` required to change it (RFC 9110 §13).

The ETag is a strong validator of a row's **stored state**: the SHA-256 (first 128 bits) of its model, primary key
and every stored field a client can see, plus related rows edited with it (a target's milestones). Computed from
the row itself, it needs no version column and no extra query, and it changes with every stored change made by
any path (API, admin, shell, bulk UPDATE). It deliberately leaves out what is derived on reading and what the
server maintains behind the scenes: a target's assessment (status, gap… depend on `as_of` and on the
measurements) and its `known_*` facts. So posting a figure does not invalidate a target's ETag, and the tag
changes exactly when the fields a PUT/PATCH could overwrite change. Setting a value back to what it was gives the
old tag back: a client that saw that state may write over it — nothing it did not see is lost.

PUT, PATCH and DELETE must send `If-Match` with the current tag (or `*`): missing → 428 Precondition Required,
stale → 412 Precondition Failed, checked on the row locked (SELECT … FOR UPDATE) in the write's transaction,
before the body is even validated, so a 412 changes nothing. Weak tags (`W/"…"`) never match (strong comparison).
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dtrack.api.exceptions import DomainError

__all__ = ["PreconditionFailed", "PreconditionRequired", "check_if_match", "etag_of", "parse_if_match"]


class PreconditionFailed(DomainError):
    status_code = 412
    default_code = "stale"
    type_uri = "/problems/stale-etag"
    title = "Resource changed since it was read"
    default_detail = _(
        "If-Match does not match the current ETag: the resource changed since you read it. GET it again, reapply "
        "your change and retry."
    )


class PreconditionRequired(DomainError):
    status_code = 428
    default_code = "if_match_required"
    type_uri = "/problems/if-match-required"
    title = "If-Match required"
    default_detail = _(
        "Send If-Match with the ETag of the resource as you last read it (GET it first), so that nobody's "
        "change is overwritten unseen."
    )


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def etag_of(instance, *, exclude: Iterable[str] = (), extra=()) -> str:
    """`"<32 hex>"`: the stored fields of `instance` (by column name, minus `exclude`) and `extra`."""
    skip = set(exclude)
    fields = [
        (field.attname, _plain(field.value_from_object(instance)))
        for field in instance._meta.concrete_fields
        if field.attname not in skip and field.name not in skip
    ]
    payload = json.dumps([instance._meta.label_lower, fields, [_plain(v) for v in extra]], default=str)
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'


def parse_if_match(header: str) -> list[str] | None:
    """The entity tags of an If-Match value, `["*"]` for any; None when malformed."""
    header = header.strip()
    if header == "*":
        return ["*"]
    tags, rest = [], header
    while rest:
        rest = rest.lstrip(" \t,")
        if not rest:
            break
        weak = rest.startswith("W/")
        body = rest[2:] if weak else rest
        if not body.startswith('"'):
            return None
        end = body.find('"', 1)
        if end < 0:
            return None
        tag = body[: end + 1]
        tags.append(f"W/{tag}" if weak else tag)
        rest = body[end + 1 :].lstrip(" \t")
        if rest and not rest.startswith(","):
            return None
    return tags or None


def check_if_match(request, current: str, *, required: bool = True) -> None:
    """Raise 428 when If-Match is required and missing, 412 unless it names `current` (strongly) or is `*`."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired()
        return
    tags = parse_if_match(header)
    if tags is None or not ("*" in tags or current in tags):
        raise PreconditionFailed()
