"""/api/v1/targets/: targets with their assessment on ?as_of=, filters on computed fields, writes via services."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import Milestone, Target
from indicators.rule_texts import rule_text
from tests.api import assert_problem
from tests.crud import ResourceCRUD
from tests.factories import link, make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


def said(rule: str) -> str:
    """The rule's reason as the API writes it by default (Vietnamese; indicators/rule_texts.py)."""
    with translation.override("vi"):
        return rule_text(rule)


URL = "/api/v1/targets/"
AS_OF = "2024-12-31"


@pytest.fixture
def quang_ngai():
    """The worked examples of docs/assessment.md: Quảng Ngãi's 2025 targets vs figures reported on 2024-10-11."""
    old = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    new = make_province(code="51", era="2025", name="Tỉnh Quảng Ngãi")
    link(old, new)
    online = make_indicator(code="ho-so-truc-tuyen", name="Tỷ lệ hồ sơ công việc xử lý trực tuyến")
    plan = make_plan(province=old, number="05-NQ/TU", title="Nghị quyết về chuyển đổi số tỉnh Quảng Ngãi")
    targets = {
        level: make_target(plan=plan, indicator=online, value=value, level=level)
        for level, value in (("provincial", 90), ("district", 80), ("commune", 60))
    }
    report = make_report(province=old, reported_on=date(2024, 10, 11), document_number="123/BC-UBND")
    for level, value, qualifier in (("provincial", 99, "above"), ("district", 88, "nearly"), ("commune", 70, "above")):
        make_measurement(report=report, indicator=online, level=level, value=value, qualifier=qualifier)
    return {"old": old, "new": new, "plan": plan, "indicator": online, "report": report, **targets}


@pytest.fixture
def paced():
    """Targets whose status comes from the pace, with a baseline (2023-01-01 → 2025-12-31, 40 → 100)."""
    province = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    plan = make_plan(province=province, number="1982/QĐ-UBND", title="Kế hoạch chuyển đổi số")
    report = make_report(province=province, reported_on=date(2024, 7, 1))
    rows = {}
    for code, latest in (("a", 90), ("b", 65), ("c", 50), ("d", 30)):
        indicator = make_indicator(code=f"pace-{code}", name=f"Chỉ số {code}")
        rows[code] = make_target(
            plan=plan,
            indicator=indicator,
            value=100,
            baseline_value=Decimal(40),
            baseline_date=date(2023, 1, 1),
            milestones=[(date(2024, 1, 1), 60)],
        )
        make_measurement(report=report, indicator=indicator, value=latest)
    rows["none"] = make_target(plan=plan, indicator=make_indicator(code="pace-none"), value=50)
    return rows


def get(client, path="", **params):
    response = client.get(URL + path, params)
    assert response.status_code == 200, response.content
    return response


def rows(response):
    return {row["id"]: row for row in response.json()["results"]}


# ---------------------------------------------------------------------------------------------------------------
# Reading


def test_list_shows_assessment_and_echoes_as_of(client, quang_ngai):
    response = get(client, as_of=AS_OF)
    body = response.json()
    assert list(body) == ["as_of", "count", "next", "previous", "results"]
    assert body["as_of"] == AS_OF and response["X-As-Of"] == AS_OF
    assert body["count"] == 3
    row = rows(response)[quang_ngai["provincial"].pk]
    assert row["plan"]["number"] == "05-NQ/TU" and row["plan"]["province"] == "2008-51"
    assert row["indicator"] == {
        "id": quang_ngai["indicator"].pk,
        "code": "ho-so-truc-tuyen",
        "name": "Tỷ lệ hồ sơ công việc xử lý trực tuyến",
        "unit": "percent",
        "direction": "higher",
    }
    assert row["latest"] == {
        "id": row["latest"]["id"],
        "as_of": "2024-10-11",
        "value": "99.0000",
        "qualifier": "above",
        "is_estimate": False,
        "province": "2008-51",
    }
    assert (row["status"], row["deadline_status"], row["gap"]) == ("achieved", "met", "0.0000")
    assert row["days_remaining"] == 365 and row["provisional"] is False and row["declining"] is False
    assert row["explanation"]["rule"] == said("the latest measurement meets the target")
    assert row["explanation"]["as_of"] == AS_OF


