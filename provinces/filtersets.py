"""Filters for the province API: era, kind, in force on a date, diacritic-insensitive search."""

import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from provinces.models import Era, Province, ProvinceKind
from provinces.text import fold

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Prefixes a user may type before a name ("tỉnh Quảng Trị", "TP Huế"), folded.
NAME_PREFIXES = ("thanh pho ", "tinh ")


def today_in_vietnam() -> datetime.date:
    return timezone.localdate(timezone=VIETNAM)


def in_force_on(on: datetime.date) -> Q:
    """Units whose validity range contains `on` (same rule as ProvinceQuerySet.current)."""
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def with_is_current(queryset: QuerySet, on: datetime.date) -> QuerySet:
    """Annotate `is_current` in SQL, so listing N rows costs no extra query per row."""
    return queryset.annotate(
        is_current=Case(When(in_force_on(on), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def parse_on(raw: str | None) -> datetime.date:
    """The reference date of a request: `?on=YYYY-MM-DD`, else today in Vietnam.

    An invalid `on` falls back to today here; ProvinceFilterSet rejects it with a 400 before any row is returned.
    """
    if raw:
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass
    return today_in_vietnam()


class StrictBooleanField(forms.Field):
    """true/false/1/0; anything else is a 400 instead of being silently ignored."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(_("Giá trị phải là true hoặc false."), code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ProvinceFilterSet(django_filters.FilterSet):
    era = django_filters.ChoiceFilter(choices=Era.choices, help_text=_("Thời kỳ: 2008 (63 đơn vị) hoặc 2025 (34)."))
    kind = django_filters.ChoiceFilter(choices=ProvinceKind.choices, help_text=_("Loại đơn vị hiện nay."))
    current = StrictBooleanFilter(
        method="filter_current",
        help_text=_("true: chỉ đơn vị có hiệu lực vào ngày `on` (mặc định hôm nay, giờ Việt Nam); false: ngược lại."),
    )
    on = django_filters.DateFilter(
        method="filter_on",
        input_formats=["%Y-%m-%d"],  # ISO only, whatever the active locale accepts (vi would take 21/11/2026)
        help_text=_("Ngày tham chiếu YYYY-MM-DD cho `current` và `is_current` (mặc định hôm nay, giờ Việt Nam)."),
    )
    q = django_filters.CharFilter(
        method="filter_q",
        help_text=_(
            "Tìm theo tên, không phân biệt dấu và hoa thường (“quang tri” = “Quảng Trị”). "
            "Kết quả: khớp đúng tên trước, rồi đơn vị đang có hiệu lực, rồi theo mã."
        ),
    )

    class Meta:
        model = Province
        fields = ["era", "kind", "current", "on", "q"]

    def reference_date(self) -> datetime.date:
        return self.form.cleaned_data.get("on") or today_in_vietnam()

    def filter_on(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        # `on` only moves the reference date of `current`; the view annotates is_current with it.
        return queryset

    def filter_current(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        condition = in_force_on(self.reference_date())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        if not folded:
            return queryset
        if folded.startswith("tp "):
            folded = "thanh pho " + folded.removeprefix("tp ")
        short = folded
        for prefix in NAME_PREFIXES:
            if short.startswith(prefix):
                short = short.removeprefix(prefix)
                break
        if "is_current" not in queryset.query.annotations:
            queryset = with_is_current(queryset, self.reference_date())
        # search_name is fold("<prefix> <short> <short> <codename>"), so an exact short-name match is a search_name
        # that starts with "<prefix> <short> <short> ". Plain LIKE on lower-case ASCII: same on SQLite and PostgreSQL.
        exact = Q(search_name__startswith=f"tinh {short} {short} ") | Q(
            search_name__startswith=f"thanh pho {short} {short} "
        )
        return (
            queryset.filter(search_name__contains=folded)
            .annotate(q_exact=Case(When(exact, then=Value(1)), default=Value(0)))
            .order_by("-q_exact", "-is_current", "-era", "code")
        )
