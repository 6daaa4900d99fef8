"""manage.py create_token <username> [--name NAME] [--expires-in-days N]: print a new API token, once.

The token goes to stdout alone (for scripts: TOKEN=$(manage.py create_token ci)); the explanation to stderr.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import tokens


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What uses the token (default: 'token for <username>').")
        parser.add_argument("--expires-in-days", type=int, default=None, help="Default: no expiry (revoke it).")

    def handle(self, *args, username, name, expires_in_days, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(
                f"No user {username!r}; create one first (manage.py createsuperuser, or the admin)."
            ) from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        token, raw = tokens.issue(user=user, name=name or f"token for {username}", expires_at=expires_at)
        self.stderr.write(
            f"Token {token.prefix}… for {username} ({token.name}). Copy it now: it is not stored and will not be "
            "shown again. Send it as 'Authorization: Bearer <token>'; revoke it with "
            f"'manage.py revoke_token {token.prefix}'."
        )
        self.stdout.write(raw)
