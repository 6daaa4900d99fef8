"""`manage.py seed`: load the reference data and the demo fixtures where they are missing; never overwrite.

The fixtures carry explicit primary keys. A row whose key is already in the database is left exactly as it is,
edited or not (`make run` runs seed every time: a clerk's change to a seeded target survives it, with its
history); only the rows not there yet are inserted. Running `seed` twice leaves the database as it was after the
first run. It creates no users. Where each row comes from: docs/data.md.

Rows are saved raw, as `loaddata` does: no `save()`. The fixtures therefore carry the fields `save()` would copy
(Target.unit; Measurement.province, unit, is_active, standing), and the targets' maintained facts and stored
assessment are recomputed once, after loading (what `refresh_assessments` does; it changes no field a person
entered). The reports are published documents: approved and attached to the periods they cover; the regimes'
other periods and their obligations are generated (`reporting.services.generate_periods`, idempotent).
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from indicators.cascade import refresh_flags
from indicators.conf import today
from indicators.models import Indicator, Target
from indicators.state import refresh
from reporting.models import ReportingRegime
from reporting.services import generate_periods

# In load order: each file refers only to rows of the files before it. FIXTURE_DIRS is not set, so by path.
FIXTURES = (
    "provinces.json",  # provinces and their 2025 successions (fixtures/PROVENANCE.md)
    "indicators.json",  # indicator definitions
    "plans.json",  # plans and their targets
    "regimes.json",  # reporting regimes and the periods the reports cover (the rest are generated)
    "reports.json",  # progress reports and their measurements
)


def fixture_paths() -> list[Path]:
    return [Path(settings.BASE_DIR) / "fixtures" / name for name in FIXTURES]


def refresh_maintained_facts(database: str) -> int:
    """Recompute what targets keep about their judging measurements (Target.known_*, indicators/state.py).

    Raw saves bypass the services that keep these facts (and the cascade's flags) current. Same as `manage.py
    refresh_assessments`.
    """
    count = refresh(Target.objects.using(database))
    refresh_flags(Indicator.objects.using(database).values_list("pk", flat=True), using=database)
    return count


class Command(BaseCommand):
    help = (
        "Load provinces, indicators, plans, targets, progress reports and measurements from fixtures/ "
        "where missing (the rows have fixed primary keys). A row already there is never changed, edited or not."
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
            added = sum(load_missing(path, database) for path in paths)
            if added:
                refresh_maintained_facts(database)
            for regime in ReportingRegime.objects.using(database).order_by("id"):
                generate_periods(regime, until=today() + timedelta(days=366))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {len(paths)} fixture files ({', '.join(FIXTURES)}): {added} missing rows added."
                )
            )


def load_missing(path: Path, database: str) -> int:
    """Insert the rows of the fixture file whose primary key is not in the database yet; return how many."""
    with path.open("rb") as stream:
        objects = list(serializers.deserialize("json", stream, using=database))
    by_model: dict = {}
    for deserialized in objects:
        by_model.setdefault(type(deserialized.object), []).append(deserialized.object.pk)
    existing = {
        model: set(model._base_manager.using(database).filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in by_model.items()
    }
    added = 0
    for deserialized in objects:
        if deserialized.object.pk not in existing[type(deserialized.object)]:
            deserialized.save(using=database)
            added += 1
    if added:
        # As loaddata does: move the key sequences past the explicit keys (PostgreSQL), so new rows do not collide.
        connection = connections[database]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_model)):
                cursor.execute(sql)
    return added
