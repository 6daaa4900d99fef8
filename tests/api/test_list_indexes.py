"""The targets list's pages are read in the order of an index, never sorted whole (indicators/models.py, Target's
indexes): the default order, and today's stored status ordered by gap either way. A page of 50 then reads about 50
index entries after the offset, where a sort reads and orders every target that matches.

The planner chooses by cost, and a test database is small: sequential scans are turned off (PostgreSQL) so the plan
shows whether an index *can* give the order. An index whose order differs from the list's (NULLs first where the
list puts them last, say) leaves a Sort node, and the test fails."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from indicators.models import Target
from indicators.state import store_assessments
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"


@pytest.fixture
def targets():
    province = make_province(code="44", era="2025")
    plan = make_plan(province=province)
    report = make_report(province=province, reported_on=date(2025, 10, 1))
    for number in range(12):
        indicator = make_indicator(code=f"I{number}")
        make_target(plan=plan, indicator=indicator, value="90", deadline=date(2026, 12, 31 - number))
        if number % 3:  # some with a figure far below the target (off track, a gap), some without (no gap)
            make_measurement(report=report, indicator=indicator, value=str(10 + number), as_of=date(2025, 10, 1))
    store_assessments(Target.objects.all())
    # A status some targets have (the page is read only when the count is not 0), with a gap.
    return Target.objects.filter(known_gap__isnull=False).values_list("known_status", flat=True).first()


def page_query(client, params) -> str:
    """The statement that chooses the page's ids (the one with LIMIT and ORDER BY)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    (sql,) = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
    return sql


def plan_of(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE indicators_target, indicators_plan")  # a new table has no statistics yet
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({"offset": 5, "limit": 3}, "target_deadline"),
        ({"status": None, "ordering": "-gap", "limit": 3}, "target_status_gap_desc"),
        ({"status": None, "ordering": "gap", "limit": 3}, "target_stored_status"),
    ],
)
def test_a_page_is_read_in_index_order(anon_client, targets, params, index):
    if "status" in params:
        params = {**params, "status": targets}
    plan = plan_of(page_query(anon_client, params))
    assert index in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.postgresql
def test_the_default_order_needs_no_target_row_before_the_page(anon_client, targets):
    """The plan rides in the index: the offset's rows and the plans-in-force condition come from it alone."""
    plan = plan_of(page_query(anon_client, {"offset": 5, "limit": 3}))
    assert "Index Only Scan using target_deadline" in plan, plan
