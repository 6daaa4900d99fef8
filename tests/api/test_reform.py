"""The 2025 reform through the API, on the seed provinces of the official list (fixtures/provinces.json).

New Quảng Trị (2025-44) = old Quảng Bình (2008-44) + old Quảng Trị (2008-45); new Quảng Ngãi (2025-51) = Kon Tum
(2008-62) + old Quảng Ngãi (2008-51); Quảng Ninh (2025-22) continues 2008-22 alone. The rules: docs/provinces.md
and docs/assessment.md."""

from datetime import date

import pytest
from django.core.management import call_command

from provinces.models import Province
from tests.api import assert_problem
from tests.api.test_aggregates import PROVINCES_FIXTURE, get
from tests.factories import make_indicator, make_measurement, make_plan, make_report, make_target

pytestmark = pytest.mark.django_db
VALIDATION = "/problems/validation"
RULE = "/problems/rule"
REPORTS, PLANS = "/api/v1/progress-reports/", "/api/v1/plans/"


@pytest.fixture(autouse=True)
def provinces(db):
    call_command("loaddata", str(PROVINCES_FIXTURE), verbosity=0)


def post(client, url, body, language="en"):
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def report(province, reported_on, *measurements, **fields):
    """A published report: created approved, so its figures count (only approved figures do: docs/reporting.md)."""
    return {
        "province": province,
        "title": "Báo cáo kết quả chuyển đổi số",
        "reported_on": reported_on,
        "state": "approved",
        **fields,
        "measurements": list(measurements),
    }


# ---------------------------------------------------------------------------------------------------------------
# Lifetimes


def test_report_for_a_unit_after_its_end_is_refused_naming_its_dates_and_successor(client):
    body = assert_problem(post(client, REPORTS, report("2008-44", "2026-11-30")), 422, type_uri=RULE)
    message = body["errors"][0]["detail"]
    assert body["errors"][0]["pointer"] == "#/reported_on"
    for part in ("Tỉnh Quảng Bình (2008-44)", "2008-08-01", "2025-06-30", "2026-11-30", "Tỉnh Quảng Trị (2025-44)"):
        assert part in message


def test_report_published_after_the_end_about_a_period_inside_it_is_accepted(client):
    data = report("2008-44", "2025-08-15", period_start="2025-01-01", period_end="2025-06-30")
    assert post(client, REPORTS, data).status_code == 201


def test_plan_of_an_old_unit_issued_after_its_end_is_refused(client):
    data = {
        "document_type": "quyet_dinh",
        "number": "1/QĐ-UBND",
        "title": "Kế hoạch",
        "issuer": "UBND tỉnh",
        "issued_on": "2026-03-01",
        "province": "2008-45",
    }
    body = assert_problem(post(client, PLANS, data), 422, type_uri=RULE)
    assert body["errors"][0]["pointer"] == "#/issued_on"
    assert "Tỉnh Quảng Trị (2025-44)" in body["errors"][0]["detail"]
    assert "2025-06-30" in body["errors"][0]["detail"]


def test_report_for_a_new_unit_before_it_existed_names_its_predecessors(client):
    body = assert_problem(post(client, REPORTS, report("2025-44", "2024-06-30")), 422, type_uri=RULE)
    message = body["errors"][0]["detail"]
    assert "since 2025-07-01" in message
    assert "Tỉnh Quảng Bình (2008-44), Tỉnh Quảng Trị (2008-45)" in message


def test_the_refusal_is_in_vietnamese_when_asked(client):
    response = post(client, REPORTS, report("2025-44", "2024-06-30"), language="vi")
    message = assert_problem(response, 422, type_uri=RULE)["errors"][0]["detail"]
    assert "có hiệu lực từ 2025-07-01" in message and "Tỉnh Quảng Bình (2008-44)" in message


def test_figure_dated_outside_the_unit_is_refused(client):
    indicator = make_indicator(unit="percent")
    data = report("2025-44", "2025-09-30", {"indicator": indicator.pk, "value": "50", "as_of": "2025-06-30"})
    body = assert_problem(post(client, REPORTS, data), 422, type_uri=RULE)
    assert body["errors"][0]["pointer"] == "#/measurements/0/as_of"


