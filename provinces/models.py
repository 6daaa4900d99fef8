"""Province-level units of Vietnam in both eras of the division (before and after 2025-07-01)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from provinces.text import fold


class Era(models.TextChoices):
    # The 63-unit division took its shape on 2008-08-01 (Hà Tây merged into Hà Nội).
    PRE_2025 = "2008", _("63 tỉnh, thành (2008–30/6/2025)")
    FROM_2025 = "2025", _("34 tỉnh, thành (từ 1/7/2025)")


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")


class ProvinceQuerySet(models.QuerySet):
    def current(self, on):
        """Units in force on the date `on`."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)

    def search(self, text: str):
        return self.filter(search_name__contains=fold(text))


class Province(models.Model):
    """A province or centrally governed city, in one era of the division.

    Official codes are reused across eras (new Quảng Trị is 44, old Quảng Bình's code), so the public
    key `key` is "<era>-<code>", never the bare code.
    """

    key = models.SlugField(_("khóa"), max_length=16, unique=True, editable=False)
    code = models.CharField(_("mã"), max_length=2)
    era = models.CharField(_("thời kỳ"), max_length=4, choices=Era.choices)
    name = models.CharField(_("tên"), max_length=100, help_text=_("Tên đầy đủ, ví dụ “Tỉnh Quảng Trị”."))
    short_name = models.CharField(_("tên ngắn"), max_length=80)
    codename = models.SlugField(_("tên mã ASCII"), max_length=80)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=ProvinceKind.choices)
    kind_since = models.DateField(_("loại có hiệu lực từ"))
    former_kind = models.CharField(_("loại trước đó"), max_length=10, choices=ProvinceKind.choices, blank=True)
    kind_basis = models.CharField(_("căn cứ thay đổi loại"), max_length=200, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    phone_code = models.PositiveSmallIntegerField(_("mã vùng điện thoại"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="Succession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["-era", "code"]
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="province_unique_code_per_era"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="province_valid_range",
            ),
            models.CheckConstraint(condition=Q(kind_since__gte=models.F("valid_from")), name="province_kind_since"),
        ]

    def __str__(self):
        return f"{self.name} ({self.era})"

    def save(self, *args, **kwargs):
        self.key = f"{self.era}-{self.code}"
        self.search_name = fold(f"{self.name} {self.short_name} {self.codename.replace('_', ' ')}")
        super().save(*args, **kwargs)


class Succession(models.Model):
    """`predecessor` became (part of) `successor` on `effective_on`, by `basis` (e.g. Nghị quyết 202/2025/QH15)."""

    predecessor = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="predecessor_links")
    effective_on = models.DateField(_("hiệu lực từ"))
    basis = models.CharField(_("căn cứ"), max_length=200)

    class Meta:
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa")
        ordering = ["successor__code", "predecessor__code"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
