"""Files that replace a period, imported at the same moment (two analysts, two workers): each
site's replacements take turns, and coverage is worked out in the transaction that stores the
rows, so the result is that of importing them one after the other: nothing counted twice,
every covered day counted.

Each test holds a lock on the coverage table while both imports start, so both are inside their
transactions, past reading what is held, before either can commit: the race happens every time
rather than now and then."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg
import pytest
from django.db import connection

from incidents.models import ImportBatch, Incident, SourceCoverage
from incidents.services import import_batch_create, import_batch_run
from tests.factories import extract

pytestmark = pytest.mark.django_db(transaction=True)


def attendance(day: str, method: str = "Knife or sharp object") -> str:
    return f"{day},21:40,{day},21:05,{method},,Street or public place,,16-24"


def _connect() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


def import_together(*paths) -> list[ImportBatch]:  # noqa: ANN002
    ids = [import_batch_create(path=path).pk for path in paths]

    def run(batch_id: int) -> None:
        try:
            import_batch_run(batch_id=batch_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(batch_id,)) for batch_id in ids]
    with _connect() as holder:
        holder.execute("LOCK TABLE incidents_sourcecoverage IN EXCLUSIVE MODE")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while True:  # both imports are waiting: on the coverage table, or one on the other
            holder.execute("SELECT pg_stat_clear_snapshot()")  # else it is read once a transaction
            (waiting,) = holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            ).fetchone()
            if waiting >= len(ids):
                break
            assert time.monotonic() < deadline, "the imports never met"
            time.sleep(0.02)
        holder.commit()
    for thread in threads:
        thread.join(timeout=60)
    batches = list(ImportBatch.objects.filter(pk__in=ids).order_by("finished_at"))
    assert [b.status for b in batches] == ["done", "done"], [b.message for b in batches]
    return batches


def february() -> SourceCoverage:
    return SourceCoverage.objects.get(source="hospital", scope="RD816", month=date(2024, 2, 1))


def test_adjacent_extracts_imported_together_cover_the_whole_month(tmp_path):
    first = extract(
        tmp_path,
        [attendance("2024-02-02"), attendance("2024-02-10")],
        start="2024-02-01",
        end="2024-02-14",
        name="first-half.csv",
    )
    second = extract(
        tmp_path,
        [attendance("2024-02-20"), attendance("2024-02-27")],
        start="2024-02-15",
        end="2024-02-29",
        name="second-half.csv",
    )
    import_together(first, second)
    assert (february().days_covered, february().complete) == (29, True)
    assert Incident.objects.filter(source="hospital").count() == 4


def test_overlapping_extracts_imported_together_count_each_attendance_once(tmp_path):
    # The same attendance on 15 February is in both; whichever commits last replaces the days
    # both cover (10 to 20 February), as it would had they come one after the other.
    first = extract(
        tmp_path,
        [attendance("2024-02-05"), attendance("2024-02-15")],
        start="2024-02-01",
        end="2024-02-20",
        name="early.csv",
    )
    second = extract(
        tmp_path,
        [attendance("2024-02-15"), attendance("2024-02-25")],
        start="2024-02-10",
        end="2024-02-29",
        name="late.csv",
    )
    earlier, later = import_together(first, second)
    days = sorted(Incident.objects.filter(source="hospital").values_list("arrived_on", flat=True))
    assert days == [date(2024, 2, 5), date(2024, 2, 15), date(2024, 2, 25)]
    assert (earlier.rows_replaced, later.rows_replaced) == (0, 1)
    assert (february().days_covered, february().complete) == (29, True)


def test_partnership_files_holding_the_same_incidents_imported_together_both_finish(tmp_path):
    from tests.factories import PARTNERSHIP_ROW_HEADER as HEADER
    from tests.factories import partnership_row as row
    from tests.factories import write_file

    first = write_file(
        tmp_path / "monday.csv",
        [row(source_reference="REF-1"), row(source_reference="REF-2")],
        header=HEADER,
    )
    second = write_file(
        tmp_path / "tuesday.csv",
        [row(source_reference="REF-2", victim_age="20"), row(source_reference="REF-3")],
        header=HEADER,
    )
    earlier, later = import_together(first, second)
    assert sorted(Incident.objects.values_list("source_ref", flat=True)) == [
        "REF-1",
        "REF-2",
        "REF-3",
    ]
    assert (earlier.rows_stored, later.rows_stored + later.rows_updated) == (2, 2)
