"""/api/v1/measurements/: figures on their own, with value_text read the Vietnamese way."""

from datetime import date

import pytest

from indicators.models import Measurement
from tests.api import assert_problem
from tests.crud import ResourceCRUD
from tests.factories import link, make_indicator, make_measurement, make_province, make_report

pytestmark = pytest.mark.django_db

URL = "/api/v1/measurements/"


@pytest.fixture
def world():
    old = make_province(code="62", era="2008", name="Tỉnh Kon Tum")
    new = make_province(code="51", era="2025", name="Tỉnh Quảng Ngãi")
    link(old, new)
    share = make_indicator(code="ty-le", name="Tỷ lệ người dân có tài khoản định danh")
    count = make_indicator(code="so-luong", name="Số hồ sơ", unit="count")
    rank = make_indicator(code="xep-hang", name="Xếp hạng DTI", unit="rank")
    old_report = make_report(province=old, reported_on=date(2024, 10, 11), document_number="1/BC", state="draft")
    new_report = make_report(province=new, reported_on=date(2025, 10, 1), document_number="2/BC", state="draft")
    return {
        "old": old,
        "new": new,
        "share": share,
        "count": count,
        "rank": rank,
        "old_report": old_report,
        "new_report": new_report,
    }


def post(client, data):
    return client.post(URL, data, content_type="application/json")


def patch(client, measurement, data):
    return client.patch(f"{URL}{measurement.pk}/", data, content_type="application/json")


def test_create_with_value_text_defaults_as_of_to_the_report_date(client, world):
    response = post(
        client, {"report": world["new_report"].pk, "indicator": world["share"].pk, "value_text": "ước đạt 71,4%"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    assert (body["value"], body["qualifier"], body["is_estimate"], body["as_of"]) == (
        "71.4000",
        "exact",
        True,
        "2025-10-01",
    )
    assert body["report"] == {
        "id": world["new_report"].pk,
        "document_number": "2/BC",
        "title": world["new_report"].title,
        "reported_on": "2025-10-01",
    }
    assert body["province"]["key"] == "2025-51" and body["unit"] == "percent" and body["is_active"] is True
    assert body["indicator"]["code"] == "ty-le"


def test_create_structured_and_rank(client, world):
    structured = post(
        client,
        {
            "report": world["old_report"].pk,
            "indicator": world["count"].pk,
            "value": "1126",
            "as_of": "2024-09-30",
            "level": "district",
            "note": "hồ sơ",
        },
    )
    assert structured.status_code == 201, structured.content
    assert (structured.json()["level"], structured.json()["as_of"]) == ("district", "2024-09-30")
    rank = post(client, {"report": world["old_report"].pk, "indicator": world["rank"].pk, "value_text": "thứ 3/63"})
    assert (rank.json()["value"], rank.json()["denominator"]) == ("3.0000", "63.0000")


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"indicator": "count", "value_text": "71,4%"}, "#/value_text"),  # a percentage for a count
        ({"indicator": "share", "value_text": "trên 99%", "is_estimate": True}, "#/is_estimate"),
        ({"indicator": "share", "value_text": "chưa có số liệu"}, "#/value_text"),
        ({"indicator": "share", "value": "-1"}, "#/value"),
        ({"indicator": "rank", "value": "2.5"}, "#/value"),
        ({"indicator": "share", "value": "5", "numerator": "-1"}, "#/numerator"),
        ({"indicator": "share"}, "#/value"),
    ],
)
def test_invalid_figure_is_a_400_naming_the_field(client, world, fields, pointer):
    data = {"report": world["old_report"].pk, **fields, "indicator": world[fields["indicator"]].pk}
    body = assert_problem(post(client, data), 422, type_uri="/problems/rule")
    assert [error["pointer"] for error in body["errors"]] == [pointer]
    assert not Measurement.objects.exists()


def test_deleted_report_takes_no_figures(client, world):
    client.delete(f"/api/v1/progress-reports/{world['old_report'].pk}/")
    body = assert_problem(
        post(client, {"report": world["old_report"].pk, "indicator": world["share"].pk, "value": "5"}),
        422,
        type_uri="/problems/unknown-reference",
    )
    assert body["errors"][0]["pointer"] == "#/report"


