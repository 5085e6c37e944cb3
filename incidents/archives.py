"""police.uk archives: a ``.zip`` of monthly street files (``YYYY-MM/YYYY-MM-<force>-street.csv``)
imported as one batch a member, grouped under the archive's batch.

Each street file becomes a member ``ImportBatch`` that goes through the same checks and the
same idempotent path as a file uploaded alone, in a transaction of its own: a bad member is
reported without losing the others' data or leaving half of itself, and a re-import adds
nothing (each member is recognised by its SHA-256). Members are read straight out of the
archive, never unpacked to disk; an uploaded archive is read from its pieces in PostgreSQL, so
a worker on any host can import any member. Outcomes and stop-and-search files, and anything
else, are listed as skipped, with why.

Writes for archives live here rather than in ``services`` (which runs one batch); ``services``
hands an archive, and each member's file, to this module.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, cast

import psycopg
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import ImportBatch, SourceCoverage
from .signals import import_batch_done

logger = logging.getLogger(__name__)

ARCHIVE_FORMAT = "policeuk-archive"
STREET_FILE = re.compile(
    r"(?P<month>\d{4}-(?:0[1-9]|1[0-2]))-(?P<force>[a-z0-9]+(?:-[a-z0-9]+)*)-street\.csv\Z"
)
OTHER_POLICEUK_FILE = re.compile(
    r"\d{4}-\d{2}-[a-z0-9-]+?-(?P<kind>outcomes|stop-and-search)\.csv\Z"
)
# Limits against archives built to exhaust the worker (zip bombs): a real force-month file is
# at most tens of megabytes and compresses about 5 to 10 times.
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 1 << 30
MAX_ARCHIVE_BYTES = 100 << 30
MAX_COMPRESSION_RATIO = 100


class ArchiveRefused(Exception):
    """The archive as a whole cannot be imported (not a zip, no street files, too large)."""


@dataclass(frozen=True)
class Member:
    name: str
    month: str
    force: str
    size: int


def member_parts(name: str) -> tuple[str, str]:
    """(month, force) of a street file's name ("2022-09/2022-09-btp-street.csv"), or blanks."""
    found = STREET_FILE.match(name.rsplit("/", 1)[-1])
    return (found["month"], found["force"]) if found else ("", "")


