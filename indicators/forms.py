"""Admin forms: a clerk types a figure as the report writes it ("trên 99%") and the form fills the structured fields.

`read_figure` (indicators/rules/figures.py) reads the text; whatever it cannot read is an error on `value_text` with its
reason, and nothing is saved: a figure is never guessed. The same checks serve the import of measurements
(indicators/resources.py), so a figure typed in a form and one read from a file obey the same rules.
"""

from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import services
from indicators.models import DatePrecision, Measurement, ProgressReport, Target, Unit
from indicators.rules import inputs
from indicators.rules.assessment import resolve_relative
from indicators.rules.cycle import EDITABLE
from indicators.rules.figures import Figure, FigureError, Qualifier, read_figure
from indicators.services.report_checks import period_closed, window_errors
from indicators.services.targets import TARGET_FIELDS

# The structured fields that a figure typed as text fills.
FIGURE_FIELDS = ("value", "qualifier", "is_estimate", "numerator", "denominator")


def figure_fields(figure: Figure) -> dict:
    """The model fields that `figure` sets."""
    return {
        "value": figure.value,
        "qualifier": figure.qualifier.value,
        "is_estimate": figure.is_estimate,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
    }


def unit_problem(figure: Figure, unit: str) -> str | None:
    """Why `figure` cannot be a value of an indicator measured in `unit`, or None when it can: the written unit
    must fit (here), the value the unit's range (the input rules of every door, indicators/rules/inputs.py)."""
    written = figure.unit
    if unit == Unit.PERCENT and written not in (None, "percent"):
        return gettext("chỉ số tính bằng phần trăm, nhưng số liệu là “%(written)s”") % {"written": written}
    if unit == Unit.RANK and written not in (None, "rank"):
        return gettext("chỉ số là thứ hạng: hãy viết “thứ 3/63” hoặc “3”")
    if unit == Unit.BOOLEAN and written is not None:
        return gettext("chỉ số có/không chỉ nhận 1 (có, đã hoàn thành) hoặc 0 (không)")
    if unit not in (Unit.PERCENT, Unit.RANK, Unit.BOOLEAN) and written in ("percent", "rank"):
        label = Unit(unit).label
        return gettext("chỉ số tính theo “%(unit)s”, không phải phần trăm hay thứ hạng") % {"unit": label}
    errors = services.validation_errors(inputs.value_problems(unit, figure.value, "value"))
    return "; ".join(errors["value"].messages) if errors else None


def read_plain_number(text) -> Decimal:
    """A number written the Vietnamese way ("71,4", "1.126", "90%"), or a number from a spreadsheet cell.

    Raises ValueError with the reason. Qualifiers, estimate markers and shares are refused here: they belong to
    the figure text (`value_text`), never to a bare number column.
    """
    if isinstance(text, bool):
        raise ValueError(gettext("cần một số, không phải giá trị đúng/sai"))
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    try:
        figure = read_figure(str(text))
    except FigureError as error:
        raise ValueError(gettext("không đọc được số: %(reason)s") % {"reason": error.message(gettext)}) from error
    if (
        figure.qualifier is not Qualifier.EXACT
        or figure.is_estimate
        or figure.denominator is not None
        or figure.unit not in (None, "percent")
    ):
        raise ValueError(
            gettext(
                "“%(text)s” không phải là một số đơn thuần; số liệu có định tính (trên, gần, ước…) ghi ở value_text"
            )
            % {"text": figure.text}
        )
    return figure.value


