"""Province lineage: which provinces' measurements judge a target, and which targets a province's figures judge.

The 2025 reform merged provinces (`provinces.Succession`: predecessor -> successor), which split each province's
history in two: figures reported by the pre-2025 units, and figures of the unit they were merged into. So a
target of a province's plan is judged by the measurements of

- that province,
- its predecessor, when it has a single one (unchanged borders: Quảng Ninh 2008-22 → 2025-22); the predecessors of
  a merged unit (Kon Tum + Quảng Ngãi → Quảng Ngãi 2025-51) never judge it one by one: a part does not stand for
  the whole; their figures count only combined (the rules `rules.assessment.combination` and `claim`, applied to
  targets by indicators/merged.py and by the ranking), and
- its successors (the unit it was merged into: a larger area; the explanation says so),

and a target of a national plan (no province) by national measurements only. Only direct successions count (a
reform is one step; there is no chain). `in_lineage` without `judging` is the whole family (predecessors included),
for listing a province's rows with its predecessors'.

Every read and write asks this module, in the form it needs:

- Python sets, for code that holds many targets in memory: `lineage_map` (one query) and `lineage_of`;
- SQL conditions without a query of their own: `in_lineage` (a province known in Python) and `LinkedProvinces`
  (a province taken from the outer query, as index searches);
- the measurements themselves: `judging_measurements` (one target) and `judging_outer_target` (correlated to an
  outer query of targets), both counting only the figures `counting()` admits (docs/reporting.md): approved ones,
  or with `figures=submitted` submitted ones too; never drafts, returned or deleted reports.
"""

from collections.abc import Mapping
from datetime import date

from django.apps import apps
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from indicators.rules.cycle import Standing

__all__ = [
    "Figures",
    "LinkedProvinces",
    "counting",
    "in_lineage",
    "judging_measurements",
    "judging_outer_target",
    "lineage_map",
    "lineage_of",
    "single_predecessor",
]


def _succession():
    return apps.get_model("provinces", "Succession")


def lineage_map(using: str | None = None, *, judging: bool = False) -> dict[int, frozenset[int]]:
    """Each province that has a predecessor or a successor, with its lineage (itself included). One query.

    With `judging`, whose figures judge the province's targets: a merged unit's predecessors are left out (they do
    not judge it one by one), a single predecessor stays. A province missing from the map has no succession: its
    lineage is itself (see `lineage_of`)."""
    linked: dict[int, set[int]] = {}
    before: dict[int, list[int]] = {}
    rows = _succession().objects.using(using).values_list("predecessor_id", "successor_id")
    for predecessor, successor in rows:
        linked.setdefault(predecessor, {predecessor}).add(successor)
        linked.setdefault(successor, {successor})
        before.setdefault(successor, []).append(predecessor)
    for successor, predecessors in before.items():
        if not judging or len(predecessors) == 1:
            linked[successor].update(predecessors)
    return {province: frozenset(lineage) for province, lineage in linked.items()}


def lineage_of(province_id: int | None, linked: Mapping[int, frozenset[int]]) -> frozenset[int | None]:
    """The provinces whose figures judge a target of `province_id`'s plans (and, the relation being symmetric,
    whose plans a figure of `province_id` judges); `{None}` (the nation) for a national plan. `linked` is a
    `lineage_map()`."""
    if province_id is None:
        return frozenset({None})
    return linked.get(province_id, frozenset({province_id}))


def single_predecessor():
    """The successors with exactly one predecessor (as a subquery of successor ids): the units that inherit their
    predecessor's figures. A merged unit is not among them."""
    Succession = _succession()
    return Succession.objects.values("successor").annotate(n=Count("id")).filter(n=1).values("successor")


