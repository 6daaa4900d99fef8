"""The cascade's pure rules (indicators/rules/cascade.py) and the DTI's (indicators/rules/dti.py), without Django."""

import random
from datetime import date
from decimal import Decimal

from indicators.rules import dti
from indicators.rules.cascade import Flag, Promise, competing, cycle, flags, looser, rivals_of
from indicators.rules.inputs import parent_problems


def promise(pk, *, plan=1, value="90", deadline=date(2025, 12, 31), direction="higher", parent=None, **fields):
    base = {
        "province_id": 51,
        "plan_superseded": False,
        "indicator_id": 1,
        "level": "overall",
        "responsible_unit": "",
        "comparator": "at_least" if direction == "higher" else "at_most",
    }
    return Promise(
        id=pk,
        plan_id=plan,
        value=Decimal(value),
        deadline=deadline,
        direction=direction,
        parent_id=parent,
        **{**base, **fields},
    )


def test_looser_follows_the_direction():
    parent = promise(1, value="90")
    assert looser(promise(2, value="80"), parent) == {Flag.LOOSER_VALUE}
    assert looser(promise(2, value="90"), parent) == set()
    assert looser(promise(2, value="95"), parent) == set()
    rank = promise(1, value="10", direction="lower")
    assert looser(promise(2, value="20", direction="lower"), rank) == {Flag.LOOSER_VALUE}
    assert looser(promise(2, value="5", direction="lower"), rank) == set()


def test_a_later_deadline_is_looser_an_earlier_one_is_not():
    parent = promise(1)
    assert looser(promise(2, deadline=date(2026, 1, 1)), parent) == {Flag.LATER_DEADLINE}
    assert looser(promise(2, deadline=date(2025, 6, 30)), parent) == set()


def test_competing_needs_two_plans_one_place_one_year_and_different_promises():
    a, b = promise(1, plan=1, value="90"), promise(2, plan=2, value="85")
    assert competing([a, b]) == {1: {2}, 2: {1}}
    assert competing([a, promise(2, plan=2, value="90")]) == {1: set(), 2: set()}  # the same promise
    assert competing([a, promise(2, plan=1, value="85", deadline=date(2025, 6, 30))])[1] == set()  # one plan
    assert competing([a, promise(2, plan=2, value="85", level="commune")])[1] == set()
    assert competing([a, promise(2, plan=2, value="85", province_id=22)])[1] == set()
    assert competing([a, promise(2, plan=2, value="85", deadline=date(2030, 12, 31))])[1] == set()
    assert competing([a, promise(2, plan=2, value="85", plan_superseded=True)])[1] == set()
    # Responsible units compare without case or surrounding spaces.
    assert competing(
        [promise(1, responsible_unit="Sở Y tế"), promise(2, plan=2, value="85", responsible_unit=" sở y tế")]
    )[1] == {2}
    assert competing([a, promise(2, plan=2, value="85", parent=1)])[1] == set()  # a cascade, not a rivalry


def test_flags_combine_looser_and_competing():
    found = flags(
        [
            promise(1, plan=1),
            promise(2, plan=2, value="80", parent=1, province_id=51),
            promise(3, plan=3, value="80", province_id=51),
        ]
    )
    assert found[2] == {Flag.LOOSER_VALUE}  # its parent is no rival, and 3 promises the same
    assert found[1] == found[3] == {Flag.COMPETING}  # another plan, same place and year, another value


def test_cycle_follows_the_chain_of_parents():
    parents = {2: 1, 3: 2}
    assert cycle(1, 3, parents)  # 1 under 3, which is under 2, which is under 1
    assert not cycle(3, 1, parents)
    assert not cycle(None, 1, parents)
    assert not cycle(4, 1, {1: 5, 5: 1})  # a loop above that does not pass through the target ends


def test_parent_problems_name_the_field_and_code():
    common = {"indicator_id": 1, "comparator": "at_least", "parent_indicator_id": 1, "parent_comparator": "at_least"}
    assert [p.code for p in parent_problems(target_id=1, parent_id=1, parents={}, **common)] == ["self"]
    assert [p.code for p in parent_problems(target_id=1, parent_id=3, parents={3: 2, 2: 1}, **common)] == ["cycle"]
    other = {**common, "parent_indicator_id": 2}
    assert [p.code for p in parent_problems(target_id=None, parent_id=3, parents={}, **other)] == ["other_indicator"]
    comparator = {**common, "parent_comparator": "at_most"}
    problems = parent_problems(target_id=None, parent_id=3, parents={}, **comparator)
    assert [(p.field, p.code) for p in problems] == [("comparator", "parent_comparator")]
    assert parent_problems(target_id=None, parent_id=3, parents={}, **common) == []


def test_dti_methodology_by_year_and_cohort_by_date():
    assert [dti.methodology_for(y) for y in (2021, 2022, 2024, 2025, 2030)] == [
        None,
        "922/QĐ-BTTTT",
        "922/QĐ-BTTTT",
        "405/QĐ-BKHCN",
        "405/QĐ-BKHCN",
    ]
    assert dti.cohort("rank", True, Decimal(63), date(2023, 12, 31)) == 63
    assert dti.cohort("rank", True, None, date(2025, 6, 30)) == 63
    assert dti.cohort("rank", False, None, date(2025, 7, 1)) == 34
    assert dti.cohort("index", True, None, date(2025, 12, 31)) == 34
    assert dti.cohort("percent", False, None, date(2025, 12, 31)) is None


def test_the_counted_competing_flag_equals_the_pairwise_rule():
    """`flags` counts rivals per place in linear time; `competing` compares every pair: on random promises (few
    places, plans, values and parent links, so that every case meets), the same targets compete."""
    rng = random.Random(15)
    for _ in range(200):
        size = rng.randint(1, 12)
        made: list[Promise] = []
        for pk in range(1, size + 1):
            parent = rng.choice([None, None, *(p.id for p in made)])
            made.append(
                promise(
                    pk,
                    plan=rng.randint(1, 3),
                    value=rng.choice(["80", "90"]),
                    parent=parent,
                    province_id=rng.choice([51, 22]),
                    level=rng.choice(["overall", "commune"]),
                    comparator=rng.choice(["at_least", "at_least", "at_most"]),
                    plan_superseded=rng.random() < 0.1,
                )
            )
        pairwise = {pk for pk, ids in competing(made).items() if ids}
        counted = {pk for pk, found in flags(made).items() if Flag.COMPETING in found}
        assert counted == pairwise, made
        assert all(rivals_of(p, made) == sorted(competing(made)[p.id]) for p in made), made
