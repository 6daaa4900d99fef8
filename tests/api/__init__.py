from http import HTTPStatus

from django.utils import translation

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status: int, *, type_uri: str = "about:blank") -> dict:
    """Assert an RFC 9457 problem+json response (dtrack.api.exceptions) and return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = response.json()
    assert PROBLEM_KEYS <= body.keys() <= PROBLEM_KEYS | {"errors"}, body
    assert body["status"] == status
    assert body["type"] == type_uri
    if type_uri in ("about:blank", "/problems/validation"):
        # The reason phrase, in the language the answer says it speaks.
        with translation.override(response["Content-Language"]):
            assert body["title"] == translation.gettext(HTTPStatus(status).phrase), body["title"]
    assert body["instance"] == response.wsgi_request.path
    assert isinstance(body["detail"], str)
    assert body["detail"]
    for error in body.get("errors", []):
        assert error.keys() == {"pointer", "code", "detail"}, error
        assert error["pointer"].startswith("#/")
    return body


def etag_headers(client, path: str) -> dict:
    """`{"HTTP_IF_MATCH": <ETag of path>}` as a GET shows it now (deleted reports included); {} when it has none."""
    # Only the report and measurement details take include_deleted (an unknown parameter is a 400).
    deletable = path.startswith(("/api/v1/progress-reports/", "/api/v1/measurements/"))
    response = client.get(path, {"include_deleted": "true"} if deletable else {})
    return {"HTTP_IF_MATCH": response["ETag"]} if response.has_header("ETag") else {}
