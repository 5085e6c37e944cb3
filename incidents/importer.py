"""The bulk import engine: one file into ``incidents_incident``, inside the caller's transaction.

Reading: the file is streamed once per pass. Python checks every row (``formats``) and hands the
good ones to PostgreSQL ``COPY``; most rows hold no quote character and are split directly,
which is several times faster than the csv module.

Two ways to store, chosen per file:

* **Append** (a file of crimes not yet held, e.g. a new month): good rows with a Crime ID are
  ``COPY``-ed straight into ``incidents_incident``, inside a savepoint. If any of them is in fact
  already held, the unique index stops the ``COPY``, the savepoint is rolled back and the file
  is merged instead. Cheap because every row is written once.
* **Merge** (a file overlapping what is held): good rows go to a temporary staging table and
  set-based SQL inserts the new crimes and updates the outcome of known ones.

Rows without a Crime ID (anti-social behaviour) legitimately repeat, so they cannot be matched
one by one: a file replaces the ID-less rows of each force and month it holds, unless that
force-month already holds exactly the same rows.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Any

import psycopg
from django.db import connection, transaction

from .formats import FORMATS, Context, FileFormat, FileRefused, RowProblem, detect_format
from .models import TEXT_MAX, Area, Source, SourceCoverage
from .months import month_end, month_range

# A record (a line, or lines joined inside quotes) longer than this is not parsed: a quote left
# open would otherwise join the rest of the file into one field.
MAX_RECORD_CHARS = 1 << 20
csv.field_size_limit(MAX_RECORD_CHARS)
UNREADABLE: list[str] = []  # marks a record that is not CSV (compared by identity)
UNREADABLE_REASON = (
    "cannot be read as CSV: a quote is opened and never closed, or the line is longer than "
    f"{MAX_RECORD_CHARS:,} characters"
)
# Row problems kept for the report; all are counted.
MAX_ROW_ERRORS_STORED = 10_000
PROGRESS_EVERY_ROWS = 50_000
COPY_CHUNK_CHARS = 1 << 20
# Share of the progress bar for reading the file; storing takes the rest.
READ_SHARE = 80
# How many Crime IDs to look up before choosing between append and merge.
PROBE_REFERENCES = 1_000

Progress = Callable[[int], None]
PREAMBLE_KEYS = frozenset(k for f in FORMATS.values() for k in f.preamble)
Record = tuple[int, list[str], str]


@dataclass
class ImportCounts:
    read: int = 0
    stored: int = 0
    updated: int = 0
    duplicate: int = 0
    replaced: int = 0
    rejected: int = 0
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    # Whether the file may hold one Crime ID twice (by hash: may say yes wrongly, never no).
    references_may_repeat: bool = False
    # (scope, month) pairs the file covers: force and "YYYY-MM" for police.uk.
    coverage: set[tuple[str, Any]] = field(default_factory=set)
    # Rows per LSOA code, to count those outside the loaded areas.
    lsoa_codes: dict[str, int] = field(default_factory=dict)
    unknown_lsoa: int = 0
    # The period the file was taken to cover, for the report: (first day, last day, how known),
    # and what it covers (a hospital site).
    period: tuple[date, date, str] | None = None
    scope: str = ""

    def count_lsoa(self, code: str) -> None:
        if code:
            self.lsoa_codes[code] = self.lsoa_codes.get(code, 0) + 1


@dataclass
class ImportOutcome:
    counts: ImportCounts
    file_format: FileFormat | None = None
    refusal: str = ""
    path: str = ""  # "append" or "merge", for logs and benchmarks


def import_file(
    path: str,
    *,
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
    context: Context,
) -> ImportOutcome:
    """Import one file. Call inside ``transaction.atomic()``; when the outcome has a refusal, or
    rejected rows while ``store_valid_rows`` is off, the caller must roll back. ``context``
    holds ``today`` (a date) and ``partnership_la_code``."""
    _drop_temporary_tables()
    try:
        with open(path, "rb") as raw:
            file_format, records = _open(raw, requested_format, context)
            records.close()  # refuse a wrong file before anything else
            if file_format.merge != "policeuk":
                return _refuse_if_no_rows(_with_unknown_lsoas(
                    _import_converted(raw, batch_id, file_format, store_valid_rows, progress,
                                      context)
                ))  # fmt: skip
            outcome = None
            if not _references_already_held(raw, requested_format):
                outcome = _try_append(raw, batch_id, requested_format, store_valid_rows, progress)
            if outcome is None:
                outcome = _merge(raw, batch_id, requested_format, store_valid_rows, progress)
            return _refuse_if_no_rows(_with_unknown_lsoas(outcome))
    except FileRefused as refused:
        return ImportOutcome(ImportCounts(), refusal=str(refused))


def _refuse_if_no_rows(outcome: ImportOutcome) -> ImportOutcome:
    """A file of no rows says nothing, unless it states a period: then it says "none in it"
    (a hospital extract of a quiet fortnight, a partnership file with its period stated)."""
    if not outcome.refusal and outcome.counts.read == 0 and outcome.counts.period is None:
        outcome.refusal = "The file has its header but no rows: there is nothing to import."
    return outcome


def _with_unknown_lsoas(outcome: ImportOutcome) -> ImportOutcome:
    """Count the rows whose LSOA code is in no loaded area (another partnership's, or a code
    the reference data lacks): they count for their force, never for a ward or local authority."""
    codes = {c: n for c, n in outcome.counts.lsoa_codes.items() if c}
    if codes:
        known = set(
            Area.objects.filter(level=Area.Level.LSOA, code__in=list(codes)).values_list(
                "code", flat=True
            )
        )
        outcome.counts.unknown_lsoa = sum(n for code, n in codes.items() if code not in known)
    return outcome


def _drop_temporary_tables() -> None:
    """Temporary tables go at commit; an earlier import in the same transaction (several files
    in one test, say) may have left them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS import_staging, import_ref, import_matched, import_noref, "
            "import_noref_changed, import_rows, import_rows_unique, import_groups"
        )


