"""Page benchmark (issues 6 and 14).

With 1,000,000 incidents loaded (the import benchmark's file plus the synthetic partnership
data, as the trends benchmark loads them), serves the site with gunicorn and the production
settings (whitenoise, compressed static files), then for 30 s each drives, with 10 concurrent
clients over loopback:
  (s) a trivial static file (the baseline),
  (o) the overview, signed in as a board member,
  (m) a measure page,
  (p) the map, (h) the map with the hot-spot layer, (H) the hot-spot page (issue 24),
  (c) the comparison page ("How we compare", issue 22) and (a) its API,
      /api/v1/comparisons/ (an analyst's token), with national data loaded: police.uk archives
      of every force for 36 months as ``bench/national_bench.py`` builds them, each force's
      files at 5% of their size (BENCH_PAGES_NATIONAL_SCALE), so that every local authority,
      partnership and force has figures, 12-month totals and two-year changes,
and prints requests, errors and p50/p95 latency of each. Then the first visit of the overview:
the compressed bytes of the page and everything it loads, and the cache headers of the static
files. Targets (issue 14): overview and measure page p95 under 50 ms and under 3x the static
file's, zero errors; (issue 24) the map pages p95 under 100 ms; (issue 22) the comparison
page p95 under 100 ms; first visit under 400 KB (Brotli); static files cached far into the
future. The comparison is also timed in one process, cold (a new generation: nothing cached)
and warm, as ``comparison_for`` and as the page's content.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench.common import BASE_DIR, WORK_DIR, bench_database_url, connect, machine, manage, scalar
from bench.import_bench import ROWS
from bench.national_bench import build_archive
from bench.trends_bench import load_bench_data

SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", "30"))
NATIONAL_MONTHS = 36
NATIONAL_SCALE = float(os.environ.get("BENCH_PAGES_NATIONAL_SCALE", "0.05"))
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
    with connect(url) as conn:
        forces = scalar(
            conn,
            "SELECT count(DISTINCT scope) FROM incidents_sourcecoverage "
            "WHERE source = 'policeuk-street' AND month = '2022-09-01'",
        )
    if forces < 40:  # the national months, every force
        archive, rows, files = build_archive(NATIONAL_MONTHS, scale=NATIONAL_SCALE)
        print(f"importing national data: {rows:,} rows in {files:,} files", flush=True)
        manage(url, "import_incidents", str(archive))
        with connect(url) as conn:
            conn.execute("VACUUM ANALYZE incidents_incident")
            held = scalar(conn, "SELECT count(*) FROM incidents_incident")
        manage(url, "shell", "-c", "from dashboard.services import trends_recompute_all as r; r()")
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
    from bench.api_bench import analyst_token

    api = {"Authorization": f"Bearer {analyst_token(env)}", "Accept-Encoding": "gzip"}
    _, _, out = manage(url, "shell", "-c", COMPARISON_SCRIPT)
    cold = json.loads(out.strip().splitlines()[-1])
    print(
        f"comparison in one process, {cold['areas']} local authorities: comparison_for cold "
        f"{cold['cold'] * 1000:.1f} ms, warm {cold['warm'] * 1000:.1f} ms; the page's content "
        f"cold {cold['page_cold'] * 1000:.1f} ms, warm {cold['page_warm'] * 1000:.1f} ms  "
        f"[{machine()}]",
        flush=True,
    )
    with serving(env) as port:
        headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
        targets = [
            ("(s) static file", "/static/favicon.svg", {}),
            ("(o) overview", "/", headers),
            ("(m) measure page", "/measures/knife-crime/", headers),
            ("(p) map page", "/map/", headers),
            ("(h) map, hot spots", "/map/?value=hot-spots", headers),
            ("(H) hot-spot page", "/hot-spots/", headers),
            ("(c) comparison page", f"/compare/?end={NATIONAL_END}", headers),
            (
                "(c2) comparison, CSPs",
                f"/compare/?among=csp&measure=knife-crime&end={NATIONAL_END}",
                headers,
            ),
            ("(a) comparisons API", COMPARISONS_API, api),
        ]
        only = os.environ.get("BENCH_PAGES_TARGETS")  # e.g. "s,o,m": those labels only
        if only:
            wanted = {f"({name})" for name in only.split(",")}
            targets = [t for t in targets if t[0].split()[0] in wanted]
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
                if path.startswith(("/map/", "/hot-spots/", "/compare/", "/api/"))
                else "  (target p95 < 50 ms and < 3x static, 0 errors)"
            )
            print(
                f"{label:<18} {len(latencies):>6,} requests  {len(latencies) / SECONDS:7.1f}/s  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}  "
                f"p95/static {p95 / baseline:5.1f}x{target}  [{machine()}]",
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


# The national months end in September 2022 (the partnership's own data runs on, so its latest
# month would compare it with the few areas that have data then).
NATIONAL_END = "2022-09"
COMPARISONS_API = (
    f"/api/v1/comparisons/?measure=violence-and-sexual-offences&area=E06000042&month={NATIONAL_END}"
)

# comparison_for and the comparison page's content, cold (the cache emptied, as a new generation
# leaves it) and warm, in one process.
COMPARISON_SCRIPT = """
import json, time
from datetime import date
from django.conf import settings
from django.core.cache import cache
from dashboard.comparisons import comparison_for
from dashboard.filters import DEFAULT_PERIOD, Filters
from dashboard.pages.compare import compare_page
from incidents.models import Area
la = Area.objects.get(code=settings.PARTNERSHIP_AREA_CODE)
slug = "violence-and-sexual-offences"
month = date(2022, 9, 1)
def timed(call):
    t = time.perf_counter(); found = call(); return time.perf_counter() - t, found
cache.clear(); cold, found = timed(lambda: comparison_for(measure=slug, area=la, month=month))
warm = min(timed(lambda: comparison_for(measure=slug, area=la, month=month))[0] for _ in range(5))
filters = Filters(area=la, end=month, period=DEFAULT_PERIOD, source="")
page = lambda: compare_page(slug=slug, filters=filters, among=Area.Level.LOCAL_AUTHORITY.value,
                              partnership=la)
cache.clear(); page_cold = timed(page)[0]
page_warm = min(timed(page)[0] for _ in range(5))
print(json.dumps({"cold": cold, "warm": warm, "page_cold": page_cold, "page_warm": page_warm,
                  "areas": len(found.areas)}))
"""


if __name__ == "__main__":
    main()
