from django.core.management.base import BaseCommand
from django.db import transaction

from indicators.models import Target


class Command(BaseCommand):
    help = "Recompute every target's maintained facts from its measurements (after raw loads or bulk SQL)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = Target.objects.refresh_known()
        self.stdout.write(f"Refreshed {count} targets.")
