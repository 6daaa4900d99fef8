"""Deleting a progress report in the admin hides it and its figures; an action restores them; history keeps all."""

import pytest
from django.utils import timezone

from indicators.models import Measurement, ProgressReport, Target
from tests.factories import assessed, make_report

pytestmark = pytest.mark.django_db


def status_of(target):
    return assessed(target, timezone.localdate()).assessment.status


def test_delete_hides_the_report_and_restore_brings_it_back(admin_client, sample):
    report, target = sample["report"], sample["target"]
    assert status_of(target) == "achieved"

    page = admin_client.get(f"/admin/indicators/progressreport/{report.pk}/delete/").content.decode()
    assert "có thể khôi phục" in page  # the page says it is a soft delete
    response = admin_client.post(f"/admin/indicators/progressreport/{report.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    report.refresh_from_db()
    assert report.deleted_at is not None
    assert ProgressReport.objects.filter(pk=report.pk).exists()  # nothing is deleted for real
    assert not Measurement.objects.filter(report=report, is_active=True).exists()
    assert Measurement.objects.filter(report=report).count() == 1
    assert status_of(target) == "no_data"  # its figure no longer judges the target

    listed = admin_client.get("/admin/indicators/progressreport/").context["cl"].result_list
    assert report not in listed
    deleted = admin_client.get("/admin/indicators/progressreport/", {"deleted": "yes"}).context["cl"].result_list
    assert list(deleted) == [report]
    warning = admin_client.get(f"/admin/indicators/progressreport/{report.pk}/change/")
    assert any("đã bị xóa" in str(message) for message in warning.context["messages"])

    response = admin_client.post(
        "/admin/indicators/progressreport/?deleted=yes",
        {"action": "restore", "_selected_action": [report.pk], "index": "0"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.deleted_at is None
    assert Measurement.objects.get(report=report).is_active
    assert status_of(target) == "achieved"

    history = list(report.history.order_by("history_id").values_list("deleted_at", flat=True))
    assert history[-2] is not None and history[-1] is None  # deleted, then restored: both are in the history
    page = admin_client.get(f"/admin/indicators/progressreport/{report.pk}/history/")
    assert page.status_code == 200


def test_delete_selected_is_soft_too(admin_client, sample):
    other = make_report(title="Báo cáo khác")
    response = admin_client.post(
        "/admin/indicators/progressreport/",
        {"action": "delete_selected", "_selected_action": [sample["report"].pk, other.pk], "index": "0"},
    )
    assert response.status_code == 200
    assert "có thể khôi phục" in response.content.decode()
    response = admin_client.post(
        "/admin/indicators/progressreport/",
        {"action": "delete_selected", "_selected_action": [sample["report"].pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(deleted_at__isnull=False).count() == 2
    assert not Measurement.objects.filter(is_active=True).exists()


def test_restore_refuses_a_duplicate_document_number(admin_client, sample):
    report = sample["report"]
    admin_client.post(f"/admin/indicators/progressreport/{report.pk}/delete/", {"post": "yes"})
    make_report(province=report.province, document_number=report.document_number, reported_on=report.reported_on)
    response = admin_client.post(
        "/admin/indicators/progressreport/?deleted=yes",
        {"action": "restore", "_selected_action": [report.pk], "index": "0"},
        follow=True,
    )
    assert any("Không khôi phục được" in str(message) for message in response.context["messages"])
    report.refresh_from_db()
    assert report.deleted_at is not None


def test_autocomplete_offers_reports_in_use_only(admin_client, sample):
    deleted = make_report(title="Báo cáo đã xóa")
    admin_client.post(f"/admin/indicators/progressreport/{deleted.pk}/delete/", {"post": "yes"})
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "indicators", "model_name": "measurement", "field_name": "report", "term": "bao cao"},
    )
    ids = {int(item["id"]) for item in response.json()["results"]}
    assert ids == {sample["report"].pk}


def test_target_actions_work_on_the_assessed_list(admin_client, sample):
    target = sample["target"]
    response = admin_client.post(
        "/admin/indicators/target/?status=achieved",
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