def test_district_figure_dated_in_2026_is_refused(client):
    indicator = make_indicator(unit="percent")
    data = report("2025-44", "2026-03-31", {"indicator": indicator.pk, "level": "district", "value": "88"})
    body = assert_problem(post(client, REPORTS, data), 422, type_uri=RULE)
    assert body["errors"][0]["pointer"] == "#/measurements/0/level"
    assert "2025-07-01" in body["errors"][0]["detail"]
    # The same figure at the commune level, or a district figure of the old era, is accepted.
    commune = report("2025-44", "2026-03-31", {"indicator": indicator.pk, "level": "commune", "value": "88"})
    assert post(client, REPORTS, commune).status_code == 201
    old = report("2008-45", "2024-10-11", {"indicator": indicator.pk, "level": "district", "value": "88"})
    assert post(client, REPORTS, old).status_code == 201


# ---------------------------------------------------------------------------------------------------------------
# Which figures judge a target


def target_body(client, target, as_of):
    return get(client, f"/api/v1/targets/{target.pk}/", as_of=as_of)


def test_a_part_never_stands_for_the_merged_whole(client):
    new_qt, qb = Province.objects.get(key="2025-44"), Province.objects.get(key="2008-44")
    indicator = make_indicator(unit="percent")
    target = make_target(
        plan=make_plan(province=new_qt, issued_on=date(2025, 9, 1)),
        indicator=indicator,
        value="80",
        deadline=date(2027, 12, 31),
    )
    make_measurement(report=make_report(province=qb, reported_on=date(2025, 6, 30)), indicator=indicator, value="95")
    body = target_body(client, target, "2026-06-30")
    assert (body["status"], body["latest"]) == ("no_data", None)
    listed = get(client, "/api/v1/targets/", as_of="2026-06-30", plan=target.plan_id)["results"][0]
    assert (listed["status"], listed["latest"]) == ("no_data", None)


def test_a_single_predecessor_is_inherited_with_its_basis_named(client):
    qn_new, qn_old = Province.objects.get(key="2025-22"), Province.objects.get(key="2008-22")
    indicator = make_indicator(unit="percent")
    target = make_target(plan=make_plan(province=qn_new, issued_on=date(2025, 9, 1)), indicator=indicator, value="70")
    make_measurement(
        report=make_report(province=qn_old, reported_on=date(2022, 7, 15)),
        indicator=indicator,
        value="71.44",
        numerator="1223",
        denominator="1712",
    )
    body = target_body(client, target, "2025-12-31")
    assert body["status"] == "achieved"
    assert (body["explanation"]["basis"], body["explanation"]["unit"]) == ("predecessor", "2008-22")


def test_an_old_units_target_judged_by_its_successor_says_so(client):
    old_qng, new_qng = Province.objects.get(key="2008-51"), Province.objects.get(key="2025-51")
    indicator = make_indicator(unit="percent")
    target = make_target(
        plan=make_plan(province=old_qng, issued_on=date(2021, 9, 1)),
        indicator=indicator,
        value="90",
        level="provincial",
    )
    make_measurement(
        report=make_report(province=new_qng, reported_on=date(2025, 12, 31)),
        indicator=indicator,
        value="99",
        level="provincial",
    )
    body = target_body(client, target, "2025-12-31")
    assert (body["explanation"]["basis"], body["explanation"]["unit"]) == ("successor", "2025-51")
    assert body["explanation"]["level_abolished"] is False


def test_district_target_due_after_the_reform_is_flagged(client):
    indicator = make_indicator(unit="percent")
    plan = make_plan(province=Province.objects.get(key="2008-51"), issued_on=date(2021, 9, 1))
    due_2025 = make_target(plan=plan, indicator=indicator, value="80", level="district")
    due_2024 = make_target(plan=plan, indicator=indicator, value="80", level="district", deadline=date(2024, 12, 31))
    assert target_body(client, due_2025, "2025-12-31")["explanation"]["level_abolished"] is True
    assert target_body(client, due_2024, "2025-12-31")["explanation"]["level_abolished"] is False


