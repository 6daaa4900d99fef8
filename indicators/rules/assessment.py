"""The assessment rules: gap, progress, status and deadline status of one target.

Pure Python on purpose: no Django, no clock. The date is always a parameter, so the rules can be
tested exhaustively and read without knowing the ORM. This is the only implementation: the database
computes facts (indicators/querysets.py), never statuses, and tests/indicators/test_parity.py checks that every way
of feeding the rules (every reading, the searched facts, the maintained facts, the stored assessment) agrees.

Over 400 lines on purpose: every rule of one target's assessment in one module, in the order docs/assessment.md
explains them, so a new status or comparator is one file's change.

The rules in plain words, with worked examples: docs/assessment.md.
"""

from collections.abc import Iterable, Sequence
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
            Status.NO_DATA,
            _open_deadline_status(days_remaining, thresholds),
            days_remaining,
            met=False,
            gap=None,
            progress=None,
            provisional=False,
            declining=False,
            latest=None,
            explanation=explanation,
        )

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
            status,
            deadline_status,
            days_remaining,
            met=met,
            gap=gap(rule, latest.value),
            progress=progress,
            provisional=provisional,
            declining=declining,
            latest=latest,
            explanation=explanation,
        )

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


# ---------------------------------------------------------------------------------------------------------------
# The 2025 reform: which unit's figures judge a target (docs/provinces.md, "The 2025 reform in assessments").
#
# On 2025-07-01 the 63 provinces became 34 (Nghị quyết 202/2025/QH15) and the district level was abolished.
# A figure is about one unit; a target is about one unit. These rules say when a figure of another unit may
# stand for the target's unit, and say so (`Basis`), so a part of a province never stands in for the whole.

REFORM_DATE = date(2025, 7, 1)
DISTRICT = "district"
# Units of measure whose figures add up across the parts of a merged unit; a share combines only from its
# numerator and denominator; anything else (ranks, indexes, yes/no, shares without n/d) does not combine.
ADDITIVE_UNITS = frozenset({"count", "vnd"})
SHARE_UNIT = "percent"
RANK_UNIT = "rank"


class Basis(StrEnum):
    OWN = "own"  # the target's own unit reported it
    SUCCESSOR = "successor"  # an old unit's target judged on its successor's figure (a larger area)
    PREDECESSOR = "predecessor"  # a new unit with a single predecessor (unchanged borders) inherits its figures
    COMBINED = "combined"  # a merged unit's figure combined from all its predecessors' figures of one date


class NoCombination(StrEnum):
    """Why the predecessors' figures of a merged unit gave no figure for it."""

    MISSING = "not_all_reported"  # some predecessor reported nothing on that date
    DOES_NOT_COMBINE = "does_not_combine"  # ranks, indexes, yes/no: a part's value says nothing of the whole
    NO_COUNTS = "share_without_counts"  # a share without its numerator and denominator cannot be weighted


class Needs(StrEnum):
    """What the figures of one date need, besides one from every predecessor, to combine (`combine`)."""

    FIGURES = "figures"  # counts and amounts add up
    COUNTS = "counts"  # a share: each part's numerator and denominator
    NEVER = "never"  # ranks, indexes, yes/no


def combining_needs(unit_of_measure: str) -> Needs:
    """What `combine` needs of each part for figures of `unit_of_measure`. A date lacking it gives no combined
    figure, so a search may skip such dates (the ranking reads the dates that have it, `selectors.aggregates`)."""
    if unit_of_measure in ADDITIVE_UNITS:
        return Needs.FIGURES
    if unit_of_measure == SHARE_UNIT:
        return Needs.COUNTS
    return Needs.NEVER


@dataclass(frozen=True)
class AdminUnit:
    """A province-level unit as these rules see it: its key (e.g. "2025-51") and name."""

    key: str
    name: str


