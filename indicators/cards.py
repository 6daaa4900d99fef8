"""Today's view of each target kept ready: its card, the JSON body the targets list shows for it.

A page of targets used to be read as model instances with their plan, province, indicator and milestones, judged by
the rules and rendered field by field: about ten times the floor's cost (docs/performance.md). The card is that
body, rendered once when what it shows changes and stored with the day and thresholds it was judged for
(`TargetCard.basis`). A list asked for that day chooses the page's ids as before, then reads their cards by primary key and writes the
bodies into the response as they are (`orjson.Fragment`); a target whose card is missing or for another day is
built the old way, so a stale card is never shown.

Scorecards read the same rows (`scorecard_rows`): each card also holds the target as a scorecard lists it.

Cards are written on the same path as the stored assessment (`state._persist`), and again when a plan or an
indicator they show is saved (`restore`, called by the services; a province change refreshes every target).
"""

from dataclasses import dataclass, replace
from datetime import date

import orjson
from django.conf import settings
from django.db import connections, router
from django.utils import translation

from dtrack.api.renderers import OPTIONS, JSONRenderer, _fallback
from dtrack.db import bulk_cursor
from indicators.api.rendering import target_dict
from indicators.conf import thresholds as configured_thresholds
from indicators.conf import today
from indicators.judging import attach_milestones, judge_targets, judging_annotations, known_facts
from indicators.models import Target, TargetCard
from indicators.rules.assessment import Thresholds

__all__ = ["Ready", "body", "in_card_language", "ready", "rendered", "restore", "scorecard_rows", "store"]

BATCH = 2000
# The fields of a target in a scorecard (`ScorecardTargetSerializer`), in its order: the list body's, same values.
SCORECARD_FIELDS = (
    "id", "indicator", "level", "comparator", "value", "deadline", "latest", "gap", "status", "deadline_status",
    "days_remaining", "provisional", "declining",
)  # fmt: skip


@dataclass(frozen=True)
class Ready:
    """A target of a scorecard from its card: what the tallies and the grouping need, and its body."""

    pk: int
    plan_id: int
    status: str
    body: str


def _json(data) -> str:
    return orjson.dumps(data, default=_fallback, option=OPTIONS).decode()


def render(row) -> tuple[str, str]:
    """A judged target's list body and scorecard body as JSON text: the bytes the list and scorecards write."""
    with translation.override(settings.LANGUAGE_CODE):
        data = target_dict(row)
    return _json(data), _json({name: data[name] for name in SCORECARD_FIELDS})


def in_card_language() -> bool:
    """Whether the answer is in the language the cards are rendered in (LANGUAGE_CODE): their texts, such as the
    explanation's rule, are translated; an answer in another language is rendered for it instead."""
    return (translation.get_language() or "").split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]


def store(
    db: str,
    pks,
    on: date | None = None,
    thresholds: Thresholds | None = None,
    judged=None,
    milestones=None,
    rows=None,
) -> int:
    """Render and store the cards of the targets `pks` for `on` (default today) and `thresholds`; return how many.
    Four queries per 2,000 targets: the targets with plan, province and indicator, their milestones, the write.
    `judged`: the targets' assessments on that day by id, when the caller has them (`state`, which just judged
    them for the stored assessment): then they are not judged again (for a merged unit's targets, two queries
    and every predecessor figure less). `milestones`: their milestones by id (`Target.attached_milestones`), read
    by the caller in the same transaction with the targets locked: then not read again (one query less). `rows`:
    the targets themselves, loaded with plan, province, indicator and `judging_annotations()` as they are now
    (`state.add_figures`): then not read again either."""
    from indicators.state import basis  # state imports this module

    on = on or today()
    thresholds = thresholds or configured_thresholds()
    key = basis(on, thresholds)
    count = 0
    for batch in rendered(db, pks, on, thresholds, judged, milestones, rows):
        _write(
            db, [TargetCard(target_id=pk, basis=key, body=body, scorecard=scorecard) for pk, body, scorecard in batch]
        )
        count += len(batch)
    return count


