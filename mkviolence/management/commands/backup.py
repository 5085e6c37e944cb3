"""`python manage.py backup FILE`: the whole database (incidents, uploads, figures, strategy,
meetings, history and the audit log) into FILE, with PostgreSQL's own pg_dump of the server's
version. `make backup` writes one of the embedded database under var/backups/."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mkviolence.backup import BackupRefused, backup_create


class Command(BaseCommand):
    help = "Back up the whole database to FILE (restore it with `manage.py restore FILE`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup_create(path=options["file"])
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        counts = ", ".join(f"{n:,} {label}" for label, n in done.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {done.path} ({done.size / 1024 / 1024:,.1f} MB, "
                f"{done.server_version}): {counts}."
            )
        )
