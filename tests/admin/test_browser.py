"""The clerk's path in a real browser (headless Chromium from Debian, driven by Selenium):

log in, create a plan with a target; then the reporting cycle (docs/reporting.md): a reporter of the province enters
a progress report whose figure is typed "trên 99%" and submits it (the target still has no data: drafts and
submitted figures do not count), an approver approves it, the target is achieved, and the compliance page shows
the period approved. Screenshots: artifacts/admin-browser.png (the target), artifacts/admin-compliance.png.

Needs Debian's `chromium` and `chromium-driver` (`make test` installs them through apt when it runs as root).
Without them the tests are skipped with one line saying what to install, except when DTRACK_REQUIRE_BROWSER=1
(`.ci/run` sets it): CI fails rather than passing without the browser.
"""

import os
import secrets
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import Membership, Role
from indicators.models import Measurement, Plan, ProgressReport, Target
from reporting.models import ReportingRegime
from reporting.services import generate_periods
from tests.factories import make_indicator, make_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1366,768",  # a common office laptop screen: what a clerk has
    "--lang=vi",
]
WAIT = 15


@pytest.fixture
def browser(tmp_path):
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        message = (
            f"Headless Chromium is needed for the browser tests and {', '.join(missing)} is missing: "
            "run `apt-get install -y chromium chromium-driver` (Debian packages; no downloaded browser)."
        )
        if os.environ.get("DTRACK_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi,vi-VN"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def fill(driver, field_id, text):
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def choose(driver, field_id, value):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, field_id)).select_by_value(value)


