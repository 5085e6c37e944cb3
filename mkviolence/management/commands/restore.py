"""`python manage.py restore FILE`: replace the whole database with a backup made by
`manage.py backup`. The file is checked first (this product's backup, complete, not from a
newer version); the database is then replaced in one transaction, or left as it was.

Stop the web processes, the workers and beat first, and start them again afterwards."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from mkviolence.backup import BackupRefused, backup_restore


class Command(BaseCommand):
    help = "Replace the whole database with the backup in FILE (made by `manage.py backup`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (it is asked only at a terminal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = connection.settings_dict["NAME"]
        if options["interactive"] and sys.stdin.isatty():
            answer = input(
                f"This replaces everything in the database {name!r} with the backup. "
                f"Type the database's name to go on: "
            )
            if answer.strip() != name:
                raise CommandError("Not restored: the name typed was not the database's.")
        try:
            done = backup_restore(path=options["file"])
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        counts = ", ".join(f"{n:,} {label}" for label, n in done.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {name} from {done.path} (made {done.created_at}): {counts}. "
                "Start the web processes, workers and beat again."
            )
        )