# ---------------------------------------------------------------------------------------------------------------
# Rankings


def ranking(client, indicator, **params):
    body = get(client, f"/api/v1/indicators/{indicator.pk}/ranking/", **params)
    return body, {row["province"]["key"]: row for row in body["results"]}


def test_merged_units_share_combined_from_numerators_and_denominators(client):
    indicator = make_indicator(unit="percent")
    for key, text in (("2008-62", "100/400"), ("2008-51", "1.200/1.600")):
        data = report(key, "2025-03-31", {"indicator": indicator.pk, "value_text": text})
        assert post(client, REPORTS, data).status_code == 201
    _, rows = ranking(client, indicator, as_of="2025-12-31")
    latest = rows["2025-51"]["latest"]
    assert rows["2025-51"]["rank"] == 1
    # (100 + 1200) / (400 + 1600) = 65%: not the mean of 25% and 75% (50%), nor either one alone.
    assert (latest["value"], latest["basis"], latest["units"]) == ("65.0000", "combined", ["2008-51", "2008-62"])
    assert (latest["id"], latest["province"], latest["as_of"]) == (None, None, "2025-03-31")


def test_merged_unit_has_no_figure_when_only_one_predecessor_reported(client):
    indicator = make_indicator(unit="percent")
    data = report("2008-62", "2025-03-31", {"indicator": indicator.pk, "value_text": "300/400"})
    assert post(client, REPORTS, data).status_code == 201
    _, rows = ranking(client, indicator, as_of="2025-12-31")
    row = rows["2025-51"]
    assert (row["rank"], row["latest"]) == (None, None)
    assert row["no_figure"]["why_not"] == "not_all_reported"
    assert row["no_figure"]["missing"] == [{"key": "2008-51", "name": "Tỉnh Quảng Ngãi"}]


def test_ranks_keep_their_cohort_and_are_compared_only_within_it(client):
    """The issue's case: Kon Tum "thứ 40/63" dated 2025-03-31 must not rank new Quảng Ngãi, nor old Quảng Ngãi's
    "thứ 1/63"; a rank among 63 is not compared with ranks among 34."""
    indicator = make_indicator(unit="rank")
    for key, on, text in (
        ("2008-51", "2024-10-11", "thứ 1/63"),
        ("2008-62", "2025-03-31", "thứ 40/63"),
        ("2008-22", "2024-10-11", "thứ 3/63"),
        ("2025-01", "2026-06-30", "thứ 5/34"),
    ):
        assert (
            post(client, REPORTS, report(key, on, {"indicator": indicator.pk, "value_text": text})).status_code == 201
        )
    body, rows = ranking(client, indicator, as_of="2026-11-30")
    assert body["era"] == "2025" and body["ranked"] == 1
    assert (rows["2025-01"]["rank"], rows["2025-01"]["latest"]["cohort"]) == (1, 34)
    assert (rows["2025-51"]["latest"], rows["2025-51"]["no_figure"]["why_not"]) == (None, "not_all_reported")
    quang_ninh = rows["2025-22"]
    assert (quang_ninh["rank"], quang_ninh["not_ranked"]) == (None, "other_cohort")
    assert (quang_ninh["latest"]["cohort"], quang_ninh["latest"]["basis"]) == (63, "predecessor")
    # In the era in force on 2024-12-31 the 63 units are ranked among themselves.
    body, rows = ranking(client, indicator, as_of="2024-12-31")
    assert body["era"] == "2008"
    assert [(k, rows[k]["rank"]) for k in ("2008-51", "2008-22", "2008-62")] == [
        ("2008-51", 1),
        ("2008-22", 2),
        ("2008-62", None),
    ]
    assert rows["2008-51"]["latest"]["cohort"] == 63 and rows["2008-51"]["latest"]["basis"] == "own"


# ---------------------------------------------------------------------------------------------------------------
# Plan status


