"""Import and export of targets and measurements (django-import-export), as CSV or XLSX.

Numbers are read the Vietnamese way with `read_figure` ("71,4" = 71.4, "1.126" = 1126) and written the same way
in CSV, so an exported file reads back to the same values. A measurement row may carry the figure as the report
writes it in `value_text` ("trên 99%"), which fills value, qualifier, estimate, numerator and denominator exactly as
the admin form does. Every error names the row and the column; the admin shows them all in a preview and saves
nothing until the file has no error (docs/admin.md lists the columns).

Over 400 lines: the two resources share the Vietnamese widgets (numbers, dates, yes/no, choices, lookups) and the
row-error plumbing (`RowErrorsMixin`); the rules of a row are the services' (`indicators.services`), not copied here.
"""

from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from dtrack.errors import DomainError
from indicators import services
from indicators.forms import FIGURE_FIELDS, figure_fields, read_plain_number, unit_problem
from indicators.labels import COMPARATOR_ASCII, COMPARATOR_SIGNS, vn_number
from indicators.models import (
    Caveat,
    Comparator,
    Indicator,
    Level,
    Measurement,
    Plan,
    ProgressReport,
    QualifierChoice,
    Target,
)
from indicators.rules.assessment import resolve_relative
from indicators.rules.figures import Figure, FigureError, Qualifier, read_figure
from indicators.services.report_checks import check_editable
from provinces.text import fold

BLANK = (None, "")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class IdWidget(widgets.Widget):
    """The row's id: blank for a new row, the id from an export to update that row."""

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError(gettext("mã dòng (id) phải là số nguyên, hoặc để trống cho dòng mới"))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BlankableWidget(widgets.Widget):
    """A widget whose blank cell means None, or is an error when the column is required."""

    def __init__(self, required=False):
        super().__init__()
        self.required = required

    def blank(self, value) -> bool:
        if not _blank(value):
            return False
        if self.required:
            raise ValueError(gettext("bắt buộc phải có"))
        return True


class VnDecimalWidget(BlankableWidget):
    """A number written the Vietnamese way; in CSV output 71,4 and 1.126 (no grouping ambiguity on reading back)."""

    def clean(self, value, row=None, **kwargs):
        if self.blank(value):
            return None
        return read_plain_number(value.strip() if isinstance(value, str) else value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        if kwargs.get("force_native_type"):
            return value
        return vn_number(value)


class VnDateWidget(BlankableWidget):
    """A date as dd/mm/yyyy or yyyy-mm-dd, or a spreadsheet date cell."""

    def clean(self, value, row=None, **kwargs):
        if self.blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(gettext("“%(text)s” không phải là ngày: viết dd/mm/yyyy hoặc yyyy-mm-dd") % {"text": text})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class ChoiceWidget(widgets.Widget):
    """One of a model field's choices, given by its code or its label (diacritics and case ignored)."""

    def __init__(self, choices, default=None, aliases=None):
        super().__init__()
        self.choices = choices
        self.default = default
        self.aliases = aliases or {}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.default is not None:
                return self.default
            raise ValueError(gettext("bắt buộc phải có"))
        text = str(value).strip()
        if text in self.aliases:
            return self.aliases[text]
        for code, label in self.choices:
            if text == code or fold(text) in (fold(code), fold(str(label))):
                return code
        allowed = ", ".join(code for code, _label in self.choices)
        raise ValueError(gettext("“%(text)s” không phải giá trị hợp lệ; dùng một trong: %(allowed)s") % locals())

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class VnBooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "có", "co", "x", "yes"}
    FALSE = {"0", "false", "không", "khong", "no"}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(gettext("“%(text)s” không phải có/không: dùng 1 hoặc 0") % {"text": value})

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "1" if value else "0"


class LookupWidget(BlankableWidget):
    """A related row by its id or by a unique natural field (an indicator's code, a plan's number)."""

    def __init__(self, model, natural=None, required=True):
        super().__init__(required)
        self.model = model
        self.natural = natural

    def clean(self, value, row=None, **kwargs):
        if self.blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        name = self.model._meta.verbose_name
        if self.natural:
            matches = list(self.model.objects.filter(**{self.natural: text})[:2])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValueError(gettext("có nhiều %(name)s “%(text)s”: ghi id thay cho số hiệu") % locals())
        if text.isdigit():
            found = self.model.objects.filter(pk=int(text)).first()
            if found is not None:
                return found
        raise ValueError(gettext("không có %(name)s “%(text)s”") % locals())

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(getattr(value, self.natural)) if self.natural == "code" else str(value.pk)