def autocomplete(driver, field_id, term, expected):
    """Pick `expected` in the admin's select2 autocomplete of `field_id` after typing `term`."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f'[aria-labelledby="select2-{field_id}-container"]').click()
    search = wait_for(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, ".select2-container--open .select2-search__field")
    )
    search.send_keys(term)

    def picked(d):
        from selenium.common.exceptions import StaleElementReferenceException

        try:
            options = d.find_elements(By.CSS_SELECTOR, ".select2-results__option[aria-selected]")
            option = next((option for option in options if expected in option.text), None)
            if option is not None:
                option.click()
            return option is not None
        except StaleElementReferenceException:
            return False  # select2 drew the results again (the search of a later keystroke came back): look again

    try:
        wait_for(driver, picked)
    except Exception:
        shown = [o.text for o in driver.find_elements(By.CSS_SELECTOR, ".select2-results__option")]
        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        raise AssertionError(f"{expected!r} not offered for {term!r} in {field_id}: {shown} {logs}") from None
    wait_for(driver, lambda d: expected in d.find_element(By.ID, f"select2-{field_id}-container").text)


def save(driver):
    from selenium.webdriver.common.by import By

    driver.find_element(By.NAME, "_save").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".messagelist, .errornote"))
    errors = driver.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")
    assert not errors, "the form was refused: " + " | ".join(e.text for e in errors)


def log_in(browser, live_server, username, password):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/")
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi"})
    fill(browser, "id_username", username)
    fill(browser, "id_password", password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "user-tools"))


def run_action(browser, live_server, report, action, reason=""):
    """Tick `report` in the report list, type the reason, pick `action` and run it; return the success message."""
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/admin/indicators/progressreport/")
    browser.find_element(By.CSS_SELECTOR, f'input.action-select[value="{report.pk}"]').click()
    if reason:
        fill(browser, "id_reason", reason)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.NAME, "action")).select_by_value(action)
    browser.find_element(By.CSS_SELECTOR, 'button[name="index"]').click()
    message = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".messagelist li"))
    assert "error" not in (message.get_attribute("class") or ""), message.text
    return message.text


def target_status(browser, live_server, target):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/admin/indicators/target/{target.pk}/change/")
    return wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".dtrack-assessment .dtrack-status"))


def test_clerk_enters_a_plan_and_a_report_and_sees_the_target_achieved(browser, live_server):
    from selenium.webdriver.common.by import By

    password = secrets.token_urlsafe(16)
    User = get_user_model()
    User.objects.create_superuser("can-bo", "can-bo@example.invalid", password)
    # a plan of 2022, figures of 2024: the old unit
    province = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(
        code="ho-so-truc-tuyen", name="Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", unit="percent"
    )
    for name, role in (("bao-cao-vien", Role.REPORTER), ("lanh-dao", Role.APPROVER)):
        Membership.objects.create(
            user=User.objects.create_user(name, f"{name}@example.invalid", password), province=province, role=role
        )
    regime = ReportingRegime.objects.create(
        name="Báo cáo chuyển đổi số hằng quý", frequency="quarterly", starts_on=date(2024, 1, 1)
    )
    regime.units.add(province)
    generate_periods(regime, until=date(2024, 12, 31))
    period = regime.periods.get(year=2024, number=4)  # Quý IV/2024: 15/09–14/12/2024

    log_in(browser, live_server, "can-bo", password)

    # A plan with one target, typed in the plan's page.
    browser.get(f"{live_server.url}/admin/indicators/plan/add/")
    choose(browser, "id_document_type", "quyet_dinh")
    fill(browser, "id_number", "1982/QĐ-UBND")
    fill(browser, "id_title", "Kế hoạch chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021–2025")
    fill(browser, "id_issuer", "UBND tỉnh Quảng Ngãi")
    fill(browser, "id_issued_on", "29/07/2022")
    autocomplete(browser, "id_province", "quang ngai", "Quảng Ngãi")  # diacritics not needed
    autocomplete(browser, "id_targets-0-indicator", "ho so", "Tỷ lệ hồ sơ")
    choose(browser, "id_targets-0-level", "provincial")
    choose(browser, "id_targets-0-comparator", "at_least")
    fill(browser, "id_targets-0-value", "90")
    fill(browser, "id_targets-0-deadline", "31/12/2025")
    save(browser)
    target = Target.objects.select_related("plan").get()
    assert target.plan.number == "1982/QĐ-UBND" and target.value == 90 and Plan.objects.count() == 1

    # The reporter enters a progress report of Quý IV/2024 whose figure is typed as the report writes it (members
    # get plain selects), and submits it.
    log_in(browser, live_server, "bao-cao-vien", password)
    browser.get(f"{live_server.url}/admin/indicators/progressreport/add/")
    fill(browser, "id_title", "Báo cáo kết quả chuyển đổi số 9 tháng đầu năm 2024")
    choose(browser, "id_province", str(province.pk))
    fill(browser, "id_document_number", "55/BC-STTTT")
    fill(browser, "id_reported_on", "11/10/2024")
    choose(browser, "id_period", str(period.pk))
    choose(browser, "id_measurements-0-indicator", str(indicator.pk))
    choose(browser, "id_measurements-0-level", "provincial")
    fill(browser, "id_measurements-0-value_text", "trên 99%")
    save(browser)
    measurement = Measurement.objects.get()
    report = ProgressReport.objects.get()
    assert (measurement.value, measurement.qualifier, report.state) == (99, "above", "draft")
    run_action(browser, live_server, report, "submit")
    assert ProgressReport.objects.get().state == "submitted"
    log_in(browser, live_server, "can-bo", password)  # targets are shown to planners and staff
    assert target_status(browser, live_server, target).text == "chưa có số liệu", "submitted figures do not count"

    # The approver approves it: now the figure counts and the target is achieved.
    log_in(browser, live_server, "lanh-dao", password)
    run_action(browser, live_server, report, "approve")
    assert ProgressReport.objects.get().state == "approved"
    log_in(browser, live_server, "can-bo", password)
    status = target_status(browser, live_server, target)
    assert status.text == "đã đạt"
    assert "dtrack-status-achieved" in status.get_attribute("class")
    assert browser.find_elements(By.CSS_SELECTOR, ".dtrack-chart circle.dtrack-measurement")
    assert_within_screen(browser, [".dtrack-assessment .dtrack-status", ".dtrack-chart"])

    artifacts = Path(settings.BASE_DIR) / "artifacts"
    artifacts.mkdir(exist_ok=True)
    screenshot = (artifacts / "admin-browser.png").resolve()
    assert browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")  # noqa: T201  (the path is part of the test report)

    # The compliance page (staff) shows the period approved for the province, and its chart.
    browser.get(f"{live_server.url}/admin/reporting/obligation/compliance/")
    row = wait_for(
        browser,
        lambda d: next(
            r for r in d.find_elements(By.CSS_SELECTOR, "#compliance-table tbody tr") if "Quý IV/2024" in r.text
        ),
    )
    assert row.find_element(By.CSS_SELECTOR, "td.status-approved")
    assert browser.find_elements(By.CSS_SELECTOR, "svg#compliance-chart rect")
    compliance = (artifacts / "admin-compliance.png").resolve()
    assert browser.save_screenshot(str(compliance))
    print(f"screenshot: {compliance}")  # noqa: T201


def screenshot(driver, name: str) -> Path:
    artifacts = Path(settings.BASE_DIR) / "artifacts"
    artifacts.mkdir(exist_ok=True)
    path = (artifacts / f"{name}.png").resolve()
    assert driver.save_screenshot(str(path))
    print(f"screenshot: {path}")  # noqa: T201  (the path is part of the test report)
    return path


def assert_within_screen(driver, selectors: list[str]) -> None:
    """Each element is shown and ends within the window's width: nobody has to scroll sideways to read it."""
    from selenium.webdriver.common.by import By

    width = driver.execute_script("return window.innerWidth")
    assert width <= 1366
    for selector in selectors:
        element = driver.find_element(By.CSS_SELECTOR, selector)
        rect = element.rect
        assert element.is_displayed(), selector
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width, (selector, rect, width)
    page_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= width, f"the page is {page_width} px wide: it scrolls sideways on a {width} px screen"


