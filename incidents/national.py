"""National reference data: every local authority, community safety partnership and police
force area of England and Wales on one set of boundaries (``LAD_VINTAGE``), England and Wales
above them, every LSOA (2011 and 2021) in its local authority, partnership and force
(``LsoaMembership``), and each area's mid-2020 residents by age band, density and deprivation
(``AreaPopulation``, ``AreaProfile``). Read from ``data/national/`` (see data/README.md).

Why 2024 boundaries: the newest ONS lookup of local authorities to partnerships and forces is
2024's, and police.uk's own rows are newest; every earlier authority (2019 to 2023: Dorset,
Suffolk, Buckinghamshire, Northamptonshire, Cumbria, North Yorkshire, Somerset) merged whole
into a 2024 one, so older codes map onto 2024 exactly (``lad_2024_of``) and populations add up.

Partnerships (CSPs) are not always unions of authorities: seven 2024 authorities formed by
mergers still hold the partnerships of the districts they replaced (Buckinghamshire holds
Aylesbury Vale, Chiltern, South Bucks and Wycombe). An LSOA's partnership there is its old
district's, read from the 2011 LSOA's name ("Aylesbury Vale 012C"), which ONS gave from the
district it lay in; such an authority hangs under its force rather than one partnership.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from .models import AgeBand, Area, AreaPopulation, AreaProfile, LsoaMembership

LAD_VINTAGE = 2024
POPULATION_YEAR = 2020
COUNTRY_CODE = "K04000001"
COUNTRY_NAME = "England and Wales"
BANDS = [b.value for b in AgeBand]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _plain_name(name: str) -> str:
    """ONS writes some names back to front ("London, City of"): police.uk's "Falls within"
    and people say "City of London"."""
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep and tail.lower().startswith(("city of", "county of")) else name


@dataclass
class NationalGeography:
    """The 2024 areas and each LSOA's place among them, as codes."""

    forces: dict[str, str] = field(default_factory=dict)  # code -> name
    csps: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, force)
    las: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # (name, csp, force)
    # (LSOA code, vintage) -> (local authority, CSP)
    lsoas: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)


def national_geography(national: Path) -> NationalGeography:
    geography = national / "geography"
    geo = NationalGeography()
    csps_of: dict[str, list[str]] = defaultdict(list)
    for r in _rows(geography / "ltla24_csp24_pfa24_ew.csv"):
        geo.forces[r["pfa24_code"]] = _plain_name(r["pfa24_name"])
        geo.csps[r["csp24_code"]] = (r["csp24_name"], r["pfa24_code"])
        csps_of[r["ltla24_code"]].append(r["csp24_code"])
        geo.las[r["ltla24_code"]] = (r["ltla24_name"], None, r["pfa24_code"])
    for lad, csps in csps_of.items():
        name, _, force = geo.las[lad]
        geo.las[lad] = (name, csps[0] if len(csps) == 1 else None, force)
    to_2023 = {r["ltla22_code"]: r["ltla23_code"] for r in _rows(geography / "ltla22_ltla23.csv")}

    def lad_2024_of(code: str) -> str:
        """A 2021 or 2022 authority's 2024 one (none changed between 2021 and 2022, nor
        between 2023 and 2024 in England and Wales)."""
        lad = to_2023.get(code, code)
        if lad not in geo.las:
            raise ValueError(f"local authority {code} is in no 2024 authority")
        return lad

    lsoa11 = _rows(geography / "lsoa11_ltla21_ew.csv")
    lsoa21 = _rows(geography / "lsoa11_lsoa21_ltla22_ew.csv")
    district_of = {r["lsoa11_code"]: r["lsoa11_name"].rsplit(" ", 1)[0] for r in lsoa11}
    lad_of_2011 = {r["lsoa11_code"]: lad_2024_of(r["ltla21_code"]) for r in lsoa11}
    # An LSOA kept unchanged into 2021 takes the newer lookup's authority where the two
    # differ: one does (W01000060, "Gwynedd 015B", which the 2021 lookup put in Powys), and
    # with the newer one every authority's residents add up to ONS's own figure.
    for r in lsoa21:
        if r["change_code"] == "U" and r["lsoa11_code"] == r["lsoa21_code"]:
            lad_of_2011[r["lsoa11_code"]] = lad_2024_of(r["ltla22_code"])
    csp_by_district = _csps_by_district(geo, csps_of, lad_of_2011, district_of)

    def csp_of(lsoa11_code: str, lad: str) -> str:
        return geo.las[lad][1] or csp_by_district[(lad, district_of[lsoa11_code])]

    for code, lad in lad_of_2011.items():
        geo.lsoas[(code, 2011)] = (lad, csp_of(code, lad))
    parents: dict[str, list[str]] = defaultdict(list)
    lad_of_2021: dict[str, str] = {}
    for r in lsoa21:
        parents[r["lsoa21_code"]].append(r["lsoa11_code"])
        lad_of_2021[r["lsoa21_code"]] = lad_2024_of(r["ltla22_code"])
    for code, lad in lad_of_2021.items():
        # The 2011 LSOA it came from that lies in the same authority names its old district
        # (a handful of 2021 LSOAs were redrawn across a boundary: ONS's authority wins).
        same = [p for p in sorted(parents[code]) if lad_of_2011.get(p) == lad]
        district_from = same[0] if same else sorted(parents[code])[0]
        geo.lsoas[(code, 2021)] = (
            lad,
            geo.las[lad][1] or csp_by_district.get((lad, district_of[district_from]), ""),
        )
        if not geo.lsoas[(code, 2021)][1]:
            # Its district lies in another authority: the partnership of its authority's
            # first district is the nearest answer, and it is only for these few.
            geo.lsoas[(code, 2021)] = (lad, csps_of[lad][0])
    return geo


