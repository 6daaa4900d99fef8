"""The target list as CSV/XLSX (`GET /api/v1/targets/?format=csv`): each target with its assessment on `as_of` —
status, gap, deadline status, latest figure — codes and labels side by side, judged by the same pure rules as the
JSON list (indicators/judging.py); nothing here decides a status.

Queries: the facts searched in the measurements for the targets whose maintained facts do not hold on `as_of` (a
back-dated day, or submitted figures counted), then the targets streamed by one cursor, each with its milestones
as one text — whatever the number of targets. Memory holds a chunk of targets and the searched facts (none for
today's assessment of approved figures). A list filtered or ordered by
the assessment on a day that is not the stored one was judged whole in memory already (as the JSON list is); its
rows are then read by one query in the order the rules gave.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice

import orjson
from django.db.models import Aggregate, CharField, F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dtrack.api.exports import CHUNK, Column
from indicators.api.rendering import _GAP, _SHOWN, _decimal
from indicators.judging import Judged, judge_targets, known_province_key, provisional, search_facts
from indicators.labels import DEADLINE_LABELS, STATUS_LABELS
from indicators.lineage import Figures
from indicators.models import Level, Milestone, Target, Unit
from indicators.outputs.cells import COMPARATOR_SIGNS, figure_text
from indicators.rules import assessment
from indicators.rules.assessment import DeadlineStatus, Status, Thresholds
from indicators.rules.figures import Qualifier

__all__ = ["COLUMNS", "judged_rows", "streamed_rows"]

LEVELS = dict(Level.choices)
UNITS = dict(Unit.choices)


def _latest(row):
    return row.judged.assessment.latest


def _latest_text(row) -> str:
    latest = _latest(row)
    if latest is None:
        return ""
    return figure_text(latest.value, str(latest.qualifier), latest.is_estimate, row.unit)


def _of_latest(name: str):
    return lambda row: getattr(_latest(row), name) if _latest(row) is not None else None


def _result(name: str):
    return lambda row: getattr(row.judged.assessment, name)


def _shown(name: str, field):
    """A number as the JSON list shows it (its 4 places), whether judged here or read from the target's card."""

    def get(row):
        shown = _decimal(field, getattr(row.judged.assessment, name))
        return None if shown is None else Decimal(shown)

    return get


def _plan_unit(row) -> str:
    return row.plan.province.name if row.plan.province_id else str(_("Toàn quốc"))


COLUMNS = [
    Column("id", "id", lambda row: row.id, "number"),
    Column("plan", pgettext_lazy("export column", "Kế hoạch"), lambda row: row.plan.number or row.plan.title),
    Column("unit", pgettext_lazy("export column", "Đơn vị"), _plan_unit),
    Column("indicator_code", pgettext_lazy("export column", "Mã chỉ số"), lambda row: row.indicator.code),
    Column("indicator", pgettext_lazy("export column", "Chỉ tiêu"), lambda row: row.indicator.name),
    Column("level", pgettext_lazy("export column", "Cấp"), lambda row: LEVELS.get(row.level, row.level)),
    Column(
        "comparator",
        pgettext_lazy("export column", "So sánh"),
        lambda row: COMPARATOR_SIGNS.get(row.comparator, row.comparator),
    ),
    Column("value", pgettext_lazy("export column", "Mục tiêu"), lambda row: row.value, "number"),
    Column("measure", pgettext_lazy("export column", "Đơn vị tính"), lambda row: UNITS.get(row.unit, row.unit)),
    Column("deadline", pgettext_lazy("export column", "Thời hạn"), lambda row: row.deadline, "date"),
    Column("latest_text", pgettext_lazy("export column", "Kết quả"), _latest_text),
    Column("latest_value", pgettext_lazy("export column", "Giá trị mới nhất"), _of_latest("value"), "number"),
    Column("latest_as_of", pgettext_lazy("export column", "Ngày số liệu"), _of_latest("on"), "date"),
    Column("status", pgettext_lazy("export column", "Mã đánh giá"), lambda row: row.judged.assessment.status.value),
    Column(
        "status_label",
        pgettext_lazy("export column", "Đánh giá"),
        lambda row: STATUS_LABELS[row.judged.assessment.status],
    ),
    Column("gap", pgettext_lazy("export column", "Còn thiếu so với mục tiêu"), _shown("gap", _GAP), "number"),
    Column("progress", pgettext_lazy("export column", "Tiến độ"), _shown("progress", _SHOWN), "number"),
    Column(
        "deadline_status",
        pgettext_lazy("export column", "Mã tình trạng thời hạn"),
        lambda row: row.judged.assessment.deadline_status.value,
    ),
    Column(
        "deadline_status_label",
        pgettext_lazy("export column", "Tình trạng thời hạn"),
        lambda row: DEADLINE_LABELS[row.judged.assessment.deadline_status],
    ),
    Column("days_remaining", pgettext_lazy("export column", "Số ngày còn lại"), _result("days_remaining"), "number"),
    Column("provisional", pgettext_lazy("export column", "Tạm tính"), _result("provisional"), "bool"),
    Column("declining", pgettext_lazy("export column", "Xu hướng giảm"), _result("declining"), "bool"),
]


