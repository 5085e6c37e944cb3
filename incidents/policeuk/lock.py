"""One pull at a time, on any number of hosts: a PostgreSQL advisory lock held on a connection
of the pull's own (the pull's work commits many times on Django's connection; this one only
holds the lock, and a process that dies drops it with its connection)."""

from __future__ import annotations

import psycopg
from django.db import connection

PULL_LOCK = "mkviolence.policeuk-pull"


class PullLock:
    def __init__(self) -> None:
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.conn = psycopg.connect(**params, autocommit=True)

    def acquire(self) -> bool:
        row = self.conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [PULL_LOCK]).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        self.conn.close()  # the lock goes with the session


def pull_in_progress() -> bool:
    """Whether a pull holds the lock now, on this host or another (a check left "running" by
    a process that died holds nothing)."""
    lock = PullLock()
    try:
        return not lock.acquire()
    finally:
        lock.close()
