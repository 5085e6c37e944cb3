"""Partnership incidents with a planted hot spot, on the real Milton Keynes LSOAs, for the
hot-spot tests: what was written is returned too, so tests count it themselves."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from dashboard import hotspots
from incidents.formats import PARTNERSHIP_HEADER
from incidents.months import month_range
from tests.factories import write_file

DATA = Path(__file__).resolve().parents[2] / "data" / "geography"
# A 2011 LSOA split in 2021, and two of its 2021 parts: rows carry the new codes.
SPLIT_2011 = "E01016760"
SPLIT_2021 = ("E01034446", "E01034447")


def lsoa_codes() -> list[str]:
    with open(DATA / "mk_lsoa11_to_ward2019.csv", newline="") as f:
        return sorted(row["LSOA11CD"] for row in csv.DictReader(f))


def lattice() -> hotspots.Lattice:
    features = json.loads((DATA / "mk_lsoa11_boundaries.geojson").read_text())["features"]
    return hotspots.lattice_from_geometries(
        {f["properties"]["LSOA11CD"]: f["geometry"] for f in features}
    )


@dataclass
class Planted:
    path: Path
    centre: str  # the LSOA at the heart of the planted cluster
    cluster: set[str]
    # (2011 LSOA, month) -> incidents written there (2021 codes counted in their 2011 LSOA)
    counts: Counter[tuple[str, date]] = field(default_factory=Counter)
    small: str = ""  # an LSOA given a 12-month count under 5, when asked for

    def totals(self, first: date, last: date) -> dict[str, int]:
        months = set(month_range(first, last))
        found: Counter[str] = Counter()
        for (code, month), n in self.counts.items():
            if month in months:
                found[code] += n
        return {code: found.get(code, 0) for code in lsoa_codes()}


def planted_file(
    folder: Path,
    *,
    first: date = date(2023, 1, 1),
    last: date = date(2024, 12, 1),
    background: float = 1.5,
    extra: int = 6,
    skip: tuple[date, ...] = (),
    small: bool = False,
    seed: int = 11,
) -> Planted:
    """Knife crimes in public places (so serious violence too), every LSOA Poisson(background) a
    month, the cluster (an LSOA with many neighbours and those neighbours) ``extra`` more each;
    nothing in the ``skip`` months (so they are not covered). With ``small``, one LSOA next to
    the cluster has a single incident in three of the last twelve months and none otherwise."""
    rng = np.random.default_rng(seed)
    grid = lattice()
    centre = sorted(grid.codes, key=lambda c: (-len(grid.neighbours[c]), c))[0]
    cluster = {centre, *grid.neighbours[centre]}
    small_code = ""
    if small:
        outside = [c for c in grid.neighbours[centre] if c != SPLIT_2011]
        small_code = outside[0]
    planted = Planted(folder / "planted.csv", centre, cluster, small=small_code)
    lines, number = [], 0
    months = [m for m in month_range(first, last) if m not in skip]
    recent = months[-12:]
    for month in months:
        for code in lsoa_codes():
            n = int(rng.poisson(background)) + (extra if code in cluster else 0)
            if code == small_code:
                n = 1 if month in recent[:3] else 0
            for k in range(n):
                number += 1
                written = code
                if code == SPLIT_2011 and k % 2 == 0:
                    written = SPLIT_2021[k // 2 % 2]  # a 2021 part of the 2011 LSOA
                lines.append(_row(number, month, 1 + k % 28, written))
            planted.counts[(code, month)] += n
    write_file(planted.path, lines, header=",".join(PARTNERSHIP_HEADER))
    return planted


def _row(number: int, month: date, day: int, lsoa: str) -> str:
    fields = dict.fromkeys(PARTNERSHIP_HEADER, "")
    fields.update(
        source_reference=f"HS-{number}",
        offence_date=f"{month:%Y-%m}-{day:02d}",
        offence_type="abh",
        knife_or_sharp_instrument="yes",
        firearm="no",
        public_place="yes",
        domestic="no",
        drug_related="no",
        victim_age="19",
        suspect_age="22",
        lsoa_code=lsoa,
    )
    return ",".join(fields.values())
