"""Merge: a police.uk file overlapping what is held goes to a temporary staging table, and
set-based SQL inserts the new crimes and updates the outcome of known ones.

Rows without a Crime ID (anti-social behaviour) legitimately repeat, so they cannot be matched
one by one. For each distinct ID-less row (force, month, location, category, coordinates)
the table keeps as many copies as the most seen in any one file: a re-upload never doubles
them, and a partial file (a subset, the first 50 rows) never deletes what it could not hold."""

from __future__ import annotations

from typing import IO, Any

from django.db import connection

from ..models import Source
from .counts import READ_SHARE, ImportCounts, ImportOutcome, Progress
from .coverage import record_policeuk_coverage
from .reading import ChunkedWriter, file_size, good_rows, open_records

# --- merge -------------------------------------------------------------------------------------

# Typed columns of a staging row. Text fields are '' when empty.
TYPED_COLUMNS = """
    COALESCE(s.reported_by, '') AS reported_by,
    COALESCE(s.falls_within, '') AS force,
    to_date(s.month, 'YYYY-MM') AS month,
    NULLIF(s.longitude, '')::double precision AS longitude,
    NULLIF(s.latitude, '')::double precision AS latitude,
    COALESCE(s.location, '') AS location,
    COALESCE(s.lsoa_code, '') AS lsoa_code,
    COALESCE(s.lsoa_name, '') AS lsoa_name,
    COALESCE(s.crime_type, '') AS category,
    COALESCE(s.last_outcome, '') AS last_outcome,
    COALESCE(s.context, '') AS context
"""
INCIDENT_COLUMNS = (
    "reported_by, force, month, longitude, latitude, location, lsoa_code, lsoa_name, "
    "category, last_outcome, context"
)
# The same text from a stored incident and from a typed staging row, to compare contents.
_ROW_TEXT = (
    "concat_ws('|', reported_by, force, month, longitude, latitude, location, lsoa_code, "
    "lsoa_name, category, last_outcome, context)"
)


def create_staging(cursor: Any, name: str = "import_staging") -> None:
    """A temporary table for a file's rows as text, each with its line number."""
    cursor.execute(
        f"CREATE TEMP TABLE {name} ("
        "line_no integer, crime_id text, month text, reported_by text, "
        "falls_within text, longitude text, latitude text, location text, "
        "lsoa_code text, lsoa_name text, crime_type text, last_outcome text, "
        "context text) ON COMMIT DROP"
    )


def merge_policeuk(
    raw: IO[bytes],
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
) -> ImportOutcome:
    counts = ImportCounts()
    size = file_size(raw)
    file_format, records = open_records(raw, requested_format)
    seen: set[int] = set()
    notes: dict[str, int] = {}  # what the checks noticed in good rows (rows outside the UK)
    codes, codes_get = counts.lsoa_codes, counts.lsoa_codes.get  # per row: no method calls
    with connection.cursor() as cursor:
        create_staging(cursor)
        with cursor.cursor.copy("COPY import_staging FROM STDIN (FORMAT csv)") as copy:
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
                if fields[0]:
                    key = hash(fields[0])
                    if key in seen:
                        counts.references_may_repeat = True
                    seen.add(key)
                # The row's own text goes to COPY untouched, prefixed with its line number.
                out.write(f"{line_no},{original}\n")
            out.flush()
        counts.outside_uk = notes.get("outside_uk", 0)
        if counts.rejected and not store_valid_rows:
            return ImportOutcome(counts, file_format, path="merge")
        progress(READ_SHARE)
        _merge_with_reference(cursor, batch_id, counts)
        merge_without_reference(cursor, batch_id, counts)
    record_policeuk_coverage(batch_id, counts)
    return ImportOutcome(counts, file_format, path="merge")


def scalar(cursor: Any, sql: str) -> int:
    cursor.execute(sql)
    return int(cursor.fetchone()[0])


