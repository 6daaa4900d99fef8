"""The province lineage (indicators/lineage.py): each form gives the same provinces, for the same cases.

Two pre-2025 provinces A and B merged into N; D became M alone; C has no succession. The family of N is N, A and B;
but a target of N is judged by N's figures only (one part of a merged unit never stands for the whole), a target of
M by M's and D's (a single predecessor is inherited), a target of A by A's and N's (not B's: only direct
successions count); a national target by national figures.
"""

from datetime import date

import pytest
from django.db.models import Count, OuterRef, Subquery

from indicators.lineage import (
    LinkedProvinces,
    in_lineage,
    judging_measurements,
    judging_outer_target,
    lineage_map,
    lineage_of,
)
from indicators.models import Measurement, Target
from provinces.models import Province
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
AS_OF = date(2025, 12, 31)


@pytest.fixture
def provinces():
    a = make_province(code="91", era="2008")
    b = make_province(code="92", era="2008")
    n = make_province(code="93")
    c = make_province(code="94")
    d = make_province(code="95", era="2008")
    m = make_province(code="96")
    link(a, n)
    link(b, n)
    link(d, m)
    return {"A": a, "B": b, "N": n, "C": c, "D": d, "M": m}


def expected(name):
    """The family by hand, by name (None: the nation)."""
    return {
        "A": {"A", "N"},
        "B": {"B", "N"},
        "N": {"N", "A", "B"},
        "C": {"C"},
        "D": {"D", "M"},
        "M": {"M", "D"},
        None: {None},
    }[name]


def judging(name):
    """Whose figures judge a target of `name`: the family, except that a merged unit's parts do not."""
    return {"N"} if name == "N" else expected(name)


def names(ids, provinces):
    by_id = {p.pk: name for name, p in provinces.items()}
    return {None if i is None else by_id[i] for i in ids}


@pytest.mark.parametrize("name", ["A", "B", "N", "C", "D", "M", None])
def test_the_python_sets(provinces, name, django_assert_num_queries):
    with django_assert_num_queries(1):
        linked = lineage_map()
    province_id = provinces[name].pk if name else None
    assert names(lineage_of(province_id, linked), provinces) == expected(name)


def test_the_map_lists_only_provinces_with_a_succession(provinces):
    assert provinces["C"].pk not in lineage_map()
    assert set(lineage_map()) == {provinces[name].pk for name in "ABNDM"}


@pytest.mark.parametrize("name", ["A", "B", "N", "C", "D", "M", None])
def test_in_lineage_over_measurements_and_over_targets(provinces, name):
    province = provinces[name] if name else None
    indicator = make_indicator()
    for other in [*provinces, None]:
        report = make_report(province=provinces[other] if other else None)
        make_measurement(report=report, indicator=indicator, value="1")
        make_target(plan=make_plan(province=provinces[other] if other else None), indicator=indicator, value="2")

    figures = Measurement.objects.filter(in_lineage(province))
    assert names(figures.values_list("province", flat=True), provinces) == expected(name)
    # By id as well as by instance.
    assert set(Measurement.objects.filter(in_lineage(province.pk if province else None))) == set(figures)
    judged = Target.objects.filter(in_lineage(province, "plan__province"))
    assert names(judged.values_list("plan__province", flat=True), provinces) == expected(name)


@pytest.mark.parametrize(("successors", "predecessors"), [(True, True), (False, True), (True, False)])
def test_linked_provinces_as_a_subquery(provinces, successors, predecessors):
    linked = LinkedProvinces(OuterRef("pk"), successors=successors, predecessors=predecessors)
    rows = Province.objects.annotate(
        linked=Subquery(Province.objects.filter(pk__in=linked).order_by("-code").values("code")[:1])
    )
    # The highest code in each lineage: N (93) is the successor of A and B; M (96) of D alone.
    top = {p.code: p.linked for p in rows}
    assert top["91"] == ("93" if successors else "91")
    assert top["93"] == "93"
    assert top["94"] == "94"
    assert top["95"] == ("96" if successors else "95")
    counts = {
        p.code: Province.objects.filter(
            pk__in=LinkedProvinces(p.pk, successors=successors, predecessors=predecessors)
        ).count()
        for p in provinces.values()
    }
    assert counts["93"] == 1  # a merged unit: its predecessors do not judge it one by one
    assert counts["96"] == (2 if predecessors else 1)  # a single predecessor is inherited
    assert counts["91"] == (2 if successors else 1)


@pytest.fixture
def judged(provinces):
    """One target per province and one national, each with a figure of every province and the nation, one of them
    dated after AS_OF, one inactive and one of a draft report (none of those judges)."""
    indicator = make_indicator()
    targets = {}
    for name in [*provinces, None]:
        province = provinces[name] if name else None
        targets[name] = make_target(plan=make_plan(province=province), indicator=indicator, value="100")
        report = make_report(province=province)
        make_measurement(report=report, indicator=indicator, value="1", as_of=date(2024, 1, 1))
        make_measurement(report=report, indicator=indicator, value="1", as_of=date(2026, 1, 1))
        make_measurement(report=report, indicator=indicator, value="1", as_of=date(2024, 1, 1), level="district")
        inactive = make_measurement(report=report, indicator=indicator, value="1", as_of=date(2024, 2, 1))
        Measurement.objects.filter(pk=inactive.pk).update(is_active=False, standing=0)  # what deleting copies
        draft = make_report(province=province, state="draft")  # a draft's figures do not count either
        make_measurement(report=draft, indicator=indicator, value="1", as_of=date(2024, 3, 1))
    return targets


@pytest.mark.parametrize("name", ["A", "B", "N", "C", "D", "M", None])
def test_the_measurements_that_judge_one_target(provinces, judged, name):
    measurements = list(judging_measurements(judged[name], AS_OF))
    assert names([m.province_id for m in measurements], provinces) == judging(name)
    assert all(m.as_of <= AS_OF and m.standing == 2 and m.level == "overall" for m in measurements)
    assert len(measurements) == len(judging(name))


def test_the_correlated_form_agrees_with_the_one_target_form(provinces, judged):
    counts = {}
    for national in (True, False):
        scoped = judging_outer_target(AS_OF, national=national)
        rows = Target.objects.filter(plan__province__isnull=national).annotate(
            figures=Subquery(scoped.values("indicator").annotate(n=Count("id")).values("n")[:1])
        )
        counts.update({t.pk: t.figures or 0 for t in rows})
    for target in judged.values():
        assert counts[target.pk] == len(list(judging_measurements(target, AS_OF)))
