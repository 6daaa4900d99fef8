"""Service times without load: each read endpoint of the benchmark, one request at a time, in this process.

wrk's figures move with whatever else the machine runs; a single request through Django's test client does not
(much). Run after `make bench ... BENCH_ARGS=--keep-db` (the database and manifest of that run are reused):

    python -m bench.inprocess --db postgres [--scale 1] [--density 1] [--repeat 7] [--profile targets-off-track]

Prints, per endpoint, the median and fastest time in milliseconds and the queries of one request. `--profile NAME`
runs that endpoint under cProfile and prints the 25 most expensive functions (cumulative). Besides the reads:
`export-csv` (the whole target list, its streamed body read to the end) and `bulk-report` (one report of
--bulk-size measurements, as the benchmark posts it, in a transaction rolled back afterwards, so the database is
left as it was). `--only a,b` runs some of them; `--show-queries` prints each statement of the request counted
(its time, its length, its start).
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time

from bench.run import READS, VAR, bench_env, figure, read_paths, say

EXTRA = ("export-csv", "bulk-report")


def bulk_body(prepared: dict, size: int, seed: int, n: int) -> str:
    """A report of `size` measurements of a poster of the manifest, as `bench.run.measure_bulk` sends it."""
    from datetime import date, timedelta

    rng = random.Random(seed + n)
    today = date.today()
    posters = prepared["manifest"]["posters"]
    poster = posters[n % len(posters)]
    series = [entry for entry in poster["series"] if entry[2] != "district"]
    items = []
    for day in (today - timedelta(days=k) for k in range(12)):
        for indicator, unit, level in series:
            if len(items) < size:
                items.append({"indicator": indicator, "level": level, "as_of": day.isoformat(), **figure(rng, unit)})
    return json.dumps(
        {
            "province": poster["province"],
            "title": f"In-process {n}",
            "document_number": f"INPROCESS-{n}",
            "reported_on": today.isoformat(),
            "measurements": items,
            "state": "approved",
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--density", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", help="an endpoint to run under cProfile")
    parser.add_argument("--profile-out", help="also write the profile's statistics to this file (pstats)")
    parser.add_argument("--only", help="comma-separated endpoints: " + ",".join([*READS, *EXTRA]))
    parser.add_argument("--bulk-size", type=int, default=1000)
    parser.add_argument("--show-queries", action="store_true", help="print each statement of the counted request")
    args = parser.parse_args()

    tag = f"{args.db}-scale{args.scale:g}-density{args.density}"
    prepared = json.loads((VAR / f"{tag}.manifest.json").read_text())
    if args.db == "sqlite":
        url = f"sqlite:///{VAR / f'bench-{args.scale:g}x{args.density}.sqlite3'}"
    else:
        from bench.run import DEFAULT_PG_URL

        url = args.pg_url or DEFAULT_PG_URL
    os.environ.update(bench_env(url))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    staff = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {prepared['token']}")
    paths = read_paths(prepared["manifest"], args.seed)
    paths["export-csv"] = ["/api/v1/targets/?format=csv"]
    paths["bulk-report"] = ["/api/v1/progress-reports/"]
    posted = iter(range(10**6))

    class Undo(Exception):
        pass

    def run(name: str, path: str) -> None:
        if name == "bulk-report":
            body = bulk_body(prepared, args.bulk_size, args.seed, next(posted))
            try:
                with transaction.atomic():
                    response = staff.post(path, body, content_type="application/json")
                    assert response.status_code == 201, (path, response.status_code, response.content[:300])
                    raise Undo  # leave the database as it was
            except Undo:
                return
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            for _ in response.streaming_content:
                pass

    only = args.only.split(",") if args.only else [*READS, *EXTRA]
    for name in only:
        path = paths[name][0]
        run(name, path)  # warm: compiled SQL, caches, connection
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run(name, path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            run(name, path)
        say(
            f"{name:20} median {statistics.median(times):8.1f} ms  fastest {min(times):8.1f} ms  "
            f"queries {len(queries)}  {path}"
        )
        for query in queries.captured_queries if args.show_queries else ():
            say(f"    {float(query['time']) * 1000:7.1f} ms  {len(query['sql']):7,} chars  {query['sql'][:90]}")
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                run(name, path)
            profiler.disable()
            if args.profile_out:
                profiler.dump_stats(args.profile_out)
            stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
            stats.print_stats(25)
            # The application's own functions: where its time goes below the framework's.
            stats.print_stats(r"/(indicators|dtrack|accounts|reporting|provinces)/", 45)


if __name__ == "__main__":
    main()
