"""Writes for measurements (figures): one at a time, given as structured fields or as a Vietnamese `value_text`
read by indicators/rules/figures.py; locked and refreshed with the targets they judge (indicators/locking.py)."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.lifetimes import district_abolished
from indicators.locking import lock_reports
from indicators.models import IndexFamily, Indicator, Level, Measurement, ProgressReport, Unit
from indicators.rules import dti, inputs
from indicators.rules.cycle import EDITABLE
from indicators.rules.figures import FigureError, Qualifier, read_figure
from indicators.services.common import (
    Errors,
    _check_names,
    _full_clean,
    _lifetime_errors,
    _raise,
    _range_errors,
    validation_errors,
)
from indicators.services.report_checks import check_editable
from indicators.state import add_figures, lock_series, refresh_for_series

MEASUREMENT_FIELDS = ("report", "indicator", "level", "as_of", "as_of_precision", "value", "qualifier", "is_estimate",
                      "numerator", "denominator", "value_text", "note", "methodology")  # fmt: skip
# The fields a value_text stands for; given alongside it, they must agree with what it reads.
FIGURE_FIELDS = ("value", "qualifier", "is_estimate", "numerator", "denominator")


@transaction.atomic
def measurement_create(
    *, report: ProgressReport, indicator: Indicator, as_of: date | None = None, level: str = Level.OVERALL,
    value: Decimal | None = None, qualifier: str | None = None, is_estimate: bool | None = None,
    numerator: Decimal | None = None, denominator: Decimal | None = None, value_text: str = "", note: str = "",
    as_of_precision: str | None = None, methodology: str | None = None,
) -> Measurement:  # fmt: skip
    """Add one figure to a report.

    The figure is the structured fields, or `value_text` as a Vietnamese report writes it ("ước đạt 71,4%",
    "trên 99%", "1.223/1.712", "thứ 3/63"), read by `indicators.rules.figures.read_figure`; structured fields given with
    it must agree with what it reads. `as_of` defaults to the report's date. A share must lie in 0..100, a rank be
    a whole number ≥ 1, a yes/no value 0 or 1.
    """
    given = {"indicator": indicator, "level": level, "as_of": as_of, "value": value, "qualifier": qualifier,
             "is_estimate": is_estimate, "numerator": numerator, "denominator": denominator,
             "value_text": value_text, "note": note, "as_of_precision": as_of_precision,
             "methodology": methodology}  # fmt: skip
    given = {name: field for name, field in given.items() if field is not None}
    _relock(report)
    measurement = _build_measurement(Measurement(report=report), given, creating=True, report=report)
    # Targets before the insert (indicators/locking.py): the new id is the newest for each target it judges.
    lock_series([(measurement.indicator_id, measurement.level, measurement.province_id)])
    measurement.save()
    add_figures([measurement], locked=True)
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, data: Mapping[str, Any]) -> Measurement:
    """Change a figure. A new `value_text` replaces the figure (structured fields given with it must agree);
    structured fields alone must agree with the stored `value_text`, or come with a new (or empty) one."""
    _check_names(data, MEASUREMENT_FIELDS)
    check_editable(measurement.report)
    before = _stored_measurement(measurement)
    report = data.get("report", measurement.report)
    _relock(report, before[0])
    measurement = _build_measurement(measurement, data, creating=False, report=report)
    series = {before[1:], (measurement.indicator_id, measurement.level, measurement.province_id)}
    lock_series(series)
    measurement.save()
    refresh_for_series(series)
    return measurement


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """Save a figure whose fields are set (the admin's form, an import row): `measurement_create` or
    `measurement_update` with its own values, so the same checks, locks and refresh apply."""
    fields = {name: getattr(measurement, name) for name in MEASUREMENT_FIELDS if name not in ("report", "indicator")}
    if measurement.pk is None:
        created = measurement_create(report=measurement.report, indicator=measurement.indicator, **fields)
        measurement.pk, measurement._state.adding = created.pk, False
        for name in ("unit", "province_id", "is_active", "standing", *fields):
            setattr(measurement, name, getattr(created, name))
        return measurement
    return measurement_update(measurement=measurement, data={"report": measurement.report, **fields})


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> None:
    check_editable(measurement.report)
    report_id, *series = _stored_measurement(measurement)
    lock_reports([report_id])
    lock_series([tuple(series)])
    measurement.delete()
    refresh_for_series([tuple(series)])


def _stored_measurement(measurement: Measurement) -> tuple[int, int, str, int | None]:
    """(report_id, indicator_id, level, province_id) of the figure as stored, whatever was set on the instance."""
    return (
        Measurement.objects.filter(pk=measurement.pk)
        .values_list("report_id", "indicator_id", "level", "province_id")
        .get()
    )


def _relock(report: ProgressReport | None, *others: int) -> None:
    """Lock the report (and the report a figure leaves) first (indicators/locking.py), and take its deletion and
    province as they are under the lock: a report deleted or moved meanwhile is seen deleted or moved."""
    if report is None or report.pk is None:
        return
    locked = lock_reports([report.pk, *others])
    if report.pk in locked:
        report.deleted_at, report.province_id = locked[report.pk]


def _build_measurement(
    measurement: Measurement,
    data: Mapping[str, Any],
    *,
    creating: bool,
    report: ProgressReport | None,
) -> Measurement:
    """Set `data` on `measurement`, read its value_text, check it; raise ValidationError keyed by input field."""
    data = dict(data)
    if report is not None and report.pk is not None and report.state not in EDITABLE:
        check_editable(report)
    if report is not None and report.pk is not None and report.deleted_at is not None:
        raise ValidationError({"report": ValidationError(_("This report is deleted; restore it first."),
                                                         code="deleted")})  # fmt: skip
    text_given = "value_text" in data
    text = data.pop("value_text", measurement.value_text if not creating else "") or ""
    structured = {name: data.pop(name) for name in FIGURE_FIELDS if name in data and data[name] is not None}
    for name in FIGURE_FIELDS:
        data.pop(name, None)  # an explicit null is "not given"
    for name, value in data.items():
        setattr(measurement, name, value)
    measurement.report = report  # type: ignore[assignment]  # None: full_clean names the missing report
    if measurement.as_of is None and report is not None:
        measurement.as_of = report.reported_on
    indicator = measurement.indicator
    unit = indicator.unit

    from_text: set[str] = set()
    errors: Errors = {}
    if text:
        try:
            figure = read_figure(text)
        except FigureError as exc:
            raise ValidationError({"value_text": ValidationError(exc.message(_), code="unreadable")}) from None
        read = {"value": figure.value, "qualifier": figure.qualifier.value, "is_estimate": figure.is_estimate,
                "numerator": figure.numerator, "denominator": figure.denominator}  # fmt: skip
        errors.update(_figure_unit_errors(figure.unit, indicator))
        for name, got in structured.items():
            if got != read[name]:
                errors[name] = ValidationError(
                    _("%(name)s %(got)s disagrees with value_text “%(text)s”, which reads %(read)s.")
                    % {"name": name, "got": got, "text": figure.text, "read": read[name]},
                    code="disagrees",
                )
        for name in FIGURE_FIELDS:
            if name not in structured:
                from_text.add(name)
            setattr(measurement, name, read[name])
        measurement.value_text = figure.text
    else:
        if text_given or creating:
            measurement.value_text = ""
        if creating:
            measurement.qualifier = Qualifier.EXACT.value
            measurement.is_estimate = False
        for name, value in structured.items():
            setattr(measurement, name, value)
        if creating and "value" not in structured:
            errors["value"] = ValidationError(_("Give the value, or the figure as text in value_text."),
                                              code="required")  # fmt: skip
    if errors:
        raise ValidationError(errors)

    value_field = "value_text" if "value" in from_text else "value"
    errors.update(_range_errors(unit, measurement.value, value_field))
    if (abolished := district_abolished(measurement.level, measurement.as_of)) is not None:
        errors["level"] = ValidationError(abolished, code="level_abolished")
    reported_on = report.reported_on if report is not None else None
    errors.update(validation_errors(inputs.figure_date_problems(measurement.as_of, reported_on)))
    if report is not None and "as_of" not in errors:
        errors.update(_lifetime_errors(report.province, measurement.as_of, "as_of", _("a figure")))
    for name, minimum, strict in (("numerator", Decimal(0), False), ("denominator", Decimal(0), True)):
        number = getattr(measurement, name)
        if number is not None and (number <= minimum if strict else number < minimum):
            field = "value_text" if name in from_text else name
            errors.setdefault(field, ValidationError(
                _("The %(name)s must be greater than 0.") if strict else _("The %(name)s cannot be negative."),
                code="out_of_range", params={"name": name}))  # fmt: skip
    errors.update(_index_errors(measurement, indicator, from_text))
    _raise(errors)
    # The copies save() makes, made now so full_clean checks the constraints on them.
    measurement.unit = unit
    measurement.province = report.province if report is not None else None
    measurement.is_active = report is None or report.deleted_at is None
    rename = {name: "value_text" for name in from_text}
    # The report, the indicator and the province are instances read with the request (the report under its lock),
    # and the check constraints (shares, ranks, yes/no, numerator, denominator) were checked above in Python by the
    # input rules: full_clean would ask the database again, three queries a constraint and one a reference.
    exclude = ["indicator", "province", *(["report"] if report is not None else [])]
    _full_clean(measurement, exclude=exclude, rename=rename, constraints=False)
    return measurement


def _index_errors(measurement: Measurement, indicator: Indicator, from_text: set[str]) -> Errors:
    """A DTI figure carries the methodology of its year (the default when not given, indicators/rules/dti.py), and
    a DTI rank is among the units of the division in force on its date (63, or 34 from 1 July 2025)."""
    if indicator.index_family != IndexFamily.DTI or measurement.as_of is None:
        return {}
    errors = {}
    if not measurement.methodology:
        measurement.methodology = dti.methodology_for(measurement.as_of.year) or ""
        if not measurement.methodology:
            errors["methodology"] = ValidationError(
                _("Name the methodology of the DTI of %(year)d (the document it follows): dtrack knows 922/QĐ-BTTTT "
                  "for 2022–2024 and 405/QĐ-BKHCN from 2025 only.") % {"year": measurement.as_of.year},
                code="required",
            )  # fmt: skip
    if indicator.unit == Unit.RANK and measurement.denominator is not None:
        expected = dti.cohort(indicator.unit, True, None, measurement.as_of)
        if measurement.denominator != expected:
            field = "value_text" if "denominator" in from_text else "denominator"
            errors[field] = ValidationError(
                _("A DTI rank as of %(date)s is among %(expected)d units, not %(given)s (63 before 1 July 2025, "
                  "34 from then).") % {"date": measurement.as_of.strftime("%d/%m/%Y"), "expected": expected,
                                       "given": inputs.plain(measurement.denominator)},
                code="cohort",
            )  # fmt: skip
    return errors


def _figure_unit_errors(figure_unit: str | None, indicator: Indicator) -> Errors:
    """A percentage, a share or a rank read from the text must fit the indicator's unit."""
    if figure_unit == "percent" and indicator.unit != Unit.PERCENT:
        message = _("This figure is a percentage, but “%(indicator)s” is measured in %(unit)s.")
    elif figure_unit == "rank" and indicator.unit != Unit.RANK:
        message = _("This figure is a rank, but “%(indicator)s” is measured in %(unit)s.")
    elif indicator.unit == Unit.RANK and figure_unit not in ("rank", None):
        message = _("“%(indicator)s” is a rank: write it as 'thứ 3/63' or a bare number.")
    else:
        return {}
    return {"value_text": ValidationError(message % {"indicator": indicator.name, "unit": indicator.unit},
                                          code="unit_mismatch")}  # fmt: skip