def test_worked_examples_of_design(client, quang_ngai):
    """trên 99% meets ≥ 90%, gần 88% meets ≥ 80%, trên 70% meets ≥ 60%; unmet after the deadline is missed."""
    assessed = rows(get(client, as_of=AS_OF))
    assert {assessed[quang_ngai[level].pk]["status"] for level in ("provincial", "district", "commune")} == {"achieved"}
    target = make_target(
        plan=quang_ngai["plan"],
        indicator=quang_ngai["indicator"],
        value=100,
        level="district",
        deadline=date(2025, 6, 30),
    )
    later = get(client, str(target.pk) + "/", as_of="2026-01-01").json()
    assert (later["status"], later["deadline_status"], later["gap"]) == ("missed", "overdue", "12.0000")
    assert later["as_of"] == "2026-01-01"


def test_as_of_defaults_to_today_and_ignores_later_figures(client, quang_ngai, settings):
    response = get(client)
    assert response.json()["as_of"] == response["X-As-Of"]
    before = rows(get(client, as_of="2024-10-10"))[quang_ngai["provincial"].pk]
    assert before["status"] == "no_data" and before["latest"] is None and before["gap"] is None


@pytest.mark.parametrize("bad", ["2024-13-01", "31/12/2024", "soon"])
def test_invalid_as_of_is_a_400_naming_it(client, quang_ngai, bad):
    for path in ("", f"{quang_ngai['provincial'].pk}/"):
        response = client.get(URL + path, {"as_of": bad})
        body = assert_problem(response, 400, type_uri="/problems/validation")
        assert [error["pointer"] for error in body["errors"]] == ["#/as_of"]
        assert "X-As-Of" not in response


def test_detail_explains_with_the_pure_rules_and_agrees_with_the_list(client, paced, quang_ngai):
    """The list builds the explanation from annotations, the detail from assessment.assess: same answer."""
    for as_of in ("2024-07-01", AS_OF, "2023-06-30", "2026-02-01"):
        listed = rows(get(client, as_of=as_of, limit=100))
        for pk, row in listed.items():
            detail = get(client, f"{pk}/", as_of=as_of).json()
            assert detail.pop("as_of") == as_of
            assert detail.pop("competing_with") == [] and detail.pop("children")["count"] == 0  # the detail's cascade
            assert detail == row, pk


def test_pace_statuses_and_explanation(client, paced):
    """On 2024-12-31 the path (40 → 60 on 2024-01-01 → 100 on 2025-12-31) expects 80: the ratio decides."""
    listed = rows(get(client, as_of=AS_OF))
    status = {code: listed[target.pk]["status"] for code, target in paced.items()}
    assert status == {"a": "on_track", "b": "at_risk", "c": "off_track", "d": "off_track", "none": "no_data"}
    explanation = listed[paced["c"].pk]["explanation"]
    assert explanation["reference"] == {"date": "2023-01-01", "value": "40.0000", "source": "baseline"}
    assert explanation["expected"] == {
        "value": "80.0000",
        "from": {"date": "2024-01-01", "value": "60.0000"},
        "to": {"date": "2025-12-31", "value": "100.0000"},
    }
    assert (explanation["ratio"], explanation["rule"]) == ("0.2500", said("pace ratio below at_risk"))
    assert explanation["thresholds"] == {"on_track": "0.9500", "at_risk": "0.6000", "due_soon_days": 90}
    assert listed[paced["b"].pk]["explanation"]["ratio"] == "0.6250"
    assert listed[paced["c"].pk]["progress"] == "0.1667"  # (50 − 40) / (100 − 40)
    declining = listed[paced["d"].pk]
    assert declining["declining"] is True and declining["progress"] == "-0.1667"
    assert listed[paced["none"].pk]["progress"] is None and listed[paced["none"].pk]["explanation"]["latest"] is None


# ---------------------------------------------------------------------------------------------------------------
# Filters and ordering


