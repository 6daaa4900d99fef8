"""The reporting cycle through the API: steps by role, which figures count, locking, bad input, compliance,
reminders and evidence (docs/reporting.md)."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from accounts.models import Role
from indicators.models import Measurement, ProgressReport
from reporting import evidence
from reporting.models import Evidence, Obligation, Reminder, ReportingRegime
from reporting.services import generate_periods
from tests.api import assert_problem
from tests.factories import make_people_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/progress-reports/"


@pytest.fixture
def world(db):
    world = make_people_world(elsewhere_role=Role.APPROVER, deadline=date(2027, 12, 31))
    province = world["province"]
    regime = ReportingRegime.objects.create(
        name="Báo cáo quý", frequency="quarterly", starts_on=date(2026, 1, 1), deadline_days=5
    )
    regime.units.add(province)
    generate_periods(regime, until=date(2026, 12, 31))
    period = regime.periods.get(year=2026, number=3)
    return {**world, "period": period}


def create(world, who="reporter", **extra):
    body = {
        "province": world["province"].key,
        "title": "Báo cáo quý III",
        "reported_on": "2026-09-16",
        "period": world["period"].pk,
        "measurements": [{"indicator": world["indicator"].pk, "as_of": "2026-09-14", "value_text": "95%"}],
        **extra,
    }
    return world["clients"][who].post(URL, body, content_type="application/json")


def step(world, who, report_id, action, reason=""):
    return world["clients"][who].post(
        f"{URL}{report_id}/{action}/", {"reason": reason}, content_type="application/json"
    )


def status_of(world):
    response = Client().get(f"/api/v1/targets/{world['target'].pk}/", {"as_of": "2026-12-01"})
    return response.json()["status"]


def test_periods_and_obligations_are_generated_once(world):
    assert [p.label for p in world["period"].regime.periods.order_by("number")] == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
    ]
    assert (world["period"].window_start, world["period"].window_end) == (date(2026, 6, 15), date(2026, 9, 14))
    assert world["period"].due_on == date(2026, 9, 19)
    assert generate_periods(world["period"].regime, until=date(2026, 12, 31)) == (0, 0)
    assert Obligation.objects.count() == 4


def test_the_whole_cycle_and_which_figures_count(world):
    created = create(world)
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["state"] == "draft" and report["period"] == world["period"].pk
    assert status_of(world) == "no_data", "a draft's figures never count"
    assert step(world, "reporter", report["id"], "submit").json()["state"] == "submitted"
    assert status_of(world) == "no_data", "submitted figures do not count by default"
    provisional = (
        Client().get(f"/api/v1/targets/{world['target'].pk}/", {"as_of": "2026-12-01", "figures": "submitted"}).json()
    )
    assert provisional["status"] == "achieved" and provisional["provisional"] is True
    assert step(world, "approver", report["id"], "approve").json()["state"] == "approved"
    assert status_of(world) == "achieved", "approved: it counts"
    world["target"].refresh_from_db()
    assert world["target"].known_status and world["target"].known_latest_value is not None, "facts follow approval"
    refused = world["clients"]["reporter"].patch(
        f"{URL}{report['id']}/", {"title": "x"}, content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert_problem(refused, 409, type_uri="/problems/report-locked")
    assert_problem(step(world, "approver", report["id"], "reopen"), 400, type_uri="/problems/validation")
    assert step(world, "approver", report["id"], "reopen", "sai số liệu").json()["state"] == "draft"
    assert status_of(world) == "no_data", "reopened: it stops counting"
    world["target"].refresh_from_db()
    assert world["target"].known_latest_value is None
    history = world["clients"]["staff"].get(f"{URL}{report['id']}/history/").json()["results"]  # signed in: who
    states = [c["new"] for entry in history for c in entry["changes"] if c["field"] == "state"]
    assert states[:3] == ["draft", "approved", "submitted"]
    assert [c["new"] for c in history[0]["changes"] if c["field"] == "state_reason"] == ["sai số liệu"]
    assert history[0]["user"] == "approver"


@pytest.mark.parametrize(
    ("who", "action", "from_state", "expected"),
    [
        ("reporter", "submit", "draft", 200),
        ("planner", "submit", "draft", 200),
        ("approver", "submit", "draft", 200),
        ("staff", "submit", "draft", 200),
        ("elsewhere", "submit", "draft", 403),
        ("reporter", "approve", "submitted", 403),
        ("planner", "approve", "submitted", 403),
        ("approver", "approve", "submitted", 200),
        ("staff", "approve", "submitted", 200),
        ("elsewhere", "approve", "submitted", 403),
        ("reporter", "return", "submitted", 403),
        ("approver", "return", "submitted", 200),
        ("staff", "return", "submitted", 200),
        ("elsewhere", "return", "submitted", 403),
        ("reporter", "reopen", "approved", 403),
        ("planner", "reopen", "approved", 403),
        ("approver", "reopen", "approved", 200),
        ("staff", "reopen", "approved", 200),
        ("elsewhere", "reopen", "approved", 403),
        ("approver", "approve", "draft", 409),
        ("approver", "approve", "approved", 409),
        ("reporter", "submit", "approved", 409),
        ("approver", "reopen", "submitted", 409),
        ("approver", "return", "draft", 409),
        ("staff", "submit", "submitted", 409),
    ],
)
def test_every_step_by_role_and_state(world, who, action, from_state, expected):
    report = create(world).json()
    path = {"draft": [], "submitted": ["submit"], "approved": ["submit", "approve"]}[from_state]
    for earlier in path:
        assert step(world, "staff", report["id"], earlier).status_code == 200
    response = step(world, who, report["id"], action, "lý do")
    state_after = ProgressReport.objects.get(pk=report["id"]).state
    if expected == 200:
        assert response.status_code == 200, response.content
        assert state_after != from_state
    else:
        body = assert_problem(
            response, expected, type_uri="/problems/invalid-transition" if expected == 409 else "about:blank"
        )
        assert state_after == from_state, "nothing written"
        if expected == 409:
            label = {"draft": "nháp", "submitted": "đã gửi", "approved": "đã duyệt"}[from_state]
            assert body["detail"].endswith(f"trạng thái {label}."), "the problem names the current state"


def test_an_approved_report_only_by_approvers_and_staff(world):
    assert_problem(create(world, state="approved"), 403)
    assert ProgressReport.objects.count() == 0
    response = create(world, "approver", state="approved")
    assert response.status_code == 201 and response.json()["state"] == "approved"
    assert status_of(world) == "achieved"


def test_bad_input_is_a_clear_4xx_and_writes_nothing(world):
    assert_problem(create(world, period=999999), 422, type_uri="/problems/unknown-reference")
    body = assert_problem(create(world, reported_on="2026-06-01"), 422, type_uri="/problems/rule")
    assert body["errors"][0]["pointer"] == "#/reported_on"
    body = assert_problem(create(world, period_start="2026-01-01"), 422, type_uri="/problems/rule")
    assert body["errors"][0]["pointer"] == "#/period_start"
    assert_problem(create(world, "elsewhere"), 403)
    assert ProgressReport.objects.count() == 0 and Measurement.objects.count() == 0
    report = create(world).json()
    assert_problem(step(world, "elsewhere", report["id"], "submit"), 403)
    assert ProgressReport.objects.get(pk=report["id"]).state == "draft"


def test_a_closed_period_refuses_reopening_until_staff_unlock_it(world):
    report = create(world, "approver", state="approved").json()
    obligation = Obligation.objects.get(period=world["period"], province=world["province"])
    closed = world["clients"]["approver"].post(
        f"/api/v1/obligations/{obligation.pk}/close/", {}, content_type="application/json"
    )
    assert closed.status_code == 200, closed.content
    assert_problem(step(world, "approver", report["id"], "reopen", "sai"), 409, type_uri="/problems/period-closed")
    refused = world["clients"]["approver"].post(
        f"/api/v1/obligations/{obligation.pk}/unlock/", {"reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    unlocked = world["clients"]["staff"].post(
        f"/api/v1/obligations/{obligation.pk}/unlock/", {"reason": "sửa số liệu"}, content_type="application/json"
    )
    assert unlocked.status_code == 200
    assert obligation.history.first().history_change_reason == "unlock: sửa số liệu"
    assert step(world, "approver", report["id"], "reopen", "sai").status_code == 200


def test_compliance_endpoint_and_rates(world, django_assert_num_queries):
    late = create(world).json()
    step(world, "reporter", late["id"], "submit")
    ProgressReport.objects.filter(pk=late["id"]).update(submitted_at="2026-09-20T10:00:00+07:00")
    with django_assert_num_queries(2):  # obligations, reports (paged in Python)
        response = Client().get("/api/v1/obligations/", {"as_of": "2026-10-01", "ordering": "due_on"})
    rows = {row["period"]["label"]: row for row in response.json()["results"]}
    assert rows["Quý III/2026"]["status"] == "submitted_late"
    assert rows["Quý II/2026"]["status"] == "overdue"
    assert rows["Quý IV/2026"]["status"] == "not_due"
    rates = Client().get("/api/v1/reporting-rates/", {"as_of": "2026-10-01", "by": "unit"}).json()["results"]
    assert rates[0]["expected"] == 3 and rates[0]["late"] == 1 and rates[0]["missing"] == 2
    assert_problem(Client().get("/api/v1/obligations/", {"status": "bogus"}), 400, type_uri="/problems/validation")


def test_send_reminders_twice_sends_once(world):
    call_command("send_reminders", "--as-of", "2026-09-15", "--dry-run", stdout=StringIO())
    assert len(mail.outbox) == 0 and Reminder.objects.count() == 0, "a dry run sends and records nothing"
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    first = len(mail.outbox)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert {"due_soon", "overdue"} <= kinds
    assert first >= 2
    assert "Sắp đến hạn gửi báo cáo Quý III/2026" in {m.subject.split(" — ")[0] for m in mail.outbox}
    assert set(mail.outbox[0].to) == {"reporter@example.org", "approver@example.org"}
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    assert len(mail.outbox) == first, "each reminder once"
    listed = Client().get("/api/v1/reminders/").json()
    assert listed["count"] == Reminder.objects.count()


PDF = b"%PDF-1.4\n%test\n"


def upload(world, name, content, who="reporter"):
    report = world.setdefault("report_id", create(world).json()["id"])
    return world["clients"][who].post(
        "/api/v1/evidence/", {"report": report, "narrative": "Theo biên bản", "file": SimpleUploadedFile(name, content)}
    )


def test_evidence_upload_accepts_a_pdf_and_refuses_bad_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DTRACK_EVIDENCE_MAX_BYTES = 1000
    accepted = upload(world, "biên bản.pdf", PDF)
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["content_type"] == "application/pdf" and accepted.json()["original_name"] == "bien_ban.pdf"
    for name, content in [("x.exe", b"MZ"), ("x.pdf", b"<html>"), ("big.pdf", PDF + b"0" * 2000)]:
        body = assert_problem(upload(world, name, content), 422, type_uri="/problems/rule")
        assert body["errors"][0]["pointer"] == "#/file"
    assert_problem(upload(world, "x.pdf", PDF, who="elsewhere"), 403)
    assert Evidence.objects.count() == 1
    # Django's multipart parser keeps only the last part of a client's path; a name with a path reaching the
    # service any other way (admin, import) is refused, not trimmed.
    through_api = upload(world, "../../etc/y.pdf", PDF)
    assert through_api.json()["original_name"] == "y.pdf" and "etc" not in through_api.json()["file"]
    for name in ("../../etc/x.pdf", "a\\b.pdf", ".htaccess.pdf"):
        with pytest.raises(ValidationError) as refused:
            evidence.attach(user=world["users"]["staff"], report=world["report_id"], file=_named(name))
        assert refused.value.message_dict["file"]
    assert Evidence.objects.count() == 2


def _named(name):
    return ContentFile(PDF, name=name)  # an UploadedFile would keep the base name only
    assert Client().get("/api/v1/evidence/", {"report": world["report_id"]}).json()["count"] == 1


def test_a_step_runs_the_same_queries_whatever_the_number_of_figures(world):
    """Approving refreshes the targets its figures judge: a constant number of queries, not one per figure."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for figures, number in ((1, "1/BC"), (30, "2/BC")):
        body = {
            "province": world["province"].key,
            "title": "Quý III",
            "reported_on": "2026-09-16",
            "period": world["period"].pk,
            "document_number": number,
            "measurements": [
                {"indicator": world["indicator"].pk, "as_of": f"2026-09-{day:02d}", "value": "50"}
                for day in range(1, 1 + figures)
            ],
        }
        report = world["clients"]["reporter"].post(URL, body, content_type="application/json").json()
        assert step(world, "reporter", report["id"], "submit").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert step(world, "approver", report["id"], "approve").status_code == 200
        # The token's last use is written at most once a minute: not the step's work.
        counts.append(len([q for q in queries.captured_queries if "accounts_apitoken" not in q["sql"]]))
    assert counts[0] == counts[1], counts


