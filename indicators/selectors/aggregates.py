"""Selectors for the aggregate views: scorecards, a cross-province ranking and a target's series.

Read-only query functions. Each runs a fixed number of queries whatever the number of targets,
provinces or measurements: each target is assessed by the pure rules from its maintained facts
(indicators/judging.py) and the counts are added up in Python from the same rows. The HTTP layer is
`indicators/api/views/aggregates.py`; the choices made here (which plans a province scorecard covers, how ties
rank) are in docs/aggregates.md. Over 400 lines: the four views' reads share their result types and their
judging of rows; split when a fifth aggregate comes.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import reduce
from operator import or_

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from indicators import cards, merged
from indicators.conf import thresholds
from indicators.judging import attach_milestones, judge_targets, judging_annotations
from indicators.lineage import Figures, counting, judging_measurements
from indicators.models import Direction, Indicator, Measurement, Plan, Target
from indicators.rules import assessment
from indicators.rules.assessment import SHOWN, Milestone, Status, expected_segment, path_points
from indicators.rules.figures import Qualifier
from indicators.state import basis, stored_holds
from provinces.models import Era, Province, Succession

__all__ = [
    "Latest",
    "PathPoint",
    "PlanGroup",
    "PlanScorecard",
    "ProvinceScorecard",
    "Ranking",
    "RankingEntry",
    "Tally",
    "TargetSeries",
    "era_on",
    "expected_value",
    "indicator_ranking",
    "judged_targets",
    "plan_scorecard",
    "province_scorecard",
    "series_target",
    "status_counts",
    "target_series",
]

TARGET_ORDER = ("deadline", "indicator__code", "level", "id")


@dataclass(frozen=True)
class Latest:
    """The measurement a target is judged on (None when there is none on or before as_of)."""

    id: int
    as_of: date
    value: Decimal
    qualifier: str
    is_estimate: bool
    province: str | None  # key of the province whose report gave the figure; None for a national or combined figure
    cohort: int | None = None  # a rank's number of units (63 or 34)
    basis: str | None = None  # assessment.Basis: own, successor, predecessor, combined
    units: tuple[str, ...] = ()  # the keys of the units the figure comes from


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]
    total: int
    share_achieved: Decimal | None


@dataclass(frozen=True)
class PlanScorecard:
    plan: Plan
    as_of: date
    tally: Tally
    targets: list[Target]


@dataclass(frozen=True)
class PlanGroup:
    plan: Plan
    tally: Tally
    targets: list[Target]


@dataclass(frozen=True)
class ProvinceScorecard:
    province: Province
    as_of: date
    included: list[Province]  # the province first, then its predecessors by code
    tally: Tally
    plans: list[PlanGroup]
    plan_statuses: list[str] = field(default_factory=lambda: [Plan.Status.IN_FORCE.value])  # the plans counted


@dataclass(frozen=True)
class RankingEntry:
    province: Province
    rank: int | None
    latest: Latest | None
    claim: assessment.Claim | None = None
    not_ranked: str | None = None  # "other_cohort": a rank of another era's cohort, shown but not compared


@dataclass(frozen=True)
class Ranking:
    indicator: Indicator
    as_of: date
    level: str
    era: str
    entries: list[RankingEntry]
    ranked: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "ranked", sum(entry.rank is not None for entry in self.entries))


@dataclass(frozen=True)
class PathPoint:
    on: date
    value: Decimal
    kind: str  # "reference", "milestone" or "target"


@dataclass(frozen=True)
class CombinedFigure:
    """A figure of a merged unit combined from its predecessors' figures of one date (indicators/merged.py)."""

    as_of: date
    value: Decimal
    qualifier: str
    is_estimate: bool
    units: tuple[assessment.AdminUnit, ...]


@dataclass(frozen=True)
class SeriesProvince:
    key: str


@dataclass(frozen=True)
class SeriesFigure:
    """A measurement as the series lists it: plain values, no model instance (a series has hundreds)."""

    id: int
    report_id: int
    as_of: date
    value: Decimal
    qualifier: str
    is_estimate: bool
    value_text: str
    province: SeriesProvince | None  # None: national


@dataclass(frozen=True)
class TargetSeries:
    target: Target
    as_of: date
    reference: dict | None  # {"date", "value", "source": "baseline" | "earliest_measurement"}
    path: list[PathPoint]
    expected_value: Decimal | None
    measurements: list[SeriesFigure]
    continued: list[Target] = field(default_factory=list)  # the targets it continues, newest first (`continues`)
    combined: list[CombinedFigure] = field(default_factory=list)  # a merged unit's predecessors' figures combined


