"""A merged unit's targets judged on its predecessors' figures combined (docs/assessment.md, "Merged units").

New Quảng Ngãi (2025-51) is Kon Tum (2008-62) and old Quảng Ngãi (2008-51) together. Before it existed, only its
predecessors reported; a figure of one of them is about a part and never judges the whole (indicators/lineage.py
leaves them out). What the predecessors reported on one date may still be the merged unit's figure when they
combine: that rule is pure, `rules.assessment.combination`. This module only gives it the facts: which targets
belong to a merged unit, its predecessors, and their counting figures on or before the day.

Loading the targets with `annotations()` tells which are a merged unit's without a query; then, for all of them
together, the predecessors, the stored combinations (`CombinedSeries`: what the approved figures combine into,
kept by the writes) and, for the series none answers, their figures; no query when there is no such target.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import router
from django.db.models import Count, DateField, Exists, F, IntegerField, OuterRef, Subquery, Value

from indicators.lineage import Figures, counting
from indicators.rules import assessment
from indicators.rules.figures import Qualifier

__all__ = [
    "Series", "Stored", "annotations", "combinations", "forget", "merged_series", "stored_answers", "windows",
]  # fmt: skip


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
    series: list[Series], as_of: date, db: str, figures: str = Figures.APPROVED, *, keep: bool = False
) -> dict[int, assessment.Combination]:
    """For each target of `series`, by id, what its unit's predecessors' counting figures dated on or before `as_of`
    give it (`rules.assessment.combination`).

    Approved figures' combinations are read from the stored series (`CombinedSeries`, one query) where they answer
    for `as_of`; the others are combined here from the figures (one query more). `keep`: the caller writes, its
    targets locked (indicators/state.py): the series combined here are stored, over all dates, for the next
    judging. Two to four queries, none without a target."""
    if not series:
        return {}
    lineages = _lineages(series, db)
    keys = sorted({_key(s) for s in series})
    done: dict[tuple, assessment.Combination] = {}
    if figures == Figures.APPROVED:
        for key, entry in _stored(keys, db).items():
            done[key] = entry.answer(as_of, lineages[key[0]])
    left = [key for key in keys if key not in done]
    keep = keep and figures == Figures.APPROVED
    reported = _reported(left, lineages, None if keep else as_of, db, figures) if left else {}
    kept = {}
    for key in left:
        lineage, parts = lineages[key[0]], reported.get(key, [])
        if keep:
            # Combined date by date: what the figures up to `as_of` give follows from the whole series.
            kept[key] = Stored.of(lineage, key[3], parts)
            done[key] = kept[key].answer(as_of, lineage)
        else:
            done[key] = assessment.combination(lineage, key[3], parts)
    if kept:
        _store(kept, db)
    return {s.pk: done[_key(s)] for s in series}


def _key(s: Series) -> tuple[int, int, str, str]:
    # Targets of the same unit, indicator, level and unit of measure (two plans of a province) combine the same
    # figures into the same readings: once for all of them.
    return (s.province_id, s.indicator_id, s.level, s.unit)


def _lineages(series: list[Series], db: str) -> dict[int, "_Lineage"]:
    """Each merged unit of `series` with its predecessors, by the unit's id (one query)."""
    rows = (
        _succession()
        .objects.using(db)
        .filter(successor_id__in=sorted({s.province_id for s in series}))
        .order_by("successor_id", "predecessor__code")
        .values_list("successor_id", "successor__key", "successor__name", "predecessor_id", "predecessor__key",
                     "predecessor__name")
    )  # fmt: skip
    units: dict[int, assessment.AdminUnit] = {}
    parts: dict[int, list[tuple[int, assessment.AdminUnit]]] = {}
    for successor, key, name, predecessor, predecessor_key, predecessor_name in rows:
        units[successor] = assessment.AdminUnit(key, name)
        parts.setdefault(successor, []).append((predecessor, assessment.AdminUnit(predecessor_key, predecessor_name)))
    return {
        successor: _Lineage(
            unit,
            predecessors=tuple(u for _, u in parts[successor]),
            predecessor_ids=tuple(p for p, _ in parts[successor]),
        )  # fmt: skip
        for successor, unit in units.items()
    }


@dataclass(frozen=True)
class _Lineage(assessment.Lineage):
    """A merged unit's lineage with its predecessors' ids, in the same order."""

    predecessor_ids: tuple[int, ...] = ()


