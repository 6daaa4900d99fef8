"""The plan page shows its targets with today's status, latest figure and gap, and a status chart (SVG)."""

from datetime import date

import pytest

from indicators.models import Target
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db


def test_plan_page_lists_its_targets_with_status_and_a_chart(admin_client):
    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    indicator = make_indicator(code="a", name="Tỷ lệ hộ dùng nước sạch")
    plan = make_plan(province=province, number="1982/QĐ-UBND")
    make_target(plan=plan, indicator=indicator, level="provincial", value=90)
    make_target(plan=plan, indicator=indicator, level="district", value=90)
    make_measurement(
        report=make_report(province=province),
        indicator=indicator,
        value=95,
        level="provincial",
        as_of=date(2024, 10, 1),
    )

    response = admin_client.get(f"/admin/indicators/plan/{plan.pk}/change/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tình hình thực hiện các chỉ tiêu" in html
    assert html.count('class="dtrack-scorecard-row"') == 2
    assert "đã đạt" in html and "chưa có số liệu" in html and "95" in html
    assert 'class="dtrack-overview-chart"' in html
    assert response.context["scorecard"]["summary"].counts == {"achieved": 1, "no_data": 1}
    levels = [row["target"].level for row in response.context["scorecard"]["rows"]]
    assert levels == ["provincial", "district"]  # the choices' order, not the alphabet

    en = admin_client.get(f"/admin/indicators/plan/{plan.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "achieved" in en


def test_new_plan_page_has_no_scorecard(admin_client):
    response = admin_client.get("/admin/indicators/plan/add/")
    assert response.status_code == 200 and "scorecard" not in response.context


def test_scorecard_and_target_autocomplete_run_a_constant_number_of_queries(admin_client, admin_user):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from indicators.admin.plan_scorecard import scorecard

    user = admin_user

    province = make_province(code="51", name="Tỉnh Quảng Ngãi")
    plan = make_plan(province=province, number="1982/QĐ-UBND")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            make_target(plan=plan, indicator=make_indicator(code=f"i{Target.objects.count()}-{i}"), value=90)

    def scorecard_queries():
        request = RequestFactory().get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            card = scorecard(request, plan)
            [str(row["target"]) for row in card["rows"]]
        return len(queries)

    # The page itself grows by Django's autocomplete widget (one query per inline row for its selected indicator).
    search = "/admin/autocomplete/?app_label=indicators&model_name=target&field_name=parent&term="
    add(2)
    few = scorecard_queries(), count(search)
    add(8)
    assert (scorecard_queries(), count(search)) == few
    assert few[0] <= 3


def test_plan_without_targets_says_why_at_the_top(admin_client):
    from tests.factories import make_plan

    note = "Các nguồn đã có không nêu chỉ tiêu định lượng."
    plan = make_plan(number="1982/QĐ-UBND", targets_note=note)
    html = admin_client.get(f"/admin/indicators/plan/{plan.pk}/change/").content.decode()
    summary = html.split('id="dtrack-scorecard"')[1].split("</fieldset>")[0]
    assert "Kế hoạch này chưa có chỉ tiêu." in summary and note in summary
    plain = make_plan(number="2/KH")
    summary = admin_client.get(f"/admin/indicators/plan/{plain.pk}/change/").content.decode()
    assert "dtrack-targets-note" not in summary.split('id="dtrack-scorecard"')[1].split("</fieldset>")[0]


def test_scorecard_of_a_plan_without_targets_raises_no_deprecation_warning(admin_client):
    import warnings

    from django.utils.deprecation import RemovedInDjango60Warning

    from tests.factories import make_plan

    plan = make_plan(number="3/KH")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RemovedInDjango60Warning)
        response = admin_client.get(f"/admin/indicators/plan/{plan.pk}/change/")
    assert response.status_code == 200 and str(response.context["scorecard"]["chart"]) == ""
