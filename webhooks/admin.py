"""Admin of webhooks, in Vietnamese: subscriptions (the secret is write-only) and the read-only delivery log with a
"gửi lại" action. Writes go through webhooks/services.py; members see their provinces' rows (accounts.policy)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.admin_mixins import ProvinceScopedAdminMixin
from webhooks import services
from webhooks.models import EVENT_CHOICES, Delivery, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("địa chỉ nhận (URL)"), max_length=1000, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("sự kiện"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple)
    secret = forms.CharField(
        label=_("khóa bí mật"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Ít nhất 16 ký tự. Không hiển thị lại; để trống khi sửa để giữ khóa cũ."),
    )

    class Meta:
        model = Subscription
        fields = ["name", "url", "secret", "events", "province", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        services.check_url(url)
        return url

    user = None  # set per request by SubscriptionAdmin.get_form

    def clean_province(self):
        province = self.cleaned_data["province"]
        if province is None and not policy.is_staff(self.user):
            raise ValidationError(_("Chọn tỉnh: chỉ cán bộ quản trị được tạo webhook cho mọi tỉnh."))
        return province

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if not secret and self.instance.pk:
            return self.instance.secret
        if len(secret) < services.MIN_SECRET:
            raise ValidationError(
                _("Khóa bí mật phải có ít nhất %(count)d ký tự."), params={"count": services.MIN_SECRET}
            )
        return secret


@admin.register(Subscription)
class SubscriptionAdmin(ProvinceScopedAdminMixin, admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "province", "event_list", "active", "created_at"]
    # Only the provinces that have subscriptions (all of them would make a page thousands of pixels tall).
    list_filter = ["active", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province"]
    search_fields = ["name", "url"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    @admin.display(description=_("sự kiện"))
    def event_list(self, obj):
        return ", ".join(obj.events)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.EDITABLE if name in form.cleaned_data}
        if change:
            services.subscription_update(subscription=Subscription.objects.get(pk=obj.pk), user=request.user, data=data)
        else:
            obj.pk = services.subscription_create(user=request.user, **data).pk

    def delete_model(self, request, obj):
        services.subscription_delete(subscription=obj, user=request.user)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "–"


@admin.register(Delivery)
class DeliveryAdmin(ProvinceScopedAdminMixin, admin.ModelAdmin):
    # Every column within 1366 px beside the filters, in English too: the id shortened, the receiver by name, the
    # times as "03/12/2026 14:18" (tests/admin/test_browser_english.py).
    list_display = [
        "short_id",
        "event",
        "receiver",
        "status",
        "attempts",
        "last_status_code",
        "created",
        "next_attempt",
        "delivered",
    ]
    list_display_links = ["short_id"]
    # Only the subscriptions of the rows shown: a member must not see other provinces' receivers in the sidebar.
    list_filter = ["status", "event", ("subscription", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["subscription"]
    readonly_fields = [
        "id",
        "subscription",
        "event",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "body",
    ]
    fields = readonly_fields
    actions = ["redeliver"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("mã lần gửi"), ordering="id")
    def short_id(self, delivery):
        return str(delivery.id)[:8]

    @admin.display(description=_("đăng ký"), ordering="subscription__name")
    def receiver(self, delivery):
        # The URL under the name, broken anywhere: a long address must not widen the table.
        subscription = delivery.subscription
        return format_html('{}<br><small style="word-break: break-all">{}</small>', subscription.name, subscription.url)

    @admin.display(description=_("tạo lúc"), ordering="created_at")
    def created(self, delivery):
        return _moment(delivery.created_at)

    @admin.display(description=_("lần thử tiếp theo"), ordering="next_attempt_at")
    def next_attempt(self, delivery):
        return _moment(delivery.next_attempt_at)

    @admin.display(description=_("gửi thành công lúc"), ordering="delivered_at")
    def delivered(self, delivery):
        return _moment(delivery.delivered_at)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại"), permissions=["view"])
    def redeliver(self, request, queryset):
        try:
            count = services.redeliver(deliveries=queryset, user=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, gettext("Sẽ gửi lại %(count)d lần gửi.") % {"count": count})
