"""`python manage.py figures --measure SLUG --area CODE [--month YYYY-MM] [--json]`

For a local authority, partnership or force, ``--json`` carries ``compare``: its rank among the
areas of its level by 12-month and two-year change with the rank's 95% interval, how many areas
were ranked and left out, where it sits in the funnel plot, and its most similar areas."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.comparisons import comparison_for
from dashboard.disclosure.policy import threshold_for
from dashboard.headlines import figure_with_headline
from dashboard.measures import MEASURES
from dashboard.selectors import trend_figure_for
from incidents.months import parse_month
from incidents.selectors import area_get


class Command(BaseCommand):
    help = "Print the trend figures of one measure and area."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--measure", required=True, choices=sorted(MEASURES))
        parser.add_argument("--area", required=True, help="GSS code, e.g. E06000042")
        parser.add_argument(
            "--month", help="YYYY-MM (default: the latest complete month with data)"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = area_get(code=options["area"])
        if area is None:
            raise CommandError(f"No area with code {options['area']} (run load_reference_data).")
        month = None
        if options["month"]:
            month = parse_month(options["month"])
            if month is None:
                raise CommandError(f"--month must be YYYY-MM, not {options['month']!r}")
        figure = trend_figure_for(measure=options["measure"], area=area, month=month)
        if figure is None:
            raise CommandError("No figures for that measure, area and month (recompute_trends?).")
        threshold = threshold_for(MEASURES[options["measure"]].source)
        figure = figure_with_headline(figure, threshold=threshold)
        compared = comparison_for(
            measure=options["measure"],
            area=area,
            month=date.fromisoformat(figure["month"] + "-01"),
        )
        if compared is not None:
            # A local authority among local authorities, a partnership among partnerships, a
            # force among forces; no rank from part of a year (null).
            figure["compare"] = compared.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(figure))
            return
        self.stdout.write(figure["headline"])
        for key in (
            "count",
            "rolling_12m",
            "previous_12m",
            "change_12m_pct",
            "rolling_12m_two_years_earlier",
            "change_24m_pct",
            "rate",
            "p_12m",
            "no_data_months",
            "comparable",
        ):
            self.stdout.write(f"  {key}: {figure[key]}")
