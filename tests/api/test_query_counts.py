"""Every list endpoint runs the same number of queries for 2 rows as for 50 (no query per row).

The numbers are exact on purpose, so that a change shows up in review:
- indicators, plans, measurements: COUNT + the page (related objects joined);
- progress reports: COUNT + the page + their measurements (one prefetch, indicators joined);
- targets: COUNT + the page's ids + their cards by id (indicators/cards.py: each body as the list shows it, kept
  for today); where no card holds for as_of (another day), those rows (plan, province, indicator joined) + their
  milestones, each row judged by the pure rules from its maintained facts. Filtered or ordered by the
  assessment: one query more, which finds whether the stored assessment holds for as_of (then COUNT and ids read
  it) or not (then both are computed by the database in one statement of common table expressions each).
"""

import json
from datetime import date, timedelta

import pytest

from indicators import snapshots
from indicators.conf import today
from indicators.models import Indicator, Measurement, Milestone, Plan, ProgressReport, Target
from indicators.state import refresh
from tests.factories import link, make_plan, make_province

pytestmark = pytest.mark.django_db

# A statement that reads the measurements table (the quotes differ between databases).
MEASUREMENTS = Measurement._meta.db_table

SIZES = (2, 50)


@pytest.fixture
def build():
    """Rows for every resource, each with related objects to serialize. Bulk inserts send no signals, so the
    targets' maintained facts are refreshed once at the end, as `manage.py refresh_assessments` does."""
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)

    def build(size: int):
        successor = make_plan(province=new, number="1/KH")
        indicators = Indicator.objects.bulk_create(
            Indicator(code=f"ind-{i}", name=f"Chỉ số {i}", unit="percent", direction="higher", pillar="kinh_te_so")
            for i in range(size)
        )
        plans = Plan.objects.bulk_create(
            Plan(
                province=old if i % 2 else new,
                number=f"{i}/KH",
                title="Kế hoạch",
                issuer="UBND",
                document_type="ke_hoach",
                issued_on=date(2022, 1, 1),
                status="superseded",
                superseded_by=successor,
            )
            for i in range(size)
        )
        targets = Target.objects.bulk_create(
            Target(
                plan=plan,
                indicator=indicator,
                comparator="at_least",
                value=90,
                unit="percent",
                deadline=date(2025, 12, 31),
                baseline_value=10,
                baseline_date=date(2021, 1, 1),
            )
            for plan, indicator in zip(plans, indicators, strict=True)
        )
        Milestone.objects.bulk_create(
            Milestone(target=target, on=on, value=value)
            for target in targets
            for on, value in ((date(2023, 1, 1), 50), (date(2024, 1, 1), 70))
        )
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(province=plan.province, title="Báo cáo", reported_on=date(2024, 1, 1) + timedelta(days=i))
            for i, plan in enumerate(plans)
        )
        Measurement.objects.bulk_create(
            Measurement(
                report=report,
                indicator=indicator,
                province=report.province,
                unit="percent",
                level="overall",
                as_of=as_of,
                value=value,
                is_estimate=estimate,
            )
            for i, (report, indicator) in enumerate(zip(reports, indicators, strict=True))
            for as_of, value, estimate in ((date(2023, 6, 1), 40 + i % 50, False), (report.reported_on, 60, True))
        )
        refresh(Target.objects.all())

    return build