def _merge_with_reference(cursor: Any, batch_id: int, counts: ImportCounts) -> None:
    source = Source.POLICEUK_STREET.value
    # Sorting a million IDs in memory rather than on disk.
    cursor.execute("SET LOCAL work_mem = '256MB'")
    # One merge at a time: two files holding the same new crime must not both insert it.
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('mkviolence.incident-merge'))")
    refs = "import_staging"
    if counts.references_may_repeat:
        # Once each: the last occurrence when the file repeats an ID.
        refs = "import_ref"
        cursor.execute(
            "CREATE TEMP TABLE import_ref ON COMMIT DROP AS "
            "SELECT DISTINCT ON (crime_id) * FROM import_staging "
            "WHERE crime_id <> '' ORDER BY crime_id, line_no DESC"
        )
    # Temporary tables have no statistics until analysed: without them the planner guesses
    # their size and may scan the whole incident table for a file of a few thousand rows.
    cursor.execute(f"ANALYZE {refs}")
    # Match every staged crime with what is held, once.
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_matched ON COMMIT DROP AS
        SELECT s.line_no, i.id AS incident_id, i.last_outcome AS held_outcome,
               COALESCE(s.last_outcome, '') AS new_outcome
        FROM {refs} s
        LEFT JOIN incidents_incident i
          ON i.source = %(source)s AND i.source_ref = s.crime_id AND i.source_ref <> ''
        WHERE s.crime_id <> ''
        """,  # noqa: S608 - table name chosen above, values are parameters
        {"source": source},
    )
    # A known crime changes only when its outcome did (police.uk updates outcomes monthly).
    cursor.execute(
        """
        UPDATE incidents_incident i SET last_outcome = m.new_outcome
        FROM import_matched m
        WHERE i.id = m.incident_id AND m.held_outcome <> m.new_outcome
        """
    )
    counts.updated += cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, source_ref, {INCIDENT_COLUMNS}, batch_id)
        SELECT %(source)s, s.crime_id, {TYPED_COLUMNS}, %(batch)s
        FROM import_matched m JOIN {refs} s USING (line_no)
        WHERE m.incident_id IS NULL
        ORDER BY s.crime_id
        """,  # noqa: S608
        {"source": source, "batch": batch_id},
    )
    inserted = cursor.rowcount
    counts.stored += inserted
    # Rows of known, unchanged crimes, and repeats of an ID within the file.
    rows_with_id = scalar(cursor, "SELECT count(*) FROM import_staging WHERE crime_id <> ''")
    counts.duplicate += rows_with_id - inserted - counts.updated


# What makes two ID-less (anti-social behaviour) rows the same report. Coordinates are compared
# as NaN where there are none (NaN equals NaN in PostgreSQL; NULL equals nothing), so the rows
# can be matched with a hash join. Not the LSOA code: the point already fixes where a report is,
# and the code it is given depends on who placed it (a 2011 or a 2021 code; police.uk's own
# boundaries in a CSV, the shipped ones for a month pulled from the API), so the same report
# must not count twice for being placed twice.
_NOREF_KEY = ("force", "month", "location", "category", "k_longitude", "k_latitude")
_NOREF_KEY_VALUES = (
    "force, month, location, category, "
    "COALESCE(longitude, 'NaN'::float8) AS k_longitude, "
    "COALESCE(latitude, 'NaN'::float8) AS k_latitude"
)


def merge_without_reference(cursor: Any, batch_id: int, counts: ImportCounts) -> None:
    """ID-less rows legitimately repeat (two reports at the same place in a month), so they
    cannot be matched one by one. The rule: of each distinct row (force, month, location,
    category, coordinates), hold as many copies as the largest number seen in any one file.
    So a re-upload never doubles them, and a file that holds part of a force-month (a Milton
    Keynes subset, the first rows) never deletes the rows it could not have contained."""
    source = Source.POLICEUK_STREET.value
    key = ", ".join(_NOREF_KEY)
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_noref ON COMMIT DROP AS
        SELECT *, row_number() OVER (PARTITION BY {key}) AS copy
        FROM (SELECT *, COALESCE(longitude, 'NaN'::float8) AS k_longitude,
                     COALESCE(latitude, 'NaN'::float8) AS k_latitude
              FROM (SELECT {TYPED_COLUMNS} FROM import_staging s
                    WHERE COALESCE(s.crime_id, '') = '') typed) keyed
        """  # noqa: S608
    )
    # The file's force-months, as values the planner can see: read from the temporary table
    # (which has no statistics) it would guess hundreds and scan every ID-less row held, a cost
    # that grows with the table (0.5 s a file at 500,000 such rows) instead of with the file.
    cursor.execute("SELECT DISTINCT force, month FROM import_noref")
    pairs = cursor.fetchall()
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_noref_changed ON COMMIT DROP AS
        WITH held AS (
            SELECT {key}, count(*) AS n
            FROM (SELECT {_NOREF_KEY_VALUES} FROM incidents_incident
                  WHERE source = %(source)s AND source_ref = ''
                    AND (force, month) IN (
                        SELECT * FROM unnest(%(forces)s::text[], %(months)s::date[]))) h
            GROUP BY {key}
        )
        SELECT r.* FROM import_noref r LEFT JOIN held h USING ({key})
        WHERE r.copy > COALESCE(h.n, 0)
        """,  # noqa: S608
        {
            "source": source,
            "forces": [force for force, _ in pairs],
            "months": [month for _, month in pairs],
        },
    )
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, source_ref, {INCIDENT_COLUMNS}, batch_id)
        SELECT %(source)s, '', {", ".join("r." + c for c in INCIDENT_COLUMNS.split(", "))},
               %(batch)s
        FROM import_noref_changed r
        """,  # noqa: S608
        {"source": source, "batch": batch_id},
    )
    inserted = cursor.rowcount
    counts.stored += inserted
    counts.duplicate += scalar(cursor, "SELECT count(*) FROM import_noref") - inserted
