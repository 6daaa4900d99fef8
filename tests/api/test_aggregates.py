"""Aggregates (indicators/api/views/aggregates.py): plan and province scorecards, ranking, target series.

Correctness of each, the errors they answer, and a constant number of queries whatever the size.
"""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.rules.assessment import Status
from provinces.models import Province
from tests.api import assert_problem
from tests.factories import (
    link,
    make_indicator,
    make_measurement,
    make_plan,
    make_province,
    make_report,
    make_target,
)

pytestmark = pytest.mark.django_db

AS_OF = "2025-01-01"
PROVINCES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "provinces.json"
ZERO_COUNTS = {status.value: 0 for status in Status}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def counts(**nonzero):
    return {**ZERO_COUNTS, **nonzero}


@pytest.fixture
def provinces_fixture():
    call_command("loaddata", str(PROVINCES_FIXTURE), verbosity=0)


# ---------------------------------------------------------------------------------------------------------------
# Plan scorecard


@pytest.fixture
def plan_with_targets():
    """Five targets of one provincial plan, each on its own indicator, judged on 2025-01-01."""
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    other = make_province(code="52", era="2008")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    report = make_report(province=province)  # 2024-10-11
    ind = {name: make_indicator(code=name) for name in ("a-online", "b-missed", "c-estimate", "d-none", "e-fewer")}
    t = {
        "achieved": make_target(plan=plan, indicator=ind["a-online"], value="90", level="provincial"),
        "missed": make_target(plan=plan, indicator=ind["b-missed"], value="80", deadline=date(2024, 12, 31)),
        "insufficient": make_target(plan=plan, indicator=ind["c-estimate"], value="90"),
        "no_data": make_target(plan=plan, indicator=ind["d-none"], value="50"),
        "at_most": make_target(
            plan=plan, indicator=make_indicator(code="f-count", unit="count"), value="10", comparator="at_most"
        ),
    }
    make_measurement(
        report=report,
        indicator=ind["a-online"],
        value="99",
        qualifier="above",
        level="provincial",
        value_text="trên 99%",
    )
    make_measurement(report=report, indicator=ind["b-missed"], value="50", as_of=date(2024, 6, 30))
    make_measurement(report=report, indicator=ind["c-estimate"], value="50", is_estimate=True)
    make_measurement(report=report, indicator=t["at_most"].indicator, value="8")
    # Not in scope of d-none: another province, and a figure after as_of.
    make_measurement(report=make_report(province=other), indicator=ind["d-none"], value="60")
    make_measurement(
        report=make_report(province=province, reported_on=date(2025, 3, 1)), indicator=ind["d-none"], value="60"
    )
    return plan, t


def test_plan_scorecard_assesses_every_target_and_counts_statuses(client, plan_with_targets):
    plan, t = plan_with_targets
    body = get(client, f"/api/v1/plans/{plan.pk}/scorecard/", as_of=AS_OF)

    assert body["as_of"] == AS_OF
    assert body["plan"] == {
        "id": plan.pk,
        "document_type": "quyet_dinh",
        "number": "1982/QĐ-UBND",
        "title": plan.title,
        "issuer": plan.issuer,
        "issued_on": "2022-07-29",
        "status": "in_force",
        "province": "2008-51",
    }
    assert body["counts"] == counts(achieved=2, missed=1, insufficient_data=1, no_data=1)
    assert body["total"] == 5
    assert body["share_achieved"] == "0.4000"

    rows = {row["id"]: row for row in body["targets"]}
    assert [row["deadline"] for row in body["targets"]] == sorted(row["deadline"] for row in body["targets"])
    achieved = rows[t["achieved"].pk]
    assert achieved == {
        "id": t["achieved"].pk,
        "indicator": {
            "id": t["achieved"].indicator_id,
            "code": "a-online",
            "name": "a-online",
            "unit": "percent",
            "direction": "higher",
        },
        "level": "provincial",
        "comparator": "at_least",
        "value": "90.0000",
        "deadline": "2025-12-31",
        "latest": {
            "id": achieved["latest"]["id"],
            "as_of": "2024-10-11",
            "value": "99.0000",
            "qualifier": "above",
            "is_estimate": False,
            "province": "2008-51",
        },
        "gap": "0.0000",
        "status": "achieved",
        "deadline_status": "met",
        "days_remaining": 364,
        "provisional": False,
        "declining": False,
    }
    missed = rows[t["missed"].pk]
    assert (missed["status"], missed["deadline_status"], missed["gap"], missed["days_remaining"]) == (
        "missed",
        "overdue",
        "30.0000",
        -1,
    )
    estimate = rows[t["insufficient"].pk]
    assert (estimate["status"], estimate["provisional"], estimate["gap"]) == ("insufficient_data", True, "40.0000")
    no_data = rows[t["no_data"].pk]
    assert (no_data["status"], no_data["latest"], no_data["gap"], no_data["deadline_status"]) == (
        "no_data",
        None,
        None,
        "open",
    )
    assert rows[t["at_most"].pk]["status"] == "achieved"


