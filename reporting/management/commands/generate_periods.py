"""`manage.py generate_periods`: create the reporting periods and obligations of every regime up to a date."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from indicators.conf import today
from reporting.models import ReportingRegime
from reporting.services import generate_periods


class Command(BaseCommand):
    help = "Create the periods (and the obligations of their units) of every reporting regime whose window ends by "
    "--until (default: a year from today). Idempotent: safe to run from cron."

    def add_arguments(self, parser):
        parser.add_argument("--until", help="YYYY-MM-DD; default: a year from today.")

    def handle(self, *args, until=None, verbosity=1, **options):
        try:
            end = date.fromisoformat(until) if until else today() + timedelta(days=366)
        except ValueError:
            raise CommandError(f"--until must be a date YYYY-MM-DD, not {until!r}") from None
        for regime in ReportingRegime.objects.order_by("id"):
            periods, obligations = generate_periods(regime, until=end)
            if verbosity:
                self.stdout.write(f"{regime}: {periods} period(s), {obligations} obligation(s) created.")
