"""The seeded targets, assessed by the database, against a table written by hand from the texts and docs/assessment.md.

Every seeded target appears at two dates: BEFORE its deadline (the day Quảng Ngãi's figures were stated, seed 000)
and AFTER it (the first day after 31/12/2025), plus a few boundary dates. The expected values were reasoned from
the articles, not copied from the code:

- Quảng Ngãi's draft resolution (seed 002) asks, by 2025, work files processed online: 90% provincial, 80%
  district, 60% commune. Seed 000 reports on 11/10/2024 "trên 99%", "gần 88%", "trên 70%": each beats its target
  (99 > 90, 88 > 80, 70 > 60), so each is achieved with gap 0, and met because the figure is dated before the
  deadline. Nothing later replaces these figures, so on 1/1/2026 they are still achieved and met.
- Every other target of the draft has no figure in the seeds: no_data, no gap; open while more than 90 days
  remain (446 days on 11/10/2024), overdue after the deadline. No seeded target is "missed": the only targets
  with figures are met.
- 749/QĐ-TTg is national (no province): only national figures judge it, and the seeds hold none. Quảng Ngãi's
  provincial "trên 99%" must not count for it: no_data at every date.
"""

from datetime import date
from decimal import Decimal

import pytest

from indicators.conf import thresholds
from indicators.models import Measurement, Target
from indicators.selectors.targets import assess_all
from tests import factories

BEFORE = date(2024, 10, 11)  # Quảng Ngãi's figures (seed 000); 446 days before 31/12/2025
AFTER = date(2026, 1, 1)  # the day after every seeded deadline
QD_749 = "749/QĐ-TTg"
DRAFT = "QNg-draft-2021"  # the Quảng Ngãi draft resolution (seed 002): it has no number
QNI = "09-NQ/TU"  # Quảng Ninh's resolution: its DTI goal (seed 004)
PLANS = {QD_749: {"number": QD_749}, DRAFT: {"status": "draft", "province_id": 200851}, QNI: {"number": QNI}}

WORK_FILES = "ho-so-cong-viec-tren-moi-truong-mang"
ZERO = Decimal(0)
ND_OPEN = ("no_data", None, "open")
ND_DUE = ("no_data", None, "due_soon")
ND_OVERDUE = ("no_data", None, "overdue")
ACHIEVED_MET = ("achieved", ZERO, "met")

