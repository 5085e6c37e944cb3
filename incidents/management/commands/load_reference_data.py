"""`python manage.py load_reference_data`: areas, boundaries and Census 2021 population from the
files in data/. Safe to run again: the same rows are rewritten, nothing is added twice."""

from typing import Any

from django.core.management.base import BaseCommand

from incidents.models import AreaPopulation
from incidents.reference import reference_data_load
from incidents.signals import population_changed


class Command(BaseCommand):
    help = (
        "Load areas (LSOA to police force area to England and Wales), every LSOA's local "
        "authority, partnership and force, boundaries, population, density and deprivation."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_data_load()
        # Areas and populations decide roll-ups and rates: figures already held are recomputed.
        population_changed.send(sender=AreaPopulation)
        areas = ", ".join(f"{n:,} {level}" for level, n in counts.areas.items())
        self.stdout.write(self.style.SUCCESS(f"Areas: {areas}."))
        self.stdout.write(f"Population rows: {counts.population_rows:,}.")
        self.stdout.write(
            f"LSOAs of England and Wales (2011 and 2021) placed: {counts.lsoa_memberships:,}."
        )
