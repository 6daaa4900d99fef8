"""Run the benchmark end to end: build the dataset, serve the real application, load it, print the table.

    python -m bench.run --scale 1 --db sqlite        # what `make bench` runs (SCALE=, DB=, DENSITY=)
    python -m bench.run --scale 0.02 --db postgres   # the quick check, well under two minutes

1. A fresh database (SQLite file under var/bench/, or the PostgreSQL database of --pg-url, dropped and created) is
   migrated and filled by `bench.prepare` (bench/dataset.py: seeded, bulk loaded, refresh_known once, ANALYZE).
2. gunicorn serves `dtrack.wsgi` with DJANGO_SETTINGS_MODULE=bench.settings: the application's own URLs plus the
   floor endpoint, and a middleware adding the number of SQL statements of each request as `X-Bench-Queries`.
   2 sync workers on 127.0.0.1, a free port.
3. Each read endpoint: a warm-up, then wrk (fixed threads, connections, seconds; random URLs of the endpoint's kind
   from a Lua list), then one request per sample URL to read the query count. Each worker's peak RSS is reset
   before the endpoint (/proc/<pid>/clear_refs) and read after (VmHWM). The floor runs first and last; ratios are
   to the mean of the two.
4. Bulk ingestion: POST /api/v1/progress-reports/ with 1,000 measurements, --posts times, sequentially; then the
   province's targets are read back to check that each assessment already uses the new figures.
5. The table is printed and written, with the machine and the settings, to var/bench/results/.

Over 400 lines: one script a person runs top to bottom, steps 1 to 5 in order; not imported by the application.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/dtrack_bench"
READS = (
    "floor",
    "targets",
    "targets-cursor",
    "targets-off-track",
    "targets-back-dated",
    "plan-scorecard",
    "province-scorecard",
    "ranking",
    "series",
)
# Back-dated questions: past period ends, each filtered by a status over every target (no stored assessment holds).
BACK_DATES = ("2024-12-31", "2025-06-30", "2025-12-31")  # snapshotted by the load: bench/dataset.py, PERIOD_ENDS
BACK_STATUSES = ("off_track", "at_risk", "on_track")
# Measured one request at a time (each takes seconds): p99 is the slowest of the nine.
ONE_BY_ONE = {"targets-back-dated"}
# The whole target list as a file, streamed: measured once the API answers `?format=csv` (the outputs work).
EXPORT_PATH = "/api/v1/targets/?format=csv"


# ---------------------------------------------------------------------------------------------------------------
# The database


def fresh_database(db: str, scale: float, density: int, pg_url: str) -> str:
    """Create an empty database and return its URL."""
    if db == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / f"bench-{scale:g}x{density}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    url = urlparse(pg_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        # As docs/deployment.md asks of a production database: the assessment's cost estimates are high enough to
        # trigger JIT compilation, which then costs seconds per query for nothing.
        connection.execute(f'ALTER DATABASE "{name}" SET jit = off')
    return pg_url


def drop_database(db: str, url: str) -> None:
    if db == "sqlite":
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def bench_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTRACK_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DTRACK_DATABASE_URL=database_url,
        DTRACK_SECRET_KEY="bench-only-not-secret",
        DTRACK_DB_CONN_MAX_AGE="600",
        # One client on one address sends hundreds of requests a second: lift the per-client limits out of reach
        # (their cost, one cache lookup a request, stays in the figures).
        DTRACK_THROTTLE_ANON="100000000/min",
        DTRACK_THROTTLE_USER="100000000/min",
        PYTHONPATH=str(ROOT),
    )
    return env


# ---------------------------------------------------------------------------------------------------------------
# The server


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        gunicorn = Path(PYTHON).with_name("gunicorn")
        self.log = log
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "dtrack.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "300",
                "--log-level",
                "warning",
                "--error-logfile",
                str(log),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {log}")
            try:
                status, _, _ = request(self.port, "GET", "/bench/floor/")
                if status == 200 and len(self.workers()) == workers:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 90 s; see {log}")

    def workers(self) -> list[int]:
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.append(int(entry.name))
        return sorted(children)

    def reset_peak_rss(self) -> bool:
        ok = True
        for pid in self.workers():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                ok = False
        return ok

    def peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 120, token=None, extra=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        headers.update(extra or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, data
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------------------------
# Load generators


LUA = """local paths = {%s}
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(port: int, paths: list[str], connections: int, threads: int, seconds: float, seed: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (", ".join(json.dumps(p) for p in paths), seed))
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "--timeout",
                "30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "raw": out}
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}(?:\.0+)?%\s+(\S+)", out, re.M)
        result[f"p{pct}_ms"] = parse_duration_ms(match.group(1)) if match else None
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    return result


