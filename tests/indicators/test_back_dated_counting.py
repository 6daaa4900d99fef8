"""A list judged on a past day (indicators/selectors/targets.py) counts the figures the rules count: approved
ones, never a submitted report's, as the target's detail does (lineage.counting)."""

from datetime import date

import pytest

from indicators.conf import thresholds
from indicators.models import Target
from indicators.selectors.targets import assess_all
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", ["submitted", "draft", "returned"])
def test_a_back_dated_list_ignores_figures_not_approved(client, state):
    province = make_province(code="44", era="2008")
    indicator = make_indicator(code="c-1")
    target = make_target(plan=make_plan(province=province), indicator=indicator, value=90)
    make_measurement(report=make_report(province=province, reported_on=date(2024, 3, 31)), indicator=indicator,
                     value="40")  # fmt: skip
    make_measurement(report=make_report(province=province, reported_on=date(2024, 6, 30), state=state),
                     indicator=indicator, value="95")  # fmt: skip
    # An approved figure after the day: the list searches the facts on the day in the measurements.
    make_measurement(report=make_report(province=province, reported_on=date(2025, 3, 31)), indicator=indicator,
                     value="60")  # fmt: skip
    day = date(2024, 12, 31)
    [row] = assess_all(Target.objects.filter(pk=target.pk), day, thresholds())
    detail = client.get(f"/api/v1/targets/{target.pk}/", {"as_of": day}).json()
    assert row.assessment.latest.value == 40
    assert detail["latest"]["value"] == "40.0000"
