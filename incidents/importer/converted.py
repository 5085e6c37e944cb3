"""Partnership template and hospital extracts: rows are converted to incident columns in Python
(offence mapping, age bands, arrival days) and merged by their own reference. A partnership
file replaces the months of its period; a hospital extract replaces exactly its reporting days."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import IO, Any

from django.db import connection

from ..formats import Context, FileFormat
from ..months import month_end, month_range
from .counts import READ_SHARE, ImportCounts, ImportOutcome, Progress
from .coverage import record_coverage, record_day_coverage
from .merge import scalar
from .reading import file_size, good_rows, open_records

# --- partnership template and hospital extracts ------------------------------------------------

# Every data column of an incident, in the order converted rows are staged.
_ROW_COLUMNS = (
    "source_ref",
    "month",
    "occurred_on",
    "arrived_on",
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
    "knife",
    "firearm",
    "public_place",
    "domestic",
    "drug_related",
    "gang_related",
    "victim_age",
    "victim_age_band",
    "suspect_age",
    "la_code",
)
_ROW_TEXT_COLUMNS = (
    "source_ref",
    "reported_by",
    "force",
    "location",
    "lsoa_code",
    "lsoa_name",
    "category",
    "last_outcome",
    "context",
    "victim_age_band",
    "la_code",
)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def import_converted(
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
    size = file_size(raw)
    file_format, records = open_records(raw, file_format.slug, context)
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
        for line_no, fields, _ in good_rows(
            records,
            file_format,
            counts,
            strict=not store_valid_rows,
            progress=progress,
            raw=raw,
            size=size,
            context=context,
        ):
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
        scope = "Partnership" if file_format.merge == "by-reference" else context["site_code"]
        _take_turns(cursor, file_format.source, scope)
        if file_format.merge == "by-reference":
            _merge_by_reference(cursor, batch_id, file_format.source, counts)
            if (stated := context.get("stated_period")) is not None:
                _withdraw_missing(cursor, file_format.source, stated, counts)
            covered = _partnership_months(context.get("stated_period"), months, counts)
            record_coverage(batch_id, file_format.source, [("Partnership", m) for m in covered])
        else:
            start, end = context["period_start"], context["period_end"]
            counts.period, counts.scope = (
                (start, end, "the file's reporting period"),
                context["site_code"],
            )
            _replace_scope_days(
                cursor, batch_id, file_format.source, context["site_code"], start, end, counts
            )
            record_day_coverage(batch_id, file_format.source, context["site_code"], start, end)
    return ImportOutcome(counts, file_format, path="rows")


def _take_turns(cursor: Any, source: str, scope: str) -> None:
    """Imports that store into one scope (a hospital site, the partnership) take turns, until
    the end of the transaction that also records the batch as finished: each then sees the rows
    and the finished batches of the one before (so coverage counts both periods' days, and two
    overlapping extracts never both keep the days they share)."""
    cursor.execute(
        "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"mkviolence.import-scope:{source}:{scope}"]
    )


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
    total = scalar(cursor, "SELECT count(*) FROM import_rows")
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


def _remove(cursor: Any, delete: str, params: dict[str, Any], counts: ImportCounts) -> None:
    """Run ``delete`` (returning ``batch_id``) and count what it removed, by the batch each row
    had come from, for the report."""
    cursor.execute(
        f"WITH gone AS ({delete}) SELECT batch_id, count(*) FROM gone GROUP BY batch_id",  # noqa: S608
        params,
    )
    for batch, removed in cursor.fetchall():
        counts.replaced_from[int(batch)] = int(removed)
        counts.replaced += int(removed)


def _withdraw_missing(
    cursor: Any, source: str, stated: tuple[date, date], counts: ImportCounts
) -> None:
    """A file with a stated period says what is true of the partnership's months in it: an
    incident held for them that the file no longer has was withdrawn at source, and goes. Not
    when rows were rejected: a rejected row may be the incident."""
    if counts.rejected:
        counts.withdrawals_skipped = True
        return
    _remove(
        cursor,
        """
        DELETE FROM incidents_incident i
        WHERE i.source = %(source)s AND i.month BETWEEN %(first)s AND %(last)s
          AND NOT EXISTS (SELECT 1 FROM import_rows_unique r WHERE r.source_ref = i.source_ref)
        RETURNING i.batch_id
        """,
        {"source": source, "first": stated[0], "last": stated[1]},
        counts,
    )


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
        counts.duplicate += scalar(cursor, "SELECT count(*) FROM import_rows")
        return
    _remove(cursor, f"DELETE {held_rows} RETURNING batch_id", params, counts)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO incidents_incident (source, batch_id, {_DATA_COLUMNS})
        SELECT %(source)s, %(batch)s, {_DATA_COLUMNS} FROM import_rows
        """,  # noqa: S608
        params,
    )
    counts.stored += cursor.rowcount
