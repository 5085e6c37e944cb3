"""Processes the tests start and stop: real Celery workers on the test database, a job queue
that does not answer, files long enough to kill a worker mid-import."""

from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from incidents.models import ImportBatch

from .data import BASE_DIR, POLICEUK


def database_url() -> str:
    """The URL of the test database, for processes started by the tests."""
    from django.db import connection

    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(str(s['PASSWORD']), safe='')}" if s.get("PASSWORD") else ""
    host = s["HOST"] or ""
    if host.startswith("/"):  # a Unix socket folder (the embedded server)
        return f"postgres://{user}{password}@/{s['NAME']}?host={host}&port={s['PORT']}"
    return f"postgres://{user}{password}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(*, queue: str, database_url: str, log_path: Path) -> subprocess.Popen[bytes]:
    """Start a real `celery worker` process consuming ``queue``; return once it is ready."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_QUEUE": queue,
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mkviolence",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--queues",
                queue,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for_worker(proc, log_path)
    return proc


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_for_worker(proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log_path.read_text()}")
        if "ready." in log_path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"Celery worker did not start in 60 s:\n{log_path.read_text()}")


def wait_until_finished(batch_id: int, timeout: float = 120) -> ImportBatch:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.is_finished:
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} did not finish in {timeout} s")


def big_file(path: Path, rows: int) -> Path:
    """Real rows resampled with fresh Crime IDs: long enough to kill a worker mid-import."""
    sample = []
    for source in sorted(POLICEUK.glob("*.csv")):
        with open(source, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            sample.extend(r for r in reader if r[0])
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for _ in range(rows):
            row = list(rng.choice(sample))
            row[0] = f"{rng.getrandbits(256):064x}"
            writer.writerow(row)
    return path


@contextmanager
def job_queue_down() -> Iterator[None]:
    """Point the site at a job queue that does not answer (nothing listens on port 1): the real
    client gets a real refused connection."""
    from mkviolence.celery import app

    names = ("broker_url", "broker_write_url", "broker_read_url")
    working = {name: app.conf[name] for name in names}
    for name in names:
        app.conf[name] = "redis://127.0.0.1:1/0"
    app._pool = None  # the connection pools are built from the URL when first used
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        for name, value in working.items():
            app.conf[name] = value
        app._pool = None
        app.amqp._producer_pool = None


ENV_READ = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def settings_env_vars() -> set[str]:
    """Every environment variable the settings (and the embedded-database helper) read."""
    names: set[str] = set()
    for path in [
        *(BASE_DIR / "mkviolence" / "settings").glob("*.py"),
        BASE_DIR / "mkviolence/localdb.py",
    ]:
        names |= set(ENV_READ.findall(path.read_text()))
    return names
