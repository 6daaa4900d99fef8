"""Search in the admin ignores diacritics and case, on SQLite and PostgreSQL alike: "quang tri" finds "Quảng Trị"."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Target
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(sample):
    tri = make_province(code="44", name="Tỉnh Quảng Trị")
    indicator = make_indicator(code="dvc-truc-tuyen", name="Dịch vụ công trực tuyến toàn trình")
    plan = make_plan(
        province=tri, number="1234/KH-UBND", title="Kế hoạch Chuyển đổi số Quảng Trị", issuer="Ban Thường vụ Tỉnh ủy"
    )
    target = make_target(plan=plan, indicator=indicator, value="80", deadline=date(2090, 12, 31))
    report = make_report(province=tri, title="Báo cáo Sở Thông tin và Truyền thông")
    measurement = make_measurement(report=report, indicator=indicator, value="75", value_text="75%")
    return {
        **sample,
        "tri": tri,
        "indicator2": indicator,
        "plan2": plan,
        "target2": target,
        "report2": report,
        "measurement2": measurement,
    }


def found(client, model, term):
    response = client.get(f"/admin/indicators/{model}/", {"q": term})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("model", "term", "key"),
    [
        ("indicator", "dich vu cong", "indicator2"),
        ("indicator", "DỊCH VỤ", "indicator2"),
        ("plan", "chuyen doi so quang tri", "plan2"),
        ("plan", "thuong vu", "plan2"),
        ("plan", "1234/kh", "plan2"),
        ("target", "quang tri", "target2"),
        ("target", "dich vu truc tuyen", "target2"),
        ("progressreport", "so thong tin", "report2"),
        ("progressreport", "quang tri", "report2"),
        ("measurement", "quang tri", "measurement2"),
        ("measurement", "toan trinh", "measurement2"),
    ],
)
def test_search_ignores_diacritics(admin_client, rows, model, term, key):
    assert found(admin_client, model, term) == {rows[key]}


def test_every_word_must_match(admin_client, rows):
    assert found(admin_client, "plan", "quang ngai") == {rows["plan"]}
    assert found(admin_client, "plan", "quang khong-co") == set()


def test_autocomplete_folds_too(admin_client, rows):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "indicators", "model_name": "target", "field_name": "indicator", "term": "dich vu"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["Dịch vụ công trực tuyến toàn trình"]


def test_status_filter_and_ordering_use_the_assessment(admin_client, rows):
    response = admin_client.get("/admin/indicators/target/", {"status": "achieved"})
    assert set(response.context["cl"].result_list) == {rows["target"]}
    response = admin_client.get(
        "/admin/indicators/target/", {"o": "-3"}
    )  # status (after indicator and level), worst first
    assert [t.status for t in response.context["cl"].result_list] == ["insufficient_data", "achieved"]
    response = admin_client.get("/admin/indicators/target/", {"plan__province__id__exact": rows["tri"].pk})
    assert set(response.context["cl"].result_list) == {rows["target2"]}
    response = admin_client.get(
        "/admin/indicators/target/", {"deadline_year": "2090", "indicator__pillar__exact": "chinh_quyen_so"}
    )
    assert set(response.context["cl"].result_list) == {rows["target2"]}


def test_target_export_from_the_assessed_list(admin_client, rows):
    response = admin_client.post(
        "/admin/indicators/target/export/?status=achieved",
        {
            "format": "0",
            "resource": "1",  # the import's columns; "0" is the assessed export (indicators/outputs/admin_export.py)
            **{f"targetresource_{name}": "on" for name in ("id", "plan", "indicator", "value")},
        },
    )
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert lines[0].strip() == "id,plan,indicator,value"
    assert lines[1:] == [f"{rows['target'].pk},{rows['plan'].pk},ho-so-truc-tuyen,90"]


def test_a_relative_target_needs_no_value(admin_client, rows):
    counted = make_indicator(code="thu-tuc", name="Số thủ tục hành chính", unit="count")
    data = {
        "plan": rows["plan"].pk,
        "indicator": counted.pk,
        "level": "overall",
        "comparator": "at_most",
        "value": "",
        "relative_change": "-20",
        "deadline": "31/12/2030",
        "baseline_value": "200",
        "baseline_date": "31/12/2021",
        "source_quote": "cắt giảm tối thiểu 20% so với hiện nay",
        "source_note": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/indicators/target/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target = Target.objects.get(deadline=date(2030, 12, 31))
    assert target.value == Decimal(160)


def test_a_target_outside_its_unit_is_a_form_error_not_a_crash(admin_client, rows):
    data = {
        "plan": rows["plan"].pk,
        "indicator": rows["indicator"].pk,
        "level": "district",
        "comparator": "at_least",
        "value": "120",
        "relative_change": "",
        "deadline": "31/12/2030",
        "baseline_value": "",
        "baseline_date": "",
        "source_quote": "",
        "source_note": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/indicators/target/add/", data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["value"]