# (plan, indicator code, level, as_of) -> (status, gap, deadline_status)
TABLE = [
    # --- the Quảng Ngãi draft resolution (seed 002) against Quảng Ngãi's figures (seed 000) ---
    (DRAFT, WORK_FILES, "provincial", BEFORE, ACHIEVED_MET),  # ≥ 90 vs "trên 99%"
    (DRAFT, WORK_FILES, "provincial", AFTER, ACHIEVED_MET),
    (DRAFT, WORK_FILES, "district", BEFORE, ACHIEVED_MET),  # ≥ 80 vs "gần 88%"
    (DRAFT, WORK_FILES, "district", AFTER, ACHIEVED_MET),
    (DRAFT, WORK_FILES, "commune", BEFORE, ACHIEVED_MET),  # ≥ 60 vs "trên 70%"
    (DRAFT, WORK_FILES, "commune", AFTER, ACHIEVED_MET),
    (DRAFT, "dvctt-muc-do-4-da-phuong-tien", "overall", BEFORE, ND_OPEN),
    (DRAFT, "dvctt-muc-do-4-da-phuong-tien", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "bao-cao-ket-noi-he-thong-bao-cao", "overall", BEFORE, ND_OPEN),
    (DRAFT, "bao-cao-ket-noi-he-thong-bao-cao", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "kiem-tra-qua-moi-truong-so", "overall", BEFORE, ND_OPEN),
    (DRAFT, "kiem-tra-qua-moi-truong-so", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "dvctt-dinh-danh-xac-thuc", "overall", BEFORE, ND_OPEN),
    (DRAFT, "dvctt-dinh-danh-xac-thuc", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "ho-so-tthc-hoan-toan-truc-tuyen", "overall", BEFORE, ND_OPEN),
    (DRAFT, "ho-so-tthc-hoan-toan-truc-tuyen", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "hai-long-giai-quyet-tthc", "overall", BEFORE, ND_OPEN),
    (DRAFT, "hai-long-giai-quyet-tthc", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "kinh-te-so-ty-trong-gdp-grdp", "overall", BEFORE, ND_OPEN),
    (DRAFT, "kinh-te-so-ty-trong-gdp-grdp", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "kinh-te-so-ty-trong-tung-nganh", "overall", BEFORE, ND_OPEN),
    (DRAFT, "kinh-te-so-ty-trong-tung-nganh", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "cap-quang-ho-gia-dinh", "overall", BEFORE, ND_OPEN),
    (DRAFT, "cap-quang-ho-gia-dinh", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "cap-quang-xa", "overall", BEFORE, ND_OPEN),
    (DRAFT, "cap-quang-xa", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "tai-khoan-thanh-toan-dien-tu", "overall", BEFORE, ND_OPEN),
    (DRAFT, "tai-khoan-thanh-toan-dien-tu", "overall", AFTER, ND_OVERDUE),
    # the yes/no goals, the relative target, the likely typo and the DTI goals: no figure in the seeds
    (DRAFT, "csdl-dung-chung-ket-noi-toan-tinh", "overall", BEFORE, ND_OPEN),
    (DRAFT, "csdl-dung-chung-ket-noi-toan-tinh", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "mang-truyen-so-lieu-chuyen-dung-den-cap-xa", "overall", BEFORE, ND_OPEN),
    (DRAFT, "mang-truyen-so-lieu-chuyen-dung-den-cap-xa", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "pho-cap-4g-5g-dien-thoai-thong-minh", "overall", BEFORE, ND_OPEN),
    (DRAFT, "pho-cap-4g-5g-dien-thoai-thong-minh", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "tthc-cat-giam-so-voi-2021", "overall", BEFORE, ND_OPEN),
    (DRAFT, "tthc-cat-giam-so-voi-2021", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "nang-suat-lao-dong-tang-hang-nam", "overall", BEFORE, ND_OPEN),
    (DRAFT, "nang-suat-lao-dong-tang-hang-nam", "overall", AFTER, ND_OVERDUE),
    (DRAFT, "xep-hang-dti-cap-tinh", "overall", BEFORE, ND_OPEN),
    (DRAFT, "xep-hang-dti-cap-tinh", "overall", AFTER, ND_OVERDUE),
    (QNI, "xep-hang-dti-cap-tinh", "overall", BEFORE, ND_OPEN),
    (QNI, "xep-hang-dti-cap-tinh", "overall", AFTER, ND_OVERDUE),
    # boundaries: the day before the figures, and the deadline day itself
    (DRAFT, WORK_FILES, "provincial", date(2024, 10, 10), ND_OPEN),
    (DRAFT, WORK_FILES, "district", date(2025, 12, 31), ACHIEVED_MET),
    (DRAFT, "cap-quang-xa", "overall", date(2025, 12, 31), ND_DUE),  # 0 days left
    # --- 749/QĐ-TTg: national, so only national figures count; the seeds hold none ---
    (QD_749, "dvctt-muc-do-4-da-phuong-tien", "overall", BEFORE, ND_OPEN),
    (QD_749, "dvctt-muc-do-4-da-phuong-tien", "overall", AFTER, ND_OVERDUE),
    (QD_749, WORK_FILES, "provincial", BEFORE, ND_OPEN),  # Quảng Ngãi's "trên 99%" does not judge it
    (QD_749, WORK_FILES, "provincial", AFTER, ND_OVERDUE),
    (QD_749, WORK_FILES, "district", BEFORE, ND_OPEN),
    (QD_749, WORK_FILES, "district", AFTER, ND_OVERDUE),
    (QD_749, WORK_FILES, "commune", BEFORE, ND_OPEN),
    (QD_749, WORK_FILES, "commune", AFTER, ND_OVERDUE),
    (QD_749, "csdl-quoc-gia-hoan-thanh-ket-noi", "overall", BEFORE, ND_OPEN),
    (QD_749, "csdl-quoc-gia-hoan-thanh-ket-noi", "overall", AFTER, ND_OVERDUE),
    (QD_749, "xep-hang-egdi", "overall", BEFORE, ND_OPEN),
    (QD_749, "xep-hang-egdi", "overall", AFTER, ND_OVERDUE),
    (QD_749, "kinh-te-so-ty-trong-gdp-grdp", "overall", BEFORE, ND_OPEN),
    (QD_749, "kinh-te-so-ty-trong-gdp-grdp", "overall", AFTER, ND_OVERDUE),
    (QD_749, "kinh-te-so-ty-trong-tung-nganh", "overall", BEFORE, ND_OPEN),
    (QD_749, "kinh-te-so-ty-trong-tung-nganh", "overall", AFTER, ND_OVERDUE),
    (QD_749, "nang-suat-lao-dong-tang-hang-nam", "overall", BEFORE, ND_OPEN),
    (QD_749, "nang-suat-lao-dong-tang-hang-nam", "overall", AFTER, ND_OVERDUE),
    (QD_749, "xep-hang-idi", "overall", BEFORE, ND_OPEN),
    (QD_749, "xep-hang-idi", "overall", AFTER, ND_OVERDUE),
    (QD_749, "xep-hang-gci-wef", "overall", BEFORE, ND_OPEN),
    (QD_749, "xep-hang-gci-wef", "overall", AFTER, ND_OVERDUE),
    (QD_749, "xep-hang-gii", "overall", BEFORE, ND_OPEN),
    (QD_749, "xep-hang-gii", "overall", AFTER, ND_OVERDUE),
    (QD_749, "cap-quang-ho-gia-dinh", "overall", BEFORE, ND_OPEN),
    (QD_749, "cap-quang-ho-gia-dinh", "overall", AFTER, ND_OVERDUE),
    (QD_749, "cap-quang-xa", "overall", BEFORE, ND_OPEN),
    (QD_749, "cap-quang-xa", "overall", AFTER, ND_OVERDUE),
    (QD_749, "xep-hang-gci-itu", "overall", BEFORE, ND_OPEN),
    (QD_749, "xep-hang-gci-itu", "overall", AFTER, ND_OVERDUE),
    # boundaries of "due soon" (90 days): 91 days left is open, 90 is due soon
    (QD_749, WORK_FILES, "provincial", date(2025, 10, 1), ND_OPEN),
    (QD_749, WORK_FILES, "provincial", date(2025, 10, 2), ND_DUE),
]


