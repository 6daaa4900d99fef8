"""The assessment rules (indicators/rules/assessment.py, docs/assessment.md), case by case.

Pure functions: no database, no Django, no clock. Most cases use a target "≥ 100 by day 100" with a baseline of 0
on day 0, so the expected value on day d is exactly d and pace ratios are easy to construct exactly.
"""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from indicators.rules.assessment import (
    DEFAULT_THRESHOLDS,
    Comparator,
    DeadlineStatus,
    Milestone,
    Reading,
    Status,
    TargetRule,
    Thresholds,
    assess,
    gap,
    is_met,
    resolve_relative,
)
from indicators.rules.figures import Qualifier, read_figure

D = Decimal
AT_LEAST, AT_MOST = Comparator.AT_LEAST, Comparator.AT_MOST
EXACT, ABOVE, NEARLY, APPROX = Qualifier.EXACT, Qualifier.ABOVE, Qualifier.NEARLY, Qualifier.APPROXIMATELY
BELOW, Q_AT_LEAST, Q_AT_MOST = Qualifier.BELOW, Qualifier.AT_LEAST, Qualifier.AT_MOST

DAY0 = date(2024, 1, 1)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def rule(
    value="100",
    deadline=100,
    comparator=AT_LEAST,
    baseline=None,
    baseline_on=0,
    milestones=(),
    is_boolean=False,
) -> TargetRule:
    return TargetRule(
        comparator=comparator,
        value=D(value),
        deadline=day(deadline),
        baseline_value=None if baseline is None else D(baseline),
        baseline_date=None if baseline is None else day(baseline_on),
        milestones=tuple(Milestone(day(on), D(v)) for on, v in milestones),
        is_boolean=is_boolean,
    )


def reading(on: int, value, qualifier=EXACT, is_estimate=False, seq=0) -> Reading:
    return Reading(on=day(on), value=D(value), qualifier=qualifier, is_estimate=is_estimate, seq=seq)


# The pace example: ≥ 100 by day 100 from 0 on day 0; expected value on day d is d.
PACE = rule(baseline="0")


# --- Every Status --------------------------------------------------------------------------------------------


def test_no_data_without_measurements():
    result = assess(PACE, [], as_of=day(50))
    assert result.status is Status.NO_DATA
    assert result.deadline_status is DeadlineStatus.DUE_SOON  # 50 days left ≤ 90
    assert result.days_remaining == 50
    assert (result.met, result.gap, result.progress, result.latest) == (False, None, None, None)
    assert (result.provisional, result.declining) == (False, False)
    assert result.explanation["as_of"] == day(50)
    assert "latest" not in result.explanation


@pytest.mark.parametrize(
    ("as_of", "deadline_status"),
    [
        (0, DeadlineStatus.OPEN),  # 100 days left
        (10, DeadlineStatus.DUE_SOON),  # 90 days left
        (100, DeadlineStatus.DUE_SOON),  # the deadline itself
        (101, DeadlineStatus.OVERDUE),
    ],
)
def test_no_data_still_has_a_deadline_status(as_of, deadline_status):
    assert assess(rule(), [], as_of=day(as_of)).deadline_status is deadline_status


def test_no_data_when_every_measurement_is_after_as_of():
    result = assess(PACE, [reading(60, "100")], as_of=day(59))
    assert result.status is Status.NO_DATA
    assert result.latest is None


def test_achieved():
    result = assess(PACE, [reading(40, "100")], as_of=day(50))
    assert result.status is Status.ACHIEVED
    assert result.met is True
    assert result.gap == 0
    assert result.deadline_status is DeadlineStatus.MET
    assert result.progress == D("1.0000")


def test_missed():
    result = assess(PACE, [reading(90, "95")], as_of=day(101))
    assert result.status is Status.MISSED
    assert result.deadline_status is DeadlineStatus.OVERDUE
    assert result.days_remaining == -1
    assert result.gap == D(5)


def test_insufficient_data_with_one_measurement_and_no_baseline():
    result = assess(rule(), [reading(10, "40")], as_of=day(50))
    assert result.status is Status.INSUFFICIENT_DATA
    assert result.progress is None
    assert result.gap == D(60)
    assert result.explanation["reference"] == {"source": "earliest_measurement", "date": day(10), "value": D(40)}
    assert "expected" not in result.explanation


def test_insufficient_data_with_two_measurements_on_the_same_date():
    readings = [reading(10, "40", seq=1), reading(10, "45", seq=2)]
    assert assess(rule(), readings, as_of=day(50)).status is Status.INSUFFICIENT_DATA


