"""Query parameters are used or refused, never ignored (dtrack/api/query.py), as openapi.yaml declares them.

Operation by operation from the committed schema: an unknown name is a 400 naming it; each declared parameter
given twice is a 400 unless the schema declares an array; an empty value is a 400 (but for free text). Then the
multi-valued filters and both spellings of several sort keys, and If-None-Match → 304 on details and lists.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from dtrack.api.query import EMPTY_ALLOWED
from tests.api import assert_problem
from tests.factories import make_indicator, make_plan, make_province, make_target

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "openapi.yaml").read_text(encoding="utf-8"))
PATH_VALUES = {"id": "999999", "key": "2025-99"}


def get_operations():
    for template, operations in SCHEMA["paths"].items():
        if "get" in operations:
            url = template
            for name, value in PATH_VALUES.items():
                url = url.replace("{" + name + "}", value)
            query = [p for p in operations["get"].get("parameters", []) if p["in"] == "query"]
            yield pytest.param(url, query, id=operations["get"]["operationId"])


def example_value(schema: dict) -> str:
    schema = schema.get("items", schema)
    if "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "enum" in schema:
        return str(schema["enum"][0])
    return {"integer": "1", "boolean": "true"}.get(schema.get("type"), schema.get("example", "2025-01-01"))


def error_codes(response) -> dict:
    return {error["pointer"]: error["code"] for error in response.json().get("errors", [])}


# Read only by those who manage them (webhooks/api/views.py): asked with the staff token.
PRIVATE_READS = ("/api/v1/webhook-",)


def reader(client, url):
    if url.startswith(PRIVATE_READS):
        return lambda path, data: client.get(path, data, HTTP_AUTHORIZATION=f"Bearer {client.token}")
    return client.get


@pytest.mark.parametrize(("url", "query"), get_operations())
def test_unknown_parameters_are_400_naming_them(client, url, query):
    response = reader(client, url)(url, {"deadline__gte": "2025-01-01", "fields": "id"})
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert error_codes_of(body) == {"#/deadline__gte": "unknown_parameter", "#/fields": "unknown_parameter"}
    assert body["detail"] == "2 trường không hợp lệ."  # Vietnamese unless Accept-Language asks otherwise


def error_codes_of(body) -> dict:
    return {error["pointer"]: error["code"] for error in body.get("errors", [])}


@pytest.mark.parametrize(("url", "query"), get_operations())
def test_repeats_and_empty_values_follow_the_schema(client, url, query):
    get = reader(client, url)
    for parameter in query:
        name, schema = parameter["name"], parameter["schema"]
        value = example_value(schema)
        codes = error_codes(get(url, {name: [value, value]}))
        if schema.get("type") == "array":
            assert parameter.get("explode", True), f"{name}: repeats are how an array is sent"
            assert codes.get(f"#/{name}") != "repeated_parameter", name
        else:
            assert codes.get(f"#/{name}") == "repeated_parameter", name
        codes = error_codes(get(url, {name: ""}))
        if name in EMPTY_ALLOWED:  # `q` (no filter) and `cursor` (the first page), as the schema describes them
            assert f"#/{name}" not in codes
        else:
            assert codes.get(f"#/{name}") == "blank", name


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/targets/", "as_of"),
        ("/api/v1/targets/", "province"),
        ("/api/v1/provinces/", "on"),
        ("/api/v1/provinces/2025-44/", "on"),
        ("/api/v1/targets/", "plan"),
    ],
)
def test_empty_values_are_400(client, url, name):
    make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    body = assert_problem(client.get(url, {name: ""}), 400, type_uri="/problems/validation")
    assert body["errors"] == [
        {
            "pointer": f"#/{name}",
            "code": "blank",
            "detail": "Tham số này không được để trống; bỏ hẳn tham số để dùng giá trị mặc định.",
        }
    ]


@pytest.fixture
def targets():
    quang_tri = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    hue = make_province(code="46", era="2025", name="Thành phố Huế")
    indicator = make_indicator(code="a", pillar="kinh_te_so")
    rows = []
    for province, level, value in [(quang_tri, "provincial", 90), (quang_tri, "district", 80), (hue, "commune", 70)]:
        plan = make_plan(province=province, number=f"{province.code}/{level}")
        rows.append(make_target(plan=plan, indicator=indicator, level=level, value=value))
    return rows


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_multi_valued_filters_take_repeats(client, targets):
    first, second, third = (t.pk for t in targets)
    url = "/api/v1/targets/"
    assert sorted(ids(client.get(url, {"level": ["provincial", "commune"]}))) == [first, third]
    assert sorted(ids(client.get(url, {"province": ["2025-44", "2025-46"]}))) == [first, second, third]
    assert sorted(ids(client.get(url, {"province": ["2025-46", "2025-99"]}))) == [third]
    assert ids(client.get(url, {"province": "2025-99"})) == [], "a well-formed key naming no province finds nothing"
    assert_problem(client.get(url, {"province": "quang-tri"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(url, {"level": ["provincial", "nowhere"]}), 400, type_uri="/problems/validation")
    assert_problem(client.get(url, {"plan": [1, 2]}), 400, type_uri="/problems/validation")


def test_several_sort_keys_repeated_or_comma_separated(client, targets):
    url = "/api/v1/targets/"
    by_level_then_value = ids(client.get(url, {"ordering": ["-value", "id"]}))
    assert by_level_then_value == [t.pk for t in sorted(targets, key=lambda t: -t.value)]
    assert ids(client.get(url, {"ordering": "-value,id"})) == by_level_then_value
    assert ids(client.get(url, {"ordering": ["-value,id"]})) == by_level_then_value
    assert ids(client.get(url, {"ordering": ["id", "-value"]})) == sorted(t.pk for t in targets)
    assert_problem(client.get(url, {"ordering": ["-value", "nonsense"]}), 400, type_uri="/problems/validation")
    # One key twice, whichever direction: which one was meant cannot be told.
    for twice in (["value", "-value"], ["-value,id,value"], ["id", "id"]):
        body = assert_problem(client.get(url, {"ordering": twice}, HTTP_ACCEPT_LANGUAGE="en"), 422,
                              type_uri="/problems/conflicting-parameters")  # fmt: skip
        assert "given twice" in body["errors"][0]["detail"] and body["errors"][0]["pointer"] == "#/ordering"


@pytest.mark.parametrize("kind", ["detail", "list", "scorecard"])
def test_if_none_match_gives_304_until_the_answer_changes(client, targets, kind):
    target = targets[0]
    url = {
        "detail": f"/api/v1/targets/{target.pk}/",
        "list": "/api/v1/targets/?ordering=-value",
        "scorecard": f"/api/v1/plans/{target.plan_id}/scorecard/",
    }[kind]
    first = client.get(url)
    etag = first["ETag"]
    assert etag
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # A change the answer shows: a new tag, a full answer for the old one.
    changed = client.patch(f"/api/v1/targets/{target.pk}/", {"value": "95"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag


def test_an_unsupported_method_is_405_whatever_the_query_string(client):
    response = client.generic("TRACE", "/api/v1/targets/?limit=5&nonsense=1")
    assert response.status_code == 405
    assert client.put("/api/v1/provinces/?limit=5").status_code == 405
