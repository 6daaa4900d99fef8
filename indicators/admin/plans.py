"""The admin page of plans: their targets inline, the plan's scorecard and its report download."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import ProvinceScopedAdminMixin, ProvinceScopedInlineMixin
from indicators.admin.common import VN_NUMBERS, ChoiceLabelsMixin, FoldedSearchMixin, plan_ids
from indicators.admin.plan_scorecard import PlanScorecardMixin
from indicators.admin.writes import PlanWrites
from indicators.forms import TargetForm
from indicators.models import Plan, Target
from indicators.outputs.report_admin import PlanReportAdminMixin


class TargetInline(ProvinceScopedInlineMixin, ChoiceLabelsMixin, admin.TabularInline):
    model = Target
    form = TargetForm
    formfield_overrides = VN_NUMBERS
    extra = 1
    fields = ["indicator", "level", "comparator", "value", "deadline", "baseline_value", "baseline_date"]
    autocomplete_fields = ["indicator"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "plan")  # both in the row's name


@admin.register(Plan)
class PlanAdmin(
    PlanScorecardMixin,
    PlanReportAdminMixin,
    PlanWrites,
    ProvinceScopedAdminMixin,
    FoldedSearchMixin,
    SimpleHistoryAdmin,
):
    list_display = ["__str__", "title", "province", "issuer", "issued_on", "status", "target_count"]
    list_select_related = ["province"]
    list_filter = ["document_type", "status", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "title", "issuer"]
    ordering = ["-issued_on", "id"]  # Meta.ordering is dropped by the count annotation
    autocomplete_fields = ["province", "superseded_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["document_type", "number", "title", "issuer", "issued_on", "province"]}),
        (_("Hiệu lực"), {"fields": ["period_start", "period_end", "status", "superseded_by"]}),
        (_("Nguồn"), {"fields": ["source_url", "source_note"]}),
        (_("Chỉ tiêu"), {"fields": ["targets_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_target_count=Count("targets"))

    @admin.display(description=_("số chỉ tiêu"), ordering="_target_count")
    def target_count(self, plan):
        return plan._target_count

    def word_condition(self, word):
        return Q(pk__in=plan_ids(word)) | Q(province__search_name__contains=word)
