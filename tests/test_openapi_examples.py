"""Every operation of the OpenAPI document has a summary and examples, and every example fits its schema.

The examples are written once per schema component (dtrack/api/examples.py) and set as the component's `example`.
An operation "has an example" when each media type of its request body and of its 2xx answers has one: its own
`example`/`examples`, the `example` of the component its schema names, or, for a page of a list, the example of
the component its `results` hold (the envelope's `count`, `next` and `previous` carry theirs). Two kinds of answer
have none, by design: a binary file (the XLSX reports, the CSV and XLSX exports), which its response description
says instead, and a 204 without a body, whose operation then shows the example of its problem answers.

The validation turns the document's OpenAPI 3.0 schemas into JSON Schema 2020-12 (`nullable` becomes a `null`
type) and checks each example with jsonschema, formats included, with `$ref` resolved within the document.
"""

import copy

import jsonschema
import pytest
import yaml

from dtrack.api import examples
from dtrack.api.exports import XLSX_MEDIA_TYPE
from tests.test_openapi import generate, operations


@pytest.fixture(scope="module")
def document() -> dict:
    return yaml.safe_load(generate())


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        kind, name = schema["$ref"].removeprefix("#/components/").split("/")
        schema = document["components"][kind][name]
    return schema


def is_binary(schema: dict) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "binary"


def has_example(document: dict, media: dict) -> bool:
    if "example" in media or "examples" in media:
        return True
    schema = resolve(document, media.get("schema", {}))
    if "example" in schema:
        return True
    results = schema.get("properties", {}).get("results", {})  # a page of a list: its items show one row
    return results.get("type") == "array" and "example" in resolve(document, results["items"])


def missing_examples(document: dict) -> list[str]:
    missing = []
    for name, operation in operations(document):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if not has_example(document, media):
                missing.append(f"{name}: request body {media_type}")
        answers = {status: r for status, r in operation["responses"].items() if status.startswith("2")}
        for status, response in answers.items():
            for media_type, media in response.get("content", {}).items():
                if is_binary(media.get("schema", {})):
                    # A file alone (not an export beside the JSON list) must say what it is.
                    only_files = all(is_binary(m.get("schema", {})) for m in response["content"].values())
                    if only_files and not response.get("description", "").strip():
                        missing.append(f"{name}: {status} {media_type} is a file without a description")
                elif not has_example(document, media):
                    missing.append(f"{name}: {status} {media_type}")
        if answers and not any(response.get("content") for response in answers.values()):
            # No body to show (204): the operation's problem answers show theirs.
            problems = [r for status, r in operation["responses"].items() if status[0] in "45"]
            if not problems or not all(
                has_example(document, media) for r in problems for media in r.get("content", {}).values()
            ):
                missing.append(f"{name}: no body, and its problem answers have no example")
    return missing


# -- OpenAPI 3.0 schema → JSON Schema 2020-12