def test_a_figure_is_dated_at_most_at_the_end_of_its_reports_year(client, world):
    # Report 1/BC is dated 2024-10-11: an estimate for 31/12/2024 is fine, a figure for 2025 or 2099 is not.
    base = {"report": world["old_report"].pk, "indicator": world["share"].pk, "value_text": "ước đạt 90%"}
    estimate = post(client, {**base, "as_of": "2024-12-31"})
    assert estimate.status_code == 201, estimate.content
    for as_of, code in (("2025-01-01", "after_report_year"), ("0001-01-01", "out_of_range")):
        body = assert_problem(post(client, {**base, "as_of": as_of}), 422, type_uri="/problems/rule")
        assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/as_of", code)], body
    row = Measurement.objects.get(pk=estimate.json()["id"])
    body = assert_problem(patch(client, row, {"as_of": "2099-01-01"}), 422, type_uri="/problems/rule")
    assert "31/12/2024" in body["errors"][0]["detail"] or "2024-12-31" in body["errors"][0]["detail"]
    assert Measurement.objects.get(pk=row.pk).as_of == date(2024, 12, 31)


def test_update_rereads_value_text_and_checks_agreement(client, world):
    measurement = post(
        client, {"report": world["old_report"].pk, "indicator": world["share"].pk, "value_text": "trên 99%"}
    ).json()
    row = Measurement.objects.get(pk=measurement["id"])
    new_text = patch(client, row, {"value_text": "gần 88%"})
    assert new_text.status_code == 200, new_text.content
    assert (new_text.json()["value"], new_text.json()["qualifier"]) == ("88.0000", "nearly")
    # Structured fields alone must agree with the stored text…
    body = assert_problem(patch(client, row, {"value": "90"}), 422, type_uri="/problems/rule")
    assert [error["pointer"] for error in body["errors"]] == ["#/value"]
    # …or replace it, clearing the text.
    cleared = patch(client, row, {"value": "90", "value_text": "", "qualifier": "exact"}).json()
    assert (cleared["value"], cleared["qualifier"], cleared["value_text"]) == ("90.0000", "exact", "")
    note = patch(client, row, {"note": "theo báo cáo"}).json()
    assert (note["value"], note["note"]) == ("90.0000", "theo báo cáo")


def test_moving_a_figure_to_another_report_takes_its_province(client, world):
    row = make_measurement(report=world["old_report"], indicator=world["share"], value="40")
    # Its date must fall in the new unit's lifetime too (2025-51 exists since 2025-07-01).
    refused = patch(client, row, {"report": world["new_report"].pk})
    assert assert_problem(refused, 422, type_uri="/problems/rule")["errors"][0]["pointer"] == "#/as_of"
    moved = patch(client, row, {"report": world["new_report"].pk, "as_of": "2025-10-01"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["province"]["key"] == "2025-51"


def test_delete(client, world):
    row = make_measurement(report=world["old_report"], indicator=world["share"], value="40")
    assert client.delete(f"{URL}{row.pk}/").status_code == 204
    assert not Measurement.objects.exists()


def test_list_filters_and_ordering(client, world):
    a = make_measurement(report=world["old_report"], indicator=world["share"], value="40", as_of=date(2023, 12, 31))
    b = make_measurement(report=world["old_report"], indicator=world["count"], value="12", level="commune")
    c = make_measurement(report=world["new_report"], indicator=world["share"], value="60")
    deleted = make_report(province=world["new"], reported_on=date(2025, 11, 1))
    d = make_measurement(report=deleted, indicator=world["share"], value="70")
    client.delete(f"/api/v1/progress-reports/{deleted.pk}/")

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(include_deleted="true") == [d.pk, c.pk, b.pk, a.pk]
    assert ids(ordering="as_of") == [a.pk, b.pk, c.pk]
    assert ids(province=world["new"].key) == [c.pk]
    assert ids(province=world["new"].key, include_predecessors="true") == [c.pk, b.pk, a.pk]
    assert ids(province=world["old"].key, include_predecessors="true") == [c.pk, b.pk, a.pk]
    assert ids(indicator=world["share"].pk) == [c.pk, a.pk]
    assert ids(level="commune") == [b.pk]
    assert ids(report=world["old_report"].pk) == [b.pk, a.pk]
    assert ids(as_of_after="2024-01-01", as_of_before="2024-12-31") == [b.pk]
    assert_problem(client.get(URL, {"level": "village"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(URL, {"as_of_before": "2024"}), 400, type_uri="/problems/validation")


class TestMeasurementCRUD(ResourceCRUD):
    url, model = URL, Measurement
    update_data = {"note": "Số liệu ước tính"}

    def make(self):
        report = make_report(province=make_province(), reported_on=date(2025, 10, 1), state="draft")
        return make_measurement(report=report, indicator=make_indicator(), value=50)

    def create_data(self):
        report = make_report(province=make_province(), reported_on=date(2025, 10, 1), state="draft")
        return {"report": report.pk, "indicator": make_indicator().pk, "value": "50"}
