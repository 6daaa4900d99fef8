"""manage.py prune_idempotency_keys: delete stored Idempotency-Key answers older than their retention (24 h)."""

from django.core.management.base import BaseCommand

from accounts import idempotency


class Command(BaseCommand):
    help = "Delete Idempotency-Key records past their retention (run it daily, e.g. from cron)."

    def handle(self, *args, **options):
        count = idempotency.prune()
        self.stdout.write(f"Deleted {count} idempotency record(s) older than {idempotency.RETENTION}.")
