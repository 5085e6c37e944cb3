"""Synthetic partnership incidents for the demo, written as the partnership template so they
go through the real import.

Seeded, so the same end month gives the same file. Calibrated on the real Milton Keynes
police.uk rows the project ships: the LSOA spread follows where "Violence and sexual offences",
"Robbery" and "Possession of weapons" were recorded. Shaped like the local story: knife crime
flat for three years, up about 90% over the following year, then about flat (so the latest
figures read "up about 0.5% in 12 months, up about 90% over two years"). Seasonality is a gentle
summer peak, as national series show; four real months are too few to learn it from.
Every reference starts ``DEMO-`` and the file is named ``synthetic-demo-…`` so pages can say the
data is synthetic.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from .formats import PARTNERSHIP_HEADER
from .months import add_months

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SYNTHETIC_PREFIX = "synthetic-demo"
SEED = 2021
VIOLENT_POLICE_TYPES = {"Violence and sexual offences", "Robbery", "Possession of weapons"}

# Knife offences per month at the start, and the mix of offence types they are recorded as.
KNIFE_BASE_PER_MONTH = 9.0
KNIFE_MIX = {
    "gbh-wounding": 30,
    "robbery": 25,
    "abh": 22,
    "threats-to-kill": 10,
    "attempted-murder": 5,
    "rape-sexual-assault": 5,
    "homicide": 3,
}
# Other partnership records per month (no knife), flat apart from the season.
OTHER_PER_MONTH = {
    "abh": 60,
    "gbh-wounding": 14,
    "robbery": 9,
    "possession-bladed-article": 8,
    "possession-firearm": 1,
    "drug-supply": 12,
    "rape-sexual-assault": 10,
    "other": 6,
    "homicide": 0.15,
}


def knife_level(months_before_end: int) -> float:
    """Relative knife-crime level: 1.0 until two years before the end, then 1.89, then 1.9 in
    the last year. The year ending at the end month is then 90% above the year ending two years
    earlier and 0.5% above the year ending one year earlier."""
    if months_before_end < 12:
        return 1.9
    return 1.89 if months_before_end < 24 else 1.0


def _season(month: int) -> float:
    return 1.0 + 0.12 * math.cos((month - 7) / 12 * 2 * math.pi)  # July peak


def _lsoa_weights() -> tuple[list[str], list[int]]:
    with open(DATA_DIR / "geography/mk_lsoa11_to_ward2019.csv", newline="") as f:
        mk = {r["LSOA11CD"] for r in csv.DictReader(f)}
    counts: Counter[str] = Counter({code: 1 for code in mk})  # nowhere is impossible
    for path in (DATA_DIR / "policeuk").glob("*.csv"):
        with open(path, newline="", encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                if r["LSOA code"] in mk and r["Crime type"] in VIOLENT_POLICE_TYPES:
                    counts[r["LSOA code"]] += 1
    codes = sorted(counts)
    return codes, [counts[c] for c in codes]


def _centroids() -> dict[str, tuple[str, str]]:
    with open(DATA_DIR / "geography/mk_lsoa11_centroids.csv", newline="") as f:
        return {r["lsoa11_code"]: (r["latitude"], r["longitude"]) for r in csv.DictReader(f)}


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; means here are small.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _flag(rng: random.Random, p_yes: float, p_unknown: float = 0.05) -> str:
    r = rng.random()
    return "" if r < p_unknown else "yes" if r < p_unknown + p_yes else "no"


def _victim_age(rng: random.Random, young_share: float) -> str:
    if rng.random() < 0.08:
        return ""
    if rng.random() < young_share:
        return str(rng.randint(14, 24))
    return str(rng.randint(25, 70))


def _knife_months(end_month: date, months: int, base: float):
    """(month, days in it, seasonal factor, knife count) for each of ``months`` months ending
    ``end_month``. Knife counts follow ``base`` times the level exactly (the remainder carried
    to the next month), so the yearly figures tell the intended story rather than noise."""
    month, carry = add_months(end_month, -(months - 1)), 0.0
    for months_before_end in range(months - 1, -1, -1):
        season = _season(month.month)
        expected = base * knife_level(months_before_end) * season + carry
        count = math.floor(expected)
        carry = expected - count
        yield month, (add_months(month, 1) - month).days, season, count
        month = add_months(month, 1)


def synthetic_partnership_rows(*, end_month: date, months: int = 60, seed: int = SEED):
    """Rows (lists in template column order) for ``months`` months ending ``end_month``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    codes, weights = _lsoa_weights()
    centroids = _centroids()
    knife_types = list(KNIFE_MIX)
    knife_weights = list(KNIFE_MIX.values())
    serial = 0
    for month, days, season, knife_count in _knife_months(end_month, months, KNIFE_BASE_PER_MONTH):
        plan = [(t, True) for t in rng.choices(knife_types, knife_weights, k=knife_count)]
        for offence, mean in OTHER_PER_MONTH.items():
            plan += [(offence, False)] * _poisson(rng, mean * season)
        for offence, knife in plan:
            serial += 1
            lsoa = rng.choices(codes, weights)[0]
            lat = lon = ""
            if rng.random() < 0.1 and lsoa in centroids:  # some records carry a point instead
                lat, lon = centroids[lsoa]
                lsoa = ""
            firearm = "yes" if offence == "possession-firearm" or rng.random() < 0.01 else "no"
            yield [
                f"DEMO-{serial:06d}",
                (month + timedelta(days=rng.randrange(days))).isoformat(),
                offence,
                "yes" if knife else _flag(rng, 0.0, 0.1),
                firearm,
                _flag(rng, 0.8 if knife else 0.45),
                _flag(rng, 0.05 if knife else 0.35),
                _flag(rng, 0.4),
                _flag(rng, 0.15, 0.3),
                _victim_age(rng, 0.45 if knife else 0.3),
                _victim_age(rng, 0.55),
                lsoa,
                lat,
                lon,
            ]


