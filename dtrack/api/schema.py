"""OpenAPI for errors: every operation declares the problem+json responses it can give.

``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``) adds, unless the view already declares them:
400 when the operation takes query parameters or a body, 401 when the view authenticates (a bad token is a 401
even where reading is public), 403 when the view has permission checks, 404 when the path has parameters, 429
when it is throttled, and 500 always. Domain problems (409/412/422) are declared per view with
``@extend_schema(responses={200: ..., **problem_responses(409)})``.

For the viewsets with optimistic concurrency and idempotent creation (indicators/api/views/, recognised by
their ``locked_for_write``), it also declares the headers of docs/security.md: ``If-Match`` (required on PUT,
PATCH and DELETE, with 412 and 428; optional on the actions listed in ``optional_if_match_actions``, with 412),
``Idempotency-Key`` on create (with 409 and 422), and the ``ETag`` of the answers that show one object.
"""

import re

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from dtrack.api.exceptions import PROBLEM_CONTENT_TYPE
from dtrack.api.query import EMPTY_ALLOWED, INT64

PROBLEM_DESCRIPTIONS = {
    400: "Invalid query parameter or request body; `errors` points at each offending value.",
    401: "Credentials are required, or the ones sent are invalid, expired or revoked.",
    403: "Not allowed to perform this operation.",
    404: "No such resource.",
    409: "The request conflicts with the current state of the resource.",
    412: "A precondition of the request failed.",
    422: "The request is well-formed but breaks a domain rule.",
    428: "The request must be conditional: send If-Match with the resource's ETag.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
    500: "Unexpected server error; the body discloses nothing about it.",
}
WRITE_METHODS = ("PUT", "PATCH", "DELETE")
# Answers showing one object carry its ETag.
ETAG_ACTIONS = ("retrieve", "create", "update", "partial_update")
IF_MATCH = (
    "The ETag of the resource as you last read it (or `*`). Stale: 412, nothing changed. Required on PUT, PATCH "
    "and DELETE (428 without it)."
)
IDEMPOTENCY_KEY = (
    "A unique key (1–255 visible ASCII characters, e.g. a UUID) making the POST safe to retry: a retry with the "
    "same key and body gets the first answer again (`Idempotent-Replayed: true`) and creates nothing; the same key "
    "with another body is a 422, while the first is still running a 409. Kept 24 hours, per user."
)
ETAG = "Version of the object's stored state; send it back in If-Match to change or delete the object."
RETRY_AFTER = "Seconds to wait before retrying."


@extend_schema_field(OpenApiTypes.URI_REF)
class URIReferenceField(serializers.CharField):
    pass


class ProblemErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(
        help_text='RFC 6901 JSON pointer (URI fragment form) to the offending value, e.g. "#/measurements/0/value"; '
        '"#/" for the request as a whole.'
    )
    code = serializers.CharField(help_text='Machine-readable error code, e.g. "required", "invalid", "max_value".')
    detail = serializers.CharField(help_text="Human-readable explanation.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (media type application/problem+json)."""

    type = URIReferenceField(
        help_text='"about:blank" for plain HTTP errors; "/problems/<slug>" names a domain or validation problem.'
    )
    title = serializers.CharField(help_text="Short summary of the problem type; the same for every occurrence.")
    status = serializers.IntegerField(min_value=100, max_value=599, help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="Explanation specific to this occurrence.")
    instance = URIReferenceField(help_text="Path of the request that failed.")
    errors = ProblemErrorSerializer(many=True, required=False, help_text="Validation errors, one per message.")


def problem_response(status: int, description: str = "") -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description or PROBLEM_DESCRIPTIONS.get(status, ""))


def problem_responses(*statuses: int) -> dict:
    """``responses=`` entries for ``@extend_schema``: ``{200: TargetSerializer, **problem_responses(409)}``."""
    return {(status, PROBLEM_CONTENT_TYPE): problem_response(status) for status in statuses}