def _readable(targets: QuerySet) -> QuerySet:
    return targets.select_related("plan__province", "indicator").annotate(
        known_latest_province_key=known_province_key()
    )


class Joined(Aggregate):
    """Texts joined with ";" (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


def _with_milestones(targets: QuerySet) -> QuerySet:
    """Each target with its milestones as one text, `2023-12-31=50;2024-12-31=70`: read in the targets' own query,
    so the milestones of a chunk are in memory with it and no list of every milestone is."""
    point = Concat(Cast("on", CharField()), Value("="), Cast("value", CharField()), output_field=CharField())
    points = (
        Milestone.objects.filter(target=OuterRef("pk"))
        .order_by()
        .values("target")
        .annotate(points=Joined(point))
        .values("points")[:1]
    )
    return targets.annotate(milestone_points_text=Subquery(points, output_field=TextField()))


def _milestones(text: str | None) -> tuple[assessment.Milestone, ...]:
    if not text:
        return ()
    points = (part.split("=") for part in text.split(";"))
    return tuple(
        sorted(
            (assessment.Milestone(date.fromisoformat(on), Decimal(value)) for on, value in points),
            key=lambda milestone: milestone.on,
        )
    )


def _from_card(text: str) -> Judged:
    """What the export reads of a target's assessment, from its card (the list body, `indicators/cards.py`),
    rendered by the same rules on the same day: the numbers at the 4 places the list shows."""
    card = orjson.loads(text)
    latest = card["latest"]
    reading = None
    if latest is not None:
        reading = assessment.Reading(
            on=date.fromisoformat(latest["as_of"]),
            value=Decimal(latest["value"]),
            qualifier=Qualifier(latest["qualifier"]),
            is_estimate=latest["is_estimate"],
            ref=latest["id"],
        )
    result = assessment.Assessment(
        status=Status(card["status"]),
        deadline_status=DeadlineStatus(card["deadline_status"]),
        days_remaining=card["days_remaining"],
        met=False,  # not exported
        gap=None if card["gap"] is None else Decimal(card["gap"]),
        progress=None if card["progress"] is None else Decimal(card["progress"]),
        provisional=card["provisional"],
        declining=card["declining"],
        latest=reading,
    )
    return Judged(result, None if latest is None else latest["province"])


def streamed_rows(targets: QuerySet, as_of: date, thresholds: Thresholds, figures: str) -> Iterator[Target]:
    """The targets of a filtered, ordered queryset, judged on `as_of`, streamed (module docstring).

    A target whose body was rendered for `as_of` and `thresholds` already (approved figures: its card on the stored
    assessment's day, its snapshot on a past period end, indicators/snapshots.py) is read from it, joined in the
    same query: the rules already judged it for that day, and judging it again costs, for a merged unit's target,
    every predecessor figure read and combined (at SCALE=1 ≈ 80% of the export's time). The others are judged
    here, a chunk at a time, on facts searched once (one query, only when there is such a target)."""
    from indicators import snapshots
    from indicators.state import basis  # state imports the judging modules this one does

    db = targets.db
    key = basis(as_of, thresholds) if figures == Figures.APPROVED else None
    unknown = Target.objects.using(db).filter(pk__in=targets.order_by().values("pk"))
    if figures != Figures.SUBMITTED:
        unknown = unknown.filter(known_latest_as_of__gt=as_of)
    searched: list[dict] = []
    rows = _with_milestones(_readable(targets.using(db)))
    if key is not None:
        rows = snapshots.with_body(rows.annotate(card_basis=F("card__basis"), card_body=F("card__body")), key)
    rows = rows.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        left = []
        for row in chunk:
            if key is not None and row.known_basis == key and row.card_basis == key:
                row.judged = _from_card(row.card_body)
            elif key is not None and row.snapshot_body:
                row.judged = _from_card(row.snapshot_body)
            else:
                row.attached_milestones = _milestones(row.milestone_points_text)
                left.append(row)
            if key is not None:
                row.card_body = row.snapshot_body = None
        if left and not searched:
            searched.append(search_facts(unknown, as_of, figures))
        judged = judge_targets(left, as_of, thresholds, figures, searched=searched[0]) if left else {}
        for row in chunk:
            if row.pk in judged:
                row.judged = judged[row.pk]
            yield row
        chunk = judged = left = row = None  # let this chunk go before the next one is read


def judged_rows(targets: QuerySet, ids: list[int], assessed: dict, figures: str) -> Iterable[Target]:
    """Targets already judged in memory (`selectors.targets.assess_all` over `targets`), in the order of `ids`."""
    if not ids:
        return []
    loaded = {row.pk: row for row in _readable(targets.order_by())}
    rows = []
    for pk in ids:
        row = loaded[pk]
        row.attached_milestones = assessed[pk].milestones
        row.judged = assessed[pk].judged if figures == Figures.APPROVED else provisional(assessed[pk].judged)
        rows.append(row)
    return rows
