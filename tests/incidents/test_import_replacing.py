"""Files that replace a period: a hospital extract (its site's reporting days) and a partnership
file with a stated period (the partnership's months in it). Such a file says what is true of its
period, so

- an incident the file no longer holds is withdrawn at source and leaves the figures;
- uploading an earlier file again, after a newer one replaced its period, applies it again (an
  analyst undoing a wrong correction), and the report says what it replaced; it is never
  "every row was already held"."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.formats import PARTNERSHIP_HEADER
from incidents.models import Incident
from tests.factories import HOME, KNIFE, PUNCH, extract, write_file

pytestmark = pytest.mark.django_db
HEADER = ",".join(PARTNERSHIP_HEADER)
FIRST_QUARTER = (date(2024, 1, 1), date(2024, 3, 1))


def partnership(ref: str, day: str, age: str = "19") -> str:
    return f"{ref},{day},robbery,yes,no,yes,no,no,no,{age},22,E01016753,,"


def held() -> list[tuple[str, date, int | None]]:
    return sorted(
        Incident.objects.filter(source="partnership").values_list(
            "source_ref", "occurred_on", "victim_age"
        )
    )


def test_an_incident_a_stated_period_file_no_longer_holds_leaves_the_figures(run_import, tmp_path):
    first = write_file(
        tmp_path / "q1.csv",
        [partnership("A-1", "2024-01-10"), partnership("A-2", "2024-02-03")],
        header=HEADER,
    )
    outside = write_file(tmp_path / "april.csv", [partnership("B-1", "2024-04-09")], header=HEADER)
    run_import(first, period=FIRST_QUARTER)
    run_import(outside)
    revised = write_file(
        tmp_path / "q1-revised.csv", [partnership("A-1", "2024-01-10")], header=HEADER
    )
    batch = run_import(revised, period=FIRST_QUARTER)
    assert batch.status == "done", batch.message
    # A-2 was withdrawn at source; B-1 (April, outside the period) is not the file's to remove.
    assert [ref for ref, *_ in held()] == ["A-1", "B-1"]
    assert (batch.rows_duplicate, batch.rows_replaced) == (1, 1)
    assert "Removed 1 incident held for January 2024 to March 2024 that this file no " in (
        batch.message
    )
    assert "every row was already held" not in batch.message


def test_without_a_stated_period_nothing_is_withdrawn(run_import, tmp_path):
    rows = [partnership("A-1", "2024-01-10"), partnership("A-2", "2024-02-03")]
    run_import(write_file(tmp_path / "all.csv", rows, header=HEADER))
    run_import(write_file(tmp_path / "one.csv", rows[:1], header=HEADER))
    assert [ref for ref, *_ in held()] == ["A-1", "A-2"]


def test_rows_with_problems_withdraw_nothing(run_import, tmp_path):
    run_import(
        write_file(
            tmp_path / "q1.csv",
            [partnership("A-1", "2024-01-10"), partnership("A-2", "2024-02-03")],
            header=HEADER,
        ),
        period=FIRST_QUARTER,
    )
    # A-2 is still in the file, but on a row with a problem: it is not withdrawn.
    partial = write_file(
        tmp_path / "partial.csv",
        [partnership("A-1", "2024-01-10"), partnership("A-2", "2024-02-31")],
        header=HEADER,
    )
    batch = run_import(partial, period=FIRST_QUARTER, store_valid_rows=True)
    assert batch.status == "done" and batch.rows_rejected == 1
    assert [ref for ref, *_ in held()] == ["A-1", "A-2"]
    assert "nothing held in its period was removed as withdrawn at source" in batch.message


def test_an_earlier_partnership_file_uploaded_again_is_applied_again(run_import, tmp_path):
    original = write_file(
        tmp_path / "q1.csv",
        [partnership("A-1", "2024-01-10"), partnership("A-2", "2024-02-03")],
        header=HEADER,
    )
    correction = write_file(
        tmp_path / "q1-correction.csv",
        [partnership("A-1", "2024-01-10", age="23"), partnership("A-3", "2024-03-15")],
        header=HEADER,
    )
    run_import(original, period=FIRST_QUARTER)
    as_first = held()
    corrected = run_import(correction, period=FIRST_QUARTER)
    assert (corrected.rows_updated, corrected.rows_stored, corrected.rows_replaced) == (1, 1, 1)
    # The correction was wrong: the analyst uploads the original again.
    again = run_import(original, period=FIRST_QUARTER)
    assert again.status == "done", again.message
    assert held() == as_first
    assert (again.rows_updated, again.rows_stored, again.rows_replaced) == (1, 1, 1)
    assert f"from batch {corrected.pk} (q1-correction.csv)" in again.message
    assert "every row was already held" not in again.message


def test_an_earlier_hospital_extract_uploaded_again_is_applied_again(run_import, tmp_path):
    original = extract(tmp_path, [KNIFE, PUNCH, HOME], name="march.csv")
    revised = extract(tmp_path, [KNIFE], name="march-revised.csv")
    first = run_import(original)
    days = sorted(Incident.objects.values_list("arrived_on", "category"))
    second = run_import(revised)
    assert Incident.objects.count() == 1 and second.rows_replaced == 3
    again = run_import(original)
    assert again.status == "done", again.message
    assert sorted(Incident.objects.values_list("arrived_on", "category")) == days
    assert (again.rows_stored, again.rows_replaced, again.rows_duplicate) == (3, 1, 0)
    assert again.same_file_as_id == first.pk
    assert (
        "Replaced 1 attendance held for site RD816 over March 2024: "
        f"1 from batch {second.pk} (march-revised.csv)."
    ) in again.message
    assert "every row was already held" not in again.message


def test_the_very_same_extract_again_still_changes_nothing(run_import, tmp_path):
    original = extract(tmp_path, [KNIFE, PUNCH], name="march.csv")
    run_import(original)
    again = run_import(original)
    assert (again.rows_stored, again.rows_replaced, again.rows_duplicate) == (0, 0, 2)
    assert "Nothing changed: every row was already held." in again.message
