"""The rules of the reporting cycle, as pure functions: no Django, no clock (docs/reporting.md).

- **Periods.** A regime reports monthly, quarterly, half-yearly or yearly. Each period has a Vietnamese label
  ("Tháng 7/2026", "Quý III/2026", "6 tháng đầu năm 2026", "Năm 2026"), a data window and a due date. The window
  follows the regime's cut-off day `c`: it runs from day `c` of the month before the period's first month to day
  `c − 1` of its last month. With `c = 15` (the default, the cut-offs reported for Nghị định 09/2019/NĐ-CP Art. 12)
  July is 15/6–14/7, the third quarter 15/6–14/9, the first half-year 15/12–14/6 and the year 15/12–14/12. With
  `c = 1` the window is the calendar period. The report is due `deadline_days` after the window ends.
- **Workflow.** draft → submitted → approved; submitted → returned (reason) → submitted again; approved → draft
  (reopened, reason). Who may do each step is `TRANSITIONS[action].role`.
- **Compliance** of one obligation (a unit owing a report for a period) on a date, and the rates over many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

__all__ = [
    "TRANSITIONS",
    "Compliance",
    "Frequency",
    "PeriodSpec",
    "Rates",
    "State",
    "Transition",
    "TransitionRefused",
    "compliance",
    "counts_from",
    "label",
    "period",
    "periods_due_between",
    "rates",
    "transition",
]

DEFAULT_CUTOFF_DAY = 15
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


@dataclass(frozen=True)
class PeriodSpec:
    year: int
    number: int  # month 1–12, quarter 1–4, half 1–2, or 1 for a year
    label: str
    window_start: date
    window_end: date
    due_on: date


def label(frequency: Frequency, year: int, number: int) -> str:
    """The period's name as Vietnamese documents write it."""
    frequency = Frequency(frequency)
    if frequency == Frequency.MONTHLY:
        return f"Tháng {number}/{year}"
    if frequency == Frequency.QUARTERLY:
        return f"Quý {ROMAN[number]}/{year}"
    if frequency == Frequency.HALF_YEARLY:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    return f"Năm {year}"


def _month_start(year: int, month: int) -> date:
    """The first day of `month` of `year`; months outside 1–12 roll into the years around."""
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _last_day(year: int, month: int) -> date:
    return _month_start(year, month + 1) - timedelta(days=1)


def period(
    frequency: Frequency, year: int, number: int, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, deadline_days: int = 0
) -> PeriodSpec:
    """Period `number` of `year` (see the module's docstring for the window and the due date)."""
    frequency = Frequency(frequency)
    months = MONTHS[frequency]
    if not 1 <= number <= 12 // months:
        raise ValueError(f"a {frequency.value} period number is 1–{12 // months}, not {number}")
    if not 1 <= cutoff_day <= 28:
        raise ValueError(f"the cut-off day is 1–28, not {cutoff_day}")
    if deadline_days < 0:
        raise ValueError("the deadline cannot come before the window ends")
    first = (number - 1) * months + 1
    last = first + months - 1
    if cutoff_day == 1:
        start, end = _month_start(year, first), _last_day(year, last)
    else:
        previous = _month_start(year, first - 1)
        start = previous.replace(day=cutoff_day)
        end = _month_start(year, last).replace(day=cutoff_day - 1)
    return PeriodSpec(year, number, label(frequency, year, number), start, end, end + timedelta(days=deadline_days))


def periods_due_between(
    frequency: Frequency, start: date, end: date, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, deadline_days: int = 0
) -> list[PeriodSpec]:
    """The periods whose window ends between `start` and `end` (both included), in order."""
    frequency = Frequency(frequency)
    per_year = 12 // MONTHS[frequency]
    found = []
    for year in range(start.year - 1, end.year + 2):
        for number in range(1, per_year + 1):
            spec = period(frequency, year, number, cutoff_day=cutoff_day, deadline_days=deadline_days)
            if start <= spec.window_end <= end:
                found.append(spec)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Workflow


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