def status_counts(statuses) -> Tally:
    """Counts per status (every Status present, zeros included), the total and the share achieved."""
    counted = Counter(statuses)
    counts = {status.value: counted.get(status.value, 0) for status in Status}
    total = sum(counts.values())
    share = None
    if total:
        share = (Decimal(counts[Status.ACHIEVED.value]) / Decimal(total)).quantize(SHOWN, ROUND_HALF_EVEN)
    return Tally(counts=counts, total=total, share_achieved=share)


def judged_targets(
    targets: QuerySet, as_of: date, *, use_stored: bool = False, figures: str = Figures.APPROVED
) -> list[Target]:
    """`targets` with their indicator, each assessed on `as_of`, the result set on it as the scorecard serializer
    reads it: from today's stored assessment when `use_stored` and it holds for `as_of` (indicators/state.py), else
    by the pure rules from the maintained facts (indicators/judging.py; `row.judged` is then set too). Two or three
    queries (one more when a target has a figure dated after `as_of`)."""
    th = thresholds()
    # The stored assessment is of approved figures only.
    stored = use_stored and figures == Figures.APPROVED and stored_holds(as_of, th, using=targets.db)
    rows = list(targets.select_related("indicator").annotate(**judging_annotations()).order_by(*TARGET_ORDER))
    to_judge = rows
    if stored:
        # The stored columns hold the assessment on as_of; the latest figure shown is the maintained one unless a
        # figure dated after as_of exists, or the target is a merged unit's (its latest figure may be its
        # predecessors' combined, which no maintained column holds): those few targets are judged instead.
        to_judge = [
            row
            for row in rows
            if (row.known_latest_as_of is not None and row.known_latest_as_of > as_of)
            or (row.plan_predecessors or 0) > 1
        ]
        for row in rows:
            _set_from_stored(row, as_of)
    judged = judge_targets(attach_milestones(to_judge), as_of, th, figures)
    for row in to_judge:
        _set_from_judged(row, judged[row.pk])
    return rows


def _set_from_stored(row: Target, as_of: date) -> None:
    row.status, row.deadline_status, row.gap = row.known_status, row.known_deadline_status, row.known_gap
    row.days_remaining = (row.deadline - as_of).days
    row.provisional, row.declining = row.known_provisional, row.known_declining
    row.latest = None
    if row.known_latest_id is not None:
        row.latest = Latest(
            id=row.known_latest_id,
            as_of=row.known_latest_as_of,
            value=row.known_latest_value,
            qualifier=row.known_latest_qualifier,
            is_estimate=bool(row.known_latest_is_estimate),
            province=row.known_latest_province_key,
        )


def _set_from_judged(row: Target, judged) -> None:
    result = judged.assessment
    row.judged = judged
    row.status, row.deadline_status, row.gap = result.status.value, result.deadline_status.value, result.gap
    row.days_remaining, row.provisional, row.declining = result.days_remaining, result.provisional, result.declining
    latest = result.latest
    row.latest = None
    if latest is not None:
        row.latest = Latest(
            id=latest.ref,
            as_of=latest.on,
            value=latest.value,
            qualifier=latest.qualifier.value,
            is_estimate=latest.is_estimate,
            province=judged.latest_province_key,
        )


def _ready_or_judged(targets: QuerySet, as_of: date, figures: str) -> list:
    """The scorecard's targets from their cards when every one holds for `as_of` and the answer counts approved
    figures in the cards' language (indicators/cards.py: one query, no model instances), else judged
    (`judged_targets`)."""
    if figures == Figures.APPROVED and cards.in_card_language():
        ready = cards.scorecard_rows(targets, TARGET_ORDER, basis(as_of, thresholds()))
        if ready is not None:
            return ready
    return judged_targets(targets, as_of, use_stored=True, figures=figures)


def plan_scorecard(plan: Plan, *, as_of: date, figures: str = Figures.APPROVED) -> PlanScorecard:
    """Every target of `plan` assessed on `as_of`, with counts per status. Two queries on the stored day, three
    on another (`judged_targets`)."""
    targets = _ready_or_judged(Target.objects.filter(plan=plan), as_of, figures)
    return PlanScorecard(plan=plan, as_of=as_of, tally=status_counts(t.status for t in targets), targets=targets)


