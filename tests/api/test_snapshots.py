"""Period-end snapshots (indicators/snapshots.py): a back-dated list served from a day's snapshot is byte for byte
the list judged from scratch by the pure rules, and no write leaves a snapshot that the rules would no longer give.
"""

import random
from dataclasses import replace
from datetime import date

import pytest
from django.core.cache import cache

from indicators import snapshots
from indicators.conf import thresholds
from indicators.models import AssessmentSnapshot, Target
from indicators.selectors.targets import assess_all
from indicators.state import SEVERITY
from tests.factories import make_indicator, make_plan, make_province, make_target
from tests.indicators.test_parity import build_cases, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"
DAY = date(2025, 6, 30)
ASKS = [
    {"status": "off_track"},
    {"status": ["on_track", "at_risk"], "ordering": "-gap"},
    {"ordering": "status,-progress"},
    {"deadline_status": ["due_soon", "overdue"], "ordering": "days_remaining"},
    {"status": "no_data", "cursor": ""},
    {},  # not filtered by the assessment: the page's bodies still come from the snapshots
]


def lists(client, day=DAY) -> list:
    """The pages of every ask; for cursor pages the rows of each page, followed to the end (the cursor itself is
    opaque: on a list judged in Python it names an id, on one ordered in SQL the ordering's keys)."""
    cache.clear()  # the throttle's counts
    result = []
    for ask in ASKS:
        if "cursor" not in ask:
            result += [client.get(URL, {"as_of": day, "limit": 100, "offset": o, **ask}).content for o in (0, 100)]
            continue
        page = client.get(URL, {"as_of": day, "limit": 100, **ask}).json()
        result.append(page["results"])
        while page["next"]:
            page = client.get(page["next"]).json()
            result.append(page["results"])
    return result


def from_scratch(day=DAY) -> dict[int, tuple]:
    return {row.id: stored(row.assessment) for row in assess_all(Target.objects.all(), day, thresholds())}


def stored(a) -> tuple:
    return (a.status.value, SEVERITY[a.status], a.deadline_status.value, a.gap, a.progress)


def snapshot_of(day=DAY) -> dict[int, tuple]:
    rows = AssessmentSnapshot.objects.filter(basis__startswith=day.isoformat())
    return {r.target_id: (r.status, r.severity, r.deadline_status, r.gap, r.progress) for r in rows}


def test_a_back_dated_list_from_snapshots_is_the_list_judged_from_scratch(client, world, django_assert_num_queries):  # noqa: F811
    provinces, _ = world
    build_cases(random.Random("snapshots"), provinces, DAY)
    judged = lists(client)  # no snapshot: every target judged by the rules in Python
    assert all(b'"results":[{' in body for body in judged[:8:2]) and len(judged) > 9
    assert snapshots.store(DAY) == Target.objects.count() > 1000
    assert snapshots.holds(DAY, thresholds())
    assert not snapshots.holds(date(2025, 7, 1), thresholds())
    # Every snapshot is what the rules give (gap and progress as the stored columns keep them: 4 places).
    quantized = {pk: (*v[:3], *(None if x is None else round(x, 4) for x in v[3:])) for pk, v in from_scratch().items()}
    assert snapshot_of() == quantized
    # stored?, snapshot?, COUNT, ids, the page's bodies: no row read or judged (searched facts, merged units)
    with django_assert_num_queries(5):
        client.get(URL, {"as_of": DAY, "status": "off_track", "limit": 50})
    assert lists(client) == judged
    # Snapshots stored before bodies were kept have none: their rows are judged, to the same bytes.
    half = list(AssessmentSnapshot.objects.order_by("pk").values_list("pk", flat=True))[::2]
    assert AssessmentSnapshot.objects.filter(pk__in=half).update(body="") > 500
    assert lists(client) == judged


@pytest.fixture
def small():
    province = make_province(code="44", era="2025", valid_from=date(2019, 1, 1))
    indicator = make_indicator(code="s-1")
    plan = make_plan(province=province, number="1/KH")
    targets = [make_target(plan=plan, indicator=indicator, value=v, deadline=date(2025 + i, 12, 31))
               for i, v in enumerate((50, 70, 90))]  # fmt: skip
    other = make_target(plan=make_plan(province=make_province(code="45", era="2025", valid_from=date(2019, 1, 1)), number="2/KH"),
                        indicator=indicator, value=60)  # fmt: skip
    return province, indicator, targets, other


def post_figure(client, indicator, on: date, value: str) -> None:
    report = {"province": "2025-44", "title": f"Báo cáo {on}", "reported_on": on.isoformat(), "state": "approved",
              "measurements": [{"indicator": indicator.pk, "value": value, "as_of": on.isoformat()}]}  # fmt: skip
    response = client.post("/api/v1/progress-reports/", report, content_type="application/json")
    assert response.status_code == 201, response.content


def test_no_write_leaves_a_stale_snapshot(client, small):
    province, indicator, targets, other = small
    days = (date(2024, 12, 31), DAY)
    for day in days:
        snapshots.store(day)
    before = {day: lists(client, day) for day in days}
    other_thresholds = replace(thresholds(), due_soon_days=thresholds().due_soon_days + 1)
    assert snapshots.holds(DAY, thresholds()) and not snapshots.holds(DAY, other_thresholds)
    ids = {t.pk for t in targets}
    # A figure dated after both days changes neither day's assessment: the snapshots stay, still right.
    post_figure(client, indicator, date(2025, 9, 30), "95")
    assert all(snapshots.holds(day, thresholds()) for day in days)
    assert {day: lists(client, day) for day in days} == before
    # A back-dated figure: the province's targets lose their snapshots from its date on, the other keeps them.
    post_figure(client, indicator, date(2025, 3, 31), "80")
    assert snapshots.holds(days[0], thresholds()) and not snapshots.holds(DAY, thresholds())
    assert {r.target_id for r in AssessmentSnapshot.objects.filter(basis__startswith=DAY.isoformat())} == {other.pk}
    assert snapshot_of(days[0]) == from_scratch(days[0])
    assert lists(client, DAY) != before[DAY]  # judged from scratch now: the figure counts
    snapshots.store(DAY)
    assert snapshot_of(DAY) == from_scratch(DAY)
    # Editing a target (its milestones, value or deadline change its past assessment) deletes its snapshots.
    response = client.patch(f"{URL}{targets[0].pk}/", {"value": "85"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert not AssessmentSnapshot.objects.filter(target=targets[0]).exists()
    assert AssessmentSnapshot.objects.filter(target_id__in=ids - {targets[0].pk}).count() == 4
    assert not snapshots.holds(DAY, thresholds())
