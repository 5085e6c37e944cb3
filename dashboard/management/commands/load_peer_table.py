"""`python manage.py load_peer_table FILE [--ons-knife --period-end YYYY-MM]`

Loads a peer table (area_code,area_name,period_end,measure,count); an ONS "Police force area data
tables" workbook (.xlsx: its tables P4 and P5 of knife or sharp instrument offences); or, with
--ons-knife, one such table saved as CSV."""

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.peers import (
    ons_knife_table_to_peer_csv,
    ons_knife_workbook_load,
    peer_table_load,
)
from incidents.selectors import force_codes_by_name


class Command(BaseCommand):
    help = "Load a peer table to rank the local area's change among its peers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--ons-knife", action="store_true", help="The file is an ONS table.")
        parser.add_argument("--period-end", help="YYYY-MM: the last month of the ONS table's year.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() == ".xlsx":
            loaded = ons_knife_workbook_load(workbook=path)
            for reason in loaded.skipped:
                self.stderr.write(f"skipped: {reason}")
            if not loaded.ok:
                raise CommandError(loaded.problems[0][2])
            self.stdout.write(self.style.SUCCESS(f"Loaded {loaded.rows:,} ONS knife counts."))
            return
        text = path.read_text(encoding="utf-8-sig")
        if options["ons_knife"]:
            if not options["period_end"]:
                raise CommandError("--period-end is needed: ONS tables do not say their period.")
            text, skipped = ons_knife_table_to_peer_csv(
                text, period_end=options["period_end"], force_codes=force_codes_by_name()
            )
            for row in skipped:
                self.stderr.write(f"skipped (no force name or no total): {row}")
        result = peer_table_load(lines=io.StringIO(text))
        if not result.ok:
            for line, column, reason, value in result.problems[:50]:
                self.stderr.write(f"line {line}, {column or 'row'}: {reason} ({value!r})")
            raise CommandError("Nothing was loaded: correct the rows above.")
        self.stdout.write(self.style.SUCCESS(f"Loaded {result.rows:,} peer counts."))
