"""Writes for incidents: creating import batches, running them, retrying them.

The bulk work is in ``importer``; this module owns a batch's life: claim it (one worker only),
report progress, run the import in one transaction, record the report.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from audit.context import acting_for

from .formats import FORMATS, FileFormat
from .importer import ImportCounts, ImportOutcome, import_file, known_lsoa_codes
from .models import ImportBatch, ImportRowError, Incident, Source, SourceCoverage, UploadChunk
from .months import month_end
from .signals import import_batch_done

logger = logging.getLogger(__name__)

UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024
QUEUE_DOWN = gettext_noop(
    "The job queue is not answering: the file is kept and its import will start as soon as "
    "the queue is back."
)
# A worker holds a PostgreSQL advisory lock on the batch it imports, on the session that runs
# the import: the server lets go of it the moment that session ends (the process was killed, the
# host went away, the server restarted), so a batch marked running whose lock is free has lost
# its worker and is taken over. Key 1 of the two-key lock; key 2 is the batch id.
BATCH_LOCK = 0x6D6B7621
# A batch whose lock is still held but whose heartbeat is this old belongs to a worker that hangs
# or was cut off: its session is ended, so the lock goes and the batch can be taken over.
STALE_AFTER = timedelta(minutes=2)
HEARTBEAT_SECONDS = 20
TAKEN_OVER = gettext_noop(
    "The worker importing this file stopped (its process, its host or its database connection "
    "ended); the import starts again from the beginning by itself."
)
# Errors that mean the database went away: the task retries, nothing of the import was kept.
DATABASE_GONE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


# --- creating batches --------------------------------------------------------------------------


def _sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def import_batch_create(
    *,
    upload: UploadedFile | None = None,
    path: str | os.PathLike[str] | None = None,
    uploaded_by: Any = None,
    requested_format: str = "auto",
    store_valid_rows: bool = False,
    period: tuple[date, date] | None = None,
) -> ImportBatch:
    """Record a file to import: an upload (kept in the database, where a worker on any host
    reads it) or a path on this machine (the command line reads the analyst's file in place).
    ``period`` is the first and last month a partnership file covers, as the analyst states it:
    every month in it is covered (a month without rows has none), and rows outside it are
    errors. Without it a file covers only the months it holds rows for."""
    if (upload is None) == (path is None):
        raise ValueError("Give exactly one of upload or path.")
    if requested_format != "auto" and requested_format not in FORMATS:
        raise ValueError(f"Unknown format {requested_format!r}.")
    if period is not None and period[1] < period[0]:
        raise ValueError("The period ends before it starts.")
    batch = ImportBatch(
        uploaded_by=uploaded_by,
        requested_format=requested_format,
        store_valid_rows=store_valid_rows,
    )
    if period is not None:
        batch.period_start, batch.period_end = period[0], month_end(period[1])
        batch.period_stated = True
    if upload is not None:
        if (upload.size or 0) > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise UploadTooLarge(upload.size or 0)
        batch.file_name = Path(upload.name or "upload.csv").name[:255]
        batch.file_size = upload.size or 0
        upload.seek(0)
        batch.sha256 = _sha256_of(upload)
        upload.seek(0)
        with transaction.atomic():
            batch.save()
            for seq, piece in enumerate(iter(lambda: upload.read(UPLOAD_CHUNK_BYTES), b"")):
                UploadChunk.objects.create(batch=batch, seq=seq, data=piece)
        return batch
    else:
        resolved = Path(path).resolve()  # type: ignore[arg-type]
        batch.source_path = str(resolved)
        batch.file_name = resolved.name[:255]
        batch.file_size = resolved.stat().st_size
        with open(resolved, "rb") as f:
            batch.sha256 = _sha256_of(f)
    batch.save()
    return batch


class UploadTooLarge(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(
            f"The file is {size / 1024 / 1024:,.0f} MB; uploads are limited to "
            f"{settings.MAX_UPLOAD_MB:,} MB. Split it (a month a file) and upload the parts."
        )


@contextmanager
def _batch_file(batch: ImportBatch) -> Iterator[str | None]:
    """The batch's file as a path on this host: an upload is written from the database to a
    temporary file for the import and removed after; None when the file is gone."""
    if batch.source_path or batch.file:
        yield batch.path if os.path.exists(batch.path) else None
        return
    chunks = UploadChunk.objects.filter(batch=batch).order_by("seq").values_list("data", flat=True)
    if not chunks.exists():
        yield None
        return
    with tempfile.NamedTemporaryFile(prefix=f"mkv-import-{batch.pk}-", suffix=".csv") as f:
        for piece in chunks.iterator(chunk_size=4):
            f.write(piece)
        f.flush()
        yield f.name


def import_batch_enqueue(batch: ImportBatch) -> None:
    """Queue the batch for a worker once the surrounding transaction commits. If the job queue
    does not answer, the batch stays waiting (its file is kept) and ``import_batches_resend``
    sends it when the queue is back."""
    transaction.on_commit(lambda: import_batch_send(batch_id=batch.pk))


def import_batch_send(*, batch_id: int) -> bool:
    """Send the batch's task now (outside a transaction); False when the job queue does not
    answer, which is recorded on the batch for its page to say."""
    from .tasks import import_batch_task

    try:
        # A short retry: a queue that is down must not keep the analyst's upload page waiting.
        import_batch_task.apply_async(
            (batch_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception as error:  # noqa: BLE001 - any broker failure: kept, and sent again later
        logger.warning("job queue unavailable for import batch %s: %s", batch_id, error)
        ImportBatch.objects.filter(id=batch_id, status=ImportBatch.Status.PENDING).update(
            message=QUEUE_DOWN
        )
        return False
    ImportBatch.objects.filter(id=batch_id, message=QUEUE_DOWN).update(message="")
    return True


def import_batches_resend(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Send again every batch still waiting to start (the job queue was down when it was
    uploaded, its message was lost, or it went back to waiting when the database went away and
    its retry was lost); a batch is claimed once, so a second message is harmless. Returns how
    many were sent."""
    now = timezone.now()
    cutoff = now - older_than
    waiting = ImportBatch.objects.filter(status=ImportBatch.Status.PENDING).filter(
        Q(heartbeat_at__isnull=True, uploaded_at__lt=cutoff) | Q(heartbeat_at__lt=cutoff)
    )
    # An archive's files wait their turn behind each other: while the workers are importing
    # any of them, the others' messages are not lost, just queued.
    busy = ImportBatch.objects.filter(
        archive__isnull=False, heartbeat_at__gte=now - STALE_AFTER
    ).values("archive")
    waiting = waiting.exclude(archive__in=busy)
    return sum(
        import_batch_send(batch_id=batch_id) for batch_id in waiting.values_list("id", flat=True)
    )


def import_batches_recover(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """The beat's sweep: every batch marked running whose worker is gone (its lock is free) goes
    back to waiting and is sent again; a worker that holds its lock with no heartbeat for
    ``STALE_AFTER`` (it hangs, or its host was cut off) has its database session ended, so the
    next sweep takes the batch over; then waiting batches are sent again as
    ``import_batches_resend`` does. Returns how many batches were sent."""
    sent = 0
    running = ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING).values_list(
        "id", "attempts", "heartbeat_at"
    )
    archives = set(
        ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, members__isnull=False)
        .values_list("id", flat=True)
        .distinct()
    )
    live = _live_holders()
    for batch_id, attempts, heartbeat_at in running:
        if batch_id in archives:
            # An archive's work is its members' (each recovered on its own): it is finished
            # once they all are.
            from .archives import import_archive_settle

            import_archive_settle(archive_id=batch_id)
            continue
        holder = _lock_holder(batch_id)
        if holder is None:
            # Conditional on the attempt: a worker that claimed it meanwhile keeps it.
            if ImportBatch.objects.filter(
                id=batch_id, status=ImportBatch.Status.RUNNING, attempts=attempts
            ).update(status=ImportBatch.Status.PENDING, progress=0, message=TAKEN_OVER):
                logger.warning("import batch %s lost its worker: sending it again", batch_id)
                sent += import_batch_send(batch_id=batch_id)
        elif (
            heartbeat_at is not None
            and heartbeat_at < timezone.now() - STALE_AFTER
            and holder not in live
        ):
            logger.warning(
                "import batch %s: no heartbeat since %s; ending the session of process %s",
                batch_id,
                heartbeat_at,
                holder,
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [holder])
    return sent + import_batches_resend(older_than=older_than)


