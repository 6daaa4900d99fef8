"""The admin for clerks: indicators, plans with their targets, targets with milestones and their current assessment,
progress reports with their measurements typed as the report writes them (docs/admin.md).

- Targets are listed with today's stored assessment (indicators/state.py), so the list filters and orders by status,
  gap and days remaining in one query whatever the number of rows.
- Deleting a progress report hides it (soft delete through `indicators.services`); an action restores it.
- Search ignores diacritics: the term and the names are folded with `provinces.text.fold`.
- Targets and measurements import and export as CSV or XLSX (indicators/resources.py).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from accounts import policy
from accounts.admin_mixins import ProvinceScopedAdminMixin, ProvinceScopedInlineMixin
from indicators import cards, conf
from indicators.admin import cascade as admin_cascade
from indicators.admin import chart as admin_chart
from indicators.admin.cascade import CascadeFlagFilter
from indicators.admin.chart import status_badge
from indicators.admin.plan_scorecard import NamedTargetsMixin, PlanScorecardMixin
from indicators.admin.writes import MeasurementWrites, PlanWrites, ReportWrites, TargetWrites
from indicators.forms import (
    MeasurementForm,
    MeasurementInlineFormSet,
    MilestoneInlineFormSet,
    ProgressReportForm,
    TargetForm,
    VnDecimalField,
)
from indicators.labels import (
    COMPARATOR_LABELS,
    DEADLINE_LABELS,
    QUALIFIER_LABELS,
    QUALIFIER_WORDS,
    STATUS_LABELS,
    with_unit,
)
from indicators.models import Indicator, Measurement, Milestone, Plan, ProgressReport, Target
from indicators.outputs.admin_export import TargetAssessmentResource
from indicators.outputs.report_admin import PlanReportAdminMixin
from indicators.resources import MeasurementResource, TargetResource
from indicators.rules.assessment import SEVERITY, DeadlineStatus, Status
from indicators.rules.cycle import EDITABLE
from indicators.selectors import targets as target_lists
from indicators.state import stored_holds
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


# --- filters ----------------------------------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    title = _("trạng thái")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, STATUS_LABELS[status]) for status in SEVERITY]

    def queryset(self, request, queryset):
        if self.value() in {status.value for status in Status}:
            return queryset.filter(status=self.value())
        return queryset


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = _("tình trạng thời hạn")
    parameter_name = "deadline_status"

    def lookups(self, request, model_admin):
        return [(status.value, DEADLINE_LABELS[status]) for status in DeadlineStatus]

    def queryset(self, request, queryset):
        if self.value() in {status.value for status in DeadlineStatus}:
            return queryset.filter(deadline_status=self.value())
        return queryset


class YearFilter(admin.SimpleListFilter):
    field = ""

    def lookups(self, request, model_admin):
        years = model_admin.model.objects.dates(self.field, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.field}__year": int(self.value())})
        return queryset


class DeadlineYearFilter(YearFilter):
    title = _("năm thời hạn")
    parameter_name = "deadline_year"
    field = "deadline"


class ReportYearFilter(YearFilter):
    title = _("năm báo cáo")
    parameter_name = "reported_year"
    field = "reported_on"


class MeasurementProvinceFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext("tỉnh, thành phố")


class DeletedFilter(admin.SimpleListFilter):
    """Deleted reports are hidden unless asked for; they can then be restored."""

    title = _("tình trạng")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("đang dùng")), ("yes", _("đã xóa")), ("all", _("tất cả"))]

    def choices(self, changelist):
        value = self.value() or "no"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "no"
        if value == "no":
            return queryset.filter(deleted_at__isnull=True)
        if value == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    title = _("còn hiệu lực")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("có (báo cáo đang dùng)")), ("no", _("không (báo cáo đã xóa)"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_active=self.value() == "yes")
        return queryset


# --- import/export --------------------------------------------------------------------------------------------


class ImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    formats = [base_formats.CSV, base_formats.XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


# --- indicators -------------------------------------------------------------------------------------------------


@admin.register(Indicator)
class IndicatorAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "direction", "pillar"]
    list_filter = ["pillar", "unit", "direction"]
    search_fields = ["code", "name", "name_en"]
    fields = ["code", "name", "name_en", "unit", "direction", "pillar", "definition", "source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cards.restore(Target.objects.filter(indicator=obj))  # the target list shows its code and name

    def word_condition(self, word):
        return Q(pk__in=indicator_ids(word))


# --- plans and targets ----------------------------------------------------------------------------------------


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


class MilestoneInline(ProvinceScopedInlineMixin, admin.TabularInline):
    model = Milestone
    formset = MilestoneInlineFormSet
    formfield_overrides = VN_NUMBERS
    extra = 1
    fields = ["on", "value"]


class AssessedChangeList(ChangeList):
    """The target list, with every row assessed on today's date (status, gap, deadline...): the stored assessment
    when every target holds it for today (indicators/state.py), else the statuses judged by the pure rules."""

    def get_queryset(self, request, exclude_parameters=None):
        if not getattr(self, "_assessed", False):
            today, thresholds = conf.today(), conf.thresholds()
            stored = self.root_queryset.with_stored(today)
            if not stored_holds(today, thresholds):
                # Not yet refreshed for today (or the thresholds changed): the statuses by the pure rules, from
                # facts the database searches; the gap and the latest figure do not depend on the day.
                rows = target_lists.assess_all(self.root_queryset, today, thresholds)
                stored = target_lists.with_statuses(stored, rows)
            self.root_queryset = stored
            self._assessed = True
        return super().get_queryset(request, exclude_parameters)


@admin.register(Target)
class TargetAdmin(
    NamedTargetsMixin, TargetWrites, ProvinceScopedAdminMixin, ChoiceLabelsMixin, FoldedSearchMixin, ImportExportAdmin
):
    resource_classes = [TargetResource]

    def get_export_resource_classes(self, request):
        # First the assessed columns with Vietnamese labels; then the import's columns, to edit and import back.
        return [TargetAssessmentResource, TargetResource]

    form = TargetForm
    formfield_overrides = VN_NUMBERS
    # The verdict first, and every column a clerk compares within a 1366 px screen (tests/admin/test_browser.py):
    # the level tells a target's three levels apart; the plan, last, shows its number only.
    list_display = [
        "indicator", "level", "status_display", "target", "latest_display", "gap_display", "deadline_display",
        "plan_display", "flags_display",
    ]  # fmt: skip
    list_select_related = ["indicator", "plan__province"]
    list_filter = [
        StatusFilter,
        DeadlineStatusFilter,
        CascadeFlagFilter,
        ("plan__province", admin.RelatedOnlyFieldListFilter),
        ("plan", admin.RelatedOnlyFieldListFilter),
        "plan__status",
        DeadlineYearFilter,
        "indicator__pillar",
        "level",
    ]
    search_fields = ["indicator__name", "plan__number", "plan__title"]
    autocomplete_fields = ["plan", "indicator", "parent"]
    inlines = [MilestoneInline]
    readonly_fields = ["assessment", "cascade"]
    fieldsets = [
        (None, {"fields": ["plan", "indicator", "level", "comparator", "value", "relative_change", "deadline"]}),
        (_("Giá trị cơ sở"), {"fields": ["baseline_value", "baseline_date"]}),
        (_("Nguồn"), {"fields": ["source_quote", "source_note"]}),
        (
            _("Dạng tương đối, lưu ý và chuỗi số liệu"),
            {"fields": ["cohort", "relative_form", "value_source", "caveat", "caveat_note", "continues"]},
        ),
        (_("Phân cấp chỉ tiêu"), {"fields": ["parent", "responsible_unit"]}),
    ]

    def get_changelist(self, request, **kwargs):
        return AssessedChangeList

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(0, (_("Đánh giá hiện tại"), {"fields": ["assessment", "cascade"]}))
        return fieldsets

    def word_condition(self, word):
        return (
            Q(indicator__in=indicator_ids(word))
            | Q(plan__in=plan_ids(word))
            | Q(plan__province__search_name__contains=word)
        )

    # Actions and deletions work on plain rows: the assessed list is a read-only query.
    def response_action(self, request, queryset):
        return super().response_action(request, Target.objects.filter(pk__in=queryset.values("pk")))

    @admin.display(description=_("đánh giá hôm nay"))
    def assessment(self, target):
        if target.pk is None:
            return "–"
        return admin_chart.render_assessment(admin_chart.target_view(target, conf.today()))

    @admin.display(description=_("phân cấp: cảnh báo và chỉ tiêu cấp dưới"))
    def cascade(self, target):
        if target.pk is None:
            return "–"
        return admin_cascade.render(target, conf.today())

    @admin.display(description=_("cảnh báo"))
    def flags_display(self, target):
        return admin_cascade.flag_badges(target)

    @admin.display(description=_("kế hoạch"), ordering="plan__number")
    def plan_display(self, target):
        plan = target.plan
        name = plan.number or plan.title[:40]
        if plan.status != Plan.Status.IN_FORCE:
            # A draft or superseded plan's targets are shown with its status, never as if it were in force.
            name = format_html("{} <strong>({})</strong>", name, plan.get_status_display())
        return format_html("{}<br><small>{}</small>", name, self.province(target))

    @admin.display(description=_("thời hạn"), ordering="deadline")
    def deadline_display(self, target):
        return format_html("{}<br><small>{}</small>", target.deadline.strftime("%d/%m/%Y"),
                           self.deadline_status_display(target))  # fmt: skip

    @admin.display(description=_("tỉnh, thành phố"), ordering="plan__province__name")
    def province(self, target):
        province = target.plan.province
        return province.short_name if province else gettext("cả nước")

    @admin.display(description=_("mục tiêu"), ordering="value")
    def target(self, target):
        comparator = "≥" if target.comparator == "at_least" else "≤"
        return f"{comparator} {with_unit(target.value, target.unit)}"

    @admin.display(description=_("trạng thái"), ordering="status_rank")
    def status_display(self, target):
        return status_badge(getattr(target, "status", None))

    @admin.display(description=_("khoảng cách"), ordering="gap")
    def gap_display(self, target):
        gap = getattr(target, "gap", None)
        return "–" if gap is None else with_unit(gap, target.unit)

    @admin.display(description=_("tình trạng thời hạn"), ordering="days_remaining")
    def deadline_status_display(self, target):
        status, days = getattr(target, "deadline_status", None), getattr(target, "days_remaining", None)
        if status is None:
            return "–"
        if status in (DeadlineStatus.MET, DeadlineStatus.MET_LATE) or days is None:
            return DEADLINE_LABELS[status]
        if days >= 0:
            remaining = ngettext("còn %(days)d ngày", "còn %(days)d ngày", days) % {"days": days}
        else:
            remaining = ngettext("quá %(days)d ngày", "quá %(days)d ngày", -days) % {"days": -days}
        return format_html("{} · {}", DEADLINE_LABELS[status], remaining)

    @admin.display(description=_("số liệu mới nhất"), ordering="latest_value")
    def latest_display(self, target):
        value = getattr(target, "latest_value", None)
        if value is None:
            return "–"
        words = QUALIFIER_WORDS.get(target.latest_qualifier or "exact", "")
        estimate = "ước " if target.latest_is_estimate else ""
        return format_html(
            "{}{}{} <small>({})</small>",
            estimate,
            words,
            with_unit(value, target.unit),
            target.latest_as_of.strftime("%d/%m/%Y"),
        )


# --- progress reports and measurements ---------------------------------------------------------------------------


class MeasurementInline(ProvinceScopedInlineMixin, ChoiceLabelsMixin, admin.TabularInline):
    model = Measurement
    form = MeasurementForm
    formset = MeasurementInlineFormSet
    formfield_overrides = VN_NUMBERS
    extra = 1
    fields = [
        "indicator", "level", "as_of", "as_of_precision", "value_text", "value", "qualifier", "is_estimate",
        "numerator", "denominator", "note",
    ]  # fmt: skip
    autocomplete_fields = ["indicator"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class ReasonActionForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReportWrites, ProvinceScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = [
        "title", "province", "document_number", "reported_on", "period", "state", "measurement_count", "entered_by",
        "is_deleted",
    ]  # fmt: skip
    list_select_related = ["province", "entered_by", "period"]
    list_filter = [
        DeletedFilter, "state", ("province", admin.RelatedOnlyFieldListFilter), ReportYearFilter, "reported_on",
    ]  # fmt: skip
    action_form = ReasonActionForm
    form = ProgressReportForm
    search_fields = ["title", "document_number"]
    ordering = ["-reported_on", "-id"]  # Meta.ordering is dropped by the count annotation
    autocomplete_fields = ["province"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MeasurementInline]
    readonly_fields = ["state", "submitted_at", "state_reason", "entered_by", "created_at", "deleted_at"]
    fieldsets = [
        (None, {"fields": ["title", "province", "document_number", "reported_on"]}),
        (_("Kỳ báo cáo"), {"fields": ["period", "period_start", "period_end"]}),
        (_("Duyệt"), {"fields": ["state", "submitted_at", "state_reason"]}),
        (_("Nguồn"), {"fields": ["source_url", "source_note"]}),
        (_("Nhập liệu"), {"fields": ["entered_by", "created_at", "deleted_at"]}),
    ]
    actions = ["restore", "submit", "approve", "return_for_correction", "reopen"]
    delete_confirmation_template = "admin/indicators/progressreport/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/indicators/progressreport/delete_selected_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_measurement_count=Count("measurements"))

    def has_change_permission(self, request, obj=None):
        # A submitted or approved report is read-only (docs/reporting.md); its steps are the actions.
        if obj is not None and obj.state not in EDITABLE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting an approved report takes its figures out of the assessments: an approver's step, as in the API.
        if obj is not None and obj.state == "approved" and not policy.can_approve(request.user, obj.province_id):
            return False
        return super().has_delete_permission(request, obj)

    def _step(self, request, queryset, action):
        from django.core.exceptions import PermissionDenied, ValidationError

        from dtrack.api.exceptions import DomainError
        from reporting import workflow

        reason = request.POST.get("reason", "")
        done = 0
        for report in queryset:
            try:
                workflow.step(action, report=report, user=request.user, reason=reason)
                done += 1
            except (PermissionDenied, ValidationError, DomainError) as error:
                text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{report}: {text}", messages.ERROR)
        if done:
            self.message_user(request, gettext("Đã thực hiện cho %(count)d báo cáo.") % {"count": done},
                              messages.SUCCESS)  # fmt: skip

    @admin.action(description=_("Gửi duyệt"))
    def submit(self, request, queryset):
        self._step(request, queryset, "submit")

    @admin.action(description=_("Duyệt"))
    def approve(self, request, queryset):
        self._step(request, queryset, "approve")

    @admin.action(description=_("Trả lại để chỉnh sửa (cần lý do)"))
    def return_for_correction(self, request, queryset):
        self._step(request, queryset, "return")

    @admin.action(description=_("Mở lại báo cáo đã duyệt (cần lý do)"))
    def reopen(self, request, queryset):
        self._step(request, queryset, "reopen")

    def get_search_results(self, request, queryset, search_term):
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = queryset.filter(deleted_at__isnull=True)  # figures go into reports in use only
        return super().get_search_results(request, queryset, search_term)

    def word_condition(self, word):
        return Q(pk__in=report_ids(word)) | Q(province__search_name__contains=word)

    @admin.display(description=_("số liệu"), ordering="_measurement_count")
    def measurement_count(self, report):
        return report._measurement_count

    @admin.display(description=_("đã xóa"), boolean=True, ordering="deleted_at")
    def is_deleted(self, report):
        return report.deleted_at is not None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        if report is not None and report.deleted_at is not None and request.method == "GET":
            messages.warning(
                request,
                gettext(
                    "Báo cáo này đã bị xóa; số liệu của nó không còn được dùng để đánh giá. "
                    "Khôi phục bằng thao tác “Khôi phục báo cáo đã xóa” trong danh sách."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # Deleting hides the report and its figures; the history keeps everything, and `restore` brings it back.
    def get_deleted_objects(self, objs, request):
        reports = list(objs)
        return [str(report) for report in reports], {self.opts.verbose_name_plural: len(reports)}, set(), []

    @admin.action(description=_("Khôi phục báo cáo đã xóa"), permissions=["change"])
    def restore(self, request, queryset):
        from dtrack.api.exceptions import DomainError
        from indicators.services import progress_report_restore

        restored = 0
        for report in queryset.filter(deleted_at__isnull=False):
            try:
                progress_report_restore(report=report)
            except DomainError as error:
                self.message_user(
                    request,
                    gettext("Không khôi phục được “%(report)s”: %(reason)s") % {"report": report, "reason": error},
                    messages.ERROR,
                )
            else:
                restored += 1
        if restored:
            self.message_user(
                request,
                ngettext("Đã khôi phục %(count)d báo cáo.", "Đã khôi phục %(count)d báo cáo.", restored)
                % {"count": restored},
                messages.SUCCESS,
            )


@admin.register(Measurement)
class MeasurementAdmin(
    MeasurementWrites, ProvinceScopedAdminMixin, ChoiceLabelsMixin, FoldedSearchMixin, ImportExportAdmin
):
    resource_classes = [MeasurementResource]
    form = MeasurementForm
    formfield_overrides = VN_NUMBERS
    list_display = [
        "indicator", "province_display", "level", "as_of", "figure", "is_estimate", "report", "active",
    ]  # fmt: skip
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
        "report", "indicator", "level", "as_of", "value_text", "value", "qualifier", "is_estimate", "numerator",
        "denominator", "note",
    ]  # fmt: skip

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
