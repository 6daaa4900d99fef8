"""A clerk types the figure as the report writes it; the form reads it with read_figure and never guesses."""

import re
from datetime import date
from decimal import Decimal

import pytest

from indicators.forms import MeasurementForm
from indicators.models import Measurement, ProgressReport
from tests.factories import make_indicator, make_report

pytestmark = pytest.mark.django_db


def report_post(indicator, value_text, **extra):
    """The POST of the report add page with one measurement row in its inline."""
    data = {
        "title": "Báo cáo kết quả chuyển đổi số năm 2024",
        "province": "",
        "document_number": "",
        "reported_on": "11/10/2024",
        "period_start": "",
        "period_end": "",
        "source_url": "",
        "source_note": "",
        "measurements-TOTAL_FORMS": "1",
        "measurements-INITIAL_FORMS": "0",
        "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "1000",
        "measurements-0-indicator": str(indicator.pk),
        "measurements-0-level": "provincial",
        "measurements-0-as_of": "",
        "measurements-0-value_text": value_text,
        "measurements-0-value": "",
        "measurements-0-qualifier": "exact",
        "measurements-0-numerator": "",
        "measurements-0-denominator": "",
        "measurements-0-note": "",
    }
    data.update(extra)
    return data


def test_inline_reads_the_figure_as_written(admin_client):
    indicator = make_indicator(unit="percent")
    response = admin_client.post("/admin/indicators/progressreport/add/", report_post(indicator, "trên 99%"))
    assert response.status_code == 302, response.context and response.context["errors"]
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal(99)
    assert measurement.qualifier == "above"
    assert measurement.is_estimate is False
    assert measurement.value_text == "trên 99%"
    assert measurement.as_of == date(2024, 10, 11)  # left empty: the report's date
    assert measurement.report.entered_by.is_superuser
    assert measurement.unit == "percent" and measurement.is_active


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "estimate", "numerator", "denominator"),
    [
        ("ước đạt 71,4%", "71.4", "exact", True, None, None),
        ("1.223/1.712", "71.44", "exact", False, "1223", "1712"),
        ("gần 88%", "88", "nearly", False, None, None),
    ],
)
def test_inline_fills_every_structured_field(admin_client, text, value, qualifier, estimate, numerator, denominator):
    indicator = make_indicator(unit="percent")
    response = admin_client.post("/admin/indicators/progressreport/add/", report_post(indicator, text))
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.qualifier, measurement.is_estimate) == (Decimal(value), qualifier, estimate)
    assert measurement.numerator == (Decimal(numerator) if numerator else None)
    assert measurement.denominator == (Decimal(denominator) if denominator else None)


@pytest.mark.parametrize("text", ["99%%", "abc", "trên gần 5%", "0.800"])
def test_a_malformed_figure_is_an_error_on_value_text_and_saves_nothing(admin_client, text):
    indicator = make_indicator(unit="percent")
    response = admin_client.post("/admin/indicators/progressreport/add/", report_post(indicator, text))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    errors = formset.forms[0].errors
    assert list(errors) == ["value_text"]
    assert errors["value_text"][0].startswith("Không đọc được số liệu:")
    # The error is shown in that field's cell of the inline row.
    assert re.search(r'<td class="field-value_text">\s*<ul class="errorlist"', response.content.decode())
    assert ProgressReport.objects.count() == 0
    assert Measurement.objects.count() == 0


def test_the_reason_names_the_problem(admin_client):
    indicator = make_indicator(unit="percent")
    response = admin_client.post("/admin/indicators/progressreport/add/", report_post(indicator, "99%%"))
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["value_text"][0] == "Không đọc được số liệu: '%' viết hai lần"  # the reason in Vietnamese too


def form_data(report, indicator, **fields):
    data = {
        "report": report.pk,
        "indicator": indicator.pk,
        "level": "overall",
        "as_of": "",
        "value_text": "",
        "value": "",
        "qualifier": "exact",
        "numerator": "",
        "denominator": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_standalone_form_sets_report_and_reads_the_figure():
    report, indicator = make_report(state="draft"), make_indicator(unit="percent")
    form = MeasurementForm(data=form_data(report, indicator, value_text="trên 99%"))
    assert form.is_valid(), form.errors
    measurement = form.save()
    assert (measurement.report, measurement.value, measurement.qualifier) == (report, Decimal(99), "above")
    assert measurement.as_of == report.reported_on


def test_structured_fields_alone_are_accepted():
    report, indicator = make_report(state="draft"), make_indicator(unit="count")
    form = MeasurementForm(data=form_data(report, indicator, value="1126", qualifier="approximately"))
    assert form.is_valid(), form.errors
    assert form.save().value == Decimal(1126)


def test_nothing_entered_is_an_error_on_value():
    report, indicator = make_report(state="draft"), make_indicator(unit="count")
    form = MeasurementForm(data=form_data(report, indicator))
    assert not form.is_valid()
    assert list(form.errors) == ["value"]


def test_a_hand_typed_value_that_disagrees_with_the_text_is_refused():
    report, indicator = make_report(state="draft"), make_indicator(unit="percent")
    form = MeasurementForm(data=form_data(report, indicator, value_text="trên 99%", value="98"))
    assert not form.is_valid()
    assert list(form.errors) == ["value"]
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(
    ("unit", "text"),
    [("percent", "120%"), ("percent", "thứ 3/63"), ("count", "71,4%"), ("rank", "71,4%"), ("boolean", "2")],
)
def test_a_figure_that_does_not_fit_the_indicator_unit_is_refused(unit, text):
    report, indicator = make_report(state="draft"), make_indicator(unit=unit)
    form = MeasurementForm(data=form_data(report, indicator, value_text=text))
    assert not form.is_valid()
    assert list(form.errors) == ["value_text"]


def test_a_rank_keeps_its_group_size():
    report, indicator = make_report(state="draft"), make_indicator(unit="rank")
    form = MeasurementForm(data=form_data(report, indicator, value_text="thứ 3/63"))
    assert form.is_valid(), form.errors
    measurement = form.save()
    assert (measurement.value, measurement.denominator) == (Decimal(3), Decimal(63))


def test_a_figure_of_a_submitted_or_approved_report_is_refused():
    indicator = make_indicator(unit="percent")
    for state in ("submitted", "approved"):
        form = MeasurementForm(data=form_data(make_report(state=state), indicator, value_text="trên 99%"))
        assert not form.is_valid()
        assert "không sửa được số liệu" in str(form.non_field_errors())
