"""Make data/national/ from the ONS, MHCLG and Welsh Government files (see data/README.md).

    python data/tools/make_national_reference.py SOURCE_DIR

SOURCE_DIR holds geography/, population/ and deprivation/ as published (the file names of
data/README.md). Lookups are copied with the columns the product reads (values unchanged);
single years of age are summed into the product's age bands. Run again, it writes the same
bytes."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "national"
BANDS = {
    "0-15": range(0, 16),
    "16-24": range(16, 25),
    "25-34": range(25, 35),
    "35-49": range(35, 50),
    "50-64": range(50, 65),
    "65+": range(65, 91),  # "90+" is read as 90
}
LAD_KINDS = {
    "Unitary Authority",
    "Non-metropolitan District",
    "Metropolitan District",
    "London Borough",
    "Local Government District",
}


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write(path: Path, header: list[str], body: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(body)


def main(source: Path) -> None:
    geo = source / "geography"
    write(
        OUT / "geography/lsoa11_ltla21_ew.csv",
        ["lsoa11_code", "lsoa11_name", "ltla21_code"],
        sorted(
            [r["lsoa11_code"], r["lsoa11_name"], r["ltla21_code"]]
            for r in rows(geo / "lsoa11_ltla21_ew.csv")
        ),
    )
    write(
        OUT / "geography/lsoa11_lsoa21_ltla22_ew.csv",
        ["lsoa11_code", "change_code", "lsoa21_code", "ltla22_code"],
        sorted(
            [r["lsoa11_code"], r["change_code"], r["lsoa21_code"], r["ltla22_code"]]
            for r in rows(geo / "lsoa11_lsoa21_ltla22_ew.csv")
        ),
    )
    for name in ("ltla22_ltla23.csv", "ltla24_csp24_pfa24_ew.csv"):
        shutil.copyfile(geo / name, OUT / "geography" / name)

    population = []
    for r in rows(source / "population/population20_lsoa11_by_age.csv"):
        age = {int(k.rstrip("+")): int(v) for k, v in r.items() if k.rstrip("+").isdigit()}
        bands = [sum(age[a] for a in years) for years in BANDS.values()]
        assert sum(bands) == int(r["total_population"]), r["lsoa11_code"]  # noqa: S101
        population.append([r["lsoa11_code"], *bands, age[15] + bands[1]])
    write(
        OUT / "population/lsoa11_population_mid2020_by_age_band.csv",
        ["lsoa11_code", *BANDS, "15-24"],
        sorted(population),
    )
    write(
        OUT / "population/lad21_land_area_mid2020.csv",
        ["code", "name", "geography", "area_sq_km", "population_mid2020"],
        [
            [
                r["Code"],
                r["Name"],
                r["Geography"],
                r["Area (sq km)"],
                r["Estimated population mid-2020"],
            ]
            for r in rows(source / "population/mye5_population_density_mid2001_2020.csv")
            if r["Geography"] in LAD_KINDS and r["Code"][:1] in "EW"
        ],
    )
    dep = source / "deprivation"
    ranks = [
        ["E", r["LSOA11CD"], r["IMD19"]] for r in rows(dep / "imd2019_lsoa11_lad19_england.csv")
    ]
    ranks += [
        ["W", r["lsoa11cd"], r["wimd_2019"]] for r in rows(dep / "wimd2019_lsoa11_lad_wales.csv")
    ]
    write(
        OUT / "deprivation/lsoa11_imd2019_rank.csv",
        ["lsoa11_code", "country", "rank"],
        sorted([code, country, rank] for country, code, rank in ranks),
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
