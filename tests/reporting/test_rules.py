"""The pure rules of the reporting cycle (indicators/rules/cycle.py): windows, labels, steps, compliance."""

from datetime import date

import pytest

from indicators.rules.cycle import Compliance, State, TransitionRefused, compliance, period, rates, transition


@pytest.mark.parametrize(
    ("frequency", "year", "number", "label", "start", "end"),
    [
        ("monthly", 2026, 7, "Tháng 7/2026", date(2026, 6, 15), date(2026, 7, 14)),
        ("monthly", 2026, 1, "Tháng 1/2026", date(2025, 12, 15), date(2026, 1, 14)),
        ("quarterly", 2026, 3, "Quý III/2026", date(2026, 6, 15), date(2026, 9, 14)),
        ("half_yearly", 2026, 1, "6 tháng đầu năm 2026", date(2025, 12, 15), date(2026, 6, 14)),
        ("half_yearly", 2026, 2, "6 tháng cuối năm 2026", date(2026, 6, 15), date(2026, 12, 14)),
        ("yearly", 2026, 1, "Năm 2026", date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_the_default_cutoff_windows_and_labels(frequency, year, number, label, start, end):
    spec = period(frequency, year, number, deadline_days=5)
    assert (spec.label, spec.window_start, spec.window_end) == (label, start, end)
    assert (spec.due_on - spec.window_end).days == 5


def test_cutoff_day_one_is_the_calendar_period():
    spec = period("quarterly", 2026, 1, cutoff_day=1)
    assert (spec.window_start, spec.window_end) == (date(2026, 1, 1), date(2026, 3, 31))
    with pytest.raises(ValueError):
        period("quarterly", 2026, 5)


def test_transitions_allowed_and_refused():
    assert transition("submit", State.DRAFT) == State.SUBMITTED
    assert transition("submit", State.RETURNED) == State.SUBMITTED
    assert transition("approve", State.SUBMITTED) == State.APPROVED
    assert transition("return", State.SUBMITTED, "thiếu số liệu") == State.RETURNED
    assert transition("reopen", State.APPROVED, "sai số") == State.DRAFT
    with pytest.raises(TransitionRefused) as refused:
        transition("approve", State.DRAFT)
    assert refused.value.state == State.DRAFT and not refused.value.reason_missing
    with pytest.raises(TransitionRefused) as refused:
        transition("return", State.SUBMITTED, "  ")
    assert refused.value.reason_missing
    for action in ("submit", "approve", "return", "reopen"):
        with pytest.raises(TransitionRefused):
            transition(action, State.APPROVED if action != "reopen" else State.SUBMITTED, "x")


DUE = date(2026, 9, 19)


@pytest.mark.parametrize(
    ("as_of", "state", "submitted_on", "expected"),
    [
        (date(2026, 9, 1), None, None, Compliance.NOT_DUE),
        (date(2026, 9, 12), None, None, Compliance.DUE_SOON),
        (DUE, None, None, Compliance.DUE_SOON),  # on the due date: still due
        (date(2026, 9, 20), None, None, Compliance.OVERDUE),  # the day after
        (date(2026, 9, 20), State.DRAFT, date(2026, 9, 1), Compliance.OVERDUE),  # drafts are not submitted
        (DUE, State.SUBMITTED, DUE, Compliance.SUBMITTED_ON_TIME),  # submitted on the due date
        (date(2026, 9, 25), State.SUBMITTED, date(2026, 9, 20), Compliance.SUBMITTED_LATE),  # the day after
        (date(2026, 9, 25), State.APPROVED, date(2026, 9, 20), Compliance.APPROVED),
        (date(2026, 9, 19), State.APPROVED, date(2026, 9, 20), Compliance.DUE_SOON),  # not known yet on as_of
    ],
)
def test_compliance_around_the_due_date(as_of, state, submitted_on, expected):
    assert compliance(due_on=DUE, as_of=as_of, due_soon_days=7, state=state, submitted_on=submitted_on) == expected


def test_rates_count_only_what_is_due():
    result = rates(["on_time", "on_time", "late", "missing", None])
    assert (result.expected, result.on_time, result.late, result.missing) == (4, 2, 1, 1)
    assert str(result.on_time_rate) == "0.5000"
    assert rates([None]).on_time_rate is None
