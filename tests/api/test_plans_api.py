"""/api/v1/plans/: the documents that set targets."""

from datetime import date

import pytest

from indicators.models import Plan
from tests.api import assert_problem
from tests.crud import ResourceCRUD
from tests.factories import link, make_indicator, make_plan, make_province, make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/"


@pytest.fixture
def provinces():
    quang_binh = make_province(code="44", era="2008", name="Tỉnh Quảng Bình")
    old = make_province(code="45", era="2008", name="Tỉnh Quảng Trị")
    new = make_province(code="44", era="2025", name="Tỉnh Quảng Trị")
    link(quang_binh, new)
    link(old, new)
    return {"quang_binh": quang_binh, "old": old, "new": new}


def data(**fields):
    return {
        "document_type": "quyet_dinh",
        "number": "1982/QĐ-UBND",
        "title": "Kế hoạch chuyển đổi số tỉnh Quảng Trị giai đoạn 2021-2025",
        "issuer": "UBND tỉnh Quảng Trị",
        "issued_on": "2022-07-29",
        **fields,
    }


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_create_read_update(client, provinces):
    response = post(client, data(province=provinces["old"].key, period_start="2021-01-01", period_end="2025-12-31"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    assert body["province"] == {
        "key": "2008-45",
        "code": "45",
        "era": "2008",
        "name": "Tỉnh Quảng Trị",
        "short_name": "Quảng Trị",
    }
    assert (body["status"], body["superseded_by"], body["number"]) == ("in_force", None, "1982/QĐ-UBND")
    assert client.get(f"{URL}{body['id']}/").json() == body

    newer = post(client, data(number="100/QĐ-UBND", issued_on="2025-09-05", province=provinces["new"].key)).json()
    superseded = client.patch(
        f"{URL}{body['id']}/", {"status": "superseded", "superseded_by": newer["id"]}, content_type="application/json"
    )
    assert superseded.status_code == 200, superseded.content
    assert superseded.json()["superseded_by"]["id"] == newer["id"]
    assert superseded.json()["superseded_by"]["province"] == "2025-44"


def test_national_programme_has_no_province(client):
    body = post(client, data(number="749/QĐ-TTg", issuer="Thủ tướng Chính phủ", document_type="chuong_trinh")).json()
    assert body["province"] is None


@pytest.mark.parametrize(
    ("fields", "pointer", "status"),
    [
        ({"status": "superseded"}, "#/superseded_by", 422),
        ({"period_start": "2025-01-01", "period_end": "2021-01-01"}, "#/period_end", 422),
        ({"document_type": "luat"}, "#/document_type", 400),
        ({"issued_on": "29/07/2022"}, "#/issued_on", 400),
        ({"title": ""}, "#/title", 400),
    ],
)
def test_invalid_plan_is_refused_naming_the_field(client, provinces, fields, pointer, status):
    """400 when the body does not match the schema, 422 when it does and a rule refuses it."""
    kind = "/problems/validation" if status == 400 else "/problems/rule"
    body = assert_problem(post(client, data(**fields)), status, type_uri=kind)
    assert [error["pointer"] for error in body["errors"]] == [pointer]


def test_a_plan_naming_an_unknown_province_is_a_422(client, provinces):
    body = assert_problem(post(client, data(province="44")), 422, type_uri="/problems/unknown-reference")
    assert [(error["pointer"], error["code"]) for error in body["errors"]] == [("#/province", "does_not_exist")]


def test_plan_cannot_supersede_itself(client):
    plan = make_plan()
    response = client.patch(
        f"{URL}{plan.pk}/", {"status": "superseded", "superseded_by": plan.pk}, content_type="application/json"
    )
    assert assert_problem(response, 422, type_uri="/problems/rule")["errors"][0]["pointer"] == "#/superseded_by"


def test_duplicate_number_is_a_409_naming_the_plan(client, provinces):
    first = post(client, data(province=provinces["old"].key)).json()
    body = assert_problem(post(client, data(province=provinces["old"].key)), 409, type_uri="/problems/duplicate-plan")
    assert f"Kế hoạch {first['id']} " in body["detail"]
    assert post(client, data(province=provinces["new"].key, issued_on="2025-07-29")).status_code == 201


def test_delete_refuses_a_plan_with_targets_or_successors(client, provinces):
    plan = make_plan(province=provinces["old"])
    make_target(plan=plan, indicator=make_indicator(), value=90)
    body = assert_problem(client.delete(f"{URL}{plan.pk}/"), 409, type_uri="/problems/in-use")
    assert "1 chỉ tiêu" in body["detail"]
    newer = make_plan(province=provinces["new"])
    older = make_plan(province=provinces["old"], status="superseded", superseded_by=newer)
    assert_problem(client.delete(f"{URL}{newer.pk}/"), 409, type_uri="/problems/in-use")
    assert client.delete(f"{URL}{older.pk}/").status_code == 204
    assert client.delete(f"{URL}{newer.pk}/").status_code == 204
    assert Plan.objects.count() == 1


def test_list_filters_and_ordering(client, provinces):
    a = make_plan(
        province=provinces["quang_binh"],
        issued_on=date(2021, 3, 1),
        title="Đề án chính quyền số",
        document_type="de_an",
    )
    b = make_plan(province=provinces["old"], number="1982/QĐ-UBND", issued_on=date(2022, 7, 29))
    c = make_plan(province=provinces["new"], issued_on=date(2025, 9, 1), status="draft", title="Dự thảo kế hoạch")
    national = make_plan(province=None, issued_on=None, number="749/QĐ-TTg", title="Chương trình quốc gia")

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [c.pk, b.pk, a.pk, national.pk]  # newest first, undated last
    assert ids(ordering="issued_on") == [a.pk, b.pk, c.pk, national.pk]
    assert ids(province=provinces["new"].key) == [c.pk]
    assert ids(province=provinces["new"].key, include_predecessors="true") == [c.pk, b.pk, a.pk]
    assert ids(province=provinces["quang_binh"].key, include_predecessors="true") == [c.pk, a.pk]
    assert ids(status="draft") == [c.pk]
    assert ids(document_type="de_an") == [a.pk]
    assert ids(issued_after="2022-01-01", issued_before="2022-12-31") == [b.pk]
    assert ids(q="1982") == [b.pk]
    assert ids(q="de an chinh quyen") == [a.pk]
    assert ids(q="QĐ-TTg") == [national.pk]
    assert_problem(client.get(URL, {"status": "repealed"}), 400, type_uri="/problems/validation")


def test_a_plan_dated_in_year_1_is_refused_naming_the_field(client):
    body = {"document_type": "ke_hoach", "title": "Kế hoạch", "issuer": "UBND", "issued_on": "0001-01-01"}
    response = client.post("/api/v1/plans/", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert [(e["pointer"], e["code"]) for e in response.json()["errors"]] == [("#/issued_on", "out_of_range")]


class TestPlanCRUD(ResourceCRUD):
    url, model = URL, Plan
    update_data = {"title": "Kế hoạch chuyển đổi số (sửa đổi)"}

    def make(self):
        return make_plan(province=make_province())

    def create_data(self):
        return data(province=make_province(era="2008").key, number="")
