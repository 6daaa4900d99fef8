"""The cascade through the API: a target derives from a parent target; the parent shows its children with their
statuses; a looser child and competing targets are flagged, in the list, the detail and its filters; a cycle or a
parent of another indicator or comparator is a 422 rule refusal, one that does not exist a 422 unknown reference, a
bad filter value a 400 (docs/assessment.md, "Cascade")."""

import json
from datetime import date

import pytest

from indicators.api.serializers import TargetDetailSerializer
from indicators.api.views import TargetViewSet
from indicators.cascade import children_of, competitors
from indicators.conf import thresholds
from indicators.judging import judge_targets
from indicators.models import Target
from tests.api import assert_problem
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"
AS_OF = "2024-10-11"


def post(client, **body):
    if "value" in body:  # a decimal is sent as the schema declares it, a string
        body["value"] = str(body["value"])
    body.setdefault("comparator", "at_least")
    body.setdefault("deadline", "2025-12-31")
    return client.post(URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def patch(client, pk, **body):
    if "value" in body:
        body["value"] = str(body["value"])
    return client.patch(f"{URL}{pk}/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def error_of(response, pointer):
    """A rule's refusal: 422 /problems/rule, the field's code and message."""
    body = assert_problem(response, 422, type_uri="/problems/rule")
    return next((e["code"], e["detail"]) for e in body["errors"] if e["pointer"] == pointer)


@pytest.fixture
def world():
    """749-like national target (≥ 90% by 2025) and a rank target (≤ 10), a province with two plans."""
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    share = make_indicator(code="ho-so", unit="percent")
    rank = make_indicator(code="xep-hang", unit="rank")
    national = make_plan(number="749/QĐ-TTg", issued_on=date(2020, 6, 3))
    plan = make_plan(province=province, number="1/KH-UBND", issued_on=date(2022, 1, 10))
    other = make_plan(province=province, number="2/KH-UBND", issued_on=date(2022, 3, 10))
    return {
        "province": province,
        "share": share,
        "rank": rank,
        "plan": plan,
        "other": other,
        "parent": make_target(plan=national, indicator=share, value=90),
        "rank_parent": make_target(plan=national, indicator=rank, value=10, comparator="at_most"),
    }


def test_children_with_their_status_counts_and_list(client, world):
    parent, plan = world["parent"], world["plan"]
    ids = []
    for level, value in (("provincial", 90), ("district", 90), ("commune", 90)):
        response = post(
            client,
            plan=plan.pk,
            indicator=world["share"].pk,
            level=level,
            value=value,
            parent=parent.pk,
            responsible_unit="Sở Thông tin và Truyền thông",
        )
        assert response.status_code == 201, response.content
        assert response.json()["parent"] == parent.pk
        ids.append(response.json()["id"])
    report = make_report(province=world["province"])
    make_measurement(report=report, indicator=world["share"], level="provincial", value=99, qualifier="above")
    make_measurement(report=report, indicator=world["share"], level="district", value=88, qualifier="nearly")

    body = client.get(f"{URL}{parent.pk}/", {"as_of": AS_OF}).json()
    children = body["children"]
    assert children["count"] == 3
    assert sorted(child["id"] for child in children["targets"]) == sorted(ids)
    statuses = {child["level"]: child["status"] for child in children["targets"]}
    assert statuses == {"provincial": "achieved", "district": "insufficient_data", "commune": "no_data"}
    assert children["by_status"] == {
        "achieved": 1,
        "on_track": 0,
        "at_risk": 0,
        "insufficient_data": 1,
        "off_track": 0,
        "missed": 0,
        "no_data": 1,
    }
    assert {child["responsible_unit"] for child in children["targets"]} == {"Sở Thông tin và Truyền thông"}
    assert children["targets"][0]["plan"]["number"] == "1/KH-UBND"

    # The children as a list, filtered by parent (with their whole assessment and pagination).
    listed = client.get(URL, {"parent": parent.pk, "as_of": AS_OF}).json()
    assert sorted(row["id"] for row in listed["results"]) == sorted(ids)
    # After the deadline, the unmet children are missed: the counts follow as_of.
    later = client.get(f"{URL}{parent.pk}/", {"as_of": "2026-01-01"}).json()["children"]["by_status"]
    assert (later["achieved"], later["missed"], later["no_data"]) == (1, 1, 1)


def test_a_looser_child_is_flagged_by_value_and_by_deadline(client, world):
    parent, plan = world["parent"], world["plan"]
    cases = {
        "same": (90, "2025-12-31", []),
        "lower": (80, "2025-12-31", ["looser_value"]),
        "stricter_later": (95, "2026-06-30", ["later_deadline"]),
        "both": (70, "2027-12-31", ["looser_value", "later_deadline"]),
    }
    found = {}
    for level, (name, (value, deadline, _)) in zip(
        ("provincial", "district", "commune", "overall"), cases.items(), strict=True
    ):
        response = post(
            client,
            plan=plan.pk,
            indicator=world["share"].pk,
            level=level,
            value=value,
            deadline=deadline,
            parent=parent.pk,
        )
        assert response.status_code == 201, response.content
        found[name] = response.json()
    for name, (_, _, flags) in cases.items():
        assert found[name]["flags"] == flags, name
    assert client.get(URL, {"flag": "looser_value", "as_of": AS_OF}).json()["count"] == 2
    only_late = client.get(URL, {"flag": "later_deadline", "plan": plan.pk}).json()["results"]
    assert sorted(row["id"] for row in only_late) == sorted([found["stricter_later"]["id"], found["both"]["id"]])
    either = client.get(URL, {"flag": ["looser_value", "later_deadline"], "plan": plan.pk}).json()
    assert either["count"] == 3

    # Tightening the parent loosens nothing in the child, but the child's flags follow the parent's change.
    response = patch(client, parent.pk, value="80")
    assert response.status_code == 200, response.content
    assert client.get(f"{URL}{found['lower']['id']}/").json()["flags"] == []


def test_a_looser_rank_child_is_a_larger_rank(client, world):
    """Lower is better for a rank: ≤ 20 under a parent's ≤ 10 is looser, ≤ 5 is stricter."""
    rank_parent, plan = world["rank_parent"], world["plan"]
    looser = post(
        client, plan=plan.pk, indicator=world["rank"].pk, comparator="at_most", value=20, parent=rank_parent.pk
    )
    assert looser.status_code == 201, looser.content
    assert looser.json()["flags"] == ["looser_value"]
    stricter = post(
        client, plan=world["other"].pk, indicator=world["rank"].pk, comparator="at_most", value=5, parent=rank_parent.pk
    )
    assert stricter.status_code == 201, stricter.content
    # Two plans of one province with different ranks for the same year also compete.
    assert stricter.json()["flags"] == ["competing"]
    assert client.get(f"{URL}{looser.json()['id']}/").json()["flags"] == ["looser_value", "competing"]


def test_competing_targets_of_two_plans_are_flagged_until_they_agree(client, world):
    first = make_target(plan=world["plan"], indicator=world["share"], value=90)
    response = post(client, plan=world["other"].pk, indicator=world["share"].pk, value=85)
    assert response.status_code == 201, response.content
    second = response.json()
    assert second["flags"] == ["competing"]
    detail = client.get(f"{URL}{first.pk}/").json()
    assert (detail["flags"], detail["competing_with"]) == (["competing"], [second["id"]])
    assert sorted(row["id"] for row in client.get(URL, {"flag": "competing"}).json()["results"]) == sorted(
        [first.pk, second["id"]]
    )
    # With a filter on the assessment of another day (judged in Python), the flag filter applies the same way.
    judged = client.get(URL, {"flag": "competing", "status": "no_data", "as_of": "2023-01-01"}).json()
    assert sorted(row["id"] for row in judged["results"]) == sorted([first.pk, second["id"]])
    # Another level, another responsible unit, another deadline year, or the same value: not competing.
    assert (
        post(client, plan=world["other"].pk, indicator=world["share"].pk, value=70, level="commune").json()["flags"]
        == []
    )
    assert (
        post(client, plan=world["other"].pk, indicator=world["share"].pk, value=70, responsible_unit="Sở Y tế").json()[
            "flags"
        ]
        == []
    )
    assert (
        post(client, plan=world["other"].pk, indicator=world["share"].pk, value=70, deadline="2030-12-31").json()[
            "flags"
        ]
        == []
    )
    assert patch(client, second["id"], value="90").json()["flags"] == []
    assert client.get(f"{URL}{first.pk}/").json()["flags"] == []
    assert client.get(URL, {"flag": "competing"}).json()["count"] == 0


def test_a_superseded_plan_no_longer_competes(client, world):
    make_target(plan=world["plan"], indicator=world["share"], value=90)
    rival = post(client, plan=world["other"].pk, indicator=world["share"].pk, value=85).json()
    assert rival["flags"] == ["competing"]
    response = client.patch(
        f"/api/v1/plans/{world['plan'].pk}/",
        {"status": "superseded", "superseded_by": world["other"].pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert client.get(f"{URL}{rival['id']}/").json()["flags"] == []


def test_a_cycle_is_refused(client, world):
    parent, plan = world["parent"], world["plan"]
    child = post(
        client, plan=plan.pk, indicator=world["share"].pk, level="provincial", value=90, parent=parent.pk
    ).json()
    grandchild = post(
        client, plan=world["other"].pk, indicator=world["share"].pk, level="provincial", value=90, parent=child["id"]
    ).json()
    code, detail = error_of(patch(client, parent.pk, parent=grandchild["id"]), "#/parent")
    assert code == "cycle"
    assert detail == (
        f"Target {grandchild['id']} derives from this target (directly or through others): a target "
        "cannot derive from its own descendant."
    )
    assert error_of(patch(client, parent.pk, parent=parent.pk), "#/parent")[0] == "self"
    assert Target.objects.get(pk=parent.pk).parent_id is None


def test_a_bad_parent_is_refused(client, world):
    plan, parent = world["plan"], world["parent"]
    other_indicator = post(
        client, plan=plan.pk, indicator=world["rank"].pk, comparator="at_most", value=5, parent=parent.pk
    )
    code, detail = error_of(other_indicator, "#/parent")
    assert code == "other_indicator" and f"target {parent.pk} measures another indicator" in detail
    other_comparator = post(
        client, plan=plan.pk, indicator=world["share"].pk, comparator="at_most", value=5, parent=parent.pk
    )
    assert error_of(other_comparator, "#/comparator")[0] == "parent_comparator"
    missing = post(client, plan=plan.pk, indicator=world["share"].pk, value=90, parent=999999)
    body = assert_problem(missing, 422, type_uri="/problems/unknown-reference")
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("#/parent", "does_not_exist")]
    assert assert_problem(client.get(URL, {"parent": "x"}), 400, type_uri="/problems/validation")
    assert assert_problem(client.get(URL, {"flag": "loose"}), 400, type_uri="/problems/validation")
    assert Target.objects.filter(plan=plan).count() == 0


def test_parent_messages_in_vietnamese(client, world):
    response = client.patch(
        f"{URL}{world['parent'].pk}/",
        {"parent": world["parent"].pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response["Content-Language"] == "vi"
    assert error_of(response, "#/parent")[1] == "Một chỉ tiêu không thể cụ thể hóa chính nó."


def test_a_parent_keeps_the_indicator_and_comparator_of_its_children(client, world):
    parent = world["parent"]
    post(client, plan=world["plan"].pk, indicator=world["share"].pk, value=90, parent=parent.pk)
    code, detail = error_of(patch(client, parent.pk, indicator=world["rank"].pk, comparator="at_most"), "#/indicator")
    assert code == "has_children" and "before changing its indicator" in detail
    assert error_of(patch(client, parent.pk, comparator="at_most"), "#/comparator")[0] == "has_children"
    assert patch(client, parent.pk, value="95").status_code == 200


def test_a_parent_with_children_is_not_deleted(client, world):
    parent = world["parent"]
    child = post(client, plan=world["plan"].pk, indicator=world["share"].pk, value=90, parent=parent.pk).json()
    body = assert_problem(
        client.delete(f"{URL}{parent.pk}/", HTTP_ACCEPT_LANGUAGE="en"), 409, type_uri="/problems/in-use"
    )
    assert str(child["id"]) in body["detail"]
    assert client.delete(f"{URL}{child['id']}/").status_code == 204
    assert client.delete(f"{URL}{parent.pk}/").status_code == 204


def test_detail_with_children_renders_as_drf_would(client, world):
    parent = world["parent"]
    for level, value in (("provincial", 80), ("district", 90)):
        post(client, plan=world["plan"].pk, indicator=world["share"].pk, level=level, value=value, parent=parent.pk)
    make_target(plan=world["other"], indicator=world["share"], value=70, level="provincial")
    from indicators.cascade import refresh_flags

    refresh_flags([world["share"].pk])
    as_of = date(2024, 10, 11)
    rows = list(TargetViewSet.page_rows(Target.objects.filter(indicator=world["share"]).order_by("pk")))
    judged = judge_targets(rows, as_of, thresholds())
    serializer = TargetDetailSerializer(context={"as_of": as_of, "thresholds": thresholds()})
    for row in rows:
        row.judged = judged[row.pk]
        row.children_rows, row.children_by_status = children_of(row, as_of, thresholds())
        row.competing_with = competitors(row)
        fast, generic = serializer.to_representation(row), serializer.generic_representation(row)
        assert json.dumps(fast) == json.dumps(generic), row.pk
    assert any(row.children_rows for row in rows) and any(row.competing_with for row in rows)


@pytest.mark.parametrize("size", [2, 30])
def test_detail_with_children_and_flagged_list_run_constant_queries(client, world, size, django_assert_num_queries):
    """Detail: the target, its milestones, its readings, its children, their milestones and which of their units
    were merged (indicators/judging.py; none of these without children), and, when it competes, its indicator's
    targets. The flagged list: as any list (tests/api/test_query_counts.py)."""
    parent = world["parent"]
    provinces = [make_province(code=f"{60 + i}", era="2008") for i in range(size)]
    for i, province in enumerate(provinces):
        plan = make_plan(province=province, number=f"{i}/KH-UBND")
        make_target(plan=plan, indicator=world["share"], value=80 + i % 20, parent=parent, level="provincial")
        make_target(
            plan=make_plan(province=province, number=f"{i}/NQ-HĐND"),
            indicator=world["share"],
            value=100,
            level="provincial",
        )
    from indicators.cascade import refresh_flags

    refresh_flags([world["share"].pk])
    with django_assert_num_queries(6):
        body = client.get(f"{URL}{parent.pk}/", {"as_of": AS_OF}).json()
    assert body["children"]["count"] == size
    assert body["children"]["by_status"]["no_data"] == size
    with django_assert_num_queries(6):
        body = client.get(f"{URL}{parent.pk}/", {"as_of": "2023-01-01"}).json()
    assert body["children"]["count"] == size
    child = Target.objects.filter(parent=parent).order_by("pk").last()
    with django_assert_num_queries(5):  # no children; its indicator's targets for the rivals
        detail = client.get(f"{URL}{child.pk}/").json()
    assert "competing" in detail["flags"] and len(detail["competing_with"]) == 1
    with django_assert_num_queries(5):
        listed = client.get(URL, {"flag": "competing", "parent": parent.pk, "as_of": AS_OF, "limit": 100}).json()
    assert listed["count"] == size
