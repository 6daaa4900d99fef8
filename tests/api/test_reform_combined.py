"""A target of a merged unit judged on its predecessors' figures combined, through the API.

New Quảng Ngãi (2025-51) = Kon Tum (2008-62) + old Quảng Ngãi (2008-51) (fixtures/provinces.json). Its targets are
judged on its own figures and, before it existed, on a figure combined from both predecessors' figures of one date:
counts add up, shares combine from their numerators and denominators, anything else gives no figure, and the
explanation says why. One predecessor's figure never judges the merged unit. The rules: docs/assessment.md."""

from datetime import date

import pytest
from django.core.management import call_command

from provinces.models import Province
from tests.api.test_aggregates import PROVINCES_FIXTURE, get
from tests.factories import make_indicator, make_plan, make_target

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/progress-reports/"
PREDECESSORS = [{"key": "2008-51", "name": "Tỉnh Quảng Ngãi"}, {"key": "2008-62", "name": "Tỉnh Kon Tum"}]


@pytest.fixture(autouse=True)
def provinces(db):
    call_command("loaddata", str(PROVINCES_FIXTURE), verbosity=0)


def reported(client, province, on, indicator, text, level="overall"):
    data = {
        "province": province,
        "title": "Báo cáo kết quả chuyển đổi số",
        "reported_on": on,
        "state": "approved",
        "measurements": [{"indicator": indicator.pk, "value_text": text, "level": level}],
    }
    response = client.post(REPORTS, data, content_type="application/json")
    assert response.status_code == 201, response.content
    return {**response.json()["measurements"][0], "report": response.json()["id"]}


def merged_target(unit="percent", value="60", comparator="at_least"):
    indicator = make_indicator(unit=unit)
    plan = make_plan(province=Province.objects.get(key="2025-51"), issued_on=date(2025, 9, 1))
    target = make_target(
        plan=plan, indicator=indicator, value=value, comparator=comparator, deadline=date(2030, 12, 31)
    )
    return indicator, target


