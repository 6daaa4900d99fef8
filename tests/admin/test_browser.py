"""The clerk's path in a real browser (headless Chromium from Debian, driven by Selenium):

log in, create a plan with a target, add a progress report whose figure is typed "trên 99%", then open the
target and see it achieved. The last page is saved to artifacts/admin-browser.png.

Needs `apt-get install -y chromium chromium-driver`; without them the test fails saying so (it is never skipped).
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
    "--window-size=1400,1500",
    "--lang=vi",
]
WAIT = 15


@pytest.fixture
def browser(tmp_path):
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(
            f"Headless Chromium is needed for the browser test and {', '.join(missing)} is missing: "
            "run `apt-get install -y chromium chromium-driver` (Debian packages; no downloaded browser).",
            pytrace=False,
        )
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
    make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")  # a plan of 2022, figures of 2024: the old unit
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

    artifacts = Path(settings.BASE_DIR) / "artifacts"
    artifacts.mkdir(exist_ok=True)
    screenshot = (artifacts / "admin-browser.png").resolve()
    assert browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")  # noqa: T201  (the path is part of the test report)
