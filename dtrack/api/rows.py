"""Long lists of flat rows rendered without DRF's per-row machinery.

A `Serializer(many=True)` renders each row by walking its fields through `get_attribute` (a try/except and a
source lookup per field), a generator and a dict per row; for a target's series of 1,400 figures that is most of
the request. `PlainRows` renders the same fields with the same `to_representation` of each field and DRF's own
lookup of a source (attributes or keys), the fields listed once for the list: the same output for rows of plain
fields, where a missing link in a dotted source (`province.key` of a national figure) gives null, as DRF gives it
for a field that allows null. A list with another kind of field (a related field, a field with a default) is
rendered by DRF itself.
"""

from django.db.models.manager import BaseManager
from rest_framework import serializers
from rest_framework.fields import Field, empty, get_attribute

__all__ = ["PlainRows"]


class PlainRows(serializers.ListSerializer):
    """`Meta.list_serializer_class` of a serializer of flat, read-only rows."""

    def to_representation(self, data):
        readable = list(self.child._readable_fields)
        if not all(_plain(field) for field in readable):
            return super().to_representation(data)  # a field DRF looks up its own way: DRF renders the list
        fields = [(field.field_name, field.source_attrs, field.to_representation) for field in readable]
        rows = []
        for row in data.all() if isinstance(data, BaseManager) else data:
            item = {}
            for name, attrs, render in fields:
                value = row
                for attr in attrs:  # DRF's lookup (an attribute or a key) a link at a time: None stops it
                    value = get_attribute(value, (attr,))
                    if value is None:
                        break
                item[name] = None if value is None else render(value)
            rows.append(item)
        return rows


def _plain(field) -> bool:
    """A field DRF reads with the plain lookup and no default: related fields (their pk-only shortcut) and fields
    with a default (used for a missing value) are not."""
    return type(field).get_attribute is Field.get_attribute and field.default is empty
