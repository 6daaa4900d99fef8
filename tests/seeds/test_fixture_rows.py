"""What the seeded rows say: every figure reads back from its text, every row names its source, and the fields
that `save()` would have set (loaddata does not call it) are right."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import Indicator, Measurement, Plan, ProgressReport, Target
from indicators.rules.figures import Qualifier, read_figure

SEED_NOTE = re.compile(r"seeds/(?P<name>\d{3}_[0-9a-f]{16}\.txt)")
KNOWN_SEEDS = {
    "000_5b62177df0f628c0.txt",  # Quảng Ngãi, figures stated on 11/10/2024 (kinhtedothi.vn)
    "001_73b0f0838759426a.txt",  # Quảng Trị, meeting of 17/2/2023 on 2022 results; names 1982/QĐ-UBND
    "002_4539e92ed2a9b12c.txt",  # Quảng Ngãi, draft resolution discussed on 30/8/2021 (targets)
    "003_2a270b856fd64f06.txt",  # Quảng Ngãi, e-government article without a date: nothing taken (docs/data.md)
    "004_4fdf699c81c151ae.txt",  # Quảng Ninh, figures "đến giữa tháng 7/2022"
}
UNDATED_SEED = "003_2a270b856fd64f06.txt"
# The national programme is not in the seeds: its rows cite the reference notes (docs/data.md).
REFERENCE_NOTE = "reference/domain-vietnam.md §2(b)"
QD_749 = "749/QĐ-TTg"
# The seed articles, copied into the repository (fixtures/sources/).
SEEDS_DIR = Path(settings.BASE_DIR) / "fixtures" / "sources"
REFORM = date(2025, 7, 1)

pytestmark = pytest.mark.usefixtures("seeded")


def seed_name(note: str) -> str:
    match = SEED_NOTE.fullmatch(note)
    assert match, f"source_note {note!r} is not seeds/NNN_<hex>.txt"
    return match["name"]


def referenced_seeds() -> set[str]:
    notes = [
        *Plan.objects.exclude(number=QD_749).values_list("source_note", flat=True),
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
        if plan.number == QD_749:
            assert plan.source_note == REFERENCE_NOTE
            assert plan.province_id is None
        else:
            seed_name(plan.source_note)
    for target in Target.objects.select_related("plan"):
        if target.plan.number == QD_749:
            assert target.source_note.startswith(REFERENCE_NOTE + " row "), target.pk
        else:
            assert seed_name(target.source_note) and target.source_note == target.plan.source_note, target.pk
        assert target.source_quote, target.pk
    for report in ProgressReport.objects.all():
        seed_name(report.source_note)
    for m in Measurement.objects.select_related("report"):
        # "<seed file>: «the sentence the figure is in»", then any remark.
        assert m.note.startswith(f"{m.report.source_note}: «"), m.pk
    for indicator in Indicator.objects.all():
        assert SEED_NOTE.search(indicator.source) or QD_749 in indicator.source, indicator.code


@pytest.mark.django_db
def test_the_referenced_seed_files_are_the_known_ones():
    referenced = referenced_seeds()
    assert referenced <= KNOWN_SEEDS
    # Seed 003 gives no date for its figures and names no plan: nothing could be taken from it (docs/data.md).
    assert referenced == KNOWN_SEEDS - {UNDATED_SEED}


@pytest.mark.django_db
def test_target_quotes_hold_their_value():
    for target in Target.objects.all():
        written = f"{target.value.normalize():f}"
        assert re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d])", target.source_quote), target.pk


@pytest.mark.django_db
def test_quotes_are_verbatim_in_the_seed_articles():
    def flat(text):  # the articles mix plain and no-break spaces
        return re.sub(r"\s+", " ", text)

    texts = {path.name: flat(path.read_text(encoding="utf-8")) for path in SEEDS_DIR.glob("*.txt")}
    assert set(texts) == KNOWN_SEEDS
    for target in Target.objects.exclude(plan__number=QD_749):
        assert target.source_quote in texts[seed_name(target.source_note)], target.pk
    for m in Measurement.objects.select_related("report"):
        sentence = m.note.split(": «", 1)[1].split("»", 1)[0]
        assert sentence in texts[seed_name(m.report.source_note)], m.pk
        assert m.value_text in sentence, m.pk


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
        "ho-so-cong-viec-tren-moi-truong-mang",
        "dvctt-muc-do-4-da-phuong-tien",
        "kinh-te-so-ty-trong-gdp-grdp",
        "kinh-te-so-ty-trong-tung-nganh",
        "cap-quang-ho-gia-dinh",
        "cap-quang-xa",
    }