@dataclass(frozen=True)
class UnitFigure:
    """One figure of one unit, with its numerator and denominator when it is a share "a/b" (or a rank's cohort)."""

    unit: AdminUnit
    reading: Reading
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Claim:
    """The figure a unit can claim (None when none), on what basis, from which units; `why_not` says why a merged
    unit's predecessors gave none."""

    figure: UnitFigure | None
    basis: Basis | None
    units: tuple[AdminUnit, ...] = ()
    why_not: NoCombination | None = None
    missing: tuple[AdminUnit, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "basis": None if self.basis is None else str(self.basis),
            "units": [{"key": u.key, "name": u.name} for u in self.units],
            "why_not": None if self.why_not is None else str(self.why_not),
            "missing": [{"key": u.key, "name": u.name} for u in self.missing],
        }


@dataclass(frozen=True)
class Lineage:
    """A unit and its neighbours across the reform: the units merged into it and the units it became part of."""

    unit: AdminUnit
    predecessors: tuple[AdminUnit, ...] = ()
    successors: tuple[AdminUnit, ...] = ()

    @property
    def merged(self) -> bool:
        return len(self.predecessors) > 1


def level_abolished(level: str, deadline: date) -> bool:
    """A district-level target due on or after the reform can no longer be reported on at its deadline."""
    return level == DISTRICT and deadline >= REFORM_DATE


def cohort(figure: UnitFigure, unit_of_measure: str) -> int | None:
    """The number of units a rank was counted among ("thứ 3/63" → 63); None for other figures or a bare rank."""
    if unit_of_measure != RANK_UNIT or figure.denominator is None:
        return None
    return int(figure.denominator)


def combine(
    unit_of_measure: str, figures: Iterable[UnitFigure], predecessors: tuple[AdminUnit, ...]
) -> tuple[UnitFigure | None, NoCombination | None, tuple[AdminUnit, ...]]:
    """The merged unit's figure from its `predecessors`' `figures` of one date, or why there is none.

    Returns (figure, why_not, missing units). Every predecessor must have a figure (one each; the caller picks
    each one's latest entry of the date): counts and amounts add up; shares add their numerators and
    denominators; anything else does not combine. The combined figure is exact only when every part is, an
    estimate when any part is."""
    by_unit = {f.unit.key: f for f in figures}
    missing = tuple(u for u in predecessors if u.key not in by_unit)
    if missing:
        return None, NoCombination.MISSING, missing
    parts = [by_unit[u.key] for u in predecessors]
    needs = combining_needs(unit_of_measure)
    if needs is Needs.FIGURES:
        numerator = denominator = None
        value = sum((p.reading.value for p in parts), Decimal(0))
    elif needs is Needs.COUNTS:
        counts = [(p.numerator, p.denominator) for p in parts]
        if any(n is None or d is None for n, d in counts):
            return None, NoCombination.NO_COUNTS, ()
        total_n = sum((n for n, _ in counts if n is not None), Decimal(0))
        total_d = sum((d for _, d in counts if d is not None), Decimal(0))
        numerator, denominator = total_n, total_d
        value = (total_n * 100 / total_d).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    else:
        return None, NoCombination.DOES_NOT_COMBINE, ()
    qualifiers = {p.reading.qualifier for p in parts}
    qualifier = qualifiers.pop() if len(qualifiers) == 1 else Qualifier.APPROXIMATELY
    reading = Reading(
        on=parts[0].reading.on,
        value=value,
        qualifier=qualifier,
        is_estimate=any(p.reading.is_estimate for p in parts),
        seq=max(p.reading.seq for p in parts),
        ref=None,
    )
    return UnitFigure(AdminUnit("+".join(u.key for u in predecessors), ""), reading, numerator, denominator), None, ()


def claimable(
    lineage: Lineage, unit_of_measure: str, figures: Iterable[UnitFigure]
) -> list[tuple[UnitFigure, Basis, tuple[AdminUnit, ...]]]:
    """Every figure `lineage.unit` can be judged on, with its basis and the units it comes from.

    `figures` are figures of the unit, its predecessors and its successors (others are ignored). Own figures
    count; a successor's count for an old unit (flagged); a single predecessor's are inherited; a merged unit
    gets one combined figure per date on which every predecessor reported and the figures combine — never one
    predecessor's figure alone."""
    own, successor_keys = lineage.unit.key, {u.key for u in lineage.successors}
    result: list[tuple[UnitFigure, Basis, tuple[AdminUnit, ...]]] = []
    parts = []
    for figure in figures:
        key = figure.unit.key
        if key == own:
            result.append((figure, Basis.OWN, (lineage.unit,)))
        elif key in successor_keys:
            result.append((figure, Basis.SUCCESSOR, (figure.unit,)))
        elif any(key == u.key for u in lineage.predecessors):
            if not lineage.merged:
                result.append((figure, Basis.PREDECESSOR, (figure.unit,)))
                continue
            parts.append(figure)
    combined, _ = dated_combination(lineage, unit_of_measure, parts)
    result += [(figure, Basis.COMBINED, lineage.predecessors) for figure in combined]
    return result


