"""The reporting cycle in the admin: the steps as actions by role, locked reports read-only, the compliance page."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Membership, Role
from indicators.models import ProgressReport
from reporting.models import ReportingRegime
from reporting.services import generate_periods
from tests.factories import make_indicator, make_measurement, make_province, make_report

pytestmark = pytest.mark.django_db
LIST = "/admin/indicators/progressreport/"


@pytest.fixture
def people(db):
    province, other = make_province(code="44"), make_province(code="45")
    User = get_user_model()
    clients = {}
    for name, role, where in [
        ("reporter", Role.REPORTER, province),
        ("approver", Role.APPROVER, province),
        ("planner", Role.PLANNER, province),
        ("elsewhere", Role.APPROVER, other),
    ]:
        user = User.objects.create_user(name, f"{name}@example.org", "pw")
        Membership.objects.create(user=user, province=province if where == province else other, role=role)
        clients[name] = Client()
        clients[name].force_login(user)
    staff = User.objects.create_superuser("staff", "staff@example.org", "pw")
    clients["staff"] = Client()
    clients["staff"].force_login(staff)
    return {"province": province, "clients": clients}


def act(people, who, report, action, reason="lý do"):
    return people["clients"][who].post(LIST, {"action": action, "_selected_action": [report.pk], "reason": reason})


@pytest.mark.parametrize(
    ("who", "action", "from_state", "allowed"),
    [
        ("reporter", "submit", "draft", True),
        ("planner", "submit", "draft", True),
        ("approver", "submit", "draft", True),
        ("staff", "submit", "draft", True),
        ("elsewhere", "submit", "draft", False),
        ("reporter", "approve", "submitted", False),
        ("planner", "approve", "submitted", False),
        ("approver", "approve", "submitted", True),
        ("staff", "approve", "submitted", True),
        ("elsewhere", "approve", "submitted", False),
        ("reporter", "return_for_correction", "submitted", False),
        ("approver", "return_for_correction", "submitted", True),
        ("reporter", "reopen", "approved", False),
        ("approver", "reopen", "approved", True),
        ("staff", "reopen", "approved", True),
        ("elsewhere", "reopen", "approved", False),
        ("approver", "approve", "draft", False),
        ("approver", "reopen", "submitted", False),
    ],
)
def test_steps_as_admin_actions_by_role(people, who, action, from_state, allowed):
    report = make_report(province=people["province"], state=from_state)
    response = act(people, who, report, action)
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert (report.state != from_state) == allowed


def test_return_without_a_reason_is_refused_with_a_message(people):
    report = make_report(province=people["province"], state="submitted")
    response = people["clients"]["approver"].post(
        LIST, {"action": "return_for_correction", "_selected_action": [report.pk], "reason": ""}, follow=True
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and str(report) in str(errors[0])


def test_an_approved_report_is_read_only_in_the_admin(people):
    report = make_report(province=people["province"])  # approved
    measurement = make_measurement(report=report, indicator=make_indicator(), value="50")
    client = people["clients"]["staff"]
    page = client.get(f"{LIST}{report.pk}/change/")
    assert page.status_code == 200 and 'name="title"' not in page.content.decode(), "no editable field"
    refused = client.post(f"{LIST}{report.pk}/change/", {"title": "đổi"})
    assert refused.status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).title != "đổi"
    figure = client.get(f"/admin/indicators/measurement/{measurement.pk}/change/")
    assert 'name="value"' not in figure.content.decode()


def test_the_compliance_page_shows_statuses_and_a_chart(people):
    regime = ReportingRegime.objects.create(name="Quý", frequency="quarterly", starts_on=date(2026, 1, 1))
    regime.units.add(people["province"])
    generate_periods(regime, until=date(2026, 9, 30))
    period = regime.periods.get(year=2026, number=3)
    make_report(
        province=people["province"],
        period=period,
        reported_on=date(2026, 9, 15),
        submitted_at="2026-09-16T09:00:00+07:00",
    )
    page = people["clients"]["staff"].get("/admin/reporting/obligation/compliance/", {"as_of": "2026-10-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg id="compliance-chart"' in html and "Quý III/2026" in html
    assert 'class="status-approved"' in html and 'class="status-overdue"' in html
    assert "cdn" not in html.lower()


def test_deleting_an_approved_report_in_the_admin_takes_an_approver(people):
    report = make_report(province=people["province"])  # approved
    refused = people["clients"]["reporter"].post(f"{LIST}{report.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).deleted_at is None
    done = people["clients"]["approver"].post(f"{LIST}{report.pk}/delete/", {"post": "yes"})
    assert done.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).deleted_at is not None


def test_the_admin_form_applies_the_period_window(people):
    regime = ReportingRegime.objects.create(name="Quý", frequency="quarterly", starts_on=date(2026, 1, 1))
    generate_periods(regime, until=date(2026, 9, 30))
    period = regime.periods.get(year=2026, number=3)  # 15/06–14/09/2026
    data = {
        "title": "Báo cáo",
        "province": people["province"].pk,
        "reported_on": "01/06/2026",
        "period": period.pk,
        "measurements-TOTAL_FORMS": "0",
        "measurements-INITIAL_FORMS": "0",
    }
    refused = people["clients"]["staff"].post(f"{LIST}add/", data)
    assert refused.status_code == 200 and ProgressReport.objects.count() == 0
    assert "2026-06-15" in refused.content.decode(), "the error names the window"
    data["reported_on"] = "16/09/2026"
    saved = people["clients"]["staff"].post(f"{LIST}add/", data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    report = ProgressReport.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 6, 15), date(2026, 9, 14))
