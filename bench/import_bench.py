"""Import benchmark (issue 3).

Builds a 1,000,000-row police.uk street file by resampling the real rows in data/policeuk/ (new
Crime IDs, months spread over five years), then times in one run:
  (a) a raw COPY of the file into an unindexed text table (the baseline),
  (b) `manage.py import_incidents` into an empty database,
  (c) the same import again (must add nothing, and be faster than (b)),
  (d) the same rows in a file with different bytes, so every row goes through the merge,
  (f) the floor: the rows (b) stored, already typed, COPY-ed (binary) by PostgreSQL alone into
      an empty copy of the incident table with all its indexes and constraints.
Targets: (b) within 2.5x of (a); (c) adds zero rows and beats (b); (b) peaks under 500 MB;
(b) within 1.2x of the floor (f): what the import adds to what PostgreSQL must do anyway.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import time
from pathlib import Path

from bench.common import BASE_DIR, WORK_DIR, bench_database_url, connect, manage, scalar

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
SEED = 20260101


def build_file(rows: int = ROWS, seed: int = SEED) -> Path:
    """The resampled file, made once per size and seed and then reused."""
    path = WORK_DIR / (
        f"policeuk-street-{rows}.csv" if seed == SEED else f"policeuk-street-{rows}-{seed}.csv"
    )
    if path.exists():
        return path
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    sample: list[list[str]] = []
    header: list[str] = []
    for source in sorted((BASE_DIR / "data" / "policeuk").glob("*.csv")):
        with open(source, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader)
            sample.extend(reader)
    rng = random.Random(seed)
    months = [f"{y}-{m:02d}" for y in range(2019, 2024) for m in range(1, 13)]
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for _ in range(rows):
            row = list(rng.choice(sample))
            if row[0]:
                row[0] = f"{rng.getrandbits(256):064x}"
            row[1] = rng.choice(months)
            writer.writerow(row)
    tmp.rename(path)
    return path


def raw_copy_seconds(url: str, path: Path) -> float:
    with connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_copy")
        conn.execute(
            "CREATE TABLE bench_raw_copy (crime_id text, month text, reported_by text, "
            "falls_within text, longitude text, latitude text, location text, lsoa_code text, "
            "lsoa_name text, crime_type text, last_outcome text, context text)"
        )
        start = time.perf_counter()
        with conn.cursor() as cur, open(path, "rb") as f:
            with cur.copy("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
        seconds = time.perf_counter() - start
        conn.execute("DROP TABLE bench_raw_copy")
    return seconds


def floor_seconds(url: str) -> float:
    """COPY the stored incidents, already typed, into an empty table like the incident table
    (every index and constraint), from a binary file written first: what PostgreSQL alone
    needs to store these rows, with nothing to parse, check or merge."""
    dump = WORK_DIR / "incidents.bin"
    with connect(url) as conn:
        with conn.cursor() as cur, open(dump, "wb") as f:
            with cur.copy("COPY incidents_incident TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    f.write(chunk)
        conn.execute("DROP TABLE IF EXISTS bench_floor")
        conn.execute("CREATE TABLE bench_floor (LIKE incidents_incident INCLUDING ALL)")
        conn.commit()
        start = time.perf_counter()
        with conn.cursor() as cur, open(dump, "rb") as f:
            with cur.copy("COPY bench_floor FROM STDIN (FORMAT binary)") as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
        conn.commit()
        seconds = time.perf_counter() - start
        conn.execute("DROP TABLE bench_floor")
    dump.unlink()
    return seconds


def main() -> None:
    url = bench_database_url()
    print(f"== import benchmark: {ROWS:,} rows ==", flush=True)
    path = build_file()
    manage(url, "migrate", "--noinput")
    with connect(url) as conn:
        conn.execute(
            "TRUNCATE incidents_incident, incidents_importrowerror, incidents_importbatch CASCADE"
        )
        conn.execute("VACUUM ANALYZE")

    a = raw_copy_seconds(url, path)
    print(f"(a) raw COPY into a text table: {a:6.2f} s  {ROWS / a:>10,.0f} rows/s", flush=True)

    b, b_mem, out = manage(url, "import_incidents", str(path), "--json")
    b_result = json.loads(out.strip().splitlines()[-1])
    print(
        f"(b) import into empty database:  {b:6.2f} s  {ROWS / b:>10,.0f} rows/s  "
        f"stored {b_result['stored']:,}  peak memory {b_mem} MB  ratio b/a {b / a:.2f}x "
        f"(target <= 2.5x, < 500 MB)",
        flush=True,
    )
    floor = floor_seconds(url)
    print(
        f"(f) floor: typed rows COPY-ed into the indexed table: {floor:6.2f} s  "
        f"{ROWS / floor:>10,.0f} rows/s  import/floor b/f {b / floor:.2f}x (target <= 1.2x)  "
        f"beside the raw-text ratio b/a {b / a:.2f}x",
        flush=True,
    )
    with connect(url) as conn:
        before = scalar(conn, "SELECT count(*) FROM incidents_incident")
    c, c_mem, out = manage(url, "import_incidents", str(path), "--json")
    c_result = json.loads(out.strip().splitlines()[-1])
    with connect(url) as conn:
        after = scalar(conn, "SELECT count(*) FROM incidents_incident")
    print(
        f"(c) re-import of the same file:  {c:6.2f} s  {ROWS / c:>10,.0f} rows/s  "
        f"rows added {after - before}  stored {c_result['stored']}  "
        f"duplicates {c_result['duplicates']:,}  peak memory {c_mem} MB  "
        f"c/b {c / b:.2f}x (target: 0 added, faster than b)",
        flush=True,
    )
    # A trailing blank line: other bytes (so not recognised as the same file), the same rows.
    same_rows = path.with_name(path.stem + "-again.csv")
    # Copied as a stream: a child's peak memory counts what this process held when it forked.
    shutil.copyfile(path, same_rows)
    with open(same_rows, "ab") as f:
        f.write(b"\n")
    d, d_mem, out = manage(url, "import_incidents", str(same_rows), "--json")
    d_result = json.loads(out.strip().splitlines()[-1])
    with connect(url) as conn:
        final = scalar(conn, "SELECT count(*) FROM incidents_incident")
    same_rows.unlink()
    print(
        f"(d) same rows, different file:   {d:6.2f} s  {ROWS / d:>10,.0f} rows/s  "
        f"rows added {final - after}  duplicates {d_result['duplicates']:,}  "
        f"peak memory {d_mem} MB  d/b {d / b:.2f}x",
        flush=True,
    )


if __name__ == "__main__":
    main()
