"""One write path (docs/integrity.md): the admin, the import and the API write through the services, which keep the
maintained facts and today's stored assessment; `refresh_assessments --check` finds no difference after any of them.

Each test names the defect of issue 18 it covers."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from indicators import locking, services
from indicators.conf import today
from indicators.models import Measurement, ProgressReport, Target
from indicators.state import _fold
from reporting import workflow
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


def check() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("refresh_assessments", "--check", stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def two_provinces():
    # Units of 2008-2025: the figures below are of 2024.
    a, b = make_province(code="51", era="2008"), make_province(code="52", era="2008")
    indicator = make_indicator(unit="percent")
    targets = {p: make_target(plan=make_plan(province=p), indicator=indicator, value="90") for p in (a, b)}
    return a, b, indicator, targets


def test_check_lists_what_a_write_outside_the_services_left_stale_and_writes_nothing(two_provinces):
    a, _b, indicator, targets = two_provinces
    report = make_report(province=a)
    make_measurement(report=report, indicator=indicator, value="95")
    assert check()[0] == 0
    Measurement.objects.update(value=Decimal(10))  # raw SQL: no service saw it
    code, out = check()
    assert code == 1
    assert f"target {targets[a].pk}: known_latest_value stored Decimal('95.0000'), recomputed Decimal('10.0000')" in out
    assert Target.objects.get(pk=targets[a].pk).known_latest_value == Decimal(95)  # nothing written
    call_command("refresh_assessments", stdout=StringIO())
    assert check()[0] == 0


def test_defect_1_a_figure_is_refused_on_a_report_deleted_after_it_was_read(two_provinces):
    a, _b, indicator, _targets = two_provinces
    report = make_report(province=a, state="draft")
    stale = ProgressReport.objects.get(pk=report.pk)  # read before the delete, as a concurrent request would
    services.progress_report_delete(report=report)
    with pytest.raises(ValidationError) as refused:
        services.measurement_create(report=stale, indicator=indicator, value=Decimal(50))
    assert [error.code for error in refused.value.error_dict["report"]] == ["deleted"]
    assert not Measurement.objects.exists()


def test_defect_3_a_report_moved_by_the_admin_moves_its_figures_and_rejudges_both_provinces(
    admin_client, two_provinces
):
    a, b, indicator, targets = two_provinces
    report = make_report(province=a, title="Báo cáo", document_number="1/BC")
    figure = make_measurement(report=report, indicator=indicator, value="95")
    assert Target.objects.get(pk=targets[a].pk).known_latest_id == figure.pk
    # An approved report is locked: an approver reopens it to correct it, and approves it again (docs/reporting.md).
    staff = get_user_model().objects.get(username="admin")
    workflow.reopen(report=report, user=staff, reason="sai tỉnh")
    response = admin_client.post(
        f"/admin/indicators/progressreport/{report.pk}/change/",
        {
            "title": "Báo cáo",
            "province": b.pk,
            "document_number": "1/BC",
            "reported_on": "11/10/2024",
            "measurements-TOTAL_FORMS": "0",
            "measurements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Measurement.objects.get(pk=figure.pk).province_id == b.pk
    workflow.submit(report=report, user=staff)
    workflow.approve(report=report, user=staff)
    assert Target.objects.get(pk=targets[a].pk).known_latest_id is None
    assert Target.objects.get(pk=targets[b].pk).known_latest_id == figure.pk
    assert check()[0] == 0


def test_defect_4_facts_fold_ties_by_entry_order_whatever_order_they_arrive_in(two_provinces):
    a, _b, indicator, targets = two_provinces
    report = make_report(province=a)
    first = make_measurement(report=report, indicator=indicator, value="40", as_of=date(2024, 6, 30))
    second = make_measurement(report=report, indicator=indicator, value="60", as_of=date(2024, 6, 30))
    target = Target.objects.get(pk=targets[a].pk)
    assert target.known_latest_id == second.pk
    _fold(target, [first], {})  # the earlier entry arrives late (its transaction committed last)
    assert (target.known_latest_id, target.known_latest_value) == (second.pk, Decimal(60))


def test_defect_5_a_target_with_a_projection_keeps_a_true_stored_assessment(two_provinces):
    a, _b, indicator, targets = two_provinces
    report = make_report(province=a, reported_on=today())
    make_measurement(report=report, indicator=indicator, value="95", as_of=today() + timedelta(days=200))
    make_measurement(report=report, indicator=indicator, value="20", as_of=today() - timedelta(days=1))
    code, out = check()
    assert code == 0, out
    stored = Target.objects.get(pk=targets[a].pk)
    assert stored.known_status != "achieved"  # judged today on the figure of yesterday, not on the projection


def test_a_plan_superseded_by_another_provinces_plan_is_refused(two_provinces):
    a, b, *_ = two_provinces
    other = make_plan(province=b)
    plan = make_plan(province=a)
    with pytest.raises(ValidationError) as refused:
        services.plan_update(plan=plan, data={"status": "superseded", "superseded_by": other})
    assert "superseded_by" in refused.value.message_dict
    assert Plan_status(plan) == "in_force"


def Plan_status(plan):
    return type(plan).objects.get(pk=plan.pk).status


def test_a_deadlock_is_retried_then_answered_busy(monkeypatch):
    monkeypatch.setattr(locking.time, "sleep", lambda seconds: None)
    calls = []

    class Deadlock(Exception):
        sqlstate = "40P01"

    def collide():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("deadlock detected") from Deadlock()
        return "written"

    assert locking.retrying(collide) == "written"
    assert len(calls) == 3

    def always():
        raise OperationalError("deadlock detected") from Deadlock()

    with pytest.raises(locking.Busy):
        locking.retrying(always)

    def other():
        calls.append(1)
        raise OperationalError("connection lost")

    calls.clear()
    with pytest.raises(OperationalError):
        locking.retrying(other)
    assert len(calls) == 1  # not a collision: not retried


def test_a_target_with_six_milestones_is_saved_in_as_many_queries_as_with_one(two_provinces):
    a, _b, indicator, _targets = two_provinces

    def queries(count: int) -> int:
        target = make_target(plan=make_plan(province=a), indicator=indicator, value="90")
        points = [{"on": date(2024, 1, 1) + timedelta(days=30 * i), "value": Decimal(10 + i)} for i in range(count)]
        with CaptureQueriesContext(db_connection) as captured:
            services.target_update(target=target, data={"value": Decimal(80), "milestones": points})
        assert target.milestones.count() == count
        return len(captured)

    one, six = queries(1), queries(6)
    assert six == one  # one INSERT of the milestones and their history, one refresh: not one per milestone


def test_the_api_answers_503_with_retry_after_when_every_attempt_deadlocks(client, two_provinces, monkeypatch):
    a, _b, indicator, _targets = two_provinces
    monkeypatch.setattr(locking.time, "sleep", lambda seconds: None)
    report = make_report(province=a)

    class Deadlock(Exception):
        sqlstate = "40P01"

    def collide(**kwargs):
        raise OperationalError("deadlock detected") from Deadlock()

    monkeypatch.setattr(services, "measurement_create", collide)
    body = {"report": report.pk, "indicator": indicator.pk, "value": "50"}
    response = client.post("/api/v1/measurements/", body, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response["Content-Type"] == "application/problem+json"
    assert not Measurement.objects.exists()


def test_two_people_saving_the_same_target_in_the_admin_the_second_is_refused(admin_client, two_provinces):
    a, _b, indicator, targets = two_provinces
    target = targets[a]
    path = f"/admin/indicators/target/{target.pk}/change/"
    form = admin_client.get(path).context["adminform"].form
    version = form.initial.get("version") or form.fields["version"].initial
    assert version
    data = {
        "plan": target.plan_id,
        "indicator": indicator.pk,
        "level": "overall",
        "comparator": "at_least",
        "deadline": "2025-12-31",
        "relative_change": "",
        "baseline_value": "",
        "baseline_date": "",
        "source_quote": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "version": version,
    }
    first = admin_client.post(path, {**data, "value": "80", "source_note": "first"})
    assert first.status_code == 302, first.context["adminform"].form.errors
    second = admin_client.post(path, {**data, "value": "70", "source_note": "second"})  # opened before the first save
    assert second.status_code == 200
    assert "Người khác đã sửa dòng này" in str(second.context["adminform"].form.non_field_errors())
    target = Target.objects.get(pk=target.pk)
    assert (target.value, target.source_note) == (Decimal(80), "first")


def test_defect_3_after_a_move_the_old_provinces_reporter_cannot_delete_the_figure(client, two_provinces):
    from django.test import Client

    from accounts import tokens
    from accounts.models import Membership, Role
    from tests.api import etag_headers

    a, b, indicator, _targets = two_provinces
    report = make_report(province=a, title="Báo cáo", state="draft")  # a draft can be moved
    figure = make_measurement(report=report, indicator=indicator, value="95")
    moved = client.patch(f"/api/v1/progress-reports/{report.pk}/", {"province": b.key}, content_type="application/json")
    assert moved.status_code == 200, moved.content
    reporter = get_user_model().objects.create_user("reporter-a", None, None)
    Membership.objects.create(user=reporter, province=a, role=Role.REPORTER)
    old_reporter = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(user=reporter, name='t')[1]}")
    path = f"/api/v1/measurements/{figure.pk}/"
    response = old_reporter.delete(path, **etag_headers(old_reporter, path))
    assert response.status_code == 403
    assert Measurement.objects.filter(pk=figure.pk, province=b).exists()


def test_a_read_only_admin_page_shows_no_version_field(two_provinces):
    from django.contrib.auth.models import Permission
    from django.test import Client

    a, _b, _indicator, targets = two_provinces
    viewer = get_user_model().objects.create_user("viewer", None, "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_target"))
    browser = Client()
    browser.force_login(viewer)
    response = browser.get(f"/admin/indicators/target/{targets[a].pk}/change/")
    assert response.status_code == 200
    assert 'name="version"' not in response.content.decode()
