"""The orjson renderer writes the same bytes as DRF's JSONRenderer, only faster."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from dtrack.api.renderers import JSONRenderer

SAMPLES = [
    {"as_of": "2026-11-22", "count": 2, "next": None, "results": [{"gap": "1.5000", "ok": True, "n": -3}]},
    {"title": "Tỷ lệ hồ sơ trực tuyến “toàn trình”", "line": "a\u2028b\u2029c", "emoji": "✓"},
    {"detail": gettext_lazy("Not found."), "when": datetime.datetime(2026, 11, 22, 3, 4, 5, tzinfo=datetime.UTC)},
    {"day": datetime.date(2026, 1, 2), "amount": Decimal("71.40"), "id": uuid.UUID(int=7), "nested": [[], {}]},
    ReturnDict({"a": ReturnList([1, 2], serializer=None)}, serializer=None),
    [1, "x", None, 2**62],
]


@pytest.mark.parametrize("data", SAMPLES)
def test_same_bytes_as_drf(data):
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_indented_output_is_left_to_drf():
    media = "application/json; indent=2"
    assert JSONRenderer().render({"a": [1]}, media) == DRFJSONRenderer().render({"a": [1]}, media)
    assert b"\n" in JSONRenderer().render({"a": [1]}, media)


def test_api_answers_through_it(client, db):
    response = client.get("/api/v1/indicators/")
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert type(response.renderer_context["response"].accepted_renderer) is JSONRenderer
