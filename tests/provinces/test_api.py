import datetime
import unicodedata

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from provinces.models import Province, Succession
from tests.provinces.conftest import FIXTURE

pytestmark = pytest.mark.django_db

URL = "/api/v1/provinces/"


def get(client, path="", **params):
    response = client.get(URL + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def keys(payload):
    return [row["key"] for row in payload["results"]]


def test_counts(provinces):
    assert Province.objects.count() == 97
    assert Province.objects.filter(era="2008").count() == 63
    assert Province.objects.filter(era="2025").count() == 34
    assert Succession.objects.count() == 63


def test_list_shape_and_default_order(client, provinces):
    payload = get(client, limit=100)
    assert payload["count"] == 97
    assert keys(payload)[:3] == ["2025-01", "2025-04", "2025-08"]
    assert keys(payload)[34] == "2008-01"
    row = payload["results"][0]
    assert set(row) == {
        "key",
        "code",
        "era",
        "name",
        "short_name",
        "codename",
        "kind",
        "kind_since",
        "former_kind",
        "kind_basis",
        "valid_from",
        "valid_until",
        "is_current",
    }
    assert row["former_kind"] is None and row["kind_basis"] is None


def test_current_on_a_date(client, provinces):
    payload = get(client, current="true", on="2026-11-21", limit=100)
    assert payload["count"] == 34
    assert {row["era"] for row in payload["results"]} == {"2025"}
    assert all(row["is_current"] for row in payload["results"])

    before = get(client, current="true", on="2025-06-30", limit=100)
    assert before["count"] == 63 and {row["era"] for row in before["results"]} == {"2008"}
    assert get(client, current="false", on="2026-11-21")["count"] == 63
    assert get(client, current="true", on="2008-07-31")["count"] == 0


def test_current_defaults_to_today_in_vietnam(client, provinces, monkeypatch):
    # 2025-06-30 17:30 UTC is already 2025-07-01 00:30 in Hà Nội: the new division is in force.
    instant = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    payload = get(client, current="true", limit=100)
    assert payload["count"] == 34 and {row["era"] for row in payload["results"]} == {"2025"}
    assert get(client, "2008-45/")["is_current"] is False
    assert get(client, "2025-44/")["is_current"] is True


def test_is_current_follows_on(client, provinces):
    assert get(client, "2008-45/", on="2025-06-30")["is_current"] is True
    assert get(client, "2008-45/", on="2025-07-01")["is_current"] is False


def test_invalid_on_is_rejected(client, provinces):
    assert client.get(URL, {"on": "21/11/2026"}).status_code == 400
    assert client.get(URL, {"current": "maybe"}).status_code == 400
    assert client.get(URL, {"era": "1999"}).status_code == 400


def test_filters_era_and_kind(client, provinces):
    assert get(client, era="2025", kind="thanh_pho")["count"] == 9
    assert get(client, era="2025", kind="tinh")["count"] == 25
    assert get(client, era="2008", kind="thanh_pho")["count"] == 6
    assert get(client, era="2008", kind="tinh")["count"] == 57


def test_search_quang_tri_returns_current_unit_first(client, provinces):
    payload = get(client, q="quang tri")
    assert keys(payload) == ["2025-44", "2008-45"]

    detail = get(client, "2025-44/")
    assert detail["name"] == "Tỉnh Quảng Trị" and detail["is_current"] is True
    predecessors = {(p["key"], p["name"]) for p in detail["predecessors"]}
    assert predecessors == {("2008-44", "Tỉnh Quảng Bình"), ("2008-45", "Tỉnh Quảng Trị")}
    assert {(p["effective_on"], p["basis"]) for p in detail["predecessors"]} == {
        ("2025-07-01", "Nghị quyết 202/2025/QH15")
    }
    assert detail["successors"] == []


def test_kon_tum_became_quang_ngai(client, provinces):
    detail = get(client, "2008-62/")
    assert detail["name"] == "Tỉnh Kon Tum"
    assert [s["key"] for s in detail["successors"]] == ["2025-51"]
    assert detail["successors"][0] == {
        "key": "2025-51",
        "code": "51",
        "era": "2025",
        "name": "Tỉnh Quảng Ngãi",
        "effective_on": "2025-07-01",
        "basis": "Nghị quyết 202/2025/QH15",
    }
    assert [p["key"] for p in get(client, "2025-51/")["predecessors"]] == ["2008-51", "2008-62"]


def test_tien_giang_merged_into_dong_thap_only(client, provinces):
    assert [s["key"] for s in get(client, "2008-82/")["successors"]] == ["2025-82"]
    assert get(client, "2025-82/")["name"] == "Tỉnh Đồng Tháp"
    assert [p["key"] for p in get(client, "2025-80/")["predecessors"]] == ["2008-72", "2008-80"]


def test_every_old_unit_has_exactly_one_successor(provinces):
    counts = Province.objects.filter(era="2008").annotate(n=Count("successor_links")).values_list("n", flat=True)
    assert len(counts) == 63 and set(counts) == {1}
    assert not Succession.objects.exclude(predecessor__era="2008").exists()
    assert not Succession.objects.exclude(successor__era="2025").exists()


def test_unchanged_unit_links_to_itself_across_eras(client, provinces):
    assert [s["key"] for s in get(client, "2008-22/")["successors"]] == ["2025-22"]


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        ("quang ngai", "2025-51", "2008-51"),
        ("QUẢNG NGÃI", "2025-51", "2008-51"),
        (unicodedata.normalize("NFD", "Quảng Ngãi"), "2025-51", "2008-51"),
        ("da nang", "2025-48", "2008-48"),
        ("Đà Nẵng", "2025-48", "2008-48"),
        ("tỉnh quảng trị", "2025-44", "2008-45"),
        ("TP Hồ Chí Minh", "2025-79", "2008-79"),
        ("ho chi minh", "2025-79", "2008-79"),
    ],
)
def test_diacritic_insensitive_search(client, provinces, query, first, also):
    found = keys(get(client, q=query))
    assert found[0] == first
    assert also in found


