"""Every admin page of the indicators app answers 200 for a superuser, in Vietnamese and in English."""

import pytest

pytestmark = pytest.mark.django_db

MODELS = {
    "indicator": "indicator",
    "plan": "plan",
    "target": "target",
    "progressreport": "report",
    "measurement": "measurement",
}


@pytest.mark.parametrize(("model", "key"), MODELS.items())
def test_every_page_answers(admin_client, sample, model, key):
    pk = sample[key].pk
    for url in (
        f"/admin/indicators/{model}/",
        f"/admin/indicators/{model}/add/",
        f"/admin/indicators/{model}/{pk}/change/",
        f"/admin/indicators/{model}/{pk}/history/",
        f"/admin/indicators/{model}/{pk}/delete/",
    ):
        response = admin_client.get(url)
        # The sample report is approved, so its figures are locked (docs/reporting.md): no delete page for them.
        locked = model == "measurement" and url.endswith("/delete/")
        assert response.status_code == (403 if locked else 200), url


@pytest.mark.parametrize("model", ["reportingregime", "reportingperiod", "obligation", "reminder", "evidence"])
def test_every_reporting_page_answers(admin_client, sample, model):
    assert admin_client.get(f"/admin/reporting/{model}/").status_code == 200
    assert admin_client.get("/admin/reporting/obligation/compliance/").status_code == 200


@pytest.mark.parametrize("model", ["target", "measurement"])
def test_import_and_export_pages_answer(admin_client, sample, model):
    assert admin_client.get(f"/admin/indicators/{model}/import/").status_code == 200
    assert admin_client.get(f"/admin/indicators/{model}/export/").status_code == 200


def test_history_lists_the_changes(admin_client, sample):
    plan = sample["plan"]
    plan.title = "Kế hoạch đã sửa"
    plan.save()
    body = admin_client.get(f"/admin/indicators/plan/{plan.pk}/history/").content.decode()
    assert body.count("/history/") >= 2  # one link per historical record


def test_labels_are_vietnamese_by_default_and_english_on_request(admin_client, sample):
    vi = admin_client.get("/admin/indicators/target/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Chọn chỉ tiêu để thay đổi" in vi
    assert "trạng thái" in vi and "đã đạt" in vi and "Nhập" in vi and "Xuất" in vi
    en = admin_client.get("/admin/indicators/target/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Select target to change" in en
    assert "achieved" in en and "Import" in en and "Export" in en
    assert "chỉ tiêu" not in en


def test_index_lists_the_models_in_both_languages(admin_client, sample):
    vi = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for label in ("Chỉ tiêu", "Báo cáo kết quả", "Số liệu", "Kế hoạch, văn bản", "Chỉ số"):
        assert label in vi
    en = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Vietnamese has one form for singular and plural, so the models' plural names translate to the singular.
    for label in ("Targets and results", "Target", "Progress report", "Measurement", "Plan", "Indicator"):
        assert label in en
    # The index's own title, not Django's "Site quản trị hệ thống."
    assert "Tổng quan chỉ tiêu theo tỉnh và văn bản" in vi and "Site quản trị" not in vi
    assert "Targets by province and plan" in en and "Site administration" not in en
