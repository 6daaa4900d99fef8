"""The admin's list filters: status and deadline status (the stored assessment), years, province, deleted and
active rows."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.labels import DEADLINE_LABELS, STATUS_LABELS
from indicators.rules.assessment import SEVERITY, DeadlineStatus, Status


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