def province_scorecard(
    province: Province, *, as_of: date, figures: str = Figures.APPROVED, plan_statuses=(Plan.Status.IN_FORCE,)
) -> ProvinceScorecard:
    """The targets of the plans of `province` and of its predecessors (one step back: for a 2025-era
    unit, the 2008-era units merged into it), of the plans whose status is in `plan_statuses` (by default those in
    force: a draft or a superseded plan counts only when asked for). Successors are not included. Four or five
    queries."""
    predecessors = list(Province.objects.filter(successor_links__successor=province).order_by("code"))
    included = [province, *predecessors]
    plan_statuses = sorted(plan_statuses)
    plans = list(
        Plan.objects.filter(province__in=included, status__in=plan_statuses)
        .select_related("province")
        .order_by(F("issued_on").desc(nulls_last=True), "id")
    )
    by_plan: dict[int, list[Target]] = {plan.pk: [] for plan in plans}
    in_plans = Target.objects.filter(plan__province__in=included, plan__status__in=plan_statuses)
    for target in _ready_or_judged(in_plans, as_of, figures):
        by_plan[target.plan_id].append(target)
    groups = [
        PlanGroup(plan=plan, tally=status_counts(t.status for t in by_plan[plan.pk]), targets=by_plan[plan.pk])
        for plan in plans
    ]
    tally = status_counts(t.status for group in groups for t in group.targets)
    return ProvinceScorecard(
        province=province,
        as_of=as_of,
        included=included,
        tally=tally,
        plans=groups,
        plan_statuses=[str(s) for s in plan_statuses],
    )


def era_on(day: date) -> str:
    """The era of the division in force on `day`."""
    return Era.FROM_2025.value if day >= date(2025, 7, 1) else Era.PRE_2025.value


# How many units each era ranks among: a rank figure without its cohort ("thứ 3") is counted among its own era's.
ERA_SIZE = {Era.PRE_2025.value: 63, Era.FROM_2025.value: 34}


