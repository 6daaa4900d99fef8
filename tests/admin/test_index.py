"""The admin index: today's target statuses per province and per plan, as tables and an SVG chart."""

import re
from datetime import date

import pytest

from indicators.models import Target
from indicators.state import store_assessments
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stored_for_today", [True, False])
def test_index_counts_statuses_per_province_and_plan(admin_client, stored_for_today):
    """The same counts whether today's stored assessment holds or not (the first minutes of a day, before
    `refresh_assessments` runs: then the rules judge every target)."""
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="a")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    national = make_plan(number="749/QĐ-TTg")
    make_target(plan=plan, indicator=indicator, level="provincial", value=90)
    make_target(plan=plan, indicator=indicator, level="district", value=90)
    make_target(plan=national, indicator=indicator, value=50)
    make_measurement(
        report=make_report(province=province),
        indicator=indicator,
        value=95,
        level="provincial",
        as_of=date(2024, 10, 1),
    )

    if not stored_for_today:
        store_assessments(Target.objects.all(), on=date(2024, 1, 1))  # what was stored is for another day
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="dtrack-overview-chart"' in html and "<script" not in html.split('id="dtrack-overview"')[1][:5000]
    rows = {row.label: (row.counts, row.total) for row in response.context["overview"]["provinces"]}
    assert rows == {"Quảng Ngãi": ({"achieved": 1, "no_data": 1}, 2), "cả nước": ({"no_data": 1}, 1)}
    plans = {row.label: row.total for row in response.context["overview"]["plans"]}
    assert plans == {"1982/QĐ-UBND": 2, "749/QĐ-TTg": 1}
    # One bar segment per (province, status) with a count, coloured by status.
    assert len(re.findall(r'<rect class="dtrack-bar dtrack-status-', html)) == 3
