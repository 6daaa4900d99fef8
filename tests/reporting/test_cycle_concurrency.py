"""Concurrent steps on PostgreSQL against a live server: 10 approvers approve and 10 return the same submitted report
at once. Exactly one step wins (200); every other answer is a 409 naming the state the winner left, none a 5xx;
the history holds the one step; the target's maintained facts equal a fresh recomputation.

PostgreSQL only (marker `postgresql`, deselected on SQLite: tests/conftest.py)."""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from accounts import tokens
from accounts.models import Membership, Role
from indicators import services
from indicators.models import ProgressReport, ReportState, Target
from indicators.state import refresh
from tests.api.test_concurrency import Api
from tests.factories import make_indicator, make_plan, make_province, make_target

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
THREADS = 20


def test_concurrent_approve_and_return_one_wins(live_server):
    from datetime import date

    province = make_province(code="44")
    indicator = make_indicator(code="dvc")
    target = make_target(plan=make_plan(province=province), indicator=indicator, value="90")
    report = services.progress_report_create(
        province=province,
        title="Báo cáo",
        reported_on=date(2025, 10, 11),  # inside the 2025 unit's lifetime
        measurements=[{"indicator": indicator, "value_text": "trên 99%"}],
    )
    ProgressReport.objects.filter(pk=report.pk).update(state="submitted", submitted_at="2025-10-12T00:00:00Z")
    user = get_user_model().objects.create_user("approver", "a@example.org", None)
    Membership.objects.create(user=user, province=province, role=Role.APPROVER)
    raw = tokens.issue(user=user, name="t")[1]
    start, answers = threading.Barrier(THREADS), []

    def worker(index):
        api = Api(live_server.url, raw)
        action = "approve" if index % 2 == 0 else "return"
        start.wait()
        status, _, body = api("POST", f"/api/v1/progress-reports/{report.pk}/{action}/", {"reason": f"r{index}"})
        answers.append((action, status, body))
        api.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = Counter(status for _, status, _ in answers)
    assert statuses == {200: 1, 409: THREADS - 1}, statuses
    winner = next(action for action, status, _ in answers if status == 200)
    final = ProgressReport.objects.get(pk=report.pk).state
    assert final == {"approve": "approved", "return": "returned"}[winner]
    # The losers are told the state the winner left, by its label in the answer's language (Vietnamese by default).
    with translation.override("vi"):
        label = str(ReportState(final).label)
    assert all(label in body["detail"] for _, status, body in answers if status == 409), answers
    steps = [h for h in ProgressReport.history.filter(id=report.pk) if h.history_change_reason]
    assert len(steps) == 1
    before = {f: getattr(Target.objects.get(pk=target.pk), f) for f in ("known_latest_id", "known_status")}
    refresh(Target.objects.filter(pk=target.pk))
    after = {f: getattr(Target.objects.get(pk=target.pk), f) for f in ("known_latest_id", "known_status")}
    assert before == after
    assert (after["known_latest_id"] is not None) == (final == "approved")