def test_two_dates_without_baseline_give_a_pace():
    # Reference = the earliest measurement (20 on day 0); expected on day 50 = 20 + 80·50/100 = 60.
    result = assess(rule(), [reading(0, "20"), reading(50, "60")], as_of=day(50))
    assert result.status is Status.ON_TRACK
    assert result.explanation["reference"] == {"source": "earliest_measurement", "date": day(0), "value": D(20)}
    assert result.explanation["expected"]["value"] == D("60.0000")
    assert result.explanation["ratio"] == D("1.0000")
    assert result.progress == D("0.5000")


def test_a_baseline_is_a_reference_for_a_single_measurement():
    result = assess(PACE, [reading(50, "50")], as_of=day(50))
    assert result.status is Status.ON_TRACK
    assert result.explanation["reference"] == {"source": "baseline", "date": day(0), "value": D(0)}


@pytest.mark.parametrize(
    ("value", "status", "ratio"),
    [
        ("50", Status.ON_TRACK, "1.0000"),
        ("47.5", Status.ON_TRACK, "0.9500"),  # r exactly 0.95
        ("47.4999", Status.AT_RISK, "0.9500"),  # just below 0.95 (the shown ratio rounds to 0.9500)
        ("47.49999", Status.AT_RISK, "0.9500"),
        ("40", Status.AT_RISK, "0.8000"),
        ("30", Status.AT_RISK, "0.6000"),  # r exactly 0.60
        ("29.9999", Status.OFF_TRACK, "0.6000"),  # just below 0.60
        ("10", Status.OFF_TRACK, "0.2000"),
        ("0", Status.OFF_TRACK, "0.0000"),
    ],
)
def test_pace_bands_and_their_boundaries(value, status, ratio):
    result = assess(PACE, [reading(50, value)], as_of=day(50))
    assert result.status is status
    assert result.explanation["expected"]["value"] == D("50.0000")
    assert result.explanation["ratio"] == D(ratio)
    assert result.declining is False


def test_pace_boundaries_with_a_non_zero_baseline_and_at_most():
    # ≤ 20 by day 100 from 120 on day 0: expected on day 50 is 70, so 50 of improvement is needed.
    target = rule("20", comparator=AT_MOST, baseline="120")
    assert assess(target, [reading(50, "72.5")], as_of=day(50)).status is Status.ON_TRACK  # moved 47.5: r = 0.95
    assert assess(target, [reading(50, "72.5001")], as_of=day(50)).status is Status.AT_RISK
    assert assess(target, [reading(50, "90")], as_of=day(50)).status is Status.AT_RISK  # moved 30: r = 0.60
    assert assess(target, [reading(50, "90.0001")], as_of=day(50)).status is Status.OFF_TRACK


# --- Deadline and days remaining -----------------------------------------------------------------------------


def test_on_the_deadline_an_unmet_target_is_still_judged_by_pace():
    result = assess(PACE, [reading(100, "96")], as_of=day(100))
    assert result.status is Status.ON_TRACK  # expected 100, r = 0.96
    assert result.explanation["expected"]["value"] == D("100.0000")
    assert result.deadline_status is DeadlineStatus.DUE_SOON
    assert result.days_remaining == 0
    assert assess(PACE, [reading(100, "70")], as_of=day(100)).status is Status.AT_RISK


def test_the_day_after_the_deadline_an_unmet_target_is_missed():
    result = assess(PACE, [reading(100, "96")], as_of=day(101))
    assert result.status is Status.MISSED
    assert result.deadline_status is DeadlineStatus.OVERDUE
    assert result.days_remaining == -1


@pytest.mark.parametrize(
    ("deadline", "deadline_status"),
    [(140, DeadlineStatus.DUE_SOON), (141, DeadlineStatus.OPEN), (50, DeadlineStatus.DUE_SOON)],
)
def test_due_soon_is_at_most_due_soon_days_remaining(deadline, deadline_status):
    # A baseline on day 0 and a measurement on day 50, assessed on day 50: days remaining = deadline - 50.
    target = rule(deadline=deadline, baseline="0")
    result = assess(target, [reading(50, "60")], as_of=day(50))
    assert result.days_remaining == deadline - 50
    assert result.deadline_status is deadline_status


def test_days_remaining_exactly_due_soon_days_is_due_soon_and_one_more_is_open():
    assert DEFAULT_THRESHOLDS.due_soon_days == 90
    assert assess(rule(deadline=140), [], as_of=day(50)).days_remaining == 90
    assert assess(rule(deadline=140), [], as_of=day(50)).deadline_status is DeadlineStatus.DUE_SOON
    assert assess(rule(deadline=141), [], as_of=day(50)).deadline_status is DeadlineStatus.OPEN


