"""The admin in English at 1366×768 (headless Chromium): English labels are longer than the Vietnamese ones, and
the pages must still not scroll sideways — a plan's targets inline, the webhook delivery log with every column in
view — and the webhook subscription list's province filter lists only the provinces that have subscriptions."""

import secrets
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.admin.test_browser import assert_within_screen, log_in, screenshot, wait_for
from tests.factories import make_indicator, make_plan, make_province, make_target
from webhooks.models import Delivery, Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)"


def in_english(browser, live_server):
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("admin-en", "en@example.invalid", password)
    log_in(browser, live_server, "admin-en", password)
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "en"})


def test_plan_targets_inline_fits_1366_in_english(browser, live_server):
    from selenium.webdriver.common.by import By

    province = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    indicator = make_indicator(code="ho-so", name=LONG_NAME, unit="percent")
    make_target(
        plan=plan,
        indicator=indicator,
        level="provincial",
        value=90,
        baseline_value=60,
        baseline_date=date(2021, 12, 31),
    )
    in_english(browser, live_server)
    browser.get(f"{live_server.url}/admin/indicators/plan/{plan.pk}/change/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "targets-group"))
    assert "Change plan" in browser.page_source
    browser.execute_script("document.getElementById('targets-group').scrollIntoView()")
    screenshot(browser, "admin-plan-targets-en")
    fields = ["indicator", "level", "comparator", "value", "deadline", "baseline_value", "baseline_date"]
    assert_within_screen(browser, [f"#targets-group td.field-{name}" for name in fields])


def test_webhook_delivery_log_shows_every_column_at_1366_in_english(browser, live_server):
    from selenium.webdriver.common.by import By

    subscription = Subscription.objects.create(
        name="Cổng dữ liệu tỉnh", url="https://93.184.216.34/hook", secret="s" * 20, events=["report.approved"]
    )
    Delivery.objects.create(subscription=subscription, event="report.approved", body="{}")
    in_english(browser, live_server)
    browser.get(f"{live_server.url}/admin/webhooks/delivery/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "result_list"))
    screenshot(browser, "admin-deliveries-en")
    columns = browser.find_elements(By.CSS_SELECTOR, "#result_list thead th")
    assert any("Next attempt" in column.get_attribute("textContent") for column in columns)
    scroller = browser.execute_script(
        "var r = document.querySelector('#changelist .results'); return [r.scrollWidth, r.clientWidth];"
    )
    assert scroller[0] <= scroller[1], f"the table scrolls inside its box: {scroller}"
    assert_within_screen(browser, ["#result_list thead th:last-child", "#result_list tbody td:last-child"])


def test_webhook_subscription_filter_is_compact(browser, live_server):
    from selenium.webdriver.common.by import By

    provinces = [make_province(code=f"{n:02d}", name=f"Tỉnh Thử {n}") for n in range(1, 41)]
    Subscription.objects.create(
        name="Cổng dữ liệu tỉnh",
        url="https://93.184.216.34/hook",
        secret="s" * 20,
        events=["report.approved"],
        province=provinces[0],
    )
    in_english(browser, live_server)
    browser.get(f"{live_server.url}/admin/webhooks/subscription/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "result_list"))
    screenshot(browser, "admin-subscriptions-en")
    filter_text = browser.find_element(By.ID, "changelist-filter").text
    assert "Tỉnh Thử 1 (" in filter_text and "Tỉnh Thử 2 (" not in filter_text
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height <= 900, f"the page is {height} px tall for one row"
    assert_within_screen(browser, ["#result_list thead th:last-child"])