def run_python_load(port: int, paths: list[str], connections: int, threads: int, seconds: float, seed: int) -> dict:
    """A stand-in for wrk when it is not installed: keep-alive connections in threads. It shares the CPU and the
    GIL with nothing else but itself, yet costs more CPU than wrk: prefer wrk (apt-get install wrk)."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(n: int):
        rng = random.Random(seed + n)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", rng.choice(paths))
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                with lock:
                    failures[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()

    def pct(p: float) -> float | None:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else None

    return {
        "rps": len(latencies) / seconds,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "requests": len(latencies),
        "non2xx": failures[0],
        "socket_errors": 0,
        "raw": "python load generator",
    }


# ---------------------------------------------------------------------------------------------------------------
# The endpoints


# The deadlines the generated targets have (bench/dataset.py): the cursors of the cursor row start at one of them.
CURSOR_DEADLINES = ("2024-12-31", "2025-12-31", "2026-12-31", "2029-12-31", "2030-12-31")


def cursor(deadline: str, pk: int) -> str:
    """The `cursor` value of a page starting after the row (deadline, pk), as the API encodes it."""
    raw = json.dumps({"r": False, "k": [deadline, pk]}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_paths(manifest: dict, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    count = manifest["target_count"]
    pages = max(1, count // 50)
    # Assessed on the default date, today, as clients ask (the stored assessment is for today); the generated
    # figures end in 2026-09, so only days_remaining and deadline statuses move with the day of the run.
    return {
        "floor": [f"/bench/floor/?after={rng.randrange(0, max(1, count - 50))}" for _ in range(200)],
        "targets": [f"/api/v1/targets/?offset={50 * rng.randrange(pages)}" for _ in range(200)],
        # Keyset pages at random places of the default ordering (deadline, id): the cursor a `next` link carries
        # for a row of that deadline and id (dtrack/api/pagination.py); the first page costs the same.
        "targets-cursor": [
            f"/api/v1/targets/?cursor={cursor(rng.choice(CURSOR_DEADLINES), rng.randrange(1, count + 1))}"
            for _ in range(200)
        ],
        "targets-off-track": ["/api/v1/targets/?status=off_track&ordering=-gap"],
        "targets-back-dated": [
            f"/api/v1/targets/?as_of={day}&status={status}" for day in BACK_DATES for status in BACK_STATUSES
        ],
        "plan-scorecard": [f"/api/v1/plans/{i}/scorecard/" for i in manifest["plans"]],
        "province-scorecard": [f"/api/v1/provinces/{k}/scorecard/" for k in manifest["provinces"]],
        "ranking": [f"/api/v1/indicators/{r['indicator']}/ranking/?level=provincial" for r in manifest["rankings"]],
        "series": [f"/api/v1/targets/{i}/series/" for i in manifest["targets"]],
    }


DESCRIPTIONS = {
    "floor": "floor: plain Django view, 50 rows, one indexed query, JsonResponse",
    "targets": "GET /targets/ page of 50, default ordering, random offset",
    "targets-cursor": "GET /targets/?cursor=… page of 50 by cursor, default ordering, random place (no count)",
    "targets-off-track": "GET /targets/?status=off_track&ordering=-gap (all targets assessed)",
    "targets-back-dated": "GET /targets/?as_of=<past period end>&status=<status> (all targets assessed on that day)",
    "export-csv": "GET /targets/?format=csv: all {count} targets as one streamed file",
    "plan-scorecard": "GET /plans/{id}/scorecard/ (100 targets)",
    "province-scorecard": "GET /provinces/{key}/scorecard/ ({n} targets)",
    "ranking": "GET /indicators/{id}/ranking/?level=provincial (34 provinces)",
    "series": "GET /targets/{id}/series/",
    "bulk-report": "POST /progress-reports/ with {size} measurements",
}


def query_counts(port: int, paths: list[str], samples: int = 5) -> tuple[list[int], list[int]]:
    counts, statuses = [], []
    for path in paths[:samples]:
        status, headers, _ = request(port, "GET", path)
        statuses.append(status)
        counts.append(int(headers.get("x-bench-queries", "-1")))
    return counts, statuses


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def cpu_times() -> list[int]:
    """user, nice, system, idle, iowait, irq, softirq, steal (jiffies, all CPUs)."""
    return [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]


def cpu_shares(before: list[int], after: list[int]) -> dict:
    delta = [a - b for a, b in zip(after, before, strict=True)]
    total = sum(delta) or 1
    return {"busy": 1 - (delta[3] + delta[4]) / total, "steal": delta[7] / total}


def measure_one_by_one(server: Server, paths: list[str]) -> dict:
    """Each path once, one after the other, after one warm-up request: for questions that take seconds, where a
    fixed-duration load would finish few of them. Throughput is 1 / the mean time (one connection)."""
    request(server.port, "GET", paths[0], timeout=600)
    reset = server.reset_peak_rss()
    before, times = loadavg(), cpu_times()
    timings, statuses, queries = [], [], []
    for path in paths:
        started = time.perf_counter()
        status, headers, _ = request(server.port, "GET", path, timeout=600)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.append(status)
        queries.append(int(headers.get("x-bench-queries", "-1")))
    timings.sort()
    return {
        "rps": 1000 / statistics.mean(timings),
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[-1],
        "requests": len(timings),
        "non2xx": sum(status >= 300 for status in statuses),
        "socket_errors": 0,
        "load_before": before,
        "load_after": loadavg(),
        "cpu": cpu_shares(times, cpu_times()),
        "peak_rss_mb": server.peak_rss_mb(),
        "rss_reset": reset,
        "queries": queries,
        "statuses": statuses,
        "raw": "one by one",
    }


def measure_read(server: Server, name: str, paths: list[str], args, load) -> dict:
    if name in ONE_BY_ONE:
        return measure_one_by_one(server, paths)
    load(server.port, paths, args.connections, args.threads, args.warmup, args.seed)
    reset = server.reset_peak_rss()
    before, times = loadavg(), cpu_times()
    result = load(server.port, paths, args.connections, args.threads, args.duration, args.seed)
    result["load_before"], result["load_after"] = before, loadavg()
    result["cpu"] = cpu_shares(times, cpu_times())
    result["peak_rss_mb"], result["rss_reset"] = server.peak_rss_mb(), reset
    result["queries"], result["statuses"] = query_counts(server.port, paths)
    return result


def measure_export(server: Server, path: str, repeat: int) -> dict:
    """The whole target list as a file, `repeat` times one after the other (each is seconds of work, so no
    concurrent load): time per file, bytes, and each worker's peak RSS, which a streamed answer keeps flat."""
    status, _, _ = request(server.port, "GET", path, timeout=600)
    if status != 200:
        return {"skipped": f"{path} answered {status}"}
    server.reset_peak_rss()
    timings, sizes, queries = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        status, headers, data = request(server.port, "GET", path, timeout=600)
        timings.append(time.perf_counter() - started)
        sizes.append(len(data))
        queries.append(int(headers.get("x-bench-queries", "-1")))
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {data[:300]!r}")
    return {
        "rps": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p99_ms": max(timings) * 1000,
        "bytes": max(sizes),
        "queries": queries,
        "peak_rss_mb": server.peak_rss_mb(),
        "requests": len(timings),
        "non2xx": 0,
        "socket_errors": 0,
    }


