"""The ONS police force area workbooks (real copies in data/ons/pfa_tables/) import directly,
and the forces' knife-crime ranking over two periods is reproduced independently from the
workbook's own table as published (tests/data: Table P5 of the December 2019 workbook, saved as
CSV cell by cell, read here with the csv module)."""

from __future__ import annotations

import csv
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from dashboard.models import PeerCount
from dashboard.peers import force_ranking, ons_knife_workbook_load, ons_knife_workbook_read
from tests.factories import BASE_DIR

pytestmark = pytest.mark.django_db
WORKBOOKS = BASE_DIR / "data/ons/pfa_tables"
DEC_2018 = WORKBOOKS / "policeforceareatablesyearendingdecember2018.xlsx"
DEC_2019 = WORKBOOKS / "pfatablesdec19.xlsx"
P5_AS_PUBLISHED = BASE_DIR / "tests/data/pfatablesdec19__Table_P5.csv"


def test_thames_valley_had_1483_knife_offences_in_the_year_to_december_2018():
    call_command("load_peer_table", str(DEC_2018), stdout=StringIO(), stderr=StringIO())
    thames_valley = PeerCount.objects.get(
        measure="knife-crime", area_code="E23000029", period_end=date(2018, 12, 1)
    )
    assert (thames_valley.area_name, thames_valley.count) == ("Thames Valley", 1483)
    # Force names lose their footnote digits; England and Wales is kept for the national rate.
    assert PeerCount.objects.filter(area_code="K04000001", period_end=date(2018, 12, 1)).exists()
    assert not PeerCount.objects.filter(area_name__regex=r"\d").exists()


def test_every_workbook_reads_its_years_and_says_what_it_left_out():
    for workbook in sorted(WORKBOOKS.glob("*.xlsx")):
        counts, skipped = ons_knife_workbook_read(workbook)
        forces = {c.area_code for c in counts if re.match(r"(E23|W15)", c.area_code)}
        assert len(forces) == 43, workbook.name
        assert any("British Transport Police" in s for s in skipped), workbook.name
    counts, skipped = ons_knife_workbook_read(DEC_2019)
    years = {c.period_end for c in counts if c.area_code == "E23000029"}
    assert date(2011, 3, 1) in years and date(2019, 12, 1) in years and date(2018, 12, 1) in years
    # Greater Manchester supplied no data for some years: no count, never 0.
    gmp = {c.period_end for c in counts if c.area_code == "E23000005"}
    assert date(2019, 3, 1) not in gmp
    assert any("Greater Manchester" in s and "March 2019" in s for s in skipped)


def _published_counts() -> dict[str, tuple[int, int]]:
    """code -> (year ending Dec 2018, year ending Dec 2019), forces with both, from the CSV."""
    with open(P5_AS_PUBLISHED, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    labels = next(r for r in rows if "Jan '18 to Dec '18" in r)
    dec18, dec19 = labels.index("Jan '18 to Dec '18"), labels.index("Jan '19 to Dec '19")
    found = {}
    for row in rows:
        if row and re.fullmatch(r"(E23|W15)\d{6}", row[0]):
            if row[dec18].isdigit() and row[dec19].isdigit():
                found[row[0]] = (int(row[dec18]), int(row[dec19]))
    return found


def test_the_force_ranking_is_the_published_tables_ranking():
    assert ons_knife_workbook_load(workbook=DEC_2019).ok
    ranks, left_out = force_ranking(
        measure="knife-crime", period_end=date(2019, 12, 1), base_end=date(2018, 12, 1)
    )
    published = _published_counts()
    changes = {code: (now - then) / then * 100 for code, (then, now) in published.items()}
    ordered = sorted(changes.values(), reverse=True)
    assert {code: r.rank for code, r in ranks.items()} == {
        code: ordered.index(change) + 1 for code, change in changes.items()
    }
    assert all(r.of == len(published) and r.low <= r.rank <= r.high for r in ranks.values())
    assert len(published) + len(left_out) == 43
    thames_valley = ranks["E23000029"]
    assert thames_valley.change_pct == pytest.approx(changes["E23000029"])
