"""Writes for incidents: creating import batches, running them, retrying them.

The bulk work is in ``importer``; this module owns a batch's life: claim it (one worker only),
report progress, run the import in one transaction, record the report.
"""

from __future__ import annotations

import hashlib
import logging
import os
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
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from audit.context import acting_for

from .formats import FORMATS
from .importer import ImportCounts, ImportOutcome, import_file
from .models import ImportBatch, ImportRowError, Incident, Source, SourceCoverage, UploadChunk
from .months import month_end
from .signals import import_batch_done

logger = logging.getLogger(__name__)

UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024
QUEUE_DOWN = gettext_noop(
    "The job queue is not answering: the file is kept and its import will start as soon as "
    "the queue is back."
)
# A batch "running" with no heartbeat for this long belongs to a worker that died.
STALE_AFTER = timedelta(minutes=2)
HEARTBEAT_SECONDS = 20


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
    uploaded, or its message was lost); a batch is claimed once, so a second message is
    harmless. Returns how many were sent."""
    now = timezone.now()
    waiting = ImportBatch.objects.filter(
        status=ImportBatch.Status.PENDING,
        heartbeat_at__isnull=True,
        uploaded_at__lt=now - older_than,
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


def import_batch_retry(*, batch_id: int) -> bool:
    """Put a failed batch, or one whose worker died, back in the queue. Returns whether it was."""
    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        changed = (
            ImportBatch.objects.filter(id=batch_id)
            .filter(
                Q(status=ImportBatch.Status.FAILED)
                | Q(status=ImportBatch.Status.RUNNING, heartbeat_at__lt=stale)
            )
            .update(status=ImportBatch.Status.PENDING, progress=0, message="")
        )
        if changed:
            import_batch_enqueue(ImportBatch.objects.get(id=batch_id))
    return bool(changed)


# --- running batches ---------------------------------------------------------------------------


def _claim(batch_id: int) -> bool:
    """Take the batch for this process. Exactly one caller wins (a conditional UPDATE)."""
    now = timezone.now()
    return bool(
        ImportBatch.objects.filter(id=batch_id)
        .filter(
            Q(status=ImportBatch.Status.PENDING)
            | Q(status=ImportBatch.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        )
        .update(
            status=ImportBatch.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            progress=0,
            attempts=F("attempts") + 1,
        )
    )


class _ProgressReporter:
    """Writes progress on a connection of its own, outside the import's transaction, so pages
    see the bar move while the import is still uncommitted. Never touches the batch row from the
    import's own connection until the end, so the two cannot wait on each other.

    A thread beats the heart every ``HEARTBEAT_SECONDS`` whatever the import is doing: a long
    merge statement sends no progress, and without the beat the batch would look dead (and
    another worker could claim it) while it is still working."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.conn = psycopg.connect(**params, autocommit=True)
        self.lock = threading.Lock()  # one connection, two threads: one statement at a time
        self.stopped = threading.Event()
        self.beat = threading.Thread(target=self._beat, name=f"heartbeat-{batch_id}", daemon=True)
        self.beat.start()

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            with self.lock:
                self.conn.execute(
                    "UPDATE incidents_importbatch SET heartbeat_at = now() WHERE id = %s",
                    [self.batch_id],
                )

    def report(self, percent: int) -> None:
        with self.lock:
            self.conn.execute(
                "UPDATE incidents_importbatch SET progress = %s, heartbeat_at = now() "
                "WHERE id = %s",
                [max(0, min(100, percent)), self.batch_id],
            )

    def close(self) -> None:
        self.stopped.set()
        self.beat.join()
        self.conn.close()


def import_batch_run(*, batch_id: int, inline_members: bool = False) -> ImportBatch | None:
    """Import one batch. Safe to call again for the same batch: it claims the batch first and
    does nothing when another process has it or it is finished. None if there is no such batch.

    A police.uk archive's batch creates one batch per street file in it (see ``archives``):
    queued for the workers, or, with ``inline_members`` (the command line), imported here one
    after another."""
    acting_for(
        ImportBatch.objects.filter(id=batch_id).values_list("uploaded_by", flat=True).first()
    )
    if not _claim(batch_id):
        logger.info("import batch %s is finished, held by another worker or gone", batch_id)
        return ImportBatch.objects.filter(id=batch_id).first()
    batch = ImportBatch.objects.get(id=batch_id)
    if batch.is_archive:
        return _run_archive(batch, inline_members=inline_members)
    result = _run(batch)
    if batch.archive_id is not None:
        from .archives import import_archive_settle

        import_archive_settle(archive_id=batch.archive_id)
    return result


def _run_archive(batch: ImportBatch, *, inline_members: bool) -> ImportBatch:
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
    except (OperationalError, InterfaceError):
        ImportBatch.objects.filter(id=batch.pk).update(status=ImportBatch.Status.PENDING)
        raise
    except Exception as error:
        logger.exception("archive batch %s stopped", batch.pk)
        import_batch_fail(batch_id=batch.pk, reason=import_failure_reason(error))
        return ImportBatch.objects.get(id=batch.pk)
    if inline_members:
        for member in members:
            import_batch_run(batch_id=member.pk)
    import_archive_settle(archive_id=batch.pk)
    return ImportBatch.objects.get(id=batch.pk)


