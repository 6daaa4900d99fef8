"""Bad input answers a 4xx problem with nothing written (issue 18, points 8 and 9)."""

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import IdempotencyRecord
from indicators.models import Measurement, Plan, ProgressReport
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def world():
    province = make_province(code="44")
    indicator = make_indicator(unit="percent")
    plan = make_plan(province=province)
    target = make_target(plan=plan, indicator=indicator, value="90")
    report = make_report(province=province, document_number="7/BC", state="draft", reported_on=date(2025, 10, 11))
    make_measurement(report=report, indicator=indicator, value="50")
    return {"province": province, "indicator": indicator, "plan": plan, "target": target, "report": report}


def counts():
    return (ProgressReport.objects.count(), Measurement.objects.count(), Plan.objects.count())


def test_json_nested_a_thousand_deep_is_a_400(client, world):
    before = counts()
    body = "[" * 1000 + "]" * 1000
    response = client.post("/api/v1/progress-reports/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "nested too deeply" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("idempotency", [False, True])
def test_a_lone_surrogate_is_a_400_with_or_without_an_idempotency_key(client, world, idempotency):
    before = counts()
    body = (
        '{"title": "x", "reported_on": "2024-01-01", "province": "2025-44", "measurements": [], '
        '"document_number": "\\ud800"}'
    )
    extra = {"HTTP_IDEMPOTENCY_KEY": "k-1", "HTTP_ACCEPT_LANGUAGE": "en"} if idempotency else {}
    extra["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/api/v1/progress-reports/", body, content_type=JSON, **extra)
    assert response.status_code == 400, response.content
    assert "surrogate" in response.json()["detail"]
    assert counts() == before
    assert not IdempotencyRecord.objects.exists()


def test_a_lone_surrogate_in_a_choice_field_is_a_400(client, world):
    ids = f'"indicator": {world["indicator"].pk}, "report": {world["report"].pk}'
    body = "{" + ids + ', "value": "5", "level": "\\udcff"}'
    response = client.post("/api/v1/measurements/", body, content_type=JSON)
    assert response.status_code == 400


def test_a_nul_byte_in_a_body_or_a_query_is_a_400(client, world):
    before = counts()
    body = {"title": "x", "reported_on": "2024-01-01", "province": "2025-\x0044"}
    response = client.post("/api/v1/progress-reports/", json.dumps(body), content_type=JSON)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    response = Client().get("/api/v1/targets/", {"province": "2025-\x0044"})
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/measurements/?report=-124429141986257031603400346697728",
        "/api/v1/targets/?plan=99999999999999999999999",
    ],
)
def test_an_id_filter_beyond_64_bits_is_a_400(query, world):
    response = Client().get(query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("bad", ["2025-W01", "20250101"])
def test_dates_are_yyyy_mm_dd_only_in_as_of_and_bodies(client, world, bad):
    assert Client().get("/api/v1/targets/", {"as_of": bad}).status_code == 400
    before = counts()
    body = {"title": "x", "reported_on": bad, "province": "2025-44"}
    response = client.post("/api/v1/progress-reports/", json.dumps(body), content_type=JSON)
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/reported_on"
    assert counts() == before


def test_a_plan_cannot_be_superseded_by_another_provinces_plan(client, world):
    other = make_plan(province=make_province(code="45"))
    path = f"/api/v1/plans/{world['plan'].pk}/"
    response = client.patch(path, {"status": "superseded", "superseded_by": other.pk}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/superseded_by"
    assert Plan.objects.get(pk=world["plan"].pk).status == "in_force"


def test_a_deleted_report_cannot_be_edited_through_include_deleted(client, world):
    report = world["report"]
    assert client.delete(f"/api/v1/progress-reports/{report.pk}/").status_code == 204
    response = client.patch(
        f"/api/v1/progress-reports/{report.pk}/?include_deleted=true", {"title": "changed"}, content_type=JSON
    )
    # Refused: `include_deleted` is a parameter of reads only (400), and a deleted report is not found (404) or
    # not editable (409).
    assert response.status_code in (400, 404, 409), response.content
    assert ProgressReport.objects.get(pk=report.pk).title != "changed"


def test_an_idempotent_replay_keeps_x_as_of_and_the_query_string_counts(client, world):
    body = {
        "plan": world["plan"].pk,
        "indicator": world["indicator"].pk,
        "comparator": "at_least",
        "value": "50",
        "deadline": "2027-12-31",
    }
    first = client.post(
        "/api/v1/targets/?as_of=2024-06-30", json.dumps(body), content_type=JSON, HTTP_IDEMPOTENCY_KEY="replay-1"
    )
    assert first.status_code == 201
    assert first["X-As-Of"] == "2024-06-30"
    again = client.post(
        "/api/v1/targets/?as_of=2024-06-30", json.dumps(body), content_type=JSON, HTTP_IDEMPOTENCY_KEY="replay-1"
    )
    assert again["Idempotent-Replayed"] == "true"
    assert again["X-As-Of"] == "2024-06-30"
    other_query = client.post(
        "/api/v1/targets/?as_of=2025-01-01", json.dumps(body), content_type=JSON, HTTP_IDEMPOTENCY_KEY="replay-1"
    )
    assert other_query.status_code == 422  # the same key for another request


def test_failed_authentication_is_throttled_per_address(settings, world):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth_failure": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    guesser = Client()
    answers = [guesser.get("/api/v1/targets/", HTTP_AUTHORIZATION=f"Bearer guess-{n}").status_code for n in range(5)]
    assert answers == [401, 401, 401, 429, 429]


def test_history_hides_user_names_from_anonymous_readers(client, anon_client, world):
    report = world["report"]
    client.patch(f"/api/v1/progress-reports/{report.pk}/", {"title": "Sửa"}, content_type=JSON)
    path = f"/api/v1/progress-reports/{report.pk}/history/"
    anonymous = anon_client.get(path).json()["results"]
    assert anonymous[0]["user"] is None
    assert all(change["field"] != "entered_by" for entry in anonymous for change in entry["changes"])
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="staff"))
    assert signed_in.get(path).json()["results"][0]["user"] == "staff"


def test_concurrent_duplicate_report_found_only_by_full_clean_is_a_409(client, world, monkeypatch):
    """The race: the duplicate is committed after the service's own check; it must still be a 409 naming it."""
    from indicators.services import report_checks

    monkeypatch.setattr(report_checks, "_check_duplicate", _check_after_first_call(report_checks._check_duplicate))
    body = {
        "title": "x",
        "reported_on": world["report"].reported_on.isoformat(),
        "province": "2025-44",
        "document_number": "7/BC",
    }
    before = counts()
    response = client.post("/api/v1/progress-reports/", json.dumps(body), content_type=JSON)
    assert response.status_code == 409, response.content
    assert str(world["report"].pk) in response.json()["detail"]
    assert counts() == before


def _check_after_first_call(check):
    calls = []

    def skip_first(report):
        calls.append(report)
        if len(calls) > 1:
            check(report)

    return skip_first


def test_reports_dated_in_the_future_stay_refused(client, world):
    body = {"title": "x", "reported_on": date(2999, 1, 1).isoformat(), "province": "2025-44"}
    assert client.post("/api/v1/progress-reports/", json.dumps(body), content_type=JSON).status_code == 422


def test_dropped_connections_are_health_checked_before_use(settings):
    """After the database drops connections, a worker's next request must not be a 500 on the dead one: Django
    checks a persistent connection before reusing it."""
    from django.db import connection

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
