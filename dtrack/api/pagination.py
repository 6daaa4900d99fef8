"""Limit/offset pagination that says no instead of guessing.

DRF falls back to the default when ``limit``/``offset`` is malformed and clamps ``limit`` to the maximum;
a client then silently gets a different page than it asked for. Here both are 400 problems naming the
parameter.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers
from rest_framework.exceptions import ValidationError


class QuerySetNotOrdered(Exception):
    """Raised at development time: paging an unordered queryset repeats or skips rows between pages."""


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """The envelope is ``{count, next, previous, results}``; ``limit`` 1..500 (default 50), ``offset`` ≥ 0."""

    default_limit = 50
    max_limit = 500
    limit_query_description = _("Number of results to return per page.")
    offset_query_description = _("Index of the first result to return (0-based).")

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet) and not queryset.ordered:
            raise QuerySetNotOrdered(
                f"{view.__class__.__name__ if view else 'This view'} paginates an unordered queryset of "
                f"{queryset.model.__name__}; give it an ordering that ends in a unique key (e.g. 'pk')."
            )
        return super().paginate_queryset(queryset, request, view)

    def get_limit(self, request):
        field = serializers.IntegerField(min_value=1, max_value=self.max_limit)
        return self._parse(request, self.limit_query_param, field, self.default_limit)

    def get_offset(self, request):
        return self._parse(request, self.offset_query_param, serializers.IntegerField(min_value=0), 0)

    @staticmethod
    def _parse(request, name: str, field: serializers.IntegerField, default: int) -> int:
        raw = request.query_params.get(name, "")
        if raw == "":
            return default
        try:
            return field.run_validation(raw)
        except ValidationError as exc:
            raise ValidationError({name: exc.detail}) from None

    def get_paginated_response_schema(self, schema):
        def link(offset: int) -> str:
            return (
                f"https://dtrack.example/api/v1/items/?{self.limit_query_param}=50&{self.offset_query_param}={offset}"
            )

        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri", "example": link(100)},
                "previous": {"type": "string", "nullable": True, "format": "uri", "example": link(0)},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": str(self.limit_query_description),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": str(self.offset_query_description),
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
        ]
