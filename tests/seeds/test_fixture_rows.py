"""What the seeded rows say: every figure reads back from its text, every row names its source, and the fields
that `save()` would have set (loaddata does not call it) are right."""

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import Indicator, Measurement, Plan, ProgressReport, Target
from indicators.rules.figures import Qualifier, read_figure

# The seed articles: their copies in fixtures/sources/ and how every row names them (fixtures/sources/index.json).
SOURCES_DIR = Path(settings.BASE_DIR) / "fixtures" / "sources"
SOURCES = json.loads((SOURCES_DIR / "index.json").read_text(encoding="utf-8"))
FILE_OF = {source["citation"]: source["file"] for source in SOURCES}
KNOWN_SEEDS = {
    "000_5b62177df0f628c0.txt",  # Quảng Ngãi, figures stated on 11/10/2024 (kinhtedothi.vn)
    "001_73b0f0838759426a.txt",  # Quảng Trị, meeting of 17/2/2023 on 2022 results; names 1982/QĐ-UBND
    "002_4539e92ed2a9b12c.txt",  # Quảng Ngãi, draft resolution discussed on 30/8/2021 (targets)
    "003_2a270b856fd64f06.txt",  # Quảng Ngãi, e-government article without a date: figures dated "before"
    "004_4fdf699c81c151ae.txt",  # Quảng Ninh, figures "đến giữa tháng 7/2022"
}
# The national programme is not in the seeds: its rows name the decision and the outlets that quote it.
QD_749 = "749/QĐ-TTg"
QD_749_NOTE = "Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ"
REFORM = date(2025, 7, 1)
DTI_DECISIONS = ("922/QĐ-BTTTT", "405/QĐ-BKHCN")

pytestmark = pytest.mark.usefixtures("seeded")


def seed_name(note: str) -> str:
    """The seed file a row's source note names (the citation exactly as fixtures/sources/index.json gives it)."""
    assert note in FILE_OF, f"source_note {note!r} is not a citation of fixtures/sources/index.json"
    return FILE_OF[note]


def referenced_seeds() -> set[str]:
    notes = [
        *Target.objects.exclude(plan__number=QD_749).values_list("source_note", flat=True),
        *ProgressReport.objects.values_list("source_note", flat=True),
    ]
    return {seed_name(note) for note in notes}


# --- (b) every figure reads back from the text it was copied from -----------------------------------------------


@pytest.mark.django_db
def test_every_measurement_reads_back_from_its_value_text():
    measurements = list(Measurement.objects.select_related("indicator"))
    assert measurements
    for m in measurements:
        figure = read_figure(m.value_text)
        where = f"measurement {m.pk} {m.value_text!r}"
        assert figure.value == m.value, where
        assert figure.qualifier == Qualifier(m.qualifier), where
        assert figure.is_estimate == m.is_estimate, where
        assert figure.numerator == m.numerator, where
        assert figure.denominator == m.denominator, where
        # The unit the text shows agrees with the indicator's.
        expected_unit = {"percent": "percent", "rank": "rank", "vnd": "đồng"}.get(m.indicator.unit)
        assert figure.unit == expected_unit, where


@pytest.mark.django_db
def test_the_qualifiers_and_estimates_as_the_texts_write_them():
    by_text = {(m.report_id, m.value_text): (m.qualifier, m.is_estimate) for m in Measurement.objects.all()}
    # Written out by hand from the seeds.
    assert by_text[(1, "trên 99%")] == ("above", False)
    assert by_text[(1, "gần 88%")] == ("nearly", False)
    assert by_text[(1, "ước khoảng 9%")] == ("approximately", True)
    assert by_text[(1, "hơn 35%")] == ("above", False)
    assert by_text[(2, "ước đạt trên 98%")] == ("above", True)
    assert by_text[(3, "trên 229.000 hồ sơ/325.000 hồ sơ")] == ("above", False)
    assert by_text[(3, "1.223/1.712")] == ("exact", False)
    assert sum(estimate for _, estimate in by_text.values()) == 2


