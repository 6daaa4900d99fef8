"""The benchmark's national-scale dataset: generated from a seed, loaded in bulk, refreshed once.

At SCALE=1 (DENSITY=1): the 97 province units of both eras (fixtures/provinces.json), 300 indicators, 200 plans of
100 targets each (20,000 targets: 194 provincial plans, two per unit, and 6 national ones), about 85% of them with a
baseline and most with yearly milestones, about 4,750 progress reports and about 1,000,000 measurements: every unit
reports 70 indicators at three levels (provincial, district, commune) every month it was in force between 2020-01
and 2026-09 (a 2008-era unit until 2025-06, a 2025-era unit from 2025-07, the nation throughout). A 2025-era unit
and its predecessors measure the same indicators, so the 2025 reform splits each history in two, as it does in life.

SCALE shrinks or grows the number of plans (and with them the measured units); DENSITY multiplies the measurements
per series and month (DENSITY=5: five a month), keeping the targets as they are: that is the 1x -> 5x growth check.

Rows are written with explicit ids (the same seed gives the same rows, ids included): executemany on SQLite, COPY on
PostgreSQL, bypassing save() and signals. `Target.objects.refresh_known()` then fills the maintained facts once and
`store_assessments` today's assessment, as `manage.py refresh_assessments` would (bulk loads must, see
indicators/state.py).

Over 400 lines: the whole seeded dataset in one place, so one seed reproduces it; not imported by the application.
"""

from __future__ import annotations

import calendar
import json
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path

FIRST_MONTH = (2020, 1)
LAST_MONTH = (2026, 9)  # the newest figures; the read endpoints are assessed today, after them
REFORM = date(2025, 7, 1)
# The past reporting periods' ends the back-dated row asks about (bench/run.py, BACK_DATES): every target's
# assessment on them is snapshotted after the load, as `manage.py refresh_assessments` does for the ends of the
# last reporting periods (indicators/snapshots.py).
PERIOD_ENDS = (date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31))
INDICATORS = 300
INDICATORS_PER_FAMILY = 70
LEVELS = ("provincial", "district", "commune")
TARGETS_PER_PLAN = 100
PROVINCIAL_PLANS = 194  # two per unit at SCALE=1
NATIONAL_PLANS = 6
UNIT_MIX = ("percent",) * 12 + ("count",) * 3 + ("index",) * 2 + ("rank",) * 2 + ("boolean",)
PILLARS = ("chinh_quyen_so", "kinh_te_so", "xa_hoi_so", "ha_tang_so", "an_toan_thong_tin", "nhan_luc_so")
QUALIFIERS = ("exact",) * 88 + ("above",) * 4 + ("approximately",) * 3 + ("nearly",) * 3 + ("at_least",) * 2
PROVINCES_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "provinces.json"


