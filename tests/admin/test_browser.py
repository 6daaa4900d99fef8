"""The clerk's path in a real browser (headless Chromium from Debian, driven by Selenium):

log in, create a plan with a target, add a progress report whose figure is typed "trên 99%", then open the
target and see it achieved. The last page is saved to artifacts/admin-browser.png.

Needs Debian's `chromium` and `chromium-driver` (`make test` installs them through apt when it runs as root).
Without them the tests are skipped with one line saying what to install, except when DTRACK_REQUIRE_BROWSER=1
(`.ci/run` sets it): CI fails rather than passing without the browser.
"""

import os
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from indicators.models import Measurement, Plan, Target
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

    def offered(d):
        options = d.find_elements(By.CSS_SELECTOR, ".select2-results__option[aria-selected]")
        return next((option for option in options if expected in option.text), None)

    try:
        option = wait_for(driver, offered)
    except Exception:
        shown = [o.text for o in driver.find_elements(By.CSS_SELECTOR, ".select2-results__option")]
        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        raise AssertionError(f"{expected!r} not offered for {term!r} in {field_id}: {shown} {logs}") from None
    option.click()
    wait_for(driver, lambda d: expected in d.find_element(By.ID, f"select2-{field_id}-container").text)


def save(driver):
    from selenium.webdriver.common.by import By

    driver.find_element(By.NAME, "_save").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".messagelist, .errornote"))
    errors = driver.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")
    assert not errors, "the form was refused: " + " | ".join(e.text for e in errors)


def test_clerk_enters_a_plan_and_a_report_and_sees_the_target_achieved(browser, live_server):
    from selenium.webdriver.common.by import By

    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("can-bo", "can-bo@example.invalid", password)
    make_province(code="51", name="Tỉnh Quảng Ngãi")
    make_indicator(code="ho-so-truc-tuyen", name="Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", unit="percent")

    browser.get(f"{live_server.url}/admin/login/")
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi"})
    fill(browser, "id_username", "can-bo")
    fill(browser, "id_password", password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "user-tools"))

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

    # A progress report whose figure is typed as the report writes it.
    browser.get(f"{live_server.url}/admin/indicators/progressreport/add/")
    fill(browser, "id_title", "Báo cáo kết quả chuyển đổi số 9 tháng đầu năm 2024")
    autocomplete(browser, "id_province", "quang ngai", "Quảng Ngãi")
    fill(browser, "id_document_number", "55/BC-STTTT")
    fill(browser, "id_reported_on", "11/10/2024")
    autocomplete(browser, "id_measurements-0-indicator", "truc tuyen", "Tỷ lệ hồ sơ")
    choose(browser, "id_measurements-0-level", "provincial")
    fill(browser, "id_measurements-0-value_text", "trên 99%")
    save(browser)
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.qualifier) == (99, "above")

    # The target's page shows it achieved.
    browser.get(f"{live_server.url}/admin/indicators/target/{target.pk}/change/")
    status = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".dtrack-assessment .dtrack-status"))
    assert status.text == "đã đạt"
    assert "dtrack-status-achieved" in status.get_attribute("class")
    assert browser.find_elements(By.CSS_SELECTOR, ".dtrack-chart circle.dtrack-measurement")
    assert_within_screen(browser, [".dtrack-assessment .dtrack-status", ".dtrack-chart"])

    artifacts = Path(settings.BASE_DIR) / "artifacts"
    artifacts.mkdir(exist_ok=True)
    screenshot = (artifacts / "admin-browser.png").resolve()
    assert browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")  # noqa: T201  (the path is part of the test report)


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


def log_in(driver, live_server, username, password):
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/admin/login/")
    driver.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi"})
    fill(driver, "id_username", username)
    fill(driver, "id_password", password)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "user-tools"))


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
    assert browser.find_elements(By.CSS_SELECTOR, "#dtrack-overview rect.dtrack-status-off_track, "
                                 "#dtrack-overview rect.dtrack-status-missed")  # fmt: skip
    screenshot(browser, "admin-index")

    browser.get(f"{live_server.url}/admin/indicators/target/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#result_list tbody tr"))
    screenshot(browser, "admin-target-list")
    columns = ["level", "status_display", "latest_display", "gap_display", "deadline_display", "plan_display"]
    assert_within_screen(browser, [f"#result_list th.column-{name}" for name in columns])
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == 3
    levels = sorted(row.find_element(By.CSS_SELECTOR, "td.field-level").text for row in rows)
    assert len(set(levels)) == 3, f"the three levels look alike: {levels}"