def test_plan_scorecard_depends_on_as_of(client, plan_with_targets):
    plan, _ = plan_with_targets
    body = get(client, f"/api/v1/plans/{plan.pk}/scorecard/", as_of="2024-01-01")
    assert body["counts"] == counts(no_data=5)
    assert body["share_achieved"] == "0.0000"


def test_plan_scorecard_without_targets_has_zero_counts_and_no_share(client):
    plan = make_plan()
    body = get(client, f"/api/v1/plans/{plan.pk}/scorecard/", as_of=AS_OF)
    assert body["counts"] == ZERO_COUNTS
    assert (body["total"], body["share_achieved"], body["targets"]) == (0, None, [])
    assert body["plan"]["province"] is None


def test_as_of_defaults_to_today(client, plan_with_targets, monkeypatch):
    monkeypatch.setattr("indicators.api.params.today", lambda: date(2026, 1, 1))
    plan, _ = plan_with_targets
    assert get(client, f"/api/v1/plans/{plan.pk}/scorecard/")["as_of"] == "2026-01-01"


# ---------------------------------------------------------------------------------------------------------------
# Province scorecard


@pytest.fixture
def quang_tri(provinces_fixture):
    """New Quảng Trị (2025-44) was formed from old Quảng Trị (2008-45) and Quảng Bình (2008-44)."""
    key = {k: Province.objects.get(key=k) for k in ("2025-44", "2008-45", "2008-44", "2008-46")}
    ind = [make_indicator(code=f"qt-{i}") for i in range(5)]
    plans = {
        "old_qt": make_plan(province=key["2008-45"], issued_on=date(2022, 7, 29)),
        "old_qb": make_plan(province=key["2008-44"], issued_on=date(2021, 5, 1)),
        "new_qt": make_plan(province=key["2025-44"], issued_on=date(2025, 9, 1)),
        "new_empty": make_plan(province=key["2025-44"], issued_on=None),
        "hue": make_plan(province=key["2008-46"]),
        "national": make_plan(province=None, number="749/QĐ-TTg", issuer="Thủ tướng Chính phủ"),
    }
    targets = {
        "old_qt_1": make_target(plan=plans["old_qt"], indicator=ind[0], value="90"),
        "old_qt_2": make_target(plan=plans["old_qt"], indicator=ind[1], value="80"),
        "old_qb": make_target(plan=plans["old_qb"], indicator=ind[2], value="70"),
        "new_qt": make_target(plan=plans["new_qt"], indicator=ind[3], value="60", deadline=date(2030, 12, 31)),
        "hue": make_target(plan=plans["hue"], indicator=ind[4], value="50"),
        "national": make_target(plan=plans["national"], indicator=ind[4], value="50"),
    }
    # Reported by the new province after the merger: it judges old Quảng Trị's target too.
    new_report = make_report(province=key["2025-44"], reported_on=date(2025, 10, 1))
    make_measurement(report=new_report, indicator=ind[0], value="95")
    make_measurement(report=make_report(province=key["2008-44"]), indicator=ind[2], value="75")
    return key, plans, targets


