"""`GET …/{id}/history/`: the django-simple-history record of one object, newest first, as changes.

Each entry: `id` (of the history row), `date`, `type` (`+` created, `~` changed, `-` deleted), `user` (user name;
null for changes made outside a signed-in request, e.g. fixtures loaded by a command) and `changes`: for `+` every
field with `old` null, for `~` the fields that differ from the entry before, for `-` none. Province references
are shown by key, users by name, other references by id; decimals as strings, dates ISO, as elsewhere in the API.
Who made a change is for signed-in readers only: when public reads are on, an anonymous reader gets `user` null
and no field that names a user (a report's `entered_by`).
The earliest recorded entry of an object whose creation was not recorded (rows loaded from fixtures) is
compared with nothing, so it lists every field with `old` null, like a `+`.

Constant queries whatever the page size: the count, the page plus one older row (to diff the last entry of the
page), and at most one query each for the province keys and the user names referred to.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from dtrack.api.pagination import LimitOffsetPagination

__all__ = ["HistoryEntrySerializer", "HistoryPagination", "history_page"]

HISTORY_TYPES = [("+", "created"), ("~", "changed"), ("-", "deleted")]
JSON_VALUE = {
    "nullable": True,
    "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
    "description": "The stored value: a string (text, decimal, date, key), a number (an id) or a boolean.",
}


@extend_schema_field(JSON_VALUE)
class ValueField(serializers.Field):
    def to_representation(self, value):
        return value


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = ValueField(allow_null=True)
    new = ValueField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id of the history entry.")
    date = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=HISTORY_TYPES, help_text="+ created, ~ changed, - deleted.")
    user = serializers.CharField(allow_null=True, help_text="Who made the change; null when unknown.")
    changes = HistoryChangeSerializer(many=True)


class HistoryPagination(LimitOffsetPagination):
    """The project's limit/offset envelope; the page is read with one row more, the entry before the last."""

    def paginate_history(self, queryset, request):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        self.count = self.get_count(queryset)
        if self.count == 0 or self.offset >= self.count:
            return [], None
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        return rows[: self.limit], (rows[self.limit] if len(rows) > self.limit else None)


def _fields(history_model) -> list[models.Field]:
    return [field for field in history_model.tracked_fields if field.name != "id"]


def _plain(field, value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return format(value.quantize(Decimal(1).scaleb(-places)) if places is not None else value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def history_page(view, model, pk):
    """The paginated response with the history of `model` row `pk`; 404 when that row never existed."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    history_model = model.history.model
    rows = history_model.objects.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id")
    paginator = HistoryPagination()
    page, older = paginator.paginate_history(rows, view.request)
    if paginator.count == 0 and not model._default_manager.filter(pk=pk).exists():
        raise NotFound()
    fields = _fields(history_model)
    signed_in = view.request.user.is_authenticated
    if not signed_in:
        fields = [f for f in fields if not (f.is_relation and f.related_model is get_user_model())]
    references = _references(fields, [*page, *([older] if older is not None else [])])
    entries = []
    for index, row in enumerate(page):
        before = page[index + 1] if index + 1 < len(page) else older
        entries.append(
            {
                "id": row.history_id,
                "date": row.history_date,
                "type": row.history_type,
                "user": row.history_user.get_username() if row.history_user is not None and signed_in else None,
                "changes": _changes(fields, row, before, references),
            }
        )
    return paginator.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)


def _value(field, row, references):
    raw = getattr(row, field.attname)
    if raw is not None and field.is_relation:
        return references.get((field.related_model, raw), raw)
    return _plain(field, raw)


def _changes(fields, row, before, references) -> list[dict]:
    if row.history_type == "-":
        return []
    changes = []
    for field in fields:
        new = _value(field, row, references)
        if row.history_type == "+" or before is None:
            if new not in (None, ""):
                changes.append({"field": field.name, "old": None, "new": new})
            continue
        old = _value(field, before, references)
        if old != new:
            changes.append({"field": field.name, "old": old, "new": new})
    return changes


def _references(fields, rows) -> dict:
    """{(model, id): shown value} for province keys and user names; one query per kind, none if unused."""
    from provinces.models import Province

    User = get_user_model()
    wanted = {Province: set(), User: set()}
    for field in fields:
        if field.is_relation and field.related_model in wanted:
            wanted[field.related_model] |= {getattr(row, field.attname) for row in rows} - {None}
    shown = {}
    if wanted[Province]:
        for pk, key in Province.objects.filter(pk__in=wanted[Province]).values_list("pk", "key"):
            shown[(Province, pk)] = key
    if wanted[User]:
        for user in User._default_manager.filter(pk__in=wanted[User]):
            shown[(User, user.pk)] = user.get_username()
    return shown
