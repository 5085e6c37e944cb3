"""PostgreSQL restarted while a worker imports a file: the import's transaction is lost with the
connection, the task retries once the server is back and takes the batch over (its worker's
lock went with the old session), and the batch ends with the counts of a clean run. Nobody
presses Retry and nobody ages a heartbeat.

On a PostgreSQL server of the test's own (tests/private_postgres.py), so restarting it leaves
the suite's database alone."""

from __future__ import annotations

import time
import uuid

import pytest

from mkviolence.celery import app as celery_app
from tests.factories import big_file, start_worker, stop_worker
from tests.factories.private_postgres import PrivateServer, manage

pytestmark = pytest.mark.worker
ROWS = 200_000


def _batch(server: PrivateServer, batch_id: int) -> tuple:
    with server.connect() as conn:
        return conn.execute(
            "SELECT status, progress, attempts, rows_read, rows_stored, rows_duplicate, message "
            "FROM incidents_importbatch WHERE id = %s",
            [batch_id],
        ).fetchone()


def _wait(condition, what: str, timeout: float = 120) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001, S110 - the server is restarting: ask again
            pass
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_postgres_restarted_mid_import_ends_as_a_clean_run(private_server, tmp_path):
    server = private_server
    manage(server, "migrate", "--no-input")
    path = big_file(tmp_path / "big.csv", ROWS)
    created = manage(
        server,
        "shell",
        "-c",
        f"from incidents.services import import_batch_create as c; print(c(path={str(path)!r}).pk)",
    )
    batch_id = int(created.strip().splitlines()[-1])
    queue = f"restart-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue=queue, database_url=server.url, log_path=tmp_path / "w.log")
    try:
        celery_app.send_task("incidents.tasks.import_batch_task", args=[batch_id], queue=queue)
        _wait(lambda: _batch(server, batch_id)[1] > 0, "the import to report progress")
        server.pg_ctl("-m", "fast", "restart")  # ends every connection, the worker's included
        _wait(lambda: _batch(server, batch_id)[0] in ("done", "failed"), "the batch to finish")
    finally:
        stop_worker(worker)
    log = (tmp_path / "w.log").read_text()
    assert "Retry in" in log, log[-3000:]  # the restart did interrupt the import
    status, _, attempts, read, stored, duplicate, message = _batch(server, batch_id)
    assert (status, attempts) == ("done", 2), message
    assert (read, stored, duplicate) == (ROWS, ROWS, 0)
    with server.connect() as conn:
        assert conn.execute("SELECT count(*) FROM incidents_incident").fetchone()[0] == ROWS
