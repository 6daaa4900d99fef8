"""The rules of a progress report as a whole, shared by the report and measurement writes, the admin's forms and
the reporting workflow: editable states, a closed period, the period's window, lifetimes, duplicates."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indicators.conf import today
from indicators.models import ProgressReport
from indicators.rules.cycle import EDITABLE
from indicators.services.common import (
    DuplicateReport,
    Errors,
    ReportLocked,
    _field_error,
    _lifetime_errors,
    _period_errors,
    _raise,
)


def check_editable(report: ProgressReport) -> None:
    """Refuse (409) to change a report that is not a draft or returned, or whose period is closed for its unit."""
    if report.state not in EDITABLE:
        state = report.get_state_display()  # its label in the request's language ("đã duyệt"), not the code
        raise ReportLocked(
            _("This report is %(state)s: it cannot be changed. An approver may reopen an approved report.")
            % {"state": state},
            errors=_field_error("state", _("The report is %(state)s.") % {"state": state}, "locked"),
        )
    if period_closed(report):
        raise ReportLocked(_("The period of this report is closed for its unit; only staff can unlock it."))


def period_closed(report: ProgressReport) -> bool:
    """Whether the report's period is closed for the report's unit (its obligation is closed)."""
    if report.period is None:
        return False
    closed = report.period.obligations.filter(province=report.province, closed_at__isnull=False)
    return closed.exists()


def window_errors(report: ProgressReport) -> Errors:
    """A report attached to a period covers it: its data period lies in the window (the window when not given),
    and it is dated on or after the window's start."""
    period = report.period
    if period is None:
        return {}
    report.period_start = report.period_start or period.window_start
    report.period_end = report.period_end or period.window_end
    errors = {}
    window = {"label": period.label, "start": period.window_start.isoformat(), "end": period.window_end.isoformat()}
    for name in ("period_start", "period_end"):
        if not period.window_start <= getattr(report, name) <= period.window_end:
            errors[name] = ValidationError(
                _("Outside the window of %(label)s (%(start)s to %(end)s).") % window, code="outside_period"
            )
    if report.reported_on and report.reported_on < period.window_start:
        errors["reported_on"] = ValidationError(
            _("A report on %(label)s cannot be dated before its window starts (%(start)s).") % window,
            code="outside_period",
        )
    return errors


def _check_report(report: ProgressReport) -> None:
    errors = _period_errors(report.period_start, report.period_end)
    # A report may be published after its unit ended when its period lies inside the unit's lifetime.
    if report.period_end is not None:
        errors.update(_lifetime_errors(report.province, report.period_end, "period_end", _("a report period")))
    else:
        errors.update(_lifetime_errors(report.province, report.reported_on, "reported_on", _("a report")))
    if report.reported_on and report.reported_on > today():
        errors["reported_on"] = ValidationError(_("A report cannot be dated in the future."), code="future")
    if not errors:
        errors = window_errors(report)
    _raise(errors)
    if period_closed(report):
        raise ReportLocked(_("The period of this report is closed for its unit; only staff can unlock it."))
    _check_duplicate(report)
    # The unique document is checked by _check_duplicate (a 409 naming the report), also when a concurrent
    # request inserts it in between (_save_report); full_clean would answer that race with a bare 400.
    report.full_clean(validate_constraints=False)


def _check_duplicate(report: ProgressReport) -> None:
    if not report.document_number or report.deleted_at is not None:
        return
    existing = (
        ProgressReport.objects.active()
        .filter(province=report.province, document_number=report.document_number, reported_on=report.reported_on)
        .exclude(pk=report.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        raise DuplicateReport(
            _("Progress report %(id)d already has document number %(number)s dated %(date)s for this province.")
            % {"id": existing, "number": report.document_number, "date": report.reported_on.isoformat()},
            errors=_field_error(
                "document_number", _("Already used by progress report %(id)d.") % {"id": existing}, "duplicate"
            ),
        )


def _save_report(report: ProgressReport) -> None:
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request saved the same document between the check and the insert.
        _check_duplicate(report)
        raise
