"""`python manage.py policeuk_pull [--json]`

One pull of new data.police.uk months, synchronously: what the daily beat job runs. Prints what
it fetched and stored; exits 1 when the check failed (police.uk did not answer after retrying,
or a month's rows were refused) or another check was running.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from incidents.models import PoliceUkPull
from incidents.policeuk.services import policeuk_pull_run


class Command(BaseCommand):
    help = "Fetch and import the police.uk months published but not yet held."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = policeuk_pull_run(trigger=PoliceUkPull.Trigger.COMMAND)
        summary = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self._write_human(summary)
        if not report.ok:
            raise SystemExit(1)

    def _write_human(self, s: dict[str, Any]) -> None:
        style = self.style.SUCCESS if s["status"] == "done" else self.style.ERROR
        self.stdout.write(
            style(f"police.uk check {s['check']}: {s['status']} ({s['source']}, {s['force']})")
        )
        published = s["months_published"]
        if published:
            self.stdout.write(f"  published: {published[0]} to {published[-1]}")
        for m in s["months"]:
            line = f"  {m['month']}: {m['status']}, {m['requests']} requests"
            if "rows" in m:
                line += f", {m['rows']:,} rows, {m['stored']:,} stored"
            self.stdout.write(line)
        if s["months_not_yet_published"]:
            waiting = ", ".join(s["months_not_yet_published"])
            self.stdout.write(f"  not yet published for the area: {waiting}")
        if not s["months"] and s["status"] == "done":
            self.stdout.write("  nothing new: every published month is held")
        self.stdout.write(f"  {s['requests']} requests, {s['stored']:,} incidents stored")
        if s["error"]:
            self.stdout.write(self.style.ERROR(f"  {s['error']}"))
