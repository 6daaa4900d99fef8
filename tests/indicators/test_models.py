"""The models: database constraints, and the worked examples of docs/assessment.md built through them."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators import services
from indicators.models import Measurement
from indicators.state import refresh_for_series
from tests import factories
from tests.factories import (
    link,
    make_indicator,
    make_measurement,
    make_plan,
    make_province,
    make_report,
    make_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quang_ngai():
    """The 2021 draft resolution's targets for 2025 and the figures reported on 2024-10-11."""
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    files = make_indicator(code="work-files-online")
    plan = make_plan(province=province, status="draft", issued_on=date(2021, 6, 1))
    targets = {
        level: make_target(plan=plan, indicator=files, level=level, value=value)
        for level, value in (("provincial", 90), ("district", 80), ("commune", 60))
    }
    report = make_report(province=province, reported_on=date(2024, 10, 11))
    for level, value, qualifier in (("provincial", 99, "above"), ("district", 88, "nearly"), ("commune", 70, "above")):
        make_measurement(report=report, indicator=files, level=level, value=value, qualifier=qualifier)
    return targets


def assessed(target, as_of):
    return factories.assessed(target, as_of).assessment


@pytest.mark.parametrize("level", ["provincial", "district", "commune"])
def test_worked_examples_achieved_and_met(quang_ngai, level):
    """≥ 90% vs "trên 99%", ≥ 80% vs "gần 88%", ≥ 60% vs "trên 70%": achieved, gap 0, met."""
    row = assessed(quang_ngai[level], date(2024, 10, 11))
    assert (row.status, row.gap, row.deadline_status) == ("achieved", Decimal(0), "met")


def test_worked_example_unmet_after_deadline_is_missed_and_overdue(quang_ngai):
    """Assessed on 2026-01-01, a 2025 target still unmet → missed / overdue."""
    target = quang_ngai["provincial"]
    services.target_update(target=target, data={"value": Decimal(100)})
    row = assessed(target, date(2026, 1, 1))
    assert (row.status, row.deadline_status, row.gap) == ("missed", "overdue", Decimal(1))


def test_nearly_does_not_meet_an_equal_target(quang_ngai):
    """ "gần 88%" meets ≥ 80% but not ≥ 88%."""
    target = quang_ngai["district"]
    target.value = Decimal(88)
    target.save()
    assert assessed(target, date(2024, 10, 11)).status != "achieved"


def test_successor_figures_judge_a_predecessor_target():
    """A figure reported by the merged province judges the old province's target, and says where it came from."""
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(old, new)
    indicator = make_indicator()
    target = make_target(plan=make_plan(province=old), indicator=indicator, value=90)
    make_measurement(report=make_report(province=new, reported_on=date(2025, 9, 1)), indicator=indicator, value=95)
    judged = factories.assessed(target, date(2025, 10, 1))
    assert (judged.assessment.status, judged.latest_province_key) == ("achieved", new.key)


def test_relative_target_is_resolved_from_the_baseline():
    """ "cắt giảm tối thiểu 20% so với hiện nay": 200 → at most 160, and both forms are kept."""
    target = make_target(
        plan=make_plan(),
        indicator=make_indicator(unit="count"),
        value=0,
        comparator="at_most",
        relative_change=Decimal(-20),
        baseline_value=Decimal(200),
        baseline_date=date(2022, 1, 1),
    )
    target.refresh_from_db()
    assert (target.value, target.relative_change) == (Decimal(160), Decimal(-20))


def test_deleted_report_figures_no_longer_judge():
    indicator = make_indicator()
    target = make_target(plan=make_plan(), indicator=indicator, value=90)
    report = make_report()
    make_measurement(report=report, indicator=indicator, value=95)
    assert assessed(target, date(2025, 1, 1)).status == "achieved"
    Measurement.objects.filter(report=report).update(is_active=False, standing=0)  # what deleting copies
    refresh_for_series([(indicator.pk, "overall", None)])
    assert assessed(target, date(2025, 1, 1)).status == "no_data"


@pytest.mark.parametrize(
    ("state", "counts"), [("draft", False), ("submitted", False), ("returned", False), ("approved", True)]
)
def test_only_approved_figures_judge(state, counts):
    indicator = make_indicator()
    target = make_target(plan=make_plan(), indicator=indicator, value=90)
    make_measurement(report=make_report(state=state), indicator=indicator, value=95)
    assert assessed(target, date(2025, 1, 1)).status == ("achieved" if counts else "no_data")
    target.refresh_from_db()
    assert (target.known_latest_value is not None) == counts, "the maintained facts count the same figures"


@pytest.mark.parametrize(
    ("unit", "field", "value"),
    [
        ("percent", "value", Decimal("100.5")),  # a share above 100%
        ("percent", "value", Decimal("-1")),
        ("rank", "value", Decimal("0")),  # a rank below 1
        ("boolean", "value", Decimal("2")),
        ("count", "denominator", Decimal("0")),  # a zero denominator
        ("count", "numerator", Decimal("-3")),
    ],
)
def test_measurement_constraints(unit, field, value):
    indicator = make_indicator(unit=unit)
    report = make_report()
    fields = {"value": Decimal(1), field: value}
    with pytest.raises(IntegrityError), transaction.atomic():
        make_measurement(report=report, indicator=indicator, **fields)


@pytest.mark.parametrize(
    ("unit", "fields"),
    [
        ("percent", {"value": Decimal(101)}),
        ("rank", {"value": Decimal(0), "comparator": "at_most"}),
        ("boolean", {"value": Decimal(1), "comparator": "at_most"}),
        ("percent", {"value": Decimal(90), "baseline_value": Decimal(50)}),  # baseline without its date
        ("percent", {"value": Decimal(90), "baseline_value": Decimal(50), "baseline_date": date(2026, 1, 1)}),
    ],
)
def test_target_constraints(unit, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target(plan=make_plan(), indicator=make_indicator(unit=unit), **fields)


def test_target_is_unique_per_plan_indicator_level_deadline():
    plan, indicator = make_plan(), make_indicator()
    make_target(plan=plan, indicator=indicator, value=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target(plan=plan, indicator=indicator, value=80)


def test_report_is_unique_per_document_until_deleted():
    province = make_province()
    first = make_report(province=province, document_number="12/BC-UBND")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(province=province, document_number="12/BC-UBND")
    first.deleted_at = first.created_at
    first.save()
    assert make_report(province=province, document_number="12/BC-UBND").pk


def test_rank_indicator_must_be_lower_is_better():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(unit="rank", direction="higher")


def test_changes_are_kept_in_history():
    target = make_target(plan=make_plan(), indicator=make_indicator(), value=90)
    target.value = Decimal(95)
    target.save()
    assert [h.value for h in target.history.order_by("history_id")] == [Decimal(90), Decimal(95)]