def test_status_filter_takes_several_values(client, paced):
    both = rows(get(client, as_of=AS_OF, status=["off_track", "no_data"]))
    assert set(both) == {paced["c"].pk, paced["d"].pk, paced["none"].pk}
    assert set(rows(get(client, as_of=AS_OF, status=["on_track", "at_risk"]))) == {paced["a"].pk, paced["b"].pk}
    assert_problem(client.get(URL, {"status": "late"}), 400, type_uri="/problems/validation")


def test_status_follows_as_of(client, paced):
    assert set(rows(get(client, as_of="2022-06-01", status="no_data"))) == set(t.pk for t in paced.values())


def test_order_by_gap_puts_nulls_last_and_breaks_ties_by_id(client, paced, quang_ngai):
    """Gaps: a 10, b 35, c 50, d 70, none null, three achieved 0 (ties: by id)."""
    achieved = sorted(quang_ngai[level].pk for level in ("provincial", "district", "commune"))
    ascending = [row["id"] for row in get(client, as_of=AS_OF, ordering="gap").json()["results"]]
    assert ascending == [*achieved, *(paced[c].pk for c in "abcd"), paced["none"].pk]
    descending = [row["id"] for row in get(client, as_of=AS_OF, ordering="-gap").json()["results"]]
    assert descending == [*(paced[c].pk for c in "dcba"), *achieved, paced["none"].pk]
    paged = [
        row["id"]
        for offset in range(0, 8, 3)
        for row in get(client, as_of=AS_OF, ordering="-gap", limit=3, offset=offset).json()["results"]
    ]
    assert paged == descending


def test_order_by_status_progress_value_and_several_keys(client, paced):
    by_status = [row["status"] for row in get(client, as_of=AS_OF, ordering="-status").json()["results"]]
    assert by_status == ["no_data", "off_track", "off_track", "at_risk", "on_track"]
    by_progress = [row["id"] for row in get(client, as_of=AS_OF, ordering="-progress").json()["results"]]
    assert by_progress == [paced[c].pk for c in ("a", "b", "c", "d", "none")]
    mixed = get(client, as_of=AS_OF, ordering="-value,-days_remaining,deadline").json()["results"]
    assert [row["id"] for row in mixed] == [paced[c].pk for c in ("a", "b", "c", "d", "none")]


def test_unknown_ordering_is_a_400(client, paced):
    body = assert_problem(client.get(URL, {"ordering": "-secret"}), 400, type_uri="/problems/validation")
    assert body["errors"][0]["pointer"] == "#/ordering"


def test_filter_by_province_with_predecessors(client, quang_ngai):
    new_key, old_key = quang_ngai["new"].key, quang_ngai["old"].key
    assert get(client, province=new_key).json()["count"] == 0
    assert get(client, province=new_key, include_predecessors="true").json()["count"] == 3
    assert get(client, province=old_key).json()["count"] == 3
    # Well-formed but naming no province: nothing found, as the schema (a key pattern) allows; malformed: 400.
    assert get(client, province="2025-99").json()["count"] == 0
    assert_problem(client.get(URL, {"province": "44"}), 400, type_uri="/problems/validation")
    assert get(client, province=[new_key, old_key]).json()["count"] == 3
    assert get(client, province=[new_key, "2025-99"], include_predecessors="true").json()["count"] == 3
    assert_problem(client.get(URL, {"include_predecessors": "maybe"}), 400, type_uri="/problems/validation")


def test_filters_plan_indicator_level_pillar_deadline(client, quang_ngai, paced):
    assert get(client, plan=quang_ngai["plan"].pk).json()["count"] == 3
    assert get(client, indicator=quang_ngai["indicator"].pk, level="district").json()["count"] == 1
    assert get(client, pillar="kinh_te_so").json()["count"] == 0
    assert get(client, deadline_after="2025-12-31", deadline_before="2025-12-31").json()["count"] == 8
    assert get(client, deadline_after="2026-01-01").json()["count"] == 0
    assert_problem(client.get(URL, {"plan": "1.5"}), 400, type_uri="/problems/validation")
    assert_problem(client.get(URL, {"deadline_after": "31/12/2025"}), 400, type_uri="/problems/validation")