def _reported(keys, lineages, as_of: date | None, db: str, figures: str) -> dict[tuple, list[assessment.UnitFigure]]:
    """The predecessors' counting figures of each series of `keys`, dated on or before `as_of` (all when None)."""
    Measurement = apps.get_model("indicators", "Measurement")
    provinces = {p for key in keys for p in lineages[key[0]].predecessor_ids}
    found = Measurement.objects.using(db).filter(
        counting(figures),
        province_id__in=sorted(provinces),
        indicator_id__in=sorted({key[1] for key in keys}),
        level__in=sorted({key[2] for key in keys}),
    )
    if as_of is not None:
        found = found.filter(as_of__lte=as_of)
    by_series: dict[tuple, list[tuple]] = {}
    for row in found.values_list("id", "indicator_id", "level", "province_id", "as_of", "value", "qualifier",
                                 "is_estimate", "numerator", "denominator"):  # fmt: skip
        by_series.setdefault(row[1:4], []).append(row)
    result = {}
    for key in keys:
        lineage = lineages[key[0]]
        result[key] = [
            _figure(unit, row)
            for province, unit in zip(lineage.predecessor_ids, lineage.predecessors, strict=True)
            for row in by_series.get((key[1], key[2], province), ())
        ]
    return result


@dataclass(frozen=True)
class Stored:
    """A series' combination over all dates, as stored (`assessment.dated_combination`): the combined readings, and
    why the dates a predecessor reported gave none (those that tell apart, `assessment.unmatched_changes`). It
    answers for any day (`assessment.combination_on`)."""

    readings: tuple[assessment.Reading, ...]
    unmatched: tuple[assessment.Unmatched, ...]

    @classmethod
    def of(cls, lineage: assessment.Lineage, unit: str, parts: list[assessment.UnitFigure]) -> "Stored":
        combined, unmatched = assessment.dated_combination(lineage, unit, parts)
        readings = tuple(figure.reading for figure in combined)
        return cls(readings, tuple(assessment.unmatched_changes(readings, unmatched)))

    def answer(self, as_of: date, lineage: assessment.Lineage) -> assessment.Combination:
        """What the predecessors' figures dated on or before `as_of` combine into."""
        return assessment.combination_on(lineage, self.readings, self.unmatched, as_of)

    def dumps(self) -> str:
        return json.dumps({
            "readings": [[r.on.isoformat(), str(r.value), r.qualifier.value, r.is_estimate, r.seq]
                         for r in self.readings],
            "unmatched": [[u.on.isoformat(), u.why_not.value, [[m.key, m.name] for m in u.missing]]
                          for u in self.unmatched],
        })  # fmt: skip

    @classmethod
    def loads(cls, text: str) -> "Stored | None":
        """The stored series, or None for a row of another shape (written by another version during a deploy)."""
        data = json.loads(text)
        if "unmatched" not in data:
            return None
        readings = tuple(
            assessment.Reading(on=date.fromisoformat(on), value=Decimal(value), qualifier=Qualifier(qualifier),
                               is_estimate=is_estimate, seq=seq)
            for on, value, qualifier, is_estimate, seq in data["readings"]
        )  # fmt: skip
        unmatched = tuple(
            assessment.Unmatched(date.fromisoformat(on), assessment.NoCombination(why_not),
                                 tuple(assessment.AdminUnit(key, name) for key, name in missing))
            for on, why_not, missing in data["unmatched"]
        )  # fmt: skip
        return cls(readings, unmatched)


def stored_answers(units, indicator, level: str, as_of: date, lineages: dict) -> dict[int, assessment.Combination]:
    """What the predecessors of each merged unit of `units` (ids) combine into for `indicator` at `level` on `as_of`,
    by unit id, where a stored series answers (one query, none without a unit): the ranking's merged units."""
    if not units:
        return {}
    keys = [(pk, indicator.pk, level, indicator.unit) for pk in sorted(units)]
    stored = _stored(keys, router.db_for_read(_model()))
    return {key[0]: entry.answer(as_of, lineages[key[0]]) for key, entry in stored.items()}