# ---------------------------------------------------------------------------------------------------------------
# Bulk ingestion


def figure(rng: random.Random, unit: str) -> dict:
    """A plausible figure: shares as Vietnamese text (decimal comma), the rest as structured values."""
    if unit == "percent":
        return {"value_text": f"{rng.uniform(0, 100):.2f}".replace(".", ",") + "%"}
    if unit == "boolean":
        return {"value": "1"}
    if unit == "rank":
        return {"value": str(rng.randint(1, 63))}
    if unit == "count":
        return {"value": f"{rng.uniform(100, 9000):.2f}"}
    return {"value": f"{rng.uniform(0, 100):.2f}"}


def measure_bulk(server: Server, manifest: dict, token: str | None, args) -> dict:
    """POST reports of --bulk-size measurements, then check that the province's assessments use the new figures."""
    rng = random.Random(args.seed)
    today = date.today()
    days = [today - timedelta(days=k) for k in range(12)]  # after the dataset's last month (2026-09-30)
    timings, query_counts_seen, problems, checked, posted = [], [], [], 0, []
    server.reset_peak_rss()
    for n in range(args.posts):
        poster = manifest["posters"][n % len(manifest["posters"])]
        # District figures are refused from 2025-07-01 (the level was abolished): today's figures are for the others.
        series = [entry for entry in poster["series"] if entry[2] != "district"]
        items, newest = [], {}
        for day in days:
            for indicator, unit, level in series:
                if len(items) == args.bulk_size:
                    break
                items.append({"indicator": indicator, "level": level, "as_of": day.isoformat(), **figure(rng, unit)})
                newest.setdefault((indicator, level), day.isoformat())
        body = json.dumps(
            {
                "province": poster["province"],
                "title": f"Báo cáo thử tải {n}",
                "document_number": f"BENCH-{n}",
                "reported_on": today.isoformat(),
                "measurements": items,
                "state": "approved",  # a published report, entered approved by staff: its figures count at once
            }
        ).encode()
        started = time.perf_counter()
        status, headers, data = request(server.port, "POST", "/api/v1/progress-reports/", body, 600, token)
        elapsed = time.perf_counter() - started
        if status != 201:
            raise RuntimeError(f"POST /api/v1/progress-reports/ answered {status}: {data[:500]!r}")
        timings.append(elapsed)
        query_counts_seen.append(int(headers.get("x-bench-queries", "-1")))
        answer = json.loads(data)
        posted.append((answer["id"], headers.get("etag")))
        created = {(m["indicator"]["id"], m["level"], m["as_of"]): m["id"] for m in answer["measurements"]}
        # Read back: every target of the province on a posted series must be judged on the newest posted figure.
        status, _, data = request(server.port, "GET", f"/api/v1/targets/?province={poster['province']}&limit=500")
        for target in json.loads(data)["results"]:
            key = (target["indicator"]["id"], target["level"])
            if key not in newest:
                continue
            checked += 1
            latest = target["latest"] or {}
            if latest.get("id") != created[(*key, newest[key])]:
                problems.append((target["id"], latest.get("id"), created[(*key, newest[key])]))
    # Delete them again (soft: their figures stop judging), so that a later run on this database (--reuse) reads
    # the same assessments as this one.
    for report_id, etag in posted:
        path = f"/api/v1/progress-reports/{report_id}/"
        if etag is None:  # writes need If-Match with the ETag as last read
            etag = request(server.port, "GET", path, token=token)[1].get("etag")
        status, _, data = request(server.port, "DELETE", path, None, 600, token, {"If-Match": etag} if etag else {})
        if status != 204:
            raise RuntimeError(f"DELETE /api/v1/progress-reports/{report_id}/ answered {status}: {data[:300]!r}")
    return {
        "posts": len(timings),
        "measurements_per_post": args.bulk_size,
        "seconds": timings,
        "p50_ms": statistics.median(timings) * 1000,
        "p99_ms": max(timings) * 1000,
        "measurements_per_s": args.bulk_size * len(timings) / sum(timings),
        "queries": query_counts_seen,
        "peak_rss_mb": server.peak_rss_mb(),
        "targets_checked": checked,
        "stale_targets": problems[:10],
        "stale_count": len(problems),
    }


