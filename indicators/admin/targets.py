"""The admin page of targets: listed with their stored assessment (one query whatever the number of rows), a
target's page with its milestones, assessment panel, chart and cascade."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ProvinceScopedAdminMixin, ProvinceScopedInlineMixin
from indicators import conf
from indicators.admin import cascade as admin_cascade
from indicators.admin import chart as admin_chart
from indicators.admin.cascade import CascadeFlagFilter
from indicators.admin.chart import status_badge
from indicators.admin.common import (
    VN_NUMBERS,
    ChoiceLabelsMixin,
    FoldedSearchMixin,
    ImportExportAdmin,
    indicator_ids,
    plan_ids,
)
from indicators.admin.filters import DeadlineStatusFilter, DeadlineYearFilter, StatusFilter
from indicators.admin.plan_scorecard import NamedTargetsMixin
from indicators.admin.writes import TargetWrites
from indicators.forms import MilestoneInlineFormSet, TargetForm
from indicators.labels import DEADLINE_LABELS, QUALIFIER_WORDS, target_text, with_unit
from indicators.models import Milestone, Plan, Target
from indicators.outputs.admin_export import TargetAssessmentResource
from indicators.resources import TargetResource
from indicators.rules.assessment import DeadlineStatus
from indicators.selectors import targets as target_lists
from indicators.state import stored_holds


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
        "indicator",
        "level",
        "status_display",
        "target",
        "latest_display",
        "gap_display",
        "deadline_display",
        "plan_display",
        "flags_display",
    ]
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
        return format_html(
            "{}<br><small>{}</small>", target.deadline.strftime("%d/%m/%Y"), self.deadline_status_display(target)
        )

    @admin.display(description=_("tỉnh, thành phố"), ordering="plan__province__name")
    def province(self, target):
        province = target.plan.province
        return province.short_name if province else gettext("cả nước")

    @admin.display(description=_("mục tiêu"), ordering="value")
    def target(self, target):
        return target_text(target.comparator, target.value, target.unit)

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
