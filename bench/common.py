"""Shared set-up for benchmarks: a database of their own and Django commands run against it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "mkviolence_bench"
WORK_DIR = BASE_DIR / "var" / "bench"


def bench_database_url(name: str = BENCH_DB) -> str:
    """DATABASE_URL with the database renamed to ``name`` (mkviolence_bench; created if
    missing), or the embedded server's database of that name."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        from mkviolence import localdb

        return localdb.url(name)
    bench_url = re.sub(r"/[^/?]+(\?|$)", rf"/{name}\1", url, count=1)
    admin = re.sub(r"/[^/?]+(\?|$)", r"/postgres\1", url, count=1)
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return bench_url


def machine() -> str:
    """The load average, for every figure printed (the machine is shared)."""
    load = os.getloadavg()
    return f"load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} on {os.cpu_count()} cores"


def _libpq(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def scalar(conn: psycopg.Connection[Any], sql: str, params: Any = None) -> Any:
    """The one value a query returns (a count, say)."""
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql  # noqa: S101
    return row[0]


def connect(url: str) -> psycopg.Connection[Any]:
    """A psycopg connection from a django-environ style URL (host may be a socket folder)."""
    import environ

    cfg = environ.Env.db_url_config(url)
    params: dict[str, Any] = {"dbname": cfg["NAME"], "user": cfg["USER"] or None}
    if cfg.get("PASSWORD"):
        params["password"] = cfg["PASSWORD"]
    host = cfg.get("HOST") or cfg.get("OPTIONS", {}).get("host")
    port = cfg.get("PORT") or cfg.get("OPTIONS", {}).get("port")
    if host:
        params["host"] = host
    if port:
        params["port"] = int(port)
    return psycopg.connect(**params, autocommit=True)


def manage(url: str, *args: str) -> tuple[float, int, str]:
    """Run manage.py against the bench database: (wall seconds, peak RSS in MB, stdout)."""
    import tempfile

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mkviolence.settings.dev"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=err,
        )
        # wait4 gives this child's own peak RSS (ru_maxrss, in KiB on Linux).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{stderr}")
    return wall, usage.ru_maxrss // 1024, stdout