def _csps_by_district(
    geo: NationalGeography,
    csps_of: dict[str, list[str]],
    lad_of: dict[str, str],
    district_of: dict[str, str],
) -> dict[tuple[str, str], str]:
    """(merged authority, old district name) -> its partnership: the partnership of that name
    ("Wycombe"), or whose name joins it with another ("Daventry and South Northamptonshire"),
    else the one partnership left over (Christchurch lies in "Dorset")."""
    districts: dict[str, set[str]] = defaultdict(set)
    for lsoa, lad in lad_of.items():
        if geo.las[lad][1] is None:
            districts[lad].add(district_of[lsoa])
    found: dict[tuple[str, str], str] = {}
    for lad, names in districts.items():
        by_part = {part: csp for csp in csps_of[lad] for part in geo.csps[csp][0].split(" and ")}
        left = [n for n in sorted(names) if n not in by_part]
        unused = [c for c in csps_of[lad] if c not in set(by_part.get(n) for n in names)]
        for name in names:
            if name in by_part:
                found[(lad, name)] = by_part[name]
        if left:
            if len(unused) != 1:
                raise ValueError(f"cannot tell the partnership of {left} in {lad}")
            for name in left:
                found[(lad, name)] = unused[0]
    return found


# --- population, density, deprivation ------------------------------------------------------


@dataclass
class Profile:
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    aged_15_24: int = 0
    deprivation_sum: float = 0.0  # residents x percentile
    most_deprived: int = 0  # residents in their country's most deprived tenth
    lsoas: int = 0

    @property
    def population(self) -> int:
        return sum(self.bands.values())


def national_profiles(national: Path, geo: NationalGeography) -> dict[str, Profile]:
    """Mid-2020 residents, deprivation and LSOA count of every 2024 authority, partnership,
    force and England and Wales, summed from the 2011 LSOAs."""
    ranks = {
        r["lsoa11_code"]: (r["country"], int(r["rank"]))
        for r in _rows(national / "deprivation/lsoa11_imd2019_rank.csv")
    }
    lsoas_in = {c: sum(1 for k, _ in ranks.values() if k == c) for c in ("E", "W")}
    profiles: dict[str, Profile] = defaultdict(Profile)
    for r in _rows(national / "population/lsoa11_population_mid2020_by_age_band.csv"):
        code = r["lsoa11_code"]
        lad, csp = geo.lsoas[(code, 2011)]
        country, rank = ranks[code]
        count = lsoas_in[country]
        percentile = 100 * (1 - (rank - 0.5) / count)
        bands = {band: int(r[band]) for band in BANDS}
        people = sum(bands.values())
        for area in (lad, csp, geo.csps[csp][1], COUNTRY_CODE):
            profile = profiles[area]
            for band, n in bands.items():
                profile.bands[band] += n
            profile.aged_15_24 += int(r["15-24"])
            profile.deprivation_sum += people * percentile
            profile.most_deprived += people if rank <= count / 10 else 0
            profile.lsoas += 1
    return profiles