# --- (c) provenance ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_row_names_its_source():
    for plan in Plan.objects.all():
        # A plan is named by its document (number and issuer) or by the article that reports it.
        if plan.number == QD_749:
            assert plan.source_note.startswith(QD_749_NOTE) and plan.province_id is None
        elif plan.number:
            assert plan.number in plan.source_note or plan.source_note in FILE_OF, plan.pk
        else:
            seed_name(plan.source_note)
    for target in Target.objects.select_related("plan"):
        if target.plan.number == QD_749:
            assert target.source_note.startswith(QD_749_NOTE + ", mục tiêu đến năm 2025 số "), target.pk
        else:
            seed_name(target.source_note)
        assert target.source_quote, target.pk
    for report in ProgressReport.objects.all():
        seed_name(report.source_note)
    for m in Measurement.objects.select_related("report"):
        # "<citation>: «the sentence the figure is in»", then any remark.
        assert m.note.startswith(f"{m.report.source_note}: «"), m.pk
    outlets = [source["outlet"] for source in SOURCES]
    for indicator in Indicator.objects.all():
        if indicator.index_family == "dti" and indicator.code != "xep-hang-dti-cap-tinh":
            # The DTI's own indicators are defined by the decisions that set its methodology.
            assert all(number in indicator.source for number in DTI_DECISIONS), indicator.code
            continue
        assert QD_749 in indicator.source or any(outlet in indicator.source for outlet in outlets), indicator.code


@pytest.mark.django_db
def test_the_referenced_seed_files_are_the_known_ones():
    assert referenced_seeds() == KNOWN_SEEDS
    assert {source["file"] for source in SOURCES} == KNOWN_SEEDS


@pytest.mark.django_db
def test_target_quotes_hold_their_value():
    for target in Target.objects.select_related("indicator"):
        if target.unit == "boolean":
            continue  # a yes/no goal: the quote states the goal, the value 1 means "done"
        if target.relative_form:
            # Written in a relative form ("nhóm tỉnh dẫn đầu"): the quote holds the words, the value says its source.
            assert target.relative_form in target.source_quote or target.relative_form in target.source_quote.lower()
            assert target.value_source or target.unit != "rank", target.pk
            continue
        written = f"{target.value.normalize():f}"
        assert re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d])", target.source_quote), target.pk


@pytest.mark.django_db
def test_quotes_are_verbatim_in_the_seed_articles():
    def flat(text):  # the articles mix plain and no-break spaces
        return re.sub(r"\s+", " ", text)

    texts = {path.name: flat(path.read_text(encoding="utf-8")) for path in SOURCES_DIR.glob("*.txt")}
    assert set(texts) == KNOWN_SEEDS
    for target in Target.objects.exclude(plan__number=QD_749):
        assert target.source_quote in texts[seed_name(target.source_note)], target.pk
    for m in Measurement.objects.select_related("report"):
        sentence = m.note.split(": «", 1)[1].split("»", 1)[0]
        assert sentence in texts[seed_name(m.report.source_note)], m.pk
        if m.value_text in sentence:
            continue
        # A share the text gives as two counts ("1.712 … trong tổng số 1.832"): both counts are in the sentence.
        numerator, denominator = m.value_text.split("/")
        assert f"{numerator} " in sentence and f"{denominator} " in sentence, m.pk


@pytest.mark.django_db
def test_the_reform_and_plan_lifecycle_rows():
    """The rows the 2025-reform work added from the articles: yes/no goals, the relative and the likely-typo targets,
    the DTI goals as rank ≤ N with N's source and cohort, the report periods, the approximate dates, and the plan
    without targets saying so."""
    draft = Plan.objects.get(status="draft")
    booleans = set(draft.targets.filter(unit="boolean").values_list("indicator__code", flat=True))
    assert booleans == {
        "csdl-dung-chung-ket-noi-toan-tinh",
        "mang-truyen-so-lieu-chuyen-dung-den-cap-xa",
        "pho-cap-4g-5g-dien-thoai-thong-minh",
    }
    relative = draft.targets.get(caveat="awaiting_baseline")
    assert (relative.value, relative.baseline_value) == (20, None) and "so với hiện nay" in relative.relative_form
    typo = draft.targets.get(caveat="likely_typo")
    assert typo.value == 70 and "7%" in typo.caveat_note
    dti = {t.plan.province.key: t for t in Target.objects.filter(indicator__code="xep-hang-dti-cap-tinh")}
    assert {key: (t.comparator, t.value, t.cohort) for key, t in dti.items()} == {
        "2008-51": ("at_most", 20, 63),
        "2008-22": ("at_most", 3, 63),
    }
    assert all("N = " in t.value_source and "http" in t.value_source for t in dti.values())
    periods = {r.source_note: (r.period_start, r.period_end) for r in ProgressReport.objects.all()}
    assert (date(2024, 1, 1), date(2024, 9, 30)) in periods.values()  # "9 tháng đầu năm 2024"
    assert (date(2022, 1, 1), date(2022, 7, 15)) in periods.values()  # "từ đầu năm đến giữa tháng 7/2022"
    share = Measurement.objects.get(value_text="1.712/1.832")
    assert (share.numerator, share.denominator, share.value) == (1712, 1832, Decimal("93.45"))
    approximate = Measurement.objects.filter(as_of_precision="before")
    assert approximate.count() == 4 and {m.as_of for m in approximate} == {date(2024, 9, 15)}
    assert Plan.objects.get(number="1982/QĐ-UBND").targets_note.startswith("Chưa có chỉ tiêu")
    assert not Plan.objects.get(number="1982/QĐ-UBND").targets.exists()