def test_met_late_when_only_met_after_the_deadline():
    readings = [reading(50, "60"), reading(100, "95"), reading(150, "100")]
    result = assess(PACE, readings, as_of=day(200))
    assert result.status is Status.ACHIEVED
    assert result.deadline_status is DeadlineStatus.MET_LATE
    assert result.days_remaining == -100


def test_met_when_met_before_the_deadline_even_after_a_dip():
    readings = [reading(50, "100"), reading(80, "90"), reading(150, "105")]
    result = assess(PACE, readings, as_of=day(200))
    assert result.status is Status.ACHIEVED
    assert result.deadline_status is DeadlineStatus.MET


def test_met_on_the_deadline_day_counts_as_met():
    result = assess(PACE, [reading(100, "100"), reading(120, "101")], as_of=day(130))
    assert result.deadline_status is DeadlineStatus.MET


def test_a_met_figure_before_the_deadline_but_after_as_of_does_not_count():
    # Met on day 80, but assessed on day 60 with an unmet figure: nothing is met yet.
    result = assess(PACE, [reading(50, "90"), reading(80, "100")], as_of=day(60))
    assert result.status is Status.ON_TRACK
    assert result.deadline_status is DeadlineStatus.DUE_SOON


# --- Comparators and ranks -----------------------------------------------------------------------------------


def test_rank_target_among_the_50_leading_countries():
    # "thuộc nhóm 50 nước dẫn đầu": rank at most 50.
    target = rule("50", comparator=AT_MOST, baseline="70")
    result = assess(target, [reading(40, "48")], as_of=day(50))
    assert result.status is Status.ACHIEVED
    assert result.gap == 0
    assert result.progress == D("1.1000")  # (48 - 70) / (50 - 70)


def test_rank_improving_from_70_towards_50():
    # Expected rank on day 50: 70 - 20·50/100 = 60; rank 55 has moved 15 of the 10 needed.
    target = rule("50", comparator=AT_MOST, baseline="70")
    result = assess(target, [reading(50, "55")], as_of=day(50))
    assert result.status is Status.ON_TRACK
    assert result.gap == D(5)
    assert result.progress == D("0.7500")
    assert result.explanation["expected"]["value"] == D("60.0000")
    assert result.explanation["ratio"] == D("1.5000")
    # Rank 66 on day 50 has moved 4 of 10: off track.
    assert assess(target, [reading(50, "66")], as_of=day(50)).status is Status.OFF_TRACK
    # Rank 75, worse than the baseline, is declining.
    worse = assess(target, [reading(50, "75")], as_of=day(50))
    assert (worse.status, worse.declining) == (Status.OFF_TRACK, True)


def test_at_most_missed_after_the_deadline():
    target = rule("50", comparator=AT_MOST, baseline="70")
    result = assess(target, [reading(90, "55")], as_of=day(120))
    assert (result.status, result.deadline_status, result.gap) == (Status.MISSED, DeadlineStatus.OVERDUE, D(5))


# --- Boolean milestones --------------------------------------------------------------------------------------


BOOLEAN = rule("1", deadline=200, is_boolean=True)


def test_boolean_not_done_with_more_than_due_soon_days_left_is_on_track():
    result = assess(BOOLEAN, [reading(100, "0")], as_of=day(109))  # 91 days left
    assert result.status is Status.ON_TRACK
    assert result.deadline_status is DeadlineStatus.OPEN


def test_boolean_not_done_with_due_soon_days_or_fewer_left_is_at_risk():
    result = assess(BOOLEAN, [reading(100, "0")], as_of=day(110))  # 90 days left
    assert result.status is Status.AT_RISK
    assert result.deadline_status is DeadlineStatus.DUE_SOON


def test_boolean_never_uses_pace_even_with_history():
    # Not done on two dates with a baseline: still no pace, only the time left matters.
    target = rule("1", deadline=200, baseline="0", is_boolean=True)
    result = assess(target, [reading(0, "0"), reading(100, "0")], as_of=day(100))
    assert result.status is Status.ON_TRACK
    assert "ratio" not in result.explanation


def test_boolean_done_is_achieved():
    result = assess(BOOLEAN, [reading(100, "0"), reading(150, "1")], as_of=day(160))
    assert result.status is Status.ACHIEVED
    assert result.deadline_status is DeadlineStatus.MET
    assert result.gap == 0


