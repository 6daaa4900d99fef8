"""The pure rules (`indicators/rules/assessment.py`) applied to targets loaded from the database.

What the rules need of a target's measurements on a date are its `assessment.Facts` (latest and earliest judging
figure, met on time). Every target keeps them for "any date on or after its newest figure" in `Target.known_*`
(indicators/state.py), so judging a page of targets, a scorecard or the whole table reads no measurement. Only a
target with a figure dated after the assessment date (a back-dated `as_of`) needs its facts searched in the
measurements: one query for all such targets together, so a page costs at most one query more than loading it.
A merged unit's targets also take what their predecessors' figures combine into (indicators/merged.py): two
queries more for all of them, none on a page without one.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from indicators.lineage import Figures
from indicators.merged import annotations as merged_annotations
from indicators.merged import combinations, merged_series
from indicators.models import Milestone
from indicators.rule_texts import basis_text
from indicators.rules import assessment
from indicators.rules.assessment import Facts, Reading, Thresholds
from indicators.rules.figures import Qualifier
from provinces.models import Province

__all__ = [
    "Judged", "attach_milestones", "decimal_or_none", "judge_one", "judge_targets", "judging_annotations", "judging_basis",
    "known_facts", "known_province_key", "met_on_time_on", "row_facts", "search_facts",
]  # fmt: skip


@dataclass(frozen=True)
class Judged:
    assessment: assessment.Assessment
    latest_province_key: str | None  # the province whose report gave the latest figure; None: national or none
    latest_province_name: str | None = None
    # For a target of a merged unit: what its predecessors' figures give it (indicators/merged.py); else None.
    combination: assessment.Combination | None = None


def judging_basis(target, judged: Judged) -> dict:
    """What the latest figure of `target` stands on, for the explanation: its own unit, its successor (a larger
    area), its single predecessor, or its predecessors' figures combined, with the units named; for a merged
    unit without a figure, why its predecessors' figures gave none; the same in words (`basis_text`, in the
    active language); and whether the target is a district-level one due after the district level was
    abolished. Reads `target.plan.province` (load it)."""
    province = target.plan.province if target.plan.province_id else None
    latest, combination = judged.assessment.latest, judged.combination
    units: tuple[assessment.AdminUnit, ...] = ()
    no_figure = None
    if combination is not None and latest is not None and latest.ref is None:
        basis, unit, units = assessment.Basis.COMBINED, None, combination.predecessors
    else:
        basis = assessment.basis_between(province.key if province else None, judged.latest_province_key)
        unit = judged.latest_province_key if basis is not None else None
        if basis is assessment.Basis.OWN and province is not None:
            units = (assessment.AdminUnit(province.key, province.name),)
        elif unit is not None:
            units = (assessment.AdminUnit(unit, judged.latest_province_name or ""),)
    if combination is not None and latest is None and combination.why_not is not None:
        no_figure = {"why_not": combination.why_not.value, "units": _units(combination.predecessors),
                     "missing": _units(combination.missing)}  # fmt: skip
    return {
        "basis": None if basis is None else basis.value,
        "unit": unit,
        "units": _units(units),
        "no_figure": no_figure,
        "basis_text": basis_text(basis, units, combination if no_figure else None),
        "level_abolished": assessment.level_abolished(target.level, target.deadline),
    }


def _units(units) -> list[dict]:
    return [{"key": u.key, "name": u.name} for u in units]


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


def known_province_key(column: str = "known_latest_province_id", field: str = "key") -> Subquery:
    """Annotation naming the province (its key, or another `field`) whose id is in `column`: by default the
    province of each target's newest figure (`known_latest_province_key`)."""
    return Subquery(Province.objects.filter(pk=OuterRef(column)).order_by().values(field)[:1])


