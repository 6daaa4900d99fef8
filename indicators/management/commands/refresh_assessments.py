import sys

from django.core.management.base import BaseCommand
from django.db import router, transaction

from indicators import snapshots
from indicators.cascade import refresh_flags
from indicators.conf import today
from indicators.models import KNOWN_FIELDS, Indicator, Target
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
        differences = self.differences()
        for pk, name, stored, computed in differences:
            self.stdout.write(f"target {pk}: {name} stored {stored!r}, recomputed {computed!r}")
        targets = len({pk for pk, *_ in differences})
        self.stdout.write(f"{len(differences)} differences in {targets} targets.")
        if differences:
            sys.exit(1)

    def differences(self) -> list[tuple]:
        """(target id, field, stored, recomputed) for every maintained field that a refresh would change.

        The refresh runs in a transaction that is rolled back: it takes no lock but on the rows it would change,
        and leaves the database as it found it."""
        db = router.db_for_write(Target)
        targets = Target.objects.using(db)
        with transaction.atomic(using=db):
            before = snapshot(targets)
            targets.refresh_known()
            store_assessments(targets)
            refresh_flags(Indicator.objects.using(db).values_list("pk", flat=True), using=db)
            after = snapshot(targets)
            transaction.set_rollback(True, using=db)
        return [
            (pk, name, stored, after[pk][index])
            for pk, values in before.items()
            for index, (name, stored) in enumerate(zip(KNOWN_FIELDS, values, strict=True))
            if after[pk][index] != stored
        ]


def snapshot(targets) -> dict:
    return {row[0]: row[1:] for row in targets.order_by("pk").values_list("pk", *KNOWN_FIELDS)}
