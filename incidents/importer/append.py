"""Append: a police.uk file of crimes not yet held (a new month) is ``COPY``-ed straight into
``incidents_incident`` inside a savepoint. If any Crime ID is in fact already held, the unique
index stops the ``COPY``, the savepoint is rolled back and the file is merged instead. Cheap
because every row is written once."""

from __future__ import annotations

import csv
import io
import tempfile
from typing import IO, Any

import psycopg
from django.db import connection, transaction

from ..models import Source
from .counts import READ_SHARE, ImportCounts, ImportOutcome, Progress
from .coverage import record_policeuk_coverage
from .merge import INCIDENT_COLUMNS, create_staging, merge_without_reference
from .reading import COPY_CHUNK_CHARS, ChunkedWriter, file_size, good_rows, open_records

# A file overlapping what is held (a re-download, an updated month) overlaps almost whole, so a
# few of its first Crime IDs tell; any other overlap stops the COPY at the unique index. Each ID
# probed is a random read of that index, which outgrows memory: 1,000 of them cost 0.15-0.35 s a
# file at 6 million rows held (EXPLAIN ANALYZE: an index-only scan, 993 index searches,
# thousands of buffers read), a cost that grew with the table, not the file.
PROBE_REFERENCES = 16

# --- append ------------------------------------------------------------------------------------

_APPEND_COLUMNS = (
    "source, batch_id, source_ref, month, reported_by, force, longitude, latitude, location, "
    "lsoa_code, lsoa_name, category, last_outcome, context"
)
_TEXT_COLUMNS = (
    "source_ref, reported_by, force, location, lsoa_code, lsoa_name, category, last_outcome, "
    "context"
)
_APPEND_COPY = (
    f"COPY incidents_incident ({_APPEND_COLUMNS}) FROM STDIN "
    f"(FORMAT csv, FORCE_NOT_NULL ({_TEXT_COLUMNS}))"
)


def references_already_held(raw: IO[bytes], requested_format: str) -> bool:
    """Whether any of the file's first ``PROBE_REFERENCES`` Crime IDs is already stored (then
    merge, not append)."""
    _, records = open_records(raw, requested_format)
    refs: list[str] = []
    for _, fields, _ in records:
        if fields and fields[0] and '"' not in fields[0]:
            refs.append(fields[0])
            if len(refs) >= PROBE_REFERENCES:
                break
    records.close()
    if not refs:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM incidents_incident "
            "WHERE source = %s AND source_ref = ANY(%s) AND source_ref <> '')",
            [Source.POLICEUK_STREET.value, refs],
        )
        return bool(cursor.fetchone()[0])


def try_append(
    raw: IO[bytes],
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
) -> ImportOutcome | None:
    """COPY new crimes straight into the incident table. None when one was already held (the
    savepoint is rolled back and the caller merges instead)."""
    counts = ImportCounts()
    size = file_size(raw)
    file_format, records = open_records(raw, requested_format)
    prefix = f"{Source.POLICEUK_STREET.value},{batch_id},"
    codes, codes_get = counts.lsoa_codes, counts.lsoa_codes.get  # per row: no method calls
    quoting = io.StringIO()
    quoter = csv.writer(quoting, lineterminator="\n")
    notes: dict[str, int] = {}  # what the checks noticed in good rows (rows outside the UK)
    seen: set[int] = set()  # hashes of the Crime IDs sent (a collision only costs a lookup)
    no_ref_months: set[tuple[str, str]] = set()  # (force, month) of the rows without an ID
    no_ref_count = 0
    target: Any
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with (
                tempfile.TemporaryFile("w+", encoding="utf-8") as no_ref,
                tempfile.TemporaryFile("w+", encoding="utf-8") as no_ref_rows,
                tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as repeated,
            ):
                with cursor.cursor.copy(_APPEND_COPY) as copy:
                    out = ChunkedWriter(copy)
                    for line_no, fields, original in good_rows(
                        records,
                        file_format,
                        counts,
                        strict=not store_valid_rows,
                        progress=progress,
                        raw=raw,
                        size=size,
                        context=notes,
                    ):
                        counts.coverage.add((fields[3], fields[1]))
                        codes[fields[7]] = codes_get(fields[7], 0) + 1
                        if not fields[0]:
                            # Kept both ways: ready for the incident table, and for the merge
                            # should this force-month already hold ID-less rows.
                            no_ref.write(f"{line_no},{original}\n")
                            no_ref_months.add((fields[3], fields[1]))
                            no_ref_count += 1
                            target = no_ref_rows
                        else:
                            key = hash(fields[0])
                            if key in seen:
                                # The same crime twice in one file (real files do this):
                                # stored once, the last occurrence winning, after the COPY.
                                repeated.write(original + "\n")
                                continue
                            seen.add(key)
                            counts.stored += 1
                            target = out
                        if '"' in original:
                            fields[1] += "-01"
                            quoter.writerow(fields)
                            target.write(prefix + quoting.getvalue())
                            quoting.seek(0)
                            quoting.truncate()
                        else:
                            crime_id, month, rest = original.split(",", 2)
                            target.write(f"{prefix}{crime_id},{month}-01,{rest}\n")
                    out.flush()
                counts.outside_uk = notes.get("outside_uk", 0)
                if counts.rejected and not store_valid_rows:
                    return ImportOutcome(counts, file_format, path="append")
                progress(READ_SHARE)
                if repeated.tell():
                    _store_repeats(cursor, repeated, batch_id, counts)
                if no_ref_count and not _without_reference_held(cursor, no_ref_months):
                    # A force-month holding no ID-less rows yet (a new month): every one of
                    # this file's is stored (the most copies seen in one file), straight in.
                    _copy_lines(cursor, no_ref_rows, _APPEND_COPY)
                    counts.stored += no_ref_count
                elif no_ref_count:
                    create_staging(cursor)
                    _copy_lines(cursor, no_ref, "COPY import_staging FROM STDIN (FORMAT csv)")
                    merge_without_reference(cursor, batch_id, counts)
                record_policeuk_coverage(batch_id, counts)
    except psycopg.errors.UniqueViolation:
        return None
    return ImportOutcome(counts, file_format, path="append")