def test_boolean_not_done_after_the_deadline_is_missed():
    result = assess(BOOLEAN, [reading(100, "0")], as_of=day(201))
    assert (result.status, result.deadline_status) == (Status.MISSED, DeadlineStatus.OVERDUE)


# --- Relative targets ----------------------------------------------------------------------------------------


def test_resolve_relative():
    assert resolve_relative(D("200"), D("-20")) == D("160.0000")
    assert resolve_relative(D("50"), D("10")) == D("55.0000")
    assert resolve_relative(D("3"), D("-33.33")) == D("2.0001")


def test_at_most_target_resolved_from_a_relative_cut():
    # "cắt giảm tối thiểu 20% so với hiện nay": 200 procedures now, at most 160 by the deadline.
    value = resolve_relative(D("200"), D("-20"))
    target = TargetRule(AT_MOST, value, day(100), baseline_value=D("200"), baseline_date=day(0))
    assert assess(target, [reading(50, "180")], as_of=day(50)).status is Status.ON_TRACK  # expected 180
    assert assess(target, [reading(50, "190")], as_of=day(50)).status is Status.OFF_TRACK  # r = 0.5
    done = assess(target, [reading(60, "160")], as_of=day(60))
    assert (done.status, done.gap, done.progress) == (Status.ACHIEVED, D(0), D("1.0000"))
    late = assess(target, [reading(90, "165")], as_of=day(101))
    assert (late.status, late.gap) == (Status.MISSED, D(5))


# --- Milestones ----------------------------------------------------------------------------------------------


FRONT_LOADED = rule(deadline=1000, baseline="0", milestones=[(250, "80")])


def test_linear_path_without_milestones_would_be_on_track():
    linear = rule(deadline=1000, baseline="0")
    result = assess(linear, [reading(250, "30")], as_of=day(250))
    assert result.explanation["expected"]["value"] == D("25.0000")
    assert result.status is Status.ON_TRACK


@pytest.mark.parametrize(
    ("value", "status"), [("30", Status.OFF_TRACK), ("60", Status.AT_RISK), ("76", Status.ON_TRACK)]
)
def test_a_front_loaded_milestone_raises_the_expected_value(value, status):
    result = assess(FRONT_LOADED, [reading(250, value)], as_of=day(250))
    assert result.explanation["expected"]["value"] == D("80.0000")
    assert result.explanation["expected"]["from"] == {"date": day(250), "value": D(80)}
    assert result.explanation["expected"]["to"] == {"date": day(1000), "value": D(100)}
    assert result.status is status


def test_expected_value_before_and_after_a_milestone():
    before = assess(FRONT_LOADED, [reading(125, "40")], as_of=day(125))
    assert before.explanation["expected"]["value"] == D("40.0000")  # half way to (250, 80)
    assert before.explanation["expected"]["from"] == {"date": day(0), "value": D(0)}
    assert before.explanation["expected"]["to"] == {"date": day(250), "value": D(80)}
    after = assess(FRONT_LOADED, [reading(500, "80")], as_of=day(500))
    assert after.explanation["expected"]["value"] == D("86.6667")  # 80 + 20·250/750
    assert after.status is Status.AT_RISK  # 80 / 86.6667 = 0.923


def test_pace_after_a_milestone_uses_the_exact_expected_value():
    # e = 80 + 20/3 = 260/3; r = v / e. r ≥ 0.95 needs v ≥ 82.333…
    assert assess(FRONT_LOADED, [reading(500, "82.34")], as_of=day(500)).status is Status.ON_TRACK
    assert assess(FRONT_LOADED, [reading(500, "82.33")], as_of=day(500)).status is Status.AT_RISK


def test_several_milestones_are_sorted_and_those_outside_the_path_ignored():
    target = rule(
        deadline=400,
        baseline="0",
        baseline_on=100,
        milestones=[(300, "90"), (200, "20"), (50, "99"), (400, "1"), (500, "1")],
    )
    # Milestones on/before the baseline date or on/after the deadline are not on the path.
    result = assess(target, [reading(250, "55")], as_of=day(250))
    assert result.explanation["expected"]["value"] == D("55.0000")  # half way from (200, 20) to (300, 90)
    assert result.status is Status.ON_TRACK
    result = assess(target, [reading(350, "90")], as_of=day(350))
    assert result.explanation["expected"]["value"] == D("95.0000")