def archive_listing(zf: zipfile.ZipFile) -> tuple[list[Member], list[dict[str, str]]]:
    """The archive's street files, in order of month and force, and every other entry with the
    reason it is skipped. Refuses an archive too large or with no street file at all."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveRefused(
            f"The archive holds {len(infos):,} entries; at most {MAX_MEMBERS:,} are read."
        )
    members: list[Member] = []
    skipped: list[dict[str, str]] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        reason = _skip_reason(info, seen)
        seen.add(info.filename)
        if reason:
            skipped.append({"name": info.filename[:255], "reason": reason})
            continue
        month, force = member_parts(info.filename)
        members.append(Member(info.filename, month, force, info.file_size))
        total += info.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused(
            f"The archive unpacks to {total / (1 << 30):,.1f} GB; at most "
            f"{MAX_ARCHIVE_BYTES / (1 << 30):,.0f} GB are read. Split it into parts."
        )
    if not members:
        found = ", ".join(s["name"] for s in skipped[:5]) or "nothing"
        raise ArchiveRefused(
            "The archive holds no data.police.uk street files (named "
            f"YYYY-MM/YYYY-MM-<force>-street.csv); found: {found}."
        )
    members.sort(key=lambda m: (m.month, m.force, m.name))
    return members, skipped


def _skip_reason(info: zipfile.ZipInfo, seen: set[str]) -> str:
    name = info.filename
    parts = name.split("/")
    if name.startswith(("/", "\\")) or "\\" in name or ".." in parts or ":" in parts[0]:
        return "its name points outside the archive; not read"
    if name in seen:
        return "a second file of the same name; only the first is read"
    base = parts[-1]
    if OTHER_POLICEUK_FILE.match(base):
        kind = OTHER_POLICEUK_FILE.match(base)["kind"]  # type: ignore[index]
        return f"a police.uk {kind.replace('-', ' ')} file: only street files are imported"
    month, _ = member_parts(name)
    if not month:
        return "not a police.uk street file (YYYY-MM-<force>-street.csv)"
    if len(parts) > 2 or (len(parts) == 2 and parts[0] != month):
        return f"not in the folder police.uk puts it in ({month}/)"
    if info.flag_bits & 0x1:
        return "encrypted; not read"
    if info.file_size > MAX_MEMBER_BYTES:
        return (
            f"unpacks to {info.file_size / (1 << 20):,.0f} MB, more than the "
            f"{MAX_MEMBER_BYTES >> 20:,} MB a month's file can be"
        )
    if info.file_size > (1 << 20) and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        return "compressed far more than any CSV can be (a zip bomb?); not read"
    return ""


# --- reading an archive where it is kept ------------------------------------------------------


class UploadReader(io.RawIOBase):
    """An uploaded file read in place from its pieces in PostgreSQL (``UploadChunk``), with
    seeking, so ``zipfile`` can read one member of an archive on any host without the
    archive ever being written to disk. Holds one piece in memory at a time.

    It reads on a connection of its own: the import streams rows to a ``COPY`` on the main
    connection while it reads the archive, and one connection cannot do both at once."""

    def __init__(self, batch_id: int) -> None:
        super().__init__()
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.conn = psycopg.connect(**params, autocommit=True)
        self.batch_id = batch_id
        self.starts: list[int] = []
        self.seqs: list[int] = []
        self.size = 0
        for seq, length in self.conn.execute(
            "SELECT seq, octet_length(data) FROM incidents_uploadchunk "
            "WHERE batch_id = %s ORDER BY seq",
            [batch_id],
        ):
            self.starts.append(self.size)
            self.seqs.append(seq)
            self.size += length
        self.pos = 0
        self.piece_index = -1
        self.piece = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buffer: Any) -> int:
        if self.pos >= self.size:
            return 0
        index = self._piece_at(self.pos)
        if index != self.piece_index:
            row = self.conn.execute(
                "SELECT data FROM incidents_uploadchunk WHERE batch_id = %s AND seq = %s",
                [self.batch_id, self.seqs[index]],
            ).fetchone()
            if row is None:
                raise OSError(f"piece {index} of upload {self.batch_id} is missing")
            self.piece, self.piece_index = bytes(row[0]), index
        start = self.pos - self.starts[index]
        view = memoryview(buffer).cast("B")
        part = self.piece[start : start + len(view)]
        view[: len(part)] = part
        self.pos += len(part)
        return len(part)

    def close(self) -> None:
        if not self.closed:
            self.conn.close()
        super().close()

    def _piece_at(self, pos: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= pos:
                low = middle
            else:
                high = middle - 1
        return low


class MemberStream(io.BufferedIOBase):
    """One archive member as the importer reads a file: binary, seekable (a rewind starts the
    decompression again), and knowing its size without decompressing to the end."""

    def __init__(self, member: IO[bytes], size: int) -> None:
        super().__init__()
        self.member = member
        self.size = size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self.member.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self.member.read(size if size and size > 0 else 1 << 16)

    def tell(self) -> int:
        return self.member.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END:
            offset, whence = self.size + offset, io.SEEK_SET
        return self.member.seek(offset, whence)

    def close(self) -> None:
        self.member.close()
        super().close()


@contextmanager
def archive_open(archive: ImportBatch) -> Iterator[zipfile.ZipFile]:
    """The archive's zip, read where it is kept: the analyst's file (command line) or the
    upload's pieces in the database. ``ArchiveRefused`` when it is not a zip archive."""
    source: IO[bytes] = (
        open(archive.source_path, "rb")  # noqa: SIM115 - closed below
        if archive.source_path
        else io.BufferedReader(UploadReader(archive.pk), buffer_size=1 << 16)
    )
    try:
        try:
            zf = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise ArchiveRefused(
                "This is not a zip archive. A police.uk archive is the .zip that data.police.uk "
                "gives, holding YYYY-MM/YYYY-MM-<force>-street.csv files."
            ) from None
        with zf:
            yield zf
    finally:
        source.close()


@contextmanager
def archive_member_stream(batch: ImportBatch) -> Iterator[IO[bytes]]:
    """A member batch's file, streamed out of its archive."""
    assert batch.archive is not None  # noqa: S101 - only member batches come here
    with archive_open(batch.archive) as zf:
        info = zf.getinfo(batch.member_name)
        with zf.open(info) as member:
            yield cast(IO[bytes], MemberStream(member, info.file_size))


def _member_sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as member:
        while piece := member.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


# --- running an archive -----------------------------------------------------------------------