def test_admin_index_and_target_list_fit_a_1366_px_screen(browser, live_server):
    """The dtrack header on the index; the target list's level, status, latest figure, gap and deadline columns
    within 1366 px, with long indicator names (the real ones run to 150 characters)."""
    from selenium.webdriver.common.by import By

    from tests.factories import make_measurement, make_plan, make_report, make_target

    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("can-bo", "can-bo@example.invalid", password)
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(
        code="dvc",
        name="Tỷ lệ dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương tiện truy cập khác nhau, "
        "bao gồm cả thiết bị di động",
        unit="percent",
    )
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    for level, value in [("provincial", 90), ("district", 80), ("commune", 70)]:
        make_target(plan=plan, indicator=indicator, level=level, value=value)
    report = make_report(province=province)
    make_measurement(report=report, indicator=indicator, value=85, level="provincial")

    log_in(browser, live_server, "can-bo", password)
    browser.get(f"{live_server.url}/admin/")
    brand = browser.find_element(By.CSS_SELECTOR, "#site-name .dtrack-brand")
    assert brand.text == "dtrack"
    assert "Theo dõi chỉ tiêu chuyển đổi số" in browser.find_element(By.ID, "site-name").text
    assert_within_screen(browser, ["#site-name", "#dtrack-overview .dtrack-overview-chart", ".dtrack-overview-table"])
    assert browser.find_elements(
        By.CSS_SELECTOR, "#dtrack-overview rect.dtrack-status-off_track, " "#dtrack-overview rect.dtrack-status-missed"
    )
    screenshot(browser, "admin-index")

    browser.get(f"{live_server.url}/admin/indicators/target/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#result_list tbody tr"))
    screenshot(browser, "admin-target-list")
    columns = [
        "level",
        "status_display",
        "latest_display",
        "gap_display",
        "deadline_display",
        "plan_display",
        "flags_display",
    ]
    assert_within_screen(browser, [f"#result_list th.column-{name}" for name in columns])
    # Nor does the list scroll sideways inside its own box.
    assert browser.execute_script("const r = document.querySelector('.results'); return r.scrollWidth <= r.clientWidth")
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == 3
    levels = sorted(row.find_element(By.CSS_SELECTOR, "td.field-level").text for row in rows)
    assert len(set(levels)) == 3, f"the three levels look alike: {levels}"
