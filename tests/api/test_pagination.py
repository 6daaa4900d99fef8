"""Limit/offset pagination: the envelope, strict parameters, and the unordered-queryset guard."""

import pytest
from django.contrib.auth.models import Group

from dtrack.api.pagination import LimitOffsetPagination, QuerySetNotOrdered
from tests.api import assert_problem

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_for_errors")]

GROUPS = "/api/_test/groups/"


@pytest.fixture
def groups():
    return Group.objects.bulk_create(Group(name=f"g{index:03}") for index in range(60))


def test_default_page_is_50_in_the_envelope(client, groups):
    body = client.get(GROUPS).json()
    assert body.keys() == {"count", "next", "previous", "results"}
    assert body["count"] == 60
    assert len(body["results"]) == 50
    assert body["next"] == "http://testserver/api/_test/groups/?limit=50&offset=50"
    assert body["previous"] is None


def test_limit_and_offset_select_a_page(client, groups):
    body = client.get(GROUPS, {"limit": 2, "offset": 4}).json()
    assert [group["name"] for group in body["results"]] == ["g004", "g005"]
    assert body["previous"] == "http://testserver/api/_test/groups/?limit=2&offset=2"


def test_limit_at_the_maximum_is_accepted(client, groups):
    assert len(client.get(GROUPS, {"limit": 500}).json()["results"]) == 60


def test_empty_parameters_mean_the_defaults(client, groups):
    body = client.get(GROUPS, {"limit": "", "offset": ""}).json()
    assert len(body["results"]) == 50


def test_offset_past_the_end_is_an_empty_page(client, groups):
    body = client.get(GROUPS, {"offset": 1000}).json()
    assert body["count"] == 60
    assert body["results"] == []


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("limit", "abc", "invalid"),
        ("limit", "1.5", "invalid"),
        ("limit", "-1", "min_value"),
        ("limit", "0", "min_value"),
        ("limit", "501", "max_value"),
        ("offset", "-1", "min_value"),
        ("offset", "x", "invalid"),
    ],
)
def test_invalid_parameter_is_a_400_naming_it(client, name, value, code):
    """DRF would silently fall back to the default or clamp; a different page than asked for is a bug."""
    body = assert_problem(client.get(GROUPS, {name: value}), 400, type_uri="/problems/validation")
    assert [(error["pointer"], error["code"]) for error in body["errors"]] == [(f"#/{name}", code)]
    assert body["detail"].startswith(f"{name}: ")


def test_limit_above_maximum_names_the_maximum(client):
    body = assert_problem(client.get(GROUPS, {"limit": 501}), 400, type_uri="/problems/validation")
    assert "500" in body["detail"]


def test_unordered_queryset_is_refused():
    with pytest.raises(QuerySetNotOrdered, match="Group"):
        LimitOffsetPagination().paginate_queryset(Group.objects.order_by(), request=None)


def test_unordered_view_fails_loudly(client):
    with pytest.raises(QuerySetNotOrdered, match="UnorderedGroupList"):
        client.get("/api/_test/unordered-groups/")


def test_schema_parameters_declare_the_bounds():
    limit, offset = LimitOffsetPagination().get_schema_operation_parameters(view=None)
    assert (limit["name"], limit["in"], limit["schema"]) == (
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    )
    assert (offset["name"], offset["in"], offset["schema"]) == (
        "offset",
        "query",
        {"type": "integer", "minimum": 0, "default": 0},
    )