def land_areas(national: Path, geo: NationalGeography) -> dict[str, float]:
    """Square kilometres of every 2024 authority (its 2021 predecessors' land), of each
    partnership made of whole authorities, of each force and of England and Wales."""
    to_2024: dict[str, str] = {}
    by_lad: dict[str, float] = defaultdict(float)
    # A 2021 authority's 2024 one: the one most of its LSOAs lie in (all but one LSOA agree).
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in _rows(national / "geography/lsoa11_ltla21_ew.csv"):
        votes[r["ltla21_code"]][geo.lsoas[(r["lsoa11_code"], 2011)][0]] += 1
    for lad21, counts in votes.items():
        to_2024[lad21] = max(counts, key=counts.__getitem__)
    for r in _rows(national / "population/lad21_land_area_mid2020.csv"):
        # Two codes carry a trailing non-breaking space in the ONS sheet.
        code = r["code"].strip()
        by_lad[to_2024[code]] += float(r["area_sq_km"])
    # A partnership that takes in part of a merged authority has no land area of its own.
    in_part = {csp for (_, _), (lad, csp) in geo.lsoas.items() if geo.las[lad][1] is None}
    areas = dict(by_lad)
    for lad, (_, csp, force) in geo.las.items():
        areas[force] = areas.get(force, 0.0) + by_lad[lad]
        areas[COUNTRY_CODE] = areas.get(COUNTRY_CODE, 0.0) + by_lad[lad]
        if csp is not None and csp not in in_part:
            areas[csp] = areas.get(csp, 0.0) + by_lad[lad]
    return areas


# --- loading -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _read(
    national: Path, stamp: tuple[float, ...]
) -> tuple[NationalGeography, dict[str, Profile], dict[str, float]]:
    """The files read once per process while they are unchanged (``stamp``: their times)."""
    geo = national_geography(national)
    return geo, national_profiles(national, geo), land_areas(national, geo)


def national_reference_load(
    national: Path, *, upsert: Callable[[Iterable[Area]], dict[str, Area]]
) -> dict[str, int]:
    """Load the national areas, memberships, populations and profiles; return counts by
    level. ``upsert`` writes areas by (code, vintage) and returns them by code."""
    stamp = tuple(p.stat().st_mtime for p in sorted(national.rglob("*.csv")))
    geo, profiles, areas_sq_km = _read(national, stamp)
    _retire_older_boundaries(geo)
    country = upsert(
        [
            Area(
                code=COUNTRY_CODE,
                name=COUNTRY_NAME,
                level=Area.Level.COUNTRY,
                vintage=LAD_VINTAGE,
            )
        ]
    )[COUNTRY_CODE]
    forces = upsert(
        Area(code=c, name=n, level=Area.Level.FORCE, vintage=LAD_VINTAGE, parent=country)
        for c, n in sorted(geo.forces.items())
    )
    csps = upsert(
        Area(code=c, name=n, level=Area.Level.CSP, vintage=LAD_VINTAGE, parent=forces[f])
        for c, (n, f) in sorted(geo.csps.items())
    )
    las = upsert(
        Area(
            code=c,
            name=n,
            level=Area.Level.LOCAL_AUTHORITY,
            vintage=LAD_VINTAGE,
            parent=csps[csp] if csp else forces[force],
        )
        for c, (n, csp, force) in sorted(geo.las.items())
    )
    every = {**las, **csps, **forces, COUNTRY_CODE: country}
    memberships = _memberships_load(geo, las, csps, forces)
    _populations_load(every, profiles)
    _profiles_load(every, profiles, areas_sq_km, geo)
    return {
        "country": 1,
        "force": len(forces),
        "csp": len(csps),
        "local-authority": len(las),
        "lsoa-membership": memberships,
    }


def _retire_older_boundaries(geo: NationalGeography) -> None:
    """Areas loaded on 2019 boundaries by earlier versions move to 2024's, keeping their ids
    (and the figures computed for them); authorities that no longer exist are removed."""
    levels = [Area.Level.FORCE, Area.Level.CSP, Area.Level.LOCAL_AUTHORITY]
    current = set(geo.forces) | set(geo.csps) | set(geo.las)
    older = Area.objects.filter(level__in=levels).exclude(vintage=LAD_VINTAGE)
    held_now = set(
        Area.objects.filter(level__in=levels, vintage=LAD_VINTAGE).values_list("code", flat=True)
    )
    older.filter(code__in=current - held_now).update(vintage=LAD_VINTAGE)
    Area.objects.filter(level__in=levels).exclude(vintage=LAD_VINTAGE).delete()


