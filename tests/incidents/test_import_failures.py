"""Jobs that finish or fail visibly: any exception marks the batch failed with a readable reason
(and it can be retried to the same result); the heartbeat beats while any stage runs; files with
one very long field get a row-level error, not a traceback."""

from __future__ import annotations

import csv
import time

import pytest
from django.core.management import call_command

from incidents import importer, services
from incidents.models import ImportBatch, Incident
from incidents.services import import_batch_create, import_batch_retry, import_batch_run
from incidents.tasks import ImportTask
from tests.factories import TV_2019_01, incident_snapshot

pytestmark = pytest.mark.django_db


def _with_long_field(tmp_path, *, quoted: bool):
    with open(TV_2019_01, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[:40]
    rows[5][6] = ('He said "stop" ' if quoted else "On or near ") + "x" * 300_000
    path = tmp_path / "long.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.parametrize("quoted", [False, True])
def test_one_very_long_field_is_a_row_error_and_stores_nothing(tmp_path, quoted, capsys):
    before = incident_snapshot()
    with pytest.raises(SystemExit):
        call_command("import_incidents", str(_with_long_field(tmp_path, quoted=quoted)))
    out = capsys.readouterr().out
    assert "line 6, Location: is longer than 1,024 characters" in out
    assert "Traceback" not in out
    assert incident_snapshot() == before


def test_an_unclosed_quote_is_a_row_error_not_the_rest_of_the_file(tmp_path):
    with open(TV_2019_01, encoding="utf-8") as f:
        lines = f.read().splitlines()[:30]
    lines[4] = lines[4].replace("On or near", '"On or near', 1)
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = import_batch_run(batch_id=import_batch_create(path=path).pk)
    assert batch.status == "failed" and batch.rows_rejected >= 1
    assert not Incident.objects.exists()


def test_an_unexpected_error_fails_the_batch_with_a_reason_and_a_retry_succeeds(
    monkeypatch, tmp_path
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk quota exceeded")

    monkeypatch.setattr(services, "import_file", broken)
    batch = import_batch_run(batch_id=import_batch_create(path=TV_2019_01).pk)
    assert batch.status == ImportBatch.Status.FAILED
    assert "RuntimeError: disk quota exceeded" in batch.message
    assert "Nothing from this file was stored" in batch.message
    assert not Incident.objects.exists()
    monkeypatch.setattr(services, "import_file", importer.import_file)
    assert import_batch_retry(batch_id=batch.pk)
    batch = import_batch_run(batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.DONE and batch.rows_stored > 0


def test_a_task_that_fails_for_good_marks_its_batch_failed():
    """What Celery calls when a task fails (out of retries, say): never "waiting" for ever."""
    batch = import_batch_create(path=TV_2019_01)
    ImportTask().on_failure(
        ConnectionError("database unreachable"), "task-id", [batch.pk], {}, None
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "ConnectionError: database unreachable" in batch.message
    assert import_batch_retry(batch_id=batch.pk)  # the retry button takes it


@pytest.mark.django_db(transaction=True)  # the heart beats on a connection of its own
def test_the_heartbeat_beats_while_a_stage_sends_no_progress(monkeypatch):
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.2)
    batch = import_batch_create(path=TV_2019_01)
    reporter = services._ProgressReporter(batch.pk)
    try:
        beats = []
        for _ in range(3):
            time.sleep(0.5)  # a long merge statement: no progress reported
            beats.append(
                ImportBatch.objects.values_list("heartbeat_at", flat=True).get(pk=batch.pk)
            )
    finally:
        reporter.close()
    assert None not in beats and beats[0] < beats[1] < beats[2]
