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

The tag a client sees has two halves of 16 hex digits: the stored state's (above) and the answer body's. If-Match
compares the first half only, so what is derived on reading never makes a write stale. `If-None-Match` on a GET
compares the whole tag, so a 304 Not Modified means the body would be the same, assessment included
(`ConditionalGetMixin`). Answers without a stored state (lists, scorecards…) carry a weak tag of their body alone
(`W/"<32 hex>"`), for If-None-Match only.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import orjson
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response

from dtrack.api.exceptions import DomainError

__all__ = [
    "ConditionalGetMixin",
    "PreconditionFailed",
    "PreconditionRequired",
    "answer_etag",
    "check_if_match",
    "etag_of",
    "parse_if_match",
]

HALF = 16  # hex digits of each half of an answer's tag


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
    state = _state_half(current)
    if tags is None or not ("*" in tags or any(_state_half(tag) == state for tag in tags if not tag.startswith("W/"))):
        raise PreconditionFailed()


def _state_half(tag: str) -> str:
    return tag[1 : 1 + HALF] if len(tag) == 2 + 2 * HALF else tag


def _digest(data) -> str:
    return hashlib.sha256(orjson.dumps(data, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()


def answer_etag(state_etag: str, data) -> str:
    """The tag of an answer showing one object: its stored state's half, then its body's."""
    return '"' + _state_half(state_etag) + _digest(data)[:HALF] + '"'


def body_etag(data) -> str:
    return 'W/"' + _digest(data)[: 2 * HALF] + '"'


def none_match(request, etag: str) -> bool:
    """Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = parse_if_match(header) or []
    plain = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == plain for tag in tags)


class ConditionalGetMixin:
    """For API views: every successful answer with a body gets an ETag covering the body, and a GET or HEAD whose
    If-None-Match names it is answered 304 Not Modified without a body (the ETag repeated)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not (200 <= response.status_code < 300) or getattr(response, "data", None) is None:
            return response
        state = response.get("ETag")
        response["ETag"] = answer_etag(state, response.data) if state else body_etag(response.data)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and none_match(request, response["ETag"]):
            not_modified = Response(status=304, headers={"ETag": response["ETag"]})
            for header in ("X-As-Of", "Vary", "Content-Language", "Cache-Control"):
                if response.has_header(header):
                    not_modified[header] = response[header]
            return super().finalize_response(request, not_modified, *args, **kwargs)
        return response
