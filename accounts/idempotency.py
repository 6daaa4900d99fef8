"""`Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): a retry gets the first answer again.

The first request with a key inserts a record (unique per user and key) *before* it runs, in a transaction of
its own, so a concurrent duplicate finds it and gets 409 instead of creating a second row. The answer (status,
body, `Location`/`ETag` headers) is saved in the same transaction as the rows the request created: either both
exist or neither. Then:

- the same key and the same request (method, path, canonical JSON body) → the stored answer, again, with
  `Idempotent-Replayed: true` — a 201 as well as a 4xx (a 400 or a 409 duplicate is as final as a 201);
- the same key with a different request → 422 `/problems/idempotency-key-reused`, nothing run;
- the same key while the first request is still running → 409 `/problems/idempotency-key-in-flight`;
- a first request that crashed (5xx) leaves no record, so a retry runs afresh; a record left in flight by a killed
  worker is taken over after IN_FLIGHT_TIMEOUT.

Keys are scoped to the user (all of a user's tokens and sessions share them), kept RETENTION (24 h) and then
treated as unknown; `manage.py prune_idempotency_keys` deletes them.
"""

import hashlib
import json
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from accounts.models import IdempotencyRecord
from dtrack.api.exceptions import DomainError

__all__ = ["HEADER", "IN_FLIGHT_TIMEOUT", "RETENTION", "InvalidKey", "KeyInFlight", "KeyReused", "prune", "run"]

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
IN_FLIGHT_TIMEOUT = timedelta(minutes=2)
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, e.g. a UUID
KEPT_HEADERS = ("Location", "ETag", "X-As-Of")


class InvalidKey(DomainError):
    status_code = 400
    default_code = "invalid_idempotency_key"
    type_uri = "/problems/invalid-idempotency-key"
    title = "Invalid Idempotency-Key"
    default_detail = "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID, for instance)."


class KeyReused(DomainError):
    status_code = 422
    default_code = "idempotency_key_reused"
    type_uri = "/problems/idempotency-key-reused"
    title = "Idempotency-Key reused"
    default_detail = "This Idempotency-Key was used for a different request; use a new key for a new request."


class KeyInFlight(DomainError):
    status_code = 409
    default_code = "idempotency_key_in_flight"
    type_uri = "/problems/idempotency-key-in-flight"
    title = "Request with this Idempotency-Key in progress"
    default_detail = "The first request with this Idempotency-Key is still being processed; retry shortly."


def run(view, request, create) -> Response:
    """Answer `request` (a POST) with `create()`, or with the stored answer when its Idempotency-Key is known."""
    key = request.headers.get(HEADER)
    if key is None:
        return create()
    if not KEY_PATTERN.match(key):
        raise InvalidKey()
    fingerprint = _fingerprint(request)
    record, stored = _claim(request.user, key, request.method, request.path, fingerprint)
    if stored is not None:
        return _replay(stored)
    try:
        with transaction.atomic():
            response = create()
            if response.status_code < 500:
                _complete(record, response)
    except Exception as exc:
        try:
            response = view.handle_exception(exc)  # a problem answer; re-raises what is not an API error
        except Exception:
            _release(record)
            raise
        if response.status_code >= 500:
            _release(record)
        else:
            _complete(record, response)
    return response


def prune(now=None) -> int:
    now = now or timezone.now()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=now - RETENTION).delete()
    return deleted


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=JSONEncoder)
    # The full path: the query string (as_of, for one) changes what the request does.
    return hashlib.sha256(f"{request.method}\n{request.get_full_path()}\n{body}".encode()).hexdigest()


def _claim(user, key: str, method: str, path: str, fingerprint: str):
    """(new record, None) when this request goes first; (None, completed record) to replay; else raise."""
    for _attempt in range(3):
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, method=method, path=path, fingerprint=fingerprint, created_at=now
                )
            return record, None
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is None:
            continue  # released meanwhile
        expired = existing.created_at < now - RETENTION
        abandoned = existing.status_code is None and existing.created_at < now - IN_FLIGHT_TIMEOUT
        if expired or abandoned:
            # Only the one that deletes it takes over; the others find the new record next time round.
            IdempotencyRecord.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.fingerprint != fingerprint:
            raise KeyReused()
        if existing.status_code is None:
            raise KeyInFlight()
        return None, existing
    raise KeyInFlight()


def _complete(record: IdempotencyRecord, response: Response) -> None:
    record.status_code = response.status_code
    record.content_type = response.content_type or ""
    record.body = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False) if response.data is not None else ""
    record.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    record.completed_at = timezone.now()
    record.save(update_fields=["status_code", "content_type", "body", "headers", "completed_at"])


def _release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


def _replay(record: IdempotencyRecord) -> Response:
    data = json.loads(record.body) if record.body else None
    response = Response(data, status=record.status_code, headers=record.headers)
    if record.content_type:
        response.content_type = record.content_type
    response[REPLAYED_HEADER] = "true"
    return response
