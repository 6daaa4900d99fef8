"""What the indicators admin pages share: search that ignores diacritics, numbers typed the Vietnamese way,
comparators and qualifiers shown with their words, and the import/export base class."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

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


class ImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    formats = [base_formats.CSV, base_formats.XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
