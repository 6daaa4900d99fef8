from datetime import date

import pytest

from tests.admin.test_browser import browser  # noqa: F401  (the browser tests' Chromium, shared)
from tests.factories import (
    make_indicator,
    make_measurement,
    make_plan,
    make_province,
    make_report,
    make_target,
)


@pytest.fixture
def sample(db):
    """One row of every admin model: Quảng Ngãi's 2021 plan, a 2025 target and the 2024 report that meets it."""
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="ho-so-truc-tuyen", name="Tỷ lệ hồ sơ xử lý trực tuyến", unit="percent")
    plan = make_plan(province=province, number="1982/QĐ-UBND", title="Kế hoạch chuyển đổi số tỉnh Quảng Ngãi")
    target = make_target(
        plan=plan, indicator=indicator, value="90", level="provincial", milestones=[(date(2023, 12, 31), "70")]
    )
    report = make_report(
        province=province, title="Báo cáo kết quả chuyển đổi số 9 tháng", document_number="55/BC-STTTT"
    )
    measurement = make_measurement(
        report=report, indicator=indicator, value="99", level="provincial", qualifier="above", value_text="trên 99%"
    )
    return {
        "province": province,
        "indicator": indicator,
        "plan": plan,
        "target": target,
        "milestone": target.milestones.get(),
        "report": report,
        "measurement": measurement,
    }