@dataclass
class Dataset:
    """The generated rows, table by table, in load order (each refers only to tables before it)."""

    tables: dict[str, tuple[list[str], Iterable[tuple]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # filled as the rows are written

    def add(self, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
        self.tables[table] = (columns, rows)


def month_ends(first: tuple[int, int], last: tuple[int, int]) -> list[date]:
    days, (year, month) = [], first
    while (year, month) <= last:
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def years_since_start(day: date) -> float:
    return (day - date(2020, 1, 1)).days / 365.25


class Trajectory:
    """One (family, indicator) series shape: value(t) with a per-unit and per-level offset, clamped to the unit."""

    def __init__(self, rng: random.Random, unit: str):
        self.unit = unit
        if unit in ("percent", "index"):
            self.start, self.slope = rng.uniform(10, 60), rng.uniform(-2, 14)
        elif unit == "count":
            self.start, self.slope = rng.uniform(100, 5000), rng.uniform(0.05, 0.3)  # growth per year
        elif unit == "rank":
            self.start, self.slope = rng.uniform(10, 60), rng.uniform(-6, 1)
        else:  # boolean: done from some year on, or never
            self.start, self.slope = rng.uniform(0.5, 9), 0.0

    def value(self, t: float, offset: float = 0.0, noise: float = 0.0) -> float:
        if self.unit == "count":
            return max(0.0, self.start * (1 + self.slope) ** t * (1 + offset / 100) + noise * self.start / 100)
        if self.unit == "boolean":
            return 1.0 if t >= self.start + offset / 10 else 0.0
        raw = self.start + self.slope * t + offset + noise
        if self.unit == "rank":
            return float(min(63, max(1, round(raw))))
        return min(100.0, max(0.0, raw))


def fmt(number: float) -> str:
    return f"{number:.2f}"


def load_divisions() -> tuple[list[dict], dict[int, list[int]]]:
    """The province units and, for each 2025-era unit, its predecessors (fixtures/provinces.json)."""
    rows = json.loads(PROVINCES_FIXTURE.read_text(encoding="utf-8"))
    units = [{"pk": r["pk"], **r["fields"]} for r in rows if r["model"] == "provinces.province"]
    families: dict[int, list[int]] = {u["pk"]: [] for u in units if u["era"] == "2025"}
    for r in rows:
        if r["model"] == "provinces.succession":
            families[r["fields"]["successor"]].append(r["fields"]["predecessor"])
    return units, families


def generate(scale: float = 1.0, density: int = 1, seed: int = 20260701) -> Dataset:
    rng = random.Random(seed)
    units, families = load_divisions()
    era = {u["pk"]: u["era"] for u in units}
    # Families with the most predecessors first: at any scale the first province scorecard is a large one.
    order = sorted(families, key=lambda pk: (-len(families[pk]), pk))
    provincial_plans = max(4, round(PROVINCIAL_PLANS * scale))
    national_plans = max(1, round(NATIONAL_PLANS * scale))
    data = Dataset()
    stamp = datetime(2026, 10, 15, tzinfo=UTC)

    # Indicators
    indicators, unit_of = [], {}
    for i in range(1, INDICATORS + 1):
        unit = rng.choice(UNIT_MIX)
        unit_of[i] = unit
        direction = "lower" if unit == "rank" else "higher"
        indicators.append(
            (
                i,
                f"bench-{i:03d}",
                f"Chỉ số thử {i}",
                f"Bench indicator {i}",
                unit,
                direction,
                PILLARS[i % len(PILLARS)],
                "",
                "bench",
            )
        )
    data.add(
        "indicators_indicator",
        ["id", "code", "name", "name_en", "unit", "direction", "pillar", "definition", "source"],
        indicators,
    )

    # Which units have plans (two each, family by family), and so which families are measured.
    planned_units: list[int] = []
    for successor in order:
        for pk in (successor, *sorted(families[successor])):
            planned_units.append(pk)
    plan_slots = [pk for pk in planned_units for _ in range(2)][:provincial_plans]
    measured_families = [s for s in order if any(pk in plan_slots for pk in (s, *families[s]))]
    family_of = {pk: s for s in families for pk in (s, *families[s])}
    family_indicators = {s: sorted(rng.sample(range(1, INDICATORS + 1), INDICATORS_PER_FAMILY)) for s in order}
    national_indicators = sorted(rng.sample(range(1, INDICATORS + 1), INDICATORS_PER_FAMILY))
    shapes = {
        (s, i): Trajectory(rng, unit_of[i])
        for s in [*order, None]
        for i in (national_indicators if s is None else family_indicators[s])
    }
    level_offset = {"provincial": 8.0, "district": 0.0, "commune": -8.0}
    unit_offset = {pk: rng.uniform(-5, 5) for pk in [*era, None]}

    # Plans and targets
    plans, targets, milestones = [], [], []
    plan_owners = [(pk, n % 2) for n, pk in enumerate(plan_slots)] + [(None, n % 2) for n in range(national_plans)]
    target_id = milestone_id = 0
    for plan_id, (owner, second) in enumerate(plan_owners, start=1):
        new_era = owner is not None and era[owner] == "2025"
        issued = date(2025, 9, 15) if new_era else date(2021, 6, 15)
        deadline = date(2030, 12, 31) if second else (date(2026, 12, 31) if new_era else date(2025, 12, 31))
        baseline_on = date(2025, 6, 30) if new_era else date(2020, 12, 31)
        plans.append(
            (
                plan_id,
                "ke_hoach",
                f"{plan_id}/KH-BENCH",
                f"Kế hoạch chuyển đổi số {plan_id}",
                "UBND tỉnh" if owner else "Thủ tướng Chính phủ",
                issued,
                issued,
                deadline,
                "in_force",
                None,
                owner,
                "",
                "bench",
                "",
            )
        )
        family = None if owner is None else family_of[owner]
        own = national_indicators if owner is None else family_indicators[family]
        combos = [(i, level) for i in own for level in LEVELS]
        picked = rng.sample(combos, TARGETS_PER_PLAN - 2)
        others = [i for i in range(1, INDICATORS + 1) if i not in set(own)]
        picked += [(i, "provincial") for i in rng.sample(others, 2)]  # never measured here: no_data
        for indicator, level in picked:
            unit = unit_of[indicator]
            shape = shapes.get((family, indicator)) or Trajectory(rng, unit)
            target_deadline = deadline if rng.random() < 0.8 else deadline.replace(year=deadline.year - 1)
            if target_deadline <= baseline_on:
                target_deadline = deadline
            projected = shape.value(years_since_start(target_deadline), level_offset[level])
            factor = rng.uniform(0.85, 1.3)
            if unit == "boolean":
                comparator, value = "at_least", 1.0
            elif unit == "rank":
                comparator, value = "at_most", float(max(1, round(projected / factor)))
            else:
                comparator, value = "at_least", projected * factor
                if unit in ("percent", "index"):
                    value = min(100.0, value)
            has_baseline = rng.random() < 0.85
            baseline_value = shape.value(years_since_start(baseline_on), level_offset[level]) if has_baseline else None
            target_id += 1
            targets.append(
                (
                    target_id,
                    plan_id,
                    indicator,
                    level,
                    comparator,
                    fmt(value),
                    None,
                    target_deadline,
                    None if baseline_value is None else fmt(baseline_value),
                    baseline_on if has_baseline else None,
                    "",
                    "bench",
                    unit,
                    None,
                    None,
                    "",
                    None,
                    None,
                    None,
                    None,
                    "",
                    None,
                    False,
                    "",
                    "",
                    None,
                    "",
                    None,
                    None,
                    False,
                    False,  # the stored assessment: `refresh` fills it
                    None,
                    "",
                    "",
                    "",
                    "",
                    None,  # cohort, relative form, value source, caveat and its note, continues
                )
            )
            if unit != "boolean" and rng.random() < 0.75:
                start_value = baseline_value if baseline_value is not None else projected / factor
                years = range(baseline_on.year + 1, target_deadline.year)
                span = (target_deadline - baseline_on).days
                for year in list(years)[:4]:
                    on = date(year, 12, 31)
                    share = (on - baseline_on).days / span
                    point = start_value + (value - start_value) * share * rng.uniform(0.9, 1.1)
                    if unit in ("percent", "index"):
                        point = min(100.0, max(0.0, point))
                    if unit == "rank":
                        point = max(1.0, round(point))
                    milestone_id += 1
                    milestones.append((milestone_id, target_id, on, fmt(point)))
    data.add(
        "indicators_plan",
        [
            "id",
            "document_type",
            "number",
            "title",
            "issuer",
            "issued_on",
            "period_start",
            "period_end",
            "status",
            "superseded_by_id",
            "province_id",
            "source_url",
            "source_note",
            "targets_note",
        ],
        plans,
    )
    data.add(
        "indicators_target",
        [
            "id",
            "plan_id",
            "indicator_id",
            "level",
            "comparator",
            "value",
            "relative_change",
            "deadline",
            "baseline_value",
            "baseline_date",
            "source_quote",
            "source_note",
            "unit",
            "known_latest_id",
            "known_latest_value",
            "known_latest_qualifier",
            "known_latest_is_estimate",
            "known_latest_as_of",
            "known_latest_province_id",
            "known_earliest_value",
            "known_earliest_qualifier",
            "known_earliest_as_of",
            "known_met_on_time",
            "known_basis",
            "known_status",
            "known_severity",
            "known_deadline_status",
            "known_gap",
            "known_progress",
            "known_provisional",
            "known_declining",
            "cohort",
            "relative_form",
            "value_source",
            "caveat",
            "caveat_note",
            "continues_id",
        ],
        targets,
    )
    data.add("indicators_milestone", ["id", "target_id", "on", "value"], milestones)

    # Reports and measurements: each measured unit reports its family's indicators monthly while in force.
    months = month_ends(FIRST_MONTH, LAST_MONTH)
    reporters: list[tuple[int | None, list[int], int | None]] = []
    for s in measured_families:
        for pk in (s, *families[s]):
            reporters.append((pk, family_indicators[s], s))
    if national_plans:
        reporters.append((None, national_indicators, None))
    reports = []
    for report_id, (pk, month_end) in enumerate(
        ((pk, m) for pk, _, _ in reporters for m in months if _in_force(pk, m, era)), start=1
    ):
        reported_on = month_end + timedelta(days=10)
        reports.append(
            (
                report_id,
                pk,
                f"Báo cáo tháng {month_end:%m/%Y}",
                f"{report_id}/BC-BENCH",
                reported_on,
                month_end.replace(day=1),
                month_end,
                "",
                "bench",
                None,
                stamp,
                None,
                "approved",
                stamp,
                "",
            )
        )
    # Published reports: approved, so their figures count (docs/reporting.md).
    data.add(
        "indicators_progressreport",
        [
            "id",
            "province_id",
            "title",
            "document_number",
            "reported_on",
            "period_start",
            "period_end",
            "source_url",
            "source_note",
            "entered_by_id",
            "created_at",
            "deleted_at",
            "state",
            "submitted_at",
            "state_reason",
        ],
        reports,
    )
    context = (reporters, months, era, shapes, unit_of, level_offset, unit_offset, density)
    data.add(
        "indicators_measurement",
        [
            "id",
            "report_id",
            "indicator_id",
            "level",
            "as_of",
            "value",
            "qualifier",
            "is_estimate",
            "numerator",
            "denominator",
            "value_text",
            "note",
            "province_id",
            "unit",
            "is_active",
            "standing",
            "as_of_precision",
        ],
        ((*row, "day") for row in _measurements(rng, *context)),
    )
    return data


def _in_force(pk: int | None, month_end: date, era: dict) -> bool:
    return pk is None or (month_end >= REFORM) == (era[pk] == "2025")


def _measurements(rng, reporters, months, era, shapes, unit_of, level_offset, unit_offset, density) -> Iterator[tuple]:
    """The measurement rows, lazily (millions of them), in report order; the last user of `rng`."""
    offsets = [round(k * 25 / density) for k in range(density)]
    report_id = measurement_id = 0
    for pk, own, family in reporters:
        for month_end in months:
            if not _in_force(pk, month_end, era):
                continue
            report_id += 1
            for indicator in own:
                shape, unit = shapes[(family, indicator)], unit_of[indicator]
                for level in LEVELS:
                    for back in offsets:
                        on = month_end - timedelta(days=back)
                        value = shape.value(
                            years_since_start(on), level_offset[level] + unit_offset[pk], rng.uniform(-1.5, 1.5)
                        )
                        measurement_id += 1
                        yield (
                            measurement_id,
                            report_id,
                            indicator,
                            level,
                            on,
                            fmt(value),
                            rng.choice(QUALIFIERS),
                            rng.random() < 0.08,
                            None,
                            None,
                            "",
                            "",
                            pk,
                            unit,
                            True,
                            2,
                        )


def _sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write(data: Dataset, connection, *, log, chunk: int = 20000) -> None:
    """Insert every table of `data` through `connection` (a Django connection): executemany or COPY."""
    connection.ensure_connection()
    raw = connection.connection
    for table, (columns, rows) in data.tables.items():
        started, count = time.perf_counter(), 0
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        rows = iter(rows)
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"
            while batch := [tuple(map(_sqlite_value, r)) for r in islice(rows, chunk)]:
                raw.executemany(sql, batch)
                count += len(batch)
        data.counts[table] = count
        log(f"  {table}: {count:,} rows in {time.perf_counter() - started:.1f}s")


def load(scale: float = 1.0, density: int = 1, seed: int = 20260701, *, log) -> dict:
    """Generate and load the dataset into the default database (migrated, with the provinces fixture loaded),
    reset the id sequences, refresh every target's maintained facts once and update the planner statistics."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from indicators.models import Indicator, Measurement, Milestone, Plan, ProgressReport, Target
    from indicators.state import store_assessments

    timings = {}
    started = time.perf_counter()
    data = generate(scale, density, seed)
    with transaction.atomic():
        write(data, connection, log=log)
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Indicator, Plan, Target, Milestone, ProgressReport, Measurement]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    timings["generate_and_insert_s"] = time.perf_counter() - started

    # Statistics first: without them PostgreSQL plans refresh_known's subqueries for empty tables (100x slower).
    analyze = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(analyze)

    started = time.perf_counter()
    with transaction.atomic():
        refreshed = Target.objects.refresh_known()
    timings["refresh_known_s"] = time.perf_counter() - started
    log(f"refresh_known: {refreshed:,} targets in {timings['refresh_known_s']:.1f}s")
    started = time.perf_counter()
    with transaction.atomic():
        stored = store_assessments(Target.objects.all())
    timings["store_assessments_s"] = time.perf_counter() - started
    log(f"store_assessments: {stored:,} targets assessed for today in {timings['store_assessments_s']:.1f}s")

    timings["snapshots_s"] = store_snapshots(log)

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(analyze)
    timings["analyze_s"] = time.perf_counter() - started
    return {"counts": data.counts, "timings": timings, "scale": scale, "density": density, "seed": seed}


def store_snapshots(log) -> float:
    """Snapshot every target's assessment on each of PERIOD_ENDS (indicators/snapshots.py); return the seconds."""
    from indicators import snapshots

    started = time.perf_counter()
    for day in PERIOD_ENDS:
        count = snapshots.store(day)
    seconds = time.perf_counter() - started
    log(f"snapshots: {count:,} targets assessed on each of {len(PERIOD_ENDS)} period ends in {seconds:.1f}s")
    return seconds