def test_search_ranks_exact_name_before_partial(client, provinces):
    # "ninh" is in Quảng Ninh, Bắc Ninh, Ninh Bình, Ninh Thuận, Tây Ninh; none is named exactly "ninh".
    found = keys(get(client, q="ninh", limit=100))
    assert found[:5] == ["2025-22", "2025-24", "2025-37", "2025-80", "2008-22"]
    # Both eras' Bắc Ninh match exactly: the unit in force comes first.
    assert keys(get(client, q="bac ninh")) == ["2025-24", "2008-27"]
    assert keys(get(client, q="quang nam")) == ["2008-49"]


def test_search_combines_with_filters(client, provinces):
    assert keys(get(client, q="quang tri", current="true", on="2026-11-21")) == ["2025-44"]
    assert keys(get(client, q="quang tri", era="2008")) == ["2008-45"]
    assert keys(get(client, q="kon tum", current="true", on="2026-11-21")) == []


def test_list_query_count_is_constant(client, provinces, django_assert_num_queries):
    with django_assert_num_queries(2):  # COUNT(*) + one page
        assert len(get(client, limit=5)["results"]) == 5
    with django_assert_num_queries(2):
        assert len(get(client, limit=100)["results"]) == 97
    with django_assert_num_queries(2):
        get(client, q="quang", current="true", limit=100)


def test_detail_query_count(client, provinces, django_assert_num_queries):
    with django_assert_num_queries(3):  # the unit + predecessors + successors
        assert len(get(client, "2025-79/")["predecessors"]) == 3
    with django_assert_num_queries(3):
        assert len(get(client, "2008-01/")["successors"]) == 1


def test_lookup_is_by_era_and_code(client, provinces):
    assert client.get(URL + "2025-45/").status_code == 404  # old Quảng Trị's code is retired
    assert client.get(URL + "44/").status_code == 404
    assert get(client, "2008-44/")["name"] == "Tỉnh Quảng Bình"


def test_read_only(client, provinces):
    assert client.post(URL, {"code": "99"}).status_code == 405
    assert client.delete(URL + "2025-44/").status_code == 405
    assert client.patch(URL + "2025-44/", {"name": "x"}, content_type="application/json").status_code == 405


def test_kind_changes(client, provinces):
    quang_ninh = get(client, "2025-22/")
    assert quang_ninh["name"] == "Thành phố Quảng Ninh"
    assert quang_ninh["kind"] == "thanh_pho"
    assert quang_ninh["kind_since"] == "2026-09-01"
    assert quang_ninh["former_kind"] == "tinh"
    assert quang_ninh["kind_basis"] == "Nghị quyết 36/2026/QH16"
    old_quang_ninh = get(client, "2008-22/")
    assert (old_quang_ninh["kind"], old_quang_ninh["former_kind"]) == ("tinh", None)
    for key, since in (("2025-24", "2026-09-20"), ("2025-75", "2026-04-30")):
        unit = get(client, f"{key}/")
        assert (unit["kind"], unit["former_kind"], unit["kind_since"]) == ("thanh_pho", "tinh", since)


def test_loading_twice_is_idempotent(provinces):
    def snapshot():
        return (
            list(Province.objects.order_by("pk").values()),
            list(Succession.objects.order_by("pk").values()),
        )

    before = snapshot()
    call_command("loaddata", str(FIXTURE), verbosity=0)
    after = snapshot()
    assert len(after[0]) == 97 and len(after[1]) == 63
    assert after == before


def test_fixture_rows_match_model_save(provinces):
    """key and search_name in the fixture are what Province.save() would compute."""
    for unit in Province.objects.all():
        stored = (unit.key, unit.search_name)
        unit.save()
        unit.refresh_from_db()
        assert (unit.key, unit.search_name) == stored
