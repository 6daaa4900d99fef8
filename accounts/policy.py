"""Who may write what: one set of rules for the API (accounts/permissions.py) and the admin (accounts/admin_mixins.py).

- **Reading** is open to anyone while `DTRACK_PUBLIC_READ` is true (the default); otherwise to signed-in users.
  Reads are never scoped by province: the figures are public government data.
- **Staff** (Django `is_staff`, active) write everything: indicators, national plans and reports (province null),
  every province.
- **Reporters** of a province create, correct, delete and restore its progress reports and measurements.
- **Planners** of a province do that and also manage its plans, targets and milestones.
- **Approvers** (lãnh đạo Sở) of a province do what reporters do and also approve, return and reopen its reports
  (docs/reporting.md); staff do every step of the cycle, and only staff unlock a closed period.
- **The 2025 reform, forward only.** A membership in a province also covers the province it became part of: a
  reporter of old Quảng Trị (2008-45) may write for new Quảng Trị (2025-44), as may one of old Quảng Bình
  (2008-44), which merged into it. The reverse is not implied: a membership in 2025-44 covers 2025-44 only, not
  the historical records of 2008-44 or 2008-45. The departments of the old provinces carried on inside the new one,
  so their people keep their work; but a new province merges several old ones, and the figures an old province
  published were attested by that province, so rewriting them takes an explicit membership in it (which then
  also covers the new province). One step only: the successor's successor is not covered.
- **Nobody else writes**: anonymous clients, signed-in users without a membership, members outside their
  provinces, and non-staff on national data (province null).

Every check takes the province *before* and *after* a write: moving a report, plan or target to another
province needs the right in both.

**The admin's reading** is scoped, unlike the API's: a member sees there the rows they may change and, read only,
how their province's targets stand (`MEMBER_VIEWS`: plans, targets, milestones) for the provinces of their
memberships and of those provinces' lineage (indicators/lineage.py: the predecessors they were merged from and the
successor they were merged into), whatever their role. A reporter or an approver of Quảng Ngãi 2025-51 thus reads
the plans and targets of 2025-51, of old Quảng Ngãi 2008-51 and of old Kon Tum, and changes none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet

from accounts.models import Membership, Role

if TYPE_CHECKING:
    from provinces.models import Province

# Who asks: a user, the anonymous user, or nobody (a command); `is_staff` and `is_active` are read where present.
User: TypeAlias = "AbstractBaseUser | AnonymousUser | None"
# A province as callers hold it: the object, its id, or None for national data.
ProvinceRef: TypeAlias = "Province | int | None"

__all__ = [
    "STAFF",
    "Role",
    "can_approve",
    "can_change",
    "can_manage_indicators",
    "can_plan",
    "can_read",
    "can_report",
    "can_view",
    "can_write",
    "is_staff",
    "may_use_admin",
    "may_view_somewhere",
    "may_write_somewhere",
    "province_ids",
    "province_of",
    "province_path",
    "role_for",
    "viewable",
    "viewable_province_ids",
    "writable",
    "writable_provinces",
]

STAFF = "staff"  # the "role" of what only staff may write (indicators)
# Which memberships grant a role: a planner may do what a reporter may.
GRANTING = {
    Role.REPORTER: (Role.REPORTER, Role.PLANNER, Role.APPROVER),
    Role.PLANNER: (Role.PLANNER,),
    Role.APPROVER: (Role.APPROVER,),
}
# model label → (role needed to write it, ORM path from the model to its province id)
SCOPES = {
    "indicators.indicator": (STAFF, None),
    "indicators.plan": (Role.PLANNER, "province_id"),
    "indicators.target": (Role.PLANNER, "plan__province_id"),
    "indicators.milestone": (Role.PLANNER, "target__plan__province_id"),
    "indicators.progressreport": (Role.REPORTER, "province_id"),
    # The measurement's own copy of its report's province (kept equal by Measurement.save and the services).
    "indicators.measurement": (Role.REPORTER, "province_id"),
    # Evidence goes with its report.
    "reporting.evidence": (Role.REPORTER, "report__province_id"),
    # Where a province's figures are sent: its planners decide; staff for subscriptions without a province.
    "webhooks.subscription": (Role.PLANNER, "province_id"),
    "webhooks.delivery": (Role.PLANNER, "subscription__province_id"),
}

# What a member reads in the admin without writing it: how the targets of their province's lineage stand.
MEMBER_VIEWS = frozenset({"indicators.plan", "indicators.target", "indicators.milestone"})


def is_staff(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and getattr(user, "is_staff", False))


def can_read(user: User) -> bool:
    return bool(settings.DTRACK_PUBLIC_READ or (user is not None and user.is_authenticated and user.is_active))


def province_ids(user: User, role: str) -> frozenset[int]:
    """Ids of the provinces whose data of `role`'s kind `user` may write, staff aside: the provinces of the
    memberships that grant `role`, and their successors. One query, remembered on the user object (a new one
    each request)."""
    if role == STAFF or user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    remembered: dict[str, frozenset[int]] = user.__dict__.setdefault("_dtrack_province_ids", {})
    if role not in remembered:
        rows = Membership.objects.filter(user_id=user.pk, role__in=GRANTING[Role(role)]).values_list(
            "province_id", "province__successor_links__successor_id"
        )
        remembered[role] = frozenset(pk for row in rows for pk in row if pk is not None)
    return remembered[role]


def can_write(user: User, province: ProvinceRef, role: str) -> bool:
    """May `user` write data of `role`'s kind (STAFF, Role.REPORTER, Role.PLANNER) for `province` (a Province, its
    id, or None for national data)?"""
    if is_staff(user):
        return True
    if role == STAFF or province is None:
        return False
    pk = province if isinstance(province, int) else province.pk
    return pk in province_ids(user, role)


def can_report(user: User, province: ProvinceRef) -> bool:
    """Progress reports and measurements of `province`."""
    return can_write(user, province, Role.REPORTER)


def can_approve(user: User, province: ProvinceRef) -> bool:
    """Approve, return and reopen the progress reports of `province`."""
    return can_write(user, province, Role.APPROVER)


def can_plan(user: User, province: ProvinceRef) -> bool:
    """Plans, targets and milestones of `province`."""
    return can_write(user, province, Role.PLANNER)


def can_manage_indicators(user: User) -> bool:
    return is_staff(user)


def may_write_somewhere(user: User, role: str) -> bool:
    """Whether `user` may write some data of `role`'s kind: checked before the request body is even read."""
    return is_staff(user) or bool(province_ids(user, role))


