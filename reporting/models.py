"""The reporting cycle's records (docs/reporting.md): regimes, their periods, the obligations (unit × period), the
reminders sent and the evidence attached to reports. The rules are in `indicators/rules/cycle.py`."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import Level
from indicators.rules import cycle as cycle_rules

Frequency = models.TextChoices(
    "Frequency",
    [
        ("MONTHLY", (cycle_rules.Frequency.MONTHLY.value, _("hằng tháng"))),
        ("QUARTERLY", (cycle_rules.Frequency.QUARTERLY.value, _("hằng quý"))),
        ("HALF_YEARLY", (cycle_rules.Frequency.HALF_YEARLY.value, _("6 tháng"))),
        ("YEARLY", (cycle_rules.Frequency.YEARLY.value, _("hằng năm"))),
    ],
)


class ReportingRegime(models.Model):
    """A chế độ báo cáo: what is reported, how often, by whom, with which cut-off and deadline."""

    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    frequency = models.CharField(_("tần suất"), max_length=12, choices=Frequency.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        default=cycle_rules.DEFAULT_CUTOFF_DAY,
        help_text=_(
            "Kỳ số liệu bắt đầu từ ngày này của tháng trước kỳ đến ngày liền trước của tháng cuối kỳ "
            "(mặc định 15: từ ngày 15 tháng trước đến ngày 14). 1: theo tháng dương lịch."
        ),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày sau ngày chốt)"),
        default=5,
        help_text=_("Báo cáo phải gửi chậm nhất sau ngày chốt số ngày này."),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày)"), default=7, help_text=_("Số ngày trước hạn gửi thì nhắc “sắp đến hạn”.")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("chỉ số yêu cầu"),
        blank=True,
        related_name="regimes",
        help_text=_("Để trống: mọi chỉ số."),
    )
    levels = models.JSONField(_("các cấp yêu cầu"), default=list, blank=True, help_text=_("Để trống: mọi cấp."))
    units = models.ManyToManyField(
        "provinces.Province",
        verbose_name=_("đơn vị báo cáo"),
        blank=True,
        related_name="regimes",
        help_text=_("Để trống: mọi tỉnh, thành phố đang có hiệu lực trong kỳ."),
    )
    starts_on = models.DateField(_("áp dụng từ"), help_text=_("Các kỳ có ngày chốt từ ngày này được lập."))
    ends_on = models.DateField(_("áp dụng đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_day__gte=1, cutoff_day__lte=28), name="regime_cutoff_day"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="regime_dates_order"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = [level for level in self.levels or [] if level not in Level.values]
        if not isinstance(self.levels, list) or unknown:
            raise ValidationError(
                {"levels": _("Các cấp phải thuộc: %(levels)s.") % {"levels": ", ".join(Level.values)}}
            )


class ReportingPeriod(models.Model):
    """One period of a regime: its label, data window and due date (generated: `manage.py generate_periods`)."""

    regime = models.ForeignKey(
        ReportingRegime, verbose_name=_("chế độ báo cáo"), on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự trong năm"))
    label = models.CharField(_("kỳ"), max_length=40)
    window_start = models.DateField(_("số liệu từ"))
    window_end = models.DateField(_("số liệu đến"))
    due_on = models.DateField(_("hạn gửi"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-window_end", "regime", "id"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "year", "number"], name="period_unique"),
            models.CheckConstraint(condition=Q(window_end__gte=F("window_start")), name="period_window_order"),
            models.CheckConstraint(condition=Q(due_on__gte=F("window_end")), name="period_due_after_window"),
        ]

    def __str__(self):
        return f"{self.label} — {self.regime}"


class Obligation(models.Model):
    """A unit owes a report for a period. Closing it locks its reports; only staff unlock it (recorded)."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="obligations"
    )
    province = models.ForeignKey(
        "provinces.Province", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="obligations"
    )
    closed_at = models.DateTimeField(_("khóa kỳ lúc"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa kỳ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        ordering = ["period__due_on", "province__code", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "province"], name="obligation_unique")]

    def __str__(self):
        return f"{self.province} — {self.period.label}"


class Reminder(models.Model):
    """A reminder sent (or, with --dry-run, only listed) once per obligation, kind and occasion."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("sắp đến hạn")
        OVERDUE = "overdue", _("quá hạn")
        RETURNED = "returned", _("bị trả lại")
        STALE = "stale", _("số liệu cũ")

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("nghĩa vụ báo cáo"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    # What the reminder is about beyond its kind: the returned report and when ("" for the other kinds).
    occasion = models.CharField(_("dịp"), max_length=64, blank=True, default="")
    recipients = models.TextField(_("người nhận"), blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lời nhắc")
        verbose_name_plural = _("lời nhắc")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "kind", "occasion"], name="reminder_once_per_occasion")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.obligation}"


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """Minh chứng: a file and/or a narrative supporting a report or one of its figures."""

    report = models.ForeignKey(
        "indicators.ProgressReport", verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="evidence"
    )
    measurement = models.ForeignKey(
        "indicators.Measurement",
        verbose_name=_("số liệu"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    narrative = models.TextField(_("thuyết minh"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(narrative=""), name="evidence_file_or_narrative")
        ]

    def __str__(self):
        return self.original_name or self.narrative[:60]
