"""Regressions for what schemathesis found (scripts/fuzz_api.sh; docs/security.md, "Fuzzing")."""

import pytest
import yaml
from django.conf import settings

from tests.api import assert_problem
from tests.factories import make_plan, make_province, make_report

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("component", ["Plan", "PlanWriteRequest", "PatchedPlanWriteRequest", "ProgressReport",
                                       "ProgressReportUpdateRequest", "ProgressReportWriteRequest"])  # fmt: skip
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
    response = client.post("/api/v1/plans/", {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND",
                                              "source_url": "not a url"}, content_type="application/json")  # fmt: skip
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert [error["pointer"] for error in body["errors"]] == ["#/source_url"]
    ok = client.post("/api/v1/plans/", {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND",
                                        "source_url": "https://stttt.quangngai.gov.vn/kh-1"}, content_type="application/json")  # fmt: skip
    assert ok.status_code == 201, ok.content
    assert ok.json()["source_url"] == "https://stttt.quangngai.gov.vn/kh-1"
