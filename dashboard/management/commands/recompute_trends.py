"""`python manage.py recompute_trends [--full]`.

Without --full, recomputes from the earliest month of the latest import; with it (or when no
import has happened), everything."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dashboard.models import TrendRun
from dashboard.services import trends_recompute_all, trends_recompute_for_batch
from dashboard.signals import trends_recomputed
from incidents.selectors import latest_import_batch_done


class Command(BaseCommand):
    help = "Recompute trend figures (incrementally after the latest import, or --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Recompute every figure.")

    def handle(self, *args: Any, **options: Any) -> None:
        run = None
        if not options["full"]:
            latest = latest_import_batch_done()
            if latest is not None:
                run = trends_recompute_for_batch(batch_id=latest.pk)
        if run is None:
            run = trends_recompute_all()
        trends_recomputed.send(sender=TrendRun, run_id=run.pk)  # the alerts compare
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.get_kind_display()} recompute: {run.rows_written:,} figures in "
                f"{run.seconds:.1f} s."
            )
        )