# --- reading -----------------------------------------------------------------------------------


def _open(
    raw: IO[bytes], requested_format: str, context: Context | None = None
) -> tuple[FileFormat, Iterator[Record]]:
    """Rewind, refuse what is not a CSV of a known format, and return the data records.
    A preamble of ``key,value`` lines before the header (ISTV extracts) is checked and its
    values put in ``context``."""
    raw.seek(0)
    head = raw.read(8192)
    raw.seek(0)
    if not head.strip():
        raise FileRefused("The file is empty.")
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "This is not a CSV text file (it looks like a spreadsheet or other binary file). "
            "Save it as CSV (UTF-8) and upload that."
        )
    records = _records(raw)
    try:
        _, header, _ = next(records)
        preamble: dict[str, str] = {}
        while header and header[0].strip() in PREAMBLE_KEYS and len(header) <= 2:
            preamble[header[0].strip()] = header[1] if len(header) > 1 else ""
            _, header, _ = next(records)
    except StopIteration:
        raise FileRefused(
            "The file is empty." if not preamble else "The file has no rows."
        ) from None
    file_format = detect_format(header, requested_format)
    if file_format.preamble:
        missing = [k for k in file_format.preamble if k not in preamble]
        if missing:
            raise FileRefused(
                f"A {file_format.label} starts with the lines {', '.join(file_format.preamble)} "
                f"before its header; missing: {', '.join(missing)}."
            )
        if context is not None and file_format.check_preamble is not None:
            context.update(file_format.check_preamble(preamble))
    elif preamble:
        raise FileRefused(f"A {file_format.label} has no lines before its header.")
    return file_format, records


