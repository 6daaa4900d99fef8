"""Indicators, plans, targets and the progress reports that bring figures (docs/api.md, docs/data.md).

Over 400 lines because the models of one schema live together, with their constraints and choices (Django's
convention, and what a migration reads); the behaviour is elsewhere: rules in `indicators/rules/`, writes in
`indicators/services/`, reads in `indicators/selectors/`.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators import maintained
from indicators.labels import target_text, vn_number, with_unit
from indicators.lineage import Figures, counting  # noqa: F401  (re-exported: the one counting rule)
from indicators.querysets import TargetQuerySet
from indicators.rules import assessment
from indicators.rules import cycle as cycle_rules
from indicators.rules.figures import Qualifier
from indicators.rules.inputs import SOURCE_URL, SOURCE_URL_PATTERN

VALUE = {"max_digits": 20, "decimal_places": 4}
KNOWN_FIELDS = maintained.FIELDS  # the columns the server maintains (indicators/maintained.py)

# One rule for a source address in every door (indicators/rules/inputs.py); with URLField's own check.
source_url_validator = RegexValidator(SOURCE_URL_PATTERN, _(SOURCE_URL), code="invalid")


class Unit(models.TextChoices):
    PERCENT = "percent", _("phần trăm (tỷ lệ)")
    COUNT = "count", _("số lượng")
    VND = "vnd", _("đồng")
    RANK = "rank", _("thứ hạng")
    INDEX = "index", _("chỉ số")
    BOOLEAN = "boolean", _("có/không")


class Direction(models.TextChoices):
    HIGHER = "higher", _("càng cao càng tốt")
    LOWER = "lower", _("càng thấp càng tốt")


class Pillar(models.TextChoices):
    GOVERNMENT = "chinh_quyen_so", _("Chính quyền số")
    ECONOMY = "kinh_te_so", _("Kinh tế số")
    SOCIETY = "xa_hoi_so", _("Xã hội số")
    INFRASTRUCTURE = "ha_tang_so", _("Hạ tầng số")
    SECURITY = "an_toan_thong_tin", _("An toàn thông tin")
    WORKFORCE = "nhan_luc_so", _("Nhân lực số")


class IndexFamily(models.TextChoices):
    DTI = "dti", _("Chỉ số chuyển đổi số cấp tỉnh (DTI)")


class Level(models.TextChoices):
    OVERALL = "overall", _("toàn tỉnh / cả nước")
    PROVINCIAL = "provincial", _("cấp tỉnh (cấp bộ, tỉnh)")
    DISTRICT = "district", _("cấp huyện")
    COMMUNE = "commune", _("cấp xã")


class Caveat(models.TextChoices):
    AWAITING_BASELINE = "awaiting_baseline", _("chờ giá trị cơ sở")
    LIKELY_TYPO = "likely_typo", _("nghi lỗi đánh máy trong nguồn")


class DatePrecision(models.TextChoices):
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")
    YEAR = "year", _("năm")
    BEFORE = "before", _("trước ngày")


Comparator = models.TextChoices("Comparator", [(c.name, (c.value, c.value)) for c in assessment.Comparator])
QualifierChoice = models.TextChoices("QualifierChoice", [(q.name, (q.value, q.value)) for q in Qualifier])


class Indicator(models.Model):
    """What is measured: a name, a unit and which direction is better."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("chiều tốt"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    pillar = models.CharField(_("trụ cột"), max_length=20, choices=Pillar.choices)
    definition = models.TextField(_("định nghĩa"), blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    # A ranked composite index (the DTI): its figures carry the methodology of their year and the cohort ranked.
    index_family = models.CharField(
        _("bộ chỉ số"), max_length=8, choices=IndexFamily.choices, blank=True, default="", db_default=""
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit=Unit.RANK) | Q(direction=Direction.LOWER), name="indicator_rank_lower_is_better"
            ),
        ]

    def __str__(self):
        return self.name