EDITABLE = frozenset({State.DRAFT, State.RETURNED})  # what a reporter may still change


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State
    role: str  # "reporter" or "approver" (staff may do every step)
    needs_reason: bool


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, "reporter", False),
        Transition("approve", frozenset({State.SUBMITTED}), State.APPROVED, "approver", False),
        Transition("return", frozenset({State.SUBMITTED}), State.RETURNED, "approver", True),
        Transition("reopen", frozenset({State.APPROVED}), State.DRAFT, "approver", True),
    )
}


class TransitionRefused(Exception):
    """The step is not allowed from the current state, or lacks its reason."""

    def __init__(self, action: str, state: State, reason_missing: bool = False):
        self.action, self.state, self.reason_missing = action, State(state), reason_missing
        super().__init__(f"{action} is not allowed from {self.state.value}")


def transition(action: str, state: State, reason: str = "") -> State:
    """The state after `action` from `state`; raises TransitionRefused when not allowed or a reason is missing.
    An unknown action is a KeyError (the callers offer a fixed list)."""
    step = TRANSITIONS[action]
    if State(state) not in step.sources:
        raise TransitionRefused(action, state)
    if step.needs_reason and not reason.strip():
        raise TransitionRefused(action, state, reason_missing=True)
    return step.target


class Standing:
    """How far a figure counts, copied onto each measurement from its report: assessments read approved figures
    (`APPROVED`), or with `figures=submitted` submitted ones too (`SUBMITTED`); drafts never count (`NONE`)."""

    NONE = 0
    SUBMITTED = 1
    APPROVED = 2


def counts_from(state: State, deleted: bool) -> int:
    """The standing of the figures of a report in `state` (deleted: they do not count)."""
    if deleted:
        return Standing.NONE
    return {State.APPROVED: Standing.APPROVED, State.SUBMITTED: Standing.SUBMITTED}.get(State(state), Standing.NONE)


# ---------------------------------------------------------------------------------------------------------------
# Compliance


class Compliance(StrEnum):
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    APPROVED = "approved"


def compliance(
    *, due_on: date, as_of: date, due_soon_days: int, state: State | None = None, submitted_on: date | None = None
) -> Compliance:
    """The status of one obligation on `as_of`, from its best report: `state` and the day it was (last) submitted
    (None: no report). A report submitted or approved after `as_of` is not known yet on that day.

    approved → `approved`; submitted → on time when submitted on or before the due date, else late; nothing
    submitted → `overdue` after the due date, `due_soon` within `due_soon_days` of it (the due date included),
    else `not_due`."""
    known = submitted_on is not None and submitted_on <= as_of
    if known and state == State.APPROVED:
        return Compliance.APPROVED
    if known and submitted_on is not None and state in (State.SUBMITTED, State.APPROVED):
        return Compliance.SUBMITTED_ON_TIME if submitted_on <= due_on else Compliance.SUBMITTED_LATE
    if as_of > due_on:
        return Compliance.OVERDUE
    if (due_on - as_of).days <= due_soon_days:
        return Compliance.DUE_SOON
    return Compliance.NOT_DUE


@dataclass(frozen=True)
class Rates:
    """Reporting rates over the obligations due on or before the day (as DHIS2's reporting rates): reports
    received on time, late, and missing, with their shares of `expected`."""

    expected: int
    on_time: int
    late: int
    missing: int
    on_time_rate: Decimal | None
    late_rate: Decimal | None
    missing_rate: Decimal | None


SHARE = Decimal("0.0001")


def timeliness(status: Compliance, *, submitted_on: date | None, due_on: date) -> str | None:
    """ "on_time", "late" or "missing" for an obligation that is due; None while it is not."""
    if status == Compliance.OVERDUE:
        return "missing"
    if status in (Compliance.NOT_DUE, Compliance.DUE_SOON):
        return None
    return "on_time" if submitted_on is not None and submitted_on <= due_on else "late"


def rates(outcomes: Iterable[str | None]) -> Rates:
    """Rates from the `timeliness` of each obligation (None: not due yet, not expected)."""
    counted = Counter(outcome for outcome in outcomes if outcome is not None)
    expected = sum(counted.values())

    def share(n: int) -> Decimal | None:
        return (Decimal(n) / Decimal(expected)).quantize(SHARE, ROUND_HALF_EVEN) if expected else None

    on_time, late, missing = counted["on_time"], counted["late"], counted["missing"]
    return Rates(expected, on_time, late, missing, share(on_time), share(late), share(missing))
