"""The API's crimes as the rows of a downloaded street CSV, so a pulled month goes through the
same import as an uploaded file (the same checks, the same de-duplication).

Field by field: ``persistent_id`` is the CSV's Crime ID (empty for anti-social behaviour, as in
the CSV); ``month``; the force's name for "Reported by" and "Falls within"; the point's
longitude and latitude as police.uk wrote them; the street's name ("On or near …") or "No
Location"; the LSOA the point lies in by the shipped boundaries (the API has none); the
category's CSV crime type; the latest outcome's category; the context."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..formats import POLICEUK_STREET_HEADER
from .categories import crime_type_for
from .geography import LsoaPlacer

NO_LOCATION = "No Location"


@dataclass
class MonthRows:
    """A month's rows for the CSV, and what was left out."""

    rows: list[list[str]] = field(default_factory=list)
    street: int = 0
    without_location: int = 0
    outside_area: int = 0


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _outcome(crime: dict[str, Any]) -> str:
    outcome = crime.get("outcome_status")
    return _text(outcome.get("category")) if isinstance(outcome, dict) else ""


def street_row(crime: dict[str, Any], *, force_name: str, placer: LsoaPlacer) -> list[str] | None:
    """One located crime as a CSV row; None when its point is in none of the LSOAs."""
    location = crime.get("location") or {}
    longitude, latitude = _text(location.get("longitude")), _text(location.get("latitude"))
    lsoa: tuple[str, str] | None = None
    try:
        lsoa = placer.place(float(longitude), float(latitude))
    except ValueError:
        # Not numbers: kept with no LSOA, so the import's own check names the bad value.
        lsoa = ("", "")
    if lsoa is None:
        return None
    street = location.get("street") or {}
    return [
        _text(crime.get("persistent_id")),
        _text(crime.get("month")),
        force_name,
        force_name,
        longitude,
        latitude,
        _text(street.get("name")),
        lsoa[0],
        lsoa[1],
        crime_type_for(_text(crime.get("category"))),
        _outcome(crime),
        _text(crime.get("context")),
    ]


def no_location_row(crime: dict[str, Any], *, force_name: str) -> list[str]:
    return [
        _text(crime.get("persistent_id")),
        _text(crime.get("month")),
        force_name,
        force_name,
        "",
        "",
        NO_LOCATION,
        "",
        "",
        crime_type_for(_text(crime.get("category"))),
        _outcome(crime),
        _text(crime.get("context")),
    ]


def month_rows(
    street: Iterable[dict[str, Any]],
    without_location: Iterable[dict[str, Any]],
    *,
    force_name: str,
    placer: LsoaPlacer,
) -> MonthRows:
    """Rows of a month's crimes. The parts of a split area can overlap on their shared edges:
    a crime is taken once by the API's own id."""
    result = MonthRows()
    seen: set[Any] = set()
    for crime in street:
        key = crime.get("id", id(crime))
        if key in seen:
            continue
        seen.add(key)
        row = street_row(crime, force_name=force_name, placer=placer)
        if row is None:
            result.outside_area += 1
            continue
        result.rows.append(row)
        result.street += 1
    for crime in without_location:
        result.rows.append(no_location_row(crime, force_name=force_name))
        result.without_location += 1
    # A stable order, so the same answer makes the same file (and the import knows it).
    result.rows.sort()
    return result


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POLICEUK_STREET_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
