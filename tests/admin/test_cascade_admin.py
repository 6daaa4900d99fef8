"""The cascade in the admin: a parent's page lists its children with their statuses, the list shows and filters
the flags, and the form refuses a cycle with the API's message."""

from datetime import date

import pytest

from indicators.cascade import refresh_flags
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

URL = "/admin/indicators/target/"


@pytest.fixture
def cascade():
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(unit="percent", name="Tỷ lệ hồ sơ xử lý trực tuyến")
    parent = make_target(
        plan=make_plan(number="749/QĐ-TTg", issued_on=date(2020, 6, 3)), indicator=indicator, value="90"
    )
    plan = make_plan(province=province, number="1/KH-UBND")
    met = make_target(
        plan=plan,
        indicator=indicator,
        value="90",
        level="provincial",
        parent=parent,
        responsible_unit="Sở Thông tin và Truyền thông",
    )
    looser = make_target(plan=plan, indicator=indicator, value="60", level="commune", parent=parent)
    rival = make_target(
        plan=make_plan(province=province, number="2/KH-UBND"), indicator=indicator, value="95", level="commune"
    )
    refresh_flags([indicator.pk])
    make_measurement(
        report=make_report(province=province), indicator=indicator, value="99", level="provincial", qualifier="above"
    )
    return {"parent": parent, "met": met, "looser": looser, "rival": rival}


def test_a_parent_page_lists_its_children_with_their_statuses(admin_client, cascade):
    page = admin_client.get(f"{URL}{cascade['parent'].pk}/change/").content.decode()
    assert "Chỉ tiêu cấp dưới theo trạng thái:" in page
    assert "Sở Thông tin và Truyền thông" in page
    assert "dtrack-status-achieved" in page and "dtrack-status-no_data" in page
    assert "lỏng hơn chỉ tiêu cấp trên" in page  # the looser child's flag, in its row


def test_the_list_shows_and_filters_the_flags(admin_client, cascade):
    flagged = admin_client.get(URL, {"flag": "looser_value"}).content.decode()
    assert f"/admin/indicators/target/{cascade['looser'].pk}/change/" in flagged
    assert f"/admin/indicators/target/{cascade['met'].pk}/change/" not in flagged
    competing = admin_client.get(URL, {"flag": "competing"}).content.decode()
    assert "mâu thuẫn với văn bản khác" in competing
    assert f"/admin/indicators/target/{cascade['rival'].pk}/change/" in competing
    page = admin_client.get(f"{URL}{cascade['rival'].pk}/change/").content.decode()
    assert "Mâu thuẫn với chỉ tiêu:" in page and f"#{cascade['looser'].pk}" in page


def test_the_form_refuses_a_cycle(admin_client, cascade):
    parent = cascade["parent"]
    form = {
        "plan": parent.plan_id,
        "indicator": parent.indicator_id,
        "level": "overall",
        "comparator": "at_least",
        "value": "90",
        "deadline": "31/12/2025",
        "parent": cascade["met"].pk,
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"{URL}{parent.pk}/change/", form)
    assert response.status_code == 200
    assert "không thể cụ thể hóa chỉ tiêu cấp dưới của chính nó" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent_id is None
