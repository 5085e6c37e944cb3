"""Scale figures for the plan for 60 million rows (issue 22; docs/scaling-to-60-million-rows.md).

Measures the bench database as it stands (run it after `python -m bench national`, which
leaves the long archive's rows in it; `BENCH_NATIONAL_SCALE=1` makes the national benchmark
run it after the year and after the long archive):
  (s) the incident table's rows, months, and the sizes of its heap and of each index;
  (v) VACUUM ANALYZE of the table after the load;
  (r) a raw GROUP BY month, LSOA, category of every row (the recompute's baseline);
  (m) the same GROUP BY over the latest 12 months only (what an incremental recompute reads);
  (b) that again with a BRIN index of months (made for the measurement, then dropped);
  (f) a full recompute of every measure and area (`trends_recompute`), and f/r;
  (i) an incremental recompute from the latest month.

`python -m bench scale`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from bench.common import bench_database_url, connect, manage, scalar

SCRIPT = """
import json, time
from django.db.models import Max
from dashboard.services import trends_recompute
from incidents.models import Incident
latest = Incident.objects.aggregate(m=Max("month"))["m"]
t = time.perf_counter(); run = trends_recompute(); full = time.perf_counter() - t
t = time.perf_counter(); inc = trends_recompute(from_month=latest); i = time.perf_counter() - t
print(json.dumps({"full": full, "incremental": i, "figures": run.rows_written,
                  "latest": latest.isoformat()}))
"""


def _sizes(conn: Any) -> dict[str, int]:
    sizes = {"heap": scalar(conn, "SELECT pg_relation_size('incidents_incident')")}
    for name, size in conn.execute(
        "SELECT c.relname, pg_relation_size(c.oid) FROM pg_index x "
        "JOIN pg_class c ON c.oid = x.indexrelid "
        "WHERE x.indrelid = 'incidents_incident'::regclass ORDER BY 2 DESC"
    ).fetchall():
        sizes[name] = size
    sizes["total"] = scalar(conn, "SELECT pg_total_relation_size('incidents_incident')")
    return sizes


def _timed(conn: Any, sql: str) -> tuple[float, Any]:
    start = time.perf_counter()
    value = scalar(conn, sql)
    return time.perf_counter() - start, value


def measure(url: str) -> dict[str, Any]:
    with connect(url) as conn:
        rows = scalar(conn, "SELECT count(*) FROM incidents_incident")
        months = scalar(conn, "SELECT count(DISTINCT month) FROM incidents_incident")
        start = time.perf_counter()
        conn.execute("VACUUM ANALYZE incidents_incident")
        vacuum = time.perf_counter() - start
        sizes = _sizes(conn)
        conn.execute("SET work_mem = '64MB'")  # as the recompute sets it
        raw, groups = _timed(
            conn,
            "SELECT count(*) FROM (SELECT month, lsoa_code, category, count(*) "
            "FROM incidents_incident GROUP BY 1, 2, 3) g",
        )
        recent, recent_groups = _timed(
            conn,
            "SELECT count(*) FROM (SELECT month, lsoa_code, category, count(*) "
            "FROM incidents_incident WHERE month > (SELECT max(month) FROM incidents_incident) "
            "- interval '12 months' GROUP BY 1, 2, 3) g",
        )
    print(
        f"(s) {rows:,} incidents over {months} months; heap {sizes['heap'] / 2**20:,.0f} MB, "
        + ", ".join(
            f"{name} {size / 2**20:,.0f} MB"
            for name, size in sizes.items()
            if name not in ("heap", "total")
        )
        + f"; total {sizes['total'] / 2**20:,.0f} MB",
        flush=True,
    )
    print(f"(v) VACUUM ANALYZE after the load: {vacuum:7.1f} s", flush=True)
    print(f"(r) raw GROUP BY month, LSOA, category: {raw:7.1f} s ({groups:,} groups)", flush=True)
    print(
        f"(m) the same over the latest 12 months: {recent:7.1f} s ({recent_groups:,} groups)",
        flush=True,
    )
    with connect(url) as conn:
        # What a BRIN index of months (a few blocks' summary per range: rows arrive month by
        # month) would do for the incremental recompute's read, without partitions.
        start = time.perf_counter()
        conn.execute(
            "CREATE INDEX bench_incident_month_brin ON incidents_incident USING brin (month)"
        )
        brin_build = time.perf_counter() - start
        brin_size = scalar(conn, "SELECT pg_relation_size('bench_incident_month_brin')")
        conn.execute("SET work_mem = '64MB'")
        brin_recent, _ = _timed(
            conn,
            "SELECT count(*) FROM (SELECT month, lsoa_code, category, count(*) "
            "FROM incidents_incident WHERE month > (SELECT max(month) FROM incidents_incident) "
            "- interval '12 months' GROUP BY 1, 2, 3) g",
        )
        conn.execute("DROP INDEX bench_incident_month_brin")
    print(
        f"(b) with a BRIN index of months ({brin_size / 2**10:,.0f} KB, built in "
        f"{brin_build:.1f} s): the latest 12 months in {brin_recent:7.1f} s",
        flush=True,
    )
    _, _, out = manage(url, "shell", "-c", SCRIPT)
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"(f) full recompute: {result['full']:7.1f} s ({result['figures']:,} figures)  "
        f"f/r {result['full'] / raw:.2f}x (target <= 3x)",
        flush=True,
    )
    print(
        f"(i) incremental recompute from {result['latest']}: {result['incremental']:7.1f} s",
        flush=True,
    )
    return {
        "rows": rows,
        "months": months,
        "sizes": sizes,
        "vacuum": vacuum,
        "raw": raw,
        "recent": recent,
        "brin_recent": brin_recent,
        **result,
    }


def main() -> None:
    print("== scale figures ==", flush=True)
    measure(bench_database_url())


if __name__ == "__main__":
    main()
