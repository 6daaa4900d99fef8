"""The admin's target export: assessment columns with Vietnamese labels; the import's columns still offered."""

import csv
import io
from datetime import date

import pytest
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from indicators.outputs.admin_export import TargetAssessmentResource
from indicators.resources import TargetResource
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    unit = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="ho-so", name="Hồ sơ xử lý trực tuyến")
    target = make_target(
        plan=make_plan(province=unit, number="1982/QĐ-UBND"), indicator=indicator, value="90.5", level="provincial"
    )
    make_measurement(
        report=make_report(province=unit), indicator=indicator, value="99", level="provincial", qualifier="above"
    )
    return target


def post_export(admin_client, file_format, resource: int, fields):
    name = ("targetassessmentresource", "targetresource")[resource]
    return admin_client.post(
        "/admin/indicators/target/export/",
        {"format": str(file_format), "resource": str(resource), **{f"{name}_{field}": "on" for field in fields}},
    )


def test_the_admin_export_has_the_assessment_with_vietnamese_labels(admin_client, target):
    fields = TargetAssessmentResource._meta.fields
    response = post_export(admin_client, 0, 0, fields)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Kế hoạch"] == "1982/QĐ-UBND"  # the plan by its number, not its id
    assert rows[0]["Đánh giá"] == "đã đạt" and rows[0]["Tình trạng thời hạn"] == "đạt đúng hạn"
    assert rows[0]["Mục tiêu"] == "90,5" and rows[0]["Thời hạn"] == "31/12/2025"
    assert rows[0]["Kết quả"] == "trên 99%" and rows[0]["Còn thiếu so với mục tiêu"] == "0"


def test_the_admin_xlsx_export_has_number_and_date_cells(admin_client, target):
    formats = [CSV, XLSX]
    response = post_export(admin_client, formats.index(XLSX), 0, TargetAssessmentResource._meta.fields)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Mục tiêu"] == 90.5 and row["Thời hạn"].date() == date(2025, 12, 31)


def test_the_import_columns_are_still_offered_for_a_round_trip(admin_client, target):
    response = post_export(admin_client, 0, 1, TargetResource.Meta.fields)
    assert response.status_code == 200
    assert response.content.decode().startswith("id,plan,indicator,level")
