"""Limit/offset pagination that says no instead of guessing, and keyset ("cursor") pagination next to it.

DRF falls back to the default when ``limit``/``offset`` is malformed and clamps ``limit`` to the maximum;
a client then silently gets a different page than it asked for. Here both are 400 problems naming the
parameter.

``KeysetPagination`` adds ``?cursor=``: the page after (or before) the row the cursor names, found by the list's
own ordering (``WHERE (deadline, id) > (…)`` written out term by term) instead of skipping ``offset`` rows, so a deep
page costs what the first does and rows inserted meanwhile neither repeat nor skip a row. Cursor pages carry no
``count``: counting is the one cost that would still grow with the list.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from dtrack.api.query import INT64, integer_parameter


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
        field = serializers.IntegerField(min_value=0, max_value=INT64[1])
        return self._parse(request, self.offset_query_param, field, 0)

    @staticmethod
    def _parse(request, name: str, field: serializers.IntegerField, default: int) -> int:
        raw = request.query_params.get(name, "")
        if raw == "":
            return default
        # DRF's IntegerField takes "+0.0" and "1.0"; the schema says an integer, written as one.
        integer_parameter(name, raw)
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


@dataclass(frozen=True)
class Term:
    """One term of a list's ordering: a field or annotation, its direction and where NULLs go (None: NOT NULL)."""

    name: str
    descending: bool
    nulls: str | None  # "first", "last" or None

    @classmethod
    def of(cls, expression) -> "Term":
        if isinstance(expression, str):
            return cls(expression.removeprefix("-"), expression.startswith("-"), None)
        if isinstance(expression, OrderBy) and isinstance(expression.expression, F):
            nulls = "last" if expression.nulls_last else "first" if expression.nulls_first else None
            return cls(expression.expression.name, expression.descending, nulls)
        raise QuerySetNotOrdered(f"Keyset pagination orders by named fields only, not {expression!r}.")

    def reversed(self) -> "Term":
        return Term(self.name, not self.descending, {"first": "last", "last": "first"}.get(self.nulls))

    def order(self) -> OrderBy:
        field = F(self.name)
        kwargs = {"nulls_last": True} if self.nulls == "last" else {"nulls_first": True} if self.nulls else {}
        return field.desc(**kwargs) if self.descending else field.asc(**kwargs)

    def after(self, value) -> Q | None:
        """Rows placed strictly after `value` by this term (None: no row)."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.nulls == "first" else None
        condition = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return condition | Q(**{f"{self.name}__isnull": True}) if self.nulls == "last" else condition

    def at_or_after(self, value) -> Q | None:
        """A range on the leading term (the index can start there), or None when NULLs make it no range."""
        if value is None or self.nulls == "last":
            return None
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


def _after(terms: list[Term], values: list) -> Q:
    """Rows after the row whose ordering values are `values`: (a > x) OR (a = x AND b > y) OR …"""
    condition, equal = Q(pk__in=[]), Q()
    for term, value in zip(terms, values, strict=True):
        after = term.after(value)
        if after is not None:
            condition |= equal & after
        equal &= term.equal(value)
    leading = terms[0].at_or_after(values[0])
    return condition if leading is None else leading & condition


def _encode_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class KeysetPagination(LimitOffsetPagination):
    """Limit/offset, or with ``?cursor=`` keyset pages: ``cursor`` empty for the first page, then the opaque value
    of ``next``/``previous``. The envelope is then ``{next, previous, results}`` (no ``count``)."""

    cursor_query_param = "cursor"
    cursor_query_description = _(
        "Page by cursor instead of offset: empty for the first page, then the value in next or previous. Deep pages "
        "cost what the first does and do not shift when rows are added; the answer has no count."
    )
    # Names the key fetched for each row (an annotation added only on cursor pages).
    key_prefix = "_keyset_"

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param not in request.query_params:
            self.cursor_mode = False
            return super().paginate_queryset(queryset, request, view)
        self.cursor_mode = True
        if isinstance(queryset, list):
            return self._paginate_list(queryset, request)
        if isinstance(queryset, QuerySet) and not queryset.ordered:
            raise QuerySetNotOrdered(f"{view.__class__.__name__ if view else 'This view'} pages an unordered queryset.")
        if request.query_params.get(self.offset_query_param, "") != "":
            raise self._both()
        self.request = request
        self.limit = self.get_limit(request)
        terms = [Term.of(expression) for expression in queryset.query.order_by]
        if not any(term.name in ("pk", "id") for term in terms):
            terms.append(Term("pk", False, None))
        self.terms = terms
        backwards, values = self._decode(request.query_params[self.cursor_query_param], len(terms))
        walk = [term.reversed() for term in terms] if backwards else terms
        keys = {f"{self.key_prefix}{i}": F(term.name) for i, term in enumerate(terms)}
        rows = queryset.annotate(**keys)
        self.flat = queryset._iterable_class is FlatValuesListIterable
        if self.flat or queryset._iterable_class is ValuesListIterable:  # the keys come last in each tuple
            rows = rows.values_list(*queryset._fields, *keys)
        rows = rows.order_by(*(term.order() for term in walk))
        try:  # a value of the wrong type for its field fails while filtering or while running the query
            if values is not None:
                rows = rows.filter(_after(walk, values))
            found = list(rows[: self.limit + 1])
        except (DjangoValidationError, ValueError, TypeError, ArithmeticError):
            raise self._invalid() from None
        more = len(found) > self.limit
        found = found[: self.limit]
        if backwards:
            found.reverse()
        self.next_values = self._key(found[-1]) if found and (more or backwards) else None
        self.previous_values = self._key(found[0]) if found and values is not None and (more or not backwards) else None
        return [self._strip(row) for row in found]

    def _both(self) -> ValidationError:
        # Each is valid alone; the pair is what is refused (422, dtrack.api.exceptions.STATE_CODES).
        message = _("Give either offset or cursor, not both.")
        return ValidationError({self.offset_query_param: [ErrorDetail(message, code="conflicting_parameters")]})

    def _paginate_list(self, ids: list, request) -> list:
        """Cursor pages of a list of ids already filtered and ordered (in Python): the cursor names the id to start
        after (or before), so rows added meanwhile still neither repeat nor skip one."""
        if request.query_params.get(self.offset_query_param, "") != "":
            raise self._both()
        self.request, self.limit, self.terms = request, self.get_limit(request), [Term("pk", False, None)]
        backwards, values = self._decode(request.query_params[self.cursor_query_param], 1)
        start = 0
        if values is not None:
            try:
                start = ids.index(values[0]) + (0 if backwards else 1)
            except ValueError:
                raise self._invalid() from None
        if backwards:
            page, more = ids[max(0, start - self.limit) : start], start > self.limit
        else:
            page, more = ids[start : start + self.limit], len(ids) > start + self.limit
        self.next_values = [page[-1]] if page and (more or backwards) else None
        self.previous_values = [page[0]] if page and values is not None and (more or not backwards) else None
        return page

    def _key(self, row) -> list:
        if isinstance(row, tuple | list):
            return [_encode_value(value) for value in row[-len(self.terms) :]]
        if isinstance(row, dict):
            return [_encode_value(row[f"{self.key_prefix}{i}"]) for i in range(len(self.terms))]
        return [_encode_value(getattr(row, f"{self.key_prefix}{i}")) for i in range(len(self.terms))]

    def _strip(self, row):
        """The row as the list would give it without the keys (values querysets get them appended)."""
        if isinstance(row, tuple):
            rest = row[: -len(self.terms)]
            return rest[0] if self.flat else rest
        if isinstance(row, dict):
            return {k: v for k, v in row.items() if not k.startswith(self.key_prefix)}
        return row

    def _decode(self, raw: str, size: int) -> tuple[bool, list | None]:
        if raw == "":
            return False, None
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
            backwards, values = payload["r"], payload["k"]
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise self._invalid() from None
        if not isinstance(backwards, bool) or not isinstance(values, list) or len(values) != size:
            raise self._invalid()  # made for another ordering, or not made here
        return backwards, values

    def _encode(self, backwards: bool, values: list) -> str:
        raw = json.dumps({"r": backwards, "k": values}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _invalid(self) -> ValidationError:
        # Any text is a cursor to the schema; one this list did not issue names nothing (422).
        message = _("This cursor is not valid for this list: start again with an empty cursor.")
        return ValidationError({self.cursor_query_param: [ErrorDetail(message, code="unknown_cursor")]})

    def _link(self, backwards: bool, values) -> str | None:
        if values is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        return replace_query_param(url, self.cursor_query_param, self._encode(backwards, values))

    def get_next_link(self):
        if not self.cursor_mode:
            return super().get_next_link()
        return self._link(False, self.next_values)

    def get_previous_link(self):
        if not self.cursor_mode:
            return super().get_previous_link()
        return self._link(True, self.previous_values)

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = [name for name in envelope["required"] if name != "count"]
        envelope["properties"]["count"]["description"] = "Rows in the whole list; absent on cursor pages."
        return envelope

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": str(self.cursor_query_description),
            "schema": {"type": "string"},
        }
        return [*super().get_schema_operation_parameters(view), cursor]
