"""Defects 1 and 2 of issue 18 on PostgreSQL with a live server: figures posted while their report is deleted.

Before: figures stayed active on the deleted report, and the race deadlocked (500 "deadlock detected"). Now the
report is locked first by both writers (indicators/locking.py): a figure is either in before the delete (and then
deactivated with the report) or refused with 422; nothing answers 5xx. The full race, with moves, bulk reports and
projections, is `scripts/reliability/run.py`.
"""

import pytest
from django.contrib.auth import get_user_model

from accounts import tokens
from indicators.models import Measurement, ProgressReport
from tests.api.test_concurrency import Api, run_threads
from tests.factories import make_indicator, make_plan, make_province, make_report, make_target
from tests.integrity.test_write_path import check

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

THREADS = 12
ROUNDS = 3


def test_figures_posted_while_their_report_is_deleted(live_server):
    province = make_province(code="44")
    indicator = make_indicator(code="dvc")
    make_target(plan=make_plan(province=province), indicator=indicator, value="90")
    staff = get_user_model().objects.create_user("staff", None, None, is_staff=True)
    token = tokens.issue(user=staff, name="race")[1]
    statuses = []
    for round_ in range(ROUNDS):
        report = make_report(province=province, title=f"r{round_}", state="draft")
        path = f"/api/v1/progress-reports/{report.pk}/"
        etag = Api(live_server.url, token)("GET", path)[1]["ETag"]

        def work(n, report=report, path=path, etag=etag):
            api = Api(live_server.url, token)
            if n == 0:
                return api("DELETE", path, **{"If-Match": etag})[0]
            return api(
                "POST", "/api/v1/measurements/", {"report": report.pk, "indicator": indicator.pk, "value": str(40 + n)}
            )[0]

        statuses += run_threads(THREADS, work)
    assert all(status < 500 for status in statuses), statuses
    assert set(statuses) <= {201, 204, 422}  # 422: the report was deleted first (a rule, not a malformed request)
    assert ProgressReport.objects.filter(deleted_at__isnull=False).count() == ROUNDS
    assert not Measurement.objects.filter(is_active=True, report__deleted_at__isnull=False).exists()
    assert statuses.count(201) == Measurement.objects.count()  # every accepted figure is there
    assert check()[0] == 0