def indicator_ranking(
    indicator: Indicator, *, as_of: date, level: str, era: str, figures: str = Figures.APPROVED
) -> Ranking:
    """The provinces of `era` ranked by the latest figure each can claim of `indicator` at `level` on or before
    `as_of`, best first (the indicator's direction), with competition ranking: equal values share a rank
    and the next rank skips (1, 2, 2, 4); qualifiers are shown but do not break ties. No figure: rank None, last.

    Which figures a unit can claim is the reform rule of `assessment.claim`: its own; for a 2025-era unit with one
    predecessor, that predecessor's; for a merged unit, its predecessors' figures of one date combined when they
    combine (never one predecessor's alone). A rank figure carries its cohort (63 or 34) and is ranked only among
    figures of the era's cohort; one of another cohort is shown, unranked (`not_ranked`). Six queries at most:
    the successions; the units with the id of their latest figure (the era's, and the single predecessors they
    inherit from); a merged unit's stored combination of its predecessors' figures (indicators/merged.py); those
    latest figures; for the merged units no stored combination answers for, the date from which their
    predecessors' figures decide (`merged.windows`), and those figures. A seventh reads every figure of a merged
    unit whose newest complete date did not combine after all (a correction without its counts).
    """
    links: dict[int, list[int]] = {}  # a unit's predecessors' ids, by code
    predecessor_ids: dict[int, assessment.AdminUnit] = {}
    rows = Succession.objects.filter(successor__era=era).order_by("predecessor__code")
    for successor_id, predecessor_id, key, name in rows.values_list(
        "successor_id", "predecessor_id", "predecessor__key", "predecessor__name"
    ):
        links.setdefault(successor_id, []).append(predecessor_id)
        predecessor_ids[predecessor_id] = assessment.AdminUnit(key, name)
    inheriting = {pk for parts in links.values() if len(parts) == 1 for pk in parts}
    latest = (
        Measurement.objects.filter(province=OuterRef("pk"), indicator=indicator, level=level, as_of__lte=as_of)
        .filter(counting(figures))
        .order_by("-as_of", "-id")
    )
    # The unit's own latest figure, and that of a single predecessor it inherits from: the latest of each is all
    # `assessment.claim` can pick between.
    units = list(
        Province.objects.filter(Q(era=era) | Q(pk__in=sorted(inheriting)))
        .annotate(latest_id=Subquery(latest.values("id")[:1]))
        .order_by("code")
    )
    provinces = [p for p in units if p.era == era]
    keys = {p.pk: assessment.AdminUnit(p.key, p.name) for p in provinces}
    keys.update(predecessor_ids)
    # A merged unit's predecessors' figures combined: stored by the writes for its targets' series
    # (indicators/merged.py); the others are combined here from all their figures.
    merged_units = {pk: parts for pk, parts in links.items() if len(parts) > 1}
    lineages = {pk: assessment.Lineage(keys[pk], predecessors=tuple(keys[p] for p in parts))
                for pk, parts in merged_units.items()}  # fmt: skip
    combined = (
        merged.stored_answers(merged_units, indicator, level, as_of, lineages) if figures == Figures.APPROVED else {}
    )
    columns = ("id", "province_id", "as_of", "value", "qualifier", "is_estimate", "numerator", "denominator")
    chosen = [p.latest_id for p in units if p.latest_id is not None]
    by_province: dict[int, list] = {}
    for row in Measurement.objects.filter(id__in=chosen).values_list(*columns) if chosen else ():
        by_province.setdefault(row[1], []).append(row)
    # The others': only their figures from the date that decides (merged.windows), not every figure they have.
    combining = {pk: parts for pk, parts in merged_units.items() if pk not in combined}
    since = merged.windows(combining, indicator, level, as_of, figures) if combining else {}
    theirs = Measurement.objects.filter(counting(figures), indicator=indicator, level=level, as_of__lte=as_of)
    window = [Q(province__in=combining[pk], as_of__gte=day) for pk, (day, _) in since.items()]
    for row in theirs.filter(reduce(or_, window)).values_list(*columns) if window else ():
        by_province.setdefault(row[1], []).append(row)

    def unit_figure(row) -> assessment.UnitFigure:
        reading = assessment.Reading(
            on=row[2], value=row[3], qualifier=Qualifier(row[4]), is_estimate=row[5], seq=row[0], ref=row[0]
        )
        return assessment.UnitFigure(keys[row[1]], reading, row[6], row[7])

    # A hinted date that did not combine after all: that unit's every figure is read (one query more, rarely).
    short = [
        pk for pk, (_, hinted) in since.items()
        if hinted and not assessment.combination(
            lineages[pk], indicator.unit, [unit_figure(row) for p in combining[pk] for row in by_province.get(p, ())]
        ).readings
    ]  # fmt: skip
    again = sorted(p for pk in short for p in combining[pk])
    for p in again:
        by_province.pop(p, None)
    for row in theirs.filter(province__in=again).values_list(*columns) if again else ():
        by_province.setdefault(row[1], []).append(row)

    era_cohort = ERA_SIZE.get(era)
    with_data, without = [], []
    for province in provinces:
        parts = links.get(province.pk, [])
        lineage = lineages.get(province.pk) or assessment.Lineage(
            keys[province.pk], predecessors=tuple(keys[pk] for pk in parts)
        )
        if province.pk in combined:
            own = [unit_figure(row) for row in by_province.get(province.pk, ())]
            claimed = assessment.claim_combined(lineage, own, combined[province.pk])
        else:
            claimable = [unit_figure(row) for pk in (province.pk, *parts) for row in by_province.get(pk, ())]
            claimed = assessment.claim(lineage, indicator.unit, claimable)
        province.claim = claimed
        province.latest = None
        if claimed.figure is None:
            without.append(province)
            continue
        figure = claimed.figure
        cohort = assessment.cohort(figure, indicator.unit)
        if indicator.unit == assessment.RANK_UNIT and cohort is None:
            cohort = ERA_SIZE.get(figure.unit.key.split("-")[0]) if claimed.basis != assessment.Basis.COMBINED else None
        province.latest = Latest(
            id=figure.reading.ref,
            as_of=figure.reading.on,
            value=figure.reading.value,
            qualifier=figure.reading.qualifier.value,
            is_estimate=figure.reading.is_estimate,
            province=figure.unit.key if claimed.basis != assessment.Basis.COMBINED else None,
            cohort=cohort,
            basis=claimed.basis.value,
            units=tuple(u.key for u in claimed.units),
        )
        province.latest_value = figure.reading.value
        if indicator.unit == assessment.RANK_UNIT and cohort != era_cohort:
            province.not_ranked = "other_cohort"  # ranks among 63 units are not compared with ranks among 34
            without.append(province)
            continue
        with_data.append(province)
    lower_is_better = indicator.direction == Direction.LOWER
    # Python's sort is stable: equal values stay in code order.
    with_data.sort(key=lambda p: p.latest_value, reverse=not lower_is_better)
    entries, previous = [], None
    for position, province in enumerate(with_data, start=1):
        if previous is None or province.latest_value != previous.latest_value:
            rank = position
        entries.append(RankingEntry(province=province, rank=rank, latest=province.latest, claim=province.claim))
        previous = province
    entries += [
        RankingEntry(
            province=province,
            rank=None,
            latest=province.latest,
            claim=province.claim,
            not_ranked=getattr(province, "not_ranked", None),
        )
        for province in without
    ]
    return Ranking(indicator=indicator, as_of=as_of, level=level, era=era, entries=entries)


