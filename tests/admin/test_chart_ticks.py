"""The admin's charts put their value ticks on round numbers (1, 2, 5 × 10ⁿ steps) and keep labels apart."""

import re
from datetime import date
from decimal import Decimal

import pytest

from indicators.admin.ticks import nice_step, nice_ticks


@pytest.mark.parametrize(
    ("low", "high", "step"),
    [("84.68", "89.66", "1"), ("0", "100", "20"), ("0", "7", "2"), ("0.012", "0.034", "0.005"), ("120", "1126", "500")],
)
def test_steps_are_one_two_or_five_times_a_power_of_ten(low, high, step):
    assert nice_step(Decimal(high) - Decimal(low)) == Decimal(step)


def test_ticks_cover_the_range_on_multiples_of_the_step():
    low, high, ticks = nice_ticks(Decimal("84.68"), Decimal("89.66"))
    assert (low, high) == (84, 90)
    assert ticks == [84, 85, 86, 87, 88, 89, 90]
    assert all(t == t.to_integral_value() for t in ticks)


def test_equal_ends_still_give_an_axis():
    low, high, ticks = nice_ticks(Decimal(5), Decimal(5))
    assert low < high and len(ticks) >= 2


@pytest.mark.django_db
def test_target_page_chart_has_round_ticks(admin_client):
    from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="a", unit="percent")
    target = make_target(plan=make_plan(province=province), indicator=indicator, level="provincial", value="89.66")
    make_measurement(
        report=make_report(province=province),
        indicator=indicator,
        value="84.68",
        level="provincial",
        as_of=date(2024, 10, 1),
    )
    html = admin_client.get(f"/admin/indicators/target/{target.pk}/change/").content.decode()
    chart = html.split('class="dtrack-chart"')[1].split("</svg>")[0]
    labels = re.findall(r'text-anchor="end" fill="#555">([^<]+)</text>', chart)
    assert labels, chart[:500]
    for label in labels:
        number = Decimal(label.rstrip("%").replace(".", "").replace(",", "."))
        assert number % nice_step(Decimal(10)) == 0 or number % 1 == 0, label
    assert "89,66" not in labels and "84,68%" not in labels
