"""The provincial DTI through the API: figures carry their methodology (922/QĐ-BTTTT up to 2024, 405/QĐ-BKHCN from
2025) and cohort (63 units before the 2025 reform, 34 after); "nhóm dẫn đầu" targets are rank ≤ N with N and its
source on the target, judged achieved or not like any target (docs/data.md, "DTI")."""

from datetime import date

import pytest

from tests.api import assert_problem
from tests.factories import link, make_plan, make_province

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/progress-reports/"


def post(client, url, body, language="en"):
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def error_of(response, pointer):
    """A rule's refusal: 422 /problems/rule, the field's code and message."""
    body = assert_problem(response, 422, type_uri="/problems/rule")
    return next((e["code"], e["detail"]) for e in body["errors"] if e["pointer"] == pointer)


@pytest.fixture
def dti(client):
    """The DTI rank and score as the API creates them, and Quảng Ngãi before and after the reform."""
    old = make_province(code="51", era="2008", name="Tỉnh Quảng Ngãi")
    new = make_province(code="51", era="2025", name="Tỉnh Quảng Ngãi")
    link(old, new)
    indicators = {}
    for code, unit in (("xep-hang-dti-cap-tinh", "rank"), ("diem-dti-cap-tinh", "index")):
        response = post(
            client,
            "/api/v1/indicators/",
            {
                "code": code,
                "name": code,
                "unit": unit,
                "pillar": "chinh_quyen_so",
                "index_family": "dti",
            },
        )
        assert response.status_code == 201, response.content
        assert response.json()["index_family"] == "dti"
        indicators[unit] = response.json()["id"]
    return {"old": old, "new": new, **indicators}


def report(client, province, reported_on, *figures, language="en"):
    body = {
        "province": province.key,
        "title": "Kết quả DTI",
        "reported_on": reported_on,
        "state": "approved",
        "measurements": list(figures),
    }
    return post(client, REPORTS, body, language)


def test_figures_carry_their_methodology_and_cohort(client, dti):
    before = report(
        client,
        dti["old"],
        "2024-06-30",
        {"indicator": dti["rank"], "value_text": "thứ 3/63", "as_of": "2023-12-31"},
        {"indicator": dti["index"], "value_text": "0,6512", "as_of": "2023-12-31"},
    )
    assert before.status_code == 201, before.content
    figures = {m["indicator"]["code"]: m for m in before.json()["measurements"]}
    rank, score = figures["xep-hang-dti-cap-tinh"], figures["diem-dti-cap-tinh"]
    assert (rank["value"], rank["denominator"], rank["methodology"], rank["cohort"]) == (
        "3.0000",
        "63.0000",
        "922/QĐ-BTTTT",
        63,
    )
    assert (score["value"], score["methodology"], score["cohort"]) == ("0.6512", "922/QĐ-BTTTT", 63)

    after = report(
        client,
        dti["new"],
        "2026-06-30",
        {"indicator": dti["rank"], "value_text": "thứ 2/34", "as_of": "2025-12-31"},
        {"indicator": dti["index"], "value": "0.7", "as_of": "2025-12-31"},
    )
    assert after.status_code == 201, after.content
    figures = {m["indicator"]["code"]: m for m in after.json()["measurements"]}
    assert [(m["methodology"], m["cohort"]) for m in figures.values()] == [("405/QĐ-BKHCN", 34)] * 2
    # The same through the measurements list.
    listed = client.get("/api/v1/measurements/", {"indicator": dti["rank"]}).json()["results"]
    assert sorted((m["as_of"], m["methodology"], m["cohort"]) for m in listed) == [
        ("2023-12-31", "922/QĐ-BTTTT", 63),
        ("2025-12-31", "405/QĐ-BKHCN", 34),
    ]


def test_a_rank_of_another_cohort_or_a_year_without_known_methodology_is_refused(client, dti):
    wrong = report(
        client, dti["new"], "2026-06-30", {"indicator": dti["rank"], "value_text": "thứ 2/63", "as_of": "2025-12-31"}
    )
    code, detail = error_of(wrong, "#/measurements/0/value_text")
    assert code == "cohort"
    assert detail == "A DTI rank as of 31/12/2025 is among 34 units, not 63 (63 before 1 July 2025, 34 from then)."
    early = report(
        client, dti["old"], "2022-06-30", {"indicator": dti["rank"], "value_text": "thứ 9/63", "as_of": "2021-12-31"}
    )
    assert error_of(early, "#/measurements/0/methodology")[0] == "required"
    vietnamese = report(
        client,
        dti["old"],
        "2022-06-30",
        {"indicator": dti["rank"], "value_text": "thứ 9/63", "as_of": "2021-12-31"},
        language="vi",
    )
    assert "Hãy ghi phương pháp" in error_of(vietnamese, "#/measurements/0/methodology")[1]
    # Named by whoever enters it (the document the publication cites), it is kept as given.
    named = report(
        client,
        dti["old"],
        "2022-06-30",
        {"indicator": dti["rank"], "value_text": "thứ 9/63", "as_of": "2021-12-31", "methodology": "1726/QĐ-BTTTT"},
    )
    assert named.status_code == 201, named.content
    assert named.json()["measurements"][0]["methodology"] == "1726/QĐ-BTTTT"


def test_other_figures_have_no_cohort_and_no_default_methodology(client, dti):
    response = post(
        client, "/api/v1/indicators/", {"code": "ty-le", "name": "Tỷ lệ", "unit": "percent", "pillar": "chinh_quyen_so"}
    )
    share = response.json()["id"]
    created = report(client, dti["old"], "2024-06-30", {"indicator": share, "value_text": "trên 99%"})
    assert created.status_code == 201, created.content
    figure = created.json()["measurements"][0]
    assert (figure["methodology"], figure["cohort"]) == ("", None)


@pytest.mark.parametrize(
    ("figure", "as_of", "status"),
    [
        ("thứ 3/63", "2024-12-31", "achieved"),  # inside the leading group of 20
        ("thứ 20/63", "2024-12-31", "achieved"),  # rank ≤ N includes N
        ("thứ 25/63", "2024-12-31", "insufficient_data"),  # not yet, one figure and no baseline
        ("thứ 25/63", "2026-01-01", "missed"),  # the deadline passed outside the group
    ],
)
def test_a_leading_group_target_is_rank_at_most_n(client, dti, figure, as_of, status):
    plan = make_plan(province=dti["old"], number="1/NQ-TU", issued_on=date(2021, 8, 30))
    body = {
        "plan": plan.pk,
        "indicator": dti["rank"],
        "comparator": "at_most",
        "value": "20",
        "deadline": "2025-12-31",
        "cohort": 63,
        "relative_form": "nằm trong nhóm tỉnh dẫn đầu của cả nước",
        "value_source": "N = 20: «top 20 địa phương về chuyển đổi số» (Báo Thanh Niên, 30/9/2023)",
    }
    created = post(client, "/api/v1/targets/", body)
    assert created.status_code == 201, created.content
    target = created.json()
    assert (target["value"], target["cohort"], target["relative_form"]) == ("20.0000", 63, body["relative_form"])
    assert target["value_source"] == body["value_source"]
    response = report(
        client, dti["old"], "2024-06-30", {"indicator": dti["rank"], "value_text": figure, "as_of": "2023-12-31"}
    )
    assert response.status_code == 201, response.content
    judged = client.get(f"/api/v1/targets/{target['id']}/", {"as_of": as_of}).json()
    assert judged["status"] == status
    assert judged["latest"]["value"] == f"{figure.split()[1].split('/')[0]}.0000"
