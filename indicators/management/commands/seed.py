"""`manage.py seed`: load the reference data and the demo fixtures, idempotently.

The fixtures carry explicit primary keys, so loading them again updates the same rows to the same values
instead of adding new ones: running `seed` twice leaves the database as it was after the first run. It
creates no users. Where each row comes from: docs/data.md.

`loaddata` saves raw rows: no `save()` and no signal handlers run. The fixtures therefore carry the fields
`save()` would copy (Target.unit; Measurement.province, unit, is_active), and facts that the signals keep
current on targets are recomputed once, after loading.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from indicators.models import Target
from indicators.state import refresh

# In load order: each file refers only to rows of the files before it. FIXTURE_DIRS is not set, so by path.
FIXTURES = (
    "provinces.json",  # provinces and their 2025 successions (fixtures/PROVENANCE.md)
    "indicators.json",  # indicator definitions
    "plans.json",  # plans and their targets
    "reports.json",  # progress reports and their measurements
)


def fixture_paths() -> list[Path]:
    return [Path(settings.BASE_DIR) / "fixtures" / name for name in FIXTURES]


def refresh_maintained_facts(database: str) -> int:
    """Recompute what targets keep about their judging measurements (Target.known_*, indicators/state.py).

    The raw saves of loaddata skip the signals that keep these facts current, and reloading a target row
    resets them to their defaults. Same as `manage.py refresh_assessments`.
    """
    return refresh(Target.objects.using(database))


class Command(BaseCommand):
    help = (
        "Load provinces, indicators, plans, targets, progress reports and measurements from fixtures/ "
        "(idempotent: the rows have fixed primary keys). Rows with these keys that were edited since are "
        "reset to the fixture values; other rows are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database to load into (default: %(default)s)."
        )

    def handle(self, *args, database, verbosity, **options):
        paths = fixture_paths()
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise FileNotFoundError(f"fixture file(s) not found: {', '.join(missing)}")
        # One transaction: a failure in a later file leaves nothing half-loaded.
        with transaction.atomic(using=database):
            for path in paths:
                call_command("loaddata", str(path), database=database, verbosity=max(verbosity - 1, 0))
            refresh_maintained_facts(database)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(paths)} fixture files: {', '.join(FIXTURES)}."))
