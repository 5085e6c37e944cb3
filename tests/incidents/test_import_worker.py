"""Imports run on a real Celery worker: enqueued after commit, progress visible while running,
and kept when the job queue is down (a worker killed mid-import: test_import_recovery.py)."""

from __future__ import annotations

import time
from datetime import timedelta

import pghistory.models
import pytest
from django.db import transaction

from incidents.models import ImportBatch, Incident
from incidents.services import import_batch_create, import_batch_enqueue
from mkviolence.roles import ANALYST
from tests.factories import TV_2019_01, job_queue_down, read_rows, wait_until_finished

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


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