def synthetic_partnership_file(directory: Path, *, end_month: date) -> Path:
    """Write the demo file (once per end month) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{SYNTHETIC_PREFIX}-partnership-to-{end_month:%Y-%m}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(PARTNERSHIP_HEADER)
            writer.writerows(synthetic_partnership_rows(end_month=end_month))
        tmp.rename(path)
    return path


# --- hospital A&E (ISTV) ------------------------------------------------------------------------

HOSPITAL_SITE = "RD816"  # the Milton Keynes University Hospital emergency department
# Assault attendances per month at the start, by method; knife attendances follow knife crime.
HOSPITAL_KNIFE_BASE = 3.0
HOSPITAL_OTHER_PER_MONTH = {
    "Body part": 22,
    "Blunt object": 6,
    "Other": 3,
    "Unknown": 2,
    "Firearm": 0.1,
}
HOSPITAL_LOCATIONS = {
    "Street or public place": 45,
    "Licensed premises": 18,
    "Home": 22,
    "Public transport": 3,
    "School or college": 2,
    "Workplace": 4,
    "Other": 4,
    "Unknown": 2,
}
HOSPITAL_AGE_BANDS = {
    "0-15": 7,
    "16-24": 34,
    "25-34": 26,
    "35-49": 19,
    "50-64": 8,
    "65+": 2,
    "Unknown": 4,
}


def synthetic_hospital_rows(*, end_month: date, months: int = 36, seed: int = SEED):
    """ISTV rows (lists in column order) for ``months`` months ending ``end_month``. Knife
    attendances rise with knife crime (about 90% over two years); free-text descriptions are
    left empty, as an extract that shares no free text would."""
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible demo data, not secrets
    locations, location_weights = list(HOSPITAL_LOCATIONS), list(HOSPITAL_LOCATIONS.values())
    bands, band_weights = list(HOSPITAL_AGE_BANDS), list(HOSPITAL_AGE_BANDS.values())
    for month, days, season, knives in _knife_months(end_month, months, HOSPITAL_KNIFE_BASE):
        plan = ["Knife or sharp object"] * knives
        for method, mean in HOSPITAL_OTHER_PER_MONTH.items():
            plan += [method] * _poisson(rng, mean * season)
        for method in plan:
            arrived = month + timedelta(days=rng.randrange(days))
            assaulted = arrived - timedelta(
                days=1 if rng.random() < 0.15 and arrived > month else 0
            )
            location = rng.choices(locations, location_weights)[0]
            yield [
                arrived.isoformat(),
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
                assaulted.isoformat(),
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
                method,
                "",
                location,
                "",
                rng.choices(bands, band_weights)[0],
            ]


def synthetic_hospital_file(directory: Path, *, end_month: date) -> Path:
    """Write the demo ISTV extract (once per end month) and return its path."""
    from .formats import ISTV_HEADER

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{SYNTHETIC_PREFIX}-hospital-{HOSPITAL_SITE}-to-{end_month:%Y-%m}.csv"
    if not path.exists():
        start = add_months(end_month, -35)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerows(
                [
                    ["Site code", HOSPITAL_SITE],
                    ["Reporting period start", start.isoformat()],
                    [
                        "Reporting period end",
                        (add_months(end_month, 1) - timedelta(days=1)).isoformat(),
                    ],
                ]
            )
            f.write("\n")
            writer.writerow(ISTV_HEADER)
            writer.writerows(synthetic_hospital_rows(end_month=end_month))
        tmp.rename(path)
    return path
