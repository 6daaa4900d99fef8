"""Build the benchmark database: migrate, load the provinces and the generated dataset, and write the manifest
(the ids each measured endpoint uses). Run by bench/run.py in a subprocess with DJANGO_SETTINGS_MODULE=bench.settings
and DTRACK_DATABASE_URL pointing at a fresh database:

    python -m bench.prepare --scale 1 --density 1 --seed 20260701 --manifest var/bench/manifest.json
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def manifest() -> dict:
    """What the load generator requests: a sample of each kind of URL, chosen by fixed rules from the data."""
    from django.db.models import Count, Q

    from indicators.models import Indicator, Plan, Target
    from provinces.models import Province

    plans = list(Plan.objects.annotate(n=Count("targets")).filter(n=100).order_by("id").values_list("id", flat=True))
    # Province scorecards: the 2025-era units with the most targets (their own plans and their predecessors').
    sizes = []
    for province in Province.objects.filter(era="2025").order_by("code"):
        included = Q(plan__province=province) | Q(plan__province__successor_links__successor=province)
        sizes.append((Target.objects.filter(included).count(), province.key))
    # The issue's "about 600 targets": the units whose count is nearest to it.
    sizes.sort(key=lambda item: (abs(item[0] - 600), item[1]))
    chosen = sizes[0][0]
    provinces = [key for n, key in sizes if n == chosen]
    # Rankings: the indicators measured by the most 2025-era units at provincial level.
    ranked = (
        Indicator.objects.filter(measurements__province__era="2025", measurements__level="provincial")
        .annotate(n=Count("measurements__province", distinct=True))
        .order_by("-n", "id")
        .values_list("id", "n")[:20]
    )
    targets = list(
        Target.objects.filter(known_latest_id__isnull=False).order_by("id").values_list("id", flat=True)[::97][:200]
    )
    # Bulk ingestion: a 2025-era unit of a measured family; its series are the (indicator, level) pairs it reports.
    posters = []
    for key in provinces + [key for _, key in sizes if key not in provinces]:
        province = Province.objects.get(key=key)
        series = list(
            Target.objects.filter(plan__province=province, known_latest_id__isnull=False)
            .values_list("indicator_id", "indicator__unit", "level")
            .distinct()
            .order_by("indicator_id", "level")
        )
        if series:
            posters.append({"province": key, "series": series})
    return {
        "plans": plans,
        "provinces": provinces,
        "province_targets": chosen,
        "rankings": [{"indicator": i, "provinces": n} for i, n in ranked],
        "targets": targets,
        "target_count": Target.objects.count(),
        "posters": posters[:8],
    }


def writer_token() -> str | None:
    """A staff user and an API token for the bulk reports (writes need staff: accounts/policy.py). The raw token goes
    into the manifest, next to the throw-away database it opens."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    if not apps.is_installed("accounts"):
        return None
    from accounts import tokens

    user, _ = get_user_model().objects.update_or_create(
        username="bench", defaults={"is_staff": True, "is_active": True, "email": "bench@example.invalid"}
    )
    return tokens.issue(user=user, name="bench")[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--density", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true", help="the data is there: migrate, new token, new manifest")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import dataset

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse:
        summary = json.loads(args.manifest.read_text())
        from indicators.models import Target
        from indicators.state import store_assessments

        store_assessments(Target.objects.all())  # the reads ask for today, which may be a later day than the build
        dataset.store_snapshots(say)  # the last run's bulk reports, deleted again, dropped some targets' snapshots
        # The last run's bulk reports wrote and deleted rows; production's autovacuum would have tidied up since.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    else:
        call_command("loaddata", str(dataset.PROVINCES_FIXTURE), verbosity=0)
        migrate_s = time.perf_counter() - started
        say(f"migrated and loaded the provinces in {migrate_s:.1f}s ({connection.vendor})")
        summary = dataset.load(args.scale, args.density, args.seed, log=say)
        summary["timings"]["migrate_s"] = migrate_s
    summary["manifest"] = manifest()
    summary["token"] = writer_token()
    summary["vendor"] = connection.vendor
    summary["server_version"] = (
        f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        if connection.vendor == "postgresql"
        else __import__("sqlite3").sqlite_version
    )
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(summary, indent=1, default=str))
    say(f"manifest: {args.manifest}")


if __name__ == "__main__":
    main()
