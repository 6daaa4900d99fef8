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
