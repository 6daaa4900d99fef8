"""Webhook subscriptions and their deliveries (docs/outputs.md, "Webhooks").

A delivery is one event for one subscription: written in the transaction that made the change (the outbox,
webhooks/outbox.py), sent by `manage.py deliver_webhooks` (webhooks/worker.py) until the receiver answers 2xx or the
attempts run out. Its id is the idempotency key the receiver sees on every attempt.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.events import EVENTS

EVENT_CHOICES = [
    ("report.approved", _("báo cáo được duyệt")),
    ("report.reopened", _("báo cáo được mở lại")),
    ("target.status_changed", _("đánh giá chỉ tiêu thay đổi")),
]
assert [value for value, _label in EVENT_CHOICES] == list(EVENTS)


class Subscription(models.Model):
    """A receiver's URL, the secret deliveries to it are signed with, the events it wants, and optionally one province:
    then only that province's events (national events go to subscriptions without a province)."""

    name = models.CharField(_("tên"), max_length=200)
    url = models.URLField(_("địa chỉ nhận (URL)"), max_length=1000)
    secret = models.CharField(
        _("khóa bí mật"), max_length=200, help_text=_("Dùng để ký HMAC-SHA256; không bao giờ hiển thị lại.")
    )
    events = models.JSONField(_("sự kiện"), default=list)
    province = models.ForeignKey(
        "provinces.Province",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        help_text=_("Để trống: mọi tỉnh và dữ liệu toàn quốc (chỉ cán bộ quản trị)."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.url})"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("đang chờ gửi")
        DELIVERED = "delivered", _("đã gửi thành công")
        FAILED = "failed", _("thất bại")

    id = models.UUIDField(_("mã lần gửi"), primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        Subscription, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("sự kiện"), max_length=40, choices=EVENT_CHOICES)
    # The exact bytes sent (UTF-8): every attempt sends and signs the same body.
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("lần thử tiếp theo"), default=timezone.now)
    # A worker's claim: until this time no other worker takes the row; a crash lets it expire (then it is resent).
    claimed_until = models.DateTimeField(_("đang gửi đến"), null=True, blank=True)
    claim = models.UUIDField(_("mã nhận việc"), null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("lần thử gần nhất"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("mã HTTP gần nhất"), null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("nhật ký gửi webhook")
        ordering = ["-created_at", "id"]
        indexes = [
            # The worker's scan: pending rows by due time.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhooks_delivery_due"),
            models.Index(fields=["subscription", "-created_at"], name="webhooks_delivery_by_sub"),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription_id} ({self.id})"