def get_list(client, url, size, **params):
    if url == "/api/v1/targets/":
        # The rows' plans are superseded (so that the superseded_by link is serialized too): asked for explicitly,
        # since lists count plans in force by default.
        params.setdefault("plan_status", "superseded")
    response = client.get(url, {"limit": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("url", "queries", "rows"),
    [
        ("/api/v1/indicators/", 2, lambda size: size),
        ("/api/v1/plans/", 2, lambda size: size + 1),
        ("/api/v1/targets/", 3, lambda size: size),
        ("/api/v1/progress-reports/", 3, lambda size: size),
        ("/api/v1/measurements/", 2, lambda size: 2 * size),
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, build, django_assert_num_queries, url, queries, rows, size):
    build(size)
    with django_assert_num_queries(queries):
        assert len(get_list(client, url, size)) == rows(size)


@pytest.mark.parametrize("size", SIZES)
def test_filtered_and_ordered_target_list(client, build, django_assert_num_queries, size):
    """Filters on computed fields and ordering on a past date: one query finds the stored assessment is for another
    day, one that not every target has a snapshot for it, then the targets, their milestones and the successions
    are read and every target judged by the rules from its maintained facts, or, where a figure is dated after that
    day, from the ends of its series (two statements more, whatever the size: one aggregate, then the chosen
    figures by id), and the page's snapshot bodies (none for that day); with the day's snapshots
    (indicators/snapshots.py) the list counts, pages and renders from them; `province` is a
    subquery (no query of its own) and `q` reads the indicator and plan names (two)."""
    build(size)
    params = {"status": ["on_track", "at_risk", "off_track"], "ordering": "-gap,status", "as_of": "2024-06-30"}
    with django_assert_num_queries(7):
        judged = get_list(client, "/api/v1/targets/", size, **params)
    assert len(judged) == size
    before_the_last_figures = {"ordering": "-gap,status", "as_of": "2023-12-31"}
    with django_assert_num_queries(9) as queries:
        assert len(get_list(client, "/api/v1/targets/", size, **before_the_last_figures)) == size
    assert sum(MEASUREMENTS in query["sql"] for query in queries.captured_queries) == 2
    snapshots.store(date(2024, 6, 30))
    # stored?, snapshot?, COUNT, ids, the page's bodies from the snapshots: no row judged, whatever the figures
    with django_assert_num_queries(5):
        assert get_list(client, "/api/v1/targets/", size, **params) == judged
    with django_assert_num_queries(3):
        assert len(get_list(client, "/api/v1/targets/", size, province="2025-44", include_predecessors="true")) == size
    with django_assert_num_queries(5):
        assert len(get_list(client, "/api/v1/targets/", size, q="chi so")) == size


@pytest.mark.parametrize("size", SIZES)
def test_target_list_without_cards(client, build, django_assert_num_queries, size):
    """Where no card holds (here: none stored), the page's rows are read and judged: two queries more, whatever
    the page size, and the same body."""
    from indicators.models import TargetCard

    build(size)
    params = {"limit": 500, "plan_status": "superseded"}  # the rows' plans are superseded (see get_list)
    carded = client.get("/api/v1/targets/", params).content
    assert len(json.loads(carded)["results"]) == size
    TargetCard.objects.all().delete()
    with django_assert_num_queries(5):
        assert client.get("/api/v1/targets/", params).content == carded


@pytest.mark.parametrize("size", SIZES)
def test_target_list_on_the_stored_assessment(client, build, django_assert_num_queries, size):
    """Today's list, filtered and ordered by status and gap, reads the stored assessment; with it cleared, every
    target is judged by the rules from its maintained facts (no figure is dated after today: no statement reads the
    measurements), in as many statements, and the rows agree."""
    build(size)
    params = {"status": ["missed", "achieved", "off_track"], "ordering": "-gap,status"}
    with django_assert_num_queries(4) as queries:
        stored = get_list(client, "/api/v1/targets/", size, **params)
    assert len(stored) == size
    assert not any(MEASUREMENTS in query["sql"] for query in queries.captured_queries)
    Target.objects.update(known_basis="")  # no longer for today: judged by the rules
    with django_assert_num_queries(7) as queries:  # and the snapshots and page's cards, which do not hold
        computed = get_list(client, "/api/v1/targets/", size, as_of=today().isoformat(), **params)
    assert not any(MEASUREMENTS in query["sql"] for query in queries.captured_queries)
    assert computed == stored


def test_target_detail_query_count(client, build, django_assert_num_queries):
    """The row with its assessment, its milestones, the readings the pure rules explain it with, and its children
    (none here; with children: tests/api/test_cascade.py)."""
    build(2)
    target_id = get_list(client, "/api/v1/targets/", 2)[0]["id"]
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/targets/{target_id}/", {"as_of": "2024-06-30"})
    assert response.status_code == 200