class MeasurementForm(forms.ModelForm):
    """A measurement typed by a clerk. `value_text` ("trên 99%") fills value, qualifier, estimate, numerator and
    denominator; left empty, the structured fields are entered directly."""

    class Meta:
        model = Measurement
        fields = [
            "report",
            "indicator",
            "level",
            "as_of",
            "as_of_precision",
            "value_text",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
            "note",
        ]
        help_texts = {
            "value_text": _(
                "Gõ số liệu đúng như trong văn bản: “trên 99%”, “1.223/1.712”, “ước đạt 71,4%”, “thứ 3/63”. "
                "Giá trị, định tính, ước tính, tử số và mẫu số được điền tự động. Để trống nếu nhập trực tiếp giá trị."
            ),
        }

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        for name in ("value", "qualifier", "as_of", "as_of_precision"):
            if name in self.fields:
                self.fields[name].required = False
        if "as_of" in self.fields and report is not None:
            self.fields["as_of"].help_text = _("Để trống: lấy ngày báo cáo.")

    def clean(self):
        data = super().clean()
        # A submitted or approved report is read-only (docs/reporting.md): neither its figures nor new ones.
        for report in (data.get("report") or self.report, self.instance.report if self.instance.report_id else None):
            if report is not None and report.pk is not None and report.state not in EDITABLE:
                raise forms.ValidationError(
                    gettext("Báo cáo “%(report)s” đang ở trạng thái %(state)s: không sửa được số liệu.")
                    % {"report": report, "state": report.get_state_display()}
                )
        text = (data.get("value_text") or "").strip()
        indicator = data.get("indicator")
        if text:
            self._apply_figure(text, data, indicator)
        else:
            if data.get("value") is None and "value" not in self.errors:
                self.add_error(
                    "value", gettext("Nhập số liệu vào ô “số liệu như trong văn bản”, hoặc nhập giá trị ở ô này.")
                )
            if not data.get("qualifier"):
                data["qualifier"] = Qualifier.EXACT.value
            if indicator is not None and data.get("value") is not None:
                figure = Figure(data["value"], Qualifier.EXACT, False, None, None, None, None, None, "")
                if problem := unit_problem(figure, indicator.unit):
                    self.add_error("value", problem)
        if not data.get("as_of_precision"):
            data["as_of_precision"] = DatePrecision.DAY.value  # left empty: the date is exact
        if data.get("as_of") is None and "as_of" not in self.errors:
            report = data.get("report") or self.report
            if report is not None and report.reported_on is not None:
                data["as_of"] = report.reported_on
            else:
                self.add_error("as_of", forms.Field.default_error_messages["required"])
        return data

    def _apply_figure(self, text: str, data: dict, indicator) -> None:
        try:
            figure = read_figure(text)
        except FigureError as error:
            self.add_error(
                "value_text", gettext("Không đọc được số liệu: %(reason)s") % {"reason": error.message(gettext)}
            )
            return
        if indicator is not None and (problem := unit_problem(figure, indicator.unit)):
            self.add_error("value_text", problem)
            return
        read = figure_fields(figure)
        # A structured field the clerk changed by hand must agree with the text: never pick one of two figures.
        for name in FIGURE_FIELDS:
            if name in self.changed_data and name in data and not _same(data[name], read[name]):
                self.add_error(
                    name,
                    gettext("Khác với số liệu đọc từ “%(text)s” (%(read)s). Sửa một trong hai ô, hoặc xóa ô này.")
                    % {"text": figure.text, "read": _shown(read[name])},
                )
                return
        data.update(read)
        data["value_text"] = figure.text

    def _post_clean(self):
        super()._post_clean()
        # Measurement.save() copies the province, unit and active flag from the report and the indicator.
        if self.report is not None and self.instance.report_id is None and self.report.pk is not None:
            self.instance.report = self.report


def _same(given, read) -> bool:
    if given in (None, "") or read is None:
        return given in (None, "", False) and read in (None, "", False)
    if isinstance(read, Decimal):
        return Decimal(given) == read
    return given == read


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