def to_json_schema(node):
    """`nullable: true` becomes a `null` type (and a None in an enum); what has no type of its own (`allOf` of an
    enum, `oneOf`, `$ref`) becomes `anyOf: [null, itself]`."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node and None not in node["enum"]:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [{"type": "null"}, node]}
    return node


@pytest.fixture(scope="module")
def components(document) -> dict:
    return to_json_schema(document["components"])


def errors(components: dict, schema: dict, instance) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        {"allOf": [to_json_schema(schema)], "components": components},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(instance)]


def schema_examples(schema: dict, where: str):
    """(where, schema, example) of `schema` and of every schema inside it that carries an `example`."""
    if "example" in schema:
        yield where, {key: value for key, value in schema.items() if key != "example"}, schema["example"]
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            yield from schema_examples(schema[key], f"{where}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, inner in enumerate(schema.get(key, [])):
            yield from schema_examples(inner, f"{where}/{key}/{index}")
    for name, inner in schema.get("properties", {}).items():
        yield from schema_examples(inner, f"{where}/properties/{name}")


def media_examples(document: dict):
    """(where, schema, example) of the examples given on a media type of an operation."""
    for name, operation in operations(document):
        contents = [operation.get("requestBody", {}).get("content", {})]
        contents += [response.get("content", {}) for response in operation["responses"].values()]
        for content in contents:
            for media_type, media in content.items():
                values = [media["example"]] if "example" in media else []
                values += [resolve(document, e)["value"] for e in media.get("examples", {}).values()]
                for value in values:
                    yield f"{name} {media_type}", media.get("schema", {}), value


# -- The tests


def test_every_operation_has_a_summary(document):
    assert [name for name, operation in operations(document) if not operation.get("summary", "").strip()] == []


def test_default_summaries_spell_model_names_as_words(document):
    summaries = {name: operation["summary"] for name, operation in operations(document)}
    assert summaries["GET /api/v1/reporting-regimes/"] == "List reporting regimes"
    assert summaries["GET /api/v1/reporting-regimes/{id}/"] == "Read one reporting regime"
    assert summaries["GET /api/v1/reminders/{id}/"] == "Read one reminder"


def test_every_operation_has_examples_of_its_body_and_answers(document):
    assert missing_examples(document) == []


def test_an_operation_without_an_example_is_reported(document):
    """The check above finds what is missing: an answer, a body, a 204 whose problems show nothing, a bare file."""
    stripped = copy.deepcopy(document)
    del stripped["components"]["schemas"]["TargetDetail"]["example"]
    del stripped["components"]["schemas"]["PatchedTargetWriteRequest"]["example"]
    for response in stripped["paths"]["/api/v1/targets/{id}/"]["delete"]["responses"].values():
        response.get("content", {}).get("application/problem+json", {}).pop("examples", None)
    plan_report = stripped["paths"]["/api/v1/plans/{id}/report.xlsx"]["get"]["responses"]["200"]
    plan_report["description"] = ""
    missing = missing_examples(stripped)
    assert "GET /api/v1/targets/{id}/: 200 application/json" in missing
    assert "PATCH /api/v1/targets/{id}/: request body application/json" in missing
    assert "DELETE /api/v1/targets/{id}/: no body, and its problem answers have no example" in missing
    assert f"GET /api/v1/plans/{{id}}/report.xlsx: 200 {XLSX_MEDIA_TYPE} is a file without a description" in missing


def test_every_problem_answer_shows_one_of_its_status(document):
    """A 404 shows a 404: each problem+json response refers to the example of its own status."""
    wrong = []
    for name, operation in operations(document):
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get("application/problem+json")
            if media is None:
                continue
            shown = [resolve(document, e)["value"]["status"] for e in media.get("examples", {}).values()]
            if shown != [int(status)]:
                wrong.append(f"{name} {status}: {shown}")
    assert wrong == []


def test_every_example_names_a_component(document):
    """An example whose component was renamed or removed would silently vanish from the document."""
    schemas = document["components"]["schemas"]
    assert [name for name in {**examples.RESPONSES, **examples.REQUESTS} if name not in schemas] == []


def test_every_example_fits_its_schema(document, components):
    found = [
        *(
            found
            for name, schema in document["components"]["schemas"].items()
            for found in schema_examples(schema, f"#/components/schemas/{name}")
        ),
        *media_examples(document),
    ]
    assert len(found) >= len(examples.RESPONSES) + len(examples.REQUESTS) + len(document["components"]["examples"])
    wrong = {where: problems for where, schema, example in found if (problems := errors(components, schema, example))}
    assert wrong == {}


@pytest.mark.parametrize(
    "component, change, expected",
    [
        # Request components take only their properties (additionalProperties: false).
        ("TargetWriteRequest", lambda e: e.update(target_value="90"), "Additional properties are not allowed"),
        ("TargetWriteRequest", lambda e: e.update(plan="3"), "is not of type 'integer'"),
        ("TargetWriteRequest", lambda e: e.update(comparator="above"), "is not one of"),
        ("TargetWriteRequest", lambda e: e.update(value=90), "is not of type 'string', 'null'"),
        ("TargetWriteRequest", lambda e: e.pop("deadline"), "'deadline' is a required property"),
        ("TargetWriteRequest", lambda e: e.update(caveat="unknown"), "is not valid under any of the given schemas"),
        ("TargetDetail", lambda e: e.update(status="on_target"), "is not one of"),
        ("TargetDetail", lambda e: e.update(deadline="31/12/2025"), "is not a 'date'"),
        ("TargetDetail", lambda e: e["indicator"].pop("code"), "'code' is a required property"),
        ("PlanScorecard", lambda e: e["targets"][0].update(days_remaining="-335"), "is not of type 'integer'"),
        ("ProgressReportWriteRequest", lambda e: e["measurements"][0].update(value="99%"), "does not match"),
    ],
)
def test_a_drifted_example_fails(document, components, component, change, expected):
    """The validation is strict enough to catch an example that no longer fits: a field the schema dropped, a
    wrong type, a value outside an enum, a missing required field, a bad date or decimal."""
    schema = {"$ref": f"#/components/schemas/{component}"}
    example = copy.deepcopy(document["components"]["schemas"][component]["example"])
    assert errors(components, schema, example) == []
    change(example)
    problems = errors(components, schema, example)
    assert any(expected in problem for problem in problems), problems


def test_nullable_is_honoured(components):
    """null fits a nullable field, and only a nullable one."""
    schema = {"$ref": "#/components/schemas/TargetWriteRequest"}
    body = {"plan": 3, "indicator": 1, "comparator": "at_least", "deadline": "2025-12-31"}
    assert errors(components, schema, {**body, "value": None, "caveat": None, "parent": None}) == []
    assert errors(components, schema, {**body, "deadline": None}) != []
