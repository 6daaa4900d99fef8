"""ETag on every detail answer, If-Match required on PUT/PATCH/DELETE (dtrack/api/conditional.py)."""

from datetime import date

import pytest

from dtrack.api.conditional import parse_if_match
from indicators.models import Measurement, Plan, ProgressReport, Target
from tests.api import assert_problem
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="dvc", name="Dịch vụ công trực tuyến")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    target = make_target(plan=plan, indicator=indicator, value="90", milestones=[(date(2024, 12, 31), "70")])
    report = make_report(province=province, document_number="55/BC", state="draft", reported_on=date(2025, 10, 11))
    measurement = make_measurement(report=report, indicator=indicator, value="50")
    return {
        "indicators": indicator,
        "plans": plan,
        "targets": target,
        "progress-reports": report,
        "measurements": measurement,
    }


CHANGES = {
    "indicators": {"name": "Tên mới"},
    "plans": {"title": "Trích yếu mới"},
    "targets": {"value": "95"},
    "progress-reports": {"title": "Tiêu đề mới"},
    "measurements": {"note": "đã sửa"},
}


def path(rows, resource):
    return f"/api/v1/{resource}/{rows[resource].pk}/"


@pytest.mark.parametrize("resource", CHANGES)
def test_detail_list_and_write_answers_carry_the_same_etag(client, rows, resource):
    read = client.get(path(rows, resource))
    etag = read["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 34
    assert client.get(path(rows, resource))["ETag"] == etag, "stable across reads"
    assert client.head(path(rows, resource))["ETag"] == etag
    changed = client.patch(path(rows, resource), CHANGES[resource], content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag
    assert client.get(path(rows, resource))["ETag"] == changed["ETag"], "the write's tag is what a GET shows"


@pytest.mark.parametrize("resource", CHANGES)
def test_stale_if_match_is_412_and_changes_nothing(client, rows, resource):
    model = type(rows[resource])
    stale = client.get(path(rows, resource))["ETag"]
    assert (
        client.patch(
            path(rows, resource), CHANGES[resource], content_type="application/json", HTTP_IF_MATCH=stale
        ).status_code
        == 200
    )
    current = client.get(path(rows, resource))["ETag"]
    before = (model.objects.count(), model.history.count(), current)
    for method in ("patch", "put", "delete"):
        response = getattr(client, method)(
            path(rows, resource), CHANGES[resource], content_type="application/json", HTTP_IF_MATCH=stale
        )
        body = assert_problem(response, 412, type_uri="/problems/stale-etag")
        assert body["title"] == "Dữ liệu đã thay đổi từ lần đọc trước"  # "Resource changed since it was read"
    assert (model.objects.count(), model.history.count(), client.get(path(rows, resource))["ETag"]) == before


@pytest.mark.parametrize("resource", CHANGES)
def test_missing_if_match_is_428(anon_client, client, rows, resource):
    model = type(rows[resource])
    before = model.history.count()
    token = client.token
    for method in ("patch", "put", "delete"):
        response = getattr(anon_client, method)(
            path(rows, resource),
            CHANGES[resource],
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert_problem(response, 428, type_uri="/problems/if-match-required")
    assert model.history.count() == before


def test_if_match_star_and_lists_and_weak_tags(client, rows):
    target = path(rows, "targets")
    etag = client.get(target)["ETag"]
    assert client.patch(target, {"value": "91"}, content_type="application/json", HTTP_IF_MATCH="*").status_code == 200
    etag = client.get(target)["ETag"]
    listed = f'"00000000000000000000000000000000", {etag}'
    assert (
        client.patch(target, {"value": "92"}, content_type="application/json", HTTP_IF_MATCH=listed).status_code == 200
    )
    etag = client.get(target)["ETag"]
    # If-Match compares strongly: a weak tag never matches (RFC 9110 §13.1.1).
    assert_problem(
        client.patch(target, {"value": "93"}, content_type="application/json", HTTP_IF_MATCH=f"W/{etag}"),
        412,
        type_uri="/problems/stale-etag",
    )
    assert_problem(
        client.patch(target, {"value": "93"}, content_type="application/json", HTTP_IF_MATCH="not-a-tag"),
        412,
        type_uri="/problems/stale-etag",
    )
    assert Target.objects.get(pk=rows["targets"].pk).value == 92


def test_posting_a_figure_does_not_make_a_targets_etag_stale(client, rows):
    """The assessment is derived: the tag's stored-state half (what If-Match compares) covers what a PUT/PATCH could
    overwrite and stays; its body half (what If-None-Match compares) changes with the answer."""
    target = path(rows, "targets")
    etag = client.get(target)["ETag"]
    report = {
        "province": "2025-51",
        "title": "Báo cáo",
        "reported_on": "2025-12-31",
        "state": "approved",
        "measurements": [{"indicator": rows["indicators"].pk, "value": "80"}],
    }
    assert client.post("/api/v1/progress-reports/", report, content_type="application/json").status_code == 201
    after = client.get(target)
    assert after.json()["latest"]["value"] == "80.0000"
    assert after["ETag"][:17] == etag[:17] and after["ETag"] != etag
    assert client.get(target, {"as_of": "2024-01-01"})["ETag"][:17] == etag[:17]
    assert client.get(target, HTTP_IF_NONE_MATCH=etag).status_code == 200, "the body changed: no 304"
    changed = client.patch(target, {"value": "93"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, "the figure did not make the client's tag stale"


def test_changing_a_milestone_changes_the_targets_etag(client, rows):
    target = path(rows, "targets")
    etag = client.get(target)["ETag"]
    response = client.patch(
        target,
        {"milestones": [{"on": "2024-12-31", "value": "75"}]},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag


def test_a_change_made_elsewhere_makes_the_tag_stale(client, rows):
    """The admin or a shell saves without ETags; the API still notices."""
    plan = path(rows, "plans")
    etag = client.get(plan)["ETag"]
    Plan.objects.filter(pk=rows["plans"].pk).update(title="Sửa trong admin")
    assert_problem(
        client.patch(plan, {"title": "Sửa qua API"}, content_type="application/json", HTTP_IF_MATCH=etag),
        412,
        type_uri="/problems/stale-etag",
    )
    assert Plan.objects.get(pk=rows["plans"].pk).title == "Sửa trong admin"


def test_deleting_a_report_changes_its_measurements_etag(client, rows):
    measurement = path(rows, "measurements")
    etag = client.get(measurement)["ETag"]
    report = path(rows, "progress-reports")
    assert client.delete(report).status_code == 204
    assert client.get(measurement, {"include_deleted": "true"})["ETag"] != etag
    assert Measurement.objects.get(pk=rows["measurements"].pk).is_active is False


def test_restore_takes_an_optional_if_match(client, rows):
    report = path(rows, "progress-reports")
    assert client.delete(report).status_code == 204
    deleted_tag = client.get(report, {"include_deleted": "true"})["ETag"]
    assert_problem(client.post(f"{report}restore/", HTTP_IF_MATCH='"stale"'), 412, type_uri="/problems/stale-etag")
    assert ProgressReport.objects.get(pk=rows["progress-reports"].pk).deleted_at is not None
    restored = client.post(f"{report}restore/", HTTP_IF_MATCH=deleted_tag)
    assert restored.status_code == 200, restored.content
    assert restored["ETag"] == client.get(report)["ETag"]
    assert client.post(f"{report}restore/").status_code == 200  # without If-Match, and again: no change


def test_create_answers_with_the_etag(client, rows):
    response = client.post(
        "/api/v1/plans/",
        {"document_type": "ke_hoach", "title": "Kế hoạch", "issuer": "UBND"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == client.get(response["Location"])["ETag"]


def test_validation_comes_after_the_precondition(client, rows):
    """A stale write is 412 whatever its body; a current one gets the 400."""
    target = path(rows, "targets")
    assert_problem(
        client.patch(target, {"value": "abc"}, content_type="application/json", HTTP_IF_MATCH='"stale"'),
        412,
        type_uri="/problems/stale-etag",
    )
    assert_problem(
        client.patch(target, {"value": "abc"}, content_type="application/json"), 400, type_uri="/problems/validation"
    )


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ("*", ["*"]),
        ('"a"', ['"a"']),
        ('"a", W/"b" ,"c"', ['"a"', 'W/"b"', '"c"']),
        ('"a",,"b"', ['"a"', '"b"']),
        ("", None),
        ("a", None),
        ('"a" "b"', None),
        ('"a', None),
    ],
)
def test_parse_if_match(header, tags):
    assert parse_if_match(header) == tags
