"""Filters and ordering for the indicators API (docs/api.md).

Conventions: related objects by their public key (`province=2025-44`, `plan=<id>`), date ranges as
`<field>_after` / `<field>_before` (inclusive, ISO dates only), several values of one filter by repeating it
(`?status=off_track&status=at_risk`, `?province=2025-44&province=2025-51`; the enumerations and `province`
take several, ids and dates one), free text as `q`. A value that does not parse is a 400 naming the parameter,
never ignored; an unknown parameter, a single-valued one repeated or an empty value is a 400 too
(dtrack/api/query.py). A well-formed province key that names no province finds nothing, as an unknown id does.

`q` ignores diacritics and case ("ho so truc tuyen" finds "hồ sơ … trực tuyến"); every word must be a word of the
text, the last one may be its beginning (`matching_ids`). The names are folded with
`provinces.text.fold` in Python and the matching ids passed to SQL, because folding in SQL needs `unaccent` on
PostgreSQL and has no equivalent on SQLite. Indicators and plans number in the hundreds, reports in the
thousands, so one extra query reading their names costs little.
"""

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from dtrack.api.ordering import OrderingFilter
from indicators.lineage import in_lineage
from indicators.models import (
    Direction,
    Indicator,
    Level,
    Measurement,
    Pillar,
    Plan,
    ProgressReport,
    ReportState,
    Target,
    Unit,
)
from indicators.rules.assessment import DeadlineStatus, Status
from indicators.rules.cascade import Flag
from provinces.filtersets import StrictBooleanFilter
from provinces.models import Province
from provinces.text import fold

__all__ = [
    "IndicatorFilterSet",
    "MeasurementFilterSet",
    "OrderingFilter",
    "PlanFilterSet",
    "ProgressReportFilterSet",
    "TargetFilterSet",
    "matching_ids",
]

WORD = re.compile(r"\w+")
PROVINCE_KEY_RE = re.compile(r"^\d{4}-\d{2}$")
ISO_DATE = ["%Y-%m-%d"]  # whatever the active locale would accept (vi takes 21/11/2026)
PROVINCE_KEY = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}$",
    "example": "2025-44",
    "description": "Province key <era>-<code>, e.g. 2025-44 (codes were reused in 2025, so the era is part of it).",
}


def matching_ids(queryset: QuerySet, fields: tuple[str, ...], term: str) -> list[int]:
    """Ids of the rows whose folded `fields` hold every folded word of `term` as a word; the last word of `term`
    may be the start of a word (typing "truc tuy" finds "trực tuyến", but "ho" does not find "hoạch")."""
    *whole, last = WORD.findall(fold(term)) or [""]
    ids = []
    for pk, *texts in queryset.values_list("pk", *fields):
        words = set(WORD.findall(fold(" ".join(t for t in texts if t))))
        if all(word in words for word in whole) and any(word.startswith(last) for word in words):
            ids.append(pk)
    return ids


