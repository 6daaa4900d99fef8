"""The admin page of measurements (figures), with import and export."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ProvinceScopedAdminMixin
from indicators.admin.common import (
    VN_NUMBERS,
    ChoiceLabelsMixin,
    FoldedSearchMixin,
    ImportExportAdmin,
    indicator_ids,
    report_ids,
)
from indicators.admin.filters import ActiveFilter, MeasurementProvinceFilter
from indicators.admin.writes import MeasurementWrites
from indicators.forms import MeasurementForm
from indicators.labels import QUALIFIER_WORDS, with_unit
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from indicators.rules.cycle import EDITABLE


@admin.register(Measurement)
class MeasurementAdmin(
    MeasurementWrites, ProvinceScopedAdminMixin, ChoiceLabelsMixin, FoldedSearchMixin, ImportExportAdmin
):
    resource_classes = [MeasurementResource]
    form = MeasurementForm
    formfield_overrides = VN_NUMBERS
    list_display = [
        "indicator",
        "province_display",
        "level",
        "as_of",
        "figure",
        "is_estimate",
        "report",
        "active",
    ]
    list_select_related = ["indicator", "province", "report"]
    list_filter = [
        ("indicator", admin.RelatedOnlyFieldListFilter),
        "level",
        ("province", MeasurementProvinceFilter),
        "is_estimate",
        ActiveFilter,
    ]
    search_fields = ["indicator__name", "value_text", "note"]
    autocomplete_fields = ["report", "indicator"]
    fields = [
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

    def word_condition(self, word):
        return (
            Q(indicator__in=indicator_ids(word))
            | Q(province__search_name__contains=word)
            | Q(report__in=report_ids(word))
            | Q(value_text__icontains=word)
            | Q(note__icontains=word)
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.report.state not in EDITABLE:  # its report is locked
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.report.state not in EDITABLE:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("tỉnh, thành phố"), ordering="province__name")
    def province_display(self, measurement):
        return measurement.province.short_name if measurement.province else gettext("cả nước")

    @admin.display(description=_("số liệu"), ordering="value")
    def figure(self, measurement):
        if measurement.value_text:
            return measurement.value_text
        estimate = "ước " if measurement.is_estimate else ""
        return (
            estimate + QUALIFIER_WORDS.get(measurement.qualifier, "") + with_unit(measurement.value, measurement.unit)
        )

    @admin.display(description=_("còn hiệu lực"), boolean=True, ordering="is_active")
    def active(self, measurement):
        return measurement.is_active