# Repeated Crime IDs are applied this many at a time (a real file repeats a few dozen).
REPEATS_A_STATEMENT = 5_000
_REPEAT_FIELDS = (
    "crime_id, month, reported_by, force, longitude, latitude, location, lsoa_code, lsoa_name, "
    "category, last_outcome, context"
)
_INCIDENT_FIELDS = [c.strip() for c in INCIDENT_COLUMNS.split(",")]
# The repeats as rows (every column given as text, as in the file), typed as a merge types
# staging rows; then, in one statement, the rows this file stored updated with the last
# occurrence's values and any ID not stored at all (it only shared a hash) inserted.
_APPLY_REPEATS = f"""
    WITH r AS (
        SELECT r.crime_id, r.reported_by, r.force, to_date(r.month, 'YYYY-MM') AS month,
               NULLIF(r.longitude, '')::double precision AS longitude,
               NULLIF(r.latitude, '')::double precision AS latitude,
               r.location, r.lsoa_code, r.lsoa_name, r.category, r.last_outcome, r.context
        FROM unnest({", ".join(f"%(c{i})s::text[]" for i in range(12))}) AS r({_REPEAT_FIELDS})
    ), updated AS (
        UPDATE incidents_incident i SET {", ".join(f"{c} = r.{c}" for c in _INCIDENT_FIELDS)}
        FROM r
        WHERE i.source = %(source)s AND i.source_ref = r.crime_id AND i.source_ref <> ''
          AND i.batch_id = %(batch)s
    )
    INSERT INTO incidents_incident (source, source_ref, {INCIDENT_COLUMNS}, batch_id)
    SELECT %(source)s, r.crime_id, {", ".join("r." + c for c in _INCIDENT_FIELDS)}, %(batch)s
    FROM r
    WHERE NOT EXISTS (
        SELECT 1 FROM incidents_incident i
        WHERE i.source = %(source)s AND i.source_ref = r.crime_id AND i.source_ref <> '')
"""  # noqa: S608 - column names are constants, values are parameters


def _store_repeats(cursor: Any, repeated: IO[str], batch_id: int, counts: ImportCounts) -> None:
    """Crime IDs seen again later in the file: the last occurrence's values replace what this
    file's first occurrence stored (as a merge keeps the last), and each repeat counts as a
    duplicate. An ID that only shared a hash with another is stored here instead.

    One statement a few thousand repeats, their values given as arrays: no staging table to
    create, fill and analyse for the few dozen a real file holds."""
    repeated.seek(0)
    total = inserted = 0
    last: dict[str, list[str]] = {}
    for fields in csv.reader(repeated):
        total += 1
        last[fields[0]] = fields  # a later occurrence replaces an earlier one
        if len(last) >= REPEATS_A_STATEMENT:
            inserted += _apply_repeats(cursor, last, batch_id)
            last = {}
    if last:
        inserted += _apply_repeats(cursor, last, batch_id)
    counts.stored += inserted
    counts.duplicate += total - inserted


def _apply_repeats(cursor: Any, last: dict[str, list[str]], batch_id: int) -> int:
    """Apply one run of repeats (each ID's last occurrence so far); how many were inserted.
    Runs apply in the file's order, so a later run's occurrence wins over an earlier one's."""
    rows = list(last.values())
    # The file's column order: Crime ID, Month, Reported by, Falls within, Longitude,
    # Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category, Context.
    cursor.execute(
        _APPLY_REPEATS,
        {
            **{f"c{i}": [row[i] for row in rows] for i in range(12)},
            "source": Source.POLICEUK_STREET.value,
            "batch": batch_id,
        },
    )
    return int(cursor.rowcount)


def _copy_lines(cursor: Any, lines: IO[str], statement: str) -> None:
    lines.seek(0)
    with cursor.cursor.copy(statement) as copy:
        while chunk := lines.read(COPY_CHUNK_CHARS):
            copy.write(chunk)


def _without_reference_held(cursor: Any, months: set[tuple[str, str]]) -> bool:
    """Whether any of these (force, "YYYY-MM") already holds rows without a Crime ID (an
    index scan of each force-month, given as values the planner can see)."""
    cursor.execute(
        """
        SELECT EXISTS (
            SELECT 1 FROM incidents_incident
            WHERE source = %(source)s AND source_ref = ''
              AND (force, month) IN (
                  SELECT * FROM unnest(%(forces)s::text[], %(months)s::date[])))
        """,
        {
            "source": Source.POLICEUK_STREET.value,
            "forces": [force for force, _ in months],
            "months": [f"{month}-01" for _, month in months],
        },
    )
    return bool(cursor.fetchone()[0])
