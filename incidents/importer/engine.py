"""One file into ``incidents_incident``, inside the caller's transaction: recognise the file,
choose the engine (append or merge for police.uk, the converted path for partnership and
hospital files), and say what happened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from typing import IO

from django.db import connection

from ..formats import Context, FileRefused
from ..models import Area, LsoaMembership
from .append import references_already_held, try_append
from .converted import import_converted
from .counts import ImportCounts, ImportOutcome, Progress
from .merge import merge_policeuk
from .reading import open_records


def import_file(
    path: str | IO[bytes],
    *,
    batch_id: int,
    requested_format: str,
    store_valid_rows: bool,
    progress: Progress,
    context: Context,
) -> ImportOutcome:
    """Import one file: a path, or a seekable binary stream (a member of an archive). Call
    inside ``transaction.atomic()``; when the outcome has a refusal, or rejected rows while
    ``store_valid_rows`` is off, the caller must roll back. ``context`` holds ``today`` (a
    date) and ``partnership_la_code``."""
    _drop_temporary_tables()
    try:
        with open(path, "rb") if isinstance(path, str) else nullcontext(path) as raw:
            file_format, records = open_records(raw, requested_format, context)
            records.close()  # refuse a wrong file before anything else
            if file_format.merge != "policeuk":
                return _refuse_if_no_rows(
                    _with_unknown_lsoas(
                        import_converted(
                            raw, batch_id, file_format, store_valid_rows, progress, context
                        )
                    )
                )
            outcome = None
            if not references_already_held(raw, requested_format):
                outcome = try_append(raw, batch_id, requested_format, store_valid_rows, progress)
            if outcome is None:
                outcome = merge_policeuk(
                    raw, batch_id, requested_format, store_valid_rows, progress
                )
            return _refuse_if_no_rows(_with_unknown_lsoas(outcome))
    except FileRefused as refused:
        return ImportOutcome(ImportCounts(), refusal=str(refused))


def _refuse_if_no_rows(outcome: ImportOutcome) -> ImportOutcome:
    """A file of no rows says nothing, unless it states a period: then it says "none in it"
    (a hospital extract of a quiet fortnight, a partnership file with its period stated)."""
    if not outcome.refusal and outcome.counts.read == 0 and outcome.counts.period is None:
        outcome.refusal = "The file has its header but no rows: there is nothing to import."
    return outcome


# The LSOA codes the reference data knows, while files are imported together (an archive's
# group, ``known_lsoa_codes``): read once for them all rather than looked up for each file.
_KNOWN_LSOAS: ContextVar[frozenset[str] | None] = ContextVar("known_lsoas", default=None)


@contextmanager
def known_lsoa_codes() -> Iterator[None]:
    """Within this block, files look their LSOA codes up in one set read at its start (every
    LSOA of the loaded areas and of the national lookups, about 70,000 codes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code FROM {Area._meta.db_table} WHERE level = %s "  # noqa: S608
            f"UNION SELECT code FROM {LsoaMembership._meta.db_table}",
            [Area.Level.LSOA.value],
        )
        known = frozenset(row[0] for row in cursor.fetchall())
    token = _KNOWN_LSOAS.set(known)
    try:
        yield
    finally:
        _KNOWN_LSOAS.reset(token)


def _with_unknown_lsoas(outcome: ImportOutcome) -> ImportOutcome:
    """Count the rows whose LSOA code is neither a loaded area nor an England and Wales LSOA
    of the national lookups (a code the reference data lacks): they count for their force,
    never for a ward or local authority.

    One statement, the codes and their row counts given as two arrays: a file of a large force
    holds thousands of codes, and as ``code IN (<one parameter each>)`` through the ORM the
    two lookups cost 0.1-0.4 s a file (building, quoting and planning thousands of
    parameters), more than storing its rows."""
    codes = {c: n for c, n in outcome.counts.lsoa_codes.items() if c}
    known = _KNOWN_LSOAS.get()
    if codes and known is not None:
        outcome.counts.unknown_lsoa = sum(n for code, n in codes.items() if code not in known)
    elif codes:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT COALESCE(sum(c.n), 0) FROM unnest(%s::text[], %s::int[]) AS c(code, n)
                WHERE NOT EXISTS (
                    SELECT 1 FROM {Area._meta.db_table} a
                    WHERE a.level = %s AND a.code = c.code)
                  AND NOT EXISTS (
                    SELECT 1 FROM {LsoaMembership._meta.db_table} m WHERE m.code = c.code)
                """,  # noqa: S608 - table names are the models' own
                [list(codes), list(codes.values()), Area.Level.LSOA.value],
            )
            outcome.counts.unknown_lsoa = int(cursor.fetchone()[0])
    return outcome


def _drop_temporary_tables() -> None:
    """Temporary tables go at commit; an earlier import in the same transaction (several files
    in one test, say) may have left them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS import_staging, import_ref, import_matched, import_noref, "
            "import_noref_changed, import_rows, import_rows_unique, import_groups, import_repeat, "
            "import_repeat_last"
        )