def test_milestone_on_the_assessment_date_is_the_expected_value():
    result = assess(FRONT_LOADED, [reading(100, "10")], as_of=day(250))
    assert result.explanation["expected"]["value"] == D("80.0000")
    assert result.explanation["latest"]["date"] == day(100)


# --- Qualifiers at equality ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "value", "qualifier", "met"),
    [
        # at_least: "trên 99%" meets ≥ 99; "gần 88%" does not meet ≥ 88 but meets ≥ 80.
        (AT_LEAST, "99", "99", ABOVE, True),
        (AT_LEAST, "99", "99", EXACT, True),
        (AT_LEAST, "99", "99", Q_AT_LEAST, True),
        (AT_LEAST, "99", "99", APPROX, True),
        (AT_LEAST, "88", "88", NEARLY, False),
        (AT_LEAST, "80", "88", NEARLY, True),
        (AT_LEAST, "88", "88", BELOW, False),
        (AT_LEAST, "88", "88", Q_AT_MOST, False),  # refinement: "tối đa 88" does not prove ≥ 88
        (AT_LEAST, "88", "87.9", ABOVE, False),
        (AT_LEAST, "88", "88.1", BELOW, True),
        # at_most: "trên 50" does not meet ≤ 50; "gần 50" does.
        (AT_MOST, "50", "50", ABOVE, False),
        (AT_MOST, "50", "50", Q_AT_LEAST, False),  # refinement: "tối thiểu 50" does not prove ≤ 50
        (AT_MOST, "50", "50", NEARLY, True),
        (AT_MOST, "50", "50", BELOW, True),
        (AT_MOST, "50", "50", Q_AT_MOST, True),
        (AT_MOST, "50", "50", EXACT, True),
        (AT_MOST, "50", "50", APPROX, True),
        (AT_MOST, "50", "49.9", ABOVE, True),
        (AT_MOST, "50", "50.1", BELOW, False),
    ],
)
def test_met_with_qualifiers(comparator, target, value, qualifier, met):
    target_rule = rule(target, comparator=comparator)
    assert is_met(target_rule, D(value), qualifier) is met
    result = assess(target_rule, [reading(10, value, qualifier)], as_of=day(10))
    assert result.met is met
    assert (result.status is Status.ACHIEVED) is met


def test_nearly_at_equality_is_not_achieved_but_has_no_gap():
    result = assess(rule("88"), [reading(10, "88", NEARLY)], as_of=day(10))
    assert result.status is Status.INSUFFICIENT_DATA
    assert result.gap == 0  # the gap is in the unit: nothing measurable is missing, yet the target is unproven


# --- Which measurements count --------------------------------------------------------------------------------


def test_measurements_after_as_of_are_ignored():
    readings = [reading(10, "10"), reading(50, "48"), reading(60, "100")]
    result = assess(PACE, readings, as_of=day(50))
    assert result.latest == readings[1]
    assert result.status is Status.ON_TRACK
    later = assess(PACE, readings, as_of=day(60))
    assert later.latest == readings[2]
    assert later.status is Status.ACHIEVED


def test_a_measurement_on_as_of_counts():
    assert assess(PACE, [reading(50, "100")], as_of=day(50)).status is Status.ACHIEVED
    assert assess(PACE, [reading(50, "100")], as_of=day(49)).status is Status.NO_DATA


def test_latest_on_a_tie_is_the_most_recently_entered():
    first, correction = reading(50, "100", seq=1), reading(50, "40", seq=2)
    for readings in ([first, correction], [correction, first]):
        result = assess(PACE, readings, as_of=day(50))
        assert result.latest == correction
        assert result.status is Status.AT_RISK  # 40 / 50 = 0.8, not achieved by the superseded 100


def test_earliest_on_a_tie_is_the_most_recently_entered():
    # Without a baseline the reference is the earliest measurement; a correction on that date replaces it.
    first, correction = reading(0, "10", seq=1), reading(0, "20", seq=2)
    for readings in ([first, correction, reading(50, "60")], [reading(50, "60"), correction, first]):
        result = assess(rule(), readings, as_of=day(50))
        assert result.explanation["reference"] == {"source": "earliest_measurement", "date": day(0), "value": D(20)}
        assert result.explanation["expected"]["value"] == D("60.0000")
        assert result.explanation["ratio"] == D("1.0000")


