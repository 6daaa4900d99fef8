"""Regressions for what schemathesis found (scripts/fuzz_api.sh; docs/security.md, "Fuzzing")."""

import pytest
import yaml
from django.conf import settings

from tests.api import assert_problem
from tests.factories import make_plan, make_province, make_report

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "component",
    [
        "Plan",
        "PlanWriteRequest",
        "PatchedPlanWriteRequest",
        "ProgressReport",
        "ProgressReportUpdateRequest",
        "ProgressReportWriteRequest",
    ],
)
def test_source_url_is_not_declared_as_a_uri(component):
    """ST108: an empty source_url (no source known) is not a `format: uri` string."""
    field = SCHEMA["components"]["schemas"][component]["properties"]["source_url"]
    assert field["type"] == "string"
    assert "format" not in field


def test_empty_source_url_is_returned_as_empty(client):
    plan = make_plan(province=make_province(code="51"), number="1/KH")
    report = make_report(title="Báo cáo")
    assert client.get(f"/api/v1/plans/{plan.pk}/").json()["source_url"] == ""
    assert client.get(f"/api/v1/progress-reports/{report.pk}/").json()["source_url"] == ""


def test_source_url_is_still_checked_as_a_url(client):
    response = client.post(
        "/api/v1/plans/",
        {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND", "source_url": "not a url"},
        content_type="application/json",
    )
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert [error["pointer"] for error in body["errors"]] == ["#/source_url"]
    ok = client.post(
        "/api/v1/plans/",
        {
            "document_type": "ke_hoach",
            "title": "KH",
            "issuer": "UBND",
            "source_url": "https://stttt.quangngai.gov.vn/kh-1",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["source_url"] == "https://stttt.quangngai.gov.vn/kh-1"


# -- Schemathesis with every check (positive_data_acceptance, negative_data_rejection): what the schema allows is
# taken, what it refuses is refused.


def test_every_request_body_takes_only_its_properties():
    requests = {name: schema for name, schema in SCHEMA["components"]["schemas"].items() if name.endswith("Request")}
    assert requests
    assert {name for name, schema in requests.items() if schema.get("additionalProperties") is not False} == set()


def test_an_unknown_body_property_is_a_400_naming_it_at_any_depth(client):
    plan = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND", "titel": "typo"}
    body = assert_problem(
        client.post("/api/v1/plans/", plan, content_type="application/json"), 400, type_uri="/problems/validation"
    )
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/titel", "unknown_field")]
    report = {"title": "BC", "reported_on": "2024-06-30", "measurements": [{"indicator": 1, "valeur": "5"}]}
    body = assert_problem(
        client.post("/api/v1/progress-reports/", report, content_type="application/json"),
        400,
        type_uri="/problems/validation",
    )
    assert ("#/measurements/0/valeur", "unknown_field") in [(e["pointer"], e["code"]) for e in body["errors"]]


def test_a_text_field_takes_text_only(client):
    """ST201: {"reason": 0} was taken as the text "0"."""
    report = make_report(title="Báo cáo")
    response = client.post(
        f"/api/v1/progress-reports/{report.pk}/submit/", {"reason": 0}, content_type="application/json"
    )
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/reason", "invalid")]


@pytest.mark.parametrize(
    ("url", "field", "body"),
    [
        ("/api/v1/indicators/", "code", {"name": "Tỷ lệ", "unit": "percent", "pillar": "chinh_quyen_so"}),
        ("/api/v1/plans/", "source_url", {"document_type": "quyet_dinh", "title": "Kế hoạch", "issuer": "UBND"}),
    ],
)
def test_a_key_or_an_address_takes_text_only(client, url, field, body):
    """ST201: {"code": 0} created the indicator "0"."""
    response = client.post(url, {**body, field: 0}, content_type="application/json")
    problem = assert_problem(response, 400, type_uri="/problems/validation")
    assert (f"#/{field}", "invalid") in [(e["pointer"], e["code"]) for e in problem["errors"]]


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_the_schema_requires_the_reason_where_the_workflow_does(action):
    operation = SCHEMA["paths"][f"/api/v1/progress-reports/{{id}}/{action}/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert component["required"] == ["reason"]
    # Trimmed text must keep something besides spaces, which the pattern says.
    assert component["properties"]["reason"]["pattern"].startswith("^[^\\x00]*[^\\s")


def test_a_name_nobody_has_is_a_422_and_one_already_taken_a_409(client):
    plan = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND", "province": "2008-99"}
    body = assert_problem(
        client.post("/api/v1/plans/", plan, content_type="application/json"),
        422,
        type_uri="/problems/unknown-reference",
    )
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/province", "does_not_exist")]
    indicator = {"code": "ty-le-x", "name": "Tỉ lệ x", "unit": "percent", "pillar": "chinh_quyen_so"}
    assert client.post("/api/v1/indicators/", indicator, content_type="application/json").status_code == 201
    body = assert_problem(
        client.post("/api/v1/indicators/", indicator, content_type="application/json"),
        409,
        type_uri="/problems/duplicate",
    )
    for path in ("/api/v1/plans/", "/api/v1/indicators/"):
        assert {"409", "422"} <= SCHEMA["paths"][path]["post"]["responses"].keys()


def test_integer_parameters_are_ids_of_64_bits_and_out_of_range_is_a_400(client):
    parameters = SCHEMA["paths"]["/api/v1/evidence/"]["get"]["parameters"]
    report = next(p for p in parameters if p["name"] == "report")["schema"]
    assert (report["minimum"], report["maximum"]) == (-(2**63), 2**63 - 1)
    assert client.get("/api/v1/evidence/", {"report": -5}).json()["results"] == []
    assert_problem(client.get("/api/v1/evidence/", {"report": 2**63}), 400, type_uri="/problems/validation")
    assert_problem(client.get("/api/v1/evidence/", {"report": " 5"}), 400, type_uri="/problems/validation")


def test_string_query_parameters_say_they_may_not_be_empty_except_free_text():
    parameters = {p["name"]: p["schema"] for p in SCHEMA["paths"]["/api/v1/obligations/"]["get"]["parameters"]}
    province = parameters["province"].get("items", parameters["province"])
    assert province["minLength"] == 1
    targets = {p["name"]: p["schema"] for p in SCHEMA["paths"]["/api/v1/targets/"]["get"]["parameters"]}
    assert "minLength" not in targets["cursor"]


def test_text_longer_than_max_length_is_refused_before_trimming(client):
    """ST201: a tab and 1,000 characters passed as 1,000 once trimmed, while the schema's maxLength counts all."""
    report = make_report(title="Báo cáo")
    response = client.post(
        f"/api/v1/progress-reports/{report.pk}/submit/", {"reason": "\t" + "*" * 1000}, content_type="application/json"
    )
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/reason", "max_length")]


def test_an_empty_province_key_is_refused_not_read_as_national(client):
    # schemathesis (ST201): `"province": ""` made a national plan; null (or nothing) is how a body says national.
    body = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND", "province": ""}
    response = client.post("/api/v1/plans/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["pointer"] == "#/province"
    national = client.post("/api/v1/plans/", {**body, "province": None}, content_type="application/json")
    assert national.status_code == 201 and national.json()["province"] is None


def test_a_bad_query_value_on_a_write_is_a_400_before_the_write(client):
    # schemathesis (ST201): POST /targets/?figures=AAA met a duplicate first and answered 409.
    body = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND"}
    plan = client.post("/api/v1/plans/", body, content_type="application/json").json()
    response = client.post("/api/v1/targets/?figures=AAA", {"plan": plan["id"]}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert [error["pointer"] for error in response.json()["errors"]] == ["#/figures"]


def test_an_empty_number_is_refused_not_read_as_null(client):
    # schemathesis (ST201): `"denominator": ""` passed as "no denominator" (DRF reads "" as null for decimals).
    body = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND"}
    plan = client.post("/api/v1/plans/", body, content_type="application/json").json()
    target = {"plan": plan["id"], "indicator": 1, "comparator": "at_least", "deadline": "2025-12-31", "value": " "}
    response = client.post("/api/v1/targets/", target, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "#/value" in [error["pointer"] for error in response.json()["errors"]]


def test_a_decimal_as_a_json_number_and_an_offset_written_as_a_float_are_refused(client):
    # schemathesis (ST201): the schema declares decimals as strings and offsets as integers.
    body = {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND"}
    plan = client.post("/api/v1/plans/", body, content_type="application/json").json()
    target = {"plan": plan["id"], "indicator": 1, "comparator": "at_least", "deadline": "2025-12-31", "value": 90}
    response = client.post("/api/v1/targets/", target, content_type="application/json")
    assert response.status_code == 400 and "#/value" in [e["pointer"] for e in response.json()["errors"]]
    listed = client.get("/api/v1/reporting-regimes/", {"offset": "+0.0"})
    assert listed.status_code == 400 and listed.json()["errors"][0]["pointer"] == "#/offset"
