"""Past one machine: the same code on two worker "hosts" that share nothing but the database and
the broker (each its own working folder, temporary folder and process; uploads travel through
the database), behind RabbitMQ and behind Redis. A batch of imports and a recompute are sent, the
worker importing the largest file is killed mid-import, and the other host (the broker handing
the task back, or the beat's sweep) takes it over: every count and figure ends exactly as the
files say.

RabbitMQ at 127.0.0.1:5672 (guest, the default virtual host) and Redis at 127.0.0.1:6379 (db 11)
unless MKV_TEST_AMQP_URL / MKV_TEST_REDIS_URL say otherwise; every queue is the test's own and
is removed afterwards."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from dashboard.models import TrendFigure, TrendRun
from incidents.models import Area, ImportBatch, Incident
from incidents.services import import_batch_create, import_batch_enqueue
from mkviolence.celery import app as celery_app
from tests.factories import BASE_DIR, POLICEUK, big_file
from tests.factories import wait_for_worker as _wait_for_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BROKERS = {
    "rabbitmq": os.environ.get("MKV_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    "redis": os.environ.get("MKV_TEST_REDIS_URL", "redis://127.0.0.1:6379/11"),
}
ROWS = 150_000
THAMES_VALLEY = "Thames Valley Police"
VIOLENCE = "Violence and sexual offences"


class Host:
    """One "host": its own folder for runtime state and temporary files, its own processes."""

    def __init__(self, name: str, root: Path, *, broker_url: str, queue: str, database_url: str):
        self.name = name
        self.folder = root / name
        (self.folder / "tmp").mkdir(parents=True)
        self.queue = queue
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            # Nothing reads the tasks' results: none are left on the shared broker.
            "CELERY_RESULT_BACKEND": "disabled://",
            "CELERY_QUEUE": queue,
            "MKV_VAR_DIR": str(self.folder / "var"),
            "TMPDIR": str(self.folder / "tmp"),
            "JOBS_SWEEP_SECONDS": "2",
        }
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str, log: str, ready: bool = True) -> subprocess.Popen[bytes]:
        log_path = self.folder / log
        with open(log_path, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "mkviolence", *args],
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(proc)
        if ready:
            _wait_for_worker(proc, log_path)
        return proc

    def start_worker(self) -> subprocess.Popen[bytes]:
        self.worker = self.start(
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--hostname",
            f"{self.name}-{self.queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            self.queue,
            log="worker.log",
            ready=False,
        )
        return self.worker

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log(self) -> str:
        return "\n".join(
            f"--- {self.name}/{p.name}\n{p.read_text(errors='replace')[-4000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )


@contextmanager
def sending_to(broker_url: str, queue: str) -> Iterator[None]:
    """The test's own process sends its tasks through the broker to the hosts' queue."""
    names = ("broker_url", "broker_write_url", "broker_read_url")
    saved = {name: celery_app.conf[name] for name in names}
    saved_queue = celery_app.conf.task_default_queue
    for name in names:
        celery_app.conf[name] = broker_url
    celery_app.conf.task_default_queue = queue
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        _remove_queue(queue)
        for name, value in saved.items():
            celery_app.conf[name] = value
        celery_app.conf.task_default_queue = saved_queue
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def _remove_queue(queue: str) -> None:
    """Leave the shared broker as it was: the test's queue, its bindings and its messages."""
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        if conn.transport.driver_type != "redis":
            channel.queue_delete(queue)
            return
        client = channel.client
        for key in client.scan_iter(f"*{queue}*"):  # the queue, its priority lists, bindings
            client.delete(key)
        for member in client.smembers("_kombu.binding.celery.pidbox"):
            if queue.encode() in member:  # the workers' names carry the queue's
                client.srem("_kombu.binding.celery.pidbox", member)
        for tag, payload in client.hgetall(channel.unacked_key).items():
            if queue.encode() in payload:  # the killed worker's task, never acknowledged
                client.hdel(channel.unacked_key, tag)
                client.zrem(channel.unacked_index_key, tag)


