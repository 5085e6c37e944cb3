"""Load test (issue 14): `make loadtest`.

With the pages benchmark's million incidents and figures loaded, serves the site with gunicorn
and the production settings, starts `manage.py import_incidents` of another million-row
police.uk file, and while it runs drives 50 concurrent clients for 60 s, each a different
board member with a session of their own, requesting the overview and a measure page in turn.
Prints requests, errors, p50/p95 latency and how much of the run the import overlapped, then
removes the rows the import added, so the benchmark data stays as it was. Target: 0 errors,
p95 under 300 ms. Set CACHE_URL (Redis) to run it with the shared cache several web hosts
would use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.common import BASE_DIR, WORK_DIR, bench_database_url, connect, scalar
from bench.import_bench import ROWS, SEED, build_file
from bench.pages_bench import _env, board_sessions, drive, get, load_data, percentile, serving

CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "50"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
PATHS = ("/", "/measures/knife-crime/")


def main() -> None:
    url = bench_database_url()
    cache = os.environ.get("CACHE_URL", "in-process (each gunicorn worker its own)")
    print(
        f"== load test: {CLIENTS} clients, {SECONDS:.0f} s, during a {ROWS:,}-row import; "
        f"cache {cache} ==",
        flush=True,
    )
    held = load_data(url)
    print(f"incidents loaded: {held:,}", flush=True)
    second = build_file(ROWS, seed=SEED + 1)
    env = _env(url)
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    # Each client is a different board member, with a session of their own.
    headers = [
        {"Cookie": f"sessionid={key}", "Accept-Encoding": "gzip"}
        for key in board_sessions(url, CLIENTS)
    ]
    with connect(url) as conn:
        last_batch = scalar(conn, "SELECT coalesce(max(id), 0) FROM incidents_importbatch")
    with serving(env, workers=3) as port:
        for path in PATHS:  # every worker has the page content (each reader is not yet known)
            for _ in range(12):
                if get(port, path, headers[0])[0] != 200:
                    raise RuntimeError(f"{path} did not answer 200 while warming up")
        log = open(WORK_DIR / "loadtest-import.log", "wb")  # noqa: SIM115 - closed below
        started = time.monotonic()
        importer = subprocess.Popen(
            [sys.executable, str(BASE_DIR / "manage.py"), "import_incidents", str(second)],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            time.sleep(2)  # the import is reading and copying by now
            latencies, errors = drive(
                port, "/", headers, clients=CLIENTS, seconds=SECONDS, paths=PATHS
            )
            overlap = (
                "the whole run"
                if importer.poll() is None
                else (f"{time.monotonic() - started:.0f} s of it")
            )
            importer.wait(timeout=3600)
            took = time.monotonic() - started
        finally:
            if importer.poll() is None:
                importer.kill()
            log.close()
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    print(
        f"pages under load: {len(latencies):,} requests  {len(latencies) / SECONDS:6.1f}/s  "
        f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}  (target 0 errors, p95 < 300 ms)",
        flush=True,
    )
    print(
        f"the import ran {took:.0f} s (exit {importer.returncode}) and overlapped {overlap}",
        flush=True,
    )
    with connect(url) as conn:  # leave the benchmark data as it was
        conn.execute("DELETE FROM incidents_incident WHERE batch_id > %s", [last_batch])
        # Every other table that names an import batch (coverage, chunks, row errors).
        referencing = conn.execute(
            "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.confrelid = 'incidents_importbatch'::regclass"
        ).fetchall()
        for table, column in referencing:
            conn.execute(f'DELETE FROM {table} WHERE "{column}" > %s', [last_batch])  # noqa: S608
        conn.execute("DELETE FROM incidents_importbatch WHERE id > %s", [last_batch])


if __name__ == "__main__":
    main()
