"""What the indicators admin pages share: search that ignores diacritics, numbers typed the Vietnamese way,
comparators and qualifiers shown with their words, and the import/export base class."""

import csv
import io

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin
from tablib import InvalidDimensions

from indicators.forms import VnDecimalField
from indicators.labels import COMPARATOR_LABELS, QUALIFIER_LABELS
from indicators.models import Indicator, Plan, ProgressReport
from provinces.text import fold

# --- diacritic-insensitive search -----------------------------------------------------------------------------


def folded_ids(queryset, fields, word: str) -> list:
    """Primary keys of rows whose fields, folded ("Quảng Trị" → "quang tri"), contain the folded `word`.

    Folding happens in Python, which reads the same on SQLite and PostgreSQL; it is meant for the small tables
    (indicators, plans, reports) a clerk searches, and larger tables search through them.
    """
    matches = []
    for pk, *values in queryset.values_list("pk", *fields):
        if word in fold(" ".join(str(value) for value in values if value)):
            matches.append(pk)
    return matches


class FoldedSearchMixin:
    """Search where every word of the term must match, diacritics and case ignored."""

    search_help_text = _("Không phân biệt dấu và hoa thường: “quang tri” tìm được “Quảng Trị”.")

    def word_condition(self, word: str) -> Q:
        raise NotImplementedError

    def get_search_results(self, request, queryset, search_term):
        words = fold(search_term).split()
        if not words:
            return queryset, False
        condition = Q()
        for word in words:
            condition &= self.word_condition(word)
        return queryset.filter(condition), False


def indicator_ids(word):
    return folded_ids(Indicator.objects.all(), ["code", "name", "name_en"], word)


def plan_ids(word):
    return folded_ids(Plan.objects.all(), ["number", "title", "issuer"], word)


def report_ids(word):
    return folded_ids(ProgressReport.objects.all(), ["title", "document_number", "source_note"], word)


# Numbers typed the Vietnamese way ("4,5", "1.234,5") and shown without trailing zeros, in every admin form.
VN_NUMBERS = {models.DecimalField: {"form_class": VnDecimalField}}


class ChoiceLabelsMixin:
    """Comparators and qualifiers are stored as codes; show them with their sign and Vietnamese words."""

    labels = {"comparator": COMPARATOR_LABELS, "qualifier": QUALIFIER_LABELS}

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name in self.labels:
            kwargs["choices"] = self.labels[db_field.name]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class FileNotReadable(ValueError):
    """A file the import cannot read, with the reason a person can act on."""


class VnCSV(base_formats.CSV):
    """CSV that says which line has more columns than the header, the usual cause being a figure typed unquoted
    with a decimal comma (71,4%) — instead of tablib's bare "InvalidDimensions"."""

    def create_dataset(self, in_stream, **kwargs):
        try:
            return super().create_dataset(in_stream, **kwargs)
        except InvalidDimensions:
            text = in_stream.decode(self.encoding or "utf-8-sig") if isinstance(in_stream, bytes) else in_stream
            reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
            width = len(next(reader, []))
            for row in reader:
                if len(row) > width:
                    raise FileNotReadable(
                        gettext(
                            "Dòng %(line)s của tệp có nhiều cột hơn tiêu đề (%(found)s cột, tiêu đề có %(expected)s); "
                            'số có dấu phẩy phải đặt trong ngoặc kép, ví dụ "71,4%%".'
                        )
                        % {"line": reader.line_num, "found": len(row), "expected": width}
                    ) from None
            raise


class ImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    formats = [VnCSV, base_formats.XLSX]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileNotReadable):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