def import_archive_expand(*, archive: ImportBatch) -> list[ImportBatch]:
    """Create (or find again) one member batch per street file, note the skipped files, and
    return the members still to import: new ones, and failed ones (tried again). Safe to run
    twice: members are keyed on (archive, name)."""
    with archive_open(archive) as zf:
        members, skipped = archive_listing(zf)
        held = {b.member_name: b for b in ImportBatch.objects.filter(archive=archive)}
        to_run = []
        for member in members:
            batch = held.get(member.name)
            if batch is None:
                batch = ImportBatch.objects.create(
                    archive=archive,
                    member_name=member.name,
                    file_name=member.name.rsplit("/", 1)[-1][:255],
                    file_size=member.size,
                    sha256=_member_sha256(zf, member.name),
                    requested_format=archive.requested_format,
                    store_valid_rows=archive.store_valid_rows,
                    uploaded_by=archive.uploaded_by,
                )
            elif batch.status == ImportBatch.Status.FAILED:
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=ImportBatch.Status.PENDING, progress=0, message=""
                )
            elif batch.status == ImportBatch.Status.DONE:
                continue
            to_run.append(batch)
    ImportBatch.objects.filter(pk=archive.pk).update(
        format=ARCHIVE_FORMAT, members_skipped=skipped, message=""
    )
    return to_run


def import_archive_refuse(*, archive: ImportBatch, reason: str) -> None:
    ImportBatch.objects.filter(pk=archive.pk).update(
        status=ImportBatch.Status.FAILED,
        format=ARCHIVE_FORMAT,
        finished_at=timezone.now(),
        progress=100,
        message=reason,
    )


_SUMMED = {
    "rows_read": "read",
    "rows_stored": "stored",
    "rows_updated": "updated",
    "rows_duplicate": "duplicate",
    "rows_replaced": "replaced",
    "rows_rejected": "rejected",
    "rows_unknown_lsoa": "unknown_lsoa",
    "rows_outside_uk": "outside_uk",
}


def import_archive_settle(*, archive_id: int) -> bool:
    """Once every member has finished, the archive is finished too: its counts are its
    members' sums, and it is done when any member was imported (the others are listed as not
    imported). Called after each member; the conditional UPDATE lets exactly one caller, the
    one that sees the last member finished, close it. Returns whether this call did."""
    unfinished = ImportBatch.objects.filter(archive_id=archive_id).filter(
        Q(status=ImportBatch.Status.PENDING) | Q(status=ImportBatch.Status.RUNNING)
    )
    if unfinished.exists():
        return False
    members = ImportBatch.objects.filter(archive_id=archive_id)
    sums = members.aggregate(**{field: Sum(field) for field in _SUMMED})
    done = members.filter(status=ImportBatch.Status.DONE).count()
    failed = members.filter(status=ImportBatch.Status.FAILED).count()
    total = done + failed
    if failed:
        message = (
            f"{done:,} of {total:,} files imported; {failed:,} not imported (see the list): "
            "the others' data is kept. Correct those files and upload them, or the archive, "
            "again."
        )
    else:
        message = f"All {total:,} files imported."
    with transaction.atomic():
        changed = ImportBatch.objects.filter(
            pk=archive_id, status=ImportBatch.Status.RUNNING
        ).update(
            status=ImportBatch.Status.DONE if done else ImportBatch.Status.FAILED,
            finished_at=timezone.now(),
            progress=100,
            message=message,
            **{field: value or 0 for field, value in sums.items()},
        )
    if changed:
        logger.info("archive batch %s finished: %s", archive_id, message)
        _announce(archive_id)
    return bool(changed)


def _announce(archive_id: int) -> None:
    """Tell listeners (the trend engine) once for the whole archive: through its file that
    covers the earliest month, since what changed runs from there on."""
    earliest = (
        SourceCoverage.objects.filter(batch__archive_id=archive_id)
        .order_by("month", "batch_id")
        .values_list("batch_id", flat=True)
        .first()
    )
    if earliest is not None:
        member = ImportBatch.objects.get(pk=earliest)
        transaction.on_commit(lambda: import_batch_done.send(sender=ImportBatch, batch=member))


def archive_progress(*, archive: ImportBatch) -> int:
    """Percent of the archive's bytes imported: each member weighs its size."""
    rows = list(ImportBatch.objects.filter(archive=archive).values_list("file_size", "progress"))
    if not rows:
        return archive.progress
    total = sum(max(size, 1) for size, _ in rows)
    return int(sum(max(size, 1) * progress for size, progress in rows) / total)