def detail(client, target, as_of="2025-12-31", language="en"):
    response = client.get(f"/api/v1/targets/{target.pk}/", {"as_of": as_of}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def test_share_combined_from_numerators_and_denominators_when_both_reported(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")  # 25%: alone it would miss 60%
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")  # 75%: alone it would meet it
    body = detail(client, target)
    # (100 + 1200) / (400 + 1600) = 65%: not the mean of 25% and 75% (50%), nor either one alone.
    assert body["status"] == "achieved"
    assert body["latest"] == {
        "id": None,
        "as_of": "2025-03-31",
        "value": "65.0000",
        "qualifier": "exact",
        "is_estimate": False,
        "province": None,
    }
    explanation = body["explanation"]
    assert (explanation["basis"], explanation["unit"], explanation["units"]) == ("combined", None, PREDECESSORS)
    assert explanation["no_figure"] is None
    assert "Tỉnh Quảng Ngãi (2008-51)" in explanation["basis_text"]
    assert "Tỉnh Kon Tum (2008-62)" in explanation["basis_text"]


def test_no_figure_when_only_one_predecessor_reported(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    body = detail(client, target)
    assert (body["status"], body["latest"]) == ("no_data", None)
    explanation = body["explanation"]
    assert (explanation["basis"], explanation["units"]) == (None, [])
    assert explanation["no_figure"] == {
        "why_not": "not_all_reported",
        "units": PREDECESSORS,
        "missing": [{"key": "2008-62", "name": "Tỉnh Kon Tum"}],
    }
    assert "Tỉnh Kon Tum (2008-62)" in explanation["basis_text"]
    vietnamese = detail(client, target, language="vi")["explanation"]["basis_text"]
    assert "Tỉnh Kon Tum (2008-62)" in vietnamese and vietnamese != explanation["basis_text"]


def test_counts_add_up(client):
    indicator, target = merged_target(unit="count", value="12")
    reported(client, "2008-62", "2025-06-30", indicator, "5")
    reported(client, "2008-51", "2025-06-30", indicator, "10")  # alone it would not reach 12
    body = detail(client, target)
    assert (body["status"], body["latest"]["value"], body["explanation"]["basis"]) == (
        "achieved",
        "15.0000",
        "combined",
    )


@pytest.mark.parametrize(
    ("unit", "texts", "why_not"),
    [("percent", ("25%", "75%"), "share_without_counts"), ("rank", ("thứ 40/63", "thứ 1/63"), "does_not_combine")],
)
def test_figures_that_do_not_combine_give_none_and_say_why(client, unit, texts, why_not):
    indicator, target = merged_target(
        unit=unit, value="60" if unit == "percent" else "10", comparator="at_least" if unit == "percent" else "at_most"
    )
    for key, text in zip(("2008-62", "2008-51"), texts, strict=True):
        reported(client, key, "2025-03-31", indicator, text)
    body = detail(client, target)
    assert (body["status"], body["latest"]) == ("no_data", None)
    assert body["explanation"]["no_figure"]["why_not"] == why_not
    assert body["explanation"]["no_figure"]["missing"] == []


def test_the_units_own_figure_follows_and_a_back_dated_day_still_combines(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    own = reported(client, "2025-51", "2026-03-31", indicator, "58")
    body = detail(client, target, as_of="2026-06-30")
    assert (body["latest"]["id"], body["explanation"]["basis"], body["explanation"]["unit"]) == (
        own["id"],
        "own",
        "2025-51",
    )
    # The earliest figure, the reference of the pace, is the combined one: 65% → 58% is a decline.
    assert body["explanation"]["reference"] == {
        "date": "2025-03-31",
        "value": "65.0000",
        "source": "earliest_measurement",
    }
    assert (body["status"], body["declining"]) == ("off_track", True)
    body = detail(client, target, as_of="2025-12-31")  # the own figure is dated after: the facts are searched
    assert (body["latest"]["value"], body["explanation"]["basis"]) == ("65.0000", "combined")


def lists(client, target, **params):
    return get(client, "/api/v1/targets/", plan=target.plan_id, **params)["results"]


def test_every_path_agrees_lists_scorecards_and_the_stored_assessment(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    for params in (
        {},
        {"as_of": "2025-12-31"},
        {"as_of": "2025-12-31", "status": "achieved"},
        {"status": "achieved"},
        {"ordering": "gap"},
    ):
        [row] = lists(client, target, **params)
        assert (row["status"], row["latest"]["value"], row["explanation"]["basis"]) == (
            "achieved",
            "65.0000",
            "combined",
        ), params
    scorecard = get(client, "/api/v1/provinces/2025-51/scorecard/")
    [group] = scorecard["plans"]
    assert (group["targets"][0]["status"], group["targets"][0]["latest"]["value"]) == ("achieved", "65.0000")
    call_command("refresh_assessments", check=True, verbosity=0)  # exits 1 on any difference


def test_a_late_predecessor_report_updates_the_stored_assessment(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    assert lists(client, target)[0]["status"] == "no_data"
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    assert lists(client, target)[0]["status"] == "achieved"
    call_command("refresh_assessments", check=True, verbosity=0)


def build_merged(client, size):
    """`size` targets of the merged unit, each with both predecessors' figures of one date."""
    plan = make_plan(province=Province.objects.get(key="2025-51"), issued_on=date(2025, 9, 1))
    indicators = [make_indicator(unit="percent") for _ in range(size)]
    for indicator in indicators:
        make_target(plan=plan, indicator=indicator, value="60", deadline=date(2030, 12, 31))
    for key, text in (("2008-62", "100/400"), ("2008-51", "1.200/1.600")):
        data = {
            "province": key,
            "title": "Báo cáo",
            "reported_on": "2025-03-31",
            "state": "approved",
            "measurements": [{"indicator": i.pk, "value_text": text} for i in indicators],
        }
        assert client.post(REPORTS, data, content_type="application/json").status_code == 201
    return plan


QUERIES = [
    ("/api/v1/targets/", {}),
    ("/api/v1/targets/", {"as_of": "2025-12-31"}),
    ("/api/v1/targets/", {"as_of": "2025-12-31", "status": "achieved"}),
    ("/api/v1/targets/", {"ordering": "gap"}),
    ("/api/v1/provinces/2025-51/scorecard/", {"as_of": "2025-12-31"}),
    ("/api/v1/provinces/2025-51/scorecard/", {}),
]


@pytest.mark.parametrize(("url", "params"), QUERIES)
def test_query_count_does_not_grow_with_merged_targets(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        build_merged(client, size)
        with CaptureQueriesContext(connection) as queries:
            body = get(client, url, **params)
        counts.append(len(queries))
        judged = body["results"] if "results" in body else [t for g in body["plans"] for t in g["targets"]]
        assert {t["status"] for t in judged} == {"achieved"} and len(judged) == (2 if size == 2 else 14)
    assert counts[0] == counts[1], counts


def test_a_predecessors_report_costs_the_same_for_more_merged_targets(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        plan = make_plan(province=Province.objects.get(key="2025-51"), issued_on=date(2025, 9, 1))
        indicators = [make_indicator(unit="percent") for _ in range(size)]
        for indicator in indicators:
            make_target(plan=plan, indicator=indicator, value="60", deadline=date(2030, 12, 31))
        for key, text in (("2008-62", "100/400"), ("2008-51", "1.200/1.600")):
            data = {
                "province": key,
                "title": "Báo cáo",
                "reported_on": "2025-03-31",
                "state": "approved",
                "measurements": [{"indicator": i.pk, "value_text": text} for i in indicators],
            }
            with CaptureQueriesContext(connection) as queries:
                assert client.post(REPORTS, data, content_type="application/json").status_code == 201
        counts.append(len(queries))  # the second report: the one that completes the combination
        assert {t["status"] for t in get(client, "/api/v1/targets/", plan=plan.pk)["results"]} == {"achieved"}
    assert counts[0] == counts[1], counts


def test_the_series_shows_the_combined_figures(client):
    indicator, target = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    body = get(client, f"/api/v1/targets/{target.pk}/series/", as_of="2025-12-31")
    assert body["measurements"] == []  # no figure of the unit itself, nor one predecessor's alone
    assert body["combined"] == [
        {"as_of": "2025-03-31", "value": "65.0000", "qualifier": "exact", "is_estimate": False, "units": PREDECESSORS}
    ]
    assert body["reference"]["value"] == "65.0000" and body["target"]["status"] == "achieved"


def test_a_merged_units_target_detail_costs_two_queries_more(client, django_assert_num_queries):
    indicator, merged = merged_target(value="60")
    reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    plan = make_plan(province=Province.objects.get(key="2025-22"), issued_on=date(2025, 9, 1))
    alone = make_target(plan=plan, indicator=indicator, value="60", deadline=date(2030, 12, 31))
    with django_assert_num_queries(4):  # the row, its milestones, its measurements, its children (the cascade)
        detail(client, alone)
    with django_assert_num_queries(6):  # and the unit's predecessors, their figures
        assert detail(client, merged)["explanation"]["basis"] == "combined"


def test_deleting_a_predecessors_report_undoes_the_combination(client):
    indicator, target = merged_target(value="60")
    kon_tum = reported(client, "2008-62", "2025-03-31", indicator, "100/400")
    reported(client, "2008-51", "2025-03-31", indicator, "1.200/1.600")
    assert lists(client, target)[0]["status"] == "achieved"
    assert client.delete(f"{REPORTS}{kon_tum['report']}/").status_code == 204
    [row] = lists(client, target)
    assert (row["status"], row["explanation"]["no_figure"]["missing"]) == ("no_data", [PREDECESSORS[1]])
    call_command("refresh_assessments", check=True, verbosity=0)
