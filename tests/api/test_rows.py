"""`PlainRows` (dtrack/api/rows.py) renders a list exactly as DRF's ListSerializer renders it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rest_framework import serializers

from dtrack.api.rows import PlainRows


@dataclass
class Unit:
    key: str
    name: str


@dataclass
class Row:
    id: int
    on: date
    value: Decimal
    unit: Unit | None
    units: tuple


class UnitSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField(source="on")
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    unit = serializers.CharField(source="unit.key", allow_null=True)
    units = UnitSerializer(many=True)


class PlainRowSerializer(RowSerializer):
    class Meta:
        list_serializer_class = PlainRows


def test_the_same_list_as_drf_renders():
    units = (Unit("2008-51", "Quảng Ngãi"), Unit("2008-62", "Kon Tum"))
    rows = [
        Row(1, date(2025, 3, 31), Decimal("65.5"), units[0], units),
        Row(2, date(2025, 6, 30), Decimal("7"), None, ()),  # a missing link: null
    ]
    dict_rows = [{**row.__dict__, "unit": {"key": "k"} if row.unit else None} for row in rows]  # keys, not attributes
    for data in (rows, dict_rows):
        plain = PlainRowSerializer(data, many=True)
        assert isinstance(plain, PlainRows)
        assert plain.data == RowSerializer(data, many=True).data
    assert PlainRowSerializer(rows, many=True).data[1] == {
        "id": 2,
        "as_of": "2025-06-30",
        "value": "7.0000",
        "unit": None,
        "units": [],
    }


class DefaultingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    note = serializers.CharField(default="—")  # DRF uses the default for a row without one

    class Meta:
        list_serializer_class = PlainRows


def test_a_list_with_a_field_drf_reads_its_own_way_is_rendered_by_drf():
    rows = [{"id": 1}, {"id": 2, "note": "x"}]
    assert DefaultingSerializer(rows, many=True).data == [{"id": 1, "note": "—"}, {"id": 2, "note": "x"}]