def test_province_scorecard_includes_the_plans_of_its_predecessors(client, quang_tri):
    _, plans, targets = quang_tri
    body = get(client, "/api/v1/provinces/2025-44/scorecard/", as_of="2025-12-01")

    assert body["as_of"] == "2025-12-01"
    assert body["province"] == {
        "key": "2025-44",
        "code": "44",
        "era": "2025",
        "name": "Tỉnh Quảng Trị",
        "short_name": "Quảng Trị",
    }
    assert [p["key"] for p in body["included_provinces"]] == ["2025-44", "2008-44", "2008-45"]
    # Newest first, undated last.
    assert [group["plan"]["id"] for group in body["plans"]] == [
        plans["new_qt"].pk,
        plans["old_qt"].pk,
        plans["old_qb"].pk,
        plans["new_empty"].pk,
    ]
    assert body["counts"] == counts(achieved=2, no_data=2)
    assert (body["total"], body["share_achieved"]) == (4, "0.5000")

    groups = {group["plan"]["id"]: group for group in body["plans"]}
    old_qt = groups[plans["old_qt"].pk]
    assert old_qt["plan"]["province"] == "2008-45"
    assert old_qt["counts"] == counts(achieved=1, no_data=1)
    assert (old_qt["total"], old_qt["share_achieved"]) == (2, "0.5000")
    judged_by_successor = next(row for row in old_qt["targets"] if row["id"] == targets["old_qt_1"].pk)
    assert judged_by_successor["latest"]["province"] == "2025-44"
    assert groups[plans["old_qb"].pk]["counts"] == counts(achieved=1)
    empty = groups[plans["new_empty"].pk]
    assert (empty["targets"], empty["total"], empty["share_achieved"]) == ([], 0, None)


def test_province_scorecard_of_an_old_unit_does_not_include_its_successor(client, quang_tri):
    _, plans, _ = quang_tri
    body = get(client, "/api/v1/provinces/2008-45/scorecard/", as_of="2025-12-01")
    assert [p["key"] for p in body["included_provinces"]] == ["2008-45"]
    assert [group["plan"]["id"] for group in body["plans"]] == [plans["old_qt"].pk]
    assert body["counts"] == counts(achieved=1, no_data=1)


def test_province_scorecard_without_plans(client, provinces_fixture):
    body = get(client, "/api/v1/provinces/2025-01/scorecard/", as_of=AS_OF)
    assert (body["plans"], body["counts"], body["total"], body["share_achieved"]) == ([], ZERO_COUNTS, 0, None)


# ---------------------------------------------------------------------------------------------------------------
# Ranking


@pytest.fixture
def ranking_world():
    """Six 2025-era provinces (codes 71–76) and two 2008-era predecessors of 74 and 75."""
    new = {code: make_province(code=code, era="2025") for code in ("71", "72", "73", "74", "75", "76")}
    old = {code: make_province(code=code, era="2008") for code in ("81", "82")}
    link(old["81"], new["74"])
    link(old["82"], new["75"])
    return new, old


def report_of(province, on=date(2025, 9, 30)):
    return make_report(province=province, reported_on=on)


def test_ranking_uses_competition_ranks_and_lists_provinces_without_data_last(client, ranking_world):
    new, old = ranking_world
    indicator = make_indicator(code="online-share")
    for code, value, qualifier in (
        ("71", "90", "exact"),
        ("72", "80", "above"),
        ("73", "80", "exact"),
        ("74", "70", "exact"),
    ):
        make_measurement(report=report_of(new[code]), indicator=indicator, value=value, qualifier=qualifier)
    # 74's own figure is newer than its predecessor's; 75 has only its predecessor's.
    make_measurement(report=report_of(old["81"], date(2024, 10, 11)), indicator=indicator, value="95")
    make_measurement(report=report_of(old["82"], date(2024, 10, 11)), indicator=indicator, value="60")
    # None of these count for 76: another level, after as_of, the nation.
    make_measurement(report=report_of(new["76"]), indicator=indicator, value="99", level="district")
    make_measurement(report=report_of(new["76"], date(2026, 1, 5)), indicator=indicator, value="99")
    make_measurement(report=report_of(None), indicator=indicator, value="99")

    body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", as_of="2025-12-31", era="2025")

    assert (body["as_of"], body["level"], body["era"], body["ranked"]) == ("2025-12-31", "overall", "2025", 5)
    assert body["indicator"]["code"] == "online-share"
    assert [(row["province"]["code"], row["rank"]) for row in body["results"]] == [
        ("71", 1),
        ("72", 2),
        ("73", 2),
        ("74", 4),
        ("75", 5),
        ("76", None),
    ]
    rows = {row["province"]["code"]: row for row in body["results"]}
    assert rows["72"]["latest"]["qualifier"] == "above"  # shown, but does not break the tie
    assert (rows["74"]["latest"]["value"], rows["74"]["latest"]["province"]) == ("70.0000", new["74"].key)
    assert (rows["75"]["latest"]["value"], rows["75"]["latest"]["province"]) == ("60.0000", old["82"].key)
    assert rows["76"]["latest"] is None


