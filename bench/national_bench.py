"""National import benchmark (issue 22): police.uk archives of every force.

Builds, from the real September 2022 national month's shape, police.uk archives
(``YYYY-MM/YYYY-MM-<force>-street.csv`` members) and times `manage.py import_incidents
ARCHIVE.zip` against them:

  (y) a national year (12 months of the 2022-09 forces, about 6.2 million rows in 528 files)
      into an empty database, against its floor (f): the same rows, typed, COPY-ed by
      PostgreSQL alone into an empty copy of the indexed incident table, in the same run.
      Target: y <= 1.3 x f.
  (r) the same archive again: adds nothing.
  (n) a 36-month national archive (about 18.6 million rows in 1,584 files) into an empty
      database. Target: under 6 minutes. The command's peak memory stays under 1 GB.

The month's shape: each force's row count of September 2022 (data.police.uk, 41 files, as
listed in data/README.md), plus the Metropolitan, West Midlands and West Yorkshire files that
could not be had (their usual size), and no Greater Manchester file (as police.uk had none).
Rows are drawn from the real national rows shipped in data/policeuk/ (their quirks with them:
rows without IDs, "No Location", rows outside the UK, LSOAs across the border), given each
force's name, the month, new Crime IDs, and about as many repeated IDs per file as the real
month holds (686 in 366,471 rows).

`python -m bench national` (or `make bench-national`; about 20 minutes on 2 cores).
BENCH_NATIONAL_MONTHS (default 36) sets the long archive's length; BENCH_NATIONAL_SKIP_LONG=1
runs the year only, BENCH_NATIONAL_SKIP_YEAR=1 the long archive only. BENCH_NATIONAL_SCALE=1
measures the scale figures (``bench/scale_bench.py``: sizes, GROUP BY, recomputes) on the
database each leaves.
"""

from __future__ import annotations

import csv
import json
import os
import random
import time
import zipfile
from pathlib import Path

from bench.common import BASE_DIR, WORK_DIR, bench_database_url, connect, manage, scalar
from bench.import_bench import floor_seconds
from bench.scale_bench import measure as measure_scale

SEED = 20260922
# Rows per force in the September 2022 files (data.police.uk; see data/README.md). The three
# files too large to be had are given their usual size; Greater Manchester sent none.
SHAPE = {
    "avon-and-somerset": 13792,
    "bedfordshire": 4899,
    "btp": 4508,
    "cambridgeshire": 6938,
    "cheshire": 7437,
    "city-of-london": 699,
    "cleveland": 8623,
    "cumbria": 3530,
    "derbyshire": 8781,
    "devon-and-cornwall": 10707,
    "dorset": 5037,
    "durham": 6243,
    "dyfed-powys": 4338,
    "essex": 15402,
    "gloucestershire": 5778,
    "gwent": 5200,
    "hampshire": 16266,
    "hertfordshire": 8563,
    "humberside": 8156,
    "kent": 16574,
    "lancashire": 15538,
    "leicestershire": 9492,
    "lincolnshire": 5877,
    "merseyside": 15260,
    "metropolitan": 90000,
    "norfolk": 6519,
    "north-wales": 6377,
    "north-yorkshire": 5381,
    "northamptonshire": 6487,
    "northern-ireland": 13155,
    "northumbria": 15247,
    "nottinghamshire": 8597,
    "south-wales": 10840,
    "south-yorkshire": 15239,
    "staffordshire": 10168,
    "suffolk": 4708,
    "surrey": 6863,
    "sussex": 12389,
    "thames-valley": 17261,
    "warwickshire": 4298,
    "west-mercia": 10588,
    "west-midlands": 30000,
    "west-yorkshire": 31000,
    "wiltshire": 4716,
}
REPEAT_SHARE = 686 / 366_471
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


def _force_name(slug: str) -> str:
    special = {
        "btp": "British Transport Police",
        "northern-ireland": "Police Service of Northern Ireland",
        "metropolitan": "Metropolitan Police Service",
        "city-of-london": "City of London Police",
        "devon-and-cornwall": "Devon & Cornwall Police",
    }
    return special.get(slug, slug.replace("-", " ").title().replace(" And ", " and ") + " Police")


def _sample_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    for path in sorted((BASE_DIR / "data" / "policeuk").rglob("*.csv")):
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            next(reader)
            rows.extend(reader)
    return rows


def _months(count: int) -> list[str]:
    """``count`` months ending September 2022."""
    months = []
    year, month = 2022, 9
    for _ in range(count):
        months.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(months)


