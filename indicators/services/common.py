"""What every write service shares: the problems they raise (409s and 422s the API maps to problem+json) and
the helpers that turn the input rules' problems and Django's `ValidationError`s into field errors."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtrack.errors import DomainError, flatten_errors, messages_of
from indicators.lifetimes import Life, outside_lifetime
from indicators.rules import inputs
from provinces.models import Province

# Field errors as the services collect them: {field: ValidationError or [messages]}, nested for list items.
Errors = dict[str, Any]


class DuplicateReport(DomainError):
    status_code = 409
    default_code = "duplicate_report"
    type_uri = "/problems/duplicate-report"
    title = "Duplicate progress report"
    default_detail = gettext_lazy("A progress report with this province, document number and date already exists.")


class DuplicatePlan(DomainError):
    status_code = 409
    default_code = "duplicate_plan"
    type_uri = "/problems/duplicate-plan"
    title = "Duplicate plan"
    default_detail = gettext_lazy("A plan with this province, number and issue date already exists.")


class DuplicateTarget(DomainError):
    status_code = 409
    default_code = "duplicate_target"
    type_uri = "/problems/duplicate-target"
    title = "Duplicate target"
    default_detail = gettext_lazy("This plan already has a target for this indicator, level and deadline.")


class ReportDeleted(DomainError):
    status_code = 409
    default_code = "report_deleted"
    type_uri = "/problems/report-deleted"
    title = "Progress report deleted"
    default_detail = "This progress report is deleted; restore it before changing it."


class InUse(DomainError):
    status_code = 409
    default_code = "in_use"
    type_uri = "/problems/in-use"
    title = "Resource in use"
    default_detail = gettext_lazy("Other records still refer to this resource.")


class ReportLocked(DomainError):
    """An approved or submitted report, or one of a closed period, is read-only (docs/reporting.md)."""

    status_code = 409
    default_code = "report_locked"
    type_uri = "/problems/report-locked"
    title = "Report locked"
    default_detail = "This progress report cannot be changed in its current state."


class InvalidItems(DomainError):
    """Validation errors inside list items, shaped like a serializer's errors: {"measurements": {3: {...}}}.

    The same problem type, title and status as any other rule the services enforce (422, /problems/rule).
    """

    status_code = 422
    default_code = "invalid"
    type_uri = "/problems/rule"
    title = ""  # the reason phrase, as for every rule problem

    def __init__(self, errors: Errors) -> None:
        flat = list(flatten_errors(errors))
        if len(flat) == 1:
            detail = f"{flat[0]['pointer'][2:]}: {flat[0]['detail']}"
        else:
            detail = _("%(count)d fields failed validation.") % {"count": len({e["pointer"] for e in flat})}
        super().__init__(detail, errors=errors)


def _field_messages(exc: ValidationError) -> Errors:
    """A Django ValidationError as {field: [Message]} (codes kept), the shape DomainError `errors` take."""
    return dict(messages_of(exc))


def _field_error(field: str, message: str, code: str) -> Errors:
    """`errors` for a DomainError: one message, with its code, about one field."""
    return _field_messages(ValidationError({field: ValidationError(message, code=code)}))


def _raise(errors: Errors) -> None:
    """Raise the collected errors, if any: flat ones as a Django ValidationError, nested ones as InvalidItems."""
    if not errors:
        return
    if any(isinstance(value, Mapping) for value in errors.values()):
        raise InvalidItems({k: (v if isinstance(v, Mapping) else _field_messages(ValidationError({k: v}))[k])
                            for k, v in errors.items()})  # fmt: skip
    raise ValidationError(errors)


def _full_clean(
    instance: Model, *, exclude: Sequence[str] = (), rename: Mapping[str, str] | None = None, constraints: bool = True
) -> None:
    """full_clean, with some fields' errors reported under the name the client used (value → value_text)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=constraints)
    except ValidationError as exc:
        if not rename or not hasattr(exc, "error_dict"):
            raise
        renamed: dict[str, list[ValidationError]] = {}
        for field, errors in exc.error_dict.items():
            renamed.setdefault(rename.get(field, field), []).extend(errors)
        raise ValidationError(renamed) from None


def _check_names(data: Mapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _apply(instance: Model, data: Mapping[str, Any], allowed: Sequence[str]) -> None:
    _check_names(data, allowed)
    for name, value in data.items():
        setattr(instance, name, value)


def _delete(instance: Model, what: str) -> None:
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise InUse(
            _("This %(what)s is still referred to by %(count)d other record(s); remove those first.")
            % {"what": what, "count": count}
        ) from None


def _range_errors(unit: str, value: Decimal | None, field: str) -> Errors:
    """What the database constraints on shares, ranks and yes/no values would refuse, as field errors."""
    return validation_errors(inputs.value_problems(unit, value, field))


def validation_errors(problems: Iterable[inputs.Problem]) -> Errors:
    """`indicators.rules.inputs` problems as {field: ValidationError}, translated into the active language (the
    first problem of each field): the one form the API, the admin forms and the import show them in."""
    errors: Errors = {}
    for problem in problems:
        if problem.field not in errors:
            errors[problem.field] = ValidationError(_(problem.message), code=problem.code, params=problem.params)
    return errors


def _period_errors(start: date | None, end: date | None) -> Errors:
    if start and end and end < start:
        return {"period_end": ValidationError(_("The period ends before it starts."), code="period_order")}
    return {}


def _lifetime_errors(province: Province | None, day: date | None, field: str, what: str) -> Errors:
    """`field`'s date outside `province`'s validity, as a field error naming the unit's dates and which unit to use.

    Compared on the instance first: the units before and after it are read (two queries) only to word a refusal."""
    if province is None or day is None:
        return {}
    if province.valid_from <= day and (province.valid_until is None or day <= province.valid_until):
        return {}

    def names(units: QuerySet[Province]) -> tuple[str, ...]:
        return tuple(f"{unit.name} ({unit.key})" for unit in units.order_by("code"))

    life = Life(
        name=province.name, key=province.key, valid_from=province.valid_from, valid_until=province.valid_until,
        predecessors=names(Province.objects.filter(successor_links__successor=province)),
        successors=names(Province.objects.filter(predecessor_links__predecessor=province)),
    )  # fmt: skip
    message = outside_lifetime(life, day, what)
    return {field: ValidationError(message, code="outside_lifetime")} if message else {}
