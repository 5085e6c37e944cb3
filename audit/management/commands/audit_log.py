"""Print the audit log: changes to tracked tables and security events, oldest first.

python manage.py audit_log [--since 2026-11-01] [--user alice] [--limit 500] [--json]
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.selectors import audit_entries


def _since(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--since {value!r} is not an ISO date or time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Print the audit log (changes and security events), oldest first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_since, help="Only entries at or after (ISO, UTC).")
        parser.add_argument("--user", help="Only entries made by (or naming) this username.")
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many entries (the latest)."
        )
        parser.add_argument("--json", action="store_true", help="One JSON object a line.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        entries = audit_entries(
            since=options["since"], username=options["user"], limit=options["limit"]
        )
        for entry in reversed(entries):
            if options["json"]:
                self.stdout.write(json.dumps(entry.line, sort_keys=True, default=str))
                continue
            details = ", ".join(f"{k}: {_before_after(v)}" for k, v in entry.details.items())
            self.stdout.write(
                f"{entry.at:%Y-%m-%dT%H:%M:%SZ}  {entry.log:<8}  {entry.who}  {entry.what}"
                + (f"  [{details}]" if details else "")
            )


def _before_after(value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0]!r} → {value[1]!r}"
    return repr(value)
