"""Reliability suite: concurrent writers against a live gunicorn server on a fresh PostgreSQL database.

    .venv/bin/python scripts/reliability/run.py [--code DIR] [--rounds N] [--keep]

It creates a database, migrates it, builds a small world (two provinces with plans and targets, a staff token),
starts gunicorn (4 workers) on it, and drives five scenarios with 20 client threads started together:

1. and 2. figures posted to a report while it is deleted (a figure must never stay active on a deleted report;
   the race used to deadlock);
3. a report moved to another province while figures are posted to it (every figure's province must be its
   report's);
4. bulk reports of the same date for the same targets (the facts must fold in entry order);
5. figures added to a target whose newest figure is dated after today (its stored assessment must stay true).

Then it checks the invariants: no active figure on a deleted report; every figure's province equals its report's;
the maintained facts and stored assessment equal a fresh recomputation (what `refresh_assessments --check` does);
no 5xx answer; every write answered 2xx is present. It prints the counts as JSON and exits 1 if any invariant
fails. `--code DIR` serves another checkout (for example the code before the fix) with this same driver.

Over 400 lines: one script run top to bottom (set up, load, check), not imported by the application.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

THREADS = 20
ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("DTRACK_RELIABILITY_PG", "postgres://postgres@127.0.0.1:5432")
# The server's own log (warnings for every 4xx, tracebacks for a 5xx): read it when an invariant fails.
SERVER_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / f"dtrack-reliability-{os.getpid()}.log"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each scenario (default 6)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


# --- database and server ------------------------------------------------------------------------------------------


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(code: Path, env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "dtrack.wsgi",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--chdir",
            str(code),
        ],
        cwd=code,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=SERVER_LOG.open("w"),
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited at start") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


# --- client ---------------------------------------------------------------------------------------------------


class Api:
    def __init__(self, port: int, token: str, log: list):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.token, self.log = token, log

    def __call__(self, kind: str, method: str, path: str, body=None, **headers):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **headers}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.log.append((kind, 599, None))  # the connection failed: counted as a server error
            return 599, {}, None
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        self.log.append((kind, response.status, parsed))
        return response.status, dict(response.getheaders()), parsed


def together(count: int, work) -> None:
    barrier = threading.Barrier(count)
    errors = []

    def run(n):
        try:
            barrier.wait(timeout=60)
            work(n)
        except Exception as exc:  # a crash in the driver must stop the run, not vanish
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if errors:
        raise errors[0]


# --- world ------------------------------------------------------------------------------------------------------


def build_world() -> dict:
    from django.contrib.auth import get_user_model

    from accounts import tokens
    from indicators.models import Indicator, Plan, Target
    from provinces.models import Province

    provinces = []
    for code in ("91", "92", "93"):
        provinces.append(
            Province.objects.create(
                code=code,
                era="2025",
                name=f"Tỉnh Thử {code}",
                short_name=f"Thử {code}",
                codename=f"thu{code}",
                kind="tinh",
                kind_since=date(2025, 7, 1),
                valid_from=date(2025, 7, 1),
            )
        )
    indicator = Indicator.objects.create(code="dvc", name="Dịch vụ công", unit="percent", pillar="chinh_quyen_so")
    targets = []
    for province in provinces:
        plan = Plan.objects.create(
            document_type="ke_hoach",
            number=f"1/KH-{province.code}",
            title="Kế hoạch",
            issuer="UBND tỉnh",
            province=province,
        )
        for deadline in (date(2025, 12, 31), date(2030, 12, 31)):
            targets.append(
                Target.objects.create(
                    plan=plan, indicator=indicator, comparator="at_least", value=90, deadline=deadline
                )
            )
    staff = get_user_model().objects.create_superuser("reliability", None, "not-used-here")
    refresh_all()
    keys = [f"{p.era}-{p.code}" for p in provinces]
    return {"token": tokens.issue(user=staff, name="reliability")[1], "indicator": indicator.pk, "provinces": keys}


def refresh_all() -> None:
    from django.db import transaction

    from indicators.models import Target
    from indicators.state import refresh

    with transaction.atomic():
        refresh(Target.objects.all())


# --- scenarios ----------------------------------------------------------------------------------------------------


def new_report(api, province: str, n: int, figures=()) -> int:
    status, _, body = api(
        "report",
        "POST",
        "/api/v1/progress-reports/",
        {
            "province": province,
            "title": f"Báo cáo {n}",
            "reported_on": date.today().isoformat(),
            "measurements": list(figures),
        },
    )
    if status != 201:
        raise SystemExit(f"setup: report creation answered {status}: {body}")
    return body["id"]


def figure(world, report_id=None, value=50, as_of=None) -> dict:
    body = {"indicator": world["indicator"], "value": str(value), "as_of": (as_of or date.today()).isoformat()}
    if report_id is not None:
        body["report"] = report_id
    return body


def scenario_delete(world, port, rounds, log):
    """1 and 2: one thread deletes the report, the others post figures to it."""
    setup = Api(port, world["token"], [])
    for r in range(rounds):
        report = new_report(setup, world["provinces"][0], r)
        etag = setup("get", "GET", f"/api/v1/progress-reports/{report}/")[1]["ETag"]

        def work(n, report=report, etag=etag):
            api = Api(port, world["token"], log)
            if n == 0:
                api("delete_report", "DELETE", f"/api/v1/progress-reports/{report}/", **{"If-Match": etag})
            else:
                api("add_figure", "POST", "/api/v1/measurements/", figure(world, report, 40 + n))

        together(THREADS, work)


def scenario_move(world, port, rounds, log):
    """3: one thread moves the report to another province, the others post figures to it."""
    setup = Api(port, world["token"], [])
    for r in range(rounds):
        report = new_report(setup, world["provinces"][0], 100 + r, [figure(world, value=30)])
        etag = setup("get", "GET", f"/api/v1/progress-reports/{report}/")[1]["ETag"]

        def work(n, report=report, etag=etag):
            api = Api(port, world["token"], log)
            if n == 0:
                api(
                    "move_report",
                    "PATCH",
                    f"/api/v1/progress-reports/{report}/",
                    {"province": world["provinces"][1]},
                    **{"If-Match": etag},
                )
            else:
                api("add_figure", "POST", "/api/v1/measurements/", figure(world, report, 40 + n))

        together(THREADS, work)


def scenario_bulk(world, port, rounds, log):
    """4: bulk reports with figures of the same date for the same targets."""
    day = date.today() - timedelta(days=3 + 0)
    for r in range(rounds):

        def work(n, r=r):
            api = Api(port, world["token"], log)
            figures = [figure(world, value=(n * 7 + k + r) % 100, as_of=day) for k in range(3)]
            api(
                "bulk_report",
                "POST",
                "/api/v1/progress-reports/",
                {
                    "province": world["provinces"][1],
                    "title": f"Bulk {r}-{n}",
                    "reported_on": day.isoformat(),
                    "measurements": figures,
                },
            )

        together(THREADS, work)
        log.append(("stale_round", stale_stored_fields(), None))


def scenario_projection(world, port, rounds, log):
    """5: the target's newest figure is dated after today; new figures of earlier dates arrive together."""
    setup = Api(port, world["token"], [])
    # An estimate for the end of the report's year, the latest date a report may give a figure (docs/integrity.md).
    year_end = date(date.today().year, 12, 31)
    new_report(setup, world["provinces"][2], 999, [figure(world, value=99, as_of=year_end)])
    for r in range(rounds):

        def work(n, r=r):
            api = Api(port, world["token"], log)
            as_of = date.today() - timedelta(days=(n + r) % 5)
            api(
                "bulk_report",
                "POST",
                "/api/v1/progress-reports/",
                {
                    "province": world["provinces"][2],
                    "title": f"Projection {r}-{n}",
                    "reported_on": date.today().isoformat(),
                    "measurements": [figure(world, value=10 + n, as_of=as_of)],
                },
            )

        together(THREADS, work)
        log.append(("stale_round", stale_stored_fields(), None))