def test_ranking_lower_is_better_for_rank_indicators(client, ranking_world):
    new, _ = ranking_world
    indicator = make_indicator(code="dti-rank", unit="rank")
    for code, value in (("71", "10"), ("72", "20"), ("73", "3"), ("74", "10")):
        make_measurement(report=report_of(new[code]), indicator=indicator, value=value)
    body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", as_of="2025-12-31")
    assert body["indicator"]["direction"] == "lower"
    assert [(row["province"]["code"], row["rank"]) for row in body["results"]] == [
        ("73", 1),
        ("71", 2),
        ("74", 2),
        ("72", 4),
        ("75", None),
        ("76", None),
    ]


def test_ranking_era_defaults_to_the_division_in_force_on_as_of(client, ranking_world):
    _, old = ranking_world
    indicator = make_indicator()
    make_measurement(report=report_of(old["82"], date(2024, 10, 11)), indicator=indicator, value="60")
    body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", as_of="2024-12-31")
    assert body["era"] == "2008"
    assert [(row["province"]["key"], row["rank"]) for row in body["results"]] == [("2008-82", 1), ("2008-81", None)]


def test_ranking_by_level(client, ranking_world):
    new, _ = ranking_world
    indicator = make_indicator()
    make_measurement(report=report_of(new["76"]), indicator=indicator, value="40", level="district")
    make_measurement(report=report_of(new["71"]), indicator=indicator, value="99")
    body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", as_of="2025-12-31", level="district")
    assert body["level"] == "district"
    assert [(row["province"]["code"], row["rank"]) for row in body["results"] if row["rank"]] == [("76", 1)]


# ---------------------------------------------------------------------------------------------------------------
# Target series


@pytest.fixture
def series_target():
    old = make_province(code="81", era="2008")
    new = make_province(code="71", era="2025")
    unrelated = make_province(code="72", era="2025")
    link(old, new)
    indicator = make_indicator(code="online-share")
    target = make_target(
        plan=make_plan(province=new),
        indicator=indicator,
        value="90",
        baseline_value="10",
        baseline_date=date(2022, 1, 1),
        milestones=[(date(2024, 1, 1), "50")],
    )
    make_measurement(report=report_of(old, date(2023, 1, 1)), indicator=indicator, value="30")
    make_measurement(
        report=report_of(new, date(2024, 10, 11)),
        indicator=indicator,
        value="70",
        qualifier="above",
        value_text="trên 70%",
    )
    # Out of scope: after as_of, another level, another province, the nation.
    make_measurement(report=report_of(new, date(2025, 3, 1)), indicator=indicator, value="80")
    make_measurement(report=report_of(new, date(2024, 10, 11)), indicator=indicator, value="99", level="district")
    make_measurement(report=report_of(unrelated, date(2024, 10, 11)), indicator=indicator, value="85")
    make_measurement(report=report_of(None, date(2024, 10, 11)), indicator=indicator, value="88")
    return target, old, new


def test_series_lists_the_judging_measurements_and_the_expected_path(client, series_target):
    target, old, new = series_target
    body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of=AS_OF)

    assert body["as_of"] == AS_OF
    assert body["plan"]["id"] == target.plan_id
    assert [(m["as_of"], m["value"], m["province"]) for m in body["measurements"]] == [
        ("2023-01-01", "30.0000", old.key),
        ("2024-10-11", "70.0000", new.key),
    ]
    assert body["measurements"][1]["value_text"] == "trên 70%"
    assert body["reference"] == {"date": "2022-01-01", "value": "10.0000", "source": "baseline"}
    assert body["path"] == [
        {"date": "2022-01-01", "value": "10.0000", "kind": "reference"},
        {"date": "2024-01-01", "value": "50.0000", "kind": "milestone"},
        {"date": "2025-12-31", "value": "90.0000", "kind": "target"},
    ]
    # 50 + 40 × 366/730 on the milestone → deadline segment.
    assert body["expected_value"] == "70.0548"
    row = body["target"]
    assert (row["latest"]["value"], row["latest"]["qualifier"], row["status"]) == ("70.0000", "above", "on_track")
    assert row["latest"]["id"] == body["measurements"][-1]["id"]


def test_series_after_the_deadline_expects_the_target_value(client, series_target):
    target, _, _ = series_target
    body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of="2026-06-30")
    assert body["expected_value"] == "90.0000"
    assert len(body["measurements"]) == 3
    assert body["target"]["status"] == "missed"