# --- Provisional and declining -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "is_estimate", "provisional"),
    [
        (EXACT, True, True),
        (APPROX, False, True),
        (NEARLY, False, True),
        (ABOVE, False, False),
        (EXACT, False, False),
        (BELOW, False, False),
        (Q_AT_LEAST, False, False),
        (Q_AT_MOST, False, False),
        (ABOVE, True, True),
    ],
)
def test_provisional(qualifier, is_estimate, provisional):
    for value in ("40", "100"):  # whatever the status
        result = assess(PACE, [reading(50, value, qualifier, is_estimate)], as_of=day(50))
        assert result.provisional is provisional


def test_provisional_is_about_the_latest_measurement_only():
    readings = [reading(10, "20", APPROX, is_estimate=True), reading(50, "50")]
    assert assess(PACE, readings, as_of=day(50)).provisional is False


def test_declining_when_moving_away_from_the_target():
    target = rule(baseline="50")
    result = assess(target, [reading(50, "40")], as_of=day(50))
    assert result.status is Status.OFF_TRACK
    assert result.declining is True
    assert result.explanation["ratio"] == D("-0.4000")  # moved -10 of the 25 needed
    assert result.progress == D("-0.2000")


def test_not_declining_when_slow_but_moving_the_right_way():
    result = assess(rule(baseline="50"), [reading(50, "52")], as_of=day(50))
    assert (result.status, result.declining) == (Status.OFF_TRACK, False)


def test_a_level_to_keep_that_slips_is_off_track_and_declining():
    # "duy trì 100%": the baseline already meets the target; 98 does not.
    target = rule(baseline="100")
    result = assess(target, [reading(50, "98")], as_of=day(50))
    assert (result.status, result.declining) == (Status.OFF_TRACK, True)
    assert result.gap == D(2)
    assert assess(target, [reading(50, "100")], as_of=day(50)).status is Status.ACHIEVED


def test_a_level_to_keep_without_baseline_uses_the_earliest_measurement():
    result = assess(rule(), [reading(10, "100"), reading(50, "98")], as_of=day(50))
    assert (result.status, result.declining) == (Status.OFF_TRACK, True)
    assert result.explanation["reference"]["source"] == "earliest_measurement"


# --- When no progress is expected yet (more than "e == b", docs/assessment.md) -------------------------------------


@pytest.mark.parametrize(
    ("value", "status", "declining"),
    [("10", Status.ON_TRACK, False), ("12", Status.ON_TRACK, False), ("9", Status.OFF_TRACK, True)],
)
def test_assessed_on_the_reference_date(value, status, declining):
    target = rule(baseline="10", baseline_on=50)
    result = assess(target, [reading(50, value)], as_of=day(50))
    assert (result.status, result.declining) == (status, declining)
    assert result.explanation["ratio"] is None
    assert result.explanation["expected"]["value"] == D("10.0000")


def test_as_of_before_the_baseline_date():
    target = rule(baseline="10", baseline_on=50)
    assert assess(target, [reading(10, "12")], as_of=day(20)).status is Status.ON_TRACK
    result = assess(target, [reading(10, "5")], as_of=day(20))
    assert (result.status, result.declining) == (Status.OFF_TRACK, True)


def test_a_path_moving_away_from_the_target():
    # The plan expects a dip (milestone 40 below the baseline 50) before reaching 100.
    target = rule(baseline="50", milestones=[(50, "40")])
    assert assess(target, [reading(25, "50")], as_of=day(25)).status is Status.ON_TRACK
    assert assess(target, [reading(25, "48")], as_of=day(25)).status is Status.OFF_TRACK


def test_at_most_when_no_progress_is_expected_yet():
    target = rule("20", comparator=AT_MOST, baseline="50", baseline_on=50)
    assert assess(target, [reading(50, "45")], as_of=day(50)).status is Status.ON_TRACK
    assert assess(target, [reading(50, "55")], as_of=day(50)).status is Status.OFF_TRACK


# --- Gap and progress ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "value", "expected_gap"),
    [
        (AT_LEAST, "90", "71.4", "18.6"),
        (AT_LEAST, "90", "99", "0"),
        (AT_LEAST, "90", "90", "0"),
        (AT_MOST, "50", "55", "5"),
        (AT_MOST, "50", "48", "0"),
        (AT_MOST, "160", "172.25", "12.25"),
    ],
)
def test_gap_is_in_the_unit_and_floored_at_zero(comparator, target, value, expected_gap):
    target_rule = rule(target, comparator=comparator)
    assert gap(target_rule, D(value)) == D(expected_gap)
    assert assess(target_rule, [reading(10, value)], as_of=day(10)).gap == D(expected_gap)