# --- invariants -----------------------------------------------------------------------------------------------


def stale_stored_fields() -> int:
    """How many maintained fields a full recompute would change (what `refresh_assessments --check` counts), with
    the recompute rolled back."""
    from django.db import transaction

    from indicators.models import Target
    from indicators.state import refresh

    names = [f.name for f in Target._meta.fields if f.name.startswith("known_")]

    def snapshot():
        return {row[0]: row[1:] for row in Target.objects.order_by("pk").values_list("pk", *names)}

    with transaction.atomic():
        before = snapshot()
        refresh(Target.objects.all())
        after = snapshot()
        transaction.set_rollback(True)
    return sum(a != b for pk in before for a, b in zip(before[pk], after[pk], strict=True))


def invariants(log) -> dict:
    from django.db.models import F

    from indicators.models import Measurement, ProgressReport

    stale_rounds = [count for kind, count, _ in log if kind == "stale_round"]
    log = [entry for entry in log if entry[0] != "stale_round"]
    statuses = Counter((kind, status) for kind, status, _ in log)
    created = [body["id"] for kind, status, body in log if status == 201 and kind == "add_figure"]
    reports = [body["id"] for kind, status, body in log if status == 201 and kind == "bulk_report"]
    missing = len(created) - Measurement.objects.filter(pk__in=created).count()
    missing += len(reports) - ProgressReport.objects.filter(pk__in=reports).count()
    return {
        "answers": {f"{kind} {status}": count for (kind, status), count in sorted(statuses.items())},
        "active_figures_on_deleted_reports": Measurement.objects.filter(
            is_active=True, report__deleted_at__isnull=False
        ).count(),
        "deleted_reports_with_active_figures": ProgressReport.objects.filter(
            deleted_at__isnull=False, measurements__is_active=True
        )
        .distinct()
        .count(),
        "figures_in_another_province_than_their_report": Measurement.objects.exclude(
            province_id=F("report__province_id")
        ).count(),
        # Checked after each round of scenarios 4 and 5 (a later fold can hide an earlier mistake), and at the end.
        "rounds_with_stale_stored_fields": sum(1 for count in stale_rounds if count),
        "stale_stored_fields": stale_stored_fields(),
        "responses_5xx": sum(count for (_, status), count in statuses.items() if status >= 500),
        "writes_2xx_missing": missing,
    }