def _memberships_load(
    geo: NationalGeography,
    las: dict[str, Area],
    csps: dict[str, Area],
    forces: dict[str, Area],
) -> int:
    """Replace the memberships with one COPY (70,000 rows in well under a second)."""
    text = io.StringIO()
    for (code, vintage), (lad, csp) in sorted(geo.lsoas.items()):
        force = geo.csps[csp][1]
        text.write(f"{code}\t{vintage}\t{las[lad].pk}\t{csps[csp].pk}\t{forces[force].pk}\n")
    table = LsoaMembership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE lsoa_membership_new (code text, vintage smallint, "
            "la bigint, csp bigint, force bigint) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY lsoa_membership_new FROM STDIN") as copy:
            copy.write(text.getvalue())
        # Only what changed is written: a second load rewrites nothing.
        cursor.execute(
            f"""
            INSERT INTO {table} AS t (code, vintage, local_authority_id, csp_id, force_id)
            SELECT code, vintage, la, csp, force FROM lsoa_membership_new
            ON CONFLICT (code, vintage) DO UPDATE
            SET local_authority_id = EXCLUDED.local_authority_id, csp_id = EXCLUDED.csp_id,
                force_id = EXCLUDED.force_id
            WHERE (t.local_authority_id, t.csp_id, t.force_id)
                IS DISTINCT FROM (EXCLUDED.local_authority_id, EXCLUDED.csp_id,
                                  EXCLUDED.force_id)
            """  # noqa: S608 - the model's table name
        )
        cursor.execute(
            f"""
            DELETE FROM {table} t WHERE NOT EXISTS (
                SELECT 1 FROM lsoa_membership_new n
                WHERE n.code = t.code AND n.vintage = t.vintage)
            """  # noqa: S608
        )
        cursor.execute("DROP TABLE lsoa_membership_new")
    return len(geo.lsoas)


def _populations_load(every: dict[str, Area], profiles: dict[str, Profile]) -> None:
    AreaPopulation.objects.bulk_create(
        [
            AreaPopulation(area=every[code], age_band=band, year=POPULATION_YEAR, count=n)
            for code, profile in sorted(profiles.items())
            for band, n in profile.bands.items()
        ],
        update_conflicts=True,
        unique_fields=["area", "age_band", "year"],
        update_fields=["count"],
        batch_size=5000,
    )


def _profiles_load(
    every: dict[str, Area],
    profiles: dict[str, Profile],
    areas_sq_km: dict[str, float],
    geo: NationalGeography,
) -> None:
    rows: list[AreaProfile] = []
    lsoas_by_csp: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_, vintage), (lad, csp) in geo.lsoas.items():
        if vintage == 2011:
            lsoas_by_csp[csp][lad] += 1
    for code, p in sorted(profiles.items()):
        land = areas_sq_km.get(code)
        if land is None:
            # A partnership taking in part of a merged authority: its authorities' density,
            # weighted by its (2011) LSOAs in each (LSOAs hold about as many people each).
            weights = lsoas_by_csp[code]
            density = sum(
                w * profiles[lad].population / areas_sq_km[lad] for lad, w in weights.items()
            ) / sum(weights.values())
            of_la = True
        else:
            density, of_la = p.population / land, False
        rows.append(
            AreaProfile(
                area=every[code],
                year=POPULATION_YEAR,
                population=p.population,
                aged_15_24=p.aged_15_24,
                land_area_sq_km=land,
                density=density,
                density_of_local_authority=of_la,
                deprivation=p.deprivation_sum / p.population,
                most_deprived_decile_share=p.most_deprived / p.population,
                lsoas=p.lsoas,
            )
        )
    AreaProfile.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["area", "year"],
        update_fields=[
            "population",
            "aged_15_24",
            "land_area_sq_km",
            "density",
            "density_of_local_authority",
            "deprivation",
            "most_deprived_decile_share",
            "lsoas",
        ],
    )