def _records(raw: IO[bytes]) -> Iterator[Record]:
    """(first line number, fields, original text without line ending) for each CSV record,
    skipping blank lines. UTF-8 with or without a byte-order mark; a line that is not UTF-8
    refuses the file, naming the line."""
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    line_no = 0
    lines = iter(text)
    try:
        for line in lines:
            line_no += 1
            start = line_no
            if '"' not in line:
                original = line.rstrip("\r\n")
                if original.strip():
                    yield start, original.split(","), original
                continue
            # An odd number of quotes means a quoted field runs on past this line; a quote
            # never closed must not swallow the rest of the file into one record.
            chunk = line
            while (
                chunk.count('"') % 2
                and len(chunk) <= MAX_RECORD_CHARS
                and (extra := next(lines, None)) is not None
            ):
                chunk += extra
                line_no += 1
            original = chunk.rstrip("\r\n")
            if len(chunk) > MAX_RECORD_CHARS:
                yield start, UNREADABLE, original[:200]
                continue
            try:
                fields = next(csv.reader(io.StringIO(chunk)), [])
            except csv.Error:
                fields = UNREADABLE
            yield start, fields, original
    except UnicodeDecodeError:
        # Text is decoded a block at a time, so find the line by reading the bytes again.
        raise FileRefused(
            f"Line {_first_line_not_utf8(raw)} is not UTF-8 text. Save the file as CSV (UTF-8) "
            "and upload it again."
        ) from None
    finally:
        # Hand the byte stream back rather than letting the wrapper close it; the caller may
        # read the file again. (After the caller closed it there is nothing left to hand back.)
        if not raw.closed:
            text.detach()