@pytest.mark.parametrize(
    ("comparator", "baseline", "target", "value", "progress"),
    [
        (AT_LEAST, "20", "100", "60", "0.5000"),
        (AT_LEAST, "0", "3", "1", "0.3333"),
        (AT_LEAST, "20", "100", "120", "1.2500"),
        (AT_MOST, "70", "50", "55", "0.7500"),
        (AT_MOST, "200", "160", "210", "-0.2500"),
    ],
)
def test_progress(comparator, baseline, target, value, progress):
    target_rule = rule(target, comparator=comparator, baseline=baseline)
    assert assess(target_rule, [reading(50, value)], as_of=day(50)).progress == D(progress)


def test_no_progress_when_the_target_equals_the_reference():
    # T − b = 0: progress is undefined.
    result = assess(rule(baseline="100"), [reading(50, "100")], as_of=day(50))
    assert result.progress is None


# --- The explanation -----------------------------------------------------------------------------------------


def test_explanation_carries_every_input():
    latest = Reading(day(50), D("47.5"), ABOVE, is_estimate=True, seq=3, ref="report 7")
    result = assess(PACE, [latest], as_of=day(50))
    explanation = result.explanation
    assert explanation["as_of"] == day(50)
    assert explanation["comparator"] == "at_least"
    assert explanation["target"] == D(100)
    assert explanation["deadline"] == day(100)
    assert explanation["reference"] == {"source": "baseline", "date": day(0), "value": D(0)}
    assert explanation["expected"] == {
        "value": D("50.0000"),
        "from": {"date": day(0), "value": D(0)},
        "to": {"date": day(100), "value": D(100)},
    }
    assert explanation["latest"] == {
        "date": day(50),
        "value": D("47.5"),
        "qualifier": "above",
        "is_estimate": True,
        "ref": "report 7",
    }
    assert explanation["thresholds"] == {"on_track": D("0.95"), "at_risk": D("0.60"), "due_soon_days": 90}
    assert explanation["ratio"] == D("0.9500")
    assert isinstance(explanation["rule"], str) and "on_track" in explanation["rule"]
    assert result.latest is latest


@pytest.mark.parametrize(
    ("readings", "as_of", "status"),
    [
        ([], 50, Status.NO_DATA),
        ([(50, "100")], 50, Status.ACHIEVED),
        ([(50, "90")], 101, Status.MISSED),
        ([(50, "90")], 50, Status.INSUFFICIENT_DATA),
        ([(0, "0"), (50, "50")], 50, Status.ON_TRACK),
        ([(0, "0"), (50, "40")], 50, Status.AT_RISK),
        ([(0, "0"), (50, "10")], 50, Status.OFF_TRACK),
    ],
)
def test_every_status_has_a_rule_in_the_explanation(readings, as_of, status):
    result = assess(rule(), [reading(on, v) for on, v in readings], as_of=day(as_of))
    assert result.status is status
    assert isinstance(result.explanation["rule"], str) and result.explanation["rule"]
    assert result.explanation["as_of"] == day(as_of)
    assert result.explanation["thresholds"]["due_soon_days"] == 90


# --- Thresholds ----------------------------------------------------------------------------------------------


def test_default_thresholds():
    assert Thresholds(D("0.95"), D("0.60"), 90) == DEFAULT_THRESHOLDS


def test_custom_due_soon_days():
    short = Thresholds(due_soon_days=30)
    target = rule(deadline=110, baseline="0")
    default = assess(target, [reading(50, "50")], as_of=day(50))
    custom = assess(target, [reading(50, "50")], as_of=day(50), thresholds=short)
    assert (default.deadline_status, custom.deadline_status) == (DeadlineStatus.DUE_SOON, DeadlineStatus.OPEN)
    assert custom.explanation["thresholds"]["due_soon_days"] == 30
    # Boolean milestones follow due_soon_days too.
    boolean = rule("1", deadline=110, is_boolean=True)
    assert assess(boolean, [reading(50, "0")], as_of=day(50)).status is Status.AT_RISK
    assert assess(boolean, [reading(50, "0")], as_of=day(50), thresholds=short).status is Status.ON_TRACK


def test_custom_pace_ratios():
    lenient = Thresholds(on_track=D("0.9"), at_risk=D("0.5"))
    assert assess(PACE, [reading(50, "45")], as_of=day(50)).status is Status.AT_RISK
    assert assess(PACE, [reading(50, "45")], as_of=day(50), thresholds=lenient).status is Status.ON_TRACK
    assert assess(PACE, [reading(50, "25")], as_of=day(50)).status is Status.OFF_TRACK
    assert assess(PACE, [reading(50, "25")], as_of=day(50), thresholds=lenient).status is Status.AT_RISK
    result = assess(PACE, [reading(50, "45")], as_of=day(50), thresholds=lenient)
    assert result.explanation["thresholds"]["on_track"] == D("0.9")


