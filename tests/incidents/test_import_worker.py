"""Imports run on a real Celery worker: enqueued after commit, progress visible while running,
and kept when the job queue is down (a worker killed mid-import: test_import_recovery.py)."""

from __future__ import annotations

import csv
import random
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pghistory.models
import pytest
from django.db import transaction

from incidents.models import ImportBatch, Incident
from incidents.services import import_batch_create, import_batch_enqueue
from mkviolence.roles import ANALYST
from tests.incidents.conftest import POLICEUK, TV_2019_01, read_rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(batch_id: int, timeout: float = 120) -> ImportBatch:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.is_finished:
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} did not finish in {timeout} s")


def test_an_enqueued_import_runs_on_the_worker(celery_worker_process):
    with transaction.atomic():
        batch = import_batch_create(path=TV_2019_01)
        import_batch_enqueue(batch)
    batch = wait_until_finished(batch.pk)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_stored == len(read_rows(TV_2019_01)) == Incident.objects.count()
    assert batch.attempts == 1


def test_the_audit_log_names_the_task_and_the_uploader(celery_worker_process, make_user):
    analyst = make_user(ANALYST)
    with transaction.atomic():
        batch = import_batch_create(path=TV_2019_01, uploaded_by=analyst)
        import_batch_enqueue(batch)
    assert wait_until_finished(batch.pk).status == ImportBatch.Status.DONE
    history = list(
        pghistory.models.Events.objects.tracks(batch).order_by("pgh_created_at", "pgh_id")
    )
    assert [e.pgh_label for e in history] == ["insert", "update", "update"]
    assert history[-1].pgh_diff["status"] == ["running", "done"]
    for event in history[1:]:  # claimed and finished on the worker, for the analyst
        assert event.pgh_context["task"] == "incidents.tasks.import_batch_task"
        assert event.pgh_context["user"] == analyst.pk


def test_the_task_is_sent_only_when_the_transaction_commits(celery_worker_process):
    with transaction.atomic():
        batch = import_batch_create(path=TV_2019_01)
        import_batch_enqueue(batch)
        time.sleep(2)  # had the task gone already, the worker would have looked for the batch
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PENDING
    assert wait_until_finished(batch.pk).status == ImportBatch.Status.DONE


def test_a_rolled_back_upload_sends_no_task(celery_worker_process):
    with pytest.raises(RuntimeError), transaction.atomic():
        batch = import_batch_create(path=TV_2019_01)
        import_batch_enqueue(batch)
        raise RuntimeError("the upload failed after the batch was recorded")
    # The next task the worker runs is this one, so the rolled-back one was never sent.
    with transaction.atomic():
        later = import_batch_create(path=TV_2019_01)
        import_batch_enqueue(later)
    assert wait_until_finished(later.pk).status == ImportBatch.Status.DONE
    assert ImportBatch.objects.count() == 1


def big_file(path: Path, rows: int) -> Path:
    """Real rows resampled with fresh Crime IDs: long enough to kill a worker mid-import."""
    sample = []
    for source in sorted(POLICEUK.glob("*.csv")):
        with open(source, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            sample.extend(r for r in reader if r[0])
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for _ in range(rows):
            row = list(rng.choice(sample))
            row[0] = f"{rng.getrandbits(256):064x}"
            writer.writerow(row)
    return path


@contextmanager
def job_queue_down():
    """Point the site at a job queue that does not answer (nothing listens on port 1): the real
    client gets a real refused connection."""
    from mkviolence.celery import app

    names = ("broker_url", "broker_write_url", "broker_read_url")
    working = {name: app.conf[name] for name in names}
    for name in names:
        app.conf[name] = "redis://127.0.0.1:1/0"
    app._pool = None  # the connection pools are built from the URL when first used
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        for name, value in working.items():
            app.conf[name] = value
        app._pool = None
        app.amqp._producer_pool = None


def test_an_upload_while_the_queue_is_down_is_kept_and_runs_when_it_is_back(
    celery_worker_process, client, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from incidents.services import QUEUE_DOWN, import_batches_resend

    client.force_login(make_user("Analyst"))
    upload = SimpleUploadedFile("tv.csv", TV_2019_01.read_bytes(), content_type="text/csv")
    with job_queue_down():
        response = client.post(
            reverse("incidents:import-list"), {"files": [upload], "format": "auto"}, follow=True
        )
    assert response.status_code == 200
    assert "The job queue is not answering: the file is kept" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PENDING and batch.message == QUEUE_DOWN
    assert not Incident.objects.exists()
    # The queue is back: the periodic resend sends it, and the worker imports it in full.
    assert import_batches_resend(older_than=timedelta(0)) == 1
    batch = wait_until_finished(batch.pk)
    assert batch.status == ImportBatch.Status.DONE and batch.message != QUEUE_DOWN
    assert batch.rows_stored == len(read_rows(TV_2019_01)) == Incident.objects.count()