@pytest.fixture
def draft_and_in_force():
    province = Province.objects.get(key="2008-51")
    indicator = make_indicator(unit="percent")
    draft = make_plan(province=province, status="draft", number="", issued_on=date(2021, 8, 30))
    in_force = make_plan(province=province, number="13-NQ/TU", issued_on=date(2023, 9, 6))
    make_target(plan=draft, indicator=indicator, value="90")
    make_target(plan=in_force, indicator=indicator, value="80")
    return draft, in_force


def test_draft_plan_left_out_of_a_scorecard_unless_asked_for(client, draft_and_in_force):
    draft, in_force = draft_and_in_force
    body = get(client, "/api/v1/provinces/2025-51/scorecard/", as_of="2025-12-31")
    assert ([g["plan"]["id"] for g in body["plans"]], body["total"]) == ([in_force.pk], 1)
    assert body["plan_statuses"] == ["in_force"]
    response = client.get(
        "/api/v1/provinces/2025-51/scorecard/", {"as_of": "2025-12-31", "plan_status": ["in_force", "draft"]}
    )
    body = response.json()
    assert body["total"] == 2 and body["plan_statuses"] == ["draft", "in_force"]
    assert {g["plan"]["id"]: g["plan"]["status"] for g in body["plans"]} == {draft.pk: "draft", in_force.pk: "in_force"}


def test_unknown_plan_status_is_a_400(client):
    response = client.get("/api/v1/provinces/2025-51/scorecard/", {"plan_status": "repealed"})
    assert response.status_code == 400


def test_target_list_counts_plans_in_force_by_default(client, draft_and_in_force):
    draft, in_force = draft_and_in_force
    listed = get(client, "/api/v1/targets/", as_of="2025-12-31")["results"]
    assert [t["plan"]["id"] for t in listed] == [in_force.pk]
    response = client.get("/api/v1/targets/", {"as_of": "2025-12-31", "plan_status": "draft"})
    assert [(t["plan"]["id"], t["plan"]["status"]) for t in response.json()["results"]] == [(draft.pk, "draft")]
    # A plan asked for by id is listed whatever its status.
    assert [t["plan"]["id"] for t in get(client, "/api/v1/targets/", plan=draft.pk)["results"]] == [draft.pk]


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "2025-06-30", "status": ["achieved", "off_track", "no_data", "on_track", "at_risk"]},
        {"as_of": "2025-06-30", "ordering": "gap"},
        {"as_of": "2025-06-30", "ordering": "-gap,deadline", "status": "no_data"},
        {"status": "no_data"},
        {"ordering": "status"},
    ],
)
def test_every_path_of_the_target_list_counts_plans_in_force_by_default(client, draft_and_in_force, query):
    # A past as_of with a status filter or an assessment ordering is judged in Python, not in SQL: the same default.
    draft, in_force = draft_and_in_force
    listed = client.get("/api/v1/targets/", query).json()["results"]
    assert [t["plan"]["id"] for t in listed] == [in_force.pk]
    assert client.get("/api/v1/targets/", {**query, "format": "csv"}).status_code == 200
    both = client.get("/api/v1/targets/", {**query, "plan_status": ["draft", "in_force"]}).json()["results"]
    assert sorted(t["plan"]["id"] for t in both) == sorted([draft.pk, in_force.pk])


def test_a_draft_plans_target_is_shown_by_id_with_its_status(client, draft_and_in_force):
    draft, _ = draft_and_in_force
    target = draft.targets.get()
    body = get(client, f"/api/v1/targets/{target.pk}/", as_of="2025-12-31")
    assert (body["id"], body["plan"]["status"]) == (target.pk, "draft")


# ---------------------------------------------------------------------------------------------------------------
# Series across plans and units; notes, cohorts and date precision


