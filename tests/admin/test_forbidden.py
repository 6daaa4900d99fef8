"""A province member who opens what is not theirs is told so in Vietnamese, on a styled page (403)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Membership, Role
from tests.factories import make_indicator, make_plan, make_province, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    user = get_user_model().objects.create_user("can-bo-tinh", "tinh@example.invalid", "x")
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    Membership.objects.create(user=user, province=province, role=Role.PLANNER)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client, province


def test_member_opening_a_national_target_sees_not_in_your_province(member):
    client, province = member
    indicator = make_indicator(code="a")
    national = make_target(plan=make_plan(number="749/QĐ-TTg"), indicator=indicator, value=90)
    own = make_target(plan=make_plan(province=province, number="1982/QĐ-UBND"), indicator=indicator, value=90)

    response = client.get(f"/admin/indicators/target/{national.pk}/change/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Mục này không thuộc tỉnh của bạn" in html
    assert "không tồn tại" not in html and 'id="site-name"' in html
    assert client.get(f"/admin/indicators/target/{own.pk}/change/").status_code == 200
    # A row that does not exist at all is still Django's "does not exist" redirect.
    assert client.get("/admin/indicators/target/999999/change/").status_code == 302


def test_a_403_outside_the_api_is_the_styled_vietnamese_page(member):
    client, _ = member
    response = client.get("/admin/indicators/target/import/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền truy cập" in html and 'id="site-name"' in html


@pytest.mark.parametrize("role", [Role.REPORTER, Role.APPROVER])
def test_reporters_and_approvers_get_the_not_in_your_province_page(role):
    """A member who may not plan is told a national target or another province's figure is not theirs, with a link
    to their own list; an id that does not exist stays Django's "does not exist"."""
    from tests.factories import make_measurement, make_report

    user = get_user_model().objects.create_user(f"can-bo-{role}", None, "x")
    province, other = make_province(code="51", name="Tỉnh Quảng Ngãi"), make_province(code="01", name="Hà Nội")
    Membership.objects.create(user=user, province=province, role=role)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    indicator = make_indicator(code="a")
    national = make_target(plan=make_plan(number="749/QĐ-TTg"), indicator=indicator, value=90)
    figure = make_measurement(report=make_report(province=other), indicator=indicator, value="50")

    for url, own_list in [
        (f"/admin/indicators/target/{national.pk}/change/", "/admin/indicators/target/"),
        (f"/admin/indicators/target/{national.pk}/history/", "/admin/indicators/target/"),
        (f"/admin/indicators/target/{national.pk}/delete/", "/admin/indicators/target/"),
        (f"/admin/indicators/measurement/{figure.pk}/history/", "/admin/indicators/measurement/"),
        (f"/admin/indicators/measurement/{figure.pk}/change/", "/admin/indicators/measurement/"),
        (f"/admin/indicators/progressreport/{figure.report_id}/change/", "/admin/indicators/progressreport/"),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "Mục này không thuộc tỉnh của bạn" in html and "Không có quyền truy cập" not in html, url
        assert f'href="{own_list}"' in html, url
        assert client.get(own_list).status_code == 200, own_list
    missing = client.get("/admin/indicators/measurement/999999/change/")
    assert missing.status_code == 302 and missing["Location"] == "/admin/"
    missing = client.get("/admin/indicators/target/999999/change/")
    assert missing.status_code == 302 and missing["Location"] == "/admin/"
