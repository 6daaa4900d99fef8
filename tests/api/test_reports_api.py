"""/api/v1/progress-reports/: a report and its measurements in one atomic request, soft delete and restore."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Measurement, ProgressReport
from tests.api import assert_problem
from tests.crud import ResourceCRUD
from tests.factories import link, make_indicator, make_measurement, make_province, make_report

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress-reports/"


@pytest.fixture
def world():
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)
    return {
        "old": old,
        "new": new,
        "share": make_indicator(code="dvc-truc-tuyen", name="Tỷ lệ dịch vụ công trực tuyến toàn trình"),
        "files": make_indicator(code="ho-so", name="Hồ sơ xử lý trực tuyến", unit="count"),
        "rank": make_indicator(code="dti", name="Xếp hạng DTI", unit="rank"),
    }


def report_data(world, *measurements, **fields):
    return {
        "province": world["new"].key,
        "title": "Báo cáo kết quả chuyển đổi số năm 2024",
        "document_number": "123/BC-UBND",
        "reported_on": "2025-10-11",
        **fields,
        "measurements": list(measurements),
    }


def post(client, data):
    # The messages checked here are read in English; tests/api/test_languages.py checks the Vietnamese ones.
    return client.post(URL, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_create_reads_vietnamese_figures(client, world):
    """“trên 99%” → 99 above; “ước đạt 71,4%” → 71.4 estimate; “1.223/1.712” → the share with its two counts."""
    data = report_data(
        world,
        {"indicator": world["share"].pk, "level": "provincial", "value_text": "trên 99%"},
        {"indicator": world["share"].pk, "level": "commune", "value_text": "ước đạt 71,4%", "as_of": "2025-12-31"},
        {"indicator": world["share"].pk, "level": "commune", "value_text": "1.223/1.712"},
        {"indicator": world["files"].pk, "value": "1126", "note": "hồ sơ"},
        {"indicator": world["rank"].pk, "value_text": "thứ 3/63"},
    )
    response = post(client, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    assert body["province"] == {
        "key": "2025-44",
        "code": "44",
        "era": "2025",
        "name": "Tỉnh Quảng Trị",
        "short_name": "Quảng Trị",
    }
    assert body["deleted_at"] is None
    figures = [
        (m["value"], m["qualifier"], m["is_estimate"], m["numerator"], m["denominator"], m["as_of"])
        for m in body["measurements"]
    ]
    assert figures == [
        ("99.0000", "above", False, None, None, "2025-10-11"),
        ("71.4000", "exact", True, None, None, "2025-12-31"),
        ("71.4400", "exact", False, "1223.0000", "1712.0000", "2025-10-11"),
        ("1126.0000", "exact", False, None, None, "2025-10-11"),
        ("3.0000", "exact", False, None, "63.0000", "2025-10-11"),
    ]
    assert [m["value_text"] for m in body["measurements"]] == [
        "trên 99%",
        "ước đạt 71,4%",
        "1.223/1.712",
        "",
        "thứ 3/63",
    ]
    stored = Measurement.objects.get(pk=body["measurements"][0]["id"])
    assert (stored.province, stored.unit, stored.is_active) == (world["new"], "percent", True)


def test_structured_fields_must_agree_with_value_text(client, world):
    agree = {"indicator": world["share"].pk, "value_text": "trên 99%", "value": "99", "qualifier": "above"}
    assert post(client, report_data(world, agree)).status_code == 201
    disagree = {"indicator": world["share"].pk, "value_text": "trên 99%", "value": "99", "qualifier": "exact"}
    body = assert_problem(
        post(client, report_data(world, disagree, document_number="2/BC")), 422, type_uri="/problems/rule"
    )
    assert [e["pointer"] for e in body["errors"]] == ["#/measurements/0/qualifier"]


# 400: the body does not match the schema (too many decimal places); 422: it does, and a rule refuses the figure.
@pytest.mark.parametrize(
    ("item", "pointer", "fragment", "status"),
    [
        ({"value_text": "khoảng 2021-2025"}, "#/measurements/3/value_text", "range", 422),
        ({"value_text": "99% kế hoạch"}, "#/measurements/3/value_text", "words after '%'", 422),
        ({"value_text": ""}, "#/measurements/3/value", "value_text", 422),
        ({"value": "101"}, "#/measurements/3/value", "between 0 and 100", 422),
        ({"value_text": "trên 101%"}, "#/measurements/3/value_text", "between 0 and 100", 422),
        ({"value": "99.12345"}, "#/measurements/3/value", "decimal places", 400),
        ({"value": "9", "denominator": "0"}, "#/measurements/3/denominator", "greater than 0", 422),
        ({"value_text": "thứ 3/63"}, "#/measurements/3/value_text", "rank", 422),
    ],
)
def test_bad_measurement_is_refused_pointing_at_it_and_creates_nothing(client, world, item, pointer, fragment, status):
    good = {"indicator": world["share"].pk, "value_text": "trên 99%"}
    data = report_data(world, good, good, good, {"indicator": world["share"].pk, **item})
    kind = "/problems/validation" if status == 400 else "/problems/rule"
    body = assert_problem(post(client, data), status, type_uri=kind)
    assert [error["pointer"] for error in body["errors"]] == [pointer]
    assert fragment in body["errors"][0]["detail"]
    assert body["detail"].startswith(pointer[2:] + ": ")
    assert not ProgressReport.objects.exists() and not Measurement.objects.exists()


def test_rank_below_one_is_refused(client, world):
    body = assert_problem(
        post(client, report_data(world, {"indicator": world["rank"].pk, "value": "0"})), 422, type_uri="/problems/rule"
    )
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/measurements/0/value", "out_of_range")]


def test_all_item_errors_are_reported_at_once(client, world):
    data = report_data(
        world,
        {"indicator": world["share"].pk, "value_text": "abc 5"},
        {"indicator": 999999},
        {"indicator": world["share"].pk, "value": "120"},
    )
    body = assert_problem(post(client, data), 422, type_uri="/problems/unknown-reference")
    # The serializer checks shapes first (unknown indicator); the service's checks run only on a well-formed body.
    assert [e["pointer"] for e in body["errors"]] == ["#/measurements/1/indicator"]
    data["measurements"][1] = {"indicator": world["share"].pk, "value": "5"}
    body = assert_problem(post(client, data), 422, type_uri="/problems/rule")
    assert [e["pointer"] for e in body["errors"]] == ["#/measurements/0/value_text", "#/measurements/2/value"]
    assert body["detail"] == "2 fields failed validation."


def test_report_fields_are_checked(client, world):
    body = assert_problem(post(client, report_data(world, reported_on="2999-01-01")), 422, type_uri="/problems/rule")
    assert [e["pointer"] for e in body["errors"]] == ["#/reported_on"]
    body = assert_problem(
        post(client, report_data(world, period_start="2025-12-31", period_end="2025-07-31")),
        422,
        type_uri="/problems/rule",
    )
    assert [e["pointer"] for e in body["errors"]] == ["#/period_end"]
    assert_problem(post(client, report_data(world, province="2025-99")), 422, type_uri="/problems/unknown-reference")


def test_duplicate_report_is_a_409_naming_it(client, world):
    first = post(client, report_data(world)).json()
    response = post(client, report_data(world, {"indicator": world["share"].pk, "value": "5"}))
    body = assert_problem(response, 409, type_uri="/problems/duplicate-report")
    assert body["title"] == "Duplicate progress report"
    assert f"Progress report {first['id']} " in body["detail"]
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/document_number", "duplicate")]
    assert ProgressReport.objects.count() == 1 and not Measurement.objects.exists()
    # Another date, another province, or no number at all is not a duplicate.
    assert post(client, report_data(world, reported_on="2025-10-12")).status_code == 201
    # (old Quảng Trị ended on 2025-06-30: a report it publishes later is about a period inside its lifetime)
    other = report_data(world, province=world["old"].key, period_start="2025-01-01", period_end="2025-06-30")
    assert post(client, other).status_code == 201
    assert post(client, report_data(world, document_number="")).status_code == 201
    assert post(client, report_data(world, document_number="")).status_code == 201


def test_soft_delete_hides_the_report_and_restore_brings_it_back(client, world):
    report = make_report(province=world["new"], reported_on=date(2025, 10, 11), document_number="7/BC")
    measurement = make_measurement(report=report, indicator=world["share"], value="50")
    kept = make_report(province=world["new"], reported_on=date(2025, 10, 11), document_number="8/BC")
    path = f"{URL}{report.pk}/"

    assert client.delete(path).status_code == 204
    report.refresh_from_db()
    measurement.refresh_from_db()
    assert report.deleted_at is not None and measurement.is_active is False
    assert [row["id"] for row in client.get(URL).json()["results"]] == [kept.pk]
    listed = client.get(URL, {"include_deleted": "true"}).json()["results"]
    assert {row["id"] for row in listed} == {report.pk, kept.pk}
    assert_problem(client.get(path), 404)
    assert client.get(path, {"include_deleted": "true"}).json()["deleted_at"] is not None
    assert_problem(client.delete(path), 404)

    restored = client.post(f"{path}restore/")
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    measurement.refresh_from_db()
    assert measurement.is_active is True
    assert client.post(f"{path}restore/").status_code == 200  # restoring an active report changes nothing
    assert_problem(client.post(f"{URL}999999/restore/"), 404)


def test_restore_refuses_when_an_active_duplicate_exists(client, world):
    report = make_report(province=world["new"], reported_on=date(2025, 10, 11), document_number="7/BC")
    client.delete(f"{URL}{report.pk}/")
    replacement = post(client, report_data(world, document_number="7/BC")).json()
    body = assert_problem(client.post(f"{URL}{report.pk}/restore/"), 409, type_uri="/problems/duplicate-report")
    assert str(replacement["id"]) in body["detail"]
    report.refresh_from_db()
    assert report.deleted_at is not None


def test_update_own_fields_and_follow_a_province_change(client, world):
    report = make_report(
        province=make_province(code="46", era="2025"),
        document_number="7/BC",
        state="draft",
        reported_on=date(2025, 10, 11),
    )
    measurement = make_measurement(report=report, indicator=world["share"], value="50")
    response = client.patch(
        f"{URL}{report.pk}/",
        {"title": "Báo cáo quý III", "province": world["new"].key},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Báo cáo quý III" and response.json()["province"]["key"] == "2025-44"
    measurement.refresh_from_db()
    assert measurement.province == world["new"]
    other = make_report(province=world["new"], reported_on=date(2025, 10, 11), document_number="9/BC", state="draft")
    conflict = client.patch(f"{URL}{other.pk}/", {"document_number": "7/BC"}, content_type="application/json")
    assert_problem(conflict, 409, type_uri="/problems/duplicate-report")
    national = client.patch(f"{URL}{other.pk}/", {"province": None}, content_type="application/json")
    assert national.json()["province"] is None


def test_list_filters_ordering_and_pagination(client, world):
    a = make_report(province=world["old"], reported_on=date(2023, 12, 1), title="Báo cáo năm 2023")
    b = make_report(province=world["new"], reported_on=date(2025, 10, 1), title="Báo cáo chuyển đổi số 2025")
    c = make_report(province=None, reported_on=date(2024, 6, 1), title="Báo cáo quốc gia", document_number="45/BC")

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [b.pk, c.pk, a.pk]
    assert ids(ordering="reported_on") == [a.pk, c.pk, b.pk]
    assert ids(province=world["new"].key) == [b.pk]
    assert ids(province=world["new"].key, include_predecessors="true") == [b.pk, a.pk]
    assert ids(reported_after="2024-01-01", reported_before="2024-12-31") == [c.pk]
    assert ids(q="chuyen doi") == [b.pk]
    assert ids(q="45/bc") == [c.pk]
    assert ids(q="quoc gia") == [c.pk]
    page = client.get(URL, {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3 and [row["id"] for row in page["results"]] == [c.pk, a.pk]
    assert_problem(client.get(URL, {"reported_after": "1/1/2024"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(URL, {"ordering": "title"}), 400, type_uri="/problems/validation")


def test_detail_lists_measurements_in_entry_order(client, world):
    report = make_report(province=world["new"], reported_on=date(2025, 10, 11))
    first = make_measurement(report=report, indicator=world["share"], value="10")
    second = make_measurement(report=report, indicator=world["files"], value="20", value_text="20")
    body = client.get(f"{URL}{report.pk}/").json()
    assert [m["id"] for m in body["measurements"]] == [first.pk, second.pk]
    assert body["measurements"][1]["indicator"]["code"] == "ho-so"
    assert Decimal(body["measurements"][0]["value"]) == 10


@pytest.mark.parametrize("path", ["abc/", "abc/restore/", "999999/"])
def test_unknown_or_malformed_id_is_a_404(client, path):
    method = client.post if path.endswith("restore/") else client.get
    assert_problem(method(URL + path), 404)


class TestProgressReportCRUD(ResourceCRUD):
    url, model = URL, ProgressReport
    update_data = {"title": "Báo cáo kết quả chuyển đổi số (sửa đổi)"}

    def make(self):
        return make_report(province=make_province(), reported_on=date(2025, 10, 1), state="draft")

    def create_data(self):
        return {"province": make_province().key, "title": "Báo cáo quý III", "reported_on": "2025-10-11"}
