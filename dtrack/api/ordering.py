"""`?ordering=`: strict, stable ordering over a whitelist a view declares (docs/api.md); any app's list views."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from rest_framework import filters
from rest_framework.exceptions import ErrorDetail, ValidationError

__all__ = ["OrderingFilter"]


def _nullable(model, name: str) -> bool:
    """Whether `name` may be NULL: a nullable column, or an annotation (which may be NULL whatever it reads)."""
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:
        return True


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=-gap&ordering=deadline` (or comma-separated, `?ordering=-gap,deadline`) over a whitelist, stable
    and strict.

    A view declares `ordering_fields` as {public name: queryset field or annotation} and `ordering`, its default,
    as public names. An unknown name is a 400 (DRF's own filter drops it silently). NULLs sort last in both
    directions (a target without data has no gap: it belongs after every measured one), and `id` is appended
    unless named, so equal keys keep one order and pages neither repeat nor skip rows.
    """

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in view.ordering_fields]

    @classmethod
    def terms(cls, request) -> list[str]:
        """The sort keys in the order given, whether repeated (what generated clients send for an array) or
        comma-separated (what people type), or both."""
        raw = request.query_params.getlist(cls.ordering_param)
        return [term.strip() for value in raw for term in value.split(",") if term.strip()]

    def get_ordering(self, request, queryset, view):
        terms = self.terms(request)
        if not terms:
            return list(view.ordering)
        unknown = [term for term in terms if term.removeprefix("-") not in view.ordering_fields]
        if unknown:
            allowed = ", ".join(view.ordering_fields)
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by %(names)s; use %(allowed)s (prefix - for descending).")
                        % {"names": ", ".join(unknown), "allowed": allowed}
                    ]
                }
            )
        names = [term.removeprefix("-") for term in terms]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            # `ordering=gap&ordering=-gap`: the second key could never matter, and which one was meant is unknown.
            # Well formed (the schema allows any list of keys): 422 /problems/conflicting-parameters, not a 400.
            message = _("Each sort key may be given once; %(names)s is given twice.") % {"names": ", ".join(twice)}
            raise ValidationError({self.ordering_param: [ErrorDetail(message, code="conflicting_parameters")]})
        return terms

    def filter_queryset(self, request, queryset, view):
        terms = self.get_ordering(request, queryset, view)
        expressions = []
        for term in terms:
            name = view.ordering_fields[term.removeprefix("-")]
            # NULLS LAST only where NULL can occur: on a NOT NULL column it would keep the database off its index.
            nulls_last = True if _nullable(queryset.model, name) else None
            field = F(name)
            expressions.append(
                field.desc(nulls_last=nulls_last) if term.startswith("-") else field.asc(nulls_last=nulls_last)
            )
        if not any(term.removeprefix("-") == "id" for term in terms):
            expressions.append(F("id").asc())
        return queryset.order_by(*expressions)

    def get_schema_operation_parameters(self, view):
        names = list(view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort keys, most significant first, '-' for descending; repeat the parameter "
                    f"(`?ordering=-gap&ordering=id`) or separate them by commas (`?ordering=-gap,id`). Default "
                    f"{','.join(view.ordering)}. NULLs sort last either way; ties are broken by id."
                ),
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": [v for name in names for v in (name, f"-{name}")]},
                },
                "style": "form",
                "explode": True,
            }
        ]
