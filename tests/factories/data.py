"""Test data: the real police.uk files the project ships, independent counts of them made with
the csv module (never with the code under test), rows of every accepted format."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

from incidents.formats import ISTV_HEADER, PARTNERSHIP_HEADER
from incidents.models import Incident

BASE_DIR = Path(__file__).resolve().parents[2]
POLICEUK = BASE_DIR / "data" / "policeuk"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)
TV_2019_01 = POLICEUK / "2019-01-thames-valley-street-mk-subset.csv"
TV_2018_10 = POLICEUK / "2018-10-thames-valley-street-mk-subset.csv"
BEDS_2019_01 = POLICEUK / "2019-01-bedfordshire-street-mk-subset.csv"
NORTHANTS_2019_01 = POLICEUK / "2019-01-northamptonshire-street-mk-subset.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def mk_lsoas() -> set[str]:
    with open(BASE_DIR / "data/geography/mk_lsoa11_to_ward2019.csv", newline="") as f:
        return {row["LSOA11CD"] for row in csv.DictReader(f)}


def write_file(path: Path, lines: list[str], *, header: str = HEADER, bom: bool = False) -> Path:
    text = "\n".join([header, *lines]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def incident_snapshot() -> list[tuple[Any, ...]]:
    """Everything stored about every incident except database ids and batch ids, sorted."""
    fields = [
        "source",
        "source_ref",
        "month",
        "reported_by",
        "force",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
        "category",
        "last_outcome",
        "context",
    ]
    return sorted(Incident.objects.values_list(*fields), key=repr)


def partnership_rows(per_month: dict[str, int], prefix: str = "K", **flags: str) -> list[str]:
    lines, n = [], 0
    for month, count in per_month.items():
        for _ in range(count):
            n += 1
            fields = dict.fromkeys(PARTNERSHIP_HEADER, "")
            fields.update(
                source_reference=f"{prefix}{month}-{n}",
                offence_date=f"{month}-15",
                offence_type="gbh-wounding",
                knife_or_sharp_instrument="yes",
                public_place="yes",
                victim_age="20",
                lsoa_code="E01016796",
            )
            fields.update(flags)
            lines.append(",".join(fields.values()))
    return lines


def months(start: str, n: int) -> list[str]:
    y, m = map(int, start.split("-"))
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# The planted partnership data (tests/conftest.py ``planted``): three years to June 2024.
PLANTED_MONTHS = months("2021-07", 36)
PLANTED_OTHER_LSOA = "E01016729"


def policeuk_month_rows(month: str) -> list[dict[str, str]]:
    """Real Thames Valley rows (the shipped Milton Keynes subsets of January and February 2025)
    relabelled as ``month``: alternate real months, a different third of the rows each month so
    the counts differ, Crime IDs made unique to the month."""
    source = POLICEUK / (
        "2025-01-thames-valley-street-mk-subset.csv"
        if int(month[5:]) % 2
        else "2025-02-thames-valley-street-mk-subset.csv"
    )
    rows = [r for i, r in enumerate(read_rows(source)) if i % 3 != int(month[5:]) % 3]
    for r in rows:
        r["Month"] = month
        if r["Crime ID"]:
            r["Crime ID"] = hashlib.sha256(f"{r['Crime ID']}{month}".encode()).hexdigest()
    return rows


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def istv_extract(path: Path, *, site: str, start: str, end: str, rows: list[str]) -> Path:
    """A hospital extract in the ISTV minimum data set's shape."""
    from incidents.formats import ISTV_HEADER

    header = [f"Site code,{site}", f"Reporting period start,{start}", f"Reporting period end,{end}"]
    path.write_text("\n".join([*header, "", ",".join(ISTV_HEADER), *rows]) + "\n")
    return path


def knife_attendances(per_day: dict[str, int], age_band: str = "16-24") -> list[str]:
    """ISTV rows: ``per_day`` knife assaults arriving on each date (YYYY-MM-DD)."""
    return [
        f"{day},12:00,{day},11:30,Knife or sharp object,,Street or public place,,{age_band}"
        for day, n in per_day.items()
        for _ in range(n)
    ]


def exported_rows(response: Any) -> list[list[str]]:
    """The rows of a CSV export, without the "[c]" footnote."""
    assert response.status_code == 200, response.status_code
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [r for r in rows if r and not r[0].startswith("[c]")]


