"""`python manage.py import_incidents FILE [FILE ...] [--format ...] [--period YYYY-MM:YYYY-MM]
[--json]`

Runs the same import service the upload page's worker runs, synchronously, one batch a file.
Exits 1 when any file is refused or rejected.
"""

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from incidents.formats import FORMATS
from incidents.models import ImportBatch
from incidents.months import parse_month
from incidents.selectors import import_batch_summary
from incidents.services import import_batch_create, import_batch_run


def _period(value: str) -> tuple[date, date]:
    first, _, last = value.partition(":")
    start, end = parse_month(first), parse_month(last or first)
    if start is None or end is None or end < start:
        raise argparse.ArgumentTypeError("write the period as YYYY-MM:YYYY-MM, first month first")
    return start, end


class Command(BaseCommand):
    help = (
        "Import incident CSV files (data.police.uk street-level files, the partnership "
        "template, hospital extracts) and police.uk archives (.zip of monthly street files)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--json", action="store_true", help="One JSON object a line a file.")
        parser.add_argument(
            "--period",
            type=_period,
            metavar="YYYY-MM:YYYY-MM",
            help="The months a partnership file covers (a month in it without rows has none); "
            "by default only the months the file has rows for.",
        )
        parser.add_argument(
            "--store-valid-rows",
            action="store_true",
            help="Store the valid rows and reject the rest, instead of refusing the file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for path in options["files"]:
            batch = import_batch_create(
                path=path,
                requested_format=options["format"],
                store_valid_rows=options["store_valid_rows"],
                period=options["period"],
            )
            # An archive's street files are imported here, one after another.
            batch = import_batch_run(batch_id=batch.pk, inline_members=True) or batch
            failed |= batch.status != ImportBatch.Status.DONE
            summary = import_batch_summary(batch=batch, error_limit=None)
            if options["json"]:
                self.stdout.write(json.dumps(summary))
            else:
                self._write_human(summary)
        if failed:
            raise SystemExit(1)

    def _write_human(self, s: dict[str, Any]) -> None:
        style = self.style.SUCCESS if s["status"] == "done" else self.style.ERROR
        self.stdout.write(style(f"{s['file']}: {s['status']} ({s['format'] or 'unknown format'})"))
        self.stdout.write(
            f"  read {s['read']:,}  stored {s['stored']:,}  updated {s['updated']:,}  "
            f"duplicates {s['duplicates']:,}  replaced {s['replaced']:,}  "
            f"rejected {s['rejected']:,}"
        )
        if s["message"]:
            self.stdout.write(f"  {s['message']}")
        for m in s.get("members", []):
            self.stdout.write(
                f"  {m['month']} {m['force']}: {m['status']}, read {m['read']:,}, "
                f"stored {m['stored']:,}, rejected {m['rejected']:,}"
                + (f", outside the UK {m['outside_uk']:,}" if m["outside_uk"] else "")
                + (f" ({m['message']})" if m["status"] != "done" else "")
            )
        for skipped in s.get("skipped", []):
            self.stdout.write(f"  skipped {skipped['name']}: {skipped['reason']}")
        for e in s["errors"][:20]:
            self.stdout.write(
                f"  line {e['line']}, {e['column'] or 'row'}: {e['reason']} ({e['value']!r})"
            )
        if len(s["errors"]) > 20:
            self.stdout.write(f"  … and {len(s['errors']) - 20:,} more problems")