def rendered(db: str, pks, on: date, thresholds: Thresholds, judged=None, milestones=None, loaded=None):
    """The list body and scorecard body of the targets `pks` judged on `on`, as lists of (id, body, scorecard) of
    up to 2,000 targets (`store`'s arguments; also the bodies of period-end snapshots, indicators/snapshots.py)."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH):
        if loaded is not None:
            rows = sorted(loaded, key=lambda row: row.pk)[start : start + BATCH]
        else:
            rows = list(
                Target.objects.using(db)
                .filter(pk__in=pks[start : start + BATCH])
                .select_related("plan__province", "indicator")
                .annotate(**judging_annotations())
                .order_by("pk")
            )
        if milestones is None:
            attach_milestones(rows)
        else:
            for row in rows:
                row.attached_milestones = milestones[row.pk]
        assessed = judge_targets(rows, on, thresholds) if judged is None else _with_keys(rows, judged, on)
        batch = []
        for row in rows:
            row.judged = assessed[row.pk]
            batch.append((row.pk, *render(row)))
        yield batch


def _with_keys(rows, judged: dict, on: date) -> dict:
    """`judged` as `judge_targets(rows, on, …)` would give it: where the maintained facts hold, the latest figure's
    province is the one these rows, read after the facts were written, name (`judging_annotations`); the caller
    may have judged targets loaded without it. Elsewhere the facts were searched, with their province."""
    result = {}
    for row in rows:
        one = judged[row.pk]
        if known_facts(row, on) is not None:
            one = replace(one, latest_province_key=row.known_latest_province_key,
                          latest_province_name=row.known_latest_province_name)  # fmt: skip
        result[row.pk] = one
    return result


def ready(ids, key: str):
    """The cards of the targets `ids` that hold for `key`, as a query of (target id, body) by primary key. A card
    does not hold when it is for another day or thresholds, or when its target's stored assessment is not for
    `key`. A separate query rather than a subquery of the page's: with an offset the database would compute a
    subquery for every row it skips too."""
    return TargetCard.objects.filter(target_id__in=ids, basis=key, target__known_basis=key).values_list(
        "target_id", "body"
    )


def _write(db: str, cards: list) -> None:
    """Insert or replace the cards. On PostgreSQL one INSERT … ON CONFLICT with a placeholder per value: Django's
    bulk_create sends each column as one array, and the driver escapes every quote of every JSON body in Python
    to build an array literal (3 s for 1,000 cards, against ≈ 30 ms this way)."""
    if connections[db].vendor != "postgresql":
        TargetCard.objects.using(db).bulk_create(
            cards, update_conflicts=True, unique_fields=["target"], update_fields=["basis", "body", "scorecard"]
        )
        return
    table = connections[db].ops.quote_name(TargetCard._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(cards))
    with bulk_cursor(connections[db]) as cursor:
        cursor.execute(
            f"INSERT INTO {table} (target_id, basis, body, scorecard) VALUES {rows} ON CONFLICT (target_id) DO UPDATE "
            "SET basis = EXCLUDED.basis, body = EXCLUDED.body, scorecard = EXCLUDED.scorecard",
            [value for card in cards for value in (card.target_id, card.basis, card.body, card.scorecard)],
        )


def scorecard_rows(targets, order, key: str) -> list[Ready] | None:
    """The targets of the queryset in `order`, each from its card (one query), or None when one has no card that
    holds for `key`: then the caller judges them instead."""
    rows = targets.order_by(*order).values_list("pk", "plan_id", "known_status", "known_basis", "card__basis",
                                                "card__scorecard")  # fmt: skip
    ready = []
    for pk, plan_id, status, known_basis, card_basis, scorecard in rows:
        if known_basis != key or card_basis != key:
            return None
        ready.append(Ready(pk, plan_id, status, scorecard))
    return ready


def body(card: str, request):
    """A card in a response: written as it is by the JSON renderer, else (another format, indented JSON) as data."""
    renderer = getattr(request, "accepted_renderer", None)
    if type(renderer) is JSONRenderer and not renderer.get_indent(request.accepted_media_type or "", {}):
        return orjson.Fragment(card)
    return orjson.loads(card)


def restore(targets) -> None:
    """Cards of `targets` rendered again for today (a plan or an indicator they show changed: the services call
    this when they save one)."""
    db = router.db_for_write(Target)
    if TargetCard.objects.using(db).filter(target__in=targets).exists():
        store(db, targets.using(db).values_list("pk", flat=True))
