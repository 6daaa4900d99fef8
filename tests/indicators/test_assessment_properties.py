"""Properties of the assessment rules (indicators/rules/assessment.py) on generated targets and measurements.

Pure functions: no database. The case-by-case tests are in test_assessment.py.
"""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.rules.assessment import (
    SEVERITY,
    Comparator,
    DeadlineStatus,
    Milestone,
    Reading,
    Status,
    TargetRule,
    assess,
    latest_of,
)
from indicators.rules.figures import Qualifier

D = Decimal
DAY0 = date(2024, 1, 1)
LAST_DAY = 450  # generated dates are day 0 … day LAST_DAY; deadlines are at most day 400
SETTINGS = settings(max_examples=300, deadline=None)

# One decimal place and a small range, so equal values (figure == target, figure == reference) are common.
# (Integers scaled by 1/10: much faster to generate than st.decimals.)
values = st.integers(0, 1000).map(lambda n: D(n).scaleb(-1))
days = st.integers(0, LAST_DAY)
qualifiers = st.sampled_from(Qualifier)
booleans = st.booleans()
comparators = st.sampled_from(Comparator)
boolean_figures = st.sampled_from([D(0), D(1)])
figure_kinds = st.sampled_from(["any", "target", "short", "short", "on_the_way"])
one_in_ten = st.integers(0, 9)
steps = st.integers(1, 500).map(lambda n: D(n).scaleb(-1))


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def between(low: Decimal, high: Decimal):
    return st.integers(int(min(low, high) * 10), int(max(low, high) * 10)).map(lambda n: D(n).scaleb(-1))


@st.composite
def targets(draw, monotone: bool = True) -> TargetRule:
    """A target; with `monotone`, milestones lie between the baseline and the target, in time order.

    Why monotone paths for "improving never worsens": the plain-words ratio r = (v − b) / (e − b) only ranks values
    when the expected improvement e − b is positive. On a path that first moves away from the target (a
    milestone worse than the baseline), e − b < 0 and a better v gives a smaller r. With milestones between
    the baseline and the target, in order, e − b ≥ 0 everywhere (unless the baseline already meets the target,
    where the rules use no ratio), so the property tests the pace bands as docs/assessment.md states them. (The code uses
    no ratio when e − b ≤ 0 either — docs/assessment.md, refinement 3 — so the property should hold on any
    path; `test_improving_never_worsens_on_any_path` checks that too.)
    Without a baseline the reference is the earliest measurement, unknown here, so monotone targets get
    milestones only with a baseline; the straight line from any reference to the target is monotone.
    """
    deadline = draw(st.integers(1, 400))
    if draw(one_in_ten) == 0:  # a boolean milestone ("at_least 1") in about one case in ten
        return TargetRule(Comparator.AT_LEAST, D(1), day(deadline), is_boolean=True)
    comparator = draw(comparators)
    value = draw(values)
    baseline_value = baseline_date = None
    milestones: tuple[Milestone, ...] = ()
    if monotone:
        if draw(booleans):
            baseline_on = draw(st.integers(0, deadline - 1))
            baseline_value = draw(st.one_of(values, st.just(value)))
            baseline_date = day(baseline_on)
            if deadline - baseline_on >= 2:
                dates = draw(st.lists(st.integers(baseline_on + 1, deadline - 1), unique=True, max_size=3))
                levels = draw(st.lists(between(baseline_value, value), min_size=len(dates), max_size=len(dates)))
                levels.sort(reverse=baseline_value > value)  # from the baseline towards the target
                milestones = tuple(Milestone(day(on), v) for on, v in zip(sorted(dates), levels, strict=True))
    else:
        if draw(booleans):
            baseline_value, baseline_date = draw(values), day(draw(days))
        points = draw(st.lists(st.tuples(days, values), max_size=3, unique_by=lambda p: p[0]))
        milestones = tuple(Milestone(day(on), v) for on, v in points)
    return TargetRule(comparator, value, day(deadline), baseline_value, baseline_date, milestones)


@st.composite
def readings_for(draw, target: TargetRule, min_on: int = 0, max_on: int = LAST_DAY, min_size: int = 0):
    """Measurements with distinct `seq` (the entry order), so "latest" is never ambiguous.

    Built with plain draws rather than per-target strategy objects, which hypothesis would validate on every
    call (most of the run time otherwise)."""
    count = draw(st.integers(min_size, 6))
    target_tenths = int(target.value * 10)
    baseline = None if target.baseline_value is None else int(target.baseline_value * 10)
    readings = []
    for seq in range(count):
        on = draw(st.integers(min_on, max_on))
        if target.is_boolean:
            value = draw(boolean_figures)
        else:
            # Figures short of the target are drawn more often, or most cases would be plainly achieved;
            # figures between the baseline and the target exercise the pace bands.
            kind = draw(figure_kinds)
            if kind == "target":
                low = high = target_tenths
            elif kind == "short" and target.comparator is Comparator.AT_LEAST:
                low, high = 0, max(target_tenths - 1, 0)
            elif kind == "short":
                low, high = min(target_tenths + 1, 1000), 1000
            elif kind == "on_the_way" and baseline is not None:
                low, high = min(baseline, target_tenths), max(baseline, target_tenths)
            else:
                low, high = 0, 1000
            value = D(draw(st.integers(low, high))).scaleb(-1)
        readings.append(Reading(day(on), value, draw(qualifiers), draw(booleans), seq=seq))
    return readings


