"""`python manage.py load_population FILE`: replace population figures.

The file has the columns area_code,age_band,year,count."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.population import population_load_file


class Command(BaseCommand):
    help = "Replace population figures from a CSV of area_code,age_band,year,count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        result = population_load_file(upload=Path(options["file"]).read_bytes())
        if not result.ok:
            for line, column, reason, value in result.problems[:50]:
                self.stderr.write(f"line {line}, {column or 'row'}: {reason} ({value!r})")
            raise CommandError("Nothing was loaded: correct the rows above.")
        self.stdout.write(self.style.SUCCESS(f"Loaded {result.rows:,} population figures."))
