import sys

from django.core.management.base import BaseCommand
from django.db import router, transaction

from indicators import merged, snapshots
from indicators.cascade import refresh_flags
from indicators.conf import today
from indicators.models import KNOWN_FIELDS, CombinedSeries, Indicator, Target
from indicators.state import refresh, store_assessments


class Command(BaseCommand):
    help = (
        "Recompute every target's maintained facts from its measurements, its cascade flags, and store its "
        "assessment for today "
        "(Asia/Ho_Chi_Minh). Run it after midnight every day, and after raw loads, bulk SQL, a change of provinces "
        "or successions, or of the DTRACK_* thresholds (docs/deployment.md); then store every target's assessment "
        "on the ends of the last reporting periods, for back-dated lists (indicators/snapshots.py). With --check, "
        "write nothing: list "
        "every stored value that differs from the recomputation and exit 1 if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Recompute without writing; list differences; exit 1 if any."
        )

    def handle(self, *args, check=False, **options):
        if not check:
            with transaction.atomic():
                count = refresh(Target.objects.all())
                refresh_flags(Indicator.objects.values_list("pk", flat=True))
                ends = snapshots.period_ends(today())
                for day in ends:
                    snapshots.store(day)
            self.stdout.write(f"Refreshed {count} targets; snapshots for {len(ends)} period ends.")
            return
        differences, combined = self.differences()
        for pk, name, stored, computed in differences:
            self.stdout.write(f"target {pk}: {name} stored {stored!r}, recomputed {computed!r}")
        for key, stored, computed in combined:
            self.stdout.write(f"combined series {key}: stored {stored}, recomputed {computed}")
        targets = len({pk for pk, *_ in differences})
        self.stdout.write(f"{len(differences)} differences in {targets} targets, {len(combined)} in combined series.")
        if differences or combined:
            sys.exit(1)

    def differences(self) -> tuple[list[tuple], list[tuple]]:
        """(target id, field, stored, recomputed) for every maintained field that a refresh would change, and
        (series, stored, recomputed) for every stored combination of a merged unit's predecessors' figures
        (indicators/merged.py) that differs from what the figures combine into.

        The refresh runs in a transaction that is rolled back: it takes no lock but on the rows it would change,
        and leaves the database as it found it."""
        db = router.db_for_write(Target)
        targets = Target.objects.using(db)
        with transaction.atomic(using=db):
            before = snapshot(targets)
            combined_before = stored_combinations(db)
            CombinedSeries.objects.using(db).all().delete()  # combined from the figures below, and stored
            targets.refresh_known()
            store_assessments(targets)
            refresh_flags(Indicator.objects.using(db).values_list("pk", flat=True), using=db)
            after = snapshot(targets)
            combined_after = stored_combinations(db)
            transaction.set_rollback(True, using=db)
        fields = [
            (pk, name, stored, after[pk][index])
            for pk, values in before.items()
            for index, (name, stored) in enumerate(zip(KNOWN_FIELDS, values, strict=True))
            if after[pk][index] != stored
        ]
        # A series no target judges any more is not combined again: left alone (it is never read).
        series = [(key, text, combined_after[key]) for key, text in combined_before.items()
                  if key in combined_after and merged.Stored.loads(text) != merged.Stored.loads(combined_after[key])]  # fmt: skip
        return fields, series


def stored_combinations(db: str) -> dict:
    rows = CombinedSeries.objects.using(db).values_list("successor_id", "indicator_id", "level", "unit", "combined")
    return {row[:4]: row[4] for row in rows}


def snapshot(targets) -> dict:
    return {row[0]: row[1:] for row in targets.order_by("pk").values_list("pk", *KNOWN_FIELDS)}
