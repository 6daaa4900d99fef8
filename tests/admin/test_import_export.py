"""Import of measurements and targets through the admin: a preview first, every error naming its row and column,
nothing saved while any row is wrong; numbers read the Vietnamese way ("71,4" = 71.4, "1.126" = 1126)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from indicators.models import Measurement, Target
from indicators.resources import MeasurementResource, TargetResource
from tests.factories import make_indicator, make_measurement, make_plan, make_report

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the admin's formats, in order


def upload(client, model, content: bytes, name="data.csv", file_format=CSV, **extra):
    return client.post(
        f"/admin/indicators/{model}/import/",
        {"import_file": SimpleUploadedFile(name, content), "format": file_format, "resource": "0"},
        **extra,
    )


def confirm(client, model, preview):
    assert preview.status_code == 200
    form = preview.context.get("confirm_form")
    assert form is not None, preview.content.decode()[-3000:]
    return client.post(f"/admin/indicators/{model}/process_import/", form.initial)


@pytest.fixture
def setting():
    indicator = make_indicator(code="ho-so-truc-tuyen", unit="percent")
    counted = make_indicator(code="dich-vu-cong", unit="count")
    # A draft: figures are imported into a report still being entered (an approved one is locked).
    return {"indicator": indicator, "counted": counted, "report": make_report(state="draft")}


def test_a_malformed_row_is_rejected_naming_row_and_column_and_nothing_is_saved(admin_client, setting):
    report = setting["report"]
    content = (
        "report,indicator,level,as_of,value_text,value\n"
        f"{report.pk},ho-so-truc-tuyen,provincial,11/10/2024,trên 99%,\n"
        f"{report.pk},ho-so-truc-tuyen,district,11/10/2024,99%%,\n"
    ).encode()
    response = upload(admin_client, "measurement", content)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert list(invalid.field_specific_errors) == ["value_text"]
    message = invalid.field_specific_errors["value_text"][0]
    assert message.startswith("Dòng 2 (dòng 3 của tệp), cột “value_text”: Không đọc được số liệu:")
    body = response.content.decode()
    assert "Dòng 2 (dòng 3 của tệp), cột “value_text”" in body
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert 'name="confirm"' not in body
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("{r},ho-so-truc-tuyen,overall,11/10/2024,,abc", "value"),
        ("{r},ho-so-truc-tuyen,overall,31/02/2024,71%,", "as_of"),
        ("{r},khong-co,overall,11/10/2024,71%,", "indicator"),
        ("999999,ho-so-truc-tuyen,overall,11/10/2024,71%,", "report"),
        ("{r},ho-so-truc-tuyen,tinh,11/10/2024,71%,", "level"),
        ("{r},ho-so-truc-tuyen,overall,11/10/2024,trên 99%,98", "value"),
        ("{r},dich-vu-cong,overall,11/10/2024,71%,", "value_text"),
        ("{r},ho-so-truc-tuyen,overall,11/10/2024,,120", "value"),
    ],
)
def test_each_kind_of_bad_cell_names_its_column(admin_client, setting, row, column):
    content = ("report,indicator,level,as_of,value_text,value\n" + row.format(r=setting["report"].pk) + "\n").encode()
    result = upload(admin_client, "measurement", content).context["result"]
    [invalid] = result.invalid_rows
    assert list(invalid.field_specific_errors) == [column]
    assert invalid.field_specific_errors[column][0].startswith(f"Dòng 1 (dòng 2 của tệp), cột “{column}”:")
    assert Measurement.objects.count() == 0


def test_a_valid_csv_reads_vietnamese_numbers_and_imports_after_confirmation(admin_client, setting):
    report = setting["report"]
    content = (
        "\ufeffreport,indicator,level,as_of,value_text,value,qualifier,is_estimate,note\n"
        f'{report.pk},ho-so-truc-tuyen,provincial,2024-10-11,,"71,4",,,bảng 1\n'
        f"{report.pk},dich-vu-cong,overall,11/10/2024,,1.126,approximately,1,\n"
        f"{report.pk},ho-so-truc-tuyen,district,,ước đạt trên 98%,,,,\n"
    ).encode()
    preview = upload(admin_client, "measurement", content)
    assert not preview.context["result"].has_validation_errors()
    assert Measurement.objects.count() == 0  # the preview saves nothing
    response = confirm(admin_client, "measurement", preview)
    assert response.status_code == 302
    rows = {m.level: m for m in Measurement.objects.all()}
    assert rows["provincial"].value == Decimal("71.4")
    assert rows["provincial"].note == "bảng 1"
    assert (rows["overall"].value, rows["overall"].qualifier, rows["overall"].is_estimate) == (
        Decimal(1126),
        "approximately",
        True,
    )
    district = rows["district"]
    assert (district.value, district.qualifier, district.is_estimate) == (Decimal(98), "above", True)
    assert district.as_of == report.reported_on  # left empty: the report's date
    assert district.province_id == report.province_id and district.is_active


def test_an_export_reads_back_unchanged(admin_client, setting):
    report = setting["report"]
    make_measurement(report=report, indicator=setting["indicator"], value="71.4")
    make_measurement(report=report, indicator=setting["counted"], value="1126", level="district")
    make_measurement(
        report=report, indicator=setting["indicator"], value="1", level="commune", value_text="1.223/1.712"
    )
    make_measurement(
        report=report,
        indicator=setting["indicator"],
        value="71.44",
        level="provincial",
        value_text="1.223/1.712",
        numerator=Decimal(1223),
        denominator=Decimal(1712),
    )
    exported = MeasurementResource().export(Measurement.objects.filter(level__in=["overall", "district", "provincial"]))
    text = exported.csv
    assert '"71,4"' in text and "1.126" in text and '"71,44"' in text
    preview = upload(admin_client, "measurement", text.encode())
    result = preview.context["result"]
    assert not result.has_validation_errors() and not result.has_errors()
    assert {row.import_type for row in result.rows} == {"skip"}  # nothing changed


def test_xlsx_cells_import(admin_client, setting):
    report = setting["report"]
    book = Workbook()
    sheet = book.active
    sheet.append(["report", "indicator", "level", "as_of", "value_text", "value"])
    sheet.append([report.pk, "ho-so-truc-tuyen", "overall", date(2024, 10, 11), None, 71.4])
    sheet.append([report.pk, "ho-so-truc-tuyen", "district", "11/10/2024", "gần 88%", None])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(admin_client, "measurement", buffer.getvalue(), name="data.xlsx", file_format=XLSX)
    assert confirm(admin_client, "measurement", preview).status_code == 302
    values = dict(Measurement.objects.values_list("level", "value"))
    assert values == {"overall": Decimal("71.4"), "district": Decimal(88)}


def test_targets_import_and_export(admin_client, setting):
    plan = make_plan(number="1982/QĐ-UBND")
    content = (
        "plan,indicator,level,comparator,value,deadline,baseline_value,baseline_date,source_quote\n"
        '1982/QĐ-UBND,ho-so-truc-tuyen,provincial,≥,90,31/12/2025,"71,4",2021-12-31,"trên 90%"\n'
        f"{plan.pk},dich-vu-cong,overall,at_most,1.126,2030-12-31,,,\n"
    ).encode()
    preview = upload(admin_client, "target", content)
    assert not preview.context["result"].has_validation_errors(), preview.context["result"].invalid_rows
    assert Target.objects.count() == 0
    assert confirm(admin_client, "target", preview).status_code == 302
    first = Target.objects.get(level="provincial")
    assert (first.plan, first.comparator, first.value, first.baseline_value) == (
        plan,
        "at_least",
        Decimal(90),
        Decimal("71.4"),
    )
    assert Target.objects.get(level="overall").value == Decimal(1126)
    exported = TargetResource().export(Target.objects.all()).csv
    assert "ho-so-truc-tuyen" in exported and '"71,4"' in exported and "1.126" in exported
    assert "2025-12-31" in exported


def test_a_bad_target_row_names_row_and_column(admin_client, setting):
    make_plan(number="1982/QĐ-UBND")
    content = (
        "plan,indicator,level,comparator,value,deadline\n"
        "1982/QĐ-UBND,ho-so-truc-tuyen,provincial,at_least,90,31/12/2025\n"
        '1982/QĐ-UBND,ho-so-truc-tuyen,district,at_least,"1,234,5",31/12/2025\n'
        "1982/QĐ-UBND,ho-so-truc-tuyen,commune,sort of,80,31/12/2025\n"
        "1982/QĐ-UBND,ho-so-truc-tuyen,overall,at_least,120,31/12/2025\n"
    ).encode()
    result = upload(admin_client, "target", content).context["result"]
    errors = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4}
    assert errors[4]["value"] == [
        "Dòng 4 (dòng 5 của tệp), cột “value”: Tỷ lệ phần trăm phải từ 0 đến 100, không phải 120."
    ]
    assert errors[2]["value"][0].startswith("Dòng 2 (dòng 3 của tệp), cột “value”:")
    assert errors[3]["comparator"][0].startswith("Dòng 3 (dòng 4 của tệp), cột “comparator”:")
    assert Target.objects.count() == 0


def test_a_duplicate_target_is_a_row_error(admin_client, setting):
    make_plan(number="1982/QĐ-UBND")
    line = "1982/QĐ-UBND,ho-so-truc-tuyen,provincial,at_least,90,31/12/2025\n"
    content = ("plan,indicator,level,comparator,value,deadline\n" + line + line).encode()
    result = upload(admin_client, "target", content).context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert Target.objects.count() == 0


def test_export_view_answers_with_a_csv(admin_client, setting):
    make_measurement(report=setting["report"], indicator=setting["indicator"], value="71.4")
    response = admin_client.post(
        "/admin/indicators/measurement/export/",
        {
            "format": CSV,
            "resource": "0",
            **{f"measurementresource_{name}": "on" for name in MeasurementResource.Meta.fields},
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert '"71,4"' in response.content.decode()


def test_an_unknown_column_is_refused_rather_than_ignored(admin_client, setting):
    content = f"report,indicator,value_text,notes\n{setting['report'].pk},ho-so-truc-tuyen,71%,bảng 1\n".encode()
    response = upload(admin_client, "measurement", content)
    result = response.context["result"]
    assert result.has_errors()
    assert "Cột không biết: notes" in response.content.decode()
    assert Measurement.objects.count() == 0


def test_targets_import_their_parent_responsible_unit_and_reform_fields(admin_client, setting):
    national = make_plan(number="749/QĐ-TTg", province=None)
    make_plan(number="1982/QĐ-UBND")
    parent = Target.objects.create(
        plan=national, indicator=setting["indicator"], unit="percent", level="provincial", comparator="at_least",
        value=Decimal(80), deadline=date(2025, 12, 31),
    )  # fmt: skip
    content = (
        "plan,indicator,level,comparator,value,deadline,parent,responsible_unit,cohort,caveat,caveat_note\n"
        f"1982/QĐ-UBND,ho-so-truc-tuyen,provincial,at_least,90,31/12/2025,{parent.pk},Sở Nội vụ,,"
        "chờ giá trị cơ sở,chưa có số liệu năm gốc\n"
        f"1982/QĐ-UBND,dich-vu-cong,overall,at_least,5,31/12/2025,{parent.pk},,,,\n"
    ).encode()
    result = upload(admin_client, "target", content).context["result"]
    # The cascade's rules hold at the import too: a parent of another indicator is named in its row and column.
    errors = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert list(errors) == [2] and list(errors[2]) == ["parent"], errors
    assert errors[2]["parent"][0].startswith("Dòng 2 (dòng 3 của tệp), cột “parent”:")

    preview = upload(admin_client, "target", b"\n".join(content.split(b"\n")[:2]) + b"\n")
    assert not preview.context["result"].has_validation_errors(), preview.context["result"].invalid_rows
    assert confirm(admin_client, "target", preview).status_code == 302
    child = Target.objects.get(plan__number="1982/QĐ-UBND")
    assert (child.parent, child.responsible_unit, child.caveat, child.caveat_note) == (
        parent, "Sở Nội vụ", "awaiting_baseline", "chưa có số liệu năm gốc"
    )  # fmt: skip
    exported = TargetResource().export(Target.objects.filter(pk=child.pk)).csv
    assert f",{parent.pk},Sở Nội vụ," in exported
