"""The periodic report (XLSX) through the API and the admin, read back with openpyxl."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.outputs.report_xlsx import HEADER_ROW
from reporting.models import ReportingPeriod, ReportingRegime
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def quang_ngai():
    """The seeds' worked example: Quảng Ngãi's 2025 targets against the figures of 11/10/2024."""
    unit = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    online = make_indicator(code="ho-so-truc-tuyen", name="Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng")
    services = make_indicator(code="dich-vu-cong", name="Số dịch vụ công trực tuyến", unit="count")
    plan = make_plan(province=unit, number="1982/QĐ-UBND", title="Chuyển đổi số tỉnh Quảng Ngãi")
    provincial = make_target(plan=plan, indicator=online, value="90", level="provincial")
    district = make_target(plan=plan, indicator=online, value="80", level="district")
    count = make_target(plan=plan, indicator=services, value="1126.5", deadline=date(2025, 6, 30))
    report = make_report(province=unit, document_number="245/BC-UBND", reported_on=date(2024, 10, 11))
    make_measurement(
        report=report, indicator=online, value="99", level="provincial", qualifier="above", value_text="trên 99%"
    )
    make_measurement(
        report=report, indicator=online, value="88", level="district", qualifier="nearly", value_text="gần 88%"
    )
    regime = ReportingRegime.objects.create(
        name="Báo cáo chuyển đổi số", frequency="quarterly", starts_on=date(2024, 1, 1)
    )
    period = ReportingPeriod.objects.create(
        regime=regime,
        year=2024,
        number=4,
        label="Quý IV/2024",
        window_start=date(2024, 9, 15),
        window_end=date(2024, 12, 14),
        due_on=date(2024, 12, 20),
    )
    return {"unit": unit, "plan": plan, "targets": [provincial, district, count], "period": period}


def read(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active


def table(sheet):
    """The rows below the column headers, as value lists (plan headings included)."""
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]


def test_plan_report_reads_back_with_header_columns_and_vietnamese_labels(client, quang_ngai):
    plan = quang_ngai["plan"]
    sheet = read(client.get(f"/api/v1/plans/{plan.pk}/report.xlsx?as_of=2024-12-01"))
    assert sheet["A1"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU"
    assert sheet["A2"].value == "Đơn vị: Tỉnh Quảng Ngãi"
    assert sheet["A3"].value == "Kế hoạch: 1982/QĐ-UBND — Chuyển đổi số tỉnh Quảng Ngãi"
    assert sheet["A4"].value == "Kỳ báo cáo: —"
    assert sheet["A5"].value.startswith("Đánh giá đến ngày: 01/12/2024")
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers == [
        "STT",
        "Chỉ tiêu",
        "Cấp",
        "Mục tiêu",
        "Thời hạn",
        "Kết quả",
        "Đạt % kế hoạch",
        "Đánh giá",
        "Ghi chú/nguồn",
    ]
    rows = table(sheet)
    assert rows[0][0] == "1982/QĐ-UBND — Chuyển đổi số tỉnh Quảng Ngãi"  # the plan's heading row
    by_result = {row[5]: row for row in rows[1:]}
    provincial = by_result["trên 99%"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert provincial[2] == "cấp tỉnh (cấp bộ, tỉnh)"
    assert provincial[3] == 90 and provincial[4].date() == date(2025, 12, 31)
    assert provincial[6] == pytest.approx(1.1)  # 99 of 90
    assert provincial[7] == "đã đạt"
    assert "Số liệu ngày 11/10/2024" in provincial[8] and "245/BC-UBND" in provincial[8]
    assert by_result["gần 88%"][7] == "đã đạt"  # "gần 88%" meets 80%
    assert by_result["chưa có số liệu"][7] == "chưa có số liệu"


def test_cells_carry_vietnamese_number_and_date_formats(client, quang_ngai):
    sheet = read(client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx?as_of=2024-12-01"))
    rows = {row[5].value: row for row in sheet.iter_rows(min_row=HEADER_ROW + 2)}
    percent, count = rows["trên 99%"], rows["chưa có số liệu"]
    assert percent[3].number_format == '"≥ "#,##0"%"'
    assert count[3].number_format == '"≥ "#,##0.0'  # 1.126,5 in a Vietnamese locale
    assert count[3].value == pytest.approx(1126.5)
    assert percent[4].number_format == "dd/mm/yyyy"
    assert percent[6].number_format == "0.0%"


def test_assessed_on_a_later_date_the_unmet_target_is_missed(client, quang_ngai):
    sheet = read(client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx?as_of=2026-01-01"))
    statuses = {row[5]: row[7] for row in table(sheet)[1:]}
    assert statuses["chưa có số liệu"] == "chưa có số liệu"
    assert statuses["trên 99%"] == "đã đạt"


def test_english_labels_with_accept_language(client, quang_ngai):
    response = client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    sheet = read(response)
    assert [cell.value for cell in sheet[HEADER_ROW]][1] == "Target"
    assert sheet["A2"].value == "Unit: Tỉnh Quảng Ngãi"


def test_period_report_for_a_unit(client, quang_ngai):
    period, unit = quang_ngai["period"], quang_ngai["unit"]
    sheet = read(client.get(f"/api/v1/reporting-periods/{period.pk}/report.xlsx?province={unit.key}"))
    assert sheet["A4"].value == "Kỳ báo cáo: Quý IV/2024 (số liệu từ 15/09/2024 đến 14/12/2024)"
    assert sheet["A5"].value.startswith("Đánh giá đến ngày: 14/12/2024")
    assert len(table(sheet)) == 4  # the plan's heading and its three targets


def test_period_report_keeps_to_the_regime_indicators(client, quang_ngai):
    period = quang_ngai["period"]
    period.regime.indicators.add(quang_ngai["targets"][2].indicator)
    sheet = read(client.get(f"/api/v1/reporting-periods/{period.pk}/report.xlsx?province={quang_ngai['unit'].key}"))
    assert [row[1] for row in table(sheet)[1:]] == ["Số dịch vụ công trực tuyến"]


def test_a_period_that_does_not_exist_is_a_404_in_both_languages(client, quang_ngai):
    response = client.get(f"/api/v1/reporting-periods/999999/report.xlsx?province={quang_ngai['unit'].key}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Không có kỳ báo cáo nào có id 999999."
    english = client.get("/api/v1/reporting-periods/999999/report.xlsx?province=2008-51", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "No reporting period with id 999999."


def test_a_unit_that_does_not_report_in_the_period_is_a_422(client, quang_ngai):
    later = make_province(code="52", era="2025", name="Tỉnh Mới")  # in force from 2025-07-01 only
    response = client.get(f"/api/v1/reporting-periods/{quang_ngai['period'].pk}/report.xlsx?province={later.key}")
    assert response.status_code == 422
    assert "Tỉnh Mới" in response.json()["detail"] and "Quý IV/2024" in response.json()["detail"]
    unknown = client.get(f"/api/v1/reporting-periods/{quang_ngai['period'].pk}/report.xlsx?province=1999-99")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["pointer"] == "#/province"
    missing = client.get(f"/api/v1/reporting-periods/{quang_ngai['period'].pk}/report.xlsx")
    assert missing.status_code == 400


def test_a_plan_that_does_not_exist_and_a_bad_date_are_4xx(client, quang_ngai):
    assert client.get("/api/v1/plans/999999/report.xlsx").status_code == 404
    assert client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx?as_of=01/12/2024").status_code == 400
    json_only = client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx", HTTP_ACCEPT="application/json")
    assert json_only.status_code == 406


def test_the_report_runs_a_constant_number_of_queries(client, quang_ngai, django_assert_max_num_queries):
    plan, indicator = quang_ngai["plan"], quang_ngai["targets"][0].indicator
    url = f"/api/v1/plans/{plan.pk}/report.xlsx?as_of=2024-12-01"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        read(client.get(url))
    for day in range(20):
        make_target(plan=plan, indicator=indicator, value=str(50 + day), deadline=date(2026, 1, 1 + day))
    with CaptureQueriesContext(connection) as many:
        assert len(table(read(client.get(url)))) == 24
    assert len(many) == len(few)


def test_admin_buttons_download_the_report(admin_client, quang_ngai):
    plan, period, unit = quang_ngai["plan"], quang_ngai["period"], quang_ngai["unit"]
    page = admin_client.get(f"/admin/indicators/plan/{plan.pk}/change/").content.decode()
    assert f"/admin/indicators/plan/{plan.pk}/report.xlsx" in page and "Báo cáo định kỳ (XLSX)" in page
    sheet = read(admin_client.get(f"/admin/indicators/plan/{plan.pk}/report.xlsx?as_of=2024-12-01"))
    assert sheet["A2"].value == "Đơn vị: Tỉnh Quảng Ngãi"
    page = admin_client.get(f"/admin/reporting/reportingperiod/{period.pk}/change/").content.decode()
    assert f"/admin/reporting/reportingperiod/{period.pk}/report.xlsx" in page and unit.key in page
    sheet = read(admin_client.get(f"/admin/reporting/reportingperiod/{period.pk}/report.xlsx?province={unit.key}"))
    assert sheet["A4"].value.startswith("Kỳ báo cáo: Quý IV/2024")
    refused = admin_client.get(f"/admin/reporting/reportingperiod/{period.pk}/report.xlsx?province=1999-99")
    assert refused.status_code == 302


def test_share_of_plan_is_result_over_target_or_target_over_result_for_a_ceiling():
    from indicators.rules.plan_share import share_of_plan

    assert share_of_plan("at_least", Decimal(90), Decimal(99)) == Decimal("1.1")
    assert share_of_plan("at_most", Decimal(10), Decimal(5)) == 2
    assert share_of_plan("at_least", Decimal(0), Decimal(5)) is None
    assert share_of_plan("at_least", Decimal(90), None) is None


def test_period_report_of_draft_plans_when_asked(client, quang_ngai):
    period, unit, plan = quang_ngai["period"], quang_ngai["unit"], quang_ngai["plan"]
    plan.status = "draft"
    plan.save()
    url = f"/api/v1/reporting-periods/{period.pk}/report.xlsx?province={unit.key}"
    assert table(read(client.get(url)))[0][0] == "Không có chỉ tiêu nào."
    assert len(table(read(client.get(url + "&plan_status=draft&plan_status=in_force")))) == 4
    assert client.get(url + "&plan_status=cancelled").status_code == 400


def test_a_report_on_an_early_date_is_written(client, quang_ngai):
    """Schemathesis: `as_of=0104-03-10` was a 500 (a date before 1900 in a date cell)."""
    plan = quang_ngai["plan"]
    sheet = read(client.get(f"/api/v1/plans/{plan.pk}/report.xlsx?as_of=0104-03-10"))
    assert sheet["A5"].value.startswith("Đánh giá đến ngày: 10/03/0104")


def test_file_names_keep_the_letter_d_of_dd(client, quang_ngai):
    # Django's slugify drops đ: "1982/QĐ-UBND" read "1982q-ubnd".
    plan = client.get(f"/api/v1/plans/{quang_ngai['plan'].pk}/report.xlsx?as_of=2024-12-01")
    assert plan["Content-Disposition"] == 'attachment; filename="bao-cao-1982qd-ubnd-2024-12-01.xlsx"'
    unit = quang_ngai["unit"]
    period = client.get(f"/api/v1/reporting-periods/{quang_ngai['period'].pk}/report.xlsx?province={unit.key}")
    assert period["Content-Disposition"] == f'attachment; filename="bao-cao-{unit.codename}-quy-iv2024.xlsx"'


@pytest.mark.parametrize(("language", "words"), [("vi", "Ghi chú về chỉ tiêu: "), ("en", "Note on the targets: ")])
def test_plan_report_without_targets_says_why(client, language, words):
    note = "Các nguồn đã có (Kế hoạch 1982/QĐ-UBND và báo cáo năm 2024) không nêu chỉ tiêu định lượng."
    plan = make_plan(province=make_province(code="45", era="2008"), number="1982/QĐ-UBND", targets_note=note)
    sheet = read(client.get(f"/api/v1/plans/{plan.pk}/report.xlsx", HTTP_ACCEPT_LANGUAGE=language))
    values = [row[0] for row in table(sheet)]
    assert values[0] in ("Không có chỉ tiêu nào.", "No targets.")
    assert values[1] == words + note
    plain = make_plan(number="2/KH")
    assert [row[0] for row in table(read(client.get(f"/api/v1/plans/{plain.pk}/report.xlsx")))][1:] == []