def test_q_ignores_diacritics_over_indicator_and_plan(client, quang_ngai, paced):
    assert get(client, q="ho so TRUC tuyen").json()["count"] == 3
    assert get(client, q="hồ sơ").json()["count"] == 3
    assert get(client, q="1982/qd").json()["count"] == 5  # the plan number, folded
    assert get(client, q="nghi quyet chuyen doi so").json()["count"] == 3
    assert get(client, q="khong co").json()["count"] == 0


def test_deadline_status_filter(client, quang_ngai, paced):
    assert get(client, as_of="2025-11-01", deadline_status=["due_soon", "met"]).json()["count"] == 8


# ---------------------------------------------------------------------------------------------------------------
# Writes


def payload(plan, indicator, **fields):
    return {"plan": plan.pk, "indicator": indicator.pk, "comparator": "at_least", "deadline": "2025-12-31", **fields}


def test_create_answers_with_the_assessment(client, quang_ngai):
    data = payload(
        quang_ngai["plan"],
        quang_ngai["indicator"],
        value="95",
        level="provincial",
        deadline="2030-12-31",
        milestones=[{"on": "2027-12-31", "value": "97"}],
    )
    response = client.post(URL + f"?as_of={AS_OF}", data, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"{URL}{body['id']}/") and response["X-As-Of"] == AS_OF
    assert body["as_of"] == AS_OF and body["status"] == "achieved" and body["unit"] == "percent"
    assert body["milestones"] == [{"on": "2027-12-31", "value": "97.0000"}]
    assert body["explanation"]["latest"]["value"] == "99.0000"


def test_relative_target_is_resolved_and_shows_both(client, quang_ngai):
    indicator = make_indicator(code="thu-tuc", name="Số thủ tục hành chính", unit="count")
    data = payload(
        quang_ngai["plan"],
        indicator,
        comparator="at_most",
        relative_change="-20",
        baseline_value="200",
        baseline_date="2021-12-31",
    )
    body = client.post(URL, data, content_type="application/json").json()
    assert (body["value"], body["relative_change"], body["baseline_value"]) == ("160.0000", "-20.0000", "200.0000")
    disagree = client.post(URL, {**data, "value": "150", "level": "district"}, content_type="application/json")
    body = assert_problem(disagree, 422, type_uri="/problems/rule")
    assert [error["pointer"] for error in body["errors"]] == ["#/value"]
    no_baseline = client.post(
        URL,
        {**payload(quang_ngai["plan"], indicator, relative_change="-20"), "level": "commune"},
        content_type="application/json",
    )
    assert assert_problem(no_baseline, 422, type_uri="/problems/rule")["errors"][0]["pointer"] == ("#/relative_change")


# 400: the body does not match the schema ("abc" is no decimal, "more" no comparator); 422: a rule refuses it.
@pytest.mark.parametrize(
    ("fields", "pointers", "status"),
    [
        ({"value": "120"}, ["#/value"], 422),
        ({"value": "abc"}, ["#/value"], 400),
        ({}, ["#/value"], 422),
        ({"value": "90", "baseline_value": "50"}, ["#/baseline_date"], 422),
        ({"value": "90", "baseline_value": "50", "baseline_date": "2026-01-01"}, ["#/deadline"], 422),
        ({"value": "90", "comparator": "more"}, ["#/comparator"], 400),
        (
            {"value": "90", "milestones": [{"on": "2024-06-30", "value": "50"}, {"on": "2026-06-30", "value": "101"}]},
            ["#/milestones/1/value", "#/milestones/1/on"],
            422,
        ),
    ],
)
def test_invalid_target_is_refused_pointing_at_the_field(client, quang_ngai, fields, pointers, status):
    data = payload(quang_ngai["plan"], quang_ngai["indicator"], level="overall", **fields)
    kind = "/problems/validation" if status == 400 else "/problems/rule"
    body = assert_problem(client.post(URL, data, content_type="application/json"), status, type_uri=kind)
    assert [error["pointer"] for error in body["errors"]] == pointers
    assert Target.objects.count() == 3


