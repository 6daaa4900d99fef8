"""An approved report's page: its figures as text (Vietnamese numbers without trailing zeros, qualifiers in words)
and the steps it went through, with who, when and why (the reason it was returned stays readable)."""

import re

import pytest
from django.contrib.auth import get_user_model

from reporting import workflow
from tests.factories import make_indicator, make_measurement, make_province, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_report():
    staff = get_user_model().objects.create_superuser("lanh-dao", None, "x")
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="a", unit="percent", name="Tỷ lệ hồ sơ xử lý trực tuyến")
    report = make_report(province=province, state="draft")
    make_measurement(
        report=report, indicator=indicator, value="71.4", value_text="ước đạt 71,4%", is_estimate=True, level="commune"
    )
    make_measurement(report=report, indicator=indicator, value="99", qualifier="above", value_text="trên 99%")
    workflow.step("submit", report=report, user=staff)
    workflow.step("return", report=report, user=staff, reason="Thiếu số liệu cấp huyện")
    workflow.step("submit", report=report, user=staff)
    workflow.step("approve", report=report, user=staff)
    return report


def test_an_approved_reports_figures_read_as_text(admin_client, approved_report):
    html = admin_client.get(f"/admin/indicators/progressreport/{approved_report.pk}/change/").content.decode()
    cells = re.findall(r'<td class="field-(value|qualifier)_shown">\s*<p>(.*?)</p>', html, re.S)
    assert sorted(text.strip() for _, text in cells) == sorted(
        ["71,4", "99", "đúng bằng (exact)", "trên, hơn, vượt (above)"]
    )
    assert "71,4000" not in html and "99,0000" not in html
    assert ">exact<" not in html and ">above<" not in html


def test_the_reason_a_report_was_returned_stays_on_its_page(admin_client, approved_report):
    html = admin_client.get(f"/admin/indicators/progressreport/{approved_report.pk}/change/").content.decode()
    table = html.split('class="dtrack-workflow-history"')[1].split("</table>")[0]
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    assert [row[1:] for row in rows if row] == [
        ["lanh-dao", "gửi duyệt", "đã gửi", "–"],
        ["lanh-dao", "trả lại để chỉnh sửa", "bị trả lại", "Thiếu số liệu cấp huyện"],
        ["lanh-dao", "gửi duyệt", "đã gửi", "–"],
        ["lanh-dao", "duyệt", "đã duyệt", "–"],
    ]


def test_the_workflow_history_in_english(client, approved_report):
    client.force_login(get_user_model().objects.get(username="lanh-dao"))
    html = client.get(
        f"/admin/indicators/progressreport/{approved_report.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "return for correction" in html and "Thiếu số liệu cấp huyện" in html and "state after" in html