def main() -> int:
    args = parse_args()
    code = args.code.resolve()
    name = f"dtrack_reliability_{os.getpid()}"
    env = {
        **os.environ,
        "DTRACK_DATABASE_URL": f"{PG}/{name}",
        "DTRACK_SECRET_KEY": "reliability-only-not-secret",
        "DTRACK_DEBUG": "false",
        "DTRACK_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DTRACK_THROTTLE_USER": "100000/min",
        "DTRACK_THROTTLE_ANON": "100000/min",
        "DTRACK_LOG_LEVEL": "CRITICAL",
        "PYTHONPATH": str(code),
        "DJANGO_SETTINGS_MODULE": "dtrack.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(code))
    os.chdir(code)
    admin_sql(f'CREATE DATABASE "{name}"')
    server = None
    started = time.monotonic()
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        world = build_world()
        port = free_port()
        server = start_server(code, env, port)
        log: list = []
        for scenario in (scenario_delete, scenario_move, scenario_bulk, scenario_projection):
            scenario(world, port, args.rounds, log)
        result = invariants(log)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    result["seconds"] = round(time.monotonic() - started, 1)
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    failed = [key for key, value in result.items() if key not in ("answers", "seconds") and value]
    if failed:
        sys.stderr.write(f"reliability: FAILED: {', '.join(failed)} (server log: {SERVER_LOG})\n")
        return 1
    sys.stdout.write("reliability: every invariant holds\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