def test_rank_and_boolean_targets_are_checked(client, quang_ngai):
    rank = make_indicator(code="dti", unit="rank")
    data = payload(quang_ngai["plan"], rank, comparator="at_most", value="0")
    assert_problem(client.post(URL, data, content_type="application/json"), 422, type_uri="/problems/rule")
    done = make_indicator(code="trung-tam-du-lieu", unit="boolean")
    data = payload(quang_ngai["plan"], done, comparator="at_most", value="1")
    body = assert_problem(client.post(URL, data, content_type="application/json"), 422, type_uri="/problems/rule")
    assert [error["pointer"] for error in body["errors"]] == ["#/comparator"]


def test_duplicate_target_is_a_409_naming_it(client, quang_ngai):
    data = payload(quang_ngai["plan"], quang_ngai["indicator"], level="provincial", value="95")
    body = assert_problem(
        client.post(URL, data, content_type="application/json"), 409, type_uri="/problems/duplicate-target"
    )
    assert str(quang_ngai["provincial"].pk) in body["detail"]


def test_update_and_delete(client, quang_ngai):
    target = quang_ngai["district"]
    path = f"{URL}{target.pk}/?as_of={AS_OF}"
    patched = client.patch(
        path, {"value": "90", "milestones": [{"on": "2025-06-30", "value": "85"}]}, content_type="application/json"
    )
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["value"], body["status"], body["gap"]) == ("90.0000", "insufficient_data", "2.0000")
    assert body["explanation"]["rule"] == said("no baseline and fewer than two measurements on different dates")
    assert list(Milestone.objects.filter(target=target).values_list("value", flat=True)) == [Decimal(85)]
    replaced = client.put(
        path,
        payload(quang_ngai["plan"], quang_ngai["indicator"], level="district", value="85"),
        content_type="application/json",
    )
    assert replaced.json()["status"] == "achieved"
    assert client.delete(f"{URL}{target.pk}/").status_code == 204
    assert_problem(client.get(f"{URL}{target.pk}/"), 404)


def test_soft_deleted_report_no_longer_judges_targets(client, quang_ngai):
    """Deleting the report removes its figures from the latest value; restoring brings them back."""
    target, report = quang_ngai["provincial"], quang_ngai["report"]
    newer = make_report(province=quang_ngai["old"], reported_on=date(2024, 12, 1), document_number="9/BC")
    make_measurement(report=newer, indicator=quang_ngai["indicator"], level="provincial", value="85")
    detail = get(client, f"{target.pk}/", as_of=AS_OF).json()
    assert (detail["latest"]["value"], detail["status"], detail["declining"]) == ("85.0000", "off_track", True)

    assert client.delete(f"/api/v1/progress-reports/{newer.pk}/").status_code == 204
    detail = get(client, f"{target.pk}/", as_of=AS_OF).json()
    assert (detail["latest"]["value"], detail["status"]) == ("99.0000", "achieved")
    assert rows(get(client, as_of=AS_OF))[target.pk]["latest"]["value"] == "99.0000"

    assert client.post(f"/api/v1/progress-reports/{newer.pk}/restore/").status_code == 200
    assert get(client, f"{target.pk}/", as_of=AS_OF).json()["latest"]["value"] == "85.0000"
    assert client.delete(f"/api/v1/progress-reports/{report.pk}/").status_code == 204
    assert get(client, f"{target.pk}/", as_of="2024-11-01").json()["status"] == "no_data"


