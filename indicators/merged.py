"""A merged unit's targets judged on its predecessors' figures combined (docs/assessment.md, "Merged units").

New Quảng Ngãi (2025-51) is Kon Tum (2008-62) and old Quảng Ngãi (2008-51) together. Before it existed, only its
predecessors reported; a figure of one of them is about a part and never judges the whole (indicators/lineage.py
leaves them out). What the predecessors reported on one date may still be the merged unit's figure when they
combine: that rule is pure, `rules.assessment.combination`. This module only gives it the facts: which targets
belong to a merged unit, its predecessors, and their counting figures on or before the day.

Loading the targets with `annotations()` tells which are a merged unit's without a query; then two queries for
all of them together (the predecessors, their figures), and none when there is no such target.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, F, IntegerField, OuterRef, Subquery

from indicators.lineage import Figures, counting
from indicators.rules import assessment
from indicators.rules.figures import Qualifier

__all__ = ["Series", "annotations", "combinations", "merged_series"]


def _succession():
    return apps.get_model("provinces", "Succession")


def annotations() -> dict:
    """Annotations of a target queryset naming its plan's province and how many predecessors that unit has."""
    count = (
        _succession()
        .objects.filter(successor=OuterRef("plan__province"))
        .order_by()
        .values("successor")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return {"plan_province_id": F("plan__province"), "plan_predecessors": Subquery(count, output_field=IntegerField())}


@dataclass(frozen=True)
class Series:
    """What the combination needs of one target of a merged unit."""

    pk: int
    province_id: int
    indicator_id: int
    level: str
    unit: str


def merged_series(targets, db: str) -> list[Series]:
    """The targets (instances) of merged units. Reads `annotations()`; the targets loaded without them are looked
    up in one query together."""
    known = {t.pk: (t.plan_province_id, t.plan_predecessors) for t in targets if hasattr(t, "plan_predecessors")}
    plain = [t.pk for t in targets if t.pk not in known]
    if plain:
        Target = apps.get_model("indicators", "Target")
        rows = Target.objects.using(db).filter(pk__in=plain).annotate(**annotations())
        known.update(
            (pk, (province, n)) for pk, province, n in rows.values_list("pk", "plan_province_id", "plan_predecessors")
        )
    return [Series(t.pk, known[t.pk][0], t.indicator_id, t.level, t.unit) for t in targets if (known[t.pk][1] or 0) > 1]


def combinations(
    series: list[Series], as_of: date, db: str, figures: str = Figures.APPROVED
) -> dict[int, assessment.Combination]:
    """For each target of `series`, by id, what its unit's predecessors' counting figures dated on or before `as_of`
    give it (`rules.assessment.combination`). Two queries, none without a target."""
    if not series:
        return {}
    predecessors: dict[int, list[tuple[int, assessment.AdminUnit]]] = {}
    units: dict[int, assessment.AdminUnit] = {}
    rows = (
        _succession()
        .objects.using(db)
        .filter(successor_id__in=sorted({s.province_id for s in series}))
        .order_by("successor_id", "predecessor__code")
        .values_list(
            "successor_id",
            "successor__key",
            "successor__name",
            "predecessor_id",
            "predecessor__key",
            "predecessor__name",
        )
    )
    for successor, key, name, predecessor, predecessor_key, predecessor_name in rows:
        units[successor] = assessment.AdminUnit(key, name)
        predecessors.setdefault(successor, []).append(
            (predecessor, assessment.AdminUnit(predecessor_key, predecessor_name))
        )
    Measurement = apps.get_model("indicators", "Measurement")
    found = (
        Measurement.objects.using(db)
        .filter(
            counting(figures),
            province_id__in=sorted({p for parts in predecessors.values() for p, _ in parts}),
            indicator_id__in=sorted({s.indicator_id for s in series}),
            level__in=sorted({s.level for s in series}),
            as_of__lte=as_of,
        )
        .values_list(
            "id",
            "indicator_id",
            "level",
            "province_id",
            "as_of",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
        )
    )
    by_series: dict[tuple, list[tuple]] = {}
    for row in found:
        by_series.setdefault(row[1:4], []).append(row)
    # Targets of the same unit, indicator, level and unit of measure (two plans of a province) combine the same
    # figures into the same readings: once for all of them.
    result, done = {}, {}
    for s in series:
        key = (s.province_id, s.indicator_id, s.level, s.unit)
        if key not in done:
            parts = predecessors.get(s.province_id, [])
            lineage = assessment.Lineage(units[s.province_id], predecessors=tuple(unit for _, unit in parts))
            reported = [
                _figure(unit, row)
                for province, unit in parts
                for row in by_series.get((s.indicator_id, s.level, province), ())
            ]
            done[key] = assessment.combination(lineage, s.unit, reported)
        result[s.pk] = done[key]
    return result


def _figure(unit: assessment.AdminUnit, row: tuple) -> assessment.UnitFigure:
    pk, _, _, _, on, value, qualifier, is_estimate, numerator, denominator = row
    reading = assessment.Reading(
        on=on, value=_decimal(value), qualifier=Qualifier(qualifier), is_estimate=bool(is_estimate), seq=pk, ref=pk
    )
    return assessment.UnitFigure(unit, reading, _decimal(numerator), _decimal(denominator))


def _decimal(number) -> Decimal | None:
    """SQLite may hand decimals back as floats or ints; the rules want Decimals."""
    if number is None or isinstance(number, Decimal):
        return number
    return Decimal(str(number))
