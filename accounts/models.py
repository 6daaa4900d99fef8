"""Who may write what (docs/security.md): API tokens, province memberships, and stored idempotent responses."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """A person's role in one province. A planner may do everything a reporter may."""

    REPORTER = "reporter", _("báo cáo viên (báo cáo kết quả, số liệu)")
    PLANNER = "planner", _("cán bộ kế hoạch (kế hoạch, chỉ tiêu, mốc; và báo cáo, số liệu)")
    APPROVER = "approver", _("lãnh đạo duyệt báo cáo (duyệt, trả lại, mở lại; và báo cáo, số liệu)")


class Membership(models.Model):
    """`user` holds `role` in `province` (and so in the province it became in 2025: accounts/policy.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    province = models.ForeignKey(
        "provinces.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền theo tỉnh")
        verbose_name_plural = _("phân quyền theo tỉnh")
        ordering = ["user", "province"]
        constraints = [models.UniqueConstraint(fields=["user", "province"], name="membership_one_role_per_province")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.province}"


class ApiToken(models.Model):
    """A token a system sends as `Authorization: Bearer <token>`; only its SHA-256 is stored (accounts/tokens.py).

    The token is `dtk_<8 characters>_<43 characters>`. The first part, `prefix` (`dtk_<8 characters>`), is public:
    it finds the row and names the token in lists and logs. The whole token is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100, help_text=_("Hệ thống nào dùng khóa này."))
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("SHA-256"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The first answer to a POST carrying `Idempotency-Key`, replayed to retries (accounts/idempotency.py).

    `status_code` is null while the first request is still running.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and the canonical JSON body.")
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key_per_user")]

    def __str__(self):
        return f"{self.key} ({self.method} {self.path})"
