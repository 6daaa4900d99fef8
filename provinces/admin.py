"""Read-only admin: the data comes from fixtures/provinces.json (see fixtures/PROVENANCE.md), never from edits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from provinces.models import Province, Succession
from provinces.text import fold


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _SuccessionInline(ReadOnlyMixin, admin.TabularInline):
    model = Succession
    extra = 0
    can_delete = False
    show_change_link = False


class PredecessorInline(_SuccessionInline):
    fk_name = "successor"
    fields = ["predecessor", "effective_on", "basis"]
    readonly_fields = fields
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("predecessor").order_by("predecessor__code")


class SuccessorInline(_SuccessionInline):
    fk_name = "predecessor"
    fields = ["successor", "effective_on", "basis"]
    readonly_fields = fields
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("successor").order_by("successor__code")


@admin.register(Province)
class ProvinceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "name", "era", "kind", "kind_since", "valid_from", "valid_until"]
    list_filter = ["era", "kind"]
    search_fields = ["search_name"]
    search_help_text = _("Không phân biệt dấu: “quang tri” tìm được “Quảng Trị”.")
    ordering = ["-era", "code"]
    inlines = [PredecessorInline, SuccessorInline]
    fields = [
        "key",
        "code",
        "era",
        "name",
        "short_name",
        "codename",
        "kind",
        "kind_since",
        "former_kind",
        "kind_basis",
        "valid_from",
        "valid_until",
        "phone_code",
        "search_name",
    ]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        folded = fold(search_term)
        if not folded:
            return queryset, False
        return queryset.filter(search_name__contains=folded), False