FILE_MEDIA_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for response in responses.values():
            # An export is a file, not the JSON page drf-spectacular would repeat for every media type.
            for media_type, content in response.get("content", {}).items():
                if media_type in FILE_MEDIA_TYPES:
                    content["schema"] = {"type": "string", "format": "binary"}
        for status in self.problem_statuses(operation):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    problem_response(status), str(status), media_types=[PROBLEM_CONTENT_TYPE]
                )
        if "429" in responses:
            responses["429"].setdefault("headers", {})["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": RETRY_AFTER,
            }
        return operation

    # Summaries of the operations that do not write their own: "Create an indicator", "Delete a measurement"…
    DEFAULT_SUMMARIES = {
        "list": "List {plural}",
        "create": "Create {a} {name}",
        "retrieve": "Read one {name}",
        "update": "Replace {a} {name} (send every field; If-Match required)",
        "partial_update": "Change some fields of {a} {name} (If-Match required)",
        "destroy": "Delete {a} {name} (If-Match required)",
    }

    # Model names of two words, spelt as words: "List reporting regimes", not "List reportingregimes".
    SUMMARY_NAMES = {"progressreport": "progress report", "reportingregime": "reporting regime"}

    def get_summary(self):
        summary = super().get_summary()
        if summary:
            return summary
        template = self.DEFAULT_SUMMARIES.get(getattr(self.view, "action", None))
        queryset = getattr(self.view, "queryset", None)
        if template is None or queryset is None:
            return summary
        model_name = queryset.model._meta.model_name
        name = self.SUMMARY_NAMES.get(model_name, model_name)
        plural = f"{name}s"
        return template.format(name=name, plural=plural, a="an" if name[0] in "aeiou" else "a")

    def problem_statuses(self, operation: dict) -> list[int]:
        places = {parameter.get("in") for parameter in operation.get("parameters", [])}
        statuses = []
        if "query" in places or "requestBody" in operation:
            statuses.append(400)
        if self.view.get_authenticators():
            statuses.append(401)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses.append(403)
        if "path" in places:
            statuses.append(404)
        if "requestBody" in operation:
            # Well formed, but naming what does not exist (422) or what is already taken (409): exceptions.STATE_CODES.
            statuses.extend([409, 422])
        if {"cursor", "format"} & {parameter["name"] for parameter in operation.get("parameters", [])}:
            statuses.append(422)  # offset and cursor together, an unknown cursor, paging an export
        statuses.extend(self._conditional_statuses())
        if self.view.get_throttles():
            statuses.append(429)
        statuses.append(500)
        return sorted(set(statuses))

    # -- ETag / If-Match / Idempotency-Key (docs/security.md)

    def _if_match(self) -> str | None:
        """ "required", "optional" or None for this operation."""
        if not hasattr(self.view, "locked_for_write"):
            return None
        if self.method in WRITE_METHODS:
            return "required"
        if getattr(self.view, "action", None) in getattr(self.view, "optional_if_match_actions", ()):
            return "optional"
        return None

    def _idempotent_create(self) -> bool:
        return hasattr(self.view, "locked_for_write") and getattr(self.view, "action", None) == "create"

    def _conditional_statuses(self) -> list[int]:
        statuses = []
        if_match = self._if_match()
        if if_match is not None:
            statuses.append(412)
        if if_match == "required":
            statuses.append(428)
        if self._idempotent_create():
            statuses.extend([409, 422])
        return statuses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if_match = self._if_match()
        if if_match is not None:
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=if_match == "required",
                    description=IF_MATCH,
                )
            )
        if self._idempotent_create():
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=IDEMPOTENCY_KEY,
                    pattern=r"^[\x21-\x7e]{1,255}$",
                )
            )
        if hasattr(self.view, "locked_for_write") and (
            getattr(self.view, "action", None) in ETAG_ACTIONS or if_match == "optional"
        ):
            parameters.append(
                OpenApiParameter(
                    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201], description=ETAG
                )
            )
        return parameters

    def get_auth(self):
        """Reads need no credentials while DTRACK_PUBLIC_READ is on: say so with the empty requirement `{}`."""
        auth = super().get_auth()
        if auth and self.method in ("GET", "HEAD", "OPTIONS") and settings.DTRACK_PUBLIC_READ and {} not in auth:
            auth.append({})
        return auth


