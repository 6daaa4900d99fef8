"""The assessment rules: gap, progress, status and deadline status of one target.

Pure Python on purpose: no Django, no clock. The date is always a parameter, so the rules can be
tested exhaustively and read without knowing the ORM. The database mirror lives in
`indicators/querysets.py` and a parity test keeps the two in agreement.

The rules in plain words, with worked examples: docs/assessment.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from enum import StrEnum
from typing import Any

from indicators.rules.figures import Qualifier


class Comparator(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Status(StrEnum):
    NO_DATA = "no_data"
    ACHIEVED = "achieved"
    MISSED = "missed"
    INSUFFICIENT_DATA = "insufficient_data"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class DeadlineStatus(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


# Qualifiers that leave a figure equal to the target unproven: "gần 88%" does not meet ≥ 88%.
NOT_MET_AT_EQUALITY = {
    Comparator.AT_LEAST: frozenset({Qualifier.NEARLY, Qualifier.BELOW, Qualifier.AT_MOST}),
    Comparator.AT_MOST: frozenset({Qualifier.ABOVE, Qualifier.AT_LEAST}),
}
PROVISIONAL_QUALIFIERS = frozenset({Qualifier.APPROXIMATELY, Qualifier.NEARLY})

# Shown figures (ratio, progress, expected value) are rounded to this; decisions use exact arithmetic.
SHOWN = Decimal("0.0001")


class Rule(StrEnum):
    """Which rule gave the status: an identifier for code (the admin's translated texts are keyed on it), its value
    the English sentence the API's explanation shows."""

    NO_DATA = "no measurement on or before as_of"
    LATEST_MEETS = "the latest measurement meets the target"
    DEADLINE_PASSED = "the deadline has passed and the latest measurement does not meet the target"
    MILESTONE_NOT_DUE = "boolean milestone not done, more than due_soon_days left"
    MILESTONE_DUE_SOON = "boolean milestone not done, due_soon_days or fewer left"
    NO_REFERENCE = "no baseline and fewer than two measurements on different dates"
    REFERENCE_MET_LATEST_NOT = "the reference already met the target and the latest does not"
    NOTHING_EXPECTED_NO_WORSE = "no progress expected yet and the value is no worse than the reference"
    NOTHING_EXPECTED_WORSE = "no progress expected yet and the value is worse than the reference"
    PACE_ON_TRACK = "pace ratio at or above on_track"
    PACE_AT_RISK = "pace ratio at or above at_risk, below on_track"
    PACE_OFF_TRACK = "pace ratio below at_risk"


@dataclass(frozen=True)
class Thresholds:
    on_track: Decimal = Decimal("0.95")
    at_risk: Decimal = Decimal("0.60")
    due_soon_days: int = 90


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Reading:
    """One measurement as the rules see it. `seq` orders entries made on the same date (higher = later)."""

    on: date
    value: Decimal
    qualifier: Qualifier = Qualifier.EXACT
    is_estimate: bool = False
    seq: int = 0
    ref: object = None


@dataclass(frozen=True)
class Milestone:
    on: date
    value: Decimal


@dataclass(frozen=True)
class TargetRule:
    comparator: Comparator
    value: Decimal
    deadline: date
    baseline_value: Decimal | None = None
    baseline_date: date | None = None
    milestones: tuple[Milestone, ...] = ()
    is_boolean: bool = False


@dataclass(frozen=True)
class Assessment:
    status: Status
    deadline_status: DeadlineStatus
    days_remaining: int
    met: bool
    gap: Decimal | None
    progress: Decimal | None
    provisional: bool
    declining: bool
    latest: Reading | None
    explanation: dict[str, Any] = field(default_factory=dict)


def is_met(rule: TargetRule, value: Decimal, qualifier: Qualifier) -> bool:
    if rule.comparator is Comparator.AT_LEAST:
        if value != rule.value:
            return value > rule.value
    elif value != rule.value:
        return value < rule.value
    return qualifier not in NOT_MET_AT_EQUALITY[rule.comparator]


def gap(rule: TargetRule, value: Decimal) -> Decimal:
    """What is still missing, in the indicator's unit; 0 once the value reaches the target."""
    missing = rule.value - value if rule.comparator is Comparator.AT_LEAST else value - rule.value
    return max(missing, Decimal(0))


def improvement(rule: TargetRule, start: Decimal, value: Decimal) -> Decimal:
    """How far `value` moved from `start` in the good direction (negative when it moved away)."""
    return value - start if rule.comparator is Comparator.AT_LEAST else start - value


def resolve_relative(baseline: Decimal, change_percent: Decimal) -> Decimal:
    """A relative target ("cắt giảm tối thiểu 20% so với hiện nay" = -20) resolved from the baseline."""
    return (baseline * (Decimal(100) + change_percent) / Decimal(100)).quantize(SHOWN, ROUND_HALF_EVEN)


def latest_of(readings: Iterable[Reading]) -> Reading | None:
    return max(readings, key=lambda r: (r.on, r.seq), default=None)


def earliest_of(readings: Iterable[Reading]) -> Reading | None:
    # Ties on the date go to the latest entry, as for "latest": a correction replaces the figure it corrects.
    return min(readings, key=lambda r: (r.on, -r.seq), default=None)


def path_points(rule: TargetRule, start: date, start_value: Decimal) -> list[Milestone]:
    """The expected path: the reference point, the milestones strictly between it and the deadline, the target."""
    inner = sorted((m for m in rule.milestones if start < m.on < rule.deadline), key=lambda m: m.on)
    return [Milestone(start, start_value), *inner, Milestone(rule.deadline, rule.value)]


def expected_segment(points: list[Milestone], as_of: date) -> tuple[Milestone, Milestone | None]:
    """The path segment holding `as_of`: the last point on or before it and the first point after it."""
    before = [p for p in points if p.on <= as_of]
    after = [p for p in points if p.on > as_of]
    if not before:
        return points[0], None
    return before[-1], (after[0] if after else None)


@dataclass(frozen=True)
class Facts:
    """What the rules need of a target's readings on or before as_of: the latest, the earliest, and whether one
    met the target by its deadline. A database keeps these per target (indicators/state.py) so that assessing
    does not read every measurement."""

    latest: Reading | None = None
    earliest: Reading | None = None
    met_on_time: bool = False


def facts_of(rule: TargetRule, readings: Iterable[Reading]) -> Facts:
    """The facts of `readings` (all on or before the assessment date)."""
    readings = list(readings)
    return Facts(
        latest=latest_of(readings),
        earliest=earliest_of(readings),
        met_on_time=any(r.on <= rule.deadline and is_met(rule, r.value, r.qualifier) for r in readings),
    )


def assess(
    rule: TargetRule, readings: Iterable[Reading], as_of: date, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Assessment:
    """Assess `rule` on `as_of` from `readings` (any order; those dated after `as_of` are ignored)."""
    return judge(rule, facts_of(rule, (r for r in readings if r.on <= as_of)), as_of, thresholds)


def judge(rule: TargetRule, facts: Facts, as_of: date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Assessment:
    """Assess `rule` on `as_of` from the facts of its readings on or before `as_of`."""
    with localcontext() as ctx:
        ctx.prec = 60  # products below stay exact; only shown figures are rounded
        return _judge(rule, facts, as_of, thresholds)


def _judge(rule: TargetRule, facts: Facts, as_of: date, thresholds: Thresholds) -> Assessment:
    days_remaining = (rule.deadline - as_of).days
    explanation: dict[str, Any] = {
        "as_of": as_of,
        "comparator": str(rule.comparator),
        "target": rule.value,
        "deadline": rule.deadline,
        "thresholds": {
            "on_track": thresholds.on_track,
            "at_risk": thresholds.at_risk,
            "due_soon_days": thresholds.due_soon_days,
        },
    }
    latest = facts.latest
    if latest is None:
        explanation["rule"] = Rule.NO_DATA.value
        return Assessment(
            Status.NO_DATA, _open_deadline_status(days_remaining, thresholds), days_remaining,
            met=False, gap=None, progress=None, provisional=False, declining=False, latest=None,
            explanation=explanation,
        )  # fmt: skip

    explanation["latest"] = _reading_dict(latest)
    met = is_met(rule, latest.value, latest.qualifier)
    provisional = latest.is_estimate or latest.qualifier in PROVISIONAL_QUALIFIERS

    if rule.baseline_value is not None and rule.baseline_date is not None:
        ref_on, ref_value, ref_qualifier = rule.baseline_date, rule.baseline_value, Qualifier.EXACT
        explanation["reference"] = {"source": "baseline", "date": ref_on, "value": ref_value}
    else:
        earliest = facts.earliest
        assert earliest is not None, "a latest figure implies an earliest one"
        ref_on, ref_value, ref_qualifier = earliest.on, earliest.value, earliest.qualifier
        explanation["reference"] = {"source": "earliest_measurement", "date": ref_on, "value": ref_value}
    has_reference = (rule.baseline_value is not None and rule.baseline_date is not None) or latest.on != ref_on
    span = improvement(rule, ref_value, rule.value)
    progress = (improvement(rule, ref_value, latest.value) / span).quantize(SHOWN) if has_reference and span else None

    def result(status: Status, why: Rule, declining: bool = False) -> Assessment:
        explanation["rule"] = why.value
        if status is Status.ACHIEVED:
            deadline_status = DeadlineStatus.MET if facts.met_on_time else DeadlineStatus.MET_LATE
        else:
            deadline_status = _open_deadline_status(days_remaining, thresholds)
        return Assessment(
            status, deadline_status, days_remaining, met=met, gap=gap(rule, latest.value), progress=progress,
            provisional=provisional, declining=declining, latest=latest, explanation=explanation,
        )  # fmt: skip

    if met:
        return result(Status.ACHIEVED, Rule.LATEST_MEETS)
    if as_of > rule.deadline:
        return result(Status.MISSED, Rule.DEADLINE_PASSED)
    # A yes/no milestone has no pace: it is done or not, and only the time left matters.
    if rule.is_boolean:
        if days_remaining > thresholds.due_soon_days:
            return result(Status.ON_TRACK, Rule.MILESTONE_NOT_DUE)
        return result(Status.AT_RISK, Rule.MILESTONE_DUE_SOON)
    if not has_reference:
        return result(Status.INSUFFICIENT_DATA, Rule.NO_REFERENCE)

    if is_met(rule, ref_value, ref_qualifier):
        return result(Status.OFF_TRACK, Rule.REFERENCE_MET_LATEST_NOT, True)

    start, end = expected_segment(path_points(rule, ref_on, ref_value), as_of)
    # n·(e − b) in the good direction, kept as a product so the threshold comparison needs no division.
    n = (end.on - start.on).days if end else 1
    k = (as_of - start.on).days if end else 0
    d_start = improvement(rule, ref_value, start.value)
    d_end = improvement(rule, ref_value, end.value) if end else d_start
    needed = n * d_start + k * (d_end - d_start)
    moved = n * improvement(rule, ref_value, latest.value)
    expected = ref_value + (needed / n if rule.comparator is Comparator.AT_LEAST else -needed / n)
    explanation["expected"] = {"value": expected.quantize(SHOWN), "from": _point(start), "to": _point(end)}

    if needed <= 0:
        explanation["ratio"] = None
        if moved >= 0:
            return result(Status.ON_TRACK, Rule.NOTHING_EXPECTED_NO_WORSE)
        return result(Status.OFF_TRACK, Rule.NOTHING_EXPECTED_WORSE, True)
    explanation["ratio"] = (moved / needed).quantize(SHOWN)
    declining = moved < 0
    if moved >= thresholds.on_track * needed:
        return result(Status.ON_TRACK, Rule.PACE_ON_TRACK, declining)
    if moved >= thresholds.at_risk * needed:
        return result(Status.AT_RISK, Rule.PACE_AT_RISK, declining)
    return result(Status.OFF_TRACK, Rule.PACE_OFF_TRACK, declining)


def _open_deadline_status(days_remaining: int, thresholds: Thresholds) -> DeadlineStatus:
    if days_remaining < 0:
        return DeadlineStatus.OVERDUE
    if days_remaining <= thresholds.due_soon_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.OPEN


def _reading_dict(reading: Reading) -> dict[str, Any]:
    return {
        "date": reading.on,
        "value": reading.value,
        "qualifier": str(reading.qualifier),
        "is_estimate": reading.is_estimate,
        "ref": reading.ref,
    }


def _point(point: Milestone | None) -> dict[str, Any] | None:
    return None if point is None else {"date": point.on, "value": point.value}


# Worse statuses sort later; used for ordering lists and by the "improving never worsens" property.
SEVERITY = {
    Status.ACHIEVED: 0,
    Status.ON_TRACK: 1,
    Status.AT_RISK: 2,
    Status.INSUFFICIENT_DATA: 3,
    Status.OFF_TRACK: 4,
    Status.MISSED: 5,
    Status.NO_DATA: 6,
}