def test_series_follows_the_target_it_continues(client):
    old = Province.objects.get(key="2008-22")
    indicator = make_indicator(unit="percent")
    earlier = make_target(plan=make_plan(province=old), indicator=indicator, value="70")
    old_figure = make_measurement(
        report=make_report(province=old, reported_on=date(2022, 7, 15)), indicator=indicator, value="71.4"
    )
    plan = {
        "document_type": "ke_hoach",
        "number": "9/KH-UBND",
        "title": "Kế hoạch",
        "issuer": "UBND",
        "issued_on": "2026-01-05",
        "province": "2025-22",
    }
    plan_id = post(client, PLANS, plan).json()["id"]
    later = post(
        client,
        "/api/v1/targets/",
        {
            "plan": plan_id,
            "indicator": indicator.pk,
            "comparator": "at_least",
            "value": "90",
            "deadline": "2030-12-31",
            "continues": earlier.pk,
        },
    )
    assert later.status_code == 201, later.content
    assert later.json()["continues"] == earlier.pk
    new_figure = post(client, REPORTS, report("2025-22", "2026-06-30", {"indicator": indicator.pk, "value": "80"}))
    body = get(client, f"/api/v1/targets/{later.json()['id']}/series/", as_of="2026-11-30")
    assert [c["id"] for c in body["continues"]] == [earlier.pk]
    assert [m["id"] for m in body["measurements"]] == [old_figure.pk, new_figure.json()["measurements"][0]["id"]]


def test_continues_must_be_the_same_indicator(client):
    plan = make_plan(province=Province.objects.get(key="2025-22"))
    other = make_target(plan=plan, indicator=make_indicator(unit="percent"), value="70")
    data = {
        "plan": plan.pk,
        "indicator": make_indicator(unit="percent").pk,
        "comparator": "at_least",
        "value": "90",
        "deadline": "2030-12-31",
        "continues": other.pk,
    }
    body = assert_problem(post(client, "/api/v1/targets/", data), 422, type_uri=RULE)
    assert body["errors"][0]["pointer"] == "#/continues"


def test_a_rank_target_states_its_cohort_and_only_a_rank_has_one(client):
    plan = make_plan(province=Province.objects.get(key="2008-22"))
    rank = make_indicator(unit="rank")
    data = {
        "plan": plan.pk,
        "indicator": rank.pk,
        "comparator": "at_most",
        "value": "3",
        "deadline": "2025-12-31",
        "cohort": 63,
        "relative_form": "nhóm 3 tỉnh, thành dẫn đầu",
        "value_source": "Báo Quảng Ninh",
    }
    created = post(client, "/api/v1/targets/", data)
    assert created.status_code == 201, created.content
    assert (created.json()["cohort"], created.json()["relative_form"]) == (63, "nhóm 3 tỉnh, thành dẫn đầu")
    share = {**data, "indicator": make_indicator(unit="percent").pk, "comparator": "at_least", "value": "80"}
    body = assert_problem(post(client, "/api/v1/targets/", share), 422, type_uri=RULE)
    assert body["errors"][0]["pointer"] == "#/cohort"


def test_a_plan_without_targets_says_why(client):
    plan = make_plan(
        province=Province.objects.get(key="2008-45"), targets_note="Các nguồn hiện có không nêu chỉ tiêu của Đề án."
    )
    body = get(client, f"/api/v1/plans/{plan.pk}/scorecard/", as_of="2025-12-31")
    assert (body["total"], body["targets_note"]) == (0, "Các nguồn hiện có không nêu chỉ tiêu của Đề án.")
    assert get(client, f"/api/v1/plans/{plan.pk}/")["targets_note"] == body["targets_note"]


def test_a_figure_with_an_approximate_date(client):
    indicator = make_indicator(unit="percent")
    data = report(
        "2008-51", "2024-09-15", {"indicator": indicator.pk, "value_text": "100%", "as_of_precision": "before"}
    )
    created = post(client, REPORTS, data)
    assert created.status_code == 201, created.content
    assert created.json()["measurements"][0]["as_of_precision"] == "before"
    wrong = report("2008-51", "2024-09-15", {"indicator": indicator.pk, "value": "1", "as_of_precision": "week"})
    assert assert_problem(post(client, REPORTS, wrong), 400, type_uri=VALIDATION)["errors"][0]["pointer"] == (
        "#/measurements/0/as_of_precision"
    )