@st.composite
def cases(draw, monotone: bool = True):
    target = draw(targets(monotone))
    as_of = draw(st.integers(0, (target.deadline - DAY0).days) if draw(booleans) else days)
    return target, draw(readings_for(target)), day(as_of)


@st.composite
def cases_with_latest(draw, monotone: bool = True):
    """A case with at least one measurement on or before as_of."""
    target = draw(targets(monotone))
    readings = draw(readings_for(target, min_size=1))
    first = (min(r.on for r in readings) - DAY0).days
    deadline = (target.deadline - DAY0).days
    # Half the time on or before the deadline (when possible), where the pace rules apply.
    as_of = draw(st.integers(first, max(first, deadline)) if draw(booleans) else st.integers(first, LAST_DAY))
    return target, readings, day(as_of)


def improved(target: TargetRule, reading: Reading, data) -> Reading:
    """The same reading with a better value (higher for at_least, lower for at_most; 0 → 1 for a boolean)."""
    if target.is_boolean:
        return dataclasses.replace(reading, value=D(1))
    step = data.draw(steps, label="improvement")
    better = reading.value + step if target.comparator is Comparator.AT_LEAST else reading.value - step
    return dataclasses.replace(reading, value=better)


@SETTINGS
@given(cases(monotone=False))
def test_gap_is_never_negative(case):
    target, readings, as_of = case
    result = assess(target, readings, as_of)
    if result.latest is None:
        assert result.gap is None
    else:
        assert result.gap >= 0


@SETTINGS
@given(cases(monotone=False))
def test_achieved_exactly_when_met(case):
    result = assess(*case)
    assert (result.status is Status.ACHIEVED) == result.met


@SETTINGS
@given(cases(monotone=False))
def test_exactly_one_status_and_one_deadline_status(case):
    target, readings, as_of = case
    result = assess(target, readings, as_of)
    assert type(result.status) is Status
    assert type(result.deadline_status) is DeadlineStatus
    assert result.status in SEVERITY
    assert result.days_remaining == (target.deadline - as_of).days
    assert (result.status is Status.NO_DATA) == (not any(r.on <= as_of for r in readings))
    achieved = result.status is Status.ACHIEVED
    assert (result.deadline_status in (DeadlineStatus.MET, DeadlineStatus.MET_LATE)) == achieved
    if not achieved:
        assert (result.deadline_status is DeadlineStatus.OVERDUE) == (as_of > target.deadline)
    if result.status is Status.MISSED:
        assert as_of > target.deadline
    if result.status is Status.INSUFFICIENT_DATA:
        assert not target.is_boolean
    assert isinstance(result.explanation.get("rule"), str)


def _check_improving_never_worsens(case, data):
    target, readings, as_of = case
    latest = latest_of([r for r in readings if r.on <= as_of])
    better = improved(target, latest, data)
    before = assess(target, readings, as_of)
    after = assess(target, [better if r is latest else r for r in readings], as_of)
    assert after.latest == better
    assert SEVERITY[after.status] <= SEVERITY[before.status], (before.status, after.status)


@SETTINGS
@given(cases_with_latest(), st.data())
def test_improving_the_latest_value_never_worsens_the_status(case, data):
    _check_improving_never_worsens(case, data)


@SETTINGS
@given(cases_with_latest(monotone=False), st.data())
def test_improving_never_worsens_on_any_path(case, data):
    _check_improving_never_worsens(case, data)


@SETTINGS
@given(cases(monotone=False), st.data())
def test_measurements_after_as_of_never_change_the_result(case, data):
    target, readings, as_of = case
    after = (as_of - DAY0).days + 1
    extra = data.draw(readings_for(target, min_on=after, max_on=after + 200), label="extra")
    extra = [dataclasses.replace(r, seq=len(readings) + r.seq) for r in extra]  # seq stays distinct
    assert assess(target, readings + extra, as_of) == assess(target, readings, as_of)


@SETTINGS
@given(cases(monotone=False), st.data())
def test_the_order_of_the_input_never_changes_the_result(case, data):
    target, readings, as_of = case
    shuffled = data.draw(st.permutations(readings), label="shuffled")
    assert assess(target, shuffled, as_of) == assess(target, readings, as_of)