def build_archive(months: int, seed: int = SEED, scale: float = 1.0) -> tuple[Path, int, int]:
    """The archive of ``months`` national months (made once, then reused): (path, rows,
    files). ``scale`` shrinks every force's file in proportion (at least one row each): every
    area still gets figures, from fewer rows (the page benchmarks' national data)."""
    scaled = "" if scale == 1.0 else f"-x{scale:g}"
    path = WORK_DIR / f"policeuk-national-{months}m-{seed}{scaled}.zip"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        found = json.loads(meta.read_text())
        return path, found["rows"], found["files"]
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    sample = _sample_rows()
    rng = random.Random(seed)
    total = files = 0
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for month in _months(months):
            for slug, full in SHAPE.items():
                count = max(1, round(full * scale))
                name = _force_name(slug)
                lines = [HEADER]
                last_id = ""
                for _ in range(count):
                    row = list(rng.choice(sample))
                    if row[0]:
                        if last_id and rng.random() < REPEAT_SHARE:
                            row[0] = last_id
                        else:
                            row[0] = f"{rng.getrandbits(256):064x}"
                        last_id = row[0]
                    row[1], row[2], row[3] = month, name, name
                    lines.append(",".join(_quoted(v) for v in row))
                z.writestr(f"{month}/{month}-{slug}-street.csv", "\r\n".join(lines) + "\r\n")
                total += count
                files += 1
    tmp.rename(path)
    meta.write_text(json.dumps({"rows": total, "files": files}))
    return path, total, files


def _quoted(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if ("," in value or '"' in value) else value


def _empty(url: str) -> None:
    with connect(url) as conn:
        conn.execute(
            "TRUNCATE incidents_incident, incidents_importrowerror, incidents_sourcecoverage, "
            "incidents_uploadchunk, incidents_importbatch CASCADE"
        )
        conn.execute("VACUUM ANALYZE incidents_incident")


def _machine() -> str:
    load = os.getloadavg()
    return f"load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} on {os.cpu_count()} cores"


def main() -> None:
    url = bench_database_url()
    months = int(os.environ.get("BENCH_NATIONAL_MONTHS", "36"))
    print("== national import benchmark ==", flush=True)
    manage(url, "migrate", "--noinput")
    manage(url, "load_reference_data")
    if not os.environ.get("BENCH_NATIONAL_SKIP_YEAR"):
        _year(url)
    if os.environ.get("BENCH_NATIONAL_SKIP_LONG"):
        return
    _long(url, months)


def _year(url: str) -> None:
    start = time.perf_counter()
    year, year_rows, year_files = build_archive(12)
    print(
        f"built a national year: {year_rows:,} rows in {year_files:,} files "
        f"({year.stat().st_size / 1e6:,.0f} MB zipped) in {time.perf_counter() - start:.0f} s",
        flush=True,
    )
    _empty(url)
    print(f"before: {_machine()}", flush=True)
    y, y_mem, out = manage(url, "import_incidents", str(year), "--json")
    result = json.loads(out.strip().splitlines()[-1])
    with connect(url) as conn:
        held = scalar(conn, "SELECT count(*) FROM incidents_incident")
    print(
        f"(y) national year import: {y:7.1f} s  {year_rows / y:>9,.0f} rows/s  "
        f"status {result['status']}  stored {result['stored']:,} (held {held:,})  "
        f"files {len(result['members']):,}  peak memory {y_mem} MB  [{_machine()}]",
        flush=True,
    )
    floor = floor_seconds(url)
    print(
        f"(f) floor, the same rows typed and COPY-ed into the indexed table: {floor:7.1f} s  "
        f"{held / floor:>9,.0f} rows/s  import/floor y/f {y / floor:.2f}x (target <= 1.3x)",
        flush=True,
    )
    r, r_mem, out = manage(url, "import_incidents", str(year), "--json")
    again = json.loads(out.strip().splitlines()[-1])
    with connect(url) as conn:
        after = scalar(conn, "SELECT count(*) FROM incidents_incident")
    print(
        f"(r) the same archive again:  {r:7.1f} s  rows added {after - held}  "
        f"stored {again['stored']}  duplicates {again['duplicates']:,}  peak memory {r_mem} MB",
        flush=True,
    )
    if os.environ.get("BENCH_NATIONAL_SCALE"):
        measure_scale(url)


def _long(url: str, months: int) -> None:
    start = time.perf_counter()
    long, long_rows, long_files = build_archive(months)
    print(
        f"built {months} national months: {long_rows:,} rows in {long_files:,} files "
        f"({long.stat().st_size / 1e6:,.0f} MB zipped) in {time.perf_counter() - start:.0f} s",
        flush=True,
    )
    _empty(url)
    print(f"before: {_machine()}", flush=True)
    n, n_mem, out = manage(url, "import_incidents", str(long), "--json")
    result = json.loads(out.strip().splitlines()[-1])
    with connect(url) as conn:
        held = scalar(conn, "SELECT count(*) FROM incidents_incident")
    print(
        f"(n) {months}-month national archive: {n:7.1f} s ({n / 60:.1f} min, target < 6 min)  "
        f"{long_rows / n:>9,.0f} rows/s  status {result['status']}  held {held:,}  "
        f"peak memory {n_mem} MB (target < 1,024 MB)  [{_machine()}]",
        flush=True,
    )
    if os.environ.get("BENCH_NATIONAL_SCALE"):
        measure_scale(url)


if __name__ == "__main__":
    main()