def import_batch_retry(*, batch_id: int) -> bool:
    """Put a failed batch, or one whose worker is gone, back in the queue. Returns whether it
    was."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(id=batch_id).first()
        if batch is None:
            return False
        worker_gone = batch.status == ImportBatch.Status.RUNNING and _lock_holder(batch_id) is None
        if batch.status != ImportBatch.Status.FAILED and not worker_gone:
            return False
        ImportBatch.objects.filter(id=batch_id).update(
            status=ImportBatch.Status.PENDING, progress=0, message=""
        )
        import_batch_enqueue(batch)
    return True


# --- running batches ---------------------------------------------------------------------------


def _lock_holder(batch_id: int) -> int | None:
    """The server process id of the session holding the batch's lock (its worker), or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 2",
            [BATCH_LOCK, batch_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _live_holders() -> set[int]:
    """Server process ids of the sessions holding the lock of a running batch whose heart
    beats: an archive's group holds the locks of its finished files (whose rows wait for the
    group's commit, unbeaten) while its other files beat."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT l.pid FROM pg_locks l JOIN incidents_importbatch b "
            "ON l.objid = b.id::oid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.classid = %s::bigint::oid AND b.status = %s AND b.heartbeat_at >= %s",
            [BATCH_LOCK, ImportBatch.Status.RUNNING.value, timezone.now() - STALE_AFTER],
        )
        return {int(row[0]) for row in cursor.fetchall()}


def _session_name(what: str) -> str:
    """What pg_stat_activity shows for a worker's database session: the batch, and the process
    and host at work on it (PostgreSQL keeps 63 characters)."""
    return f"mkviolence {what}: pid {os.getpid()} on {socket.gethostname()}"[:63]


def _lock(batch_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [BATCH_LOCK, batch_id])
        if not cursor.fetchone()[0]:
            return False
        # pg_stat_activity then says which host and process imports the batch.
        cursor.execute(
            "SELECT set_config('application_name', %s, false)",
            [_session_name(f"import {batch_id}")],
        )
    return True


def _unlock(batch_id: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, %s), set_config('application_name', '', false)",
                [BATCH_LOCK, batch_id],
            )
    except DatabaseError:
        pass  # the session is gone, and its lock with it


def _claim(batch_id: int) -> int | None:
    """Take the batch for this process; the attempt it is, or None when a live worker has it or
    it is finished. Exactly one caller wins: the batch's lock first, then a conditional UPDATE.
    A batch still marked running whose lock was free had lost its worker: it is taken over."""
    if not _lock(batch_id):
        return None
    now = timezone.now()
    try:
        claimed = (
            ImportBatch.objects.filter(id=batch_id)
            .filter(status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING])
            .update(
                status=ImportBatch.Status.RUNNING,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                progress=0,
                attempts=F("attempts") + 1,
            )
        )
        if claimed:
            return ImportBatch.objects.values_list("attempts", flat=True).get(id=batch_id)
    except BaseException:
        _unlock(batch_id)
        raise
    _unlock(batch_id)
    return None


class _ClaimLost(Exception):
    """The batch was taken from this worker (it looked gone): its import is rolled back."""


class _ProgressReporter:
    """Writes progress on a connection of its own, outside the import's transaction, so pages
    see the bar move while the import is still uncommitted. Never touches the batch row from the
    import's own connection until the end, so the two cannot wait on each other.

    A thread beats the heart every ``HEARTBEAT_SECONDS`` whatever the import is doing: a long
    merge statement sends no progress, and without the beat the batch would look hung. A
    progress write that fails (the connection dropped) is skipped and the connection made
    again: the import's own connection is the one that decides whether the import goes on."""

    def __init__(self, batch_id: int, group: list[int] | None = None) -> None:
        self.batch_id = batch_id
        # Every batch claimed with this one (an archive's files imported together in one
        # transaction): each stays claimed, so each one's heart beats.
        self.group = group or [batch_id]
        self.conn: psycopg.Connection[Any] | None = None
        self.lock = threading.Lock()  # one connection, two threads: one statement at a time
        self.stopped = threading.Event()
        self.beat = threading.Thread(target=self._beat, name=f"heartbeat-{batch_id}", daemon=True)
        self.beat.start()

    def _connect(self) -> psycopg.Connection[Any]:
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params["application_name"] = _session_name(f"progress {self.batch_id}")
        conn = psycopg.connect(**params, autocommit=True, connect_timeout=10)
        # A progress write never waits long for a row lock: it is skipped (and logged) rather
        # than left to hold this object's lock while the import needs it.
        conn.execute("SET lock_timeout = '5s'")
        return conn

    def _write(self, sql: str, params: list[Any]) -> None:
        with self.lock:
            try:
                if self.conn is None or self.conn.closed:
                    self.conn = self._connect()
                self.conn.execute(sql, params)
            except psycopg.Error as error:
                logger.warning("import batch %s: progress not written (%s)", self.batch_id, error)
                if self.conn is not None:
                    self.conn.close()

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            # A file of a group already finished holds its report, uncommitted, until the group
            # commits: its row is locked by the import's own transaction, so it is skipped (the
            # sweep sees the session alive by the group's other files; ``_live_holders``).
            self._write(
                "UPDATE incidents_importbatch SET heartbeat_at = now() WHERE id IN ("
                "SELECT id FROM incidents_importbatch WHERE id = ANY(%s) "
                "FOR NO KEY UPDATE SKIP LOCKED)",
                [self.group],
            )

    def report(self, percent: int) -> None:
        self._write(
            "UPDATE incidents_importbatch SET progress = %s, heartbeat_at = now() WHERE id = %s",
            [max(0, min(100, percent)), self.batch_id],
        )

    def close(self) -> None:
        self.stopped.set()
        self.beat.join()
        if self.conn is not None:
            self.conn.close()


def import_batch_run(*, batch_id: int, inline_members: bool = False) -> ImportBatch | None:
    """Import one batch. Safe to call again for the same batch: it claims the batch first and
    does nothing when a live worker has it or it is finished. None if there is no such batch.

    A police.uk archive's batch creates one batch per street file in it (see ``archives``):
    queued for the workers, or, with ``inline_members`` (the command line), imported here one
    after another."""
    acting_for(
        ImportBatch.objects.filter(id=batch_id).values_list("uploaded_by", flat=True).first()
    )
    attempt = _claim(batch_id)
    if attempt is None:
        logger.info("import batch %s is finished, held by a live worker or gone", batch_id)
        return ImportBatch.objects.filter(id=batch_id).first()
    try:
        batch = ImportBatch.objects.get(id=batch_id)
        if batch.is_archive:
            return _run_archive(batch, inline_members=inline_members)
        result = _run(batch, attempt)
    finally:
        _unlock(batch_id)
    if batch.archive_id is not None:
        from .archives import import_archive_settle

        import_archive_settle(archive_id=batch.archive_id)
    return result


def _run_archive(batch: ImportBatch, *, inline_members: bool) -> ImportBatch:
    """Make the archive's member batches and queue them (or, inline, import them one after
    another). The archive stays "importing" while its members are: the recovery sweep settles
    it once they have all finished (``import_batches_recover``)."""
    from .archives import (
        ArchiveRefused,
        import_archive_expand,
        import_archive_refuse,
        import_archive_settle,
    )

    try:
        with transaction.atomic():
            members = import_archive_expand(archive=batch)
            if not inline_members:
                for member in members:
                    import_batch_enqueue(member)
    except ArchiveRefused as refused:
        import_archive_refuse(archive=batch, reason=str(refused))
        return ImportBatch.objects.get(id=batch.pk)
    except DATABASE_GONE:
        ImportBatch.objects.filter(id=batch.pk).update(status=ImportBatch.Status.PENDING)
        raise
    except Exception as error:
        logger.exception("archive batch %s stopped", batch.pk)
        import_batch_fail(batch_id=batch.pk, reason=import_failure_reason(error))
        return ImportBatch.objects.get(id=batch.pk)
    if inline_members:
        for group in _member_groups(members):
            _run_group(group)
    import_archive_settle(archive_id=batch.pk)
    return ImportBatch.objects.get(id=batch.pk)


# An archive imported inline (the command line) takes its files a group at a time: claimed
# together, imported in one transaction (each file in a savepoint of its own, with its own
# report), committed once. What a file costs besides its rows (claim, lock, progress
# connection, commit, the archive's settling) is then paid once a group, not once a file.
GROUP_MAX_FILES = 48
GROUP_MAX_BYTES = 96 << 20


def _member_groups(members: list[ImportBatch]) -> Iterator[list[ImportBatch]]:
    group: list[ImportBatch] = []
    size = 0
    for member in members:
        if group and (len(group) >= GROUP_MAX_FILES or size + member.file_size > GROUP_MAX_BYTES):
            yield group
            group, size = [], 0
        group.append(member)
        size += member.file_size
    if group:
        yield group


def _claim_group(batch_ids: list[int]) -> dict[int, int]:
    """Claim each batch as ``_claim`` does, in two statements for the whole group: {batch id:
    attempt} of those this process now holds (the others are finished or a live worker's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM unnest(%s::bigint[]) AS id "
            "WHERE pg_try_advisory_lock(%s::int, id::int)",
            [batch_ids, BATCH_LOCK],
        )
        locked = [int(row[0]) for row in cursor.fetchall()]
        if not locked:
            return {}
        cursor.execute(
            "SELECT set_config('application_name', %s, false)",
            [_session_name(f"import {locked[0]}-{locked[-1]}")],
        )
    now = timezone.now()
    try:
        ImportBatch.objects.filter(
            id__in=locked, status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING]
        ).update(
            status=ImportBatch.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            progress=0,
            attempts=F("attempts") + 1,
        )
        claimed = dict(
            ImportBatch.objects.filter(
                id__in=locked, status=ImportBatch.Status.RUNNING, started_at=now
            ).values_list("id", "attempts")
        )
    except BaseException:
        _unlock_group(locked)
        raise
    _unlock_group([batch_id for batch_id in locked if batch_id not in claimed])
    return claimed


def _unlock_group(batch_ids: list[int]) -> None:
    if not batch_ids:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_unlock(%s::int, id::int)), "
                "set_config('application_name', '', false) FROM unnest(%s::bigint[]) AS id",
                [BATCH_LOCK, batch_ids],
            )
    except DatabaseError:
        pass  # the session is gone, and its locks with it


def _run_group(members: list[ImportBatch]) -> None:
    """Import some of an archive's files in one transaction, each in a savepoint of its own:
    a file refused, rejected or failing is rolled back alone and reported, as when imported by
    itself. Should the process or the database go away, the whole group rolls back and its
    files, still marked running with their locks free, are taken over one by one as any
    batch whose worker died (``import_batches_recover``)."""
    claimed = _claim_group([member.pk for member in members])
    if not claimed:
        return
    ids = list(claimed)
    batches = {b.pk: b for b in ImportBatch.objects.filter(id__in=ids).select_related("archive")}
    acting_for(batches[ids[0]].uploaded_by_id)
    reporter = _ProgressReporter(ids[0], group=ids)
    try:
        with transaction.atomic(), known_lsoa_codes():
            ImportRowError.objects.filter(batch_id__in=ids).delete()
            for batch_id in ids:
                reporter.batch_id = batch_id
                try:
                    with transaction.atomic():
                        _run_claimed(batches[batch_id], reporter, claimed[batch_id])
                except DATABASE_GONE:
                    raise
                except Exception as error:
                    # Failed outside the file's own savepoint (its report could not be
                    # written there): written now that the savepoint is rolled back.
                    logger.exception("import batch %s stopped", batch_id)
                    import_batch_fail(batch_id=batch_id, reason=import_failure_reason(error))
    except DATABASE_GONE:
        for batch_id, attempt in claimed.items():
            try:
                ImportBatch.objects.filter(
                    id=batch_id, status=ImportBatch.Status.RUNNING, attempts=attempt
                ).update(status=ImportBatch.Status.PENDING)
            except DatabaseError:
                break  # still away: running with its lock free, which is as good
        raise
    finally:
        reporter.close()
        _unlock_group(ids)


def _run(batch: ImportBatch, attempt: int) -> ImportBatch:
    ImportRowError.objects.filter(batch=batch).delete()
    reporter = _ProgressReporter(batch.pk)
    try:
        return _run_claimed(batch, reporter, attempt)
    finally:
        reporter.close()


def _run_claimed(batch: ImportBatch, reporter: _ProgressReporter, attempt: int) -> ImportBatch:
    batch_id = batch.pk
    try:
        return _import(batch, reporter, attempt)
    except DATABASE_GONE as error:
        # The database went away: the import's transaction rolled back with it. The task
        # retries and claims the batch again (its lock went with the session); should the
        # retry be lost, the beat's sweep sends it. Out of retries, on_failure marks it failed.
        try:
            ImportBatch.objects.filter(
                id=batch_id, status=ImportBatch.Status.RUNNING, attempts=attempt
            ).update(status=ImportBatch.Status.PENDING)
        except DatabaseError:
            pass  # still away: the batch stays "running" with its lock free, which is as good
        if isinstance(error, OperationalError | InterfaceError):
            raise
        raise OperationalError(str(error)) from error
    except _ClaimLost:
        logger.warning("import batch %s was taken over by another worker: rolled back", batch_id)
        return ImportBatch.objects.get(id=batch_id)
    except Exception as error:
        # Anything else will not mend itself by retrying: the batch fails, saying why, and
        # the analyst's "try again" button takes it from there.
        logger.exception("import batch %s stopped", batch_id)
        import_batch_fail(batch_id=batch_id, reason=import_failure_reason(error))
        return ImportBatch.objects.get(id=batch_id)


def import_failure_reason(error: BaseException) -> str:
    first = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"{error.__class__.__name__}: {first}" if first else error.__class__.__name__


def import_batch_fail(*, batch_id: int, reason: str) -> bool:
    """Mark a batch that stopped for an unexpected reason as failed (not imported), saying
    why, so it can be tried again. Nothing of it was stored: its transaction rolled back. Only
    a batch still waiting or running changes, and never one a live worker (another session)
    holds. Returns whether it did."""
    holder = _lock_holder(batch_id)
    if holder is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            if cursor.fetchone()[0] != holder:
                return False
    changed = bool(
        ImportBatch.objects.filter(
            id=batch_id, status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING]
        ).update(
            status=ImportBatch.Status.FAILED,
            finished_at=timezone.now(),
            message=f"The import stopped before it finished ({reason}). Nothing from this file "
            "was stored. Try it again; if it stops again, send the file to the product team.",
        )
    )
    archive_id = ImportBatch.objects.filter(id=batch_id).values_list("archive", flat=True).first()
    if changed and archive_id is not None:
        from .archives import import_archive_settle

        import_archive_settle(archive_id=archive_id)
    return changed


def _import(batch: ImportBatch, reporter: _ProgressReporter, attempt: int) -> ImportBatch:
    """Run the import in one transaction, which also records its report: the rows and the
    counts commit together or not at all. Rolled back when the file stores nothing."""
    earlier = _same_file_done_before(batch)
    if earlier is not None and not _replaces_its_period(batch, earlier):
        return _finish(batch, _already_imported(earlier), attempt)
    if batch.archive_id is not None:
        return _import_member(batch, reporter, attempt)
    with _batch_file(batch) as path:
        if path is None:
            missing = ImportOutcome(
                ImportCounts(), refusal="The file is missing from storage; upload it again."
            )
            return _finish(batch, missing, attempt)
        return _import_path(batch, reporter, path, attempt)


def _import_member(batch: ImportBatch, reporter: _ProgressReporter, attempt: int) -> ImportBatch:
    """A file of a police.uk archive, streamed out of the archive where it is kept."""
    from .archives import ArchiveRefused, archive_member_stream

    try:
        with archive_member_stream(batch) as stream:
            return _import_path(batch, reporter, stream, attempt)
    except (ArchiveRefused, KeyError):
        refusal = "The archive is missing from storage; upload it again."
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        refusal = (
            f"The file is damaged inside the archive ({error}); nothing of it was stored. "
            "Download the archive again."
        )
    return _finish(batch, ImportOutcome(ImportCounts(), refusal=refusal), attempt)


def _import_path(
    batch: ImportBatch, reporter: _ProgressReporter, path: str | IO[bytes], attempt: int
) -> ImportBatch:
    with transaction.atomic():
        outcome = import_file(
            path,
            batch_id=batch.pk,
            requested_format=batch.requested_format,
            store_valid_rows=batch.store_valid_rows,
            progress=reporter.report,
            context={
                "today": timezone.localdate(),
                "partnership_la_code": settings.PARTNERSHIP_AREA_CODE,
                "stated_period": (
                    (batch.period_start, batch.period_end.replace(day=1))
                    if batch.period_stated and batch.period_start and batch.period_end
                    else None
                ),
            },
        )
        if not (outcome.refusal or (outcome.counts.rejected and not batch.store_valid_rows)):
            return _finish(batch, outcome, attempt)
        transaction.set_rollback(True)
    return _finish(batch, outcome, attempt)


def _same_file_done_before(batch: ImportBatch, *, same_choices: bool = True) -> ImportBatch | None:
    """The first earlier batch that imported this very file (same SHA-256), with the same
    format and "store valid rows" choices unless ``same_choices`` is off."""
    earlier = ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.DONE)
    if same_choices:
        earlier = earlier.filter(
            requested_format=batch.requested_format, store_valid_rows=batch.store_valid_rows
        )
    return earlier.exclude(id=batch.pk).order_by("uploaded_at").first()


def _replaces_its_period(batch: ImportBatch, earlier: ImportBatch) -> bool:
    """Whether the file replaces what is held for its period (a hospital extract; a partnership
    file with a stated period): then importing it again applies it again, since a newer file
    may have replaced what it brought since."""
    merge = FORMATS[earlier.format].merge if earlier.format in FORMATS else ""
    return merge == "replace-by-scope" or (merge == "by-reference" and batch.period_stated)


def _already_imported(earlier: ImportBatch) -> ImportOutcome:
    """The result of importing a file again: every good row is already held, so nothing is
    read twice and nothing changes (re-applying an old file must not undo newer outcomes)."""
    counts = ImportCounts(
        read=earlier.rows_read,
        duplicate=earlier.rows_read - earlier.rows_rejected,
        rejected=earlier.rows_rejected,
    )
    counts.problems = [
        (e.line, e.column, e.reason, e.value) for e in earlier.row_errors.order_by("line", "id")
    ]
    return ImportOutcome(counts, FORMATS.get(earlier.format), path="same-file")


# What finishing a batch writes on it.
_REPORT_FIELDS = (
    "format",
    "rows_read",
    "rows_stored",
    "rows_updated",
    "rows_duplicate",
    "rows_replaced",
    "rows_rejected",
    "rows_unknown_lsoa",
    "rows_outside_uk",
    "period_start",
    "period_end",
    "scope",
    "finished_at",
    "progress",
    "status",
    "message",
    "same_file_as",
    "figures_pending",
)


def _finish(batch: ImportBatch, outcome: ImportOutcome, attempt: int) -> ImportBatch:
    """Record the batch's report, only if this worker's claim still stands (``_ClaimLost``
    otherwise, which rolls back the import around it)."""
    counts, file_format, refusal = outcome.counts, outcome.file_format, outcome.refusal
    logger.info(
        "import batch %s (%s): read %s, stored %s, updated %s, duplicate %s, replaced %s, "
        "rejected %s",
        batch.pk,
        outcome.path or "refused",
        counts.read,
        counts.stored,
        counts.updated,
        counts.duplicate,
        counts.replaced,
        counts.rejected,
    )
    batch.format = file_format.slug if file_format else ""
    batch.rows_read = counts.read
    batch.rows_stored = counts.stored
    batch.rows_updated = counts.updated
    batch.rows_duplicate = counts.duplicate
    batch.rows_replaced = counts.replaced
    batch.rows_rejected = counts.rejected
    batch.rows_unknown_lsoa = counts.unknown_lsoa
    batch.rows_outside_uk = counts.outside_uk
    if counts.period is not None:
        batch.period_start, batch.period_end = counts.period[:2]
    batch.scope = counts.scope or batch.scope
    batch.finished_at = timezone.now()
    batch.progress = 100
    if refusal:
        batch.status = ImportBatch.Status.FAILED
        batch.message = refusal
    elif counts.rejected and not batch.store_valid_rows:
        # The import was rolled back: whatever it had written is gone.
        batch.rows_stored = batch.rows_updated = batch.rows_duplicate = batch.rows_replaced = 0
        batch.status = ImportBatch.Status.FAILED
        batch.message = (
            f"{counts.rejected:,} of {counts.read:,} rows have problems, so nothing was stored. "
            "Correct them and upload the file again, or upload it choosing "
            "“store the valid rows and reject the rest”."
        )
    else:
        batch.status = ImportBatch.Status.DONE
        # The very same file again changed nothing: no figures to recompute.
        batch.figures_pending = outcome.path != "same-file"
        batch.same_file_as = _same_file_done_before(batch, same_choices=False)
        batch.message = _done_message(counts, batch.same_file_as, file_format)
    with transaction.atomic():
        if not ImportBatch.objects.filter(
            pk=batch.pk, status=ImportBatch.Status.RUNNING, attempts=attempt
        ).update(**{name: getattr(batch, name) for name in _REPORT_FIELDS}):
            raise _ClaimLost(batch.pk)
        ImportRowError.objects.bulk_create(
            ImportRowError(batch=batch, line=line, column=col, reason=reason, value=value[:500])
            for line, col, reason, value in counts.problems
        )
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.DONE and batch.archive_id is None:
        # Listeners (the trend engine) act once the batch's report is committed. A listener that
        # fails (the job queue is down) must not fail an import already committed: the beat's
        # catch-up finds finished imports whose figures were never recomputed. An archive's
        # files are announced once, when the archive is finished (``archives``), not 1,500
        # times.
        transaction.on_commit(
            lambda: import_batch_done.send(sender=ImportBatch, batch=batch), robust=True
        )
    return batch


def _done_message(
    counts: ImportCounts, earlier: ImportBatch | None, file_format: FileFormat | None
) -> str:
    nothing_new = counts.stored == counts.updated == counts.replaced == 0
    parts = []
    if earlier:
        when = timezone.localtime(earlier.uploaded_at)
        parts.append(f"This file was imported before (batch {earlier.pk}, {when:%d %b %Y %H:%M}).")
    if nothing_new:
        parts.append("Nothing changed: every row was already held.")
    if counts.replaced_from and counts.period is not None and file_format is not None:
        parts.append(_replaced_text(counts, file_format, counts.period[0], counts.period[1]))
    if counts.withdrawals_skipped:
        parts.append(
            "Some rows have problems, so nothing held in its period was removed as withdrawn "
            "at source: correct them and upload the whole file again."
        )
    if counts.rejected:
        parts.append(f"{counts.rejected:,} rows with problems were left out (see the list).")
    if counts.period is not None:
        first, last, how = counts.period
        parts.append(f"Covers {_period_text(first, last)} ({how}).")
    if counts.outside_uk:
        parts.append(
            f"{counts.outside_uk:,} rows have coordinates outside the UK (as police.uk "
            "published them): they are kept and count for their police force only, as rows "
            "without a location do."
        )
    if counts.unknown_lsoa:
        parts.append(
            f"{counts.unknown_lsoa:,} rows are in LSOAs outside the loaded areas: they count for "
            "their police force only, not for any ward or local authority here."
        )
    return " ".join(parts)


def _replaced_text(counts: ImportCounts, file_format: FileFormat, first: date, last: date) -> str:
    """What a file that replaces its period removed, and which earlier files had brought it."""
    period = _period_text(first, last)
    names = dict(
        ImportBatch.objects.filter(pk__in=counts.replaced_from).values_list("pk", "file_name")
    )
    sources = ", ".join(
        f"{n:,} from batch {pk} ({names.get(pk, 'no longer held')})"
        for pk, n in sorted(counts.replaced_from.items())
    )
    n = counts.replaced
    if file_format.merge == "replace-by-scope":
        things = "attendance" if n == 1 else "attendances"
        return f"Replaced {n:,} {things} held for site {counts.scope} over {period}: {sources}."
    things = "incident" if n == 1 else "incidents"
    return (
        f"Removed {n:,} {things} held for {period} that this file no longer has (withdrawn at "
        f"source): {sources}."
    )


def _period_text(first: date, last: date) -> str:
    if first.day == 1 and last == month_end(last):
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}"
        return f"{first:%B %Y} to {last:%B %Y}"
    return f"{first:%-d %B %Y} to {last:%-d %B %Y}"


def synthetic_demo_clear_if_new(*, file_name: str) -> bool:
    """Whether this synthetic demo file is new; if so, the older synthetic incidents (whose
    references a new file may not repeat) are removed so figures never mix two demo runs."""
    from .synthetic import SYNTHETIC_PREFIX

    if ImportBatch.objects.filter(file_name=file_name, status=ImportBatch.Status.DONE).exists():
        return False
    with transaction.atomic():
        Incident.objects.filter(source=Source.PARTNERSHIP, source_ref__startswith="DEMO-").delete()
        SourceCoverage.objects.filter(
            batch__file_name__startswith=SYNTHETIC_PREFIX, source=Source.PARTNERSHIP
        ).delete()
    return True
