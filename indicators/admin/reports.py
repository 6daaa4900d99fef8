"""The admin page of progress reports: their figures inline as the report writes them, the workflow's steps as
actions, soft delete and restore."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import policy
from accounts.admin_mixins import ProvinceScopedAdminMixin, ProvinceScopedInlineMixin
from dtrack.errors import DomainError
from indicators import services
from indicators.admin.common import VN_NUMBERS, ChoiceLabelsMixin, FoldedSearchMixin, report_ids
from indicators.admin.filters import DeletedFilter, ReportYearFilter
from indicators.admin.writes import ReportWrites
from indicators.forms import MeasurementForm, MeasurementInlineFormSet, ProgressReportForm
from indicators.labels import QUALIFIER_LABELS, STEP_LABELS, vn_number
from indicators.models import Measurement, ProgressReport, ReportState
from indicators.rules.cycle import EDITABLE


class MeasurementInline(ProvinceScopedInlineMixin, ChoiceLabelsMixin, admin.TabularInline):
    model = Measurement
    form = MeasurementForm
    formset = MeasurementInlineFormSet
    formfield_overrides = VN_NUMBERS
    extra = 1
    fields = [
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
    autocomplete_fields = ["indicator"]
    # On a report that cannot be changed (submitted, approved), the figures are text: numbers the Vietnamese way
    # without trailing zeros ("71,4", not "71,4000") and qualifiers in words, not their codes.
    shown_as_text = {
        "value": "value_shown",
        "qualifier": "qualifier_shown",
        "numerator": "numerator_shown",
        "denominator": "denominator_shown",
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")

    def _read_only(self, request, report) -> bool:
        return report is not None and not self.admin_site._registry[ProgressReport].has_change_permission(
            request, report
        )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._read_only(request, obj):
            return [self.shown_as_text.get(name, name) for name in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._read_only(request, obj):
            readonly += self.shown_as_text.values()
        return readonly

    @admin.display(description=_("giá trị"))
    def value_shown(self, measurement):
        return vn_number(measurement.value)

    @admin.display(description=_("định tính"))
    def qualifier_shown(self, measurement):
        return dict(QUALIFIER_LABELS).get(measurement.qualifier, measurement.qualifier)

    @admin.display(description=_("tử số"))
    def numerator_shown(self, measurement):
        return "–" if measurement.numerator is None else vn_number(measurement.numerator)

    @admin.display(description=_("mẫu số"))
    def denominator_shown(self, measurement):
        return "–" if measurement.denominator is None else vn_number(measurement.denominator)


class ReasonActionForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReportWrites, ProvinceScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "province",
        "document_number",
        "reported_on",
        "period",
        "state",
        "measurement_count",
        "entered_by",
        "is_deleted",
    ]
    list_select_related = ["province", "entered_by", "period"]
    list_filter = [
        DeletedFilter,
        "state",
        ("province", admin.RelatedOnlyFieldListFilter),
        ReportYearFilter,
        "reported_on",
    ]
    action_form = ReasonActionForm
    form = ProgressReportForm
    search_fields = ["title", "document_number"]
    ordering = ["-reported_on", "-id"]  # Meta.ordering is dropped by the count annotation
    autocomplete_fields = ["province"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MeasurementInline]
    readonly_fields = [
        "state",
        "submitted_at",
        "state_reason",
        "workflow_history",
        "entered_by",
        "created_at",
        "deleted_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "province", "document_number", "reported_on"]}),
        (_("Kỳ báo cáo"), {"fields": ["period", "period_start", "period_end"]}),
        (_("Duyệt"), {"fields": ["state", "submitted_at", "state_reason", "workflow_history"]}),
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

        from dtrack.errors import DomainError
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
            self.message_user(
                request, gettext("Đã thực hiện cho %(count)d báo cáo.") % {"count": done}, messages.SUCCESS
            )

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

    @admin.display(description=_("các bước duyệt"))
    def workflow_history(self, report):
        """Who took which step of the cycle when, and why: the report's history rows that record a step
        (reporting/workflow.py writes "<action>: <reason>" as their change reason)."""
        if report.pk is None:
            return "–"
        rows = []
        for record in report.history.select_related("history_user").order_by("history_date", "history_id"):
            action, _colon, reason = (record.history_change_reason or "").partition(":")
            if action not in STEP_LABELS:
                continue
            who = record.history_user.get_username() if record.history_user else "–"
            when = timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
            state = ReportState(record.state).label if record.state in ReportState.values else record.state
            rows.append((when, who, STEP_LABELS[action], state, reason.strip() or "–"))
        if not rows:
            return gettext("Chưa qua bước duyệt nào.")
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
            gettext("lúc"),
            gettext("người thực hiện"),
            gettext("bước"),
            gettext("trạng thái sau đó"),
            gettext("lý do"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html('<table class="dtrack-workflow-history">{}<tbody>{}</tbody></table>', head, body)

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
        restored = 0
        for report in queryset.filter(deleted_at__isnull=False):
            try:
                services.progress_report_restore(report=report)
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