def in_lineage(province, field: str = "province", *, judging: bool = False) -> Q:
    """`field` is in the lineage of `province` (a Province, its id, a queryset of provinces, or None for the nation):
    one SQL condition, no query of its own. With `judging`, a merged unit's predecessors are left out.

    `in_lineage(p)` over measurements: the figures that judge p's targets; `in_lineage(p, "plan__province")` over
    targets: the targets that p's figures judge."""
    if province is None:
        return Q(**{f"{field}__isnull": True})
    Succession = _succession()
    # A queryset of provinces (the `province` filter's keys): the lineage of any of them, still one condition.
    lookup = "__in" if isinstance(province, models.QuerySet) else ""
    predecessors = Succession.objects.filter(**{f"successor{lookup}": province})
    if judging:  # a merged unit's predecessors do not judge it one by one
        predecessors = predecessors.filter(successor__in=single_predecessor())
    return (
        Q(**{f"{field}{lookup}": province})
        | Q(**{f"{field}__in": predecessors.values("predecessor")})
        | Q(**{f"{field}__in": Succession.objects.filter(**{f"predecessor{lookup}": province}).values("successor")})
    )


class LinkedProvinces(models.Func):
    """The lineage of a province taken from the query (a column or an OuterRef), as a subquery for `province__in=`.

    Written as a UNION ALL of index lookups so that the measurements' (indicator, level, province, as_of) index is
    searched once per linked province; an OR of the conditions would make both databases scan every measurement
    of the indicator and level instead. A null province (the nation) gives no row. `successors=False` leaves the
    successors out. The predecessors are taken only when there is a single one: a merged unit is never judged on
    one predecessor's figure.
    """

    output_field = models.BigIntegerField()

    def __init__(self, province, *, successors: bool = True, predecessors: bool = True):
        super().__init__(province)
        self.successors, self.predecessors = successors, predecessors

    def as_sql(self, compiler, connection, **extra):
        Succession = _succession()
        outer, params = compiler.compile(self.source_expressions[0])
        table = connection.ops.quote_name(Succession._meta.db_table)
        predecessor, successor = (
            connection.ops.quote_name(Succession._meta.get_field(name).column) for name in ("predecessor", "successor")
        )
        merged = connection.ops.quote_name("merged")
        parts = [f"SELECT {outer}"]
        if self.successors:
            parts.append(f"SELECT {successor} FROM {table} WHERE {predecessor} = {outer}")
        if self.predecessors:
            parts.append(
                f"SELECT {predecessor} FROM {table} WHERE {successor} = {outer} "
                f"AND (SELECT COUNT(*) FROM {table} {merged} WHERE {merged}.{successor} = {outer}) = 1"
            )
        # {outer} appears once per part, twice in the predecessors' part.
        return f"({' UNION ALL '.join(parts)})", tuple(params) * (len(parts) + (1 if self.predecessors else 0))


class Figures(models.TextChoices):
    """Which figures an assessment counts: approved ones (the default), or submitted ones too (provisional)."""

    APPROVED = "approved", _("đã duyệt")
    SUBMITTED = "submitted", _("đã gửi hoặc đã duyệt (tạm tính)")


def counting(figures: str = Figures.APPROVED) -> Q:
    """The measurements that count in an assessment: the one rule every query that judges targets applies, on the
    standing each figure copies from its report (Measurement.standing)."""
    least = Standing.SUBMITTED if figures == Figures.SUBMITTED else Standing.APPROVED
    return Q(standing__gte=least)


def judging_measurements(target, as_of: date, figures: str = Figures.APPROVED):
    """The counting measurements that judge `target` on `as_of`: its indicator and level, its province's lineage
    (the nation for a national plan), dated on or before `as_of`; with their province, by date. Reads
    `target.plan`."""
    Measurement = apps.get_model("indicators", "Measurement")
    return (
        Measurement.objects.filter(
            in_lineage(target.plan.province_id, judging=True),
            counting(figures),
            indicator_id=target.indicator_id,
            level=target.level,
            as_of__lte=as_of,
        )
        .select_related("province")
        .order_by("as_of", "id")
    )


def judging_outer_target(as_of: date, *, national: bool, figures: str = Figures.APPROVED):
    """The counting measurements dated on or before `as_of` that judge the outer query's target (its `indicator`,
    `level` and `plan__province`), for national plans only (`national`) or provincial plans only: in that form the
    measurements' index answers it, the province matched by equality and never through an OR."""
    Measurement = apps.get_model("indicators", "Measurement")
    scope = Q(province__isnull=True) if national else Q(province__in=LinkedProvinces(OuterRef("plan__province")))
    return Measurement.objects.filter(
        scope, counting(figures), indicator=OuterRef("indicator"), level=OuterRef("level"), as_of__lte=as_of
    )
