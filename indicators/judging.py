"""The pure rules (`indicators/rules/assessment.py`) applied to targets loaded from the database.

What the rules need of a target's measurements on a date are its `assessment.Facts` (latest and earliest judging
figure, met on time). Every target keeps them for "any date on or after its newest figure" in `Target.known_*`
(indicators/state.py), so judging a page of targets, a scorecard or the whole table reads no measurement. Only a
target with a figure dated after the assessment date (a back-dated `as_of`) needs its facts searched in the
measurements: one query for all such targets together, so a page costs at most one query more than loading it.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from indicators.lineage import Figures
from indicators.models import Milestone
from indicators.rules import assessment
from indicators.rules.assessment import Facts, Reading, Thresholds
from indicators.rules.figures import Qualifier
from provinces.models import Province

__all__ = [
    "Judged", "attach_milestones", "decimal_or_none", "judge_targets", "known_facts", "known_province_key",
    "met_on_time_on", "row_facts", "search_facts",
]  # fmt: skip


@dataclass(frozen=True)
class Judged:
    assessment: assessment.Assessment
    latest_province_key: str | None  # the province whose report gave the latest figure; None: national or none


def judging_basis(target, latest_province_key: str | None) -> dict:
    """What the latest figure of `target` stands on (assessment.basis_between), for the explanation: own unit,
    its successor (a larger area) or its single predecessor, with the unit named; and whether the target is a
    district-level one due after the district level was abolished. Reads `target.plan.province` (load it)."""
    province = target.plan.province if target.plan.province_id else None
    basis = assessment.basis_between(province.key if province else None, latest_province_key)
    return {
        "basis": None if basis is None else basis.value,
        "unit": latest_province_key if basis is not None else None,
        "level_abolished": assessment.level_abolished(target.level, target.deadline),
    }


def attach_milestones(targets) -> list:
    """Read the milestones of all `targets` in one query and attach them (`Target.milestone_points`), by date.

    Cheaper than `prefetch_related`, which builds a queryset and a model instance per target and milestone: for a
    scorecard of 600 targets that cost more than judging them."""
    targets = list(targets)
    if not targets:
        return targets
    points: dict[int, list] = {target.pk: [] for target in targets}
    rows = (
        Milestone.objects.using(targets[0]._state.db)
        .filter(target_id__in=list(points))
        .order_by("target_id", "on")
        .values_list("target_id", "on", "value")
    )
    for target_id, on, value in rows:
        points[target_id].append(assessment.Milestone(on, value))
    for target in targets:
        target.attached_milestones = tuple(points[target.pk])
    return targets


def known_province_key(column: str = "known_latest_province_id") -> Subquery:
    """Annotation naming the province (its key) whose id is in `column`: by default the province of each target's
    newest figure (`known_latest_province_key`)."""
    return Subquery(Province.objects.filter(pk=OuterRef(column)).values("key")[:1])


def known_facts(target, as_of: date) -> Facts | None:
    """The facts of `target` on `as_of` from its maintained fields; None when a figure is dated after `as_of`."""
    if target.known_latest_id is None:
        return Facts()
    if target.known_latest_as_of > as_of:
        return None
    latest = Reading(
        on=target.known_latest_as_of, value=target.known_latest_value,
        qualifier=Qualifier(target.known_latest_qualifier), is_estimate=bool(target.known_latest_is_estimate),
        seq=target.known_latest_id, ref=target.known_latest_id,
    )  # fmt: skip
    earliest = Reading(
        on=target.known_earliest_as_of, value=target.known_earliest_value,
        qualifier=Qualifier(target.known_earliest_qualifier),
    )  # fmt: skip
    return Facts(latest=latest, earliest=earliest, met_on_time=bool(target.known_met_on_time))


def row_facts(get) -> Facts:
    """Facts from the values of `Target.objects._facts()`; `get(name)` reads one."""
    if get("latest_id") is None:
        return Facts()
    latest = Reading(
        on=get("latest_as_of"), value=decimal_or_none(get("latest_value")),
        qualifier=Qualifier(get("latest_qualifier")), is_estimate=bool(get("latest_is_estimate")),
        seq=get("latest_id"), ref=get("latest_id"),
    )  # fmt: skip
    earliest = Reading(
        on=get("earliest_as_of"), value=decimal_or_none(get("earliest_value")),
        qualifier=Qualifier(get("earliest_qualifier")),
    )  # fmt: skip
    return Facts(latest=latest, earliest=earliest, met_on_time=bool(get("met_on_time")))


def met_on_time_on(rule: assessment.TargetRule, latest: Reading, met_by_deadline: bool, as_of: date) -> bool:
    """`Facts.met_on_time` on `as_of` without reading every figure, from the latest figure on or before `as_of` and
    the maintained `known_met_on_time` (some figure, of any date, met the target by its deadline).

    From the deadline on, every figure dated by the deadline is on or before `as_of`: the maintained fact is it.
    Before the deadline: whether the latest figure meets the target. That may say False where an older figure met
    it, but the rules read `met_on_time` only for an achieved target, whose latest figure meets it; there both are
    exact (tests/indicators/test_parity.py checks whole assessments)."""
    if as_of >= rule.deadline:
        return met_by_deadline
    return assessment.is_met(rule, latest.value, latest.qualifier)


def judge_targets(
    targets, as_of: date, thresholds: Thresholds, figures: str = Figures.APPROVED, searched: dict | None = None
) -> dict[int, Judged]:
    """Each target (milestones attached or prefetched) assessed on `as_of` by the pure rules, by id.

    Facts come from the maintained fields, else (a figure dated after `as_of`, or submitted figures counted too:
    the maintained facts are of approved ones) one query over the measurements for the targets left, unless
    `searched` (from `search_facts`) holds them already. With submitted figures the assessment is provisional.
    """
    facts, keys, left = {}, {}, []
    submitted = figures == Figures.SUBMITTED
    for target in targets:
        if not submitted and (known := known_facts(target, as_of)) is not None:
            facts[target.pk] = known
            keys[target.pk] = getattr(target, "known_latest_province_key", None)
        else:
            left.append(target)
    if left:
        if searched is None:
            model = type(left[0])
            found = model.objects.using(left[0]._state.db).filter(pk__in=[target.pk for target in left])
            searched = search_facts(found, as_of, figures)
        for target in left:
            facts[target.pk], keys[target.pk] = searched[target.pk]
    judged = {
        target.pk: Judged(assessment.judge(target.rule(), facts[target.pk], as_of, thresholds), keys[target.pk])
        for target in targets
    }
    return {pk: provisional(j) for pk, j in judged.items()} if submitted else judged


def search_facts(targets, as_of: date, figures: str = Figures.APPROVED) -> dict[int, tuple[Facts, str | None]]:
    """{id: (facts, the latest figure's province key)} of the targets of a queryset, searched in the measurements
    (one query): for the targets whose maintained facts do not hold on `as_of`."""
    rows = targets._facts(as_of, figures).annotate(latest_province_key=known_province_key("latest_province_id"))
    return {row["id"]: (row_facts(row.get), row["latest_province_key"]) for row in rows}


def provisional(judged: Judged) -> Judged:
    """The assessment marked provisional: it counts figures not approved yet."""
    return replace(judged, assessment=replace(judged.assessment, provisional=True))


def decimal_or_none(number) -> Decimal | None:
    """SQLite may hand computed decimals back as floats or ints; the rules want Decimals."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(str(number))