class IdField(forms.IntegerField):
    """An id fits in 64 bits: a larger number is refused (it raised OverflowError, or a database error)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """An integer id (NumberFilter alone would take 1.5 and truncate it)."""

    field_class = IdField


def id_filter(field: str, what: str) -> IdFilter:
    # Typed on the instance: the model field is a ForeignKey, from which drf-spectacular would guess "number".
    description = f"Id of the {what}."
    return extend_schema_field({"type": "integer", "description": description})(
        IdFilter(field_name=field, help_text=description)
    )


def date_filter(field: str, lookup: str, help_text: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, input_formats=ISO_DATE, help_text=help_text)


def status_filter(name: str, choices, help_text: str) -> django_filters.MultipleChoiceFilter:
    return choices_filter(name, [(c.value, c.value) for c in choices], help_text)


def choices_filter(name: str, choices, help_text: str = "") -> django_filters.MultipleChoiceFilter:
    """One or several values of an enumeration, by repeating the parameter (`?level=district&level=commune`)."""
    # distinct=False: the rows are already unique, and DISTINCT over the assessment would only cost time.
    help_text = help_text or _("Repeat for several values.")
    return django_filters.MultipleChoiceFilter(field_name=name, choices=choices, distinct=False, help_text=help_text)


class ProvinceKeysField(forms.MultipleChoiceField):
    """Province keys, each `<era>-<code>`; one that names no province is not an error (it finds nothing)."""

    def validate(self, value):
        for key in value:
            if not PROVINCE_KEY_RE.match(key):
                raise forms.ValidationError(
                    _("%(key)s is not a province key: write <era>-<code>, e.g. 2025-44."),
                    code="invalid_choice",
                    params={"key": key},
                )


_FORM_CLASSES: dict[tuple[type, str | None], type[forms.Form]] = {}


class ProvinceKeysFilter(django_filters.MultipleChoiceFilter):
    field_class = ProvinceKeysField


class BaseFilterSet(django_filters.FilterSet):
    def get_form_class(self) -> type[forms.Form]:
        """The form of the declared filters, built once per filter set and language (its labels are translated)
        rather than on every request: django-filter makes a new form class, and a form field per filter, each
        time (about a tenth of a targets page's own time)."""
        key = (type(self), translation.get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class

    def filter_nothing(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset  # a parameter read by another filter or by filter_queryset


class QFilterSet(BaseFilterSet):
    """`q`: every word must appear, diacritics and case ignored, in the fields of one of the `search` models."""

    q = django_filters.CharFilter(
        method="filter_q",
        help_text=_(
            "Free text, diacritics and case ignored: every word must be a word of the name, number or title; "
            "the last one may be the beginning of a word."
        ),
    )

    # {filter on this queryset: (model whose rows are read, folded fields)}
    search: dict[str, tuple[type, tuple[str, ...]]] = {}

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not WORD.search(fold(value)):
            return queryset
        condition = None
        for lookup, (model, fields) in self.search.items():
            part = Q(**{lookup: matching_ids(model.objects.all(), fields, value)})
            condition = part if condition is None else condition | part
        return queryset.filter(condition)


class ProvinceFilterSet(BaseFilterSet):
    """`province=<key>`, optionally widened to its predecessors and successors (the 2025 reform)."""

    province = ProvinceKeysFilter(
        method="filter_province", help_text=_("Province key; repeat for several (any of them).")
    )
    include_predecessors = StrictBooleanFilter(
        method="filter_nothing",
        help_text=_(
            "With `province`: also the units it was formed from and the units it became (2025-44 Quảng Trị "
            "also brings 2008-44 Quảng Bình and 2008-45 Quảng Trị; 2008-45 brings 2025-44). Default false."
        ),
    )
    province_field = "province"

    @extend_schema_field(PROVINCE_KEY)
    def filter_province(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        provinces = Province.objects.filter(key__in=value)  # a subquery: no query of its own
        if self.form.cleaned_data.get("include_predecessors"):
            return queryset.filter(in_lineage(provinces, self.province_field))
        return queryset.filter(**{f"{self.province_field}__in": provinces})


class IncludeDeletedFilterSet(BaseFilterSet):
    """Rows of soft-deleted reports are left out unless `include_deleted=true`."""

    include_deleted = StrictBooleanFilter(
        method="filter_nothing",
        help_text=_("Also rows of deleted progress reports (default false)."),
    )
    active = {}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_deleted"):
            queryset = queryset.filter(**self.active)
        return queryset


# ---------------------------------------------------------------------------------------------------------------
# Resources


class IndicatorFilterSet(QFilterSet):
    unit = choices_filter("unit", Unit.choices)
    pillar = choices_filter("pillar", Pillar.choices)
    direction = choices_filter("direction", Direction.choices)
    search = {"pk__in": (Indicator, ("code", "name", "name_en"))}

    class Meta:
        model = Indicator
        fields = ["unit", "pillar", "direction", "q"]


class PlanFilterSet(ProvinceFilterSet, QFilterSet):
    status = choices_filter("status", Plan.Status.choices)
    document_type = choices_filter("document_type", Plan.DocumentType.choices)
    issued_after = date_filter("issued_on", "gte", _("Issued on or after this date (YYYY-MM-DD)."))
    issued_before = date_filter("issued_on", "lte", _("Issued on or before this date (YYYY-MM-DD)."))
    search = {"pk__in": (Plan, ("number", "title", "issuer"))}

    class Meta:
        model = Plan
        fields = ["province", "include_predecessors", "status", "document_type", "issued_after", "issued_before", "q"]


class TargetFilterSet(ProvinceFilterSet, QFilterSet):
    plan = id_filter("plan", "plan")
    indicator = id_filter("indicator", "indicator")
    pillar = choices_filter("indicator__pillar", Pillar.choices)
    level = choices_filter("level", Level.choices)
    status = status_filter(
        "status", Status, _("Status on as_of; repeat for several: ?status=off_track&status=at_risk.")
    )
    deadline_status = status_filter(
        "deadline_status", DeadlineStatus, _("Deadline status on as_of; repeat for several.")
    )
    deadline_after = date_filter("deadline", "gte", _("Deadline on or after this date (YYYY-MM-DD)."))
    deadline_before = date_filter("deadline", "lte", _("Deadline on or before this date (YYYY-MM-DD)."))
    plan_status = django_filters.MultipleChoiceFilter(
        field_name="plan__status",
        choices=Plan.Status.choices,
        distinct=False,
        help_text=_(
            "Status of the plan; repeat for several: ?plan_status=in_force&plan_status=draft. Default: plans "
            "in force only (draft and superseded plans only when asked for), unless `plan` or `parent` is "
            "given."
        ),
    )
    parent = id_filter("parent", "target the listed targets derive from (its children, whatever their plan's status)")
    flag = django_filters.MultipleChoiceFilter(
        choices=[(flag.value, flag.value) for flag in Flag],
        method="filter_flag",
        help_text=_(
            "Targets with this cascade flag (looser_value, later_deadline, competing); repeat for any of "
            "several: ?flag=looser_value&flag=later_deadline."
        ),
    )
    province_field = "plan__province"
    search = {
        "indicator__in": (Indicator, ("code", "name", "name_en")),
        "plan__in": (Plan, ("number", "title")),
    }

    class Meta:
        model = Target
        fields = [
            "province",
            "include_predecessors",
            "plan",
            "plan_status",
            "indicator",
            "pillar",
            "level",
            "status",
            "deadline_status",
            "deadline_after",
            "deadline_before",
            "q",
            "parent",
            "flag",
        ]

    def filter_flag(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        condition = Q()
        for flag in value:
            condition |= Q(**{f"flag_{Flag(flag).value}": True})  # the columns of indicators/maintained.py FLAGS
        return queryset.filter(condition)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.plans_in_force_by_default(super().filter_queryset(queryset))

    def plans_in_force_by_default(self, queryset: QuerySet) -> QuerySet:
        """A list counts plans in force unless asked otherwise (`plan_status`, or one `plan` or `parent` named);
        one target read by its id is shown whatever its plan. Every path that lists targets applies it."""
        data = self.form.cleaned_data
        view = (getattr(self.request, "parser_context", None) or {}).get("view")
        listing = view is None or getattr(view, "action", "list") == "list"
        if listing and not data.get("plan_status") and not data.get("plan") and not data.get("parent"):
            queryset = queryset.filter(plan__status=Plan.Status.IN_FORCE)
        return queryset


class ProgressReportFilterSet(ProvinceFilterSet, IncludeDeletedFilterSet, QFilterSet):
    reported_after = date_filter("reported_on", "gte", _("Reported on or after this date (YYYY-MM-DD)."))
    reported_before = date_filter("reported_on", "lte", _("Reported on or before this date (YYYY-MM-DD)."))
    state = django_filters.MultipleChoiceFilter(choices=ReportState.choices, help_text=_("Reports in these states."))
    period = id_filter("period", "reporting period")
    search = {"pk__in": (ProgressReport, ("title", "document_number"))}
    active = {"deleted_at__isnull": True}

    class Meta:
        model = ProgressReport
        fields = [
            "province",
            "include_predecessors",
            "reported_after",
            "reported_before",
            "state",
            "period",
            "q",
            "include_deleted",
        ]


class MeasurementFilterSet(ProvinceFilterSet, IncludeDeletedFilterSet):
    indicator = id_filter("indicator", "indicator")
    report = id_filter("report", "progress report")
    level = choices_filter("level", Level.choices)
    as_of_after = date_filter("as_of", "gte", _("Figures as of this date or later (YYYY-MM-DD)."))
    as_of_before = date_filter("as_of", "lte", _("Figures as of this date or earlier (YYYY-MM-DD)."))
    active = {"is_active": True}

    class Meta:
        model = Measurement
        fields = [
            "province",
            "include_predecessors",
            "indicator",
            "level",
            "report",
            "as_of_after",
            "as_of_before",
            "include_deleted",
        ]