@pytest.fixture
def every_branch():
    """One target per rule of assessment._judge, plus the scope cases (predecessor's figures, national plan)."""
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)
    plan = make_plan(province=new, number="99/KH-UBND")
    national = make_plan(province=None, number="749/QĐ-TTg", issuer="Thủ tướng Chính phủ")
    old_report = make_report(province=old, reported_on=date(2024, 1, 15), document_number="1/BC")
    new_report = make_report(province=new, reported_on=date(2025, 9, 1), document_number="2/BC")
    national_report = make_report(province=None, reported_on=date(2024, 6, 1))

    def figure(indicator, report, value, as_of=None, **fields):
        make_measurement(report=report, indicator=indicator, value=value, as_of=as_of, **fields)

    boolean = make_indicator(code="kho-du-lieu", unit="boolean")
    make_target(plan=plan, indicator=boolean, value=1, deadline=date(2025, 12, 31))
    figure(boolean, old_report, 0)
    single = make_indicator(code="mot-so-lieu")
    make_target(plan=plan, indicator=single, value=90)
    figure(single, old_report, 50, qualifier="approximately")
    kept = make_indicator(code="duy-tri")
    make_target(plan=plan, indicator=kept, value=90)
    figure(kept, old_report, 95, as_of=date(2023, 12, 31))
    figure(kept, new_report, 85, is_estimate=True)
    rank = make_indicator(code="xep-hang", unit="rank")
    make_target(
        plan=plan,
        indicator=rank,
        value=10,
        comparator="at_most",
        baseline_value=30,
        baseline_date=date(2022, 1, 1),
        milestones=[(date(2023, 1, 1), 25), (date(2027, 1, 1), 5)],
    )
    figure(rank, old_report, 20)
    figure(rank, new_report, 12)
    early = make_indicator(code="chua-bat-dau")
    make_target(plan=plan, indicator=early, value=80, baseline_value=40, baseline_date=date(2024, 6, 1))
    figure(early, old_report, 35)
    country = make_indicator(code="quoc-gia")
    make_target(plan=national, indicator=country, value=50, deadline=date(2025, 6, 30))
    figure(country, national_report, 20, as_of=date(2023, 1, 1))
    figure(country, national_report, 30)


@pytest.mark.parametrize("as_of", ["2023-06-30", "2024-03-01", "2024-12-31", "2025-10-15", "2026-01-01"])
def test_every_branch_explained_alike_in_list_and_detail(client, every_branch, as_of):
    listed = rows(get(client, as_of=as_of, limit=100))
    assert len(listed) == 6
    for pk, row in listed.items():
        detail = get(client, f"{pk}/", as_of=as_of).json()
        detail.pop("as_of")
        detail.pop("children"), detail.pop("competing_with")  # the detail's cascade (tests/api/test_cascade.py)
        assert detail == row, (pk, detail["explanation"], row["explanation"])


def test_every_branch_statuses(client, every_branch):
    statuses = {
        row["indicator"]["code"]: (row["status"], row["explanation"]["rule"])
        for row in get(client, as_of="2024-03-01").json()["results"]
    }
    assert statuses == {
        "kho-du-lieu": ("on_track", said("boolean milestone not done, more than due_soon_days left")),
        "mot-so-lieu": ("insufficient_data", said("no baseline and fewer than two measurements on different dates")),
        "duy-tri": ("achieved", said("the latest measurement meets the target")),
        "xep-hang": ("at_risk", said("pace ratio at or above at_risk, below on_track")),  # 30 → 20 vs 19.18 expected
        "chua-bat-dau": ("off_track", said("no progress expected yet and the value is worse than the reference")),
        "quoc-gia": ("insufficient_data", said("no baseline and fewer than two measurements on different dates")),
    }
    later = {row["indicator"]["code"]: row for row in get(client, as_of="2025-10-15").json()["results"]}
    assert (later["duy-tri"]["status"], later["duy-tri"]["declining"], later["duy-tri"]["provisional"]) == (
        "off_track",
        True,
        True,
    )
    assert later["duy-tri"]["latest"]["province"] == "2025-44"
    assert later["xep-hang"]["status"] == "on_track" and later["xep-hang"]["gap"] == "2.0000"
    assert later["quoc-gia"]["status"] == "missed" and later["quoc-gia"]["latest"]["province"] is None
    assert later["kho-du-lieu"]["status"] == "at_risk"


def test_malformed_id_is_a_404(client):
    assert_problem(client.get(URL + "abc/"), 404)


class TestTargetCRUD(ResourceCRUD):
    url, model = URL, Target
    update_data = {"value": "95"}
    updated = {"value": "95.0000"}

    def make(self):
        return make_target(plan=make_plan(province=make_province()), indicator=make_indicator(), value=90)

    def create_data(self):
        plan, indicator = make_plan(province=make_province()), make_indicator()
        return {
            "plan": plan.pk,
            "indicator": indicator.pk,
            "comparator": "at_least",
            "value": "90",
            "deadline": "2030-12-31",
        }
