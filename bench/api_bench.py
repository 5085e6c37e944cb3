"""API benchmark (issue 13).

With 1,000,000 incidents loaded (as the pages benchmark loads them), serves the site with
gunicorn and the production settings, then for 30 s each drives, with 10 concurrent clients
over loopback, each sending an analyst's API token:
  (s) a trivial static file (the baseline, measured in the same run),
  (i) a filtered page of 100 incidents (one local authority, one year, one category),
  (f) the figures of one measure and area for 36 months,
and prints requests, errors, p50/p95 latency and p95 against the static file's. Target: p95
under 100 ms for (i) and (f) with zero errors. Throttling is lifted for the run: it measures the
endpoints, not the allowance.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import BASE_DIR, bench_database_url, connect, scalar
from bench.pages_bench import CLIENTS, SECONDS, _env, drive, get, load_data, percentile, serving

AREA = "E06000042"  # Milton Keynes
MEASURE = "knife-crime"


def analyst_token(env: dict[str, str]) -> str:
    script = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import "
        "Group\n"
        "u, _ = get_user_model().objects.get_or_create(username='bench-analyst')\n"
        "u.groups.set([Group.objects.get(name='Analyst')])\n"
        "from api.tokens import api_token_create\n"
        "print(api_token_create(user=u, name='bench')[1])"
    )
    out = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def _window(url: str) -> tuple[str, str, str, str]:
    """The 36 months to the latest figure of the measure and area, and the area's busiest
    year of incidents for the incidents page."""
    with connect(url) as conn:
        last = scalar(
            conn,
            "SELECT max(f.month) FROM dashboard_trendfigure f JOIN "
            "incidents_area a ON a.id = f.area_id WHERE f.measure = %s AND "
            "a.code = %s",
            [MEASURE, AREA],
        )
        year = scalar(
            conn,
            "SELECT extract(year FROM month)::int FROM incidents_incident i "
            "JOIN incidents_area a ON a.code = i.lsoa_code JOIN incidents_area w ON "
            "w.id = a.parent_id JOIN incidents_area la ON la.id = w.parent_id "
            "WHERE la.code = %s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [AREA],
        )
    first = f"{last.year - 3 + (last.month == 12):04d}-{last.month % 12 + 1:02d}"
    return first, f"{last:%Y-%m}", f"{year}-01", f"{year}-12"


def main() -> None:
    url = bench_database_url()
    print(f"== API benchmark: {CLIENTS} clients, {SECONDS:.0f} s each ==", flush=True)
    held = load_data(url)
    print(f"incidents loaded: {held:,}", flush=True)
    env = {**_env(url), "API_THROTTLE_RATE": "100000000/minute"}
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    token = analyst_token(env)
    first, last, year_from, year_to = _window(url)
    auth = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    incidents = (
        f"/api/v1/incidents/?area={AREA}&from={year_from}&to={year_to}"
        "&category=Violence+and+sexual+offences&page_size=100"
    )
    figures = f"/api/v1/figures/?measure={MEASURE}&area={AREA}&from={first}&to={last}"
    with serving(env) as port:
        for path in (incidents, figures):
            status, body, headers = get(port, path, {"Authorization": auth["Authorization"]})
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
            data = json.loads(body)
            rows = len(data["results"]) if isinstance(data, dict) else len(data)
            print(f"{path}: {rows} rows", flush=True)
        targets = [
            ("(s) static file", "/static/favicon.svg", {}),
            ("(i) 100 incidents", incidents, auth),
            ("(f) figures, 36 months", figures, auth),
        ]
        for _, path, h in targets:  # warm every worker
            for _ in range(12):
                get(port, path, h)
        baseline = None
        for label, path, h in targets:
            latencies, errors = drive(port, path, h)
            p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
            baseline = baseline or p95
            target = "" if baseline == p95 else "  (target p95 < 100 ms, 0 errors)"
            print(
                f"{label:<24} {len(latencies):>6,} requests  {len(latencies) / SECONDS:7.1f}/s  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}  "
                f"p95/static {p95 / baseline:5.1f}x{target}",
                flush=True,
            )


if __name__ == "__main__":
    main()
