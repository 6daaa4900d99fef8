"""Admin of the reporting cycle: regimes, periods, obligations (close/unlock), reminders, evidence; and the
compliance page a Sở director opens each Monday (on time / late / missing, with a server-drawn chart)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dtrack.errors import DomainError
from indicators.conf import today
from indicators.outputs.report_admin import PeriodReportAdminMixin
from indicators.rules.cycle import Compliance
from reporting import compliance, workflow
from reporting.models import Evidence, Obligation, Reminder, ReportingPeriod, ReportingRegime

COMPLIANCE_LABELS = {
    Compliance.NOT_DUE: _("chưa đến hạn"),
    Compliance.DUE_SOON: _("sắp đến hạn"),
    Compliance.OVERDUE: _("quá hạn, chưa gửi"),
    Compliance.SUBMITTED_ON_TIME: _("đã gửi đúng hạn"),
    Compliance.SUBMITTED_LATE: _("đã gửi trễ hạn"),
    Compliance.APPROVED: _("đã duyệt"),
}


@admin.register(ReportingRegime)
class RegimeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "frequency", "cutoff_day", "deadline_days", "starts_on", "ends_on"]
    filter_horizontal = ["indicators", "units"]


@admin.register(ReportingPeriod)
class PeriodAdmin(PeriodReportAdminMixin, admin.ModelAdmin):
    list_display = ["label", "regime", "window_start", "window_end", "due_on"]
    list_filter = ["regime", "year"]
    list_select_related = ["regime"]


def run(modeladmin, request, queryset, function, **extra):
    done = 0
    for obligation in queryset:
        try:
            function(obligation=obligation, user=request.user, **extra)
            done += 1
        except (PermissionDenied, ValidationError, DomainError) as error:
            modeladmin.message_user(request, f"{obligation}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, gettext("Đã thực hiện cho %(count)d nghĩa vụ.") % {"count": done})


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ["province", "period", "closed_at", "closed_by"]
    list_filter = ["period__regime", "closed_at"]
    list_select_related = ["province", "period__regime", "closed_by"]
    actions = ["close_periods", "unlock_periods"]

    @admin.action(description=_("Khóa kỳ cho đơn vị"))
    def close_periods(self, request, queryset):
        run(self, request, queryset, workflow.close)

    @admin.action(description=_("Mở khóa kỳ (chỉ cán bộ quản trị; ghi lại)"))
    def unlock_periods(self, request, queryset):
        run(self, request, queryset, workflow.unlock, reason=gettext("mở khóa trong trang quản trị"))

    def get_urls(self):
        return [
            path("compliance/", self.admin_site.admin_view(self.compliance_view), name="reporting_compliance"),
            *super().get_urls(),
        ]

    def compliance_view(self, request):
        """Each obligation's compliance today (or ?as_of=), and on-time/late/missing per unit, as bars."""
        from datetime import date

        try:
            as_of = date.fromisoformat(request.GET["as_of"]) if request.GET.get("as_of") else today()
        except ValueError:
            as_of = today()
        judged = compliance.judge(Obligation.objects.order_by("period__due_on", "province__code"), as_of)
        groups = compliance.rates_by(judged, "unit")
        width = 360
        bars = []
        for index, (_key, name, rates) in enumerate(groups):
            total = rates.expected or 1
            on_time, late = width * rates.on_time // total, width * rates.late // total
            missing = width * rates.missing // total if rates.expected else 0
            bars.append(
                {
                    "y": 24 * index,
                    "name": name,
                    "on_time": on_time,
                    "late": late,
                    "missing": missing,
                    "late_x": on_time,
                    "missing_x": on_time + late,
                    "rates": rates,
                }
            )
        rows = [
            {"obligation": j.obligation, "status": j.status.value, "label": COMPLIANCE_LABELS[j.status]} for j in judged
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Tình hình gửi báo cáo"),
            "as_of": as_of,
            "judged": rows,
            "bars": bars,
            "height": 24 * len(bars) + 4,
            "width": width + 220,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reporting/compliance.html", context)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "obligation", "recipients", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["obligation__province", "obligation__period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "measurement", "content_type", "size", "uploaded_at"]
    list_select_related = ["report", "measurement"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
