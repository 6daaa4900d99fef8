"""manage.py revoke_token <prefix>: revoke an API token by its public prefix (dtk_xxxxxxxx)."""

from django.core.management.base import BaseCommand, CommandError

from accounts import tokens
from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token, given its prefix (dtk_xxxxxxxx) or the whole token."

    def add_arguments(self, parser):
        parser.add_argument("token", help="The prefix dtk_xxxxxxxx (or the whole token).")

    def handle(self, *args, token, **options):
        prefix = token[:12]
        row = ApiToken.objects.filter(prefix=prefix).first()
        if row is None:
            raise CommandError(f"No token with prefix {prefix!r}.")
        if tokens.revoke(row):
            self.stdout.write(f"Revoked {row.prefix}… ({row.name}, user {row.user}).")
        else:
            self.stdout.write(f"{row.prefix}… was already revoked at {row.revoked_at:%Y-%m-%d %H:%M:%S %Z}.")
