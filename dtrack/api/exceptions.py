"""RFC 9457 problem details for every API error.

Body: ``type``, ``title``, ``status``, ``detail``, ``instance`` and, for validation failures, ``errors``:
a list of ``{pointer, code, detail}`` where ``pointer`` is an RFC 6901 JSON pointer in URI-fragment form
(``#/measurements/0/value``) and ``#/`` stands for the request as a whole.

Exceptions that are not API exceptions are left to Django: it logs the traceback (``django.request``) and
answers through ``handler500`` (``dtrack.api.views``), which also speaks problem+json under ``/api/``.
"""

from collections.abc import Mapping
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from dtrack.api.renderers import JSONRenderer
from dtrack.errors import DomainError, flatten_errors, json_pointer

__all__ = ["DomainError", "RuleViolation", "flatten_errors", "json_pointer", "problem_exception_handler"]

PROBLEM_CONTENT_TYPE = "application/problem+json"
# 400: the request does not match the contract (openapi.yaml): a type, format, length, enum, a missing or unknown
# field. 422: it matches, and a rule of the domain refuses it (a unit's lifetime, a deadline before its baseline,
# a figure text that reads as no number): the errors the services raise.
VALIDATION_TYPE = "/problems/validation"
RULE_TYPE = "/problems/rule"
# A well-formed request the data refuses is not a 400: a name nobody has (422) or one already taken (409). When
# every error of a validation failure has one of these codes, the status and type follow; otherwise it is a 400.
STATE_CODES = {
    "does_not_exist": (422, "/problems/unknown-reference"),
    "conflicting_parameters": (422, "/problems/conflicting-parameters"),
    "unique": (409, "/problems/duplicate"),
    "unknown_cursor": (422, "/problems/unknown-reference"),
    # A webhook receiver whose host does not resolve, or resolves to a private address (webhooks.addresses).
    "refused_url": (422, "/problems/refused-address"),
}


def problem(status: int, *, detail: str, instance: str, type_uri: str = "about:blank", title: str = "") -> dict:
    return {
        "type": type_uri,
        "title": title or reason_phrase(status),
        "status": status,
        "detail": detail,
        "instance": instance,
    }


def reason_phrase(status: int) -> str:
    """The status's reason phrase in the reader's language (RFC 9457 lets a title change only by localization)."""
    try:
        return _(HTTPStatus(status).phrase)
    except ValueError:
        return _("Error")


# The reason phrases the API answers with, for makemessages (translated by `reason_phrase`).
_PHRASES = [
    gettext_noop("Bad Request"), gettext_noop("Unauthorized"), gettext_noop("Forbidden"), gettext_noop("Not Found"),
    gettext_noop("Method Not Allowed"), gettext_noop("Not Acceptable"), gettext_noop("Conflict"),
    gettext_noop("Precondition Failed"), gettext_noop("Request Entity Too Large"),
    gettext_noop("Unsupported Media Type"), gettext_noop("Unprocessable Entity"),
    gettext_noop("Precondition Required"), gettext_noop("Too Many Requests"), gettext_noop("Internal Server Error"),
    gettext_noop("Service Unavailable"),
]  # fmt: skip


def not_found(context) -> str:
    """A 404's detail naming what was looked for (Django's "No Target matches the given query." is English only)."""
    queryset = getattr(context.get("view"), "queryset", None)
    if queryset is None:
        return _("Nothing was found at this address.")
    return _("There is no %(name)s with this identifier.") % {"name": queryset.model._meta.verbose_name}


def problem_json_response(request, status: int, detail: str) -> JsonResponse:
    """A problem for code outside DRF (Django's 404/500 handlers)."""
    body = problem(status, detail=detail, instance=request.path)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


class RuleViolation(exceptions.ValidationError):
    """A well-formed request a rule of the domain refuses (a Django ValidationError from the services): 422."""

    status_code = 422


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_code = "busy"
    default_detail = "Too many writes collided; nothing was written. Send the request again shortly."


class _Problem(exceptions.APIException):
    """A DomainError as DRF handles an error (status, rollback), keeping the problem it came from."""

    def __init__(self, problem: DomainError):
        super().__init__(problem.detail, problem.code)
        self.status_code, self.problem = problem.status_code, problem


def _to_drf(exc: Exception) -> Exception:
    from indicators.locking import Busy  # the domain's own error, free of DRF; mapped here

    if isinstance(exc, DomainError):
        return _Problem(exc)
    if isinstance(exc, Busy):
        busy = ServiceUnavailable(_("Too many writes collided; nothing was written. Send the request again shortly."))
        busy.wait = exc.retry_after  # DRF's handler turns it into Retry-After
        return busy
    if isinstance(exc, DjangoValidationError):
        return RuleViolation(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _validation_detail(errors: list[dict]) -> str:
    if len(errors) == 1:
        only = errors[0]
        return only["detail"] if only["pointer"] == "#/" else f"{only['pointer'][2:]}: {only['detail']}"
    fields = len({error["pointer"] for error in errors})
    return _("%(count)d fields failed validation.") % {"count": fields}


def _state_problem(errors: list[dict]) -> tuple[int, str] | None:
    """(status, type) when the request was well formed and only the state of the data refuses it."""
    found = {STATE_CODES.get(error["code"]) for error in errors}
    if not errors or None in found:
        return None
    # Both kinds at once: the unknown name is the one to fix first.
    return max(found, key=lambda state: state[0])  # type: ignore[arg-type,return-value]


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's own handling (headers, rollback), with an RFC 9457 body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(not_found(context))
    exc = _to_drf(exc)
    response = exception_handler(exc, context)  # keeps WWW-Authenticate / Retry-After, marks rollback
    if response is None:
        return None

    request = context.get("request")
    status = int(response.status_code)
    body = problem(status, detail="", instance=request.path if request is not None else "")

    if isinstance(exc, exceptions.ValidationError):
        errors = list(flatten_errors(exc.detail))
        body.update(type=VALIDATION_TYPE, detail=_validation_detail(errors), errors=errors)
        if isinstance(exc, RuleViolation):
            body["type"] = RULE_TYPE
        if state := _state_problem(errors):
            status, body["type"] = state
            response.status_code = body["status"] = status
            body["title"] = reason_phrase(status)
    else:
        body["detail"] = str(exc.detail) if not isinstance(exc.detail, Mapping | list) else body["title"]
        if isinstance(exc, _Problem):
            found = exc.problem
            # Titles and default details are English msgids on the class: shown in the reader's language.
            if body["detail"] == str(found.default_detail):
                body["detail"] = _(str(found.default_detail))
            body.update(type=found.type_uri, title=_(found.title) if found.title else body["title"])
            if found.errors:
                body["errors"] = list(flatten_errors(found.errors))
        elif isinstance(exc.detail, Mapping | list):
            body["errors"] = list(flatten_errors(exc.detail))

    response.data = body
    renderer = getattr(request, "accepted_renderer", None)
    if isinstance(renderer, BrowsableAPIRenderer):
        # A person in a browser: the browsable API shows the same body on its HTML page.
        return response
    if not isinstance(renderer, JSONRenderer) and request is not None:
        # No renderer yet (406) or a non-JSON one (e.g. CSV): errors are always JSON.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
