"""The cascade in the admin: the flags of a target as badges, a list filter on them, and on a target's page its
flags, its parent and its children with their statuses (indicators/cascade.py reads and judges them)."""

from datetime import date

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import cascade
from indicators.admin.chart import status_badge
from indicators.conf import thresholds
from indicators.labels import comparator_sign
from indicators.rules.cascade import Flag

__all__ = ["FLAG_LABELS", "CascadeFlagFilter", "flag_badges", "render"]

FLAG_LABELS = {
    Flag.LOOSER_VALUE: _("lỏng hơn chỉ tiêu cấp trên"),
    Flag.LATER_DEADLINE: _("thời hạn muộn hơn chỉ tiêu cấp trên"),
    Flag.COMPETING: _("mâu thuẫn với văn bản khác"),
}
ANY = "any"


def _flags(target) -> list[Flag]:
    return [flag for flag in Flag if getattr(target, f"flag_{flag.value}")]


def flag_badges(target) -> SafeString:
    flags = _flags(target)
    if not flags:
        return mark_safe("–")
    return format_html_join(
        " ",
        '<span class="dtrack-flag dtrack-flag-{}" style="background:#b45309;color:#fff;padding:1px 6px;'
        'border-radius:9px;white-space:nowrap">{}</span>',
        ((flag.value, FLAG_LABELS[flag]) for flag in flags),
    )


class CascadeFlagFilter(admin.SimpleListFilter):
    title = _("cảnh báo phân cấp")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(ANY, gettext("có cảnh báo bất kỳ")), *((flag.value, FLAG_LABELS[flag]) for flag in Flag)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == ANY:
            condition = Q()
            for flag in Flag:
                condition |= Q(**{f"flag_{flag.value}": True})
            return queryset.filter(condition)
        if value in {flag.value for flag in Flag}:
            return queryset.filter(**{f"flag_{value}": True})
        return queryset


def _link(pk: int) -> SafeString:
    return format_html('<a href="{}">#{}</a>', reverse("admin:indicators_target_change", args=[pk]), pk)


def render(target, on: date) -> SafeString:
    """The target's flags (with the targets it competes with), and its children judged on `on` (today): how many
    per status, and each with its plan, unit, value, status and flags."""
    children, by_status = cascade.children_of(target, on, thresholds())
    parts = [format_html("<p><strong>{}</strong> {}</p>", gettext("Cảnh báo:"), flag_badges(target))]
    if target.flag_competing:
        rivals = format_html_join(", ", "{}", ((_link(pk),) for pk in cascade.competitors(target)))
        parts.append(format_html("<p>{} {}</p>", gettext("Mâu thuẫn với chỉ tiêu:"), rivals))
    if target.parent_id:
        parts.append(format_html("<p>{} {}</p>", gettext("Cụ thể hóa chỉ tiêu:"), _link(target.parent_id)))
    if not children:
        parts.append(format_html("<p>{}</p>", gettext("Không có chỉ tiêu cấp dưới.")))
        return mark_safe("".join(parts))
    counts = format_html_join(
        " ", "{}&nbsp;{}", ((status_badge(status), count) for status, count in by_status.items() if count)
    )
    parts.append(format_html("<p><strong>{}</strong> {}</p>", gettext("Chỉ tiêu cấp dưới theo trạng thái:"), counts))
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                _link(child.pk),
                child.plan.number or child.plan.title[:40],
                child.plan.province.short_name if child.plan.province_id else gettext("cả nước"),
                child.responsible_unit or child.get_level_display(),
                comparator_sign(child.comparator),
                child.value.normalize(),
                child.deadline.strftime("%d/%m/%Y"),
                status_badge(child.judged.assessment.status.value),
                flag_badges(child),
            )
            for child in children
        ),
    )
    head = format_html(
        "<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        gettext("kế hoạch"),
        gettext("tỉnh, thành phố"),
        gettext("đơn vị / cấp"),
        gettext("mục tiêu"),
        gettext("thời hạn"),
        gettext("trạng thái"),
        gettext("cảnh báo"),
    )
    parts.append(format_html('<table class="dtrack-children">{}{}</table>', head, rows))
    return mark_safe("".join(parts))
