"""The file formats the importer accepts: how to recognise each from its header and how to check
one row. Pure functions of text; no database.

A format's ``validate_row`` returns the problems of one row as ``(column, reason, value)``
tuples (empty when the row is good). Messages are written for analysts, not programmers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from .months import MONTH_PATTERN

RowProblem = tuple[str, str, str]
Context = dict[str, Any]


class FileRefused(Exception):
    """The file as a whole cannot be imported (wrong kind of file, empty, not text)."""


@dataclass(frozen=True)
class FileFormat:
    """One accepted file layout.

    ``validate_row(row, context)`` lists a row's problems. ``to_incident(row, context)`` turns a
    good row into incident column values (every format but police.uk's, which the importer
    streams as it is). ``merge`` says how rows meet what is held: "policeuk" (Crime ID upsert,
    ID-less rows replaced per force-month), "by-reference" (upsert on the source reference) or
    "replace-by-scope" (a file replaces its scope's months, for sources without references).
    ``preamble`` names the ``key,value`` lines that come before the header (ISTV extracts).
    """

    slug: str
    label: str
    header: tuple[str, ...]
    validate_row: Callable[..., list[RowProblem]]
    source: str = "policeuk-street"
    merge: str = "policeuk"
    to_incident: Callable[[Sequence[str], Context], dict[str, Any]] | None = None
    preamble: tuple[str, ...] = field(default=())
    check_preamble: Callable[[dict[str, str]], Context] | None = None


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
# A police.uk row needs only a place on Earth (see ``_policeuk_street_problems``).
_EARTH = ((-180.0, 180.0), (-90.0, 90.0), "the range of longitudes and latitudes")

# England and Wales LSOAs, 2011 and 2021 (E01…/W01…).
_LSOA = re.compile(r"[EW]01\d{6}\Z")
_HEX = "0123456789abcdefABCDEF"

# Months and LSOA codes repeat on almost every row: remember which strings were checked.
_good_months: set[str] = set()
_good_lsoas: set[str] = set()


def _month_ok(value: str) -> bool:
    """A month written YYYY-MM from 2000 to this one: a file cannot report the future. Checked
    months are remembered (a month once past stays past)."""
    if value in _good_months:
        return True
    # This month in Europe/London (the product's calendar), whatever the server's own zone.
    this_month = timezone.localdate().strftime("%Y-%m")
    if MONTH_PATTERN.match(value) and f"{OLDEST_DATE:%Y-%m}" <= value <= this_month:
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


def _coordinate(
    value: str, column: str, bounds: tuple[float, float], where: str
) -> RowProblem | None:
    try:
        number = float(value)
    except ValueError:
        return (column, "is not a number", value)
    low, high = bounds
    if not low <= number <= high:  # also false for NaN
        if not math.isfinite(number):
            return (column, "is not a number", value)
        return (column, f"is outside {where} (expected {low} to {high})", value)
    return None


def _coordinate_pair_problems(
    lon: str,
    lat: str,
    lon_column: str,
    lat_column: str,
    *,
    bounds: tuple[tuple[float, float], tuple[float, float], str] | None = None,
) -> list[RowProblem]:
    """Coordinates are optional but come as a pair of numbers inside ``bounds`` (longitudes,
    latitudes, where): by default the UK."""
    if not (lon or lat):
        return []
    if not (lon and lat):
        missing = lat_column if lon else lon_column
        return [(missing, "is empty while the other coordinate is given", "")]
    longitudes, latitudes, where = bounds or (UK_LONGITUDE, UK_LATITUDE, "the UK")
    found = (
        _coordinate(lon, lon_column, longitudes, where),
        _coordinate(lat, lat_column, latitudes, where),
    )
    return [p for p in found if p]


def validate_policeuk_street_row(
    row: Sequence[str], context: Context | None = None
) -> list[RowProblem]:
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
    return _policeuk_street_problems(row, context)


def _inside_uk(lon: str, lat: str) -> bool:
    return (
        UK_LONGITUDE[0] <= float(lon) <= UK_LONGITUDE[1]
        and UK_LATITUDE[0] <= float(lat) <= UK_LATITUDE[1]
    )


def _policeuk_street_problems(
    row: Sequence[str], context: Context | None = None
) -> list[RowProblem]:
    """Every problem of one row, each with the column and a reason an analyst can act on.
    Coordinates need only be a place on Earth: a row outside the UK is counted in
    ``context["outside_uk"]``, never refused."""
    problems: list[RowProblem] = []
    crime_id, month, _reported_by, falls_within, lon, lat = row[:6]
    lsoa_code, crime_type = row[7], row[9]
    if crime_id and not (len(crime_id) == 64 and not crime_id.strip(_HEX)):
        problems.append(("Crime ID", "must be 64 hexadecimal characters or empty", crime_id))
    if not _month_ok(month):
        problems.append(
            (
                "Month",
                "must be a month written YYYY-MM, e.g. 2019-01, from 2000 to this month",
                month,
            )
        )
    if not falls_within.strip():
        problems.append(("Falls within", "is empty; the force is needed", ""))
    coordinates = _coordinate_pair_problems(lon, lat, "Longitude", "Latitude", bounds=_EARTH)
    problems.extend(coordinates)
    if not problems and lon and not _inside_uk(lon, lat) and context is not None:
        # police.uk publishes some real rows with coordinates outside the UK (British
        # Transport Police stations with the sign of the longitude lost): kept, counted for
        # their force as "No Location" rows are, and reported.
        context["outside_uk"] = context.get("outside_uk", 0) + 1
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

# --- the partnership incident template ----------------------------------------------------------

PARTNERSHIP_HEADER = (
    "source_reference",
    "offence_date",
    "offence_type",
    "knife_or_sharp_instrument",
    "firearm",
    "public_place",
    "domestic",
    "drug_related",
    "gang_related",
    "victim_age",
    "suspect_age",
    "lsoa_code",
    "latitude",
    "longitude",
)
# Kept in step with incidents.models.OffenceType (a test checks).
OFFENCE_TYPES = (
    "homicide",
    "attempted-murder",
    "gbh-wounding",
    "abh",
    "threats-to-kill",
    "robbery",
    "possession-bladed-article",
    "possession-firearm",
    "rape-sexual-assault",
    "drug-supply",
    "other",
)
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?\Z")
OLDEST_DATE = date(2000, 1, 1)


def parse_flag(value: str) -> bool | None:
    """yes/no (also y/n, true/false, 1/0) in any case; empty means not known."""
    v = value.strip().lower()
    return True if v in _YES else False if v in _NO else None


def _date_problem(value: str, column: str, *, today: date) -> RowProblem | None:
    if not _DATE.match(value):
        return (column, "must be a date written YYYY-MM-DD, e.g. 2024-03-31", value)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return (column, "is not a real date", value)
    if parsed > today:
        return (column, "is in the future", value)
    if parsed < OLDEST_DATE:
        return (column, f"is before {OLDEST_DATE:%Y}", value)
    return None


def _age_problem(value: str, column: str) -> RowProblem | None:
    if value and not (value.isdigit() and int(value) <= 120):
        return (column, "must be a whole number of years from 0 to 120, or empty", value)
    return None


def validate_partnership_row(row: Sequence[str], context: Context) -> list[RowProblem]:
    problems: list[RowProblem] = []
    ref, when, offence = row[0].strip(), row[1].strip(), row[2].strip()
    if not ref:
        problems.append(("source_reference", "is empty; each incident needs its reference", ""))
    elif len(ref) > 128:
        problems.append(("source_reference", "is longer than 128 characters", ref[:40] + "…"))
    if problem := _date_problem(when, "offence_date", today=context["today"]):
        problems.append(problem)
    elif (stated := context.get("stated_period")) is not None:
        first, last = stated
        if not first <= date.fromisoformat(when).replace(day=1) <= last:
            problems.append(
                (
                    "offence_date",
                    f"is outside the period this file covers ({first:%B %Y} to {last:%B %Y})",
                    when,
                )
            )
    if offence not in OFFENCE_TYPES:
        problems.append(("offence_type", "must be one of: " + ", ".join(OFFENCE_TYPES), offence))
    for column, value in zip(PARTNERSHIP_HEADER[3:9], row[3:9], strict=True):
        if value.strip() and parse_flag(value) is None:
            problems.append((column, "must be yes, no or empty (not known)", value))
    for column, value in zip(PARTNERSHIP_HEADER[9:11], row[9:11], strict=True):
        if problem := _age_problem(value.strip(), column):
            problems.append(problem)
    lsoa, lat, lon = row[11].strip(), row[12].strip(), row[13].strip()
    if lsoa and not _LSOA.match(lsoa):
        problems.append(("lsoa_code", "is not an England/Wales LSOA code (E01…, W01…)", lsoa))
    problems.extend(_coordinate_pair_problems(lon, lat, "longitude", "latitude"))
    if not (lat or lon or lsoa):
        problems.append(("lsoa_code", "give an LSOA code, or latitude and longitude", ""))
    return problems


def partnership_to_incident(row: Sequence[str], context: Context) -> dict[str, Any]:
    from .models import AgeBand

    when = date.fromisoformat(row[1].strip())
    victim_age = int(row[9]) if row[9].strip() else None
    lsoa = row[11].strip()
    lat, lon = row[12].strip(), row[13].strip()
    return {
        "source_ref": row[0].strip(),
        "month": when.replace(day=1),
        "occurred_on": when,
        "category": row[2].strip(),
        "knife": parse_flag(row[3]),
        "firearm": parse_flag(row[4]),
        "public_place": parse_flag(row[5]),
        "domestic": parse_flag(row[6]),
        "drug_related": parse_flag(row[7]),
        "gang_related": parse_flag(row[8]),
        "victim_age": victim_age,
        "victim_age_band": AgeBand.for_age(victim_age).value if victim_age is not None else "",
        "suspect_age": int(row[10]) if row[10].strip() else None,
        "lsoa_code": lsoa,
        "latitude": float(lat) if lat else None,
        "longitude": float(lon) if lon else None,
        # Without an LSOA it still belongs to the partnership's area.
        "la_code": "" if lsoa else context["partnership_la_code"],
        "reported_by": "Partnership",
    }


PARTNERSHIP = FileFormat(
    slug="partnership",
    label="partnership incident template",
    header=PARTNERSHIP_HEADER,
    validate_row=validate_partnership_row,
    source="partnership",
    merge="by-reference",
    to_incident=partnership_to_incident,
)


# --- hospital A&E extracts (NHS ISTV minimum data set) -------------------------------------------

ISTV_PREAMBLE = ("Site code", "Reporting period start", "Reporting period end")
ISTV_HEADER = (
    "Arrival date",
    "Arrival time",
    "Assault date",
    "Assault time",
    "Assault method",
    "Assault method description",
    "Assault location type",
    "Assault location description",
    "Patient age band",
)
ASSAULT_METHODS = {
    "Knife or sharp object": "assault-knife-sharp-object",
    "Firearm": "assault-firearm",
    "Blunt object": "assault-blunt-object",
    "Body part": "assault-body-part",
    "Other": "assault-other",
    "Unknown": "assault-unknown",
}
# Location types, and whether each is a public place.
ASSAULT_LOCATIONS = {
    "Street or public place": True,
    "Licensed premises": True,
    "Public transport": True,
    "School or college": True,
    "Home": False,
    "Workplace": None,
    "Other": None,
    "Unknown": None,
}
PATIENT_AGE_BANDS = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+", "Unknown")
_SITE_CODE = re.compile(r"[A-Z0-9]{3,8}\Z")


def check_istv_preamble(values: dict[str, str]) -> Context:
    site = values.get("Site code", "").strip()
    if not _SITE_CODE.match(site):
        raise FileRefused(
            f"Site code must be the ODS code of the emergency department; found {site!r}."
        )
    try:
        start = date.fromisoformat(values.get("Reporting period start", "").strip())
        end = date.fromisoformat(values.get("Reporting period end", "").strip())
    except ValueError:
        raise FileRefused(
            "Reporting period start and end must be dates written YYYY-MM-DD."
        ) from None
    if end < start:
        raise FileRefused("The reporting period ends before it starts.")
    return {"site_code": site, "period_start": start, "period_end": end}


def validate_istv_row(row: Sequence[str], context: Context) -> list[RowProblem]:
    problems: list[RowProblem] = []
    arrival, arrival_time, assault, assault_time = (v.strip() for v in row[:4])
    for column, value in (("Arrival date", arrival), ("Assault date", assault)):
        if problem := _date_problem(value, column, today=context["today"]):
            problems.append(problem)
    for column, value in (("Arrival time", arrival_time), ("Assault time", assault_time)):
        if not _TIME.match(value):
            problems.append((column, "must be a time written HH:MM (24-hour)", value))
    if not problems:
        arrived, assaulted = date.fromisoformat(arrival), date.fromisoformat(assault)
        if not context["period_start"] <= arrived <= context["period_end"]:
            problems.append(("Arrival date", "is outside the file's reporting period", arrival))
        if assaulted > arrived:
            problems.append(("Assault date", "is after the arrival date", assault))
    if row[4].strip() not in ASSAULT_METHODS:
        problems.append(("Assault method", "must be one of: " + ", ".join(ASSAULT_METHODS), row[4]))
    if row[6].strip() not in ASSAULT_LOCATIONS:
        problems.append(
            ("Assault location type", "must be one of: " + ", ".join(ASSAULT_LOCATIONS), row[6])
        )
    if row[8].strip() not in PATIENT_AGE_BANDS:
        problems.append(
            ("Patient age band", "must be one of: " + ", ".join(PATIENT_AGE_BANDS), row[8])
        )
    return problems


def istv_to_incident(row: Sequence[str], context: Context) -> dict[str, Any]:
    """An attendance for assault. Free-text descriptions are checked but never stored: they
    can name people and places."""
    arrived = date.fromisoformat(row[0].strip())
    method = row[4].strip()
    band = row[8].strip()
    return {
        "source_ref": "",
        "month": arrived.replace(day=1),  # ED attendances count by arrival
        "occurred_on": date.fromisoformat(row[2].strip()),
        "arrived_on": arrived,
        "category": ASSAULT_METHODS[method],
        "knife": method == "Knife or sharp object",
        "firearm": method == "Firearm",
        "public_place": ASSAULT_LOCATIONS[row[6].strip()],
        "victim_age_band": "" if band == "Unknown" else band,
        "reported_by": context["site_code"],
        "la_code": context["partnership_la_code"],
    }


HOSPITAL_ISTV = FileFormat(
    slug="hospital-istv",
    label="hospital A&E extract (ISTV)",
    header=ISTV_HEADER,
    validate_row=validate_istv_row,
    source="hospital",
    merge="replace-by-scope",
    to_incident=istv_to_incident,
    preamble=ISTV_PREAMBLE,
    check_preamble=check_istv_preamble,
)

FORMATS: dict[str, FileFormat] = {f.slug: f for f in (POLICEUK_STREET, PARTNERSHIP, HOSPITAL_ISTV)}

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
    expected = " or ".join(
        f"{f.label} (columns: {', '.join(f.header)})" for f in candidates if not f.preamble
    )
    looks_like = next((name for name, test in LOOKALIKES if test(found)), None)
    shown = ", ".join(found[:15]) + (" …" if len(found) > 15 else "")
    what = f"This looks like {looks_like}. " if looks_like else ""
    raise FileRefused(f"{what}Expected {expected}; found columns: {shown or '(none)'}.")
