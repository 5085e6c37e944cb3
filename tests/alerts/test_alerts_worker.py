"""The whole chain in a real Celery worker: an upload is imported, the figures recomputed, the
alerts evaluated and e-mailed through a real SMTP server that refuses one recipient once; the
digest task is retried and every subscriber gets exactly one e-mail."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.db import transaction

from alerts.models import AlertDelivery, AlertEmail
from alerts.services import alert_subscription_save, alerts_evaluate
from dashboard.services import trends_recompute
from incidents.formats import PARTNERSHIP_HEADER
from incidents.models import Area, ImportBatch
from incidents.services import import_batch_create, import_batch_enqueue
from mkviolence.roles import BOARD_MEMBER
from tests.factories import (
    HOMICIDES_A_YEAR,
    KNIFE_A_YEAR,
    MILTON_KEYNES,
    homicide_rows,
    knife_rows,
    write_file,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_worker(smtp_server, tmp_path):
    """A worker of its own whose e-mail goes to the test's SMTP server."""
    from mkviolence.celery import app as celery_app
    from tests.factories import database_url as _database_url
    from tests.factories import start_worker, stop_worker

    queue = f"test-alerts-{uuid.uuid4().hex[:8]}"
    saved = os.environ.get("EMAIL_URL")
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_server.port}"
    try:
        worker = start_worker(
            queue=queue, database_url=_database_url(), log_path=tmp_path / "worker.log"
        )
    finally:
        if saved is None:
            os.environ.pop("EMAIL_URL")
        else:
            os.environ["EMAIL_URL"] = saved
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield tmp_path / "worker.log"
    finally:
        celery_app.conf.task_default_queue = default_queue
        stop_worker(worker)


def _rows(*years: int) -> list[str]:
    rows = []
    for year in years:
        rows += knife_rows(year, KNIFE_A_YEAR[year]) + homicide_rows(year, HOMICIDES_A_YEAR[year])
    return rows


def test_exactly_one_email_each_after_a_retried_task(
    reference, make_user, smtp_server, mail_worker, tmp_path
):
    people = []
    for name in ("ann", "bob"):
        user = make_user(BOARD_MEMBER, name)
        user.email = f"{name}@example.org"
        user.save()
        alert_subscription_save(
            user=user, measure="knife-crime", area=Area.objects.get(code=MILTON_KEYNES)
        )
        people.append(user)
    # The years before, imported here: the first look takes the state and says nothing.
    from incidents.services import import_batch_run

    first = import_batch_create(
        path=write_file(
            tmp_path / "before.csv", _rows(2016, 2017, 2018), header=",".join(PARTNERSHIP_HEADER)
        )
    )
    import_batch_run(batch_id=first.pk)
    trends_recompute()
    assert alerts_evaluate().alerts == []
    # 2019 is uploaded: the worker imports it, recomputes, compares and sends. The mail server
    # refuses Bob once (451), so the digest task fails and is retried.
    smtp_server.refuse_once.add("bob@example.org")
    path = write_file(tmp_path / "2019.csv", _rows(2019), header=",".join(PARTNERSHIP_HEADER))
    with transaction.atomic():
        batch = import_batch_create(path=path)
        import_batch_enqueue(batch)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and (
        AlertDelivery.objects.filter(sent_at__isnull=True).exists()
        or not AlertDelivery.objects.exists()
    ):
        time.sleep(0.5)
    log = mail_worker.read_text()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE, log
    assert AlertDelivery.objects.exists(), log
    assert not AlertDelivery.objects.filter(sent_at__isnull=True).exists(), log
    assert "alerts.tasks.alerts_send_task" in log and "Retry in" in log, log
    assert len(smtp_server.to("ann@example.org")) == 1
    assert len(smtp_server.to("bob@example.org")) == 1
    assert AlertEmail.objects.count() == 2
    # Sent once each, and nothing more arrives however long we wait for stragglers.
    from mkviolence.tasks import worker_ping

    worker_ping.delay().get(timeout=120)
    assert len(smtp_server.messages) == 2
