"""/api/v1/indicators/: what is measured."""

import pytest

from indicators.models import Indicator
from tests.api import assert_problem
from tests.crud import ResourceCRUD
from tests.factories import make_indicator, make_measurement, make_plan, make_report, make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"


def data(**fields):
    return {
        "code": "dvc-toan-trinh",
        "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "unit": "percent",
        "pillar": "chinh_quyen_so",
        **fields,
    }


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_create_shows_every_field(client):
    """Create, read, update and delete: TestIndicatorCRUD below."""
    response = post(client, data(name_en="Share of full online public services"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        "id": body["id"],
        "code": "dvc-toan-trinh",
        "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "name_en": "Share of full online public services",
        "unit": "percent",
        "direction": "higher",
        "pillar": "chinh_quyen_so",
        "definition": "",
        "source": "",
        "index_family": "",
    }
    assert Indicator.objects.get().name_en == "Share of full online public services"


def test_a_rank_is_lower_is_better(client):
    assert post(client, data(code="dti", unit="rank")).json()["direction"] == "lower"
    body = assert_problem(
        post(client, data(code="pci", unit="rank", direction="higher")), 422, type_uri="/problems/rule"
    )
    assert [error["pointer"] for error in body["errors"]] == ["#/direction"]


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"unit": "km"}, "#/unit"),
        ({"pillar": "kinh_te"}, "#/pillar"),
        ({"code": "có dấu"}, "#/code"),
        ({"name": ""}, "#/name"),
    ],
)
def test_invalid_indicator_is_a_400_naming_the_field(client, fields, pointer):
    body = assert_problem(post(client, data(**fields)), 400, type_uri="/problems/validation")
    assert [error["pointer"] for error in body["errors"]] == [pointer]


def test_duplicate_code_is_a_409_naming_code(client):
    post(client, data())
    body = assert_problem(post(client, data()), 409, type_uri="/problems/duplicate")
    assert [error["pointer"] for error in body["errors"]] == ["#/code"]


def test_an_indicator_in_use_keeps_its_unit_and_cannot_be_deleted(client):
    indicator = make_indicator(code="in-use")
    make_target(plan=make_plan(), indicator=indicator, value=90)
    path = f"{URL}{indicator.pk}/"
    body = assert_problem(
        client.patch(path, {"unit": "count"}, content_type="application/json"), 409, type_uri="/problems/in-use"
    )
    assert [error["pointer"] for error in body["errors"]] == ["#/unit"]
    assert_problem(client.delete(path), 409, type_uri="/problems/in-use")

    measured = make_indicator(code="measured")
    make_measurement(report=make_report(), indicator=measured, value=5)
    assert_problem(client.delete(f"{URL}{measured.pk}/"), 409, type_uri="/problems/in-use")
    unused = make_indicator(code="unused")
    assert client.patch(f"{URL}{unused.pk}/", {"unit": "count"}, content_type="application/json").status_code == 200


def test_list_filters_and_ordering(client):
    a = make_indicator(code="a-dti", name="Chỉ số chuyển đổi số DTI", unit="rank", pillar="chinh_quyen_so")
    b = make_indicator(code="b-kinh-te", name="Tỷ trọng kinh tế số trong GRDP", pillar="kinh_te_so")
    c = make_indicator(code="c-cap-quang", name="Tỷ lệ hộ gia đình có cáp quang", pillar="ha_tang_so")

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [a.pk, b.pk, c.pk]
    assert ids(ordering="-name") == [b.pk, c.pk, a.pk]
    assert ids(unit="rank") == [a.pk]
    assert ids(pillar="kinh_te_so") == [b.pk]
    assert ids(direction="lower") == [a.pk]
    assert ids(q="CAP QUANG") == [c.pk]
    assert ids(q="ty") == [b.pk, c.pk]  # the last word may be the start of one: "tỷ", "tỷ trọng"
    assert ids(q="so dti") == [a.pk]
    assert ids(q="   ") == [a.pk, b.pk, c.pk]
    limited = client.get(URL, {"limit": 1, "offset": 1}).json()
    assert limited["count"] == 3 and [row["id"] for row in limited["results"]] == [b.pk]
    assert_problem(client.get(URL, {"limit": 0}), 400, type_uri="/problems/validation")
    assert_problem(client.get(URL, {"unit": "km"}), 400, type_uri="/problems/validation")


class TestIndicatorCRUD(ResourceCRUD):
    url, model = URL, Indicator
    update_data = {"definition": "Theo Quyết định 749/QĐ-TTg"}

    def make(self):
        return make_indicator()

    def create_data(self):
        return data()