class RowErrorsMixin:
    """Errors that name the row and the column: “Dòng 2 (dòng 3 của tệp), cột “value_text”: …”."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if not dataset.headers:
            return
        dataset.headers = [str(header or "").strip() for header in dataset.headers]
        known = [field.column_name for field in self.get_import_fields()]
        # A misspelt column would otherwise be ignored without a word, and its values lost.
        unknown = [header for header in dataset.headers if header not in known]
        if unknown:
            raise ValueError(
                gettext("Cột không biết: %(unknown)s. Các cột dùng được: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            )
        if "id" not in dataset.headers:
            # New rows need no id column; without one, every row is new.
            dataset.append_col([""] * len(dataset), header="id")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._row_number = kwargs.get("row_number")

    def cell_error(self, column, message) -> str:
        number = getattr(self, "_row_number", None)
        if number is None:
            return str(message)
        where = {"row": number, "line": number + 1, "column": column, "message": message}
        if column == NON_FIELD_ERRORS:
            return gettext("Dòng %(row)s (dòng %(line)s của tệp): %(message)s") % where
        return gettext("Dòng %(row)s (dòng %(line)s của tệp), cột “%(column)s”: %(message)s") % where

    def get_instance(self, instance_loader, row):
        try:
            pk = self.fields["id"].clean(row)
        except ValueError as error:
            raise ValidationError({"id": self.cell_error("id", error)}) from error
        if pk is None:
            return None
        instance = self.get_queryset().filter(pk=pk).first()
        if instance is None:
            message = gettext("không có dòng id %(id)s để cập nhật; để trống id cho dòng mới") % {"id": pk}
            raise ValidationError({"id": self.cell_error("id", message)})
        return instance

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            if field.column_name == "id":
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except (ValueError, ValidationError) as error:
                message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                errors[field.attribute] = ValidationError(message, code="invalid")
        errors.update(self.check_row(instance, row, errors))
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors) -> dict:
        """Checks across columns; returns {column: message}."""
        return {}

    def prepare_instance(self, instance) -> None:
        """Set what save() would derive, so model validation sees the row as it will be stored."""

    # Columns whose error leaves other fields unset: those are not validated again (one error per cause).
    depends_on: dict = {}

    def save_instance(self, instance, is_create, row, **kwargs):
        # What the services refuse only when writing (a report locked meanwhile…) is a row error as well, listed
        # in the Dòng / Cột / Lý do table, never django-import-export's raw "Line number: 1 - …" list.
        try:
            super().save_instance(instance, is_create, row, **kwargs)
        except DomainError as error:
            raise ValidationError({NON_FIELD_ERRORS: [self.cell_error(NON_FIELD_ERRORS, str(error))]}) from error

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        self.prepare_instance(instance)
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        for column in errors:
            exclude.update(self.depends_on.get(column, ()))
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(
                {
                    column: [self.cell_error(column, message) for message in ValidationError(messages).messages]
                    for column, messages in errors.items()
                }
            )


class TargetResource(RowErrorsMixin, resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", widget=IdWidget())
    plan = fields.Field(attribute="plan", column_name="plan", widget=LookupWidget(Plan, natural="number"))
    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=LookupWidget(Indicator, natural="code")
    )
    level = fields.Field(attribute="level", column_name="level", widget=ChoiceWidget(Level.choices, Level.OVERALL))
    comparator = fields.Field(
        attribute="comparator",
        column_name="comparator",
        widget=ChoiceWidget(
            Comparator.choices,
            aliases={sign: c.value for signs in (COMPARATOR_SIGNS, COMPARATOR_ASCII) for c, sign in signs.items()},
        ),
    )
    value = fields.Field(attribute="value", column_name="value", widget=VnDecimalWidget())
    deadline = fields.Field(attribute="deadline", column_name="deadline", widget=VnDateWidget(required=True))
    baseline_value = fields.Field(attribute="baseline_value", column_name="baseline_value", widget=VnDecimalWidget())
    baseline_date = fields.Field(attribute="baseline_date", column_name="baseline_date", widget=VnDateWidget())
    relative_change = fields.Field(attribute="relative_change", column_name="relative_change", widget=VnDecimalWidget())
    source_quote = fields.Field(attribute="source_quote", column_name="source_quote", widget=widgets.CharWidget())
    source_note = fields.Field(attribute="source_note", column_name="source_note", widget=widgets.CharWidget())
    # The cascade and the reform's fields: a target derives from a parent (its id) and may name the unit answerable.
    parent = fields.Field(attribute="parent", column_name="parent", widget=LookupWidget(Target, required=False))
    responsible_unit = fields.Field(
        attribute="responsible_unit", column_name="responsible_unit", widget=widgets.CharWidget()
    )
    continues = fields.Field(
        attribute="continues", column_name="continues", widget=LookupWidget(Target, required=False)
    )
    cohort = fields.Field(attribute="cohort", column_name="cohort", widget=widgets.IntegerWidget())
    relative_form = fields.Field(attribute="relative_form", column_name="relative_form", widget=widgets.CharWidget())
    value_source = fields.Field(attribute="value_source", column_name="value_source", widget=widgets.CharWidget())
    caveat = fields.Field(attribute="caveat", column_name="caveat", widget=ChoiceWidget(Caveat.choices, default=""))
    caveat_note = fields.Field(attribute="caveat_note", column_name="caveat_note", widget=widgets.CharWidget())

    class Meta:
        model = Target
        name = _("chỉ tiêu")
        fields = [
            "id", "plan", "indicator", "level", "comparator", "value", "deadline", "baseline_value",
            "baseline_date", "relative_change", "source_quote", "source_note", "parent", "responsible_unit",
            "continues", "cohort", "relative_form", "value_source", "caveat", "caveat_note",
        ]  # fmt: skip
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Target.objects.select_related("plan", "indicator", "parent", "continues")

    def do_instance_save(self, instance, is_create):
        # The service's checks, facts and stored assessment, as for the API and the admin.
        services.target_save(target=instance)

    def check_row(self, instance, row, errors):
        problems = {}
        if "value" not in errors and instance.value is None and instance.relative_change is None:
            problems["value"] = gettext("bắt buộc phải có (hoặc ghi relative_change và giá trị cơ sở)")
        elif "value" not in errors and instance.indicator_id and "indicator" not in errors:
            self.prepare_instance(instance)
            # The rules of every door (indicators/rules/inputs.py), with the API's and the admin's messages.
            found = {**services.target_errors(instance, instance.indicator.unit), **services.parent_errors(instance)}
            for name, error in found.items():
                if name not in errors:
                    problems[name] = "; ".join(error.messages)
        return problems

    def prepare_instance(self, instance):
        if instance.indicator_id:
            instance.unit = instance.indicator.unit
        if instance.relative_change is not None and instance.baseline_value is not None:
            instance.value = resolve_relative(instance.baseline_value, instance.relative_change)


class MeasurementResource(RowErrorsMixin, resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", widget=IdWidget())
    report = fields.Field(attribute="report", column_name="report", widget=LookupWidget(ProgressReport))
    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=LookupWidget(Indicator, natural="code")
    )
    level = fields.Field(attribute="level", column_name="level", widget=ChoiceWidget(Level.choices, Level.OVERALL))
    as_of = fields.Field(attribute="as_of", column_name="as_of", widget=VnDateWidget())
    value_text = fields.Field(attribute="value_text", column_name="value_text", widget=widgets.CharWidget())
    value = fields.Field(attribute="value", column_name="value", widget=VnDecimalWidget())
    qualifier = fields.Field(
        attribute="qualifier", column_name="qualifier", widget=ChoiceWidget(QualifierChoice.choices, "exact")
    )
    is_estimate = fields.Field(attribute="is_estimate", column_name="is_estimate", widget=VnBooleanWidget())
    numerator = fields.Field(attribute="numerator", column_name="numerator", widget=VnDecimalWidget())
    denominator = fields.Field(attribute="denominator", column_name="denominator", widget=VnDecimalWidget())
    note = fields.Field(attribute="note", column_name="note", widget=widgets.CharWidget())

    class Meta:
        model = Measurement
        name = _("số liệu")
        fields = [
            "id",
            "report",
            "indicator",
            "level",
            "as_of",
            "value_text",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
            "note",
        ]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    depends_on = {"value_text": FIGURE_FIELDS, "report": ("as_of",)}

    def get_queryset(self):
        return Measurement.objects.select_related("report", "indicator")

    def do_instance_save(self, instance, is_create):
        services.measurement_save(measurement=instance)

    def check_row(self, instance, row, errors):
        problems = {}
        report = instance.report if instance.report_id and "report" not in errors else None
        if report is not None and report.deleted_at is not None:
            problems["report"] = gettext("báo cáo này đã bị xóa; khôi phục nó trước khi nhập số liệu")
        elif report is not None:
            try:
                check_editable(report)  # submitted, approved, or its period closed: named on its row and column
            except DomainError as error:
                problems["report"] = str(error)
        if instance.as_of is None and "as_of" not in errors and report is not None:
            instance.as_of = report.reported_on  # documented default: the report's date
        indicator = instance.indicator if instance.indicator_id and "indicator" not in errors else None
        text = (instance.value_text or "").strip()
        if "value_text" in errors:
            return problems
        if text:
            try:
                figure = read_figure(text)
            except FigureError as error:
                problems["value_text"] = gettext("Không đọc được số liệu: %(reason)s") % {
                    "reason": error.message(gettext)
                }
                return problems
            if indicator is not None and (problem := unit_problem(figure, indicator.unit)):
                problems["value_text"] = problem
                return problems
            read = figure_fields(figure)
            for name in FIGURE_FIELDS:
                given = row.get(name)
                if name in errors or _blank(given):
                    continue
                if getattr(instance, name) != read[name]:
                    problems[name] = gettext("khác với số liệu đọc từ value_text “%(text)s”") % {"text": figure.text}
            if not problems:
                for name, value in read.items():
                    setattr(instance, name, value)
                instance.value_text = figure.text
        elif "value" not in errors:
            if instance.value is None:
                problems["value"] = gettext("bắt buộc phải có: ghi số liệu ở value_text hoặc ở value")
            elif indicator is not None:
                plain = Figure(instance.value, Qualifier.EXACT, False, None, None, None, None, None, "")
                if problem := unit_problem(plain, indicator.unit):
                    problems["value"] = problem
        return problems

    def prepare_instance(self, instance):
        if instance.indicator_id:
            instance.unit = instance.indicator.unit
        if instance.report_id:
            instance.province_id = instance.report.province_id
            instance.is_active = instance.report.deleted_at is None
