"""DRF permission classes over accounts/policy.py.

`ReadOnlyUnlessStaff` is the default (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]): reads per
`DTRACK_PUBLIC_READ`, writes by staff only. `ProvinceRolePermission` is for the viewsets of province data: the view
names the role its writes need (`required_role`) and the permission checks the object's province; the province a
write *moves to* is only known once the body is validated, so the view checks it then (`check_province`).

An unauthenticated client that is refused gets 401 (with `WWW-Authenticate: Bearer`), an authenticated one 403.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts import policy

__all__ = ["ProvinceRolePermission", "ReadOnlyUnlessStaff"]

WRITE_MESSAGES = {
    policy.STAFF: _("Only staff may change this."),
    policy.Role.REPORTER: _("Writing progress reports and measurements needs a reporter or planner role."),
    policy.Role.PLANNER: _("Writing plans and targets needs a planner role."),
}


def _handled(request, view) -> bool:
    # A method the view does not implement must end in 405, not 401/403: let it through to the handler lookup.
    return hasattr(view, request.method.lower())


class ReadOnlyUnlessStaff(BasePermission):
    message = WRITE_MESSAGES[policy.STAFF]

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            self.message = _("Reading needs an authenticated user (DTRACK_PUBLIC_READ is off).")
            return policy.can_read(request.user)
        return not _handled(request, view) or policy.is_staff(request.user)


class ProvinceRolePermission(BasePermission):
    """Writes need `view.required_role` (policy.STAFF, Role.REPORTER or Role.PLANNER) for the object's province."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            self.message = _("Reading needs an authenticated user (DTRACK_PUBLIC_READ is off).")
            return policy.can_read(request.user)
        if not _handled(request, view):
            return True
        self.message = WRITE_MESSAGES[view.required_role]
        return policy.may_write_somewhere(request.user, view.required_role)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if policy.can_change(request.user, obj):
            return True
        self.message = out_of_scope_message(view.required_role, policy.province_of(obj))
        return False


def out_of_scope_message(role: str, province_id: int | None) -> str:
    if role == policy.STAFF:
        return str(WRITE_MESSAGES[policy.STAFF])
    if province_id is None:
        return str(_("Only staff may write national data (no province)."))
    from provinces.models import Province

    key = Province.objects.filter(pk=province_id).values_list("key", flat=True).first()
    return str(_("Your roles do not cover province %(key)s for this.") % {"key": key})
