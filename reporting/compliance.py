"""Compliance of obligations on a date, and the reporting rates (the rules: indicators/rules/cycle.py).

Two queries whatever the number of obligations: the obligations with their period, regime and unit, then the
reports attached to those periods for those units. Each obligation is judged by its best report: an approved one,
else a submitted one, else none (drafts and returned reports are not submitted)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from indicators.models import ProgressReport
from indicators.rules import cycle as cycle_rules
from indicators.rules.cycle import Compliance, Rates, State
from reporting.models import Obligation

__all__ = ["Judged", "judge", "rates_by"]

RANK = {State.APPROVED.value: 2, State.SUBMITTED.value: 1}


@dataclass
class Judged:
    obligation: Obligation
    status: Compliance
    timeliness: str | None  # on_time, late, missing; None while not due
    report: dict | None  # {id, state, submitted_on} of the best report


def judge(obligations, as_of: date) -> list[Judged]:
    """Each obligation of the queryset (or list) with its compliance on `as_of`."""
    rows = (
        list(obligations.select_related("period__regime", "province"))
        if hasattr(obligations, "select_related")
        else list(obligations)
    )
    best: dict[tuple, dict] = {}
    if rows:
        reports = ProgressReport.objects.filter(
            deleted_at__isnull=True,
            period_id__in={o.period_id for o in rows},
            province_id__in={o.province_id for o in rows},
            state__in=list(RANK),
        ).values("id", "period_id", "province_id", "state", "submitted_at")
        for report in reports:
            key = (report["period_id"], report["province_id"])
            held = best.get(key)
            if held is None or (RANK[report["state"]], report["submitted_at"]) > (
                RANK[held["state"]],
                held["submitted_at"],
            ):
                best[key] = report
    judged = []
    for obligation in rows:
        report = best.get((obligation.period_id, obligation.province_id))
        submitted_on = timezone.localdate(report["submitted_at"]) if report else None
        period = obligation.period
        status = cycle_rules.compliance(
            due_on=period.due_on,
            as_of=as_of,
            due_soon_days=period.regime.due_soon_days,
            state=State(report["state"]) if report else None,
            submitted_on=submitted_on,
        )
        known = submitted_on if status not in (Compliance.OVERDUE, Compliance.DUE_SOON, Compliance.NOT_DUE) else None
        shown = {"id": report["id"], "state": report["state"], "submitted_on": submitted_on} if known else None
        judged.append(
            Judged(obligation, status, cycle_rules.timeliness(status, submitted_on=known, due_on=period.due_on), shown)
        )
    return judged


GROUPS = {
    "unit": lambda j: (j.obligation.province.key, j.obligation.province.name),
    "regime": lambda j: (str(j.obligation.period.regime_id), j.obligation.period.regime.name),
    "period": lambda j: (str(j.obligation.period_id), f"{j.obligation.period.label} — {j.obligation.period.regime}"),
}


def rates_by(judged: list[Judged], by: str) -> list[tuple[str, str, Rates]]:
    """(key, name, rates) per unit, regime or period, in key order."""
    groups: dict[tuple, list] = {}
    for row in judged:
        groups.setdefault(GROUPS[by](row), []).append(row.timeliness)
    return [(key, name, cycle_rules.rates(outcomes)) for (key, name), outcomes in sorted(groups.items())]