def claim(lineage: Lineage, unit_of_measure: str, figures: Iterable[UnitFigure], as_of: date | None = None) -> Claim:
    """The latest figure `lineage.unit` can claim on `as_of` (all dates when None), with its basis; when a merged
    unit has none, why its predecessors' latest figures did not combine."""
    figures = [f for f in figures if as_of is None or f.reading.on <= as_of]
    candidates = claimable(lineage, unit_of_measure, figures)
    if candidates:
        figure, basis, units = max(candidates, key=lambda c: (c[0].reading.on, c[0].reading.seq))
        return Claim(figure, basis, units)
    if not lineage.merged:
        return Claim(None, None)
    nothing = combination(lineage, unit_of_measure, figures)
    if nothing.why_not is None:
        return Claim(None, None)
    return Claim(None, None, lineage.predecessors, nothing.why_not, nothing.missing)


def claim_combined(lineage: Lineage, own: Iterable[UnitFigure], combined: "Combination") -> Claim:
    """`claim` for a merged unit whose predecessors' figures were combined already (`combination` of them on or
    before the day): the latest of its own figures and the combined readings. The combined figure carries no
    numerator or denominator (its reading is what is claimed)."""
    parts = AdminUnit("+".join(u.key for u in lineage.predecessors), "")
    candidates: list[tuple[UnitFigure, Basis, tuple[AdminUnit, ...]]] = [
        (f, Basis.OWN, (lineage.unit,)) for f in own if f.unit.key == lineage.unit.key
    ]
    candidates += [(UnitFigure(parts, r, None, None), Basis.COMBINED, lineage.predecessors) for r in combined.readings]
    if candidates:
        figure, basis, units = max(candidates, key=lambda c: (c[0].reading.on, c[0].reading.seq))
        return Claim(figure, basis, units)
    if combined.why_not is None:
        return Claim(None, None)
    return Claim(None, None, lineage.predecessors, combined.why_not, combined.missing)


@dataclass(frozen=True)
class Unmatched:
    """A date on which a merged unit's predecessors reported but gave it no figure: why, and who reported nothing."""

    on: date
    why_not: NoCombination
    missing: tuple[AdminUnit, ...] = ()


def dated_combination(
    lineage: Lineage, unit_of_measure: str, figures: Iterable[UnitFigure]
) -> tuple[list[UnitFigure], list[Unmatched]]:
    """Date by date, what the predecessors' `figures` give the merged unit `lineage.unit` (a unit of several
    predecessors: one predecessor's figures are inherited as they are, `claimable`; figures of other units are
    ignored): the combined figures of the dates whose figures combine, and why each other date any
    predecessor reported gives none; both by date. Of several entries of one unit on one date, the latest entered
    stands (a correction). `combination` of the figures up to any day follows (`combination_on`)."""
    keys = {u.key for u in lineage.predecessors}
    by_date: dict[date, dict[str, UnitFigure]] = {}
    for figure in figures:
        if figure.unit.key in keys:
            day = by_date.setdefault(figure.reading.on, {})
            if figure.unit.key not in day or day[figure.unit.key].reading.seq < figure.reading.seq:
                day[figure.unit.key] = figure
    combined: list[UnitFigure] = []
    unmatched: list[Unmatched] = []
    for on in sorted(by_date):
        one, why_not, missing = combine(unit_of_measure, by_date[on].values(), lineage.predecessors)
        if one is not None:
            combined.append(one)
        elif why_not is not None:
            unmatched.append(Unmatched(on, why_not, missing))
    return combined, unmatched


