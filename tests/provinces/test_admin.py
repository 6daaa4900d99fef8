import pytest
from django.contrib import admin

from provinces.models import Province

pytestmark = pytest.mark.django_db


def test_admin_is_read_only(admin_client, provinces, rf, admin_user):
    model_admin = admin.site._registry[Province]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)
    assert admin_client.get("/admin/provinces/province/add/").status_code == 403


def test_admin_search_ignores_diacritics(admin_client, provinces):
    response = admin_client.get("/admin/provinces/province/", {"q": "quang tri"})
    assert response.status_code == 200
    assert {p.key for p in response.context["cl"].result_list} == {"2025-44", "2008-45"}
    response = admin_client.get("/admin/provinces/province/", {"q": "ĐÀ NẴNG", "era": "2025"})
    assert [p.key for p in response.context["cl"].result_list] == ["2025-48"]


def test_admin_change_page_shows_successions(admin_client, provinces):
    unit = Province.objects.get(key="2025-44")
    response = admin_client.get(f"/admin/provinces/province/{unit.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tỉnh Quảng Bình (2008)" in body and "Nghị quyết 202/2025/QH15" in body
