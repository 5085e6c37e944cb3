"""Reference data: areas (LSOA → ward → local authority → CSP → police force area → England
and Wales), their boundaries and their population, loaded from the files the project ships in
``data/``: the partnership's LSOAs and wards in detail, and every authority, partnership and
force of England and Wales with every LSOA's membership (``national``).

Loading is idempotent: areas are keyed on (GSS code, vintage), population on (area, age band,
year); a second load rewrites the same rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import AgeBand, Area, AreaPopulation
from .national import LAD_VINTAGE, national_reference_load

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CENSUS_YEAR = 2021
BOUNDARY_YEAR = 2019  # the partnership's wards, as of the lookup shipped

CENSUS_AGE_BANDS = {
    "Aged 15 years and under": AgeBand.UNDER_16,
    "Aged 16 to 24 years": AgeBand.AGED_16_24,
    "Aged 25 to 34 years": AgeBand.AGED_25_34,
    "Aged 35 to 49 years": AgeBand.AGED_35_49,
    "Aged 50 to 64 years": AgeBand.AGED_50_64,
    "Aged 65 years and over": AgeBand.AGED_65_PLUS,
}


@dataclass
class ReferenceCounts:
    areas: dict[str, int]
    population_rows: int
    lsoa_memberships: int = 0


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def dissolve(geometries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One GeoJSON geometry covering the given ones (a ward from its LSOAs), its outline
    simplified to about 10 metres: ward boundaries follow LSOA boundaries, so none is shipped.
    Made once, when reference data loads."""
    if not geometries:
        return None
    from shapely import set_precision
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    # Neighbouring LSOA outlines do not meet exactly: growing the union by about 2 metres and
    # shrinking it back closes the slivers between them, which would show as white specks.
    merged = unary_union([shape(g) for g in geometries]).buffer(0.00002).buffer(-0.00002)
    merged = merged.simplify(0.0001)
    return json.loads(json.dumps(mapping(set_precision(merged, 0.00001))))


def _upsert_areas(rows: Iterable[Area]) -> dict[str, Area]:
    """Insert or update areas by (code, vintage); return them by code."""
    rows = list(rows)
    Area.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code", "vintage"],
        update_fields=["name", "level", "parent", "geometry"],
    )
    codes = [a.code for a in rows]
    vintages = {a.vintage for a in rows}
    return {a.code: a for a in Area.objects.filter(code__in=codes, vintage__in=vintages)}


@transaction.atomic
def reference_data_load(data_dir: Path = DATA_DIR) -> ReferenceCounts:
    geography = data_dir / "geography"
    national = national_reference_load(data_dir / "national", upsert=_upsert_areas)
    las = {
        a.code: a
        for a in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY, vintage=LAD_VINTAGE)
    }
    lookup = _rows(geography / "mk_lsoa11_to_ward2019.csv")
    with open(geography / "mk_lsoa11_boundaries.geojson", encoding="utf-8") as f:
        shapes = {
            feature["properties"]["LSOA11CD"]: feature["geometry"]
            for feature in json.load(f)["features"]
        }
    ward_lsoas: dict[str, list[str]] = {}
    for r in lookup:
        ward_lsoas.setdefault(r["WD19CD"], []).append(r["LSOA11CD"])
    wards = _upsert_areas(
        Area(
            code=r["WD19CD"],
            name=r["WD19NM"],
            level=Area.Level.WARD,
            vintage=BOUNDARY_YEAR,
            parent=las[r["LAD19CD"]],
            geometry=dissolve([shapes[c] for c in ward_lsoas[r["WD19CD"]] if c in shapes]),
        )
        for r in {r["WD19CD"]: r for r in lookup}.values()
    )
    lsoas11 = _upsert_areas(
        Area(
            code=r["LSOA11CD"],
            name=r["LSOA11NM"],
            level=Area.Level.LSOA,
            vintage=2011,
            parent=wards[r["WD19CD"]],
            geometry=shapes.get(r["LSOA11CD"]),
        )
        for r in lookup
    )
    population = data_dir / "population"
    pop11 = _rows(population / "mk_lsoa11_residents_by_age6_census2021.csv")
    pop21 = _rows(population / "mk_lsoa21_residents_by_age6_census2021.csv")
    # Every 2021 LSOA lies inside one 2011 LSOA (143 kept their code, 9 were split into 23), so
    # it hangs under that 2011 LSOA: its incidents count in the 2011 LSOA, ward and local
    # authority, and an LSOA series runs on across the 2011 -> 2021 change. A 2011 LSOA's own
    # population wins over its children's, so nobody is counted twice up the tree.
    within = {r["LSOA21CD"]: r["LSOA11CD"] for r in _rows(geography / "mk_lsoa21_to_lsoa11.csv")}
    lsoas21 = _upsert_areas(
        Area(
            code=r["lsoa21_code"],
            name=r["lsoa21_name"],
            level=Area.Level.LSOA,
            vintage=2021,
            parent=lsoas11.get(within.get(r["lsoa21_code"], "")),
        )
        for r in {r["lsoa21_code"]: r for r in pop21}.values()
    )
    rows = [
        AreaPopulation(
            area=lsoas11[r["lsoa11_code"]],
            age_band=CENSUS_AGE_BANDS[r["age_group"]],
            year=CENSUS_YEAR,
            count=int(r["usual_residents"]),
        )
        for r in pop11
    ] + [
        AreaPopulation(
            area=lsoas21[r["lsoa21_code"]],
            age_band=CENSUS_AGE_BANDS[r["age_group"]],
            year=CENSUS_YEAR,
            count=int(r["usual_residents"]),
        )
        for r in pop21
    ]
    AreaPopulation.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["area", "age_band", "year"],
        update_fields=["count"],
    )
    return ReferenceCounts(
        areas={
            "country": national["country"],
            "force": national["force"],
            "csp": national["csp"],
            "local-authority": national["local-authority"],
            "ward": len(wards),
            "lsoa-2011": len(lsoas11),
            "lsoa-2021": len(lsoas21),
        },
        population_rows=len(rows),
        lsoa_memberships=national["lsoa-membership"],
    )
