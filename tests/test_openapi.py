"""The committed openapi.yaml is current, valid, and states the contracts clients rely on.

After changing an endpoint, run `make schema` and commit openapi.yaml.
"""

import difflib
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
OUT = COMMITTED.with_name("openapi.out.yaml")  # git-ignored
# Same options as `make schema`; the language matters because DRF's own descriptions are translated.
SPECTACULAR_ARGS = ["--validate", "--fail-on-warn", "--lang", settings.LANGUAGE_CODE]
PROBLEM_REF = "#/components/schemas/Problem"
HTTP_METHODS = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}


def generate(urlconf: str | None = None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


# The real API, and a test URLconf that guarantees a list, a detail and a create operation exist.
@pytest.fixture(scope="module", params=[None, "tests.api.urls_for_errors"], ids=["dtrack", "test-views"])
def schema(request) -> dict:
    return yaml.safe_load(generate(request.param))


def test_committed_schema_is_current():
    generated = generate()
    committed = COMMITTED.read_bytes() if COMMITTED.exists() else b""
    if generated == committed:
        OUT.unlink(missing_ok=True)
        return
    OUT.write_bytes(generated)
    diff = difflib.unified_diff(
        committed.decode().splitlines(keepends=True),
        generated.decode().splitlines(keepends=True),
        fromfile="openapi.yaml (committed)",
        tofile="openapi.out.yaml (generated)",
    )
    pytest.fail(f"openapi.yaml is out of date: run `make schema` and commit it.\n\n{''.join(diff)}", pytrace=False)


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", *SPECTACULAR_ARGS, "--file", str(tmp_path / "openapi.yaml"))


def test_test_views_cover_list_detail_and_create():
    schema = yaml.safe_load(generate("tests.api.urls_for_errors"))
    assert {"/api/_test/groups/", "/api/_test/groups/{id}/", "/api/_test/reports/"} <= schema["paths"].keys()


def test_errors_are_problem_json(schema):
    """Every operation declares 500; every 4xx/5xx it declares is application/problem+json with Problem."""
    for name, operation in operations(schema):
        responses = operation["responses"]
        assert "500" in responses, name
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "400" in responses, name
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert "404" in responses, name
        for status, response in responses.items():
            if status[0] in "45":
                # Only problem+json, with the Problem schema (and an example: tests/test_openapi_examples.py).
                assert list(response["content"]) == ["application/problem+json"], (name, status)
                assert response["content"]["application/problem+json"]["schema"] == {"$ref": PROBLEM_REF}, (
                    name,
                    status,
                )


def test_problem_component_has_the_rfc_9457_members(schema):
    if not any(True for _ in operations(schema)):
        pytest.skip("no operations yet")
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance"}
    assert problem["properties"].keys() == {"type", "title", "status", "detail", "instance", "errors"}
    error = schema["components"]["schemas"]["ProblemError"]
    assert set(error["required"]) == {"pointer", "code", "detail"}


def test_list_responses_use_the_pagination_envelope(schema):
    components = schema["components"].get("schemas", {})
    for name, operation in operations(schema):
        ok = operation["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        ref = ok.get("$ref", "")
        if not operation["operationId"].endswith("_list"):
            continue
        assert ref.startswith("#/components/schemas/Paginated"), (name, ok)
        envelope = components[ref.rsplit("/", 1)[1]]
        # Assessed lists also echo the assessment date they used.
        assert envelope["properties"].keys() - {"as_of"} == {"count", "next", "previous", "results"}, name
        assert envelope["properties"]["results"]["type"] == "array", name
        parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, name
        assert parameters["offset"] == {"type": "integer", "minimum": 0, "maximum": 2**63 - 1, "default": 0}, name
