"""The periodic report from the admin: a button on a plan's page ("Báo cáo định kỳ (XLSX)", assessed today or on
?as_of=) and a unit picker on a reporting period's page. The same report as the API's
(indicators/outputs/report_api.py); who may see the plan or the period may download it."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext

from dtrack.errors import DomainError
from indicators.conf import today
from indicators.outputs.report import period_report, plan_report
from indicators.outputs.report_api import xlsx_response
from indicators.outputs.report_xlsx import period_file_name, plan_file_name
from provinces.models import Province

__all__ = ["PeriodReportAdminMixin", "PlanReportAdminMixin"]


class PlanReportAdminMixin:
    change_form_template = "admin/indicators/plan/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.report_view)
        return [path("<int:object_id>/report.xlsx", view, name="indicators_plan_report"), *super().get_urls()]

    def report_view(self, request, object_id):
        plan = self.get_object(request, str(object_id))
        if plan is None or not self.has_view_permission(request, plan):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, str(object_id))
        try:
            as_of = date.fromisoformat(request.GET["as_of"]) if request.GET.get("as_of") else today()
        except ValueError:
            as_of = today()
        return xlsx_response(plan_report(plan, as_of), plan_file_name(plan, as_of))


class PeriodReportAdminMixin:
    change_form_template = "admin/reporting/reportingperiod/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.report_view)
        return [path("<int:object_id>/report.xlsx", view, name="reporting_reportingperiod_report"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        period = self.get_object(request, object_id)
        units = Province.objects.current(period.window_end) if period is not None else Province.objects.none()
        extra = {"report_units": units.order_by("name"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def report_view(self, request, object_id):
        period = self.get_object(request, str(object_id))
        if period is None or not self.has_view_permission(request, period):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, str(object_id))
        back = HttpResponseRedirect(reverse("admin:reporting_reportingperiod_change", args=[period.pk]))
        unit = Province.objects.filter(key=request.GET.get("province", "")).first()
        if unit is None:
            self.message_user(request, gettext("Chọn đơn vị để lập báo cáo."), messages.ERROR)
            return back
        try:
            report = period_report(period, unit)
        except DomainError as error:
            self.message_user(request, str(error.detail), messages.ERROR)
            return back
        return xlsx_response(report, period_file_name(unit, period))