def _first_line_not_utf8(raw: IO[bytes]) -> int:
    raw.seek(0)
    for number, line in enumerate(raw, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 0


def _good_rows(
    records: Iterator[Record],
    file_format: FileFormat,
    counts: ImportCounts,
    *,
    strict: bool,
    progress: Progress,
    raw: IO[bytes],
    size: int,
    context: Context | None = None,
) -> Iterator[Record]:
    """The rows that pass their format's checks; the others are counted and their problems
    kept. In strict mode nothing is stored once a row fails, so the rest are only checked."""
    validate = file_format.validate_row
    width = len(file_format.header)
    next_report = PROGRESS_EVERY_ROWS
    for record in records:
        line_no, fields, original = record
        counts.read += 1
        if fields is UNREADABLE:
            problems: list[RowProblem] = [("", UNREADABLE_REASON, original[:200])]
        elif len(fields) != width:
            problems = [("", f"has {len(fields)} columns; expected {width}", original[:200])]
        else:
            problems = validate(fields, context)
            if not problems and len(original) > TEXT_MAX:
                # Only a row this long can hold a field too long to store: check each.
                problems = _long_fields(fields, file_format.header)
        if problems:
            counts.rejected += 1
            for column, reason, value in problems:
                if len(counts.problems) < MAX_ROW_ERRORS_STORED:
                    counts.problems.append((line_no, column, reason, value))
        elif not (strict and counts.rejected):
            yield record
        if counts.read >= next_report:
            next_report += PROGRESS_EVERY_ROWS
            progress(int(READ_SHARE * min(1.0, raw.tell() / size)))


def _long_fields(fields: list[str], header: tuple[str, ...]) -> list[RowProblem]:
    return [
        (column, f"is longer than {TEXT_MAX:,} characters", value[:80] + "…")
        for column, value in zip(header, fields, strict=True)
        if len(value) > TEXT_MAX
    ]


def _file_size(raw: IO[bytes]) -> int:
    raw.seek(0, io.SEEK_END)
    size = raw.tell()
    raw.seek(0)
    return max(size, 1)


class _ChunkedWriter:
    """Collects text and sends it to a COPY in chunks of about a megabyte."""

    def __init__(self, copy: Any) -> None:
        self.copy = copy
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= COPY_CHUNK_CHARS:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.copy.write("".join(self.parts))
            self.parts.clear()
            self.size = 0


# --- append ------------------------------------------------------------------------------------

_APPEND_COLUMNS = (
    "source, batch_id, source_ref, month, reported_by, force, longitude, latitude, location, "
    "lsoa_code, lsoa_name, category, last_outcome, context"
)
_TEXT_COLUMNS = (
    "reported_by, force, location, lsoa_code, lsoa_name, category, last_outcome, context"
)


def _references_already_held(raw: IO[bytes], requested_format: str) -> bool:
    """Whether any of the file's first Crime IDs is already stored (then merge, not append)."""
    _, records = _open(raw, requested_format)
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


def _try_append(
    raw: IO[bytes],
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
) -> ImportOutcome | None:
    """COPY new crimes straight into the incident table. None when one was already held (the
    savepoint is rolled back and the caller merges instead)."""
    counts = ImportCounts()
    size = _file_size(raw)
    file_format, records = _open(raw, requested_format)
    prefix = f"{Source.POLICEUK_STREET.value},{batch_id},"
    codes, codes_get = counts.lsoa_codes, counts.lsoa_codes.get  # per row: no method calls
    quoting = io.StringIO()
    quoter = csv.writer(quoting, lineterminator="\n")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with tempfile.TemporaryFile("w+", encoding="utf-8") as no_ref:
                with cursor.cursor.copy(
                    f"COPY incidents_incident ({_APPEND_COLUMNS}) FROM STDIN "
                    f"(FORMAT csv, FORCE_NOT_NULL ({_TEXT_COLUMNS}))"
                ) as copy:
                    out = _ChunkedWriter(copy)
                    for line_no, fields, original in _good_rows(
                        records, file_format, counts,
                        strict=not store_valid_rows, progress=progress, raw=raw, size=size,
                    ):  # fmt: skip
                        counts.coverage.add((fields[3], fields[1]))
                        codes[fields[7]] = codes_get(fields[7], 0) + 1
                        if not fields[0]:
                            no_ref.write(f"{line_no},{original}\n")
                            continue
                        counts.stored += 1
                        if '"' in original:
                            fields[1] += "-01"
                            quoter.writerow(fields)
                            out.write(prefix + quoting.getvalue())
                            quoting.seek(0)
                            quoting.truncate()
                        else:
                            crime_id, month, rest = original.split(",", 2)
                            out.write(f"{prefix}{crime_id},{month}-01,{rest}\n")
                    out.flush()
                if counts.rejected and not store_valid_rows:
                    return ImportOutcome(counts, file_format, path="append")
                progress(READ_SHARE)
                no_ref.seek(0)
                _create_staging(cursor)
                with cursor.cursor.copy("COPY import_staging FROM STDIN (FORMAT csv)") as copy:
                    while chunk := no_ref.read(COPY_CHUNK_CHARS):
                        copy.write(chunk)
                _merge_without_reference(cursor, batch_id, counts)
                _record_policeuk_coverage(batch_id, counts)
    except psycopg.errors.UniqueViolation:
        return None
    return ImportOutcome(counts, file_format, path="append")


# --- merge -------------------------------------------------------------------------------------

# Typed columns of a staging row. Text fields are '' when empty.
_TYPED_COLUMNS = """
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
_INCIDENT_COLUMNS = (
    "reported_by, force, month, longitude, latitude, location, lsoa_code, lsoa_name, "
    "category, last_outcome, context"
)
# The same text from a stored incident and from a typed staging row, to compare contents.
_ROW_TEXT = (
    "concat_ws('|', reported_by, force, month, longitude, latitude, location, lsoa_code, "
    "lsoa_name, category, last_outcome, context)"
)


def _create_staging(cursor: Any) -> None:
    cursor.execute(
        "CREATE TEMP TABLE import_staging ("
        "line_no integer, crime_id text, month text, reported_by text, "
        "falls_within text, longitude text, latitude text, location text, "
        "lsoa_code text, lsoa_name text, crime_type text, last_outcome text, "
        "context text) ON COMMIT DROP"
    )


def _merge(
    raw: IO[bytes],
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
) -> ImportOutcome:
    counts = ImportCounts()
    size = _file_size(raw)
    file_format, records = _open(raw, requested_format)
    seen: set[int] = set()
    codes, codes_get = counts.lsoa_codes, counts.lsoa_codes.get  # per row: no method calls
    with connection.cursor() as cursor:
        _create_staging(cursor)
        with cursor.cursor.copy("COPY import_staging FROM STDIN (FORMAT csv)") as copy:
            out = _ChunkedWriter(copy)
            for line_no, fields, original in _good_rows(
                records, file_format, counts,
                strict=not store_valid_rows, progress=progress, raw=raw, size=size,
            ):  # fmt: skip
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
        if counts.rejected and not store_valid_rows:
            return ImportOutcome(counts, file_format, path="merge")
        progress(READ_SHARE)
        _merge_with_reference(cursor, batch_id, counts)
        _merge_without_reference(cursor, batch_id, counts)
    _record_policeuk_coverage(batch_id, counts)
    return ImportOutcome(counts, file_format, path="merge")


def _scalar(cursor: Any, sql: str) -> int:
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
        INSERT INTO incidents_incident (source, source_ref, {_INCIDENT_COLUMNS}, batch_id)
        SELECT %(source)s, s.crime_id, {_TYPED_COLUMNS}, %(batch)s
        FROM import_matched m JOIN {refs} s USING (line_no)
        WHERE m.incident_id IS NULL
        ORDER BY s.crime_id
        """,  # noqa: S608
        {"source": source, "batch": batch_id},
    )
    inserted = cursor.rowcount
    counts.stored += inserted
    # Rows of known, unchanged crimes, and repeats of an ID within the file.
    rows_with_id = _scalar(cursor, "SELECT count(*) FROM import_staging WHERE crime_id <> ''")
    counts.duplicate += rows_with_id - inserted - counts.updated


