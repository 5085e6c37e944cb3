"""police.uk files from about 2023 carry LSOA 2021 codes. Every 2021 LSOA lies in one 2011 LSOA,
and so in one ward and local authority: figures must not depend on the vintage a file uses.

Checked on the real January and February 2025 Thames Valley rows the project ships, against
counts made here with the csv module."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dashboard.models import TrendFigure
from dashboard.services import trends_recompute
from incidents.models import Area, ImportBatch
from tests.factories import BASE_DIR, POLICEUK, read_rows

pytestmark = pytest.mark.django_db
TV_2025 = [POLICEUK / f"2025-0{m}-thames-valley-street-mk-subset.csv" for m in (1, 2)]
POLICE_MEASURES = {
    "violence-and-sexual-offences": "Violence and sexual offences",
    "robbery": "Robbery",
    "drugs": "Drugs",
    "possession-of-weapons": "Possession of weapons",
}
MK = "E06000042"


def lsoa21_to_lsoa11() -> dict[str, str]:
    with open(BASE_DIR / "data/geography/mk_lsoa21_to_lsoa11.csv", newline="") as f:
        return {r["LSOA21CD"]: r["LSOA11CD"] for r in csv.DictReader(f)}


def lsoa11_to_ward() -> dict[str, str]:
    with open(BASE_DIR / "data/geography/mk_lsoa11_to_ward2019.csv", newline="") as f:
        return {r["LSOA11CD"]: r["WD19CD"] for r in csv.DictReader(f)}


def counts(measure: str, month: str, level: str) -> dict[str, int]:
    """The stored monthly count of every area of a level, by code."""
    return dict(
        TrendFigure.objects.filter(
            measure=measure, area__level=level, month=date.fromisoformat(month + "-01")
        ).values_list("area__code", "count")
    )


def test_milton_keynes_counts_per_crime_type_equal_the_rows_named_milton_keynes(
    reference, run_import
):
    for path in TV_2025:
        run_import(path)
    trends_recompute()
    for path in TV_2025:
        rows = read_rows(path)
        month = rows[0]["Month"]
        in_mk = Counter(r["Crime type"] for r in rows if r["LSOA name"].startswith("Milton Keynes"))
        # The real file holds rows in the split LSOAs: the old code lost exactly these.
        new_codes = {c for c, old in lsoa21_to_lsoa11().items() if c != old}
        assert any(r["LSOA code"] in new_codes for r in rows)
        for measure, category in POLICE_MEASURES.items():
            stored = counts(measure, month, "local-authority")[MK]
            assert stored == in_mk[category], (measure, month)


def test_ward_totals_sum_to_the_local_authority_total(reference, run_import):
    for path in TV_2025:
        run_import(path)
    trends_recompute()
    wards = set(lsoa11_to_ward().values())
    for month in ("2025-01", "2025-02"):
        for measure in POLICE_MEASURES:
            by_ward = counts(measure, month, "ward")
            assert set(by_ward) == wards
            assert sum(by_ward.values()) == counts(measure, month, "local-authority")[MK]


def _copy_as(path: Path, month: str, out: Path, *, lsoa_2011: bool) -> Path:
    """The same rows dated another month, with new Crime IDs (a different crime each), and with
    the 2011 LSOA codes police.uk published before the change when ``lsoa_2011``."""
    to_2011 = lsoa21_to_lsoa11()
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for row in rows[1:]:
            row[0] = row[0][:-4] + month[:4] if row[0] else ""
            row[1] = month
            if lsoa_2011:
                row[7] = to_2011.get(row[7], row[7])
            writer.writerow(row)
    return out


def test_a_series_across_the_boundary_change_is_comparable_at_every_level(
    reference, run_import, tmp_path
):
    """The same incidents coded in 2011 LSOAs (Dec 2022) and in 2021 LSOAs (Jan 2023) give the
    same count in every ward, the local authority and every 2011 LSOA, split ones included."""
    before = _copy_as(TV_2025[0], "2022-12", tmp_path / "2022-12.csv", lsoa_2011=True)
    after = _copy_as(TV_2025[0], "2023-01", tmp_path / "2023-01.csv", lsoa_2011=False)
    run_import(before)
    run_import(after)
    trends_recompute()
    split = {old for new, old in lsoa21_to_lsoa11().items() if new != old}
    for measure in POLICE_MEASURES:
        for level in ("local-authority", "ward", "lsoa"):
            december, january = counts(measure, "2022-12", level), counts(measure, "2023-01", level)
            assert december == january, (measure, level)
        lsoas = counts(measure, "2023-01", "lsoa")
        # Figures keep one geography: the 2011 LSOAs, a split one holding its children's rows.
        assert len(lsoas) == 152 and split <= set(lsoas)


def test_rows_already_stored_with_2021_codes_count_once_the_lookup_is_loaded(reference, run_import):
    """A database that imported 2021-coded files before the lookup was shipped: loading the
    reference data again and recomputing counts them, with nothing re-imported."""
    from incidents.models import LsoaMembership

    Area.objects.filter(level="lsoa", vintage=2021).update(parent=None)
    LsoaMembership.objects.filter(vintage=2021).delete()
    run_import(TV_2025[0])
    trends_recompute()
    rows = read_rows(TV_2025[0])
    in_mk = sum(
        1 for r in rows if r["LSOA name"].startswith("Milton Keynes") and r["Crime type"] == "Drugs"
    )
    assert counts("drugs", "2025-01", "local-authority")[MK] < in_mk  # the defect
    batches = ImportBatch.objects.count()
    call_command("load_reference_data", stdout=StringIO())
    trends_recompute()
    assert counts("drugs", "2025-01", "local-authority")[MK] == in_mk
    assert ImportBatch.objects.count() == batches


def test_the_import_report_counts_rows_whose_lsoa_is_not_loaded(reference, run_import):
    from incidents.models import LsoaMembership

    # Every LSOA of England and Wales is in the national lookups: none is unknown.
    assert run_import(TV_2025[0]).rows_unknown_lsoa == 0
    # Without the 2021 lookup, the rows in 2021 LSOAs new in 2021 (outside the partnership's
    # own) are.
    LsoaMembership.objects.filter(vintage=2021).delete()
    rows = read_rows(TV_2025[1])
    known = set(Area.objects.filter(level="lsoa").values_list("code", flat=True)) | set(
        LsoaMembership.objects.values_list("code", flat=True)
    )
    unknown = sum(1 for r in rows if r["LSOA code"] and r["LSOA code"] not in known)
    assert unknown > 0
    batch = run_import(TV_2025[1])
    assert batch.rows_unknown_lsoa == unknown