# --- fields that save() would have set, and the domain's invariants -------------------------------------------------


@pytest.mark.django_db
def test_copied_fields_match_what_save_would_set():
    for target in Target.objects.select_related("indicator"):
        assert target.unit == target.indicator.unit, target.pk
    for m in Measurement.objects.select_related("indicator", "report"):
        assert m.unit == m.indicator.unit, m.pk
        assert m.province_id == m.report.province_id, m.pk
        assert m.is_active is (m.report.deleted_at is None), m.pk


@pytest.mark.django_db
def test_ranks_are_lower_is_better_and_targets_compare_the_right_way():
    for indicator in Indicator.objects.all():
        assert (indicator.direction == "lower") == (indicator.unit == "rank"), indicator.code
    for target in Target.objects.select_related("indicator"):
        expected = "at_most" if target.indicator.unit == "rank" else "at_least"
        assert target.comparator == expected, target.pk
        assert target.relative_change is None and target.baseline_value is None, target.pk


@pytest.mark.django_db
def test_deadlines_are_the_end_of_the_year_named():
    # Every seeded target says "đến năm 2025": the deadline is 31/12/2025.
    assert set(Target.objects.values_list("deadline", flat=True)) == {date(2025, 12, 31)}


@pytest.mark.django_db
def test_each_row_is_filed_under_the_unit_of_its_time():
    for report in ProgressReport.objects.select_related("province"):
        unit = report.province
        assert unit.era == ("2008" if report.reported_on < REFORM else "2025"), report.pk
        assert unit.valid_from <= report.reported_on <= (unit.valid_until or date.max), report.pk
    for m in Measurement.objects.select_related("report"):
        assert m.as_of == m.report.reported_on, m.pk
    keys = {
        p.number or p.title: p.province.key if p.province else None for p in Plan.objects.select_related("province")
    }
    assert keys[QD_749] is None
    assert keys["1982/QĐ-UBND"] == "2008-45"  # old Quảng Trị, 29/7/2022
    draft = Plan.objects.get(status="draft")
    assert draft.province.key == "2008-51" and draft.number == "" and draft.issued_on is None  # old Quảng Ngãi, 2021


@pytest.mark.django_db
def test_shared_indicators_join_the_national_and_provincial_targets():
    """One indicator per concept: 749/QĐ-TTg and the Quảng Ngãi draft set targets on the same series."""
    work_files = Target.objects.filter(indicator__code="ho-so-cong-viec-tren-moi-truong-mang")
    by_level = {}
    for target in work_files.select_related("plan"):
        by_level.setdefault(target.level, {})[target.plan.number or "draft"] = target.value
    assert by_level == {
        "provincial": {QD_749: 90, "draft": 90},
        "district": {QD_749: 80, "draft": 80},
        "commune": {QD_749: 60, "draft": 60},
    }
    shared = (
        Indicator.objects.filter(targets__plan__number=QD_749)
        .filter(targets__plan__status="draft")
        .values_list("code", flat=True)
        .distinct()
    )
    assert set(shared) == {
        "nang-suat-lao-dong-tang-hang-nam",  # the draft's 70% (kept as written, flagged as a likely typo of 7%)
        "ho-so-cong-viec-tren-moi-truong-mang",
        "dvctt-muc-do-4-da-phuong-tien",
        "kinh-te-so-ty-trong-gdp-grdp",
        "kinh-te-so-ty-trong-tung-nganh",
        "cap-quang-ho-gia-dinh",
        "cap-quang-xa",
    }