# --- The worked examples of docs/assessment.md -----------------------------------------------------------------------

# Quảng Ngãi draft resolution of 2021: work files processed online by 2025; figures reported on 2024-10-11.
QN_REPORTED = date(2024, 10, 11)
QN_DEADLINE = date(2025, 12, 31)


def qn_reading(text: str) -> Reading:
    figure = read_figure(text)
    return Reading(QN_REPORTED, figure.value, figure.qualifier, figure.is_estimate)


@pytest.mark.parametrize(
    ("target", "text", "provisional"),
    [("90", "đạt trên 99%", False), ("80", "đạt gần 88%", True), ("60", "đạt trên 70%", False)],
)
def test_quang_ngai_work_files_online(target, text, provisional):
    target_rule = TargetRule(AT_LEAST, D(target), QN_DEADLINE)
    result = assess(target_rule, [qn_reading(text)], as_of=QN_REPORTED)
    assert result.status is Status.ACHIEVED
    assert result.gap == 0
    assert result.deadline_status is DeadlineStatus.MET
    assert result.provisional is provisional
    assert result.days_remaining == 446
    # Still achieved and met (on time) when assessed after the deadline.
    later = assess(target_rule, [qn_reading(text)], as_of=date(2026, 1, 1))
    assert (later.status, later.deadline_status) == (Status.ACHIEVED, DeadlineStatus.MET)


def test_quang_ngai_nearly_88_does_not_meet_88():
    result = assess(TargetRule(AT_LEAST, D(88), QN_DEADLINE), [qn_reading("gần 88%")], as_of=QN_REPORTED)
    assert result.met is False
    assert result.status is Status.INSUFFICIENT_DATA


def test_quang_ngai_unmet_2025_target_assessed_in_2026_is_missed():
    target_rule = TargetRule(AT_LEAST, D(90), QN_DEADLINE)
    result = assess(target_rule, [qn_reading("ước đạt 71,4%")], as_of=date(2026, 1, 1))
    assert (result.status, result.deadline_status) == (Status.MISSED, DeadlineStatus.OVERDUE)
    assert result.days_remaining == -1
    assert result.gap == D("18.6")
    assert result.provisional is True


def test_docs_pace_example():
    # docs/assessment.md: ≥ 80% by 2025-12-31, baseline 30% on 2021-12-31, milestone 60% on 2023-12-31,
    # "ước đạt 66%" reported on 2024-10-31, assessed on 2024-12-31.
    latest = Reading(date(2024, 10, 31), D(66), EXACT, is_estimate=True)
    target_rule = TargetRule(
        AT_LEAST,
        D(80),
        date(2025, 12, 31),
        baseline_value=D(30),
        baseline_date=date(2021, 12, 31),
        milestones=(Milestone(date(2023, 12, 31), D(60)),),
    )
    result = assess(target_rule, [latest], as_of=date(2024, 12, 31))
    assert result.explanation["expected"] == {
        "value": D("70.0137"),  # 60 + 20 · 366/731
        "from": {"date": date(2023, 12, 31), "value": D(60)},
        "to": {"date": date(2025, 12, 31), "value": D(80)},
    }
    assert result.explanation["ratio"] == D("0.8997")  # 36 / 40.0137
    assert result.status is Status.AT_RISK
    assert result.deadline_status is DeadlineStatus.OPEN
    assert result.days_remaining == 365
    assert result.gap == D(14)
    assert result.progress == D("0.7200")
    assert result.provisional is True
    assert result.declining is False
    # Without the milestone the straight line expects less, and the same figure is on track.
    without_milestone = dataclasses.replace(target_rule, milestones=())
    result = assess(without_milestone, [latest], as_of=date(2024, 12, 31))
    assert result.explanation["expected"]["value"] == D("67.5086")  # 30 + 50 · 1096/1461
    assert result.explanation["ratio"] == D("0.9598")
    assert result.status is Status.ON_TRACK
    # With the milestone, on track needs 30 + 0.95 · 40.0137 = 68.013 or more.
    assert assess(target_rule, [dataclasses.replace(latest, value=D("68.02"))], date(2024, 12, 31)).status is (
        Status.ON_TRACK
    )
    assert assess(target_rule, [dataclasses.replace(latest, value=D("68.01"))], date(2024, 12, 31)).status is (
        Status.AT_RISK
    )
