"""Keyset ("cursor") pages of the targets list: the same rows in the same order as limit/offset, stable when rows
are added meanwhile, the same queries on a deep page as on the first, and a 400 problem for a cursor not made
here."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from indicators.models import Target
from tests.api import assert_problem
from tests.factories import make_indicator, make_measurement, make_plan, make_province, make_report, make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"


@pytest.fixture
def targets():
    """30 targets over 7 deadlines (ties broken by id), half of them measured (gap and status vary, some NULL)."""
    province = make_province(code="44", era="2025")
    plan = make_plan(province=province, number="1/KH")
    report = make_report(province=province, reported_on=date(2024, 7, 1))
    rows = []
    for i in range(30):
        indicator = make_indicator(code=f"k-{i}")
        rows.append(
            make_target(
                plan=plan, indicator=indicator, value=50 + i, deadline=date(2025, 1, 1) + timedelta(days=30 * (i % 7))
            )
        )
        if i % 2:
            make_measurement(report=report, indicator=indicator, value=10 + 3 * i, as_of=date(2024, 6, 30))
    return rows


def cursor_of(link):
    return parse_qs(urlparse(link).query)["cursor"][0]


def walk(client, django_assert_num_queries=None, **params):
    """Every page by cursor, forwards; returns the ids and the pages' bodies."""
    body = client.get(URL, {"cursor": "", **params}).json()
    pages = [body]
    while body["next"]:
        body = client.get(URL, {**params, "cursor": cursor_of(body["next"])}).json()
        pages.append(body)
    return [row["id"] for page in pages for row in page["results"]], pages


@pytest.mark.parametrize(
    "ordering", ["", "-deadline", "gap", "-gap,status", "status,-progress", "-days_remaining,value", "-id"]
)
def test_cursor_pages_give_the_offset_order(client, targets, ordering):
    params = {"limit": 4, "as_of": "2024-12-31", **({"ordering": ordering} if ordering else {})}
    expected = [row["id"] for row in client.get(URL, {**params, "limit": 500}).json()["results"]]
    ids, pages = walk(client, **params)
    assert ids == expected and len(ids) == 30
    assert all("count" not in page for page in pages)
    assert pages[0]["previous"] is None and pages[-1]["next"] is None
    # Backwards from the last page gives the same pages reversed.
    back, body = [], pages[-1]
    while body["previous"]:
        body = client.get(URL, {**params, "cursor": cursor_of(body["previous"])}).json()
        back = [row["id"] for row in body["results"]] + back
    assert back + [row["id"] for row in pages[-1]["results"]] == expected


def test_offset_pages_are_unchanged(client, targets):
    body = client.get(URL, {"limit": 4}).json()
    assert list(body) == ["as_of", "count", "next", "previous", "results"]
    assert body["count"] == 30 and "offset=4" in body["next"]


def test_rows_added_meanwhile_neither_repeat_nor_skip(client, targets):
    first = client.get(URL, {"cursor": "", "limit": 10}).json()
    seen = [row["id"] for row in first["results"]]
    # Before the cursor: offset paging would now repeat the last row of the first page.
    plan, indicator = targets[0].plan, make_indicator(code="early")
    early = make_target(plan=plan, indicator=indicator, value=1, deadline=date(2020, 1, 1))
    body = client.get(URL, {"cursor": cursor_of(first["next"]), "limit": 10}).json()
    later = [row["id"] for row in body["results"]]
    assert not set(seen) & set(later)
    everything = [row["id"] for row in client.get(URL, {"limit": 500}).json()["results"]]
    assert everything[0] == early.pk
    assert later == everything[11:21]


def test_deep_pages_cost_the_queries_of_the_first(client, targets, django_assert_num_queries):
    params = {"limit": 3, "ordering": "-gap"}
    _, pages = walk(client, **params)
    deep = cursor_of(pages[-2]["next"])
    with django_assert_num_queries(3) as first:
        client.get(URL, {**params, "cursor": ""})
    with django_assert_num_queries(3) as last:
        client.get(URL, {**params, "cursor": deep})
    assert not any("COUNT(" in query["sql"].upper() for query in first.captured_queries + last.captured_queries)


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        "eyJyIjpmYWxzZX0",
        "eyJyIjpmYWxzZSwiayI6WzFdfQ",
        "eyJyIjoxLCJrIjpbIngiLDFdfQ",
        "eyJyIjpmYWxzZSwiayI6WyJub3QgYSBkYXRlIiwxXX0",
    ],
)
def test_a_cursor_not_made_here_is_a_422_problem(client, targets, cursor):
    # Any text is a cursor to the schema; one this list did not issue names nothing.
    body = assert_problem(client.get(URL, {"cursor": cursor}), 422, type_uri="/problems/unknown-reference")
    assert body["errors"][0]["pointer"] == "#/cursor"


def test_offset_and_cursor_together_are_a_422_problem(client, targets):
    # Each is valid alone, as the schema says; only the pair is refused.
    body = assert_problem(
        client.get(URL, {"cursor": "", "offset": 10}), 422, type_uri="/problems/conflicting-parameters"
    )
    assert body["errors"][0]["pointer"] == "#/offset"


def test_target_count_is_unchanged_by_a_cursor(targets):
    assert Target.objects.count() == 30
