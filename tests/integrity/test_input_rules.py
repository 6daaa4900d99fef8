"""One set of input rules (indicators/rules/inputs.py): the same bad row gets the same refusal from the API, the
admin form and the import, in Vietnamese and in English (issue 18, defect 6)."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from indicators.forms import VnDecimalField
from indicators.models import Measurement, Milestone, Target
from indicators.rules import inputs
from tests.factories import make_indicator, make_plan, make_province

pytestmark = pytest.mark.django_db

# name: (unit, field the refusal points at, message id, its value, the row: API form, admin/import form)
ROWS = {
    "rank target of 2.5": ("rank", "value", inputs.RANK, "2.5", {"value": "2.5"}, {"value": "2,5"}),
    "percent baseline of 150": (
        "percent",
        "baseline_value",
        inputs.PERCENT,
        "150",
        {"value": "90", "baseline_value": "150", "baseline_date": "2022-01-01"},
        {"value": "90", "baseline_value": "150", "baseline_date": "2022-01-01"},
    ),
    "milestone after the deadline": (
        "percent",
        "on",
        inputs.MILESTONE_AFTER_DEADLINE,
        None,
        {"value": "90", "milestones": [{"on": "2026-06-30", "value": "50"}]},
        {"value": "90", "milestone": ("2026-06-30", "50")},
    ),
    "deadline in year 1": (
        "percent", "deadline", inputs.DATE_RANGE, {"first": "1945-01-01", "last": "2100-12-31", "value": "0001-01-01"},
        {"value": "90", "deadline": "0001-01-01"}, {"value": "90", "deadline": "0001-01-01"},
    ),
}  # fmt: skip
DEADLINE = "2025-12-31"


@pytest.fixture
def plan():
    return make_plan(province=make_province(code="44"), number="1/KH")


def expected(message: str, value, language: str) -> str:
    with translation.override(language):
        params = value if isinstance(value, dict) else {"value": value} if value is not None else {}
        return gettext(message) % params


def through_api(client, plan, indicator, row, field, language):
    body = {"plan": plan.pk, "indicator": indicator.pk, "comparator": "at_least", "deadline": DEADLINE, **row}
    response = client.post(
        "/api/v1/targets/", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 422, response.content  # well formed; an input rule refuses it
    pointer = "#/milestones/0/on" if field == "on" else f"#/{field}"
    return [error["detail"] for error in response.json()["errors"] if error["pointer"] == pointer]


def through_admin(admin_client, plan, indicator, row, field, language):
    row = dict(row)
    milestone = row.pop("milestone", None)
    data = {
        "plan": plan.pk,
        "indicator": indicator.pk,
        "level": "overall",
        "comparator": "at_least",
        "deadline": DEADLINE,
        "relative_change": "",
        "baseline_value": "",
        "baseline_date": "",
        "source_quote": "",
        "source_note": "",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        **row,
    }
    if milestone:
        data["milestones-0-on"], data["milestones-0-value"] = milestone
    response = admin_client.post("/admin/indicators/target/add/", data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, "saved, not refused"
    if field == "on":
        return list(response.context["inline_admin_formsets"][0].formset.forms[0].errors.get("on", []))
    return list(response.context["adminform"].form.errors.get(field, []))


def through_import(admin_client, plan, indicator, row, field, language):
    columns = {"plan": plan.number, "indicator": indicator.code, "comparator": "at_least", "deadline": DEADLINE, **row}
    content = (",".join(columns) + "\n" + ",".join(f'"{v}"' for v in columns.values()) + "\n").encode()
    response = admin_client.post(
        "/admin/indicators/target/import/",
        {"import_file": SimpleUploadedFile("t.csv", content), "format": "0", "resource": "0"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    (invalid,) = response.context["result"].invalid_rows
    return [message.rsplit(": ", 1)[-1] for message in invalid.field_specific_errors.get(field, [])]


# The import of targets has no milestone columns (milestones are entered with their target): that row goes to the
# API and the admin only.
CASES = [
    (name, door)
    for name in ROWS
    for door in ("api", "admin", "import")
    if not (door == "import" and ROWS[name][1] == "on")
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("name", "door"), CASES)
def test_the_same_bad_row_gets_the_same_refusal_from_every_door(client, admin_client, plan, name, door, language):
    unit, field, message, value, api_row, form_row = ROWS[name]
    indicator = make_indicator(unit=unit)
    if door == "api":
        got = through_api(client, plan, indicator, api_row, field, language)
    elif door == "admin":
        got = through_admin(admin_client, plan, indicator, form_row, field, language)
    else:
        got = through_import(admin_client, plan, indicator, form_row, field, language)
    assert got == [expected(message, value, language)]
    assert not Target.objects.exists() and not Milestone.objects.exists()


def test_the_refusals_read_differently_in_vietnamese_and_english():
    assert expected(inputs.RANK, "2.5", "vi") != expected(inputs.RANK, "2.5", "en")


@pytest.mark.parametrize(
    ("typed", "number"), [("4,5", "4.5"), ("92,5", "92.5"), ("1.234,5", "1234.5"), ("-20", "-20"), ("150", "150")]
)
def test_admin_numbers_are_read_the_vietnamese_way(typed, number):
    from decimal import Decimal

    assert VnDecimalField(max_digits=20, decimal_places=4).clean(typed) == Decimal(number)


def test_admin_numbers_are_shown_without_trailing_zeros():
    from decimal import Decimal

    field = VnDecimalField(max_digits=20, decimal_places=4)
    assert [field.prepare_value(Decimal(v)) for v in ("4.5000", "90.0000", "1234.5000")] == ["4,5", "90", "1234,5"]


def test_a_baseline_typed_4_comma_5_in_the_admin_is_saved_as_4_point_5(admin_client, plan):
    indicator = make_indicator(unit="percent")
    data = {
        "plan": plan.pk,
        "indicator": indicator.pk,
        "level": "overall",
        "comparator": "at_least",
        "value": "90",
        "deadline": DEADLINE,
        "relative_change": "",
        "baseline_value": "4,5",
        "baseline_date": "2022-01-01",
        "source_quote": "",
        "source_note": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/indicators/target/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target = Target.objects.get()
    assert str(target.baseline_value.normalize()) == "4.5"
    assert target.baseline_date == date(2022, 1, 1)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("door", ["api", "admin", "import"])
def test_a_figure_out_of_its_units_range_gets_the_same_refusal_from_every_door(
    client, admin_client, plan, door, language
):
    from tests.factories import make_report

    indicator = make_indicator(unit="percent", code="pct")
    report = make_report(province=plan.province, title="r", state="draft")  # a draft takes figures
    if door == "api":
        body = {"report": report.pk, "indicator": indicator.pk, "value": "150", "as_of": "2024-01-01"}
        response = client.post(
            "/api/v1/measurements/", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        got = [e["detail"] for e in response.json()["errors"] if e["pointer"] == "#/value"]
    elif door == "admin":
        data = {
            "report": report.pk,
            "indicator": indicator.pk,
            "level": "overall",
            "as_of": "2024-01-01",
            "value_text": "",
            "value": "150",
            "qualifier": "exact",
            "note": "",
        }
        response = admin_client.post("/admin/indicators/measurement/add/", data, HTTP_ACCEPT_LANGUAGE=language)
        got = list(response.context["adminform"].form.errors.get("value", []))
    else:
        content = f"report,indicator,as_of,value\n{report.pk},pct,2024-01-01,150\n".encode()
        response = admin_client.post(
            "/admin/indicators/measurement/import/",
            {"import_file": SimpleUploadedFile("m.csv", content), "format": "0", "resource": "0"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        (invalid,) = response.context["result"].invalid_rows
        got = [message.rsplit(": ", 1)[-1] for message in invalid.field_specific_errors.get("value", [])]
    assert got == [expected(inputs.PERCENT, "150", language)]
    assert not Measurement.objects.exists()