def windows(units: Iterable[int], indicator, level: str, as_of: date, figures: str) -> dict[int, tuple[date, bool]]:
    """For each merged unit of `units` (ids) whose predecessors reported `indicator` at
    `level` on or before `as_of`: (since, hinted). Its predecessors' figures dated from `since` decide what it can
    claim on `as_of` (`assessment.claim`), provided a combined figure is found among them when `hinted`. One query.

    `since` is the newest date on which every predecessor has a figure with what combining needs
    (`assessment.combining_needs`: no later date can combine, `hinted`), or, when there is none, the newest date
    any of them reported (no date combines: what it reported then is why, `hinted` False); each unit's
    predecessors are read from the successions in the same query. A hinted date may still
    not combine (a later correction of the same date without its counts): the caller reads every figure then.
    Facts only: which dates; the rules decide on the figures."""
    Measurement, Succession = apps.get_model("indicators", "Measurement"), _succession()
    needs = assessment.combining_needs(indicator.unit)

    def figures_of(complete: bool, **lookups):
        found = Measurement.objects.filter(
            counting(figures), indicator=indicator, level=level, as_of__lte=as_of, **lookups
        )
        if complete and needs is assessment.Needs.COUNTS:
            found = found.filter(numerator__isnull=False, denominator__isnull=False)
        return found.order_by()

    # Each search walks one predecessor's figures from the newest down (an index, measurement_lookup or
    # measurement_counted), so it stops at the first date that answers instead of reading every figure.
    theirs = Succession.objects.filter(successor=OuterRef("pk"))
    latest = figures_of(False, province=OuterRef("predecessor")).order_by("-as_of").values("as_of")[:1]
    newest = theirs.annotate(day=Subquery(latest)).order_by(F("day").desc(nulls_last=True)).values("day")[:1]
    # A date of one predecessor's (the first) on which no predecessor lacks a figure.
    has_one = figures_of(True, province=OuterRef("predecessor"), as_of=OuterRef(OuterRef("as_of")))
    lacking = Succession.objects.filter(successor=OuterRef(OuterRef("pk"))).filter(~Exists(has_one))
    complete = (
        figures_of(True, province=OuterRef("driver")).filter(~Exists(lacking)).order_by("-as_of").values("as_of")[:1]
    )
    rows = (
        apps.get_model("provinces", "Province")
        .objects.filter(pk__in=sorted(units))
        .order_by()
        .annotate(
            driver=Subquery(theirs.order_by("predecessor").values("predecessor")[:1]),
            newest=Subquery(newest),
            # Figures that never combine: no date is hinted.
            hinted=Subquery(complete) if needs is not assessment.Needs.NEVER else Value(None, DateField()),
        )
    )
    found = {}
    for pk, newest_day, hinted_day in rows.values_list("pk", "newest", "hinted"):
        if hinted_day is not None:
            found[pk] = (hinted_day, True)
        elif newest_day is not None:
            found[pk] = (newest_day, False)
    return found


def _model():
    return apps.get_model("indicators", "CombinedSeries")


def _stored(keys, db: str) -> dict[tuple, Stored]:
    """The stored combinations of the series `keys` (one query; a superset is read and the rest ignored)."""
    rows = _model().objects.using(db).filter(
        successor_id__in=sorted({k[0] for k in keys}), indicator_id__in=sorted({k[1] for k in keys}),
        level__in=sorted({k[2] for k in keys}), unit__in=sorted({k[3] for k in keys}),
    ).values_list("successor_id", "indicator_id", "level", "unit", "combined")  # fmt: skip
    wanted = set(keys)
    loaded = {row[:4]: Stored.loads(row[4]) for row in rows if row[:4] in wanted}
    return {key: entry for key, entry in loaded.items() if entry is not None}  # another shape: as if missing


def _store(kept: dict[tuple, Stored], db: str) -> None:
    model = _model()
    model.objects.using(db).bulk_create(
        [model(successor_id=s, indicator_id=i, level=level, unit=unit, combined=entry.dumps())
         for (s, i, level, unit), entry in kept.items()],
        update_conflicts=True, unique_fields=["successor", "indicator", "level", "unit"], update_fields=["combined"],
    )  # fmt: skip


def forget(targets, db: str) -> None:
    """Delete the stored combinations of the series of the targets of a queryset: something that may change what
    their unit's predecessors' figures combine into was written (indicators/state.py). One query."""
    mine = targets.order_by().filter(
        plan__province=OuterRef("successor"), indicator=OuterRef("indicator"), level=OuterRef("level")
    )
    _model().objects.using(db).filter(Exists(mine)).delete()


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
