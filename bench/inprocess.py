"""Service times without load: each read endpoint of the benchmark, one request at a time, in this process.

wrk's figures move with whatever else the machine runs; a single request through Django's test client does not
(much). Run after `make bench ... BENCH_ARGS=--keep-db` (the database and manifest of that run are reused):

    python -m bench.inprocess --db postgres [--scale 1] [--density 1] [--repeat 7] [--profile targets-off-track]

Prints, per endpoint, the median and fastest time in milliseconds and the queries of one request. `--profile NAME`
runs that endpoint under cProfile and prints the 25 most expensive functions (cumulative).
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time

from bench.run import READS, VAR, bench_env, read_paths, say


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--density", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", help="an endpoint to run under cProfile")
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    paths = read_paths(prepared["manifest"], args.seed)
    for name in READS:
        path = paths[name][0]
        client.get(path)  # warm: compiled SQL, caches, connection
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        say(
            f"{name:20} median {statistics.median(times):8.1f} ms  fastest {min(times):8.1f} ms  "
            f"queries {len(queries)}  {path}"
        )
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