# -- Postprocessing: named enums for query parameters, named sort keys (after drf-spectacular's enum hook)


def _enum_components(components: dict) -> dict[tuple, str]:
    return {
        tuple(sorted(map(str, schema["enum"]))): name
        for name, schema in components.items()
        if "enum" in schema and schema.get("type") == "string"
    }


def _varname(value: str) -> str:
    """An ASCII identifier for a sort key: "-gap" → "GAP_DESC", "as_of" → "AS_OF"."""
    return value.removeprefix("-").upper() + ("_DESC" if value.startswith("-") else "")


def postprocess_named_enums(result, generator, request, public):
    """Query parameters reuse the enum components of the bodies (one `LevelEnum` per concept, not an inline copy
    with a Vietnamese title that generators turn into class names), and each list's sort keys become a component
    `<Resource>OrderingEnum` whose values carry ASCII names (`x-enum-varnames`: GAP_DESC for -gap)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    named = _enum_components(components)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter["schema"]
                if parameter["name"] == "q" and schema.get("type") == "string":
                    # Free text is any text but NUL, which Django refuses in a query (400).
                    schema["pattern"] = "^[^\\x00]*$"
                holder = schema["items"] if schema.get("type") == "array" else schema
                if "enum" not in holder:
                    continue
                values = [str(v) for v in holder["enum"]]
                if parameter["name"] == "ordering":
                    resource = operation["operationId"].removesuffix("_list").title().replace("_", "")
                    name = f"{resource}OrderingEnum"
                    components[name] = {
                        "type": "string",
                        "enum": values,
                        "x-enum-varnames": [_varname(v) for v in values],
                        "description": "Khóa sắp xếp; thêm `-` phía trước để xếp giảm dần.",
                    }
                else:
                    name = named.get(tuple(sorted(values)))
                    if name is None:
                        continue
                replacement = {"$ref": f"#/components/schemas/{name}"}
                if holder is schema:
                    default = schema.get("default")
                    parameter["schema"] = (
                        replacement if default is None else {"allOf": [replacement], "default": default}
                    )
                else:
                    schema["items"] = replacement
    return result


# -- Postprocessing: the schema of inputs says what the API takes (dtrack/api/inputs.py, dtrack/api/query.py)

DECIMAL = re.compile(r"\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$")
NO_NUL = "^[^\\x00]*$"
# Text fields are trimmed (DRF): one character that is neither space nor NUL must remain.
NOT_BLANK = "^[^\\x00]*[^\\s\\x00\\x1c-\\x1f][^\\x00]*$"


def _strict_value(schema: dict, *, empty_allowed: bool = True) -> None:
    """Bounds an id can have and text the API stores, on one parameter or property schema (in place)."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _strict_value(schema["items"], empty_allowed=empty_allowed)
        return
    if schema.get("type") == "integer":
        schema.setdefault("minimum", INT64[0])
        schema.setdefault("maximum", INT64[1])
    elif schema.get("format") == "decimal" and (digits := DECIMAL.fullmatch(schema.get("pattern", ""))):
        # drf-spectacular's pattern takes "", "-" and "." too, which are no number: one digit at least.
        whole, places = digits.groups()
        schema["pattern"] = rf"^-?(?:\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}})$"
    elif schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
        if not empty_allowed:
            schema["minLength"] = max(1, schema.get("minLength", 0))
        schema["pattern"] = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL


def postprocess_strict_inputs(result, generator, request, public):
    """Request bodies take only their properties (`additionalProperties: false`); integers are ids of 64 bits; text
    has no NUL and, where it may not be blank, something besides spaces; query parameters may not be empty except
    those that say so (EMPTY_ALLOWED)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
            for prop in component.get("properties", {}).values():
                if not prop.get("readOnly"):
                    _strict_value(prop)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("query", "path") and "schema" in parameter:
                    _strict_value(parameter["schema"], empty_allowed=parameter["name"] in EMPTY_ALLOWED)
    return result