def may_use_admin(user: User) -> bool:
    """Staff, or an active user with a membership (for an admin site that admits province members)."""
    return is_staff(user) or bool(province_ids(user, Role.REPORTER))


# ---------------------------------------------------------------------------------------------------------------
# Objects


def _scope(model: type[Model] | Model) -> tuple[str, str | None]:
    try:
        return SCOPES[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"accounts.policy has no rule for {model._meta.label}") from None


def role_for(model: type[Model] | Model) -> str:
    """The role needed to write instances of `model` (a class or an instance)."""
    return _scope(model)[0]


def province_path(model: type[Model] | Model) -> str | None:
    """The ORM path from `model` to its province id (`plan__province_id` for a target); None for indicators."""
    return _scope(model)[1]


def province_of(obj: Model) -> int | None:
    """The id of the province `obj` belongs to (None: national, or not province data)."""
    path = province_path(obj)
    if path is None:
        return None
    value: Any = obj
    for name in path.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return int(value)


def can_change(user: User, obj: Model) -> bool:
    """May `user` change or delete `obj` (a plan, target, milestone, report, measurement or indicator)?"""
    return can_write(user, province_of(obj), role_for(obj))


def writable(queryset: QuerySet[Any], user: User) -> QuerySet[Any]:
    """The rows of `queryset` that `user` may change: all for staff, none for anonymous users."""
    if is_staff(user):
        return queryset
    role, path = _scope(queryset.model)
    ids = province_ids(user, role) if path else frozenset()
    if not ids:
        return queryset.none()
    return queryset.filter(Q(**{f"{path}__in": sorted(ids)}))


def viewable_province_ids(user: User) -> frozenset[int]:
    """Ids of the provinces whose plans, targets and milestones (`MEMBER_VIEWS`) a member may read in the admin:
    those of any of their memberships, with their successors and predecessors (the lineage without `judging`,
    indicators/lineage.py). One query, remembered on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    remembered: dict[str, frozenset[int]] = user.__dict__.setdefault("_dtrack_province_ids", {})
    if "view" not in remembered:
        rows = Membership.objects.filter(user_id=user.pk).values_list(
            "province_id", "province__successor_links__successor_id", "province__predecessor_links__predecessor_id"
        )
        remembered["view"] = frozenset(pk for row in rows for pk in row if pk is not None)
    return remembered["view"]


def _member_views(model: type[Model] | Model) -> bool:
    return model._meta.label_lower in MEMBER_VIEWS


def can_view(user: User, obj: Model) -> bool:
    """May `user` see `obj` in the admin (read only unless `can_change`)? What they may change, and for members the
    plans, targets and milestones of their provinces' lineage."""
    if can_change(user, obj):
        return True
    if not _member_views(obj):
        return False
    province = province_of(obj)
    return province is not None and province in viewable_province_ids(user)


def viewable(queryset: QuerySet[Any], user: User) -> QuerySet[Any]:
    """The rows of `queryset` that `user` sees in the admin (`can_view`): all for staff, none for anonymous users."""
    if is_staff(user) or not _member_views(queryset.model):
        return writable(queryset, user)
    ids = viewable_province_ids(user)
    if not ids:
        return queryset.none()
    return queryset.filter(Q(**{f"{province_path(queryset.model)}__in": sorted(ids)}))


def may_view_somewhere(user: User, model: type[Model] | Model) -> bool:
    """Whether `user` sees some rows of `model` in the admin (its list and its entry on the index)."""
    if may_write_somewhere(user, role_for(model)):
        return True
    return _member_views(model) and bool(viewable_province_ids(user))


def writable_provinces(user: User, role: str) -> QuerySet[Any]:
    """The provinces `user` may write `role`'s data for (all of them for staff)."""
    provinces: QuerySet[Any] = apps.get_model("provinces", "Province")._default_manager.all()
    if is_staff(user):
        return provinces
    return provinces.filter(pk__in=sorted(province_ids(user, role)))
