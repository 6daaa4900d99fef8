"""The admin shows the 2025 reform: a draft plan's targets marked "dự thảo", the judging basis named in the target's
explanation, abolished district targets flagged, and why a plan has no targets."""

from datetime import date

import pytest

from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform():
    old = make_province(code="22", era="2008", name="Tỉnh Quảng Ninh")
    new = make_province(code="22", era="2025", name="Thành phố Quảng Ninh")
    link(old, new)
    indicator = make_indicator(unit="percent", name="Tỷ lệ dịch vụ công tích hợp")
    draft = make_plan(province=old, status="draft", number="", title="Dự thảo nghị quyết", issued_on=None)
    district = make_target(plan=draft, indicator=indicator, value="80", level="district")
    plan = make_plan(province=new, number="9/KH-UBND")
    inherited = make_target(plan=plan, indicator=indicator, value="70")
    make_measurement(
        report=make_report(province=old, reported_on=date(2022, 7, 15)), indicator=indicator, value="71.44"
    )
    empty = make_plan(province=old, number="1982/QĐ-UBND", targets_note="Các nguồn hiện có không nêu chỉ tiêu.")
    return {"district": district, "inherited": inherited, "empty": empty}


def test_a_draft_plans_target_is_marked_and_flagged(admin_client, reform):
    page = admin_client.get("/admin/indicators/target/").content.decode()
    page = admin_client.get(f"/admin/indicators/target/{reform['district'].pk}/change/").content.decode()
    assert "dự thảo" in page
    assert "Cấp huyện đã kết thúc từ 01/07/2025" in page
    listed = admin_client.get("/admin/indicators/target/", {"plan__status__exact": "draft"}).content.decode()
    assert "(dự thảo)" in listed


def test_the_basis_is_named(admin_client, reform):
    page = admin_client.get(f"/admin/indicators/target/{reform['inherited'].pk}/change/").content.decode()
    assert "Căn cứ: số liệu của Tỉnh Quảng Ninh (2008-22), đơn vị tiền thân duy nhất" in page
    english = admin_client.get(
        f"/admin/indicators/target/{reform['inherited'].pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Basis: the figure of Tỉnh Quảng Ninh (2008-22), its single predecessor" in english


@pytest.fixture
def merged():
    kon_tum = make_province(code="62", era="2008", name="Tỉnh Kon Tum")
    old = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    new = make_province(code="51", era="2025", name="Tỉnh Quảng Ngãi")
    link(kon_tum, new)
    link(old, new)
    indicator = make_indicator(unit="percent", name="Tỷ lệ hồ sơ trực tuyến")
    target = make_target(
        plan=make_plan(province=new, number="5/KH-UBND"), indicator=indicator, value="60", deadline=date(2030, 12, 31)
    )
    return {"target": target, "indicator": indicator, "kon_tum": kon_tum, "old": old}


def test_a_merged_units_target_names_its_combined_predecessors(admin_client, merged):
    for province, n, d in ((merged["kon_tum"], "100", "400"), (merged["old"], "1200", "1600")):
        make_measurement(
            report=make_report(province=province, reported_on=date(2025, 3, 31)),
            indicator=merged["indicator"],
            value=str(100 * int(n) / int(d)),
            numerator=n,
            denominator=d,
        )
    url = f"/admin/indicators/target/{merged['target'].pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "65% — tính đến 31/03/2025" in page
    assert 'class="dtrack-combined"' in page  # drawn on the chart with the unit's own figures
    assert (
        "Căn cứ: số liệu cùng một ngày của các đơn vị tiền thân Tỉnh Quảng Ngãi (2008-51), Tỉnh Kon Tum (2008-62)"
        in page
    )
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "Basis: the figures of one date of its predecessors Tỉnh Quảng Ngãi (2008-51), Tỉnh Kon Tum (2008-62)"
        in english
    )


def test_a_merged_units_target_says_why_it_has_no_figure(admin_client, merged):
    make_measurement(
        report=make_report(province=merged["old"], reported_on=date(2025, 3, 31)),
        indicator=merged["indicator"],
        value="75",
        numerator="1200",
        denominator="1600",
    )
    page = admin_client.get(f"/admin/indicators/target/{merged['target'].pk}/change/").content.decode()
    assert "Không có số liệu cho đơn vị hợp nhất" in page and "Tỉnh Kon Tum (2008-62) chưa có số liệu ngày đó" in page


def test_a_plan_says_why_it_has_no_targets(admin_client, reform):
    page = admin_client.get(f"/admin/indicators/plan/{reform['empty'].pk}/change/").content.decode()
    assert "Các nguồn hiện có không nêu chỉ tiêu." in page


def test_the_admin_refuses_a_report_outside_its_units_lifetime(admin_client):
    """The admin writes through the same services as the API: the lifetime rule holds there too."""
    from indicators.models import ProgressReport
    from tests.admin.test_forms import report_post

    quang_binh = make_province(code="44", era="2008", name="Tỉnh Quảng Bình")
    data = report_post(
        make_indicator(unit="percent"), "trên 99%", province=str(quang_binh.pk), reported_on="30/11/2026"
    )
    response = admin_client.post("/admin/indicators/progressreport/add/", data, follow=True)
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "Chưa lưu" in shown and "Tỉnh Quảng Bình (2008-44)" in shown and "2025-06-30" in shown
    assert not ProgressReport.objects.exists()
