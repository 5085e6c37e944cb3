"""Reading a file: the format is recognised from its header (``open_records``), then the file is
streamed once per pass. Python checks every row (``formats``) and hands the good ones on; most
rows hold no quote character and are split directly, several times faster than the csv module.
A record that cannot be CSV (a quote never closed, a line over ``MAX_RECORD_CHARS``) is a row
problem, never a crash."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from typing import IO, Any

from ..formats import FORMATS, Context, FileFormat, FileRefused, RowProblem, detect_format
from ..models import TEXT_MAX
from .counts import MAX_ROW_ERRORS_STORED, PROGRESS_EVERY_ROWS, READ_SHARE, ImportCounts, Progress

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
COPY_CHUNK_CHARS = 1 << 20
PREAMBLE_KEYS = frozenset(k for f in FORMATS.values() for k in f.preamble)
Record = tuple[int, list[str], str]
# --- reading -----------------------------------------------------------------------------------


def open_records(
    raw: IO[bytes], requested_format: str, context: Context | None = None
) -> tuple[FileFormat, Generator[Record]]:
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


def _records(raw: IO[bytes]) -> Generator[Record]:
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


def good_rows(
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


def file_size(raw: IO[bytes]) -> int:
    known = getattr(raw, "size", None)
    if isinstance(known, int):
        # A member of an archive knows its size: seeking to its end would decompress it all.
        return max(known, 1)
    raw.seek(0, io.SEEK_END)
    size = raw.tell()
    raw.seek(0)
    return max(size, 1)


class ChunkedWriter:
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
