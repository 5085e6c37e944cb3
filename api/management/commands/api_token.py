"""API tokens, issued by an admin for a person:

    python manage.py api_token create USERNAME [--name "Police analyst's R scripts"]
    python manage.py api_token list [--user USERNAME]
    python manage.py api_token revoke mkv_1a2b3c4d

``create`` prints the new token on its last line, once: only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="A new token for USERNAME (printed once).")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for.")
        listing = actions.add_parser("list", help="Tokens: prefix, user, created, last used.")
        listing.add_argument("--user", help="Only this user's tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token (its mkv_ prefix is enough).")
        revoke.add_argument("token")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"{user.username} is not active: activate the account first.")
        row, token = api_token_create(user=user, name=options["name"])
        self.stdout.write(
            f"API token mkv_{row.prefix}_… for {user.username}. Copy it now: it is not shown again."
        )
        self.stdout.write(token)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["user"]:
            tokens = tokens.filter(user__username=options["user"])
        for row in tokens:
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            self.stdout.write(
                f"mkv_{row.prefix}  {row.user.username:<20} {state:<18} created "
                f"{row.created_at:%Y-%m-%d}  last used {used}  {row.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        row = api_token_revoke(prefix=options["token"])
        if row is None:
            raise CommandError(f"No token starts {options['token']!r}.")
        self.stdout.write(f"Revoked mkv_{row.prefix}_… of {row.user.username}.")