class Plan(models.Model):
    """The legal document that sets targets, e.g. Quyết định 1982/QĐ-UBND ngày 29/7/2022."""

    class DocumentType(models.TextChoices):
        DECISION = "quyet_dinh", _("Quyết định")
        RESOLUTION = "nghi_quyet", _("Nghị quyết")
        PLAN = "ke_hoach", _("Kế hoạch")
        SCHEME = "de_an", _("Đề án")
        PROGRAMME = "chuong_trinh", _("Chương trình")
        OTHER = "khac", _("Khác")

    class Status(models.TextChoices):
        DRAFT = "draft", _("dự thảo")
        IN_FORCE = "in_force", _("có hiệu lực")
        SUPERSEDED = "superseded", _("đã được thay thế")

    document_type = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentType.choices)
    number = models.CharField(_("số hiệu"), max_length=64, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    period_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    period_end = models.DateField(_("kết thúc"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.IN_FORCE)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("thay thế bởi"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "provinces.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text=_("Để trống cho chương trình quốc gia."),
    )
    source_url = models.URLField(_("nguồn (URL)"), max_length=500, blank=True, validators=[source_url_validator])
    source_note = models.CharField(_("ghi chú nguồn"), max_length=300, blank=True)
    targets_note = models.TextField(
        _("ghi chú về chỉ tiêu"),
        blank=True,
        help_text=_(
            "Vì sao văn bản chưa có (hoặc chỉ có một phần) chỉ tiêu, ví dụ: các nguồn đã có không nêu chỉ tiêu."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch, văn bản")
        verbose_name_plural = _("kế hoạch, văn bản")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number", "issued_on"], condition=~Q(number=""), name="plan_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="plan_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="superseded") | Q(superseded_by__isnull=False), name="plan_superseded_has_successor"
            ),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} {self.number}".strip()


class Target(models.Model):
    """A promise: plan × indicator × level → comparator, value, deadline (with optional baseline and milestones)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="targets")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.OVERALL)
    comparator = models.CharField(_("so sánh"), max_length=8, choices=Comparator.choices)
    value = models.DecimalField(_("giá trị mục tiêu"), **VALUE)
    relative_change = models.DecimalField(
        _("thay đổi tương đối (%)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Ví dụ −20 cho “cắt giảm 20% so với hiện nay”; giá trị mục tiêu được tính từ giá trị cơ sở."),
    )
    deadline = models.DateField(_("thời hạn"))
    baseline_value = models.DecimalField(_("giá trị cơ sở"), null=True, blank=True, **VALUE)
    baseline_date = models.DateField(_("ngày cơ sở"), null=True, blank=True)
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)
    source_note = models.CharField(_("ghi chú nguồn"), max_length=300, blank=True)
    # A rank among how many units (63 before the 2025 reform, 34 after): ranks of different cohorts do not compare.
    cohort = models.PositiveSmallIntegerField(_("số đơn vị được xếp hạng"), null=True, blank=True)
    # A target written in a relative form ("nhóm tỉnh dẫn đầu") is stored as a number (rank ≤ N): the words as
    # written, and where N comes from.
    relative_form = models.CharField(_("dạng tương đối như văn bản viết"), max_length=200, blank=True)
    value_source = models.CharField(_("nguồn của giá trị mục tiêu"), max_length=300, blank=True)
    caveat = models.CharField(_("lưu ý"), max_length=20, choices=Caveat.choices, blank=True)
    caveat_note = models.CharField(_("giải thích lưu ý"), max_length=300, blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("tiếp nối chỉ tiêu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text=_(
            "Chỉ tiêu (của văn bản hoặc đơn vị trước) mà chỉ tiêu này tiếp nối, để chuỗi số liệu không bị đứt."
        ),
    )
    # The cascade (docs/assessment.md): the target this one derives from (a national programme's → a province's →
    # a level's or a responsible unit's), and the unit answerable for it when it is not the whole province.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chỉ tiêu cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Chỉ tiêu (cùng chỉ số) mà chỉ tiêu này cụ thể hóa, ví dụ chỉ tiêu của Quyết định 749/QĐ-TTg."),
    )
    responsible_unit = models.CharField(
        _("đơn vị chịu trách nhiệm"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Sở, ngành hoặc địa phương được giao chỉ tiêu; để trống khi là chỉ tiêu chung của tỉnh."),
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, editable=False)
    # The cascade's flags (indicators/cascade.py), kept current on every write of a target or a plan.
    # Defaults in the database too: bulk loaders that name their columns (bench/dataset.py) leave these out.
    flag_looser_value = models.BooleanField(default=False, db_default=False, editable=False)
    flag_later_deadline = models.BooleanField(default=False, db_default=False, editable=False)
    flag_competing = models.BooleanField(default=False, db_default=False, editable=False)
    # The judging measurements' facts, kept current on every write (indicators/state.py). They hold for
    # any as_of on or after known_latest_as_of; earlier dates are computed from the measurements.
    known_latest_id = models.BigIntegerField(null=True, editable=False)
    known_latest_value = models.DecimalField(null=True, editable=False, **VALUE)
    known_latest_qualifier = models.CharField(max_length=14, blank=True, editable=False)
    known_latest_is_estimate = models.BooleanField(null=True, editable=False)
    known_latest_as_of = models.DateField(null=True, editable=False)
    known_latest_province_id = models.BigIntegerField(null=True, editable=False)
    known_earliest_value = models.DecimalField(null=True, editable=False, **VALUE)
    known_earliest_qualifier = models.CharField(max_length=14, blank=True, editable=False)
    known_earliest_as_of = models.DateField(null=True, editable=False)
    known_met_on_time = models.BooleanField(default=False, editable=False)
    # The assessment by the pure rules on one day, stored so lists filter, order and count by status without
    # assessing every target per request (indicators/state.py). `known_basis` names the day and the thresholds
    # ("2026-11-22 0.95 0.60 90"); a list uses the stored values only when every target has the basis asked for.
    known_basis = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    known_status = models.CharField(max_length=20, blank=True, editable=False)
    known_severity = models.PositiveSmallIntegerField(null=True, editable=False)
    known_deadline_status = models.CharField(max_length=10, blank=True, editable=False)
    known_gap = models.DecimalField(null=True, editable=False, max_digits=21, decimal_places=4)
    known_progress = models.DecimalField(null=True, editable=False, max_digits=30, decimal_places=4)
    known_provisional = models.BooleanField(default=False, editable=False)
    known_declining = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=KNOWN_FIELDS)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["deadline", "id"]
        indexes = [
            # The default order of the list, and today's stored status ordered by gap either way: pages read in
            # index order. The plan rides along (PostgreSQL; other databases ignore `include`): a page's offset
            # and the plans-in-force condition are then read from the index alone, without the table's rows.
            models.Index(fields=["deadline", "id"], name="target_deadline", include=["plan"]),
            models.Index(fields=["known_status", "known_gap", "id"], name="target_stored_status"),
            models.Index(
                F("known_status"), F("known_gap").desc(nulls_last=True), F("id"), name="target_status_gap_desc"
            ),
        ]
        constraints = [
            # A plan may assign one indicator to several responsible units (sở, ngành, địa phương), each its own.
            models.UniqueConstraint(
                fields=["plan", "indicator", "level", "responsible_unit", "deadline"], name="target_unique"
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="target_baseline_complete",
            ),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True) | Q(deadline__gt=F("baseline_date")),
                name="target_deadline_after_baseline",
            ),
            models.CheckConstraint(
                condition=Q(relative_change__isnull=True) | Q(baseline_value__isnull=False),
                name="target_relative_needs_baseline",
            ),
            models.CheckConstraint(condition=~Q(unit="percent") | Q(value__lte=100, value__gte=0), name="target_share"),
            models.CheckConstraint(condition=~Q(unit="rank") | Q(value__gte=1), name="target_rank"),
            models.CheckConstraint(
                condition=~Q(unit="boolean") | Q(value=1, comparator="at_least"), name="target_boolean"
            ),
        ]

    def __str__(self):
        # Read by people (history, autocomplete, messages): "≥ 92,5% — <indicator>, <level> (<plan>)".

        plan = self.plan.number or self.plan.title[:40]
        return f"{target_text(self.comparator, self.value, self.unit)} — {self.indicator}, {self.get_level_display()} ({plan})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit = self.indicator.unit
        if self.relative_change is not None and self.baseline_value is not None:
            self.value = assessment.resolve_relative(self.baseline_value, self.relative_change)
        super().save(*args, **kwargs)

    def clean(self):
        if self.indicator_id:
            self.unit = self.indicator.unit
        if self.relative_change is not None:
            if self.baseline_value is None:
                raise ValidationError({"relative_change": _("Chỉ tiêu tương đối cần giá trị cơ sở.")})
            self.value = assessment.resolve_relative(self.baseline_value, self.relative_change)
        if self.baseline_date and self.deadline and self.deadline <= self.baseline_date:
            raise ValidationError({"deadline": _("Thời hạn phải sau ngày cơ sở.")})

    def milestone_points(self) -> tuple[assessment.Milestone, ...]:
        """The milestones as the rules read them: attached by `judging.attach_milestones` (one query for many
        targets, no model instance each), else from a prefetch, else read now."""
        attached = getattr(self, "attached_milestones", None)
        if attached is not None:
            return attached
        return tuple(assessment.Milestone(m.on, m.value) for m in self.milestones.all())

    def rule(self) -> assessment.TargetRule:
        return assessment.TargetRule(
            comparator=assessment.Comparator(self.comparator),
            value=self.value,
            deadline=self.deadline,
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            milestones=self.milestone_points(),
            is_boolean=self.unit == Unit.BOOLEAN,
        )


class Milestone(models.Model):
    """An interim value on the way to the target; the expected path runs through it."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    on = models.DateField(_("ngày"))
    value = models.DecimalField(_("giá trị"), **VALUE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc trung gian")
        verbose_name_plural = _("mốc trung gian")
        ordering = ["target", "on"]
        constraints = [models.UniqueConstraint(fields=["target", "on"], name="milestone_unique_date")]

    def __str__(self):
        return f"{self.on:%d/%m/%Y}: {vn_number(self.value)}"


class ReportQuerySet(models.QuerySet):
    def active(self):
        return self.filter(deleted_at__isnull=True)


ReportState = models.TextChoices(
    "ReportState",
    [
        ("DRAFT", (cycle_rules.State.DRAFT.value, _("nháp"))),
        ("SUBMITTED", (cycle_rules.State.SUBMITTED.value, _("đã gửi"))),
        ("APPROVED", (cycle_rules.State.APPROVED.value, _("đã duyệt"))),
        ("RETURNED", (cycle_rules.State.RETURNED.value, _("bị trả lại"))),
    ],
)


class ProgressReport(models.Model):
    """One document or submission bringing figures for one province (or the nation when province is empty)."""

    province = models.ForeignKey(
        "provinces.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    document_number = models.CharField(_("số hiệu"), max_length=64, blank=True)
    reported_on = models.DateField(_("ngày báo cáo"))
    period_start = models.DateField(_("kỳ từ"), null=True, blank=True)
    period_end = models.DateField(_("kỳ đến"), null=True, blank=True)
    source_url = models.URLField(_("nguồn (URL)"), max_length=500, blank=True, validators=[source_url_validator])
    source_note = models.CharField(_("ghi chú nguồn"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    # The reporting cycle (docs/reporting.md): the period it covers, where it stands, when it was last submitted.
    period = models.ForeignKey(
        "reporting.ReportingPeriod",
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)
    state_reason = models.CharField(_("lý do (bước gần nhất)"), max_length=1000, blank=True, editable=False)
    # Deleting a report hides it and its figures; it can be restored and its history stays.
    deleted_at = models.DateTimeField(_("đã xóa lúc"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "document_number", "reported_on"],
                condition=~Q(document_number="") & Q(deleted_at__isnull=True),
                name="report_unique_document",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="report_period_order",
            ),
            models.CheckConstraint(condition=Q(state__in=ReportState.values), name="report_state_known"),
            models.CheckConstraint(
                condition=Q(state__in=["draft"]) | Q(submitted_at__isnull=False), name="report_submitted_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.reported_on:%d/%m/%Y})"

    @property
    def standing(self) -> int:
        """How far its figures count (cycle_rules.Standing), copied onto each of them."""
        return cycle_rules.counts_from(cycle_rules.State(self.state), self.deleted_at is not None)


class Measurement(models.Model):
    """One figure: an indicator's value at a level, as of a date, with its qualifier exactly as reported."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="measurements"
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.OVERALL)
    as_of = models.DateField(_("số liệu tính đến"))
    # How exactly `as_of` is known: a source may give only the month, the year, or that the figure was reported
    # before some date ("before": as_of is that date, the latest it can be).
    as_of_precision = models.CharField(
        _("độ chính xác của ngày"), max_length=6, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    value = models.DecimalField(_("giá trị"), **VALUE)
    qualifier = models.CharField(
        _("định tính"), max_length=14, choices=QualifierChoice.choices, default=Qualifier.EXACT.value
    )
    is_estimate = models.BooleanField(_("ước tính"), default=False)
    numerator = models.DecimalField(_("tử số"), null=True, blank=True, **VALUE)
    denominator = models.DecimalField(_("mẫu số"), null=True, blank=True, **VALUE)
    value_text = models.CharField(_("số liệu như trong văn bản"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # The document whose method produced the figure (a DTI year: 922/QĐ-BTTTT, 405/QĐ-BKHCN; indicators/rules/dti.py).
    methodology = models.CharField(
        _("phương pháp (văn bản quy định)"), max_length=64, blank=True, default="", db_default=""
    )
    # Copied from the report and the indicator so assessments can filter and check without joins.
    province = models.ForeignKey(
        "provinces.Province", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, editable=False)
    # Copied from the report: a deleted report's figures no longer judge any target.
    is_active = models.BooleanField(default=True, editable=False)
    # Copied from the report: whether the figure counts in assessments (`counting()`): 2 approved, 1 submitted, 0
    # not at all (a draft, returned or deleted report). Like is_active, a row written without its report's copy
    # (bulk loads) counts.
    standing = models.PositiveSmallIntegerField(default=cycle_rules.Standing.APPROVED, editable=False)
    history = HistoricalRecords(excluded_fields=["standing"])

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["-as_of", "-id"]
        indexes = [
            models.Index(fields=["indicator", "level", "province", "as_of"], name="measurement_lookup"),
            # The shares that can combine across a merged unit's parts: the ranking searches their dates
            # (merged.windows) without visiting the many shares given without counts.
            models.Index(
                fields=["indicator", "level", "province", "as_of"],
                name="measurement_counted",
                condition=Q(numerator__isnull=False, denominator__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="measurement_denominator"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="measurement_numerator"
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__gte=0, value__lte=100), name="measurement_share"
            ),
            models.CheckConstraint(condition=~Q(unit="rank") | Q(value__gte=1), name="measurement_rank"),
            models.CheckConstraint(condition=~Q(unit="boolean") | Q(value__in=[0, 1]), name="measurement_boolean"),
        ]

    def __str__(self):
        figure = self.value_text or ("–" if self.value is None else with_unit(self.value, self.unit))
        return f"{self.indicator} {figure} ({self.as_of:%d/%m/%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit = self.indicator.unit
        self.province_id = self.report.province_id
        self.is_active = self.report.deleted_at is None
        self.standing = self.report.standing
        super().save(*args, **kwargs)

    def reading(self) -> assessment.Reading:
        return assessment.Reading(
            on=self.as_of,
            value=self.value,
            qualifier=Qualifier(self.qualifier),
            is_estimate=self.is_estimate,
            seq=self.pk or 0,
            ref=self.pk,
        )


class TargetCard(models.Model):
    """A target as the list shows it on one day (its JSON body), kept by `indicators/cards.py` with the stored
    assessment: the default list reads these instead of building and judging each target. Derived data only."""

    target = models.OneToOneField(Target, on_delete=models.CASCADE, primary_key=True, related_name="card")
    # The day and thresholds of the body (`state.basis`); the list serves it only when the target's stored
    # assessment has the same basis and the request asks for that day.
    basis = models.CharField(max_length=64)
    body = models.TextField()
    # The same target as a scorecard lists it (a subset of the body's fields).
    scorecard = models.TextField(default="")

    class Meta:
        verbose_name = _("thẻ chỉ tiêu")
        verbose_name_plural = _("thẻ chỉ tiêu")

    def __str__(self):
        return f"{self.target_id} ({self.basis})"


class AssessmentSnapshot(models.Model):
    """A target's assessment on a past day (a reporting period's end), computed by the pure rules and stored by
    `indicators/snapshots.py`, so that a back-dated list filters, orders and counts by status with an index instead
    of judging every target. Derived data only: a write that changes what judged the target on that day deletes
    it (indicators/state.py), and a list uses the day's snapshots only when every target has one."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="snapshots")
    # The day and thresholds (`state.basis`): "YYYY-MM-DD on_track at_risk due_soon_days".
    basis = models.CharField(max_length=64)
    status = models.CharField(max_length=20)
    severity = models.PositiveSmallIntegerField()
    deadline_status = models.CharField(max_length=10)
    gap = models.DecimalField(null=True, max_digits=21, decimal_places=4)
    progress = models.DecimalField(null=True, max_digits=30, decimal_places=4)
    # The target's list body on that day as JSON text, as `indicators/cards.py` renders a card ("" when stored
    # before bodies were kept): a back-dated page is written from it instead of judging its rows.
    body = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("ảnh chụp đánh giá")
        verbose_name_plural = _("ảnh chụp đánh giá")
        constraints = [models.UniqueConstraint(fields=["basis", "target"], name="snapshot_basis_target")]
        indexes = [models.Index(fields=["target", "basis"], name="snapshot_target_basis")]

    def __str__(self):
        return f"{self.target_id} ({self.basis})"


class CombinedSeries(models.Model):
    """What a merged unit's predecessors' approved figures combine into, for one series of its targets (the unit,
    an indicator, a level, a unit of measure), over all dates: `rules.assessment.combination`, stored by
    `indicators/merged.py` so that judging a merged unit's target does not read and combine every predecessor
    figure again. Derived data only: deleted in the writing transaction by whatever changes those figures
    (indicators/state.py) and stored again by the write that judges the unit's targets next."""

    successor = models.ForeignKey("provinces.Province", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10)
    unit = models.CharField(max_length=10)
    # JSON: the combined readings, and why the dates before the first of them gave none (merged.Stored).
    combined = models.TextField()

    class Meta:
        verbose_name = _("số liệu gộp của tỉnh hợp nhất")
        verbose_name_plural = _("số liệu gộp của tỉnh hợp nhất")
        constraints = [
            models.UniqueConstraint(fields=["successor", "indicator", "level", "unit"], name="combined_series")
        ]

    def __str__(self):
        return f"{self.successor_id} {self.indicator_id} {self.level} {self.unit}"
