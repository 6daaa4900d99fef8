"""`manage.py send_reminders`: send the reminders of the reporting cycle that are due (docs/reporting.md).

Idempotent and safe from cron: each reminder is sent once per obligation, kind and occasion."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from indicators.conf import today
from reporting.reminders import due_reminders, send


class Command(BaseCommand):
    help = "Send the due-soon, overdue, returned and stale reminders not sent yet (each once). --dry-run lists them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send and record nothing.")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh).")

    def handle(self, *args, dry_run=False, as_of=None, verbosity=1, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else today()
        except ValueError:
            raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}") from None
        due = due_reminders(day)
        if dry_run:
            for reminder in due:
                self.stdout.write(f"{reminder.kind}\t{reminder.obligation}\t{', '.join(reminder.recipients) or '-'}")
            self.stdout.write(f"{len(due)} reminder(s) would be sent.")
            return
        sent = send(due)
        if verbosity:
            self.stdout.write(f"{sent} reminder(s) sent.")
