from django.core.management.base import BaseCommand
from django.db import transaction

from indicators.models import Target
from indicators.state import refresh


class Command(BaseCommand):
    help = (
        "Recompute every target's maintained facts from its measurements and store its assessment for today "
        "(Asia/Ho_Chi_Minh). Run it after midnight every day, and after raw loads, bulk SQL or a change of the "
        "DTRACK_* thresholds (docs/deployment.md)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = refresh(Target.objects.all())
        self.stdout.write(f"Refreshed {count} targets.")