class MeasurementInlineFormSet(BaseInlineFormSet):
    """Gives each form its report, so an empty as-of date takes the report's date."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["report"] = self.instance
        return kwargs


class ProgressReportForm(forms.ModelForm):
    """A report in the admin: attached to a period, it must cover it, and the period must not be closed for its
    unit (the same rules as the API: `indicators/services/report_checks.py`)."""

    def clean(self):
        data = super().clean()
        if data.get("period") is None or self.errors:
            return data
        report = ProgressReport(
            **{name: data.get(name) for name in ("province", "period", "reported_on", "period_start", "period_end")}
        )
        for field, error in window_errors(report).items():
            self.add_error(field, error)
        # The window fills an empty data period, as the API does.
        data["period_start"], data["period_end"] = report.period_start, report.period_end
        if period_closed(report):
            raise forms.ValidationError(gettext("Kỳ báo cáo này đã khóa đối với đơn vị; chỉ cán bộ quản trị mở khóa."))
        return data


class TargetForm(forms.ModelForm):
    """A target; with a relative change and a baseline the value may be left empty: it is computed from them."""

    class Meta:
        model = Target
        fields = list(TARGET_FIELDS)  # the fields the services write (indicators/services/targets.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "value" in self.fields:
            self.fields["value"].required = False

    def clean(self):
        data = super().clean()
        if data.get("value") is None and "value" not in self.errors:
            change, baseline = data.get("relative_change"), data.get("baseline_value")
            if change is not None and baseline is not None:
                data["value"] = resolve_relative(baseline, change)
            else:
                self.add_error(
                    "value", gettext("Nhập giá trị mục tiêu, hoặc thay đổi tương đối cùng giá trị và ngày cơ sở.")
                )
        indicator = data.get("indicator") or getattr(self.instance, "indicator", None)
        if indicator is not None and not self.errors:
            # The rules of every door (indicators/rules/inputs.py), with the API's messages.
            row = Target(**{name: data.get(name, getattr(self.instance, name, None)) for name in TARGET_INPUTS})
            for name, error in services.target_errors(row, indicator.unit).items():
                self.add_error(name if name in self.fields else None, error)
        if indicator is not None and data.get("parent") is not None and not self.errors:
            # A parent's rules (itself, a cycle, another indicator, another comparator): the API's messages.
            row = Target(
                pk=self.instance.pk, indicator=indicator, comparator=data.get("comparator"), parent=data["parent"]
            )
            for name, error in services.parent_errors(row).items():
                self.add_error(name if name in self.fields else None, error)
        return data


# The target's fields the input rules read.
TARGET_INPUTS = ("comparator", "value", "relative_change", "baseline_value", "baseline_date", "deadline")


class MilestoneInlineFormSet(BaseInlineFormSet):
    """A target's milestones in the admin, checked together against the target as the form sets it (its unit,
    baseline date and deadline) by the input rules every door uses."""

    def clean(self):
        super().clean()
        target = self.instance
        if target is None or not target.indicator_id or target.deadline is None:
            return
        kept = [
            form for form in self.forms if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        points = [
            (form.cleaned_data["on"], form.cleaned_data["value"])
            for form in kept
            if form.cleaned_data.get("on") and form.cleaned_data.get("value") is not None
        ]
        found = services.milestone_errors(target, target.indicator.unit, points)
        for index, errors in found.items():
            for name, error in errors.items():
                kept[index].add_error(name, error)


class VnDecimalField(forms.DecimalField):
    """A number typed the Vietnamese way in the admin: "4,5" is 4.5, "1.234,5" is 1234.5 (never 45 nor 12345), a
    leading minus allowed; shown the same way without trailing zeros ("4,5", not "4,5000")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 12})

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            text = value.strip().replace("\u2212", "-")
            negative = text.startswith("-")
            try:
                number = read_plain_number(text.lstrip("-").strip())
            except ValueError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
            return -number if negative else number
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return vn_input(value)
        return value

    def widget_attrs(self, widget):
        return {}  # no step: a text input


def vn_input(value: Decimal) -> str:
    """A decimal as a Vietnamese clerk types it: decimal comma, no thousands dots, no trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
