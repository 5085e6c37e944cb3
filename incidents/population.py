"""Replacing population figures from a CSV: ``area_code,age_band,year,count``.

All-or-nothing like every import: one bad row and nothing changes; the problems name the line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction

from .models import AgeBand, Area, AreaPopulation
from .signals import population_changed

POPULATION_HEADER = ["area_code", "age_band", "year", "count"]


@dataclass
class TableLoadResult:
    """Rows loaded from a small all-or-nothing reference table, or the problems that stopped it:
    (line, column, reason, value)."""

    rows: int = 0
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def population_load_csv(*, lines: Iterable[str]) -> TableLoadResult:
    result = TableLoadResult()
    reader = csv.reader(lines)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    if header != POPULATION_HEADER:
        result.problems.append(
            (1, "", f"the header must be {','.join(POPULATION_HEADER)}", ",".join(header))
        )
        return result
    areas: dict[str, list[Area]] = {}
    for area in Area.objects.all():
        areas.setdefault(area.code, []).append(area)
    bands = {b.value for b in AgeBand}
    rows: list[AreaPopulation] = []
    first_line: dict[tuple[str, int], int] = {}
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 4:
            result.problems.append((line, "", f"has {len(fields)} columns; expected 4", ""))
            continue
        code, band, year, count = (f.strip() for f in fields)
        problems = []
        if code not in areas:
            problems.append(("area_code", "is not a loaded area", code))
        if band not in bands:
            problems.append(("age_band", "must be one of " + ", ".join(sorted(bands)), band))
        if not (year.isdigit() and 1990 <= int(year) <= 2100):
            problems.append(("year", "must be a year such as 2021", year))
        if not count.isdigit():
            problems.append(("count", "must be a whole number of people", count))
        if problems:
            result.problems.extend((line, *p) for p in problems)
            continue
        first_line.setdefault((code, int(year)), line)
        # An LSOA unchanged between boundary vintages holds the same people in both.
        rows.extend(
            AreaPopulation(area=a, age_band=band, year=int(year), count=int(count))
            for a in areas[code]
        )
        result.rows += 1
    result.problems.extend(_incomplete_sets(rows, first_line))
    if result.problems:
        result.rows = 0
        return result
    with transaction.atomic():
        AreaPopulation.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["area", "age_band", "year"],
            update_fields=["count"],
        )
        transaction.on_commit(lambda: population_changed.send(sender=AreaPopulation))
    return result


def _incomplete_sets(
    rows: list[AreaPopulation], first_line: dict[tuple[str, int], int]
) -> list[tuple[int, str, str, str]]:
    """An area's year is used only with all six age bands: one band alone (say 65+ for a later
    year) would make the area's rate that of a handful of people. Bands already held count."""
    bands: dict[tuple[int, int], set[str]] = {}
    for row in rows:
        bands.setdefault((row.area.pk, row.year), set()).add(row.age_band)
    held = AreaPopulation.objects.filter(
        area_id__in={a for a, _ in bands}, year__in={y for _, y in bands}
    ).values_list("area_id", "year", "age_band")
    for area_id, year, band in held:
        if (area_id, year) in bands:
            bands[(area_id, year)].add(band)
    codes = {row.area.pk: row.area.code for row in rows}
    problems = []
    everything = [b.value for b in AgeBand]
    reported = set()
    for (area_id, year), found in sorted(bands.items()):
        missing = [b for b in everything if b not in found]
        key = (codes[area_id], year)
        if missing and key not in reported:
            reported.add(key)
            problems.append(
                (
                    first_line[key],
                    "age_band",
                    f"{key[0]} has no figure for {', '.join(missing)} in {year}: give all six age "
                    "bands for an area and year, or its population for that year cannot be used",
                    key[0],
                )
            )
    return problems


def population_load_file(*, upload: IO[bytes] | bytes) -> TableLoadResult:
    data = upload if isinstance(upload, bytes) else upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return TableLoadResult(problems=[(0, "", "the file is not UTF-8 text", "")])
    return population_load_csv(lines=io.StringIO(text))