def target_of(plan, code, level):
    filters = {f"plan__{name}": value for name, value in PLANS[plan].items()}
    return Target.objects.get(indicator__code=code, level=level, **filters)


def assessed(target, as_of):
    return factories.assessed(target, as_of).assessment


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture(scope="module")
def assessed_all(_seeded_module):
    """All seeded targets assessed at once per date (the list endpoints' query), kept for the module."""
    by_date = {}

    def get(target, as_of):
        if as_of not in by_date:
            by_date[as_of] = {row.id: row.assessment for row in assess_all(Target.objects.all(), as_of, thresholds())}
        return by_date[as_of][target.pk]

    return get


@pytest.mark.parametrize(
    ("plan", "code", "level", "as_of", "expected"),
    TABLE,
    ids=[f"{plan}-{code}-{level}-{as_of:%Y%m%d}" for plan, code, level, as_of, _ in TABLE],
)
def test_hand_written_assessment(plan, code, level, as_of, expected, assessed_all):
    target = target_of(plan, code, level)
    for result in (assessed_all(target, as_of), assessed(target, as_of)):  # in the full list, and alone
        assert (result.status, result.gap, result.deadline_status) == expected


def test_the_table_covers_every_seeded_target_before_and_after_its_deadline():
    covered = {}
    for plan, code, level, as_of, _ in TABLE:
        covered.setdefault(target_of(plan, code, level).pk, set()).add(as_of)
    targets = Target.objects.all()
    assert set(covered) == set(targets.values_list("pk", flat=True))
    for target in targets:
        assert any(d <= target.deadline for d in covered[target.pk]), target.pk
        assert any(d > target.deadline for d in covered[target.pk]), target.pk


def test_worked_example_details():
    """The worked example of docs/assessment.md, field by field."""
    provincial = assessed(target_of(DRAFT, WORK_FILES, "provincial"), BEFORE)
    assert (provincial.latest.value, provincial.latest.qualifier) == (Decimal(99), "above")
    latest = Measurement.objects.get(pk=provincial.latest.ref)
    assert latest.province_id == 200851  # old Quảng Ngãi, the unit the figures were written for
    assert provincial.days_remaining == 446
    assert provincial.provisional is False  # "trên" is a bound, not an estimate
    district = assessed(target_of(DRAFT, WORK_FILES, "district"), BEFORE)
    assert (district.latest.value, district.latest.qualifier) == (Decimal(88), "nearly")
    assert district.provisional is True  # "gần" is approximate
    after = assessed(target_of(DRAFT, WORK_FILES, "commune"), AFTER)
    assert after.days_remaining == -1
