"""Bad input: each rule gives a row-level report (line, column, reason) and a refused or
rejected file leaves the incident table exactly as it was."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from incidents.models import ImportBatch, Incident
from tests.factories import TV_2019_01, incident_snapshot, write_file
from tests.factories import policeuk_row as row

MONTH_REASON = "must be a month written YYYY-MM, e.g. 2019-01, from 2000 to this month"

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(run_import):
    """A database already holding a real month, to prove a bad file leaves it untouched."""
    run_import(TV_2019_01)
    return incident_snapshot()


def problems(batch: ImportBatch) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.reason) for e in batch.row_errors.order_by("line", "id")]


CASES = [
    ("month in the wrong form", {"Month": "01/2019"}, "Month", "YYYY-MM"),
    ("month that does not exist", {"Month": "2019-13"}, "Month", "YYYY-MM"),
    ("empty month", {"Month": ""}, "Month", "YYYY-MM"),
    ("longitude not a number", {"Longitude": "west"}, "Longitude", "not a number"),
    ("latitude beyond a pole", {"Latitude": "98.85"}, "Latitude", "outside the range"),
    ("longitude beyond 180", {"Longitude": "182.35"}, "Longitude", "outside the range"),
    ("latitude missing beside a longitude", {"Latitude": ""}, "Latitude", "other coordinate"),
    ("not-a-number coordinate", {"Longitude": "nan"}, "Longitude", "not a number"),
    ("crime ID too short", {"Crime ID": "abc123"}, "Crime ID", "64 hexadecimal"),
    ("crime ID not hexadecimal", {"Crime ID": "g" * 64}, "Crime ID", "64 hexadecimal"),
    ("unknown crime type", {"Crime type": "Knife crime"}, "Crime type", "crime type"),
    ("bad LSOA code", {"LSOA code": "MK123"}, "LSOA code", "LSOA code"),
    ("no force", {"Falls within": ""}, "Falls within", "force"),
]


@pytest.mark.parametrize(("label", "changes", "column", "reason"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_rejects_the_row_and_the_file_stores_nothing(
    run_import, held, tmp_path, label, changes, column, reason
):
    path = write_file(tmp_path / "bad.csv", [row(), row(**changes), row(Crime_ID="")])
    batch = run_import(path)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.rows_read == 3 and batch.rows_rejected == 1 and batch.rows_stored == 0
    [(line, col, why)] = problems(batch)
    assert (line, col) == (3, column)  # line 1 is the header
    assert reason in why
    assert "nothing was stored" in batch.message
    assert incident_snapshot() == held


def test_a_row_with_the_wrong_number_of_columns_is_reported(run_import, held, tmp_path):
    batch = run_import(write_file(tmp_path / "short.csv", [row(), "abc,2019-01,x"]))
    assert batch.status == ImportBatch.Status.FAILED
    [(line, col, why)] = problems(batch)
    assert line == 3 and col == "" and "3 columns; expected 12" in why
    assert incident_snapshot() == held


def test_every_problem_is_listed_not_just_the_first(run_import, held, tmp_path):
    lines = [row(Month="bad"), row(), row(Crime_ID="x", Latitude="99")]
    batch = run_import(write_file(tmp_path / "many.csv", lines))
    assert batch.rows_rejected == 2
    assert problems(batch) == [
        (2, "Month", MONTH_REASON),
        (4, "Crime ID", "must be 64 hexadecimal characters or empty"),
        (
            4,
            "Latitude",
            "is outside the range of longitudes and latitudes (expected -90.0 to 90.0)",
        ),
    ]
    assert incident_snapshot() == held


def test_storing_valid_rows_keeps_them_and_reports_the_rest(run_import, tmp_path):
    lines = [row(), row(Month="2019-1"), row(Crime_ID="", Crime_type="Anti-social behaviour")]
    batch = run_import(write_file(tmp_path / "partial.csv", lines), store_valid_rows=True)
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_read, batch.rows_stored, batch.rows_rejected) == (3, 2, 1)
    assert problems(batch) == [(3, "Month", MONTH_REASON)]
    assert Incident.objects.count() == 2


def refused(run_import, path: Path) -> ImportBatch:
    batch = run_import(path)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.rows_stored == 0
    return batch


def test_an_empty_file_is_refused(run_import, held, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refused(run_import, path).message == "The file is empty."
    assert incident_snapshot() == held


def test_a_spreadsheet_is_refused_as_not_csv(run_import, held, tmp_path):
    path = tmp_path / "crimes.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "not a CSV text file" in refused(run_import, path).message
    assert incident_snapshot() == held


def test_a_binary_file_is_refused(run_import, held, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "not a CSV text file" in refused(run_import, path).message
    assert incident_snapshot() == held


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(run_import, held, tmp_path):
    path = tmp_path / "latin1.csv"
    good = row().encode()
    bad = row(Location="On or near Café Street").encode("latin-1")
    header = TV_2019_01.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(b"\n".join([header, good, bad, good]) + b"\n")
    message = refused(run_import, path).message
    assert "Line 3 is not UTF-8" in message
    assert incident_snapshot() == held


def test_an_outcomes_file_is_refused_saying_what_it_is(run_import, held, tmp_path):
    header = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Outcome type"
    )
    path = write_file(tmp_path / "outcomes.csv", [], header=header)
    message = refused(run_import, path).message
    assert message.startswith("This looks like a data.police.uk outcomes file.")
    assert "Expected data.police.uk street-level crime (columns: Crime ID, Month," in message
    assert "found columns: Crime ID, Month, Reported by" in message
    assert incident_snapshot() == held


def test_a_stop_and_search_file_is_refused_saying_what_it_is(run_import, held, tmp_path):
    header = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender"
    path = write_file(
        tmp_path / "sas.csv", ["Person search,2019-01-01,False,,51.5,-0.7,Male"], header=header
    )
    assert "stop-and-search" in refused(run_import, path).message
    assert incident_snapshot() == held


def test_a_spreadsheet_saved_as_csv_with_other_columns_is_refused(run_import, held, tmp_path):
    path = write_file(tmp_path / "other.csv", ["1,2,3"], header="Ward,Incidents,Notes")
    message = refused(run_import, path).message
    assert "found columns: Ward, Incidents, Notes" in message
    assert incident_snapshot() == held


def test_a_refused_file_leaves_no_trace_in_an_empty_database(run_import, tmp_path):
    path = write_file(tmp_path / "bad.csv", [row() for _ in range(5)] + [row(Month="x")])
    run_import(path)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    ("server_zone", "london_time", "month", "accepted"),
    [
        # 31 January, midday in London: already 1 February in Kiritimati (UTC+14), where a
        # server's own calendar would take February's file as this month's.
        ("Pacific/Kiritimati", "2024-01-31T12:00", "2024-02", False),
        # 1 February, 01:00 in London: still 31 January eleven hours west (UTC−10), where a
        # server's own calendar would refuse London's new month as the future.
        ("Pacific/Honolulu", "2024-02-01T01:00", "2024-02", True),
    ],
)
def test_this_month_is_londons_whatever_the_servers_time_zone(
    run_import, tmp_path, server_zone, london_time, month, accepted
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from incidents import formats

    instant = datetime.fromisoformat(london_time).replace(tzinfo=ZoneInfo("Europe/London"))
    formats._good_months.clear()  # months checked earlier (against the real clock) go
    try:
        # The server's own time zone is ``server_zone`` (time-machine sets TZ from it).
        with time_machine.travel(instant.astimezone(ZoneInfo(server_zone)), tick=False):
            batch = run_import(write_file(tmp_path / "month.csv", [row(Month=month)]))
    finally:
        formats._good_months.clear()
    assert (batch.status == "done") is accepted, batch.message
    if not accepted:
        assert [e.column for e in batch.row_errors.all()] == ["Month"]