def test_scorecards_count_submitted_figures_only_when_asked(world):
    report = create(world).json()
    step(world, "reporter", report["id"], "submit")
    path = f"/api/v1/plans/{world['target'].plan_id}/scorecard/"
    approved = Client().get(path, {"as_of": "2026-12-01"}).json()
    provisional = Client().get(path, {"as_of": "2026-12-01", "figures": "submitted"}).json()
    assert approved["counts"]["no_data"] == 1 and approved["targets"][0]["provisional"] is False
    assert provisional["counts"]["achieved"] == 1 and provisional["targets"][0]["provisional"] is True
    assert_problem(Client().get(path, {"figures": "draft"}), 400, type_uri="/problems/validation")
    ordered = Client().get("/api/v1/targets/", {"figures": "submitted", "ordering": "-gap"})
    assert_problem(ordered, 422, type_uri="/problems/conflicting-parameters")
    listed = Client().get("/api/v1/targets/", {"figures": "submitted", "as_of": "2026-12-01"}).json()
    assert listed["results"][0]["status"] == "achieved" and listed["results"][0]["provisional"] is True


def test_returned_and_stale_reminders(world):
    report = create(world).json()
    step(world, "reporter", report["id"], "submit")
    assert step(world, "approver", report["id"], "return", "thiếu số liệu cấp xã").status_code == 200
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    by_kind = {m.subject: m for m in mail.outbox}
    returned = next(m for s, m in by_kind.items() if "bị trả lại" in s)
    assert "thiếu số liệu cấp xã" in returned.body
    stale = Reminder.objects.get(kind="stale")
    assert stale.obligation.period.label == "Quý II/2026", "the last period due on 2026-09-15"
    assert world["indicator"].code in next(m.body for s, m in by_kind.items() if "chưa được cập nhật" in s)
    # Submitted again and returned again: a new occasion, reminded again; the same return is not.
    step(world, "reporter", report["id"], "submit")
    step(world, "approver", report["id"], "return", "vẫn thiếu")
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    assert Reminder.objects.filter(kind="returned").count() == 2
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    assert Reminder.objects.filter(kind="returned").count() == 2


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/reporting-regimes/", 4),  # count, page, indicators, units
        ("/api/v1/reporting-periods/", 2),  # count, page
        ("/api/v1/reminders/", 2),
        ("/api/v1/evidence/", 2),
        ("/api/v1/reporting-rates/?by=period", 2),  # obligations, reports
    ],
)
def test_the_cycle_lists_run_a_fixed_number_of_queries(world, django_assert_num_queries, path, queries):
    second = ReportingRegime.objects.create(name="Năm", frequency="yearly", starts_on=date(2025, 1, 1))
    second.units.add(world["province"], world["other"])
    generate_periods(second, until=date(2026, 12, 31))
    call_command("send_reminders", "--as-of", "2026-09-15", stdout=StringIO())
    report = create(world).json()["id"]
    for name in ("a.pdf", "b.pdf"):
        Evidence.objects.create(report_id=report, narrative=name)
    with django_assert_num_queries(queries):
        response = Client().get(path)
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) >= 2, body


@pytest.mark.parametrize(
    ("language", "detail", "state"),
    [
        ("vi", "Không thể duyệt báo cáo đang ở trạng thái đã duyệt.", "Báo cáo đang ở trạng thái đã duyệt."),
        ("en", "Cannot approve a report that is approved.", "The report is approved."),
    ],
)
def test_a_refused_step_names_the_state_by_its_label(world, language, detail, state):
    report = create(world).json()
    for earlier in ("submit", "approve"):
        assert step(world, "staff", report["id"], earlier).status_code == 200
    response = world["clients"]["approver"].post(
        f"{URL}{report['id']}/approve/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    body = assert_problem(response, 409, type_uri="/problems/invalid-transition")
    assert body["detail"] == detail
    assert [e["detail"] for e in body["errors"] if e["pointer"] == "#/state"] == [state]
    headers = {"HTTP_IF_MATCH": "*", "HTTP_ACCEPT_LANGUAGE": language}
    locked = world["clients"]["reporter"].patch(
        f"{URL}{report['id']}/", {"title": "x"}, content_type="application/json", **headers
    )
    errors = assert_problem(locked, 409, type_uri="/problems/report-locked")["errors"]
    assert [e["detail"] for e in errors if e["pointer"] == "#/state"] == [state]