def test_series_without_any_reference(client):
    target = make_target(
        plan=make_plan(), indicator=make_indicator(), value="90", milestones=[(date(2024, 6, 30), "60")]
    )
    body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of=AS_OF)
    assert (body["reference"], body["expected_value"], body["measurements"]) == (None, None, [])
    assert body["path"] == [
        {"date": "2024-06-30", "value": "60.0000", "kind": "milestone"},
        {"date": "2025-12-31", "value": "90.0000", "kind": "target"},
    ]
    assert (body["target"]["status"], body["target"]["latest"]) == ("no_data", None)


def test_series_reference_is_the_earliest_measurement_without_a_baseline(client):
    province = make_province(code="71")
    indicator = make_indicator()
    target = make_target(plan=make_plan(province=province), indicator=indicator, value="90")
    make_measurement(report=report_of(province, date(2023, 12, 31)), indicator=indicator, value="40")
    make_measurement(report=report_of(province, date(2024, 12, 31)), indicator=indicator, value="60")
    body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of="2024-12-31")
    assert body["reference"] == {"date": "2023-12-31", "value": "40.0000", "source": "earliest_measurement"}
    assert [p["kind"] for p in body["path"]] == ["reference", "target"]
    # 40 + 50 × 366/731
    assert body["expected_value"] == "65.0342"


# ---------------------------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/999999/scorecard/",
        "/api/v1/provinces/2025-99/scorecard/",
        "/api/v1/provinces/nope/scorecard/",
        "/api/v1/indicators/999999/ranking/",
        "/api/v1/targets/999999/series/",
    ],
)
def test_unknown_object_is_a_404_problem(client, url):
    assert_problem(client.get(url, {"as_of": AS_OF}), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/{plan}/scorecard/",
        "/api/v1/provinces/2025-71/scorecard/",
        "/api/v1/indicators/{indicator}/ranking/",
        "/api/v1/targets/{target}/series/",
    ],
)
def test_invalid_as_of_is_a_400_problem(client, url):
    target = make_target(plan=make_plan(province=make_province(code="71")), indicator=make_indicator(), value="9")
    url = url.format(plan=target.plan_id, indicator=target.indicator_id, target=target.pk)
    body = assert_problem(client.get(url, {"as_of": "2025-02-30"}), 400, type_uri="/problems/validation")
    assert [error["pointer"] for error in body["errors"]] == ["#/as_of"]


@pytest.mark.parametrize(("param", "value"), [("level", "city"), ("era", "2030")])
def test_invalid_ranking_parameter_is_a_400_problem(client, param, value):
    indicator = make_indicator()
    response = client.get(f"/api/v1/indicators/{indicator.pk}/ranking/", {param: value})
    body = assert_problem(response, 400, type_uri="/problems/validation")
    assert [error["pointer"] for error in body["errors"]] == [f"#/{param}"]


# ---------------------------------------------------------------------------------------------------------------
# Constant number of queries


STATUS_MAKERS = ("achieved", "on_track", "no_data", "insufficient", "missed")


def add_targets(plan, province, count, *, as_of=date(2025, 1, 1)):
    """`count` targets of `plan` with a spread of statuses (figures reported by `province`)."""
    report = make_report(province=province, reported_on=date(2024, 10, 11))
    earlier = make_report(province=province, reported_on=date(2023, 1, 1))
    for i in range(count):
        kind = STATUS_MAKERS[i % len(STATUS_MAKERS)]
        indicator = make_indicator()
        deadline = as_of - timedelta(days=1) if kind == "missed" else date(2025, 12, 31)
        make_target(
            plan=plan,
            indicator=indicator,
            value="90",
            deadline=deadline,
            milestones=[(date(2024, 1, 1), "50")] if i % 2 else (),
        )
        if kind == "achieved":
            make_measurement(report=report, indicator=indicator, value="95")
        elif kind == "on_track":
            make_measurement(report=earlier, indicator=indicator, value="10")
            make_measurement(report=report, indicator=indicator, value="85")
        elif kind in ("insufficient", "missed"):
            make_measurement(report=report, indicator=indicator, value="40")


@pytest.mark.parametrize("size", [3, 60])
def test_plan_scorecard_query_count_is_constant(client, django_assert_num_queries, size):
    province = make_province(code="71")
    plan = make_plan(province=province)
    add_targets(plan, province, size)
    # the plan; the targets' cards (indicators/cards.py: not for AS_OF); whether today's stored assessment holds
    # (not for AS_OF either); the targets with their facts; milestones
    with django_assert_num_queries(5):
        body = get(client, f"/api/v1/plans/{plan.pk}/scorecard/", as_of=AS_OF)
    assert body["total"] == size
    with django_assert_num_queries(2):  # today: the plan; the targets from their cards
        today = get(client, f"/api/v1/plans/{plan.pk}/scorecard/")
    assert today["total"] == size and today["as_of"] != AS_OF


