"""The import page lists every row error in the open (row, column, reason), counts the rows, and shows a
"đang xử lý" state while a file is read (no script from a CDN)."""

import pytest

from tests.admin.test_import_export import upload
from tests.factories import make_indicator, make_report

pytestmark = pytest.mark.django_db


def test_errors_are_listed_inline_with_row_column_and_reason(admin_client):
    make_indicator(code="ho-so-truc-tuyen", unit="percent")
    report = make_report(state="draft")
    content = (
        "report,indicator,level,as_of,value_text,value\n"
        f"{report.pk},ho-so-truc-tuyen,provincial,11/10/2024,trên 99%,\n"
        f"{report.pk},ho-so-truc-tuyen,district,31/02/2024,99%%,\n"
        f"{report.pk},khong-co,district,11/10/2024,71%,\n"
    ).encode()
    response = upload(admin_client, "measurement", content)
    html = response.content.decode()
    table = html.split('id="dtrack-import-errors"')[1].split("</table>")[0]
    rows = table.count('class="dtrack-import-error"')
    assert rows >= 3  # two bad cells on row 2, one on row 3
    assert '<td class="dtrack-row">2</td><td class="dtrack-column">value_text</td>' in table
    assert '<td class="dtrack-row">3</td><td class="dtrack-column">indicator</td>' in table
    assert "Không đọc được số liệu" in table
    assert "2 dòng lỗi trên 3 dòng của tệp." in html
    assert "validation-error-count" not in html  # no hover badge


def test_the_form_shows_a_processing_state_without_a_cdn(admin_client):
    html = admin_client.get("/admin/indicators/measurement/import/").content.decode()
    assert 'id="dtrack-processing"' in html and "Đang xử lý tệp" in html
    assert "dtrack-busy" in html
    assert "https://" not in "".join(part.split(">")[0] for part in html.split("<script")[1:])


def test_a_valid_preview_counts_its_rows(admin_client):
    make_indicator(code="ho-so-truc-tuyen", unit="percent")
    report = make_report(state="draft")
    content = (
        "report,indicator,level,as_of,value_text,value\n"
        f"{report.pk},ho-so-truc-tuyen,provincial,11/10/2024,71%,\n"
        f"{report.pk},ho-so-truc-tuyen,district,11/10/2024,72%,\n"
    ).encode()
    html = upload(admin_client, "measurement", content).content.decode()
    assert "Tệp có 2 dòng: 2 thêm mới, 0 cập nhật, 0 bỏ qua." in html


def test_english_on_request(admin_client):
    html = admin_client.get("/admin/indicators/measurement/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Processing the file" in html


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("vi", "Báo cáo đang ở trạng thái đã duyệt: không sửa được."),
        ("en", "This report is approved: it cannot be changed."),
    ],
)
def test_a_figure_for_an_approved_report_is_a_row_error_with_the_states_label(admin_client, language, reason):
    make_indicator(code="ho-so-truc-tuyen", unit="percent")
    report = make_report()  # approved
    content = f"report,indicator,level,as_of,value_text\n{report.pk},ho-so-truc-tuyen,provincial,,71%\n".encode()
    html = upload(admin_client, "measurement", content, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    table = html.split('id="dtrack-import-errors"')[1].split("</table>")[0]
    assert '<td class="dtrack-row">1</td><td class="dtrack-column">report</td>' in table
    assert reason in table
    assert "approved:" not in table.replace(reason, "") and "trạng thái approved" not in html
    assert "Dòng số" not in html and "Line number" not in html  # not django-import-export's raw list


def test_a_refusal_when_writing_is_a_row_error_too(admin_client, monkeypatch):
    from indicators import services
    from indicators.services.common import ReportLocked

    def refuse(**kwargs):
        raise ReportLocked("The period of this report is closed for its unit; only staff can unlock it.")

    monkeypatch.setattr(services, "measurement_save", refuse)
    make_indicator(code="ho-so-truc-tuyen", unit="percent")
    report = make_report(state="draft")
    content = f"report,indicator,level,as_of,value_text\n{report.pk},ho-so-truc-tuyen,provincial,,71%\n".encode()
    html = upload(admin_client, "measurement", content, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html.split('id="dtrack-import-errors"')[1].split("</table>")[0]
    assert '<td class="dtrack-row">1</td><td class="dtrack-column">–</td>' in table
    assert "only staff can unlock it" in table
    assert "Line number" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "vi",
            "Dòng 3 của tệp có nhiều cột hơn tiêu đề (6 cột, tiêu đề có 5); số có dấu phẩy phải đặt trong ngoặc kép",
        ),
        ("en", "Line 3 of the file has more columns than the header (6, the header has 5); a number with a comma"),
    ],
)
def test_an_unquoted_decimal_comma_names_its_line(admin_client, language, message):
    make_indicator(code="ho-so-truc-tuyen", unit="percent")
    report = make_report(state="draft")
    content = (
        "\ufeffreport,indicator,level,as_of,value_text\n"
        f"{report.pk},ho-so-truc-tuyen,provincial,,trên 99%\n"
        f"{report.pk},ho-so-truc-tuyen,district,,ước đạt 71,4%\n"
    ).encode()
    html = upload(admin_client, "measurement", content, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert message in html.replace("&quot;", '"')
    assert "InvalidDimensions" not in html
