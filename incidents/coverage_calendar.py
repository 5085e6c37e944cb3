"""Coverage as calendars: a row per year and a column per month for each source and scope, each
month covered, part covered, published but not held (police.uk months listed by its API that
no file or pull has brought), or no data. Built from ``source_coverage`` (whose meaning it
keeps: an uncovered month is "no data", never zero) and the months police.uk publishes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .models import Source
from .months import month_end
from .selectors import CoverageMonth

COVERED, PART, PUBLISHED, NO_DATA = "covered", "part", "published", "no-data"


@dataclass
class Cell:
    month: date
    status: str  # COVERED, PART, PUBLISHED, NO_DATA, or "" for a month outside the series
    rows: int = 0
    days_covered: int | None = None
    days_in_month: int = 0


@dataclass
class Year:
    year: int
    cells: list[Cell]


@dataclass
class Calendar:
    source: str
    scope: str
    years: list[Year]
    months: list[CoverageMonth]  # month by month, as ``source_coverage`` gives them
    counts: dict[str, int] = field(default_factory=dict)


def coverage_calendars(
    months: Iterable[CoverageMonth], *, published: dict[tuple[str, str], set[date]] | None = None
) -> list[Calendar]:
    """One calendar per (source, scope), in ``source_coverage``'s order; a scope police.uk
    publishes for that nothing is held of yet gets one too. Years newest first."""
    published = published or {}
    groups: dict[tuple[str, str], list[CoverageMonth]] = {}
    for m in months:
        groups.setdefault((m.source, m.scope), []).append(m)
    for key in published:
        groups.setdefault(key, [])
    calendars = []
    for (source, scope), rows in groups.items():
        by_month = {m.month: m for m in rows}
        listed = published.get((source, scope), set())
        known = set(by_month) | listed
        if not known:
            continue
        cells: dict[date, Cell] = {}
        for year in range(min(known).year, max(known).year + 1):
            for number in range(1, 13):
                month = date(year, number, 1)
                cells[month] = _cell(month, by_month.get(month), month in listed)
        # Keyed for templates: covered, part, published, no_data.
        counts = {status.replace("-", "_"): 0 for status in (COVERED, PART, PUBLISHED, NO_DATA)}
        for cell in cells.values():
            if cell.status:
                counts[cell.status.replace("-", "_")] += 1
        years = [
            Year(year, [cells[date(year, n, 1)] for n in range(1, 13)])
            for year in range(max(known).year, min(known).year - 1, -1)
        ]
        calendars.append(Calendar(source, scope, years, rows, counts))
    return calendars


def _cell(month: date, held: CoverageMonth | None, listed: bool) -> Cell:
    days = month_end(month).day
    if held is not None and held.covered:
        return Cell(month, COVERED, rows=held.rows, days_in_month=days)
    if held is not None and held.days_covered:
        return Cell(month, PART, days_covered=held.days_covered, days_in_month=days)
    if listed:
        return Cell(month, PUBLISHED, days_in_month=days)
    if held is not None:
        return Cell(month, NO_DATA, days_in_month=days)
    return Cell(month, "", days_in_month=days)


def policeuk_published(force_name: str, months: Iterable[date]) -> dict[tuple[str, str], set[date]]:
    """``published`` for ``coverage_calendars`` from what police.uk lists for the force."""
    if not force_name:
        return {}
    return {(Source.POLICEUK_STREET.value, force_name): set(months)}
