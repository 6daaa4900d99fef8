"""The benchmark's own parts at a tiny scale: the dataset is deterministic and loads, the floor and the query counter
answer. The benchmark itself (bench/run.py) is run by CI at a small scale (.ci/run), not here."""

import hashlib
from datetime import date
from itertools import islice

import pytest
from django.core.management import call_command
from django.test import override_settings

from bench import dataset
from bench.middleware import QueryCountMiddleware
from bench.prepare import manifest
from indicators.conf import thresholds, today
from indicators.models import Measurement, Target
from indicators.state import stored_holds

SCALE = 0.005  # the minimum: four plans of one family and one national plan, about 60,000 measurements


def digest(data: dataset.Dataset, rows: int = 20000) -> dict:
    return {
        table: hashlib.sha256(repr(list(islice(iter(table_rows), rows))).encode()).hexdigest()
        for table, (_, table_rows) in data.tables.items()
    }


def test_same_seed_same_rows_other_seed_other_rows():
    assert digest(dataset.generate(SCALE)) == digest(dataset.generate(SCALE))
    assert digest(dataset.generate(SCALE)) != digest(dataset.generate(SCALE, seed=1))


def test_density_multiplies_the_measurements_only():
    counts = {}
    for density in (1, 2):
        data = dataset.generate(SCALE, density=density)
        counts[density] = {table: sum(1 for _ in rows) for table, (_, rows) in data.tables.items()}
    assert counts[2]["indicators_measurement"] == 2 * counts[1]["indicators_measurement"]
    assert {k: v for k, v in counts[2].items() if k != "indicators_measurement"} == {
        k: v for k, v in counts[1].items() if k != "indicators_measurement"
    }


@pytest.mark.django_db(transaction=True)
def test_dataset_loads_and_every_target_is_assessed():
    call_command("loaddata", str(dataset.PROVINCES_FIXTURE), verbosity=0)
    summary = dataset.load(SCALE, log=lambda line: None)
    assert summary["counts"]["indicators_target"] == 500
    assert Measurement.objects.count() == summary["counts"]["indicators_measurement"] > 10000
    # refresh_known ran: every target with figures knows its latest one, and it is the newest figure in its scope.
    measured = Target.objects.filter(known_latest_id__isnull=False)
    assert 0.9 * 500 < measured.count() < 500  # two targets a plan are never measured
    assert set(measured.values_list("known_latest_as_of", flat=True)) <= {date(2026, 9, 30)}
    # ...and today's assessment is stored for every target, as the reads of the benchmark need.
    assert stored_holds(today(), thresholds())
    statuses = set(Target.objects.values_list("known_status", flat=True))
    assert {"no_data", "achieved", "off_track"} <= statuses
    found = manifest()
    assert found["plans"] and found["provinces"] and found["rankings"] and found["targets"] and found["posters"]


@pytest.mark.django_db
def test_floor_and_query_counter(client):
    with override_settings(ROOT_URLCONF="bench.urls", MIDDLEWARE=["bench.middleware.QueryCountMiddleware"]):
        response = client.get("/bench/floor/?after=0&limit=50")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "results": []}
    assert response[QueryCountMiddleware.header] == "1"


def test_every_row_has_its_ratio_to_the_floor():
    """The table of bench/run.py: back-dated questions over every target, the export and bulk ingestion are rows
    of their own, each with its ratio to the floor of the same run."""
    from bench import run

    manifest = {
        "target_count": 20000,
        "plans": [1],
        "provinces": ["2025-01"],
        "rankings": [{"indicator": 3}],
        "targets": [4],
        "province_targets": 600,
    }
    paths = run.read_paths(manifest, seed=1)
    assert {p.split("?")[1].split("&")[0] for p in paths["targets-back-dated"]} == {
        f"as_of={day}" for day in run.BACK_DATES
    }
    assert all("status=" in p for p in paths["targets-back-dated"])
    read = {
        "rps": 50.0,
        "p50_ms": 10.0,
        "p99_ms": 20.0,
        "queries": [4],
        "peak_rss_mb": 90,
        "non2xx": 0,
        "socket_errors": 0,
    }
    results = {
        "floor": {**read, "rps": 1000.0},
        "targets-back-dated": read,
        "export-csv": {**read, "rps": 0.5, "requests": 2, "bytes": 9_000_000},
        "bulk-report": {
            "measurements_per_s": 2500.0,
            "posts": 5,
            "p50_ms": 400.0,
            "p99_ms": 420.0,
            "queries": [28],
            "peak_rss_mb": 110,
            "measurements_per_post": 1000,
        },
    }
    rows = run.table(results, 1000.0, manifest).splitlines()[2:]
    ratios = [row.rstrip(" |").rsplit("|", 1)[1].strip() for row in rows]
    assert ratios == ["1.000", "0.050", "0.0005", "0.0025"]
    assert "all 20,000 targets" in rows[2]


@pytest.mark.django_db
def test_the_cursor_row_pages_from_cursors_the_api_accepts(client):
    """The cursor row's URLs carry cursors encoded as the API encodes them, and each names a place in the list."""
    from bench import run
    from dtrack.api.pagination import KeysetPagination

    assert run.cursor("2025-12-31", 42) == KeysetPagination()._encode(False, ["2025-12-31", 42])
    paths = run.read_paths({"target_count": 500, "plans": [], "provinces": [], "rankings": [], "targets": []}, 1)
    assert len(set(paths["targets-cursor"])) > 100
    for path in paths["targets-cursor"][:5]:
        response = client.get(path)
        assert response.status_code == 200 and "count" not in response.json()
