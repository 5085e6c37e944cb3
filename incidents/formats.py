"""The file formats the importer accepts: how to recognise each from its header and how to check
one row. Pure functions of text; no database.

A format's ``validate_row`` returns the problems of one row as ``(column, reason, value)``
tuples (empty when the row is good). Messages are written for analysts, not programmers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

RowProblem = tuple[str, str, str]


class FileRefused(Exception):
    """The file as a whole cannot be imported (wrong kind of file, empty, not text)."""


@dataclass(frozen=True)
class FileFormat:
    slug: str
    label: str
    header: tuple[str, ...]
    validate_row: Callable[[Sequence[str]], list[RowProblem]]


# --- data.police.uk street-level crime ----------------------------------------------------------

POLICEUK_STREET_HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)

POLICEUK_CRIME_TYPES = frozenset(
    {
        "Anti-social behaviour",
        "Bicycle theft",
        "Burglary",
        "Criminal damage and arson",
        "Drugs",
        "Other crime",
        "Other theft",
        "Possession of weapons",
        "Public order",
        "Robbery",
        "Shoplifting",
        "Theft from the person",
        "Vehicle crime",
        "Violence and sexual offences",
    }
)

# The United Kingdom with its islands (Scilly to Shetland, Northern Ireland to Lowestoft).
UK_LONGITUDE = (-8.7, 1.8)
UK_LATITUDE = (49.8, 60.9)

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z")
# England and Wales LSOAs, 2011 and 2021 (E01…/W01…).
_LSOA = re.compile(r"[EW]01\d{6}\Z")
_HEX = "0123456789abcdefABCDEF"

# Months and LSOA codes repeat on almost every row: remember which strings were checked.
_good_months: set[str] = set()
_good_lsoas: set[str] = set()


def _month_ok(value: str) -> bool:
    if value in _good_months:
        return True
    if _MONTH.match(value):
        _good_months.add(value)
        return True
    return False


def _lsoa_ok(value: str) -> bool:
    if value in _good_lsoas:
        return True
    if _LSOA.match(value):
        if len(_good_lsoas) < 100_000:
            _good_lsoas.add(value)
        return True
    return False


def _coordinate(value: str, column: str, bounds: tuple[float, float]) -> RowProblem | None:
    try:
        number = float(value)
    except ValueError:
        return (column, "is not a number", value)
    low, high = bounds
    if not low <= number <= high:  # also false for NaN
        if not math.isfinite(number):
            return (column, "is not a number", value)
        return (column, f"is outside the UK (expected {low} to {high})", value)
    return None


def validate_policeuk_street_row(row: Sequence[str]) -> list[RowProblem]:
    """Check one data row of a police.uk street file (already known to have 12 fields).

    Runs once a row on files of millions of rows, so the common case is kept cheap."""
    crime_id, month, _reported_by, falls_within, lon, lat, _loc, lsoa_code, _name, crime_type = row[
        :10
    ]
    if (
        (not crime_id or (len(crime_id) == 64 and not crime_id.strip(_HEX)))
        and month in _good_months
        and falls_within.strip()
        and (not lsoa_code or lsoa_code in _good_lsoas)
        and crime_type in POLICEUK_CRIME_TYPES
    ):
        if not lon and not lat:
            return []
        try:
            if (
                UK_LONGITUDE[0] <= float(lon) <= UK_LONGITUDE[1]
                and UK_LATITUDE[0] <= float(lat) <= UK_LATITUDE[1]
            ):
                return []
        except ValueError:
            pass
    return _policeuk_street_problems(row)


def _policeuk_street_problems(row: Sequence[str]) -> list[RowProblem]:
    """Every problem of one row, each with the column and a reason an analyst can act on."""
    problems: list[RowProblem] = []
    crime_id, month, _reported_by, falls_within, lon, lat = row[:6]
    lsoa_code, crime_type = row[7], row[9]
    if crime_id and not (len(crime_id) == 64 and not crime_id.strip(_HEX)):
        problems.append(("Crime ID", "must be 64 hexadecimal characters or empty", crime_id))
    if not _month_ok(month):
        problems.append(("Month", "must be a month written YYYY-MM, e.g. 2019-01", month))
    if not falls_within.strip():
        problems.append(("Falls within", "is empty; the force is needed", ""))
    if lon or lat:
        if not (lon and lat):
            missing = "Latitude" if lon else "Longitude"
            problems.append((missing, "is empty while the other coordinate is given", ""))
        else:
            for problem in (
                _coordinate(lon, "Longitude", UK_LONGITUDE),
                _coordinate(lat, "Latitude", UK_LATITUDE),
            ):
                if problem:
                    problems.append(problem)
    if lsoa_code and not _lsoa_ok(lsoa_code):
        problems.append(("LSOA code", "is not an England/Wales LSOA code (E01…, W01…)", lsoa_code))
    if crime_type not in POLICEUK_CRIME_TYPES:
        problems.append(("Crime type", "is not a data.police.uk crime type", crime_type))
    return problems


POLICEUK_STREET = FileFormat(
    slug="policeuk-street",
    label="data.police.uk street-level crime",
    header=POLICEUK_STREET_HEADER,
    validate_row=validate_policeuk_street_row,
)

FORMATS: dict[str, FileFormat] = {f.slug: f for f in (POLICEUK_STREET,)}

# Files analysts may pick up by mistake, named so the refusal can say what was found.
LOOKALIKES: list[tuple[str, Callable[[tuple[str, ...]], bool]]] = [
    ("a data.police.uk outcomes file", lambda h: "Outcome type" in h),
    ("a data.police.uk stop-and-search file", lambda h: "Part of a policing operation" in h),
]


def normalise_header(fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(f.strip() for f in fields)


def detect_format(header: Sequence[str], requested: str = "auto") -> FileFormat:
    """The format whose header this is, or FileRefused saying what was expected and found."""
    found = normalise_header(header)
    candidates = list(FORMATS.values()) if requested == "auto" else [FORMATS[requested]]
    for file_format in candidates:
        if found == file_format.header:
            return file_format
    expected = " or ".join(f"{f.label} (columns: {', '.join(f.header)})" for f in candidates)
    looks_like = next((name for name, test in LOOKALIKES if test(found)), None)
    shown = ", ".join(found[:15]) + (" …" if len(found) > 15 else "")
    what = f"This looks like {looks_like}. " if looks_like else ""
    raise FileRefused(f"{what}Expected {expected}; found columns: {shown or '(none)'}.")