# What makes two ID-less (anti-social behaviour) rows the same report. Coordinates are compared
# as NaN where there are none (NaN equals NaN in PostgreSQL; NULL equals nothing), so the rows
# can be matched with a hash join.
_NOREF_KEY = ("force", "month", "lsoa_code", "location", "category", "k_longitude", "k_latitude")
_NOREF_KEY_VALUES = (
    "force, month, lsoa_code, location, category, "
    "COALESCE(longitude, 'NaN'::float8) AS k_longitude, "
    "COALESCE(latitude, 'NaN'::float8) AS k_latitude"
)


def _merge_without_reference(cursor: Any, batch_id: int, counts: ImportCounts) -> None:
    """ID-less rows legitimately repeat (two reports at the same place in a month), so they
    cannot be matched one by one. The rule: of each distinct row (force, month, LSOA, location,
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
              FROM (SELECT {_TYPED_COLUMNS} FROM import_staging s
                    WHERE COALESCE(s.crime_id, '') = '') typed) keyed
        """  # noqa: S608
    )
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_noref_changed ON COMMIT DROP AS
        WITH held AS (
            SELECT {key}, count(*) AS n
            FROM (SELECT {_NOREF_KEY_VALUES} FROM incidents_incident
                  WHERE source = %(source)s AND source_ref = ''
                    AND (force, month) IN (SELECT DISTINCT force, month FROM import_noref)) h
            GROUP BY {key}
        )
        SELECT r.* FROM import_noref r LEFT JOIN held h USING ({key})
        WHERE r.copy > COALESCE(h.n, 0)
        """,  # noqa: S608
        {"source": source},
    )
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, source_ref, {_INCIDENT_COLUMNS}, batch_id)
        SELECT %(source)s, '', {", ".join("r." + c for c in _INCIDENT_COLUMNS.split(", "))},
               %(batch)s
        FROM import_noref_changed r
        """,  # noqa: S608
        {"source": source, "batch": batch_id},
    )
    inserted = cursor.rowcount
    counts.stored += inserted
    counts.duplicate += _scalar(cursor, "SELECT count(*) FROM import_noref") - inserted


def _record_policeuk_coverage(batch_id: int, counts: ImportCounts) -> None:
    _record_coverage(
        batch_id,
        Source.POLICEUK_STREET.value,
        {(force, date.fromisoformat(month + "-01")) for force, month in counts.coverage},
    )


def _record_day_coverage(batch_id: int, source: str, scope: str, first: date, last: date) -> None:
    """Record the months a day-by-day period touches, each with how many of its days are now
    covered by this file and every earlier one of the same scope; a month is complete only
    when all its days are."""
    from .models import ImportBatch

    periods = [(first, last)] + list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.DONE, scope=scope, format__in=_format_slugs(source),
            period_start__isnull=False, period_end__isnull=False,
        ).exclude(pk=batch_id).values_list("period_start", "period_end")
    )  # fmt: skip
    rows = []
    for month in month_range(first, last):
        end = month_end(month)
        days = {
            max(start, month) + timedelta(days=d)
            for start, stop in periods
            if start <= end and stop >= month
            for d in range((min(stop, end) - max(start, month)).days + 1)
        }
        rows.append(
            SourceCoverage(source=source, scope=scope, month=month, batch_id=batch_id,
                           days_covered=len(days), complete=len(days) == end.day)
        )  # fmt: skip
    SourceCoverage.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["source", "scope", "month"],
        update_fields=["batch", "days_covered", "complete"],
    )