def judging_annotations() -> dict:
    """What `judge_targets` reads of each target besides its fields, to annotate the targets' queryset with: the
    province of its newest figure (key and name), and whether its unit is a merged one (indicators/merged.py)."""
    return {
        "known_latest_province_key": known_province_key(),
        "known_latest_province_name": known_province_key(field="name"),
        **merged_annotations(),
    }


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
    targets,
    as_of: date,
    thresholds: Thresholds,
    figures: str = Figures.APPROVED,
    searched: dict | None = None,
    *,
    keep: bool = False,
) -> dict[int, Judged]:
    """Each target (milestones attached or prefetched) assessed on `as_of` by the pure rules, by id.

    Facts come from the maintained fields, else (a figure dated after `as_of`, or submitted figures counted too:
    the maintained facts are of approved ones) one query over the measurements for the targets left, unless
    `searched` (from `search_facts`) holds them already. With submitted figures the assessment is provisional. A
    merged unit's targets also take the figures their predecessors' figures combine into (indicators/merged.py):
    two to four queries for all of them, none without one; targets loaded without `judging_annotations()` cost one
    query more to tell which they are. `keep`: the caller writes, the targets locked: the combinations it computes
    are stored (`merged.combinations`).
    """
    if not targets:
        return {}
    facts, keys, names, left = {}, {}, {}, []
    submitted = figures == Figures.SUBMITTED
    for target in targets:
        if not submitted and (known := known_facts(target, as_of)) is not None:
            facts[target.pk] = known
            keys[target.pk] = getattr(target, "known_latest_province_key", None)
            names[target.pk] = getattr(target, "known_latest_province_name", None)
        else:
            left.append(target)
    if left:
        if searched is None:
            model = type(left[0])
            found = model.objects.using(left[0]._state.db).filter(pk__in=[target.pk for target in left])
            searched = search_facts(found, as_of, figures)
        for target in left:
            facts[target.pk], keys[target.pk], names[target.pk] = searched[target.pk]
    # A merged unit's targets: its predecessors' figures count only combined (rules.assessment.combination).
    db = targets[0]._state.db
    combined = combinations(merged_series(targets, db), as_of, db, figures, keep=keep)
    judged = {}
    for target in targets:
        rule, combination = target.rule(), combined.get(target.pk)
        own = facts[target.pk]
        judged_facts = own if combination is None else assessment.with_readings(rule, own, combination.readings)
        judged[target.pk] = Judged(
            assessment.judge(rule, judged_facts, as_of, thresholds), keys[target.pk], names[target.pk], combination
        )
    return {pk: provisional(j) for pk, j in judged.items()} if submitted else judged


def judge_one(target, measurements, as_of: date, thresholds: Thresholds, figures: str = Figures.APPROVED) -> Judged:
    """`target` assessed on `as_of` from every one of its judging `measurements` (`lineage.judging_measurements`,
    their provinces loaded) and, for a merged unit's target, its predecessors' figures combined (two queries
    more then; one more without `judging_annotations()`)."""
    db = target._state.db
    combination = combinations(merged_series([target], db), as_of, db, figures).get(target.pk)
    readings = [m.reading() for m in measurements]
    if combination is not None:
        readings += combination.readings
    result = assessment.assess(target.rule(), readings, as_of, thresholds)
    source = next((m for m in measurements if result.latest is not None and m.pk == result.latest.ref), None)
    province = source.province if source is not None and source.province_id else None
    judged = Judged(result, province.key if province else None, province.name if province else None, combination)
    return provisional(judged) if figures == Figures.SUBMITTED else judged


def search_facts(
    targets, as_of: date, figures: str = Figures.APPROVED
) -> dict[int, tuple[Facts, str | None, str | None]]:
    """{id: (facts, the latest figure's province key and name)} of the targets of a queryset, searched in the
    measurements (one query): for the targets whose maintained facts do not hold on `as_of`."""
    rows = targets._facts(as_of, figures).annotate(
        latest_province_key=known_province_key("latest_province_id"),
        latest_province_name=known_province_key("latest_province_id", "name"),
    )
    return {row["id"]: (row_facts(row.get), row["latest_province_key"], row["latest_province_name"]) for row in rows}


def provisional(judged: Judged) -> Judged:
    """The assessment marked provisional: it counts figures not approved yet."""
    return replace(judged, assessment=replace(judged.assessment, provisional=True))


def decimal_or_none(number) -> Decimal | None:
    """SQLite may hand computed decimals back as floats or ints; the rules want Decimals."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(str(number))