def series_target(target_id: int, *, as_of: date, figures: str = Figures.APPROVED) -> Target:
    """The target assessed on `as_of`, with its plan, indicator and milestones. Raises Target.DoesNotExist."""
    targets = judged_targets(
        Target.objects.filter(pk=target_id).select_related("plan__province"), as_of, figures=figures
    )
    if not targets:
        raise Target.DoesNotExist(f"no target {target_id}")
    return targets[0]


def target_series(target: Target, *, as_of: date, figures: str = Figures.APPROVED) -> TargetSeries:
    """The measurements that judge `target` on `as_of` (`lineage.judging_measurements`, counting `figures`), by
    date, and the expected path. `target` comes from `series_target` (its plan loaded). One query, and two more for
    each target it continues (`Target.continues`: a target of an earlier plan or unit), whose figures join the
    series so that it survives a change of plan or of unit."""
    measurements = {f.id: f for f in _series_figures(target, as_of, figures)}
    continued, seen, earlier = [], {target.pk}, target.continues_id
    while earlier is not None and earlier not in seen:  # a chain of plans is short; `seen` stops a loop
        previous = Target.objects.select_related("plan__province").get(pk=earlier)
        continued.append(previous)
        seen.add(previous.pk)
        measurements.update((f.id, f) for f in _series_figures(previous, as_of, figures))
        earlier = previous.continues_id
    measurements = sorted(measurements.values(), key=lambda f: (f.as_of, f.id))
    rule = target.rule()
    reference = target.judged.assessment.explanation.get("reference")
    if reference is None:
        inner = sorted((m for m in rule.milestones if m.on < rule.deadline), key=lambda m: m.on)
        points = [*inner, Milestone(rule.deadline, rule.value)]
        path = [PathPoint(p.on, p.value, "milestone") for p in inner]
        expected = None
    else:
        points = path_points(rule, reference["date"], reference["value"])
        path = [PathPoint(points[0].on, points[0].value, "reference")]
        path += [PathPoint(p.on, p.value, "milestone") for p in points[1:-1]]
        expected = expected_value(points, as_of)
    path.append(PathPoint(points[-1].on, points[-1].value, "target"))
    combination = target.judged.combination
    combined = [
        CombinedFigure(r.on, r.value, r.qualifier.value, r.is_estimate, combination.predecessors)
        for r in (combination.readings if combination is not None else ())
    ]
    return TargetSeries(
        target=target,
        as_of=as_of,
        reference=reference,
        path=path,
        expected_value=expected,
        measurements=measurements,
        continued=continued,
        combined=combined,
    )


def _series_figures(target: Target, as_of: date, figures: str) -> list[SeriesFigure]:
    """`lineage.judging_measurements` of `target` as plain values (one query)."""
    rows = judging_measurements(target, as_of, figures).values_list(
        "id", "report_id", "as_of", "value", "qualifier", "is_estimate", "value_text", "province__key"
    )
    return [
        SeriesFigure(pk, report, on, value, qualifier, is_estimate, text, None if key is None else SeriesProvince(key))
        for pk, report, on, value, qualifier, is_estimate, text, key in rows
    ]


def expected_value(points: list[Milestone], as_of: date) -> Decimal:
    """The expected value on `as_of`: linear along the path; before its start, the reference; after the
    deadline, the target."""
    start, end = expected_segment(points, as_of)
    if end is None:
        return start.value
    share = Decimal((as_of - start.on).days) / Decimal((end.on - start.on).days)
    return (start.value + (end.value - start.value) * share).quantize(SHOWN, ROUND_HALF_EVEN)
