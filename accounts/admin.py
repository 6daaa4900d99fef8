"""Admin for API tokens (created here or with `manage.py create_token`; shown once) and province memberships."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts import tokens
from accounts.models import ApiToken, Membership


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["user"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.prefix, raw = tokens.generate()
            obj.digest = tokens.digest(raw)
            request._dtrack_raw_token = raw  # shown by response_add, stored nowhere
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The token is shown on this page, once; a redirect would have to carry it in a message (a cookie).
        raw = getattr(request, "_dtrack_raw_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "token": obj,
            "raw": raw,
            "opts": self.opts,
            "changelist_url": reverse("admin:accounts_apitoken_changelist"),
        }
        return TemplateResponse(request, "accounts/token_created.html", context)

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "province", "role", "created_at"]
    list_filter = ["role", "province__era"]
    search_fields = ["user__username", "province__name", "province__key"]
    list_select_related = ["user", "province"]
    autocomplete_fields = ["user"]
