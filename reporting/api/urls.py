from django.urls import path
from rest_framework.routers import SimpleRouter

from indicators.outputs.report_api import PeriodReportView
from reporting.api import views

router = SimpleRouter()
router.register("reporting-regimes", views.RegimeViewSet, basename="reporting-regime")
router.register("reporting-periods", views.PeriodViewSet, basename="reporting-period")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("reminders", views.ReminderViewSet, basename="reminder")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
urlpatterns = [
    path("reporting-rates/", views.RatesView.as_view(), name="reporting-rates"),
    path("reporting-periods/<int:pk>/report.xlsx", PeriodReportView.as_view(), name="reporting-period-report"),
    *router.urls,
]
