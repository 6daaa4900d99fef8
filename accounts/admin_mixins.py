"""The rules of accounts/policy.py for the Django admin: mixins for the ModelAdmins of province data.

Staff keep Django's own admin permissions (a superuser may do everything; other staff what their model
permissions allow). For everyone else the policy decides: a member changes the rows of the provinces their roles
cover, and adds rows only there; they also see, read only, the plans and targets of their provinces' lineage
(`policy.viewable`, `policy.can_view`); the province, plan and report choices of the forms are limited to
those; members get plain selects instead of autocomplete and no import. Wiring (indicators/admin/), the mixin
first so that it wraps the rest:

    class PlanAdmin(ProvinceScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin): ...
    class TargetAdmin(ProvinceScopedAdminMixin, ChoiceLabelsMixin, FoldedSearchMixin, ImportExportAdmin): ...
    class ProgressReportAdmin(ProvinceScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin): ...
    class MeasurementAdmin(ProvinceScopedAdminMixin, ChoiceLabelsMixin, FoldedSearchMixin, ImportExportAdmin): ...
    class TargetInline(ProvinceScopedInlineMixin, ChoiceLabelsMixin, admin.TabularInline): ...
    class MilestoneInline(ProvinceScopedInlineMixin, admin.TabularInline): ...
    class MeasurementInline(ProvinceScopedInlineMixin, ChoiceLabelsMixin, admin.TabularInline): ...

and, so that members who are not staff can sign in at all, the admin site must admit them:
`ProvinceAdminSite` below (INSTALLED_APPS: "accounts.apps.ProvinceAdminConfig" in place of
"django.contrib.admin"). Without that, only staff reach the admin and these mixins change nothing for them.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy

from accounts import policy

__all__ = ["MemberAuthenticationForm", "ProvinceAdminSite", "ProvinceScopedAdminMixin", "ProvinceScopedInlineMixin"]

# ForeignKey name → (model label, role) of the rows a member may pick in a form.
LIMITED_CHOICES = {
    "province": ("provinces.province", None),
    "plan": ("indicators.plan", policy.Role.PLANNER),
    "target": ("indicators.target", policy.Role.PLANNER),
    "report": ("indicators.progressreport", policy.Role.REPORTER),
}


class _MemberRules:
    """What both mixins apply to a member (a non-staff user): the policy's answer in place of Django's model
    permissions, form choices limited to their provinces, plain selects, and a 403 page for a row elsewhere.
    Each mixin says what `_may` means for it."""

    def _member(self, request) -> bool:
        return not policy.is_staff(request.user)

    def _role(self) -> str:
        return policy.role_for(self.model)

    def _may(self, request, obj) -> bool:
        raise NotImplementedError

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A member opening a row outside their provinces (a national target…) is told so, in a page of its own
        (403), rather than "… does not exist. Perhaps it was deleted?"."""
        if self._member(request) and self.model._default_manager.filter(pk=object_id).exists():
            return self._not_in_your_province(request, opts)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def _not_in_your_province(self, request, opts):
        return TemplateResponse(
            request,
            "admin/not_in_your_province.html",
            {**self.admin_site.each_context(request), "opts": opts, "title": gettext("Không thuộc tỉnh của bạn")},
            status=403,
        )

    def has_view_permission(self, request, obj=None):
        if not self._member(request):
            return super().has_view_permission(request, obj)
        return self._may_view(request, obj)

    def _may_view(self, request, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if not self._member(request):
            return super().has_change_permission(request, obj)
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not self._member(request):
            return super().has_delete_permission(request, obj)
        return self._may(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._member(request) and db_field.name in LIMITED_CHOICES:
            kwargs["queryset"] = limited_choices(db_field, request.user, self._role())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        # Autocomplete asks the related model's admin (provinces, indicators), which members may not view: they get
        # plain selects, limited as above.
        return [] if self._member(request) else super().get_autocomplete_fields(request)


class ProvinceScopedAdminMixin(_MemberRules):
    """For the ModelAdmin of Plan, Target, ProgressReport or Measurement (Indicator needs none: staff only)."""

    def get_queryset(self, request):
        # What the member may change, and the plans and targets they may only read (policy.viewable).
        queryset = super().get_queryset(request)
        return policy.viewable(queryset, request.user) if self._member(request) else queryset

    def has_module_permission(self, request):
        if not self._member(request):
            return super().has_module_permission(request)
        return policy.may_view_somewhere(request.user, self.model)

    def _may_view(self, request, obj) -> bool:
        if obj is None:
            return policy.may_view_somewhere(request.user, self.model)
        return policy.can_view(request.user, obj)

    def has_add_permission(self, request):
        if not self._member(request):
            return super().has_add_permission(request)
        return policy.may_write_somewhere(request.user, self._role())

    def _may(self, request, obj) -> bool:
        if obj is None:
            return policy.may_write_somewhere(request.user, self._role())
        return policy.can_change(request.user, obj)

    def _elsewhere(self, request, object_id):
        """The not-in-your-province page when a member asks for a row that exists outside what they see; else None.
        The delete and history pages check the permission before looking the row up, so they ask first."""
        if not self._member(request):
            return None
        try:
            outside = (
                self.model._default_manager.filter(pk=object_id).exists()
                and not self.get_queryset(request).filter(pk=object_id).exists()
            )
        except (ValueError, ValidationError):
            return None
        return self._not_in_your_province(request, self.opts) if outside else None

    def delete_view(self, request, object_id, extra_context=None):
        return self._elsewhere(request, object_id) or super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return self._elsewhere(request, object_id) or super().history_view(request, object_id, extra_context)

    def has_import_permission(self, request):
        # An import file may name any province; members enter rows through the forms.
        return False if self._member(request) else super().has_import_permission(request)

    def save_model(self, request, obj, form, change):
        # The province after the change: the form's choices are limited, but a crafted POST is not.
        if self._member(request) and not policy.can_change(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if self._member(request) and not policy.can_change(request.user, obj):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if self._member(request):
            queryset = policy.writable(queryset, request.user)
        super().delete_queryset(request, queryset)


class ProvinceScopedInlineMixin(_MemberRules):
    """For inlines of province data (milestones in a target, measurements in a report, targets in a plan): a
    member may edit them when they may change the parent object (`obj` is the parent)."""

    def _may(self, request, obj) -> bool:
        if obj is None:
            return policy.may_write_somewhere(request.user, self._role())
        return policy.can_change(request.user, obj) and policy.can_write(
            request.user, policy.province_of(obj), self._role()
        )

    def _may_view(self, request, obj) -> bool:
        # Read only: the plans and targets of the member's provinces' lineage show their targets and milestones.
        if self._may(request, obj):
            return True
        if obj is None:
            return policy.may_view_somewhere(request.user, self.model)
        return policy.can_view(request.user, obj) and policy.may_view_somewhere(request.user, self.model)

    def has_add_permission(self, request, obj=None):
        if not self._member(request):
            return super().has_add_permission(request, obj)
        return self._may(request, obj)


def limited_choices(db_field, user, role: str):
    """The rows a member may pick for `db_field`: provinces their `role` covers, or plans/targets/reports there."""
    label, own_role = LIMITED_CHOICES[db_field.name]
    model = db_field.remote_field.model
    if label == "provinces.province":
        return policy.writable_provinces(user, role)
    return policy.writable(model._default_manager.all(), user) if own_role else model._default_manager.none()


class MemberAuthenticationForm(AdminAuthenticationForm):
    """The admin login, open to active members as well as staff."""

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)  # active users only; skips the staff-only rule
        if not policy.may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class ProvinceAdminSite(admin.AdminSite):
    """The admin site, also for members who are not staff (what they see is limited by the mixins above)."""

    login_form = MemberAuthenticationForm
    site_header = "dtrack"
    site_title = "dtrack"
    # Django's own ("Site quản trị hệ thống." in its Vietnamese catalogue) says nothing about what is kept here.
    index_title = gettext_lazy("Tổng quan chỉ tiêu theo tỉnh và văn bản")
    # The app list is on the index; beside a list on a 1366 px screen it would push the columns off it.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return request.user.is_active and policy.may_use_admin(request.user)
