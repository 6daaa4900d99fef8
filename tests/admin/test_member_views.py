"""Province members who may not plan (a reporter, an approver) still see how their province's targets stand: the
target and plan pages read only, with their status, for their province and its predecessors; the index's overview
within them (accounts/policy.py, `MEMBER_VIEWS`)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Membership, Role
from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    new = make_province(code="51", name="Tỉnh Quảng Ngãi")
    old = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi cũ")
    kon_tum = make_province(code="62", era="2008", name="Tỉnh Kon Tum")
    link(old, new)
    link(kon_tum, new)
    other = make_province(code="01", name="Thành phố Hà Nội")
    indicator = make_indicator(code="a")
    own_plan = make_plan(province=new, number="12/KH-UBND")
    targets = {
        "own": make_target(plan=own_plan, indicator=indicator, level="provincial", value=90),
        "old": make_target(plan=make_plan(province=old, number="1982/QĐ-UBND"), indicator=indicator, value=90),
        "other": make_target(plan=make_plan(province=other, number="99/KH-UBND"), indicator=indicator, value=90),
        "national": make_target(plan=make_plan(number="749/QĐ-TTg"), indicator=indicator, value=50),
    }
    make_measurement(
        report=make_report(province=new, state="approved"),
        indicator=indicator,
        value=95,
        level="provincial",
        as_of=date(2025, 10, 1),
    )
    return {"province": new, "plan": own_plan, "targets": targets}


def client_for(world, role):
    user = get_user_model().objects.create_user(f"u-{role}", None, "x")
    Membership.objects.create(user=user, province=world["province"], role=role)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.REPORTER, Role.APPROVER])
def test_members_read_their_provinces_targets_with_status(world, role):
    client, targets = client_for(world, role), world["targets"]
    response = client.get("/admin/indicators/target/")
    assert response.status_code == 200
    shown = {target.pk for target in response.context["cl"].result_list}
    assert shown == {targets["own"].pk, targets["old"].pk}  # the province and its predecessors, nothing else
    html = response.content.decode()
    assert "dtrack-status-achieved" in html and "column-status_display" in html
    assert "/admin/indicators/target/add/" not in html  # read only: no add button

    page = client.get(f"/admin/indicators/target/{targets['own'].pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False and page.context["has_delete_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    assert "đã đạt" in page.content.decode()
    # Nothing written through a crafted POST.
    assert client.post(f"/admin/indicators/target/{targets['own'].pk}/change/", {"value": "1"}).status_code == 403
    assert client.get("/admin/indicators/target/add/").status_code == 403

    plan_page = client.get(f"/admin/indicators/plan/{world['plan'].pk}/change/")
    assert plan_page.status_code == 200 and 'name="_save"' not in plan_page.content.decode()
    assert client.get(f"/admin/indicators/plan/{world['plan'].pk}/report.xlsx").status_code == 200


@pytest.mark.parametrize("role", [Role.REPORTER, Role.APPROVER])
def test_members_index_shows_targets_and_the_overview_of_their_province(world, role):
    response = client_for(world, role).get("/admin/")
    html = response.content.decode()
    assert "/admin/indicators/target/" in html and "/admin/indicators/plan/" in html
    rows = {row.label: row.total for row in response.context["overview"]["provinces"]}
    assert rows == {"Quảng Ngãi": 1, "Quảng Ngãi cũ": 1}
    assert 'class="dtrack-overview-chart"' in html