def _run(batch: ImportBatch) -> ImportBatch:
    batch_id = batch.pk
    ImportRowError.objects.filter(batch=batch).delete()
    reporter = _ProgressReporter(batch_id)
    try:
        outcome = _import(batch, reporter)
    except (OperationalError, InterfaceError):
        # The database went away: the task retries, and claims it again straight away (the
        # import's transaction has rolled back). Out of retries, on_failure marks it failed.
        ImportBatch.objects.filter(id=batch_id).update(status=ImportBatch.Status.PENDING)
        raise
    except Exception as error:
        # Anything else will not mend itself by retrying: the batch fails, saying why, and
        # the analyst's "try again" button takes it from there.
        logger.exception("import batch %s stopped", batch_id)
        import_batch_fail(batch_id=batch_id, reason=import_failure_reason(error))
        return ImportBatch.objects.get(id=batch_id)
    finally:
        reporter.close()
    c = outcome.counts
    logger.info(
        "import batch %s (%s): read %s, stored %s, updated %s, duplicate %s, replaced %s, "
        "rejected %s",
        batch_id,
        outcome.path or "refused",
        c.read,
        c.stored,
        c.updated,
        c.duplicate,
        c.replaced,
        c.rejected,
    )
    return _finish(batch, outcome)


def import_failure_reason(error: BaseException) -> str:
    first = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"{error.__class__.__name__}: {first}" if first else error.__class__.__name__


def import_batch_fail(*, batch_id: int, reason: str) -> bool:
    """Mark a batch that stopped for an unexpected reason as failed (not imported), saying
    why, so it can be tried again. Nothing of it was stored: its transaction rolled back. Only
    a batch still waiting or running changes. Returns whether it did."""
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


def _import(batch: ImportBatch, reporter: _ProgressReporter) -> ImportOutcome:
    """Run the import in one transaction; roll it back when the file stores nothing."""
    earlier = _same_file_done_before(batch)
    if earlier is not None:
        return _already_imported(earlier)
    if batch.archive_id is not None:
        return _import_member(batch, reporter)
    with _batch_file(batch) as path:
        if path is None:
            return ImportOutcome(
                ImportCounts(), refusal="The file is missing from storage; upload it again."
            )
        return _import_path(batch, reporter, path)


def _import_member(batch: ImportBatch, reporter: _ProgressReporter) -> ImportOutcome:
    """A file of a police.uk archive, streamed out of the archive where it is kept."""
    from .archives import ArchiveRefused, archive_member_stream

    try:
        with archive_member_stream(batch) as stream:
            return _import_path(batch, reporter, stream)
    except (ArchiveRefused, KeyError):
        return ImportOutcome(
            ImportCounts(), refusal="The archive is missing from storage; upload it again."
        )
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        return ImportOutcome(
            ImportCounts(),
            refusal=f"The file is damaged inside the archive ({error}); nothing of it was "
            "stored. Download the archive again.",
        )


def _import_path(
    batch: ImportBatch, reporter: _ProgressReporter, path: str | IO[bytes]
) -> ImportOutcome:
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
        if outcome.refusal or (outcome.counts.rejected and not batch.store_valid_rows):
            transaction.set_rollback(True)
    return outcome


def _same_file_done_before(batch: ImportBatch, *, same_choices: bool = True) -> ImportBatch | None:
    """The first earlier batch that imported this very file (same SHA-256), with the same
    format and "store valid rows" choices unless ``same_choices`` is off."""
    earlier = ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.DONE)
    if same_choices:
        earlier = earlier.filter(
            requested_format=batch.requested_format, store_valid_rows=batch.store_valid_rows
        )
    return earlier.exclude(id=batch.pk).order_by("uploaded_at").first()


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


def _finish(batch: ImportBatch, outcome: ImportOutcome) -> ImportBatch:
    counts, file_format, refusal = outcome.counts, outcome.file_format, outcome.refusal
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
        batch.same_file_as = _same_file_done_before(batch, same_choices=False)
        batch.message = _done_message(counts, batch.same_file_as)
    with transaction.atomic():
        ImportRowError.objects.bulk_create(
            ImportRowError(batch=batch, line=line, column=col, reason=reason, value=value[:500])
            for line, col, reason, value in counts.problems
        )
        batch.save()
    if batch.status == ImportBatch.Status.DONE and batch.archive_id is None:
        # Listeners (the trend engine) act once the batch's report is committed. An archive's
        # files are announced once, when the archive is finished (``archives``), not 1,500
        # times.
        transaction.on_commit(lambda: import_batch_done.send(sender=ImportBatch, batch=batch))
    return batch


def _done_message(counts: ImportCounts, earlier: ImportBatch | None) -> str:
    nothing_new = counts.stored == counts.updated == counts.replaced == 0
    parts = []
    if earlier:
        when = timezone.localtime(earlier.uploaded_at)
        parts.append(f"This file was imported before (batch {earlier.pk}, {when:%d %b %Y %H:%M}).")
    if nothing_new:
        parts.append("Nothing changed: every row was already held.")
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
