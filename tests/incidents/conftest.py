"""Helpers for import tests: the real police.uk files the project ships, and independent
counts of them made with the csv module (never with the code under test)."""

from __future__ import annotations

import csv
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def policeuk(settings, reference):
    """Start a server replaying police.uk's API (``policeuk_replay``) and point the settings at
    it: ``server = policeuk(months, published=..., area_limit=...)``."""
    from tests.incidents.policeuk_replay import PoliceUkReplay

    with ExitStack() as stack:

        def start(months, **options):
            server = stack.enter_context(PoliceUkReplay(months, **options))
            settings.POLICEUK_BASE_URL = server.url
            settings.POLICEUK_BACKOFF_SECONDS = 0.01
            return server

        yield start
