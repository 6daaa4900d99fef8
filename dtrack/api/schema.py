"""OpenAPI for errors: every operation declares the problem+json responses it can give.

``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``) adds, unless the view already declares them:
400 when the operation takes query parameters or a body, 403 when the view has permission checks, 404 when
the path has parameters, and 500 always. Domain problems (409/412/422) are declared per view with
``@extend_schema(responses={200: ..., **problem_responses(409)})``.
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from dtrack.api.exceptions import PROBLEM_CONTENT_TYPE

PROBLEM_DESCRIPTIONS = {
    400: "Invalid query parameter or request body; `errors` points at each offending value.",
    401: "Authentication is required.",
    403: "Not allowed to perform this operation.",
    404: "No such resource.",
    409: "The request conflicts with the current state of the resource.",
    412: "A precondition of the request failed.",
    422: "The request is well-formed but breaks a domain rule.",
    500: "Unexpected server error; the body discloses nothing about it.",
}


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


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in self.problem_statuses(operation):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    problem_response(status), str(status), media_types=[PROBLEM_CONTENT_TYPE]
                )
        return operation

    def problem_statuses(self, operation: dict) -> list[int]:
        places = {parameter.get("in") for parameter in operation.get("parameters", [])}
        statuses = []
        if "query" in places or "requestBody" in operation:
            statuses.append(400)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses.append(403)
        if "path" in places:
            statuses.append(404)
        statuses.append(500)
        return statuses
