"""A batch whose worker dies is taken over by itself: by the task the broker hands back, or by
the beat sweep. Nobody presses Retry and nobody ages a heartbeat; the batch ends with the counts
of a clean run. A batch a live worker is importing is never taken from it."""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from incidents.models import ImportBatch, Incident
from incidents.services import import_batch_create, import_batch_retry, import_batch_run
from incidents.tasks import import_batch_task
from mkviolence.celery import app as celery_app
from tests.factories import big_file, start_worker, stop_worker, wait_until_finished

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 200_000


def _start_import_on_a_worker(batch: ImportBatch, database_url: str, log: Path):
    """A worker of its own (the "host" that will die) takes the batch; returns once the import
    has reported progress, so the worker is killed mid-import."""
    queue = f"doomed-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue=queue, database_url=database_url, log_path=log)
    import_batch_task.apply_async(args=[batch.pk], queue=queue)
    deadline = time.monotonic() + 60
    while ImportBatch.objects.get(pk=batch.pk).progress == 0:
        assert time.monotonic() < deadline, "the import never reported progress"
        time.sleep(0.05)
    return worker


def _kill(worker: subprocess.Popen[bytes]) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)


def _killed_mid_import(batch: ImportBatch, database_url: str, tmp_path: Path) -> ImportBatch:
    worker = _start_import_on_a_worker(batch, database_url, tmp_path / "doomed.log")
    try:
        _kill(worker)
    finally:
        if worker.poll() is None:
            stop_worker(worker)
    crashed = ImportBatch.objects.get(pk=batch.pk)
    assert crashed.status == ImportBatch.Status.RUNNING and 0 < crashed.progress < 100
    time.sleep(1)  # PostgreSQL notices the dropped connection and rolls its transaction back
    assert Incident.objects.count() == 0  # nothing half-loaded
    return crashed


def _assert_clean_run(batch_id: int) -> None:
    batch = wait_until_finished(batch_id, timeout=90)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.attempts == 2
    assert (batch.rows_read, batch.rows_stored, batch.rows_duplicate) == (ROWS, ROWS, 0)
    assert Incident.objects.count() == ROWS
    assert "imported before" not in batch.message and "already held" not in batch.message


def test_the_task_the_broker_hands_back_takes_over_at_once(
    celery_worker_process, test_database_url, tmp_path
):
    batch = import_batch_create(path=big_file(tmp_path / "big.csv", ROWS))
    _killed_mid_import(batch, test_database_url, tmp_path)
    # A broker that saw the worker's connection drop (RabbitMQ at once; Redis after the
    # visibility timeout) delivers the unacknowledged task again, to a worker still alive.
    import_batch_task.apply_async(args=[batch.pk])
    _assert_clean_run(batch.pk)


def test_the_beat_sweep_takes_over_a_batch_whose_worker_died(
    celery_worker_process, test_database_url, tmp_path
):
    batch = import_batch_create(path=big_file(tmp_path / "big.csv", ROWS))
    _killed_mid_import(batch, test_database_url, tmp_path)
    # The embedded broker loses the killed worker's message: the beat's sweep finds the batch.
    sweep = settings.CELERY_BEAT_SCHEDULE["import-batches-recover"]
    celery_app.send_task(sweep["task"])
    _assert_clean_run(batch.pk)


def test_the_retry_button_takes_a_batch_whose_worker_died_without_waiting(
    celery_worker_process, test_database_url, tmp_path
):
    batch = import_batch_create(path=big_file(tmp_path / "big.csv", ROWS))
    _killed_mid_import(batch, test_database_url, tmp_path)
    assert import_batch_retry(batch_id=batch.pk)
    _assert_clean_run(batch.pk)


def test_a_batch_a_live_worker_imports_is_never_taken_from_it(
    celery_worker_process, test_database_url, tmp_path
):
    from incidents.services import import_batches_recover

    batch = import_batch_create(path=big_file(tmp_path / "big.csv", ROWS))
    worker = _start_import_on_a_worker(batch, test_database_url, tmp_path / "live.log")
    try:
        # Another delivery of its task, the sweep and the Retry button all leave it alone.
        assert import_batch_run(batch_id=batch.pk).status == ImportBatch.Status.RUNNING
        assert import_batches_recover(older_than=timedelta(0)) == 0
        assert not import_batch_retry(batch_id=batch.pk)
        done = wait_until_finished(batch.pk, timeout=90)
    finally:
        stop_worker(worker)
    assert done.status == ImportBatch.Status.DONE and done.attempts == 1
    assert done.rows_stored == ROWS == Incident.objects.count()