def exported_value(text: str) -> float | str | None:
    """A number, a mark ("<5", "<8", "[c]", "not shown"), or None (no data, n/a)."""
    text = text.strip()
    if text.startswith("<") or text in ("[c]", "not shown"):
        return text
    if text in ("", "no data", "n/a"):
        return None
    return float(text.replace(",", "").replace("−", "-").rstrip("%"))


NATIONAL_2022_09 = POLICEUK / "national-2022-09"
# The forces whose real September 2022 files the project ships whole (data/README.md).
NATIONAL_FORCES = ("cheshire", "city-of-london", "cumbria", "dyfed-powys", "gwent")


def national_rows(force: str, month: str = "2022-09") -> list[dict[str, str]]:
    """A force's real September 2022 street file (for Thames Valley, its Milton Keynes rows of
    January 2019), relabelled as ``month`` (Crime IDs made unique to the month) when it is
    another one. Before October 2021 a month holds two rows in
    three of the real month, so the year to September 2022 is up on the year before (by more in
    some places than others)."""
    rows = read_rows(
        TV_2019_01 if force == "thames-valley" else NATIONAL_2022_09 / f"2022-09-{force}-street.csv"
    )
    if month < "2021-10":
        rows = [r for i, r in enumerate(rows) if i % 3]
    if month != rows[0]["Month"]:
        for r in rows:
            r["Month"] = month
            if r["Crime ID"]:
                r["Crime ID"] = hashlib.sha256(f"{r['Crime ID']}{month}".encode()).hexdigest()
    return rows


def lsoa_local_authorities() -> dict[str, str]:
    """Every 2011 LSOA code -> its 2024 local authority code, from the shipped ONS lookups read
    here with the csv module (2021 authorities, and the 2023 reorganisations of Cumbria, North
    Yorkshire and Somerset; nothing changed from 2021 to 2022 or from 2023 to 2024)."""
    geography = BASE_DIR / "data/national/geography"
    with open(geography / "ltla22_ltla23.csv", newline="", encoding="utf-8") as f:
        to_2023 = {r["ltla22_code"]: r["ltla23_code"] for r in csv.DictReader(f)}
    with open(geography / "lsoa11_ltla21_ew.csv", newline="", encoding="utf-8") as f:
        return {
            r["lsoa11_code"]: to_2023.get(r["ltla21_code"], r["ltla21_code"])
            for r in csv.DictReader(f)
        }


# --- rows of each format, one changed at a time ---------------------------------------------

GOOD_ID = "0" * 63 + "1"


def policeuk_row(**changes: str) -> str:
    """A valid police.uk street row, with some fields replaced."""
    fields = {
        "Crime ID": GOOD_ID,
        "Month": "2019-01",
        "Reported by": "Thames Valley Police",
        "Falls within": "Thames Valley Police",
        "Longitude": "-0.759",
        "Latitude": "52.041",
        "Location": "On or near Midsummer Boulevard",
        "LSOA code": "E01016796",
        "LSOA name": "Milton Keynes 019B",
        "Crime type": "Robbery",
        "Last outcome category": "Under investigation",
        "Context": "",
    }
    fields.update({k.replace("_", " "): v for k, v in changes.items()})
    return ",".join(fields.values())


PARTNERSHIP_ROW_HEADER = ",".join(PARTNERSHIP_HEADER)


def partnership_row(**changes: str) -> str:
    fields = dict.fromkeys(PARTNERSHIP_HEADER, "")
    fields.update(
        source_reference="REF-1",
        offence_date="2024-03-02",
        offence_type="gbh-wounding",
        knife_or_sharp_instrument="yes",
        firearm="no",
        public_place="yes",
        domestic="no",
        drug_related="yes",
        gang_related="",
        victim_age="19",
        suspect_age="21",
        lsoa_code="E01016796",
    )
    fields.update(changes)
    return ",".join(fields.values())


def extract(
    tmp_path,
    rows: list[str],
    *,
    site="RD816",
    start="2024-03-01",
    end="2024-03-31",
    name="istv.csv",
):
    text = (
        "\n".join(
            [
                f"Site code,{site}",
                f"Reporting period start,{start}",
                f"Reporting period end,{end}",
                "",
                ",".join(ISTV_HEADER),
                *rows,
            ]
        )
        + "\n"
    )
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


KNIFE = (
    "2024-03-02,23:40,2024-03-02,23:05,Knife or sharp object,stabbed,Street or public place,,16-24"
)


PUNCH = "2024-03-07,01:15,2024-03-06,23:50,Body part,punched,Licensed premises,nightclub,25-34"


HOME = "2024-03-19,18:20,2024-03-19,17:45,Blunt object,bottle,Home,,35-49"
