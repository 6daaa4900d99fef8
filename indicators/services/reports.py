"""Writes for progress reports: create (with all its measurements, or nothing), update or save (a report moved
to another province takes its figures along), soft delete and restore."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import events
from indicators.locking import lock_reports
from indicators.models import Measurement, ProgressReport, ReportState
from indicators.services.common import InvalidItems, ReportDeleted, _apply, _field_messages, _lifetime_errors, _raise
from indicators.services.inserts import insert_with_history
from indicators.services.measurements import _build_measurement
from indicators.services.report_checks import _check_duplicate, _check_report, _save_report, check_editable
from indicators.state import add_figures, lock_series, refresh_for_series
from provinces.models import Province

if TYPE_CHECKING:  # annotations only: the reporting app imports these services
    from django.contrib.auth.models import User

    from reporting.models import ReportingPeriod

REPORT_FIELDS = ("province", "title", "document_number", "reported_on", "period_start", "period_end", "source_url",
                 "source_note", "period")  # fmt: skip
# What a report may be created as: a draft, or approved when it copies a published document (approvers and staff).
CREATED_STATES = (ReportState.DRAFT, ReportState.APPROVED)


@transaction.atomic
def progress_report_create(
    *, title: str, reported_on: date, province: Province | None = None, document_number: str = "",
    period_start: date | None = None, period_end: date | None = None, source_url: str = "", source_note: str = "",
    entered_by: User | None = None, measurements: Sequence[Mapping[str, Any]] = (),
    period: ReportingPeriod | None = None, state: str = ReportState.DRAFT,
) -> ProgressReport:  # fmt: skip
    """Create a report and all its measurements, or nothing.

    Each measurement is a mapping of Measurement fields; `as_of` defaults to `reported_on`, and the figure is given
    either as structured fields or as `value_text` in the Vietnamese form (see `measurement_create`). Every item is
    checked before anything is written, and all the errors are reported at once, pointing at the item.

    A report is a draft (its figures count once approved: docs/reporting.md), or created approved when it copies a
    published document; the caller checks that its user may approve (accounts.policy.can_approve).
    """
    if state not in CREATED_STATES:
        raise ValidationError({"state": ValidationError(_("A report is created as a draft or approved."),
                                                        code="invalid_choice")})  # fmt: skip
    report = ProgressReport(
        province=province, title=title, document_number=document_number, reported_on=reported_on,
        period_start=period_start, period_end=period_end, source_url=source_url, source_note=source_note,
        entered_by=entered_by, period=period, state=state,
        submitted_at=timezone.now() if state == ReportState.APPROVED else None,
    )  # fmt: skip
    _check_report(report)
    built, item_errors = [], {}
    for index, item in enumerate(measurements):
        try:
            built.append(_build_measurement(Measurement(report=report), item, creating=True, report=report))
        except ValidationError as exc:
            item_errors[index] = _field_messages(exc)
    if item_errors:
        raise InvalidItems({"measurements": item_errors})
    _save_report(report)
    for measurement in built:
        measurement.report = report
        measurement.province_id, measurement.is_active = report.province_id, True  # what save() would copy
        measurement.standing = report.standing
    # The targets the figures judge are locked before the figures get their ids (indicators/locking.py), so the
    # facts fold them in entry order whatever order concurrent reports commit in.
    lock_series((m.indicator_id, m.level, m.province_id) for m in built)
    # One INSERT of the figures and one of their history rows (indicators/services/inserts.py); the targets they
    # judge are brought up to date here, in this transaction, from their facts and the new figures.
    insert_with_history(built, Measurement, report._state.db or "default")
    add_figures(built, locked=True)
    if state == ReportState.APPROVED:
        # Entered approved (a published document): for other systems, as an approval (webhooks, docs/outputs.md).
        events.emit("report.approved", {"report": report.pk, "province": province.key if province else None,
                                        "period": report.period_id, "state": report.state})  # fmt: skip
    return report


@transaction.atomic
def progress_report_update(*, report: ProgressReport, data: Mapping[str, Any]) -> ProgressReport:
    """Change a report's own fields (a draft or returned one); its measurements follow a change of province."""
    _apply(report, data, REPORT_FIELDS)
    return progress_report_save(report=report)


@transaction.atomic
def progress_report_save(*, report: ProgressReport, entered_by: User | None = None) -> ProgressReport:
    """Save a report whose fields are set (the admin's form, an update). Moved to another province, its figures
    move with it and the targets of both provinces are judged again; a deleted report is not edited."""
    if report.pk is None:
        report.entered_by = report.entered_by or entered_by
        _check_report(report)
        _save_report(report)
        return report
    locked = lock_reports([report.pk])
    if report.pk not in locked:
        raise ValidationError(_("This report no longer exists."), code="gone")
    deleted_at, old_province = locked[report.pk]
    if deleted_at is not None:
        raise ReportDeleted(_("This report is deleted; restore it first."))
    check_editable(report)
    report.deleted_at = None
    _check_report(report)
    if report.province_id != old_province:
        # Its figures move with it: they must fall in the new unit's lifetime (and its reform rules) too.
        dates = report.measurements.aggregate(first=Min("as_of"), last=Max("as_of"))
        errors = _lifetime_errors(report.province, dates["first"], "province", _("a figure"))
        errors = errors or _lifetime_errors(report.province, dates["last"], "province", _("a figure"))
        _raise(errors)
    if report.province_id != old_province:
        before = {(i, level, old_province) for i, level in _indicator_levels(report)}
        after = {(i, level, report.province_id) for i, level in _indicator_levels(report)}
        lock_series(before | after)
        _save_report(report)
        report.measurements.update(province=report.province_id)
        refresh_for_series(before | after)
    else:
        _save_report(report)
    return report


@transaction.atomic
def progress_report_delete(*, report: ProgressReport) -> ProgressReport:
    """Soft delete: the report is hidden and its figures stop judging targets; `progress_report_restore` undoes it.
    Allowed in any state (nothing is lost); deleting an approved report takes an approver (the callers check
    `accounts.policy.can_approve`), as reopening it does."""
    deleted_at, _province = lock_reports([report.pk]).get(report.pk, (report.deleted_at, None))
    if deleted_at is None:
        report.deleted_at = timezone.now()
        _switch(report, active=False)
    else:
        report.deleted_at = deleted_at
    return report


@transaction.atomic
def progress_report_restore(*, report: ProgressReport) -> ProgressReport:
    """Undo a soft delete, unless an active report with the same document number and date now exists."""
    deleted_at, _province = lock_reports([report.pk]).get(report.pk, (report.deleted_at, None))
    if deleted_at is not None:
        report.deleted_at = None
        _check_duplicate(report)
        _switch(report, active=True)
    else:
        report.deleted_at = None
    return report


def _switch(report: ProgressReport, *, active: bool) -> None:
    """Save a soft delete or a restore (`report.deleted_at` set): its figures stop or start judging targets, whose
    series are locked first and refreshed after."""
    series = _series(report)
    lock_series(series)
    report.save(update_fields=["deleted_at"])
    report.measurements.update(is_active=active, standing=report.standing)
    refresh_for_series(series)


def _indicator_levels(report: ProgressReport) -> set[tuple[int, str]]:
    return set(report.measurements.values_list("indicator_id", "level"))


def _series(report: ProgressReport) -> set[tuple[int, str, int | None]]:
    """The (indicator, level, province) series of a report's figures: whose targets a change of the report must
    refresh."""
    return set(report.measurements.values_list("indicator_id", "level", "province_id"))