def _violence_by_month(paths: list[Path]) -> Counter[date]:
    """Thames Valley's violence and sexual offences per month in the files, read with csv."""
    counted: Counter[date] = Counter()
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if row["Falls within"] == THAMES_VALLEY and row["Crime type"] == VIOLENCE:
                    counted[date.fromisoformat(row["Month"] + "-01")] += 1
    return counted


def _rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return sum(1 for _ in csv.DictReader(f))


def _holder_pid(batch_id: int) -> int | None:
    """The process id (on its host) of the worker importing the batch, from the name its
    database session carries."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s::bigint::oid "
            "AND l.objsubid = 2 AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            [batch_id],
        )
        row = cursor.fetchone()
    found = re.search(r": pid (\d+) on ", row[0]) if row else None
    return int(found.group(1)) if found else None


def _wait(condition, what: str, hosts: list[Host], timeout: float = 150) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n" + "\n".join(
            h.log() for h in hosts
        )
        time.sleep(0.05)


@pytest.mark.parametrize("broker", sorted(BROKERS))
def test_two_hosts_sharing_only_the_database_and_the_broker(
    broker, empty_database, test_database_url, tmp_path
):
    broker_url = BROKERS[broker]
    queue = f"hosts-{broker}-{uuid.uuid4().hex[:10]}"
    Area.objects.create(code="E23000029", name="Thames Valley", level="force", vintage=2019)
    big = big_file(tmp_path / "big.csv", ROWS)
    files = [big, *sorted(POLICEUK.glob("2018-1*-thames-valley-*.csv"))]
    hosts = [
        Host(name, tmp_path, broker_url=broker_url, queue=queue, database_url=test_database_url)
        for name in ("host-a", "host-b")
    ]
    with sending_to(broker_url, queue):
        try:
            workers = [host.start_worker() for host in hosts]
            for host, worker in zip(hosts, workers, strict=True):
                _wait_for_worker(worker, host.folder / "worker.log")
            # Beat runs on the second host (its sweeps every 2 seconds here, every minute by
            # default); the first host's worker is the one that may die.
            hosts[1].start("beat", "--loglevel", "INFO", log="beat.log", ready=False)

            batches = [
                import_batch_create(
                    upload=SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")
                )
                for path in files
            ]
            for batch in batches:
                import_batch_enqueue(batch)  # no transaction here: sent at once
            celery_app.send_task("dashboard.tasks.trends_recompute_full_task")

            # The host importing the big file dies mid-import (SIGKILL: no goodbye to anyone).
            _wait(
                lambda: (
                    ImportBatch.objects.get(pk=batches[0].pk).progress > 0
                    and _holder_pid(batches[0].pk) is not None
                ),
                "the big import to start",
                hosts,
            )
            doomed = next(w for w in workers if w.pid == _holder_pid(batches[0].pk))
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)

            ids = [b.pk for b in batches]
            _wait(
                lambda: (
                    set(ImportBatch.objects.filter(pk__in=ids).values_list("status", flat=True))
                    <= {"done", "failed"}
                ),
                "every import to finish",
                hosts,
            )
            _wait(
                lambda: (
                    not ImportBatch.objects.filter(figures_pending=True).exists()
                    and TrendRun.objects.filter(kind=TrendRun.Kind.FULL).exists()
                ),
                "the figures to include every import",
                hosts,
            )
        finally:
            for host in hosts:
                host.stop()

    report = {
        b.file_name: (b.status, b.rows_read, b.rows_stored, b.rows_duplicate, b.attempts)
        for b in ImportBatch.objects.filter(pk__in=ids)
    }
    assert report == {
        path.name: ("done", _rows(path), _rows(path), 0, 2 if path == big else 1) for path in files
    }, "\n".join(h.log() for h in hosts)
    assert Incident.objects.count() == sum(_rows(path) for path in files)
    # Figures: Thames Valley's violence and sexual offences, month by month, as the files say.
    force = Area.objects.get(code="E23000029")
    figures = dict(
        TrendFigure.objects.filter(
            measure="violence-and-sexual-offences", area=force, covered=True
        ).values_list("month", "count")
    )
    expected = _violence_by_month(files)
    assert figures == dict(expected) and sum(expected.values()) > ROWS / 10
