"""Ensure one demo account per role and load the demo data. Used by `make run`."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dashboard.services import trends_recompute
from mkviolence.demo import (
    demo_policeuk_load,
    demo_reference_load,
    demo_synthetic_load,
    demo_users_ensure,
)
from strategy.demo import strategy_demo_load


class Command(BaseCommand):
    help = "Create one demo account per role (with known passwords) and load demo data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Create demo accounts even with DEBUG off (never do this on a real deployment).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with known passwords while DEBUG is off."
            )
        users = demo_users_ensure()
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password):"))
        for user in users:
            self.stdout.write(f"  {user.role:<13} {user.username} / {user.password}")
        counts = demo_reference_load()
        self.stdout.write(f"  reference data: {sum(counts.areas.values()):,} areas")
        for batch in [*demo_policeuk_load(), *demo_synthetic_load()]:
            self.stdout.write(
                f"  {batch.file_name}: {batch.get_status_display().lower()}, "
                f"{batch.rows_stored:,} new of {batch.rows_read:,} rows"
            )
        strategy = strategy_demo_load(today=timezone.localdate())
        self.stdout.write(f"  strategy: {strategy.title}")
        run = trends_recompute()
        self.stdout.write(f"  trend figures: {run.rows_written:,} computed in {run.seconds:.1f} s")
