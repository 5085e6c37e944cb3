"""Importing real data.police.uk street files: figures match independent counts, re-imports
add nothing, outcomes update, anti-social behaviour rows are replaced rather than doubled."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from incidents.models import ImportBatch, Incident
from tests.factories import (
    BEDS_2019_01,
    HEADER,
    NORTHANTS_2019_01,
    TV_2018_10,
    TV_2019_01,
    incident_snapshot,
    mk_lsoas,
    read_rows,
    write_file,
)

pytestmark = pytest.mark.django_db


def test_counts_per_crime_type_for_milton_keynes_match_an_independent_count(run_import):
    batch = run_import(TV_2019_01)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    lsoas = mk_lsoas()
    expected = Counter(r["Crime type"] for r in read_rows(TV_2019_01) if r["LSOA code"] in lsoas)
    stored = Counter(
        Incident.objects.filter(lsoa_code__in=lsoas)
        .in_month(date(2019, 1, 1))
        .values_list("category", flat=True)
    )
    assert stored == expected
    assert sum(expected.values()) == 1899  # the Milton Keynes rows of January 2019 (data README)


def test_every_row_of_the_file_is_accounted_for(run_import):
    rows = read_rows(TV_2018_10)
    batch = run_import(TV_2018_10)
    assert batch.rows_read == len(rows)
    assert batch.rows_stored == len(rows) == Incident.objects.count()
    assert batch.rows_duplicate == batch.rows_rejected == batch.rows_updated == 0


def test_rows_without_a_crime_id_are_counted(run_import):
    run_import(TV_2019_01)
    without_id = sum(1 for r in read_rows(TV_2019_01) if not r["Crime ID"])
    assert without_id > 100
    assert Incident.objects.without_reference().count() == without_id
    assert set(Incident.objects.without_reference().values_list("category", flat=True)) == {
        "Anti-social behaviour"
    }


def test_rows_with_no_location_are_kept_without_an_lsoa(run_import):
    run_import(TV_2019_01)
    no_location = [r for r in read_rows(TV_2019_01) if not r["LSOA code"]]
    assert no_location and all(r["Location"].lower() == "no location" for r in no_location)
    stored = Incident.objects.filter(lsoa_code="")
    assert stored.count() == len(no_location)
    assert set(stored.values_list("force", flat=True)) == {"Thames Valley Police"}
    assert stored.filter(longitude__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("path", "force"),
    [(BEDS_2019_01, "Bedfordshire Police"), (NORTHANTS_2019_01, "Northamptonshire Police")],
)
def test_neighbouring_forces_keep_their_own_force(run_import, path: Path, force: str):
    rows = read_rows(path)
    run_import(path)
    assert Incident.objects.filter(force=force).count() == len(rows)
    assert Incident.objects.exclude(force=force).count() == 0
    # Each file holds two rows in Milton Keynes LSOAs; they still belong to their own force.
    in_mk = Incident.objects.filter(lsoa_code__in=mk_lsoas())
    assert in_mk.count() == sum(1 for r in rows if r["LSOA code"] in mk_lsoas()) == 2
    assert set(in_mk.values_list("force", flat=True)) == {force}


def test_uploading_the_same_file_twice_changes_nothing_and_says_so(run_import):
    first = run_import(TV_2019_01)
    before = incident_snapshot()
    ids_before = sorted(Incident.objects.values_list("id", flat=True))
    second = run_import(TV_2019_01)
    assert second.status == ImportBatch.Status.DONE
    assert second.rows_stored == second.rows_updated == second.rows_replaced == 0
    assert second.rows_duplicate == second.rows_read == first.rows_read
    assert second.same_file_as_id == first.pk
    assert "imported before" in second.message and "Nothing changed" in second.message
    assert incident_snapshot() == before
    assert sorted(Incident.objects.values_list("id", flat=True)) == ids_before


def test_the_same_rows_in_a_different_file_are_all_recognised(run_import, tmp_path):
    """Not the same bytes (Windows line endings, a BOM), so every row goes through the merge."""
    run_import(TV_2019_01)
    before = incident_snapshot()
    ids_before = sorted(Incident.objects.values_list("id", flat=True))
    copy = tmp_path / "again.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + TV_2019_01.read_bytes().replace(b"\n", b"\r\n"))
    batch = run_import(copy)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.same_file_as_id is None
    assert batch.rows_duplicate == batch.rows_read == len(read_rows(TV_2019_01))
    assert batch.rows_stored == batch.rows_updated == batch.rows_replaced == 0
    assert incident_snapshot() == before
    # Unchanged anti-social behaviour rows are left in place, not deleted and re-added.
    assert sorted(Incident.objects.values_list("id", flat=True)) == ids_before


def test_a_later_upload_updates_the_last_outcome(run_import, tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line[:64].strip(",") and "Burglary" in line)
    crime_id = lines[target][:64]
    run_import(TV_2019_01)
    fields = lines[target].split(",")
    fields[10] = "Offender sent to prison"
    lines[target] = ",".join(fields)
    batch = run_import(write_file(tmp_path / "later.csv", lines[1:]))
    assert batch.rows_updated == 1
    assert batch.rows_stored == 0
    assert batch.rows_duplicate == batch.rows_read - 1
    assert Incident.objects.get(source_ref=crime_id).last_outcome == "Offender sent to prison"


@pytest.mark.parametrize("part", ["first-50", "half-of-the-asb"])
def test_part_of_a_force_month_after_the_whole_deletes_nothing(run_import, tmp_path, part):
    """A Milton Keynes subset, or the first rows, uploaded after the full file: it could not
    have held the other anti-social behaviour rows, so they stay."""
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:]
    asb = [line for line in lines if line.startswith(",")]
    run_import(TV_2019_01)
    before = incident_snapshot()
    subset = lines[:50] if part == "first-50" else asb[: len(asb) // 2]
    batch = run_import(write_file(tmp_path / "part.csv", subset))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert (batch.rows_stored, batch.rows_replaced) == (0, 0)
    assert batch.rows_duplicate == len(subset)
    assert incident_snapshot() == before


def test_repeated_reports_are_kept_as_often_as_one_file_holds_them(run_import, tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:]
    asb = [line for line in lines if line.startswith(",")]
    row = asb[0]
    same = [r for r in asb if r == row]
    run_import(write_file(tmp_path / "one.csv", [row]))
    key = Incident.objects.without_reference()
    assert key.count() == 1
    # The same report twice in one file: two reports. Again in another file: still two.
    run_import(write_file(tmp_path / "two.csv", [row, row]))
    others = [line for line in lines if line != row][:3]
    run_import(write_file(tmp_path / "two-again.csv", [row, row, *others]))
    assert key.filter(location=key.first().location).count() == max(2, len(same))
    # The full file adds the rest, and doubles nothing.
    run_import(TV_2019_01)
    expected = {r: max(asb.count(r), 2 if r == row else 0) for r in set(asb)}
    assert key.count() == sum(expected.values())


def test_other_force_months_keep_their_rows_without_crime_id(run_import):
    run_import(TV_2018_10)
    october = Incident.objects.without_reference().in_month(date(2018, 10, 1)).count()
    run_import(TV_2019_01)
    assert Incident.objects.without_reference().in_month(date(2018, 10, 1)).count() == october


def test_a_crime_id_repeated_within_a_file_is_stored_once(run_import, tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:]
    crime = next(line for line in lines if not line.startswith(","))
    batch = run_import(write_file(tmp_path / "repeat.csv", [*lines, crime]))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert Incident.objects.filter(source_ref=crime[:64]).count() == 1
    assert batch.rows_read == len(lines) + 1
    assert batch.rows_duplicate == 1
    assert batch.rows_stored == len(lines)


def test_a_file_overlapping_held_crimes_after_many_new_ones_is_merged(run_import, tmp_path):
    """New crimes first, known ones at the end: the fast append meets a held Crime ID late,
    is rolled back, and the file is merged instead, with the same result as a clean import."""
    lines = TV_2018_10.read_text(encoding="utf-8").splitlines()[1:]
    crimes = [line for line in lines if not line.startswith(",")]
    known, new = crimes[:300], crimes[300:]
    assert len(new) > 1000  # more than the importer probes before choosing
    run_import(write_file(tmp_path / "known.csv", known))
    batch = run_import(write_file(tmp_path / "mixed.csv", new + known))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_stored == len(new)
    assert batch.rows_duplicate == len(known)
    assert Incident.objects.count() == len(crimes)


def test_append_and_merge_store_the_same_rows(run_import, tmp_path):
    run_import(TV_2019_01)  # empty table: the append path
    appended = incident_snapshot()
    Incident.objects.all().delete()
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:]
    run_import(write_file(tmp_path / "first-half.csv", lines[: len(lines) // 2]))
    whole = tmp_path / "whole.csv"
    whole.write_bytes(TV_2019_01.read_bytes() + b"\n")  # same rows, different bytes
    batch = run_import(whole)  # half held already: the merge path
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert incident_snapshot() == appended


def test_a_file_with_a_byte_order_mark_imports(run_import, tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:50]
    batch = run_import(write_file(tmp_path / "bom.csv", lines, bom=True))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_stored == 49


def test_quoted_fields_with_commas_are_read_correctly(run_import, tmp_path):
    crime_id = "a" * 64
    line = (
        f"{crime_id},2019-01,Thames Valley Police,Thames Valley Police,-0.75,52.04,"
        '"On or near Silbury Boulevard, Central",E01016796,Milton Keynes 019B,Robbery,'
        '"Under investigation, awaiting ""court""",'
    )
    batch = run_import(write_file(tmp_path / "quoted.csv", [line]))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    incident = Incident.objects.get(source_ref=crime_id)
    assert incident.location == "On or near Silbury Boulevard, Central"
    assert incident.last_outcome == 'Under investigation, awaiting "court"'
    assert incident.month == date(2019, 1, 1)
    assert (incident.longitude, incident.latitude) == (-0.75, 52.04)
    assert HEADER.count(",") == 11
