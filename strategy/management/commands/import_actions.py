"""`python manage.py import_actions FILE [--dry-run] [--json] [--user USERNAME]`

An action plan (CSV or .xlsx) into the current strategy; exits 1 when anything is rejected."""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from strategy.plan_import import PlanRefused, action_plan_import, read_plan
from strategy.selectors import strategy_current


class Command(BaseCommand):
    help = "Import an action plan (CSV or .xlsx) into the current strategy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; store nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--user", help="The username the history names (default: none).")

    def handle(self, *args: Any, **options: Any) -> None:
        strategy = strategy_current()
        if strategy is None:
            raise CommandError("There is no current strategy to import into.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        path = Path(options["file"])
        try:
            with open(path, "rb") as f:
                rows = read_plan(f, path.name)
        except (OSError, PlanRefused) as error:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "created": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "rejected": 0,
                            "errors": [{"line": 0, "column": "", "reason": str(error)}],
                        }
                    )
                )
                raise SystemExit(1) from None
            raise CommandError(str(error)) from None
        result = action_plan_import(
            rows=rows, strategy=strategy, made_by=user, dry_run=options["dry_run"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            would = " (would be: nothing stored)" if options["dry_run"] or result.errors else ""
            self.stdout.write(
                f"{len(result.created)} created, {len(result.updated)} updated, "
                f"{len(result.unchanged)} unchanged{would}."
            )
            for line, column, reason in result.errors:
                self.stderr.write(f"line {line}, {column or 'row'}: {reason}")
            if result.errors:
                self.stderr.write("Nothing was stored: correct the rows above.")
        if result.errors:
            raise SystemExit(1)
