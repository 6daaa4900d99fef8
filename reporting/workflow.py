"""The steps of a report through the cycle, and closing a period for a unit: one service function each, used by
the API and the admin alike (docs/reporting.md).

Each step locks the report's row, checks the role (accounts.policy) and the state (indicators/rules/cycle.py),
records who, when and why in the report's history, copies the figures' standing, and refreshes the maintained
facts and stored assessment of the targets they judge when approval changes (indicators/state.py), all in one
transaction; approval and reopening also emit an event (indicators/events.py) inside it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from dtrack.errors import DomainError
from indicators import events
from indicators.labels import STEP_LABELS
from indicators.locking import lock_reports
from indicators.models import ProgressReport
from indicators.rules import cycle as cycle_rules
from indicators.rules.cycle import State, TransitionRefused
from indicators.services.report_checks import period_closed
from indicators.state import lock_series, refresh_for_series
from reporting.models import Obligation

__all__ = [
    "InvalidTransition",
    "PeriodClosed",
    "approve",
    "close",
    "reopen",
    "return_report",
    "step",
    "submit",
    "unlock",
]


class InvalidTransition(DomainError):
    status_code = 409
    default_code = "invalid_transition"
    type_uri = "/problems/invalid-transition"
    title = "Transition not allowed"
    default_detail = "This step is not allowed from the report's current state."


class PeriodClosed(DomainError):
    status_code = 409
    default_code = "period_closed"
    type_uri = "/problems/period-closed"
    title = "Period closed"
    default_detail = "The period is closed for this unit; only staff can unlock it."


ROLE_MESSAGES = {
    "reporter": gettext_lazy("Submitting needs a reporter, planner or approver role in the report's province."),
    "approver": gettext_lazy("Approving, returning and reopening need an approver role in the report's province."),
}


def may(user, action: str, report: ProgressReport) -> bool:
    """Whether `user` may take step `action` on `report` (its state aside)."""
    role = cycle_rules.TRANSITIONS[action].role
    check = policy.can_approve if role == "approver" else policy.can_report
    return check(user, report.province_id)


@transaction.atomic
def step(action: str, *, report: ProgressReport, user, reason: str = "") -> ProgressReport:
    """Take step `action` ("submit", "approve", "return", "reopen") on `report` as `user`; return the report.

    403 (PermissionDenied) for a user without the role; 409 (InvalidTransition) from a state that does not allow
    it, naming that state; 400 when a reason is needed and missing; 409 (PeriodClosed) when reopening a report of
    a closed period."""
    if not may(user, action, report):
        raise PermissionDenied(str(ROLE_MESSAGES[cycle_rules.TRANSITIONS[action].role]))
    lock_reports([report.pk])  # the lock order of indicators/locking.py: the report, then the targets
    report = ProgressReport.objects.get(pk=report.pk)
    if report.deleted_at is not None:
        raise InvalidTransition(_("This report is deleted; restore it first."))
    try:
        new_state = cycle_rules.transition(action, State(report.state), reason)
    except TransitionRefused as refused:
        if refused.reason_missing:
            raise ValidationError({"reason": ValidationError(_("Give the reason."), code="required")}) from None
        state = report.get_state_display()  # its label in the request's language ("đã duyệt"), not the code
        raise InvalidTransition(
            _("Cannot %(action)s a report that is %(state)s.") % {"action": STEP_LABELS[action], "state": state},
            errors={"state": [_("The report is %(state)s.") % {"state": state}]},
        ) from None
    if action == "reopen" and period_closed(report):
        raise PeriodClosed(_("The period of this report is closed for its unit; only staff can unlock it."))
    was_counting = report.standing
    report.state = new_state.value
    if action == "submit":
        report.submitted_at = timezone.now()
    report.state_reason = reason.strip()
    report._change_reason = f"{action}: {reason.strip()}" if reason.strip() else action
    report._history_user = user if getattr(user, "is_authenticated", False) else None
    report.save(update_fields=["state", "submitted_at", "state_reason"])
    if report.standing != was_counting:
        series = set(report.measurements.values_list("indicator_id", "level", "province_id"))
        counted = cycle_rules.Standing.APPROVED in (report.standing, was_counting)
        if counted:
            lock_series(series)
        report.measurements.update(standing=report.standing)
        if counted:
            refresh_for_series(series)
    if action in ("approve", "reopen"):
        events.emit(
            "report.approved" if action == "approve" else "report.reopened",
            {
                "report": report.pk,
                "province": report.province.key if report.province_id else None,
                "period": report.period_id,
                "state": report.state,
            },
        )
    return report


def submit(*, report, user, reason: str = "") -> ProgressReport:
    return step("submit", report=report, user=user, reason=reason)


def approve(*, report, user, reason: str = "") -> ProgressReport:
    return step("approve", report=report, user=user, reason=reason)


def return_report(*, report, user, reason: str) -> ProgressReport:
    return step("return", report=report, user=user, reason=reason)


def reopen(*, report, user, reason: str) -> ProgressReport:
    return step("reopen", report=report, user=user, reason=reason)


@transaction.atomic
def close(*, obligation: Obligation, user, reason: str = "") -> Obligation:
    """Close a period for a unit (approvers of the unit, staff): its reports can no longer be changed or reopened."""
    if not policy.can_approve(user, obligation.province_id):
        raise PermissionDenied(str(ROLE_MESSAGES["approver"]))
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.closed_at is None:
        obligation.closed_at, obligation.closed_by = timezone.now(), user
        obligation._change_reason = f"close: {reason.strip()}" if reason.strip() else "close"
        obligation._history_user = user
        obligation.save(update_fields=["closed_at", "closed_by"])
    return obligation


@transaction.atomic
def unlock(*, obligation: Obligation, user, reason: str) -> Obligation:
    """Reopen a closed period for a unit: staff only, with a reason, recorded in the obligation's history."""
    if not policy.is_staff(user):
        raise PermissionDenied(_("Only staff can unlock a closed period."))
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Give the reason."), code="required")})
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.closed_at is not None:
        obligation.closed_at, obligation.closed_by = None, None
        obligation._change_reason = f"unlock: {reason.strip()}"
        obligation._history_user = user
        obligation.save(update_fields=["closed_at", "closed_by"])
    return obligation