# ---------------------------------------------------------------------------------------------------------------
# The report


def versions(vendor_version: str, db: str) -> dict:
    import django
    import gunicorn
    import rest_framework

    wrk = shutil.which("wrk")
    wrk_version = (
        subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split("[")[0].strip() if wrk else "—"
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "drf": rest_framework.VERSION,
        "gunicorn": gunicorn.__version__,
        "wrk": wrk_version,
        "database": f"{'PostgreSQL' if db == 'postgres' else 'SQLite'} {vendor_version}",
    }


def counts_text(counts: dict) -> str:
    return ", ".join(f"{table.removeprefix('indicators_')} {n:,}" for table, n in counts.items())


def fmt_ms(value) -> str:
    return "—" if value is None else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(results: dict, floor_rps: float, manifest: dict) -> str:
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | queries/request | peak RSS/worker MB | ratio to floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        label = DESCRIPTIONS[name].replace("{n}", str(manifest.get("province_targets", "?")))
        label = label.replace("{size}", f"{r.get('measurements_per_post', 0):,}")
        label = label.replace("{count}", f"{manifest.get('target_count', 0):,}")
        queries = sorted(set(r["queries"]))
        q = str(queries[0]) if len(queries) == 1 else f"{queries[0]}–{queries[-1]}"
        if name == "bulk-report":
            # Its ratio compares requests: a report of 1,000 figures against one floor request.
            rate = f"{r['measurements_per_s']:,.0f} measurements/s ({r['posts']} posts)"
            ratio = 1000 / r["p50_ms"] / floor_rps
            lines.append(
                f"| {label} | {rate} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p99_ms'])} | {q} | "
                f"{r['peak_rss_mb']:.0f} | {ratio:.4f} |"
            )
            continue
        if name == "export-csv":
            files = f"{r['rps']:.2f} files/s ({r['requests']} × {r['bytes'] / 1e6:.1f} MB)"
            if r.get("rss_ratio_to_floor"):
                files += f"; peak RSS {r['rss_ratio_to_floor']:.2f}× the floor's"
            lines.append(
                f"| {label} | {files} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p99_ms'])} | {q} | "
                f"{r['peak_rss_mb']:.0f} | {r['rps'] / floor_rps:.4f} |"
            )
            continue
        bad = "" if r["non2xx"] == 0 and r["socket_errors"] == 0 else f" ({r['non2xx']} non-2xx!)"
        rps, ratio = r["rps"], r["rps"] / floor_rps
        # Seconds-long questions (the back-dated filter) keep their digits instead of printing 0.0 / 0.000.
        rps_text, ratio_text = (f"{rps:,.1f}", f"{ratio:.3f}") if rps >= 1 else (f"{rps:.3f}", f"{ratio:.5f}")
        lines.append(
            f"| {label} | {rps_text}{bad} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p99_ms'])} | {q} | "
            f"{r['peak_rss_mb']:.0f} | {ratio_text} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 20,000 targets, ~1M measurements")
    parser.add_argument("--density", type=int, default=1, help="measurements per series and month (5 = 5x)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG_URL),
        help="database to DROP and create (default %(default)s; env BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument("--duration", type=int, help="seconds of load per endpoint (default 15; 3 below scale 0.5)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per endpoint (default 3; 1 below 0.5)")
    parser.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto", help="auto: wrk if installed")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--posts", type=int, help="bulk reports to POST (default 5; 1 below scale 0.5)")
    parser.add_argument("--bulk-size", type=int, help="measurements per bulk report (default 1000; 200 below 0.5)")
    parser.add_argument(
        "--only", help="comma-separated endpoints (floor always runs): " + ",".join([*READS[1:], "export-csv"])
    )
    parser.add_argument("--exports", type=int, help="whole-list files to download (default 3; 2 below scale 0.5)")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the database of the last run with these options")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--out", type=Path, default=VAR / "results")
    args = parser.parse_args(argv)
    quick = args.scale < 0.5
    args.duration = args.duration or (3 if quick else 15)
    args.warmup = args.warmup if args.warmup is not None else (1 if quick else 3)
    args.posts = args.posts if args.posts is not None else (1 if quick else 5)
    args.bulk_size = args.bulk_size or (200 if quick else 1000)
    args.exports = args.exports or (2 if quick else 3)
    wrk = args.loader == "wrk" or (args.loader == "auto" and shutil.which("wrk"))
    load = run_wrk if wrk else run_python_load
    tag = f"{args.db}-scale{args.scale:g}-density{args.density}"
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = VAR / f"{tag}.manifest.json"
    started = time.perf_counter()

    if args.reuse and manifest_path.exists():
        url = (
            f"sqlite:///{VAR / f'bench-{args.scale:g}x{args.density}.sqlite3'}" if args.db == "sqlite" else args.pg_url
        )
        say(f"reusing {url}")
        subprocess.run(
            [PYTHON, "-m", "bench.prepare", "--reuse", "--manifest", str(manifest_path)],
            cwd=ROOT,
            env=bench_env(url),
            check=True,
        )
    else:
        say(f"== building the dataset: scale {args.scale:g}, density {args.density}, seed {args.seed}, {args.db}")
        url = fresh_database(args.db, args.scale, args.density, args.pg_url)
        subprocess.run(
            [
                PYTHON,
                "-m",
                "bench.prepare",
                "--scale",
                str(args.scale),
                "--density",
                str(args.density),
                "--seed",
                str(args.seed),
                "--manifest",
                str(manifest_path),
            ],
            cwd=ROOT,
            env=bench_env(url),
            check=True,
        )
    prepared = json.loads(manifest_path.read_text())
    manifest = prepared["manifest"]
    setup_s = time.perf_counter() - started

    only = set(args.only.split(",")) if args.only else {*READS, "export-csv"}
    paths = read_paths(manifest, args.seed)
    log = args.out / f"{tag}.gunicorn.log"
    say(
        f"== gunicorn ({args.workers} sync workers) + {load.__name__.removeprefix('run_')}: "
        f"-c{args.connections} -t{args.threads} {args.duration:g}s per endpoint after {args.warmup:g}s warm-up"
    )
    server = Server(bench_env(url), args.workers, log)
    results: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    try:
        floors = []
        for name in READS:
            if name != "floor" and name not in only:
                continue
            results[name] = measure_read(server, name, paths[name], args, load)
            if name == "floor":
                floors.append(results[name]["rps"])
            r = results[name]
            say(
                f"  {name:20} {r['rps']:9.1f} req/s  p50 {fmt_ms(r['p50_ms']):>7} ms  p99 {fmt_ms(r['p99_ms']):>7} ms"
                f"  queries {sorted(set(r['queries']))}  rss {r['peak_rss_mb']:.0f} MB  load {r['load_before']:.2f}"
                f"  steal {r['cpu']['steal']:.0%}  non-2xx {r['non2xx']}"
            )
            if any(status != 200 for status in r["statuses"]):
                raise RuntimeError(f"{name}: statuses {r['statuses']} for {paths[name][:5]}")
        end_floor = measure_read(server, "floor", paths["floor"], args, load)
        floors.append(end_floor["rps"])
        say(f"  {'floor (again)':20} {end_floor['rps']:9.1f} req/s")
        floor_rps = statistics.mean(floors)
        results["floor"]["rps_runs"] = floors
        results["floor"]["rps"] = floor_rps
        # Queries per request must not depend on the page size.
        page_queries = {
            limit: query_counts(server.port, [f"/api/v1/targets/?limit={limit}"])[0][0] for limit in (10, 100, 500)
        }
        if "export-csv" in only:
            export = measure_export(server, EXPORT_PATH, args.exports)
            if "skipped" in export:
                say(f"  {'export-csv':20} skipped: {export['skipped']}")
                skipped["export-csv"] = export["skipped"]
            else:
                # Memory as a ratio to the floor's (50 rows a request): a streamed file of the whole list keeps it
                # near 1; a list built in memory would grow with the number of targets.
                floor_rss = results["floor"].get("peak_rss_mb") or 0
                export["rss_ratio_to_floor"] = export["peak_rss_mb"] / floor_rss if floor_rss else None
                results["export-csv"] = export
                ratio = export["rss_ratio_to_floor"]
                say(
                    f"  {'export-csv':20} {fmt_ms(export['p50_ms'])} ms a file  {export['bytes']:,} bytes  "
                    f"queries {export['queries']}  rss {export['peak_rss_mb']:.0f} MB"
                    + (f" ({ratio:.2f}× the floor's)" if ratio else "")
                )
        if not args.skip_bulk:
            results["bulk-report"] = bulk = measure_bulk(server, manifest, prepared.get("token"), args)
            say(
                f"  {'bulk-report':20} {bulk['measurements_per_s']:9.0f} measurements/s  "
                f"p50 {fmt_ms(bulk['p50_ms'])} ms  queries {bulk['queries']}  "
                f"current {bulk['targets_checked'] - bulk['stale_count']}/{bulk['targets_checked']}"
            )
    finally:
        server.stop()

    info = versions(prepared.get("server_version", "?"), args.db)
    if load is run_python_load:
        info["wrk"] = "the Python load generator of bench/run.py (wrk not used)"
    spread = (max(floors) - min(floors)) / min(floors)
    report = [
        f"### {args.db}, scale {args.scale:g}, density {args.density} (seed {args.seed})",
        "",
        f"Data: {counts_text(prepared['counts'])}. "
        f"Setup {setup_s:.0f}s (refresh_known {prepared['timings']['refresh_known_s']:.1f}s).",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory_gib']} GiB, Linux {info['kernel']}; "
        f"Python {info['python']}, Django {info['django']}, DRF {info['drf']}, gunicorn {info['gunicorn']} "
        f"({args.workers} sync workers), {info['database']}, {info['wrk']} (-t{args.threads} -c{args.connections} "
        f"-d{args.duration:g}s, {args.warmup:g}s warm-up).",
        f"Floor first/last: {floors[0]:,.0f} / {floors[-1]:,.0f} req/s (spread {spread:.0%}"
        f"{', over 10%: noisy run' if spread > 0.10 else ''}); ratios use the mean. "
        f"Load average during the run: {min(r.get('load_before', 9e9) for r in results.values()):.2f}–"
        f"{max(r.get('load_after', 0) for r in results.values()):.2f}; CPU stolen by the hypervisor while loading: "
        f"{min(r['cpu']['steal'] for r in results.values() if 'cpu' in r):.0%}–"
        f"{max(r['cpu']['steal'] for r in results.values() if 'cpu' in r):.0%}.",
        f"Queries of GET /targets/ by page size: {page_queries}.",
        "",
        table(results, floor_rps, manifest),
    ]
    for name, why in skipped.items():
        report.append(f"\n{name}: not measured ({why}).")
    if "bulk-report" in results:
        bulk = results["bulk-report"]
        report.append("")
        report.append(
            f"Bulk ingestion: {bulk['posts']} × {bulk['measurements_per_post']:,} measurements in "
            f"{', '.join(f'{s:.2f}' for s in bulk['seconds'])} s; assessments read right after: "
            f"{bulk['targets_checked'] - bulk['stale_count']} of {bulk['targets_checked']} targets on the new figure."
        )
    text = "\n".join(report)
    say("\n" + text)
    (args.out / f"{tag}.md").write_text(text + "\n")
    (args.out / f"{tag}.json").write_text(
        json.dumps(
            {
                "args": {k: str(v) for k, v in vars(args).items()},
                "machine": info,
                "prepared": {k: v for k, v in prepared.items() if k != "token"},
                "results": results,
                "page_queries": page_queries,
            },
            indent=1,
            default=str,
        )
    )
    if not args.keep_db:
        drop_database(args.db, url)
        manifest_path.unlink(missing_ok=True)
    say(f"\nwritten: {args.out / f'{tag}.md'} (total {time.perf_counter() - started:.0f}s)")
    bad = [n for n, r in results.items() if r.get("non2xx") or r.get("socket_errors") or r.get("stale_count")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