@dataclass(frozen=True)
class Combination:
    """What a merged unit's predecessors give a target of the merged unit: one combined reading per date on which
    all of them reported figures that combine (`ref` None: no single measurement is it). With none, `why_not`
    says why (None when no predecessor reported at all) and `missing` names who reported nothing."""

    predecessors: tuple[AdminUnit, ...]
    readings: tuple[Reading, ...] = ()
    why_not: NoCombination | None = None
    missing: tuple[AdminUnit, ...] = ()


def combination(lineage: Lineage, unit_of_measure: str, figures: Iterable[UnitFigure]) -> Combination:
    """The combined readings a target of the merged unit `lineage.unit` may be judged on, from its predecessors'
    `figures` (all on or before the assessment date; figures of other units are ignored). Never one
    predecessor's figure alone: a date on which one of them did not report gives nothing. With none, why the
    newest date any of them reported gives none."""
    combined, unmatched = dated_combination(lineage, unit_of_measure, figures)
    return combination_on(lineage, [figure.reading for figure in combined], unmatched, None)


def unmatched_changes(readings: Sequence[Reading], unmatched: Iterable[Unmatched]) -> list[Unmatched]:
    """Of `dated_combination`'s dates without a figure, those `combination_on` can tell apart: before the first
    combined reading (from it on, the readings answer), the first date of each run with the same reason and the
    same units missing. `combination_on` gives the same with these as with all of them."""
    first = min((r.on for r in readings), default=None)
    kept: list[Unmatched] = []
    for u in unmatched:
        if first is not None and u.on >= first:
            break
        if not kept or (kept[-1].why_not, kept[-1].missing) != (u.why_not, u.missing):
            kept.append(u)
    return kept


def combination_on(
    lineage: Lineage, readings: Iterable[Reading], unmatched: Iterable[Unmatched], as_of: date | None
) -> Combination:
    """`combination` of the figures dated on or before `as_of` (all when None), from `dated_combination` of them
    all: its combined readings up to the day, or else why the last date up to the day gave none."""
    upto = tuple(r for r in readings if as_of is None or r.on <= as_of)
    if upto:
        return Combination(lineage.predecessors, upto)
    last = [u for u in unmatched if as_of is None or u.on <= as_of]
    if not last:
        return Combination(lineage.predecessors)
    return Combination(lineage.predecessors, (), last[-1].why_not, last[-1].missing)


def with_readings(rule: TargetRule, facts: Facts, readings: Iterable[Reading]) -> Facts:
    """The facts of a target's own readings joined with more readings (a merged unit's combined figures), as if
    `facts_of` had seen them all."""
    extra = facts_of(rule, readings)
    if extra.latest is None:
        return facts
    return Facts(
        latest=latest_of(r for r in (facts.latest, extra.latest) if r is not None),
        earliest=earliest_of(r for r in (facts.earliest, extra.earliest) if r is not None),
        met_on_time=facts.met_on_time or extra.met_on_time,
    )


def basis_of(lineage: Lineage, figure_unit_key: str | None) -> Basis | None:
    """The basis of a figure of `figure_unit_key` judging `lineage.unit` (None: a national figure or none)."""
    if figure_unit_key is None:
        return None
    if figure_unit_key == lineage.unit.key:
        return Basis.OWN
    if any(figure_unit_key == u.key for u in lineage.successors):
        return Basis.SUCCESSOR
    if any(figure_unit_key == u.key for u in lineage.predecessors):
        return Basis.PREDECESSOR if not lineage.merged else Basis.COMBINED
    return None


def basis_between(target_unit_key: str | None, figure_unit_key: str | None) -> Basis | None:
    """The basis of a figure judging a target when the figure's unit is the target's or a direct neighbour across
    the reform (as the judging scope guarantees): the unit keys start with their era ("2008-44", "2025-44")."""
    if target_unit_key is None or figure_unit_key is None:
        return None
    if figure_unit_key == target_unit_key:
        return Basis.OWN
    return Basis.SUCCESSOR if figure_unit_key > target_unit_key else Basis.PREDECESSOR
