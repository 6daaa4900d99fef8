"""Every error the API gives is an RFC 9457 problem (dtrack/api/exceptions.py, dtrack/api/views.py)."""

import logging

import pytest
from django.contrib.auth.models import Group
from rest_framework.exceptions import ErrorDetail

from dtrack.api.exceptions import flatten_errors, json_pointer
from tests.api import assert_problem

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_for_errors")]

REPORTS = "/api/_test/reports/"


def test_invalid_query_parameter_is_400_naming_it(client):
    body = assert_problem(client.get("/api/_test/groups/?limit=abc"), 400, type_uri="/problems/validation")
    assert body["errors"] == [{"pointer": "#/limit", "code": "invalid", "detail": body["errors"][0]["detail"]}]
    assert body["detail"].startswith("limit: ")


def test_malformed_json_is_400(client):
    """A body that is not JSON is a parse error, not a validation error: no `errors`."""
    body = assert_problem(client.post(REPORTS, data='{"title": ', content_type="application/json"), 400)
    assert "errors" not in body
    assert "JSON" in body["detail"]


def test_validation_errors_point_into_nested_bodies(client):
    data = {"title": "x" * 30, "measurements": [{"value": "1.5"}, {"value": "abc"}, {}]}
    body = assert_problem(
        client.post(REPORTS, data=data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"),
        400,
        type_uri="/problems/validation",
    )
    assert [(error["pointer"], error["code"]) for error in body["errors"]] == [
        ("#/title", "max_length"),
        ("#/measurements/1/value", "invalid"),
        ("#/measurements/2/value", "required"),
    ]
    assert body["detail"] == "3 fields failed validation."


def test_non_field_errors_point_at_the_root(client):
    data = {"title": "reserved", "measurements": []}
    body = assert_problem(
        client.post(REPORTS, data=data, content_type="application/json"), 400, type_uri="/problems/validation"
    )
    assert body["errors"] == [{"pointer": "#/", "code": "reserved", "detail": "This title is reserved."}]
    assert body["detail"] == "This title is reserved."


def test_a_well_formed_request_refused_only_for_a_duplicate_is_a_409(client):
    data = {"title": "duplicate", "measurements": []}
    body = assert_problem(
        client.post(REPORTS, data=data, content_type="application/json"), 409, type_uri="/problems/duplicate"
    )
    assert body["title"] == "Xung đột"  # "Conflict", in the default language
    assert body["errors"] == [{"pointer": "#/", "code": "unique", "detail": "A report with this title exists."}]


def test_django_validation_error_becomes_a_validation_problem(client):
    body = assert_problem(client.get("/api/_test/raise/django-validation/"), 422, type_uri="/problems/rule")
    assert [error["pointer"] for error in body["errors"]] == ["#/deadline"]


def test_unknown_api_url_is_404(client):
    body = assert_problem(client.get("/api/v1/nope/"), 404)
    assert "nope" not in body["detail"]  # no resolver internals (patterns tried)


def test_unknown_api_url_is_404_even_in_debug(client, settings):
    """The catch-all answers before DEBUG's HTML technical 404 page can."""
    settings.DEBUG = True
    assert_problem(client.get("/api/v1/nope/"), 404)


def test_django_handler404_speaks_problem_json_under_api(client, settings):
    settings.APPEND_SLASH = False
    assert_problem(client.get("/api/v1/nope"), 404)


def test_unknown_url_outside_api_keeps_django_html_404(client):
    response = client.get("/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_missing_object_is_404(client):
    assert_problem(client.get("/api/_test/groups/999999/"), 404)


def test_existing_object_is_200(client):
    group = Group.objects.create(name="clerks")
    response = client.get(f"/api/_test/groups/{group.pk}/")
    assert response.status_code == 200
    assert response.json() == {"id": group.pk, "name": "clerks"}


def test_method_not_allowed_is_405_with_allow_header(client):
    response = client.post("/api/_test/groups/", data={}, content_type="application/json")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_unsupported_media_type_is_415(client):
    assert_problem(client.post(REPORTS, data="<report/>", content_type="application/xml"), 415)


def test_not_acceptable_is_406_in_json(client):
    assert_problem(client.get("/api/_test/groups/", HTTP_ACCEPT="application/xml"), 406)


def test_unauthenticated_is_401_with_www_authenticate(client):
    response = client.get("/api/_test/private/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


def test_django_permission_denied_is_403(client):
    assert_problem(client.get("/api/_test/raise/django-permission/"), 403)


def test_throttled_keeps_retry_after(client):
    response = client.get("/api/_test/raise/throttled/")
    assert_problem(response, 429)
    assert response["Retry-After"] == "30"


def test_domain_error_has_its_own_type_and_title(client):
    body = assert_problem(client.get("/api/_test/raise/domain/"), 422, type_uri="/problems/target-deadline-passed")
    assert body["title"] == "Target deadline has passed"
    assert body["errors"] == [{"pointer": "#/deadline", "code": "invalid", "detail": "2025-12-31 is past."}]


def test_unhandled_exception_is_500_without_internals_and_logged(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/_test/raise/boom/")
    body = assert_problem(response, 500)
    assert "hunter2" not in response.content.decode()
    assert "errors" not in body
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info[0] is RuntimeError


def test_unhandled_exception_outside_api_keeps_django_html_500(client):
    client.raise_request_exception = False
    response = client.get("/_test/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_browsable_api_renders_problems_as_html(client):
    """A browser asking for text/html gets the browsable page, showing the same problem body."""
    response = client.get("/api/_test/groups/999999/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "about:blank" in response.content.decode()


def test_browsable_api_renders_validation_problems(client):
    response = client.get("/api/_test/groups/?limit=-1", HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    assert "#/limit" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ((), "#/"),
        (("title",), "#/title"),
        (("measurements", "0", "value"), "#/measurements/0/value"),
        (("a/b", "m~n"), "#/a~1b/m~0n"),
        (("tên đơn vị",), "#/t%C3%AAn%20%C4%91%C6%A1n%20v%E1%BB%8B"),
    ],
)
def test_json_pointer_escapes_per_rfc_6901(path, pointer):
    assert json_pointer(path) == pointer


def test_flatten_errors_walks_nested_dicts_and_lists():
    detail = {
        "non_field_errors": [ErrorDetail("Bad pair.", code="pair")],
        "address": {"non_field_errors": [ErrorDetail("Unknown.", code="unknown")]},
        "tags": {1: [ErrorDetail("Too long.", code="max_length")]},
        "rows": [{}, {"cells": [[], [ErrorDetail("Empty.", code="blank")]]}],
    }
    assert [(error["pointer"], error["code"]) for error in flatten_errors(detail)] == [
        ("#/", "pair"),
        ("#/address", "unknown"),
        ("#/tags/1", "max_length"),
        ("#/rows/1/cells/1", "blank"),
    ]


def test_disallowed_host_under_api_is_400(client):
    """Django rejects an unknown Host before any view runs (handler400)."""
    assert_problem(client.get("/api/v1/nope/", HTTP_HOST="evil.example"), 400)


def test_permission_denied_outside_drf_is_403(client):
    assert_problem(client.get("/api/_test/plain-denied/"), 403)
    response = client.get("/_test/denied/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
