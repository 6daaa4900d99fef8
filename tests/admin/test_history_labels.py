"""History pages in Vietnamese: the kind of change translated, an empty reason left blank, the model's own name in
the breadcrumbs; and objects named the way a person reads them ("≥ 90% — <indicator>, <level> (<plan>)")."""

import pytest

pytestmark = pytest.mark.django_db


def test_history_list_is_vietnamese_and_hides_an_empty_reason(admin_client, sample):
    target = sample["target"]
    target.source_note = "đã sửa nguồn"
    target.save()
    html = admin_client.get(f"/admin/indicators/target/{target.pk}/history/", HTTP_ACCEPT_LANGUAGE="vi")
    body = html.content.decode()
    table = body.split('id="change-history"')[1].split("</table>")[0]
    assert "Đã sửa" in table and "Changed" not in table
    assert "None" not in table
    assert "at_least" not in body and ".0000" not in body


def test_history_record_breadcrumbs_name_the_model_in_vietnamese(admin_client, sample):
    target = sample["target"]
    record = target.history.first()
    body = admin_client.get(f"/admin/indicators/target/{target.pk}/history/{record.pk}/").content.decode()
    crumbs = body.split('class="breadcrumbs"')[1].split("</div>")[0]
    assert "Historical" not in crumbs and "Indicators" not in crumbs
    assert "Chỉ tiêu" in crumbs


def test_object_names_are_readable(sample):
    target = sample["target"]
    name = str(target)
    assert name.startswith("≥ ") or name.startswith("≤ ")
    assert target.indicator.name in name and "at_least" not in name and ".0000" not in name
    assert (target.plan.number or target.plan.title[:40]) in name
    assert ".0000" not in str(sample["measurement"])
