"""Idempotency-Key on POST (accounts/idempotency.py); the same report twice without a key is a 409."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts import idempotency, tokens
from accounts.models import IdempotencyRecord
from indicators.models import Measurement, ProgressReport
from tests.api import assert_problem
from tests.factories import make_indicator, make_province

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress-reports/"


@pytest.fixture
def indicator():
    make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    return make_indicator(code="dvc", name="Dịch vụ công trực tuyến")


def report(indicator, **fields):
    return {
        "province": "2025-44",
        "title": "Báo cáo kết quả chuyển đổi số",
        "document_number": "123/BC-UBND",
        "reported_on": "2025-10-11",
        "measurements": [{"indicator": indicator.pk, "value_text": "trên 99%"}],
        **fields,
    }


def post(client, data, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, data, content_type="application/json", **headers, **extra)


def test_a_retry_replays_the_first_answer_and_creates_nothing(client, indicator):
    first = post(client, report(indicator), key="4f1c2d9e-0b7a-4d55-9d0e-6f0e1c2b3a4d")
    assert first.status_code == 201, first.content
    assert not first.has_header("Idempotent-Replayed")
    again = post(client, report(indicator), key="4f1c2d9e-0b7a-4d55-9d0e-6f0e1c2b3a4d")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert (again["Location"], again["ETag"]) == (first["Location"], first["ETag"])
    assert ProgressReport.objects.count() == 1
    assert Measurement.objects.count() == 1


def test_the_key_matches_the_canonical_body(client, indicator):
    """Key order and spacing do not make a different request."""
    data = report(indicator)
    assert post(client, data, key="k1").status_code == 201
    reordered = (
        f'{{"measurements": [{{"value_text": "trên 99%", "indicator": {indicator.pk}}}], "reported_on": "2025-10-11",'
        ' "document_number": "123/BC-UBND",  "title": "Báo cáo kết quả chuyển đổi số", "province": "2025-44"}'
    )
    assert post(client, reordered, key="k1")["Idempotent-Replayed"] == "true"


def test_same_key_other_body_is_422_and_runs_nothing(client, indicator):
    assert post(client, report(indicator), key="k2").status_code == 201
    other = post(client, report(indicator, document_number="124/BC-UBND"), key="k2")
    assert_problem(other, 422, type_uri="/problems/idempotency-key-reused")
    assert ProgressReport.objects.count() == 1
    # Another endpoint is another request, too.
    plan = client.post(
        "/api/v1/plans/",
        {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k2",
    )
    assert_problem(plan, 422, type_uri="/problems/idempotency-key-reused")


def test_a_refusal_is_replayed_too(client, indicator):
    """A 400 or a 409 is the answer to that request: the retry gets it again (and nothing is created)."""
    invalid = report(indicator, measurements=[{"indicator": indicator.pk, "value_text": "2021-2025"}])
    first = post(client, invalid, key="k3")
    assert_problem(first, 422, type_uri="/problems/rule")
    again = post(client, invalid, key="k3")
    assert again.status_code == 422
    assert again["Content-Type"] == "application/problem+json"
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert ProgressReport.objects.count() == 0


def test_same_report_twice_without_a_key_is_409_naming_it(client, indicator):
    first = post(client, report(indicator))
    assert first.status_code == 201
    duplicate = post(client, report(indicator))
    body = assert_problem(duplicate, 409, type_uri="/problems/duplicate-report")
    assert str(first.json()["id"]) in body["detail"]
    assert body["errors"] == [
        {
            "pointer": "#/document_number",
            "code": "duplicate",
            "detail": f"Đã được dùng bởi báo cáo tiến độ {first.json()['id']}.",
        }
    ]
    # With new keys, the same: the key makes retries safe, it does not make a new report out of a duplicate.
    assert_problem(post(client, report(indicator), key="k4"), 409, type_uri="/problems/duplicate-report")


def test_keys_are_per_user(client, indicator):
    other = get_user_model().objects.create_user("other-staff", None, None, is_staff=True)
    other_client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=other, name='t')[1]}")
    assert post(client, report(indicator), key="shared").status_code == 201
    # Another user, same key, same body: their own first request (here a 409 duplicate, not a replay).
    response = post(other_client, report(indicator), key="shared")
    assert_problem(response, 409, type_uri="/problems/duplicate-report")
    assert not response.has_header("Idempotent-Replayed")


def test_a_key_still_in_flight_is_409(client, indicator, staff_user):
    data = report(indicator)
    post(client, data, key="k5")
    IdempotencyRecord.objects.filter(key="k5").update(status_code=None, body="")
    assert_problem(post(client, data, key="k5"), 409, type_uri="/problems/idempotency-key-in-flight")
    # A record left in flight by a killed worker is taken over after the timeout (here: a 409 duplicate).
    IdempotencyRecord.objects.filter(key="k5").update(
        created_at=timezone.now() - idempotency.IN_FLIGHT_TIMEOUT - timedelta(seconds=1)
    )
    assert_problem(post(client, data, key="k5"), 409, type_uri="/problems/duplicate-report")
    assert IdempotencyRecord.objects.get(key="k5").status_code == 409


def test_a_server_error_leaves_no_record(client, indicator, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("indicators.services.progress_report_create", boom)
    client.raise_request_exception = False
    assert_problem(post(client, report(indicator), key="k6"), 500)
    assert not IdempotencyRecord.objects.filter(key="k6").exists()


@pytest.mark.parametrize("key", ["", "a" * 256, "naïve", "with space"])
def test_malformed_key_is_400(client, indicator, key):
    response = post(client, report(indicator), key=key)
    assert_problem(response, 400, type_uri="/problems/invalid-idempotency-key")
    assert ProgressReport.objects.count() == 0


def test_keys_expire_and_are_pruned(client, indicator):
    assert post(client, report(indicator), key="old").status_code == 201
    IdempotencyRecord.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))
    # Expired: unknown again (a new request, here the duplicate it is).
    assert_problem(post(client, report(indicator), key="old"), 409, type_uri="/problems/duplicate-report")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    call_command("prune_idempotency_keys", verbosity=0)
    assert not IdempotencyRecord.objects.exists()


def test_measurements_take_keys_too(client, indicator):
    created = post(client, report(indicator)).json()
    data = {"report": created["id"], "indicator": indicator.pk, "level": "commune", "value": "70"}
    first = client.post("/api/v1/measurements/", data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="m1")
    again = client.post("/api/v1/measurements/", data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="m1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Measurement.objects.filter(level="commune").count() == 1


def test_unauthenticated_posts_never_reach_the_key_store(anon_client, indicator):
    assert_problem(post(anon_client, report(indicator), key="anon"), 401)
    assert not IdempotencyRecord.objects.exists()
