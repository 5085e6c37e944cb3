"""Page benchmark (issues 6 and 14).

With 1,000,000 incidents loaded (the import benchmark's file plus the synthetic partnership
data, as the trends benchmark loads them), serves the site with gunicorn and the production
settings (whitenoise, compressed static files), then for 30 s each drives, with 10 concurrent
clients over loopback:
  (s) a trivial static file (the baseline),
  (o) the overview, signed in as a board member,
  (m) a measure page,
  (p) the map, (h) the map with the hot-spot layer, (H) the hot-spot page (issue 24),
and prints requests, errors and p50/p95 latency of each. Then the first visit of the overview:
the compressed bytes of the page and everything it loads, and the cache headers of the static
files. Targets (issue 14): overview and measure page p95 under 50 ms and under 3x the static
file's, zero errors; (issue 24) the map pages p95 under 100 ms; first visit under 400 KB
(Brotli); static files cached far into the future.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench.common import BASE_DIR, WORK_DIR, bench_database_url, connect, manage, scalar
from bench.import_bench import ROWS
from bench.trends_bench import load_bench_data

SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", "30"))
CLIENTS = 10
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def load_data(url: str) -> int:
    """1,000,000 police.uk rows and the synthetic data, with figures; kept between runs."""
    manage(url, "migrate", "--noinput")
    with connect(url) as conn:
        held = scalar(conn, "SELECT count(*) FROM incidents_incident")
        figures = scalar(conn, "SELECT count(*) FROM dashboard_trendfigure")
    if held < ROWS or not figures:
        held = load_bench_data(url)
    return held


def board_sessions(url: str, count: int = 1) -> list[str]:
    """Session keys of ``count`` signed-in board members (bench-board, bench-board-2, ...)."""
    script = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import "
        "Group; from django.contrib.sessions.backends.db import SessionStore\n"
        f"for i in range(1, {count} + 1):\n"
        "    name = 'bench-board' if i == 1 else f'bench-board-{i}'\n"
        "    u, _ = get_user_model().objects.get_or_create(username=name)\n"
        "    u.groups.set([Group.objects.get(name='Board member')])\n"
        "    s = SessionStore(); s['_auth_user_id'] = str(u.pk)\n"
        "    s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    env = _env(url)
    out = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-count:]


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def drive(
    port: int,
    path: str,
    headers: dict[str, str] | list[dict[str, str]],
    *,
    clients: int = CLIENTS,
    seconds: float = SECONDS,
    paths: tuple[str, ...] = (),
) -> tuple[list[float], int]:
    """``clients`` threads requesting ``path`` (or each of ``paths`` in turn) back to back for
    ``seconds``: latencies and errors. Given a list of headers, client i sends the i-th (its own
    reader's session, say)."""
    each = headers if isinstance(headers, list) else [headers]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    cycle = paths or (path,)

    def client(index: int) -> None:
        sent = each[index % len(each)]
        turn = 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            turn += 1
            try:
                status, _, _ = get(port, cycle[turn % len(cycle)], sent)
                ok = status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def first_visit(port: int, cookie: str, encoding: str) -> tuple[int, list[tuple[str, int, str]]]:
    """Compressed bytes of the overview and every file it links, with each file's caching."""
    headers = {"Cookie": cookie, "Accept-Encoding": encoding}
    _, html, page_headers = get(port, "/", headers)
    text = (
        gzip.decompress(html) if page_headers.get("content-encoding") == "gzip" else html
    ).decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', text)))
    total = len(html)
    rows = [("/", len(html), page_headers.get("cache-control", ""))]
    for asset in assets:
        _, body, h = get(port, asset, headers)
        total += len(body)
        rows.append((asset, len(body), h.get("cache-control", "")))
    return total, rows


@contextmanager
def serving(env: dict[str, str], workers: int = 3) -> Iterator[int]:
    """gunicorn with ``env`` on a free loopback port, until the block ends: yields the port."""
    port = _free_port()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log = open(WORK_DIR / "gunicorn.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mkviolence.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz", {})[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"gunicorn did not start: see {WORK_DIR / 'gunicorn.log'}")
            time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    url = bench_database_url()
    print(f"== pages benchmark: {CLIENTS} clients, {SECONDS:.0f} s each ==", flush=True)
    held = load_data(url)
    print(f"incidents loaded: {held:,}", flush=True)
    env = _env(url)
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    cookie = f"sessionid={board_sessions(url)[0]}"
    with serving(env) as port:
        headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
        targets = [
            ("(s) static file", "/static/favicon.svg", {}),
            ("(o) overview", "/", headers),
            ("(m) measure page", "/measures/knife-crime/", headers),
            ("(p) map page", "/map/", headers),
            ("(h) map, hot spots", "/map/?value=hot-spots", headers),
            ("(H) hot-spot page", "/hot-spots/", headers),
        ]
        for _, path, h in targets:  # every worker fills its page cache first
            for _ in range(12):
                status, _, _ = get(port, path, h)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} while warming up")
        baseline = None
        for label, path, h in targets:
            latencies, errors = drive(port, path, h)
            p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
            baseline = baseline or p95
            target = (
                ""
                if path == targets[0][1]
                else "  (target p95 < 100 ms, 0 errors)"
                if path.startswith(("/map/", "/hot-spots/"))
                else "  (target p95 < 50 ms and < 3x static, 0 errors)"
            )
            print(
                f"{label:<18} {len(latencies):>6,} requests  {len(latencies) / SECONDS:7.1f}/s  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}  "
                f"p95/static {p95 / baseline:5.1f}x{target}",
                flush=True,
            )
        for encoding in ("gzip", "gzip, deflate, br"):
            total, rows = first_visit(port, cookie, encoding)
            print(
                f"first visit of the overview, Accept-Encoding {encoding!r}: "
                f"{total / 1000:.0f} KB (target < 400 KB with Brotli)",
                flush=True,
            )
        for path, size, cache_control in rows:
            print(f"    {size / 1000:8.1f} kB  {cache_control or '-':<40} {path}", flush=True)


if __name__ == "__main__":
    main()