@pytest.mark.parametrize("size", [3, 60])
def test_province_scorecard_query_count_is_constant(client, django_assert_num_queries, size):
    new = make_province(code="71", era="2025")
    old = [make_province(code=code, era="2008") for code in ("81", "82")]
    for predecessor in old:
        link(predecessor, new)
    plans = [make_plan(province=p) for p in (new, *old)]
    for i, plan in enumerate(plans):
        add_targets(plan, new, size // 3 + (i < size % 3))
    # the province; its predecessors; the plans; the cards (not for AS_OF); the stored-assessment check; the
    # targets; their milestones; the merged unit's predecessors and their figures (indicators/merged.py: `new`
    # has two predecessors, and a third of the targets are its)
    with django_assert_num_queries(9):
        body = get(client, f"/api/v1/provinces/{new.key}/scorecard/", as_of=AS_OF)
    assert body["total"] == size
    with django_assert_num_queries(4):  # today: the province; its predecessors; the plans; the targets' cards
        assert get(client, f"/api/v1/provinces/{new.key}/scorecard/")["total"] == size


@pytest.mark.parametrize("size", [2, 30])
def test_ranking_query_count_is_constant(client, django_assert_num_queries, size):
    indicator = make_indicator()
    for i in range(size):
        province = make_province(code=f"{i + 10:02d}", era="2025")
        predecessor = make_province(code=f"{i + 10:02d}", era="2008")
        link(predecessor, province)
        make_measurement(report=report_of(predecessor, date(2024, 1, 1)), indicator=indicator, value=str(i % 7))
        if i % 3:
            make_measurement(report=report_of(province), indicator=indicator, value=str(i % 5))
    # the indicator; the successions; the units with the id of their latest figure (the era's and the single
    # predecessors they inherit from); those figures (no merged unit here: see tests/api/test_combined_series.py)
    with django_assert_num_queries(4):
        body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", as_of="2025-12-31", era="2025")
    assert len(body["results"]) == size


@pytest.mark.parametrize("size", [2, 40])
def test_series_query_count_is_constant(client, django_assert_num_queries, size):
    province = make_province(code="71")
    indicator = make_indicator()
    target = make_target(
        plan=make_plan(province=province),
        indicator=indicator,
        value="90",
        milestones=[(date(2023, 6, 30), "40"), (date(2024, 6, 30), "60")],
    )
    for i in range(size):
        make_measurement(
            report=report_of(province, date(2022, 1, 1) + timedelta(days=20 * i)),
            indicator=indicator,
            value=str(10 + i),
        )
    with django_assert_num_queries(3):  # the target with its facts; its milestones; the measurements
        body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of=AS_OF)
    assert len(body["measurements"]) == size
    assert len(body["path"]) == 4


def test_series_rows_render_as_the_measurements_did(client, series_target):
    """The series reads its figures as plain values (aggregates.SeriesFigure): the body is byte for byte the one
    rendered from the measurements as model instances, for a provincial and a national target."""
    from indicators.api.serializers.aggregates import TargetSeriesSerializer
    from indicators.lineage import judging_measurements
    from indicators.selectors import aggregates

    target, _, _ = series_target
    national = make_target(plan=make_plan(province=None), indicator=target.indicator, value="90")
    make_measurement(report=report_of(None, date(2024, 3, 1)), indicator=target.indicator, value="77.5",
                     qualifier="approximately", is_estimate=True, value_text="khoảng 77,5%")  # fmt: skip
    for one in (target, national):
        for as_of in (date(2024, 12, 31), date(2026, 6, 30)):
            served = client.get(f"/api/v1/targets/{one.pk}/series/", {"as_of": as_of}).json()
            loaded = aggregates.series_target(one.pk, as_of=as_of)
            series = aggregates.target_series(loaded, as_of=as_of)
            instances = sorted(judging_measurements(loaded, as_of), key=lambda m: (m.as_of, m.pk))
            assert [f.id for f in series.measurements] == [m.pk for m in instances] != []
            expected = TargetSeriesSerializer(
                aggregates.TargetSeries(**{**series.__dict__, "measurements": instances})
            ).data
            assert served == json.loads(json.dumps(expected, default=str))
