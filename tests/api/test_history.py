"""GET /api/v1/{resource}/{id}/history/: who changed what and when, paginated, in constant queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import tokens
from accounts.models import Membership, Role
from tests.api import assert_problem, etag_headers
from tests.factories import link, make_indicator, make_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)
    user = get_user_model().objects.create_user("lan.nguyen", None, None)
    Membership.objects.create(user=user, province=old, role=Role.PLANNER)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=user, name='t')[1]}")
    return {"client": client, "indicator": make_indicator(code="dvc", name="Dịch vụ công")}


def write(client, method, path, data=None):
    extra = etag_headers(client, path) if method != "post" else {}
    response = getattr(client, method)(path, data, content_type="application/json", **extra)
    assert response.status_code in (200, 201, 204), response.content
    return response.json() if response.content else None


def test_plan_history_shows_who_what_when(world, anon_client):
    client = world["client"]
    plan = write(
        client,
        "post",
        "/api/v1/plans/",
        {
            "document_type": "ke_hoach",
            "number": "12/KH-UBND",
            "title": "Kế hoạch chuyển đổi số",
            "issuer": "UBND tỉnh",
            "issued_on": "2022-03-01",
            "province": "2008-45",
        },
    )
    path = f"/api/v1/plans/{plan['id']}/"
    write(client, "patch", path, {"title": "Kế hoạch chuyển đổi số năm 2022"})
    # A 2025-era unit's plan is issued after the reform: moving it there moves its date too.
    write(client, "patch", path, {"province": "2025-44", "issued_on": "2025-09-01"})
    write(client, "delete", path)

    response = client.get(f"{path}history/")  # signed in: anonymous readers are not told who (tests/integrity)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 4
    deleted, moved, renamed, created = body["results"]
    assert [entry["type"] for entry in body["results"]] == ["-", "~", "~", "+"]
    assert {entry["user"] for entry in body["results"]} == {"lan.nguyen"}
    assert deleted["changes"] == []
    assert sorted(moved["changes"], key=lambda c: c["field"]) == [
        {"field": "issued_on", "old": "2022-03-01", "new": "2025-09-01"},
        {"field": "province", "old": "2008-45", "new": "2025-44"},
    ]
    assert renamed["changes"] == [
        {"field": "title", "old": "Kế hoạch chuyển đổi số", "new": "Kế hoạch chuyển đổi số năm 2022"}
    ]
    assert {"field": "number", "old": None, "new": "12/KH-UBND"} in created["changes"]
    assert {"field": "issued_on", "old": None, "new": "2022-03-01"} in created["changes"]
    assert created["date"] <= renamed["date"] <= moved["date"] <= deleted["date"]
    # A deleted plan's history stays readable; an id that never existed is a 404.
    assert_problem(anon_client.get("/api/v1/plans/999999/history/"), 404)
    assert_problem(anon_client.get("/api/v1/plans/abc/history/"), 404)


def test_target_history_shows_values_as_the_api_does(world, anon_client):
    client = world["client"]
    plan = write(
        client,
        "post",
        "/api/v1/plans/",
        {"document_type": "ke_hoach", "title": "KH", "issuer": "UBND", "province": "2008-45"},
    )
    target = write(
        client,
        "post",
        "/api/v1/targets/",
        {
            "plan": plan["id"],
            "indicator": world["indicator"].pk,
            "comparator": "at_least",
            "value": "80",
            "deadline": "2025-12-31",
        },
    )
    write(client, "patch", f"/api/v1/targets/{target['id']}/", {"value": "90.5"})
    entries = anon_client.get(f"/api/v1/targets/{target['id']}/history/").json()["results"]
    assert entries[0]["changes"] == [{"field": "value", "old": "80.0000", "new": "90.5000"}]
    fields = {change["field"] for change in entries[1]["changes"]}
    assert {"plan", "indicator", "value", "deadline", "comparator"} <= fields
    assert not any(field.startswith("known_") for field in fields), "maintained facts are not history"
    plan_change = next(c for c in entries[1]["changes"] if c["field"] == "plan")
    assert plan_change["new"] == plan["id"]


def test_report_soft_delete_and_restore_are_in_its_history(world, anon_client):
    client = world["client"]
    report = write(
        client,
        "post",
        "/api/v1/progress-reports/",
        {
            "province": "2008-45",
            "title": "Báo cáo",
            "reported_on": "2024-10-11",
            "document_number": "5/BC",
            "measurements": [{"indicator": world["indicator"].pk, "value_text": "ước đạt 71,4%"}],
        },
    )
    path = f"/api/v1/progress-reports/{report['id']}/"
    write(client, "delete", path)
    write(client, "post", f"{path}restore/")
    entries = client.get(f"{path}history/").json()["results"]  # signed in: entered_by is shown
    assert [entry["type"] for entry in entries] == ["~", "~", "+"]
    restored, deleted, created = entries
    assert [c["field"] for c in deleted["changes"]] == ["deleted_at"]
    assert deleted["changes"][0]["old"] is None
    assert restored["changes"] == [{"field": "deleted_at", "old": deleted["changes"][0]["new"], "new": None}]
    assert {"field": "entered_by", "old": None, "new": "lan.nguyen"} in created["changes"]
    assert {"field": "province", "old": None, "new": "2008-45"} in created["changes"]

    measurement = report["measurements"][0]["id"]
    write(client, "delete", f"/api/v1/measurements/{measurement}/")
    figures = anon_client.get(f"/api/v1/measurements/{measurement}/history/").json()["results"]
    assert [entry["type"] for entry in figures] == ["-", "+"]
    assert {"field": "value_text", "old": None, "new": "ước đạt 71,4%"} in figures[1]["changes"]
    assert {"field": "is_estimate", "old": None, "new": True} in figures[1]["changes"]


def test_history_pages_diff_across_page_boundaries_in_constant_queries(world, anon_client):
    indicator = f"/api/v1/indicators/{world['indicator'].pk}/"
    staff = get_user_model().objects.create_user("staff", None, None, is_staff=True)
    staff_client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=staff, name='t')[1]}")
    for n in range(1, 31):
        write(staff_client, "patch", indicator, {"name": f"Tên {n}"})

    one = anon_client.get(f"{indicator}history/", {"limit": 1, "offset": 1}).json()
    assert one["count"] == 31
    assert one["results"][0]["changes"] == [{"field": "name", "old": "Tên 28", "new": "Tên 29"}]
    assert one["next"] and one["previous"]
    last = anon_client.get(f"{indicator}history/", {"limit": 1, "offset": 30}).json()["results"][0]
    # The indicator was made by a factory (no request): no user; first entry, so every field is "new".
    assert (last["type"], last["user"]) == ("+", None)

    counts = []
    for limit in (2, 30):
        with CaptureQueriesContext(connection) as queries:
            assert anon_client.get(f"{indicator}history/", {"limit": limit}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3, counts
    assert_problem(anon_client.get(f"{indicator}history/", {"limit": 0}), 400, type_uri="/problems/validation")


def test_history_is_read_only(world):
    response = world["client"].post(f"/api/v1/indicators/{world['indicator'].pk}/history/")
    assert_problem(response, 405)


def test_each_figure_of_a_report_has_its_history_row_as_written(world):
    # A report's figures and their history rows are written in bulk (indicators/services/inserts.py): each figure
    # gets exactly one "+" row, by the request's user, holding every tracked field as the figure was stored.
    from django.utils import timezone

    from indicators.models import Measurement

    started = timezone.now()
    report = write(
        world["client"],
        "post",
        "/api/v1/progress-reports/",
        {
            "province": "2008-45",
            "title": "Báo cáo",
            "reported_on": "2024-10-11",
            "measurements": [
                {"indicator": world["indicator"].pk, "value_text": "ước đạt 71,4%", "note": "một"},
                {"indicator": world["indicator"].pk, "value": "12.5", "as_of": "2024-06-30"},
                {"indicator": world["indicator"].pk, "value_text": "trên 99%", "as_of": "2024-09-30"},
            ],
        },
    )
    figures = Measurement.objects.filter(report_id=report["id"]).order_by("pk")
    assert [m.pk for m in figures] == [m["id"] for m in report["measurements"]]
    tracked = [field.attname for field in Measurement.history.model.tracked_fields]
    assert {"value", "qualifier", "value_text", "note", "report_id", "province_id", "is_active"} <= set(tracked)
    for figure in figures:
        rows = list(Measurement.history.filter(id=figure.pk))
        assert len(rows) == 1
        row = rows[0]
        assert (row.history_type, row.history_user.username) == ("+", "lan.nguyen")
        assert row.history_change_reason is None and started <= row.history_date <= timezone.now()
        assert {name: getattr(row, name) for name in tracked} == {name: getattr(figure, name) for name in tracked}