def _format_slugs(source: str) -> list[str]:
    return [f.slug for f in FORMATS.values() if f.source == source]


def _record_coverage(batch_id: int, source: str, pairs: Iterable[tuple[str, date]]) -> None:
    """Record the (scope, month) pairs a file covers; the latest batch to cover one is named."""
    SourceCoverage.objects.bulk_create(
        [SourceCoverage(source=source, scope=s, month=m, batch_id=batch_id) for s, m in pairs],
        update_conflicts=True,
        unique_fields=["source", "scope", "month"],
        update_fields=["batch"],
    )


# --- partnership template and hospital extracts ------------------------------------------------

# Every data column of an incident, in the order converted rows are staged.
_ROW_COLUMNS = (
    "source_ref", "month", "occurred_on", "arrived_on", "reported_by", "force", "longitude",
    "latitude", "location", "lsoa_code", "lsoa_name", "category", "last_outcome", "context",
    "knife", "firearm", "public_place", "domestic", "drug_related", "gang_related", "victim_age",
    "victim_age_band", "suspect_age", "la_code",
)  # fmt: skip
_ROW_TEXT_COLUMNS = (
    "source_ref", "reported_by", "force", "location", "lsoa_code", "lsoa_name", "category",
    "last_outcome", "context", "victim_age_band", "la_code",
)  # fmt: skip


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def _import_converted(
    raw: IO[bytes],
    batch_id: int,
    file_format: FileFormat,
    store_valid_rows: bool,
    progress: Progress,
    context: Context,
) -> ImportOutcome:
    """Formats whose rows are converted in Python (small files: tens of thousands of rows):
    stage typed rows, then upsert by reference or replace the scope's months."""
    counts = ImportCounts()
    size = _file_size(raw)
    file_format, records = _open(raw, file_format.slug, context)
    to_incident = file_format.to_incident
    if to_incident is None:
        raise TypeError(f"{file_format.slug} rows are not converted in Python")
    months: set[date] = set()
    with connection.cursor() as cursor:
        # The incident table's own column types, and a line number.
        cursor.execute(
            f"CREATE TEMP TABLE import_rows ON COMMIT DROP AS SELECT 0 AS line_no, {_DATA_COLUMNS} "  # noqa: S608
            "FROM incidents_incident LIMIT 0"
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for line_no, fields, _ in _good_rows(
            records, file_format, counts, strict=not store_valid_rows, progress=progress,
            raw=raw, size=size, context=context,
        ):  # fmt: skip
            row = to_incident(fields, context)
            months.add(row["month"])
            counts.count_lsoa(row.get("lsoa_code") or "")
            writer.writerow([line_no, *(_csv_value(row.get(c)) for c in _ROW_COLUMNS)])
        if counts.rejected and not store_valid_rows:
            return ImportOutcome(counts, file_format, path="rows")
        buffer.seek(0)
        with cursor.cursor.copy(
            f"COPY import_rows (line_no, {', '.join(_ROW_COLUMNS)}) FROM STDIN "
            f"(FORMAT csv, FORCE_NOT_NULL ({', '.join(_ROW_TEXT_COLUMNS)}))"
        ) as copy:
            copy.write(buffer.getvalue())
        progress(READ_SHARE)
        if file_format.merge == "by-reference":
            _merge_by_reference(cursor, batch_id, file_format.source, counts)
            covered = _partnership_months(context.get("stated_period"), months, counts)
            _record_coverage(batch_id, file_format.source, [("Partnership", m) for m in covered])
        else:
            start, end = context["period_start"], context["period_end"]
            counts.period, counts.scope = (
                (start, end, "the file's reporting period"),
                context["site_code"],
            )
            _replace_scope_days(cursor, batch_id, file_format.source, context["site_code"],
                                start, end, counts)  # fmt: skip
            _record_day_coverage(batch_id, file_format.source, context["site_code"], start, end)
    return ImportOutcome(counts, file_format, path="rows")


def _partnership_months(
    stated: tuple[date, date] | None, months: set[date], counts: ImportCounts
) -> list[date]:
    """The months a partnership file covers: the period the analyst stated, else only the
    months it holds rows for (a stray old row must not turn the years between into zeros)."""
    if stated is not None:
        counts.period = (stated[0], month_end(stated[1]), "as stated")
        return month_range(stated[0], stated[1])
    if months:
        counts.period = (min(months), month_end(max(months)), "the months with rows")
    return sorted(months)


_DATA_COLUMNS = ", ".join(_ROW_COLUMNS)
_CHANGED = " OR ".join(f"i.{c} IS DISTINCT FROM r.{c}" for c in _ROW_COLUMNS)


def _merge_by_reference(cursor: Any, batch_id: int, source: str, counts: ImportCounts) -> None:
    """Upsert on (source, reference): a re-upload updates changed incidents and adds new ones."""
    cursor.execute(
        "CREATE TEMP TABLE import_rows_unique ON COMMIT DROP AS "
        "SELECT DISTINCT ON (source_ref) * FROM import_rows ORDER BY source_ref, line_no DESC"
    )
    total = _scalar(cursor, "SELECT count(*) FROM import_rows")
    cursor.execute(
        f"""
        UPDATE incidents_incident i
        SET ({_DATA_COLUMNS}) = ({", ".join("r." + c for c in _ROW_COLUMNS)})
        FROM import_rows_unique r
        WHERE i.source = %(source)s AND i.source_ref = r.source_ref AND ({_CHANGED})
        """,  # noqa: S608 - fixed column lists
        {"source": source},
    )
    counts.updated += cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, batch_id, {_DATA_COLUMNS})
        SELECT %(source)s, %(batch)s, {_DATA_COLUMNS} FROM import_rows_unique r
        WHERE NOT EXISTS (
            SELECT 1 FROM incidents_incident i
            WHERE i.source = %(source)s AND i.source_ref = r.source_ref AND i.source_ref <> ''
        )
        """,  # noqa: S608
        {"source": source, "batch": batch_id},
    )
    counts.stored += cursor.rowcount
    counts.duplicate += total - counts.stored - counts.updated


def _replace_scope_days(
    cursor: Any,
    batch_id: int,
    source: str,
    scope: str,
    first: date,
    last: date,
    counts: ImportCounts,
) -> None:
    """A file without references (a hospital extract) replaces what is held for its scope (the
    site) over exactly its reporting period, day by day: the next extract, whose period may
    start mid-month, removes nothing outside its own. Unless the period already holds exactly
    the same rows, when nothing changes."""
    digest = (
        f"md5(string_agg(concat_ws('|', {_DATA_COLUMNS}), E'\\n' "
        f"ORDER BY concat_ws('|', {_DATA_COLUMNS})))"
    )
    held_rows = (
        "FROM incidents_incident WHERE source = %(source)s AND reported_by = %(scope)s "
        "AND arrived_on BETWEEN %(first)s AND %(last)s"
    )
    params = {"source": source, "scope": scope, "first": first, "last": last, "batch": batch_id}
    cursor.execute(
        f"SELECT (SELECT {digest} FROM import_rows) IS NOT DISTINCT FROM "  # noqa: S608
        f"(SELECT {digest} {held_rows})",
        params,
    )
    unchanged = bool(cursor.fetchone()[0])
    if unchanged:
        counts.duplicate += _scalar(cursor, "SELECT count(*) FROM import_rows")
        return
    cursor.execute(f"DELETE {held_rows}", params)  # noqa: S608
    counts.replaced += cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, batch_id, {_DATA_COLUMNS})
        SELECT %(source)s, %(batch)s, {_DATA_COLUMNS} FROM import_rows
        """,  # noqa: S608
        params,
    )
    counts.stored += cursor.rowcount
