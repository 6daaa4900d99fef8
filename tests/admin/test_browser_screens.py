"""The clerk's screens at 1366×768 in headless Chromium: the target page, a province member's report form, the
import preview with errors and a plan's scorecard. Each asserts its key columns or fields are visible without
scrolling sideways and saves a screenshot under artifacts/ (the index and the target list: tests/admin/test_browser.py).
"""

import secrets
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership, Role
from tests.admin.test_browser import assert_within_screen, log_in, screenshot, wait_for
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = (
    "Tỷ lệ dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương tiện truy cập khác nhau, "
    "bao gồm cả thiết bị di động"
)


@pytest.fixture
def setting():
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="dvc", name=LONG_NAME, unit="percent")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    targets = [
        make_target(plan=plan, indicator=indicator, level=level, value=value)
        for level, value in [("provincial", "92.5"), ("district", 80), ("commune", 70)]
    ]
    report = make_report(province=province)
    make_measurement(report=report, indicator=indicator, value="84.68", level="provincial", as_of=date(2024, 6, 30))
    make_measurement(report=report, indicator=indicator, value="89.66", level="provincial", as_of=date(2024, 12, 31))
    return {"province": province, "indicator": indicator, "plan": plan, "targets": targets}


def superuser(browser, live_server):
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("can-bo", "can-bo@example.invalid", password)
    log_in(browser, live_server, "can-bo", password)


def test_target_page_fits_1366(browser, live_server, setting):
    from selenium.webdriver.common.by import By

    superuser(browser, live_server)
    browser.get(f"{live_server.url}/admin/indicators/target/{setting['targets'][0].pk}/change/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".dtrack-chart"))
    assert_within_screen(browser, [".dtrack-assessment .dtrack-status", ".dtrack-chart", "#id_value", "#id_deadline"])
    labels = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".dtrack-chart text[text-anchor=end]")]
    assert "89,66%" not in labels and "84,68%" not in labels
    screenshot(browser, "admin-target-page")
    browser.execute_script("document.querySelector('.dtrack-chart').scrollIntoView({block: 'center'})")
    screenshot(browser, "admin-target-chart")


def test_member_report_form_fits_1366(browser, live_server, setting):
    from selenium.webdriver.common.by import By

    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_user("bao-cao-vien", "r@example.invalid", password)
    Membership.objects.create(user=user, province=setting["province"], role=Role.REPORTER)
    log_in(browser, live_server, "bao-cao-vien", password)
    browser.get(f"{live_server.url}/admin/indicators/progressreport/add/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "id_measurements-0-value_text"))
    fields = ["indicator", "level", "as_of", "value_text", "value", "qualifier"]
    assert_within_screen(browser, ["#id_title", *(f"#id_measurements-0-{name}" for name in fields)])
    browser.execute_script("document.getElementById('measurements-group').scrollIntoView()")
    screenshot(browser, "admin-report-form-member")


def test_import_preview_with_errors_fits_1366(browser, live_server, setting, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    report = make_report(province=setting["province"], state="draft")
    csv = tmp_path / "so-lieu.csv"
    csv.write_text(
        "report,indicator,level,as_of,value_text,value\n"
        f"{report.pk},dvc,provincial,11/10/2024,trên 99%,\n"
        f"{report.pk},dvc,district,31/02/2024,99%%,\n"
        f"{report.pk},khong-co,district,11/10/2024,71%,\n",
        encoding="utf-8",
    )
    superuser(browser, live_server)
    browser.get(f"{live_server.url}/admin/indicators/measurement/import/")
    browser.find_element(By.ID, "id_import_file").send_keys(str(Path(csv)))
    Select(browser.find_element(By.ID, "id_format")).select_by_value("0")  # CSV
    browser.find_element(By.CSS_SELECTOR, "form input[type=submit].default").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "dtrack-import-errors"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#dtrack-import-errors tr.dtrack-import-error")
    assert len(rows) >= 3
    for row in rows:
        assert row.find_element(By.CSS_SELECTOR, ".dtrack-reason").is_displayed()  # not behind a hover
    assert_within_screen(browser, ["#dtrack-import-summary", "#dtrack-import-errors .dtrack-reason"])
    screenshot(browser, "admin-import-errors")


def test_plan_scorecard_fits_1366(browser, live_server, setting):
    from selenium.webdriver.common.by import By

    superuser(browser, live_server)
    browser.get(f"{live_server.url}/admin/indicators/plan/{setting['plan'].pk}/change/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "dtrack-scorecard"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#dtrack-scorecard tr.dtrack-scorecard-row")
    assert len(rows) == 3
    assert_within_screen(
        browser,
        [
            "#dtrack-scorecard .dtrack-overview-chart",
            "#dtrack-scorecard .dtrack-col-status",
            "#dtrack-scorecard .dtrack-col-gap",
        ],
    )
    screenshot(browser, "admin-plan-scorecard")


def test_approved_report_figures_do_not_overlap_at_1366(browser, live_server, setting):
    """Each saved figure's name (Django's `td.original p`) sits above its row's cells, never over the indicator."""
    from selenium.webdriver.common.by import By

    report = make_report(province=setting["province"])  # approved: its figures are read only
    for level in ("commune", "provincial"):
        make_measurement(
            report=report,
            indicator=setting["indicator"],
            value="71.4",
            value_text="ước đạt 71,4%",
            is_estimate=True,
            level=level,
            as_of=date(2025, 10, 15),
        )
    superuser(browser, live_server)
    browser.get(f"{live_server.url}/admin/indicators/progressreport/{report.pk}/change/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#measurements-group tr.has_original"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#measurements-group tr.has_original")
    assert len(rows) == 2
    browser.execute_script("document.getElementById('measurements-group').scrollIntoView()")
    screenshot(browser, "admin-report-approved-figures")
    for row in rows:
        name = row.find_element(By.CSS_SELECTOR, "td.original p").rect
        for cell in row.find_elements(By.CSS_SELECTOR, "td.field-indicator > *, td.field-value_shown > *"):
            below = cell.rect["y"] >= name["y"] + name["height"] - 1
            assert below, ("the row's name is printed over its cells", name, cell.rect)
    values = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#measurements-group td.field-value_shown")]
    assert values == ["71,4", "71,4"]
    assert_within_screen(browser, ["#measurements-group td.field-qualifier_shown", "#measurements-group td.field-note"])
