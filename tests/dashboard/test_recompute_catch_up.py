"""Every finished import leads to figures that include it. An import records, in the transaction
that stores its rows, that its figures are due (an outbox); the recompute that covers it clears
that in its own transaction. When the recompute could not be sent (the job queue was down the
moment the import finished) or its worker died, the beat's catch-up runs it."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings

from dashboard.models import TrendFigure, TrendRun
from incidents.models import Area, ImportBatch
from incidents.services import import_batch_create, import_batch_run
from mkviolence.celery import app as celery_app
from tests.factories import TV_2018_10, TV_2019_01, job_queue_down, read_rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
VIOLENCE = "Violence and sexual offences"


def thames_valley() -> Area:
    """The one area these figures need: the force the files' crimes fall within."""
    return Area.objects.create(code="E23000029", name="Thames Valley", level="force", vintage=2019)


def _violence_in_thames_valley(month: str) -> int | None:
    force = Area.objects.get(code="E23000029")  # Thames Valley
    return (
        TrendFigure.objects.filter(
            measure="violence-and-sexual-offences", area=force, month=date.fromisoformat(month)
        )
        .values_list("count", flat=True)
        .first()
    )


def _in_file(path) -> int:  # noqa: ANN001
    return sum(1 for row in read_rows(path) if row["Crime type"] == VIOLENCE)


def test_an_import_that_finishes_while_the_queue_is_down_still_reaches_the_figures(
    empty_database, celery_worker_process
):
    thames_valley()
    with job_queue_down():
        # As the command line imports: the import commits, then its recompute cannot be sent.
        batch = import_batch_run(batch_id=import_batch_create(path=TV_2019_01).pk)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert not TrendRun.objects.exists()  # nothing recomputed the figures
    # The queue is back: the beat's catch-up (here without waiting its few minutes).
    catch_up = settings.CELERY_BEAT_SCHEDULE["trends-catch-up"]["task"]
    assert celery_app.send_task(catch_up, kwargs={"older_than_seconds": 0}).get(timeout=120) == 1
    assert _violence_in_thames_valley("2019-01-01") == _in_file(TV_2019_01) > 0
    # Done once: a second catch-up finds nothing left to do.
    assert celery_app.send_task(catch_up, kwargs={"older_than_seconds": 0}).get(timeout=60) == 0
    assert TrendRun.objects.count() == 1


def test_a_recompute_already_run_is_not_run_again(empty_database, celery_worker_process):
    from incidents.services import import_batch_enqueue

    thames_valley()

    batch = import_batch_create(path=TV_2018_10)
    import_batch_enqueue(batch)  # the worker imports it, then recomputes its figures
    celery_app.send_task("mkviolence.tasks.worker_ping").get(timeout=120)
    celery_app.send_task("mkviolence.tasks.worker_ping").get(timeout=120)
    assert _violence_in_thames_valley("2018-10-01") == _in_file(TV_2018_10)
    runs = TrendRun.objects.count()
    assert runs == 1
    catch_up = settings.CELERY_BEAT_SCHEDULE["trends-catch-up"]["task"]
    assert celery_app.send_task(catch_up, kwargs={"older_than_seconds": 0}).get(timeout=60) == 0
    assert TrendRun.objects.count() == runs
