"""load_reference_data, nationally: every LSOA of England and Wales (2011 and 2021) in its 2024
local authority, community safety partnership and police force area; England and Wales at the
top; mid-2020 residents by age band, density and deprivation for every area. Expected values
are worked out here from the shipped files with the csv module."""

from __future__ import annotations

import csv
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command

from incidents.models import AgeBand, Area, AreaPopulation, AreaProfile, LsoaMembership
from incidents.selectors import area_get, population_for
from tests.factories import BASE_DIR

pytestmark = pytest.mark.django_db

NATIONAL = BASE_DIR / "data" / "national"


def rows(path: str) -> list[dict[str, str]]:
    with open(NATIONAL / path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def lookup() -> dict[str, dict]:
    """LSOA -> 2024 local authority, straight from the ONS files."""
    to_2023 = {r["ltla22_code"]: r["ltla23_code"] for r in rows("geography/ltla22_ltla23.csv")}
    lsoa11 = {
        r["lsoa11_code"]: to_2023[r["ltla21_code"]] for r in rows("geography/lsoa11_ltla21_ew.csv")
    }
    pairs = rows("geography/lsoa11_lsoa21_ltla22_ew.csv")
    lsoa21 = {r["lsoa21_code"]: to_2023[r["ltla22_code"]] for r in pairs}
    # Where the two lookups disagree on an LSOA kept from 2011 (one does), the newer wins.
    moved = {
        r["lsoa11_code"]: lsoa21[r["lsoa21_code"]]
        for r in pairs
        if r["change_code"] == "U" and lsoa11[r["lsoa11_code"]] != lsoa21[r["lsoa21_code"]]
    }
    assert moved == {"W01000060": "W06000002"}
    lsoa11.update(moved)
    chain = rows("geography/ltla24_csp24_pfa24_ew.csv")
    return {
        "2011": lsoa11,
        "2021": lsoa21,
        "names11": {
            r["lsoa11_code"]: r["lsoa11_name"] for r in rows("geography/lsoa11_ltla21_ew.csv")
        },
        "force_of_lad": {r["ltla24_code"]: r["pfa24_code"] for r in chain},
        "csps_of_lad": {
            lad: {r["csp24_code"] for r in chain if r["ltla24_code"] == lad}
            for lad in {r["ltla24_code"] for r in chain}
        },
        "csp_names": {r["csp24_code"]: r["csp24_name"] for r in chain},
    }


@pytest.fixture
def loaded():
    call_command("load_reference_data", stdout=StringIO())


def memberships(vintage: int) -> dict[str, tuple[str, str, str]]:
    return {
        code: (la, csp, force)
        for code, la, csp, force in LsoaMembership.objects.filter(vintage=vintage).values_list(
            "code", "local_authority__code", "csp__code", "force__code"
        )
    }


def test_every_lsoa_of_both_vintages_belongs_to_its_2024_authority_and_force(loaded, lookup):
    for vintage in (2011, 2021):
        held = memberships(vintage)
        expected = lookup[str(vintage)]
        assert len(held) == len(expected) == (34_753 if vintage == 2011 else 35_672)
        assert {code: la for code, (la, _, _) in held.items()} == expected
        for code, (la, csp, force) in held.items():
            assert force == lookup["force_of_lad"][la], code
            assert csp in lookup["csps_of_lad"][la], code


def test_an_lsoa_of_a_merged_authority_is_in_its_old_districts_partnership(loaded, lookup):
    held = memberships(2011)
    names = lookup["names11"]
    csp_names = lookup["csp_names"]
    checked = defaultdict(int)
    for code, (la, csp, _) in held.items():
        if len(lookup["csps_of_lad"][la]) == 1:
            continue
        district = names[code].rsplit(" ", 1)[0]
        expected = {"Christchurch": "Dorset", "Daventry": "Daventry and South Northamptonshire"}
        expected["South Northamptonshire"] = "Daventry and South Northamptonshire"
        assert csp_names[csp] == expected.get(district, district), (code, names[code])
        checked[la] += 1
    assert sorted(checked) == sorted(lad for lad, c in lookup["csps_of_lad"].items() if len(c) > 1)
    buckinghamshire = area_get(code="E06000060")
    assert buckinghamshire.parent.code == "E23000029"  # under Thames Valley, not one CSP


def test_england_and_wales_is_at_the_top(loaded):
    country = area_get(code="K04000001")
    assert (country.name, country.level, country.parent) == ("England and Wales", "country", None)
    forces = Area.objects.filter(level=Area.Level.FORCE)
    assert forces.count() == 43 and set(forces.values_list("parent", flat=True)) == {country.pk}
    assert area_get(code="E23000034").name == "City of London"
    mk = area_get(code="E06000042")
    assert [mk.parent.code, mk.parent.parent.code, mk.parent.parent.parent.code] == [
        "E22000307",
        "E23000029",
        "K04000001",
    ]


def test_mid_2020_residents_add_up_to_the_ons_figures(loaded, lookup):
    by_band = defaultdict(lambda: defaultdict(int))
    for r in rows("population/lsoa11_population_mid2020_by_age_band.csv"):
        la = lookup["2011"][r["lsoa11_code"]]
        for band in AgeBand.values:
            by_band[la][band] += int(r[band])
            by_band["K04000001"][band] += int(r[band])
    assert sum(by_band["K04000001"].values()) == 59_719_724
    # The authorities' totals are ONS's own mid-2020 figures (MYE5), mapped onto 2024.
    to_2024 = {r["ltla22_code"]: r["ltla23_code"] for r in rows("geography/ltla22_ltla23.csv")}
    ons = defaultdict(int)
    for r in rows("population/lad21_land_area_mid2020.csv"):
        ons[to_2024[r["code"].strip()]] += int(r["population_mid2020"])
    held = defaultdict(dict)
    for code, band, count in AreaPopulation.objects.filter(year=2020).values_list(
        "area__code", "age_band", "count"
    ):
        held[code][band] = count
    for la, total in ons.items():
        assert held[la] == dict(by_band[la]), la
        assert sum(held[la].values()) == total, la
    country = area_get(code="K04000001")
    assert population_for(area=country) == 59_719_724
    assert population_for(area=country, age_bands=["0-15", "16-24"]) == (
        by_band["K04000001"]["0-15"] + by_band["K04000001"]["16-24"]
    )
    # Milton Keynes keeps its Census 2021 residents, the latest it has.
    assert population_for(area=area_get(code="E06000042")) == 287_067


def test_profiles_give_density_young_residents_and_deprivation(loaded, lookup):
    mk = AreaProfile.objects.get(area__code="E06000042", year=2020)
    [land] = [r for r in rows("population/lad21_land_area_mid2020.csv") if r["code"] == "E06000042"]
    assert mk.population == int(land["population_mid2020"])
    assert mk.land_area_sq_km == pytest.approx(float(land["area_sq_km"]))
    assert mk.density == pytest.approx(mk.population / float(land["area_sq_km"]))
    pop = {
        r["lsoa11_code"]: r for r in rows("population/lsoa11_population_mid2020_by_age_band.csv")
    }
    ranks = {r["lsoa11_code"]: int(r["rank"]) for r in rows("deprivation/lsoa11_imd2019_rank.csv")}
    mk_lsoas = [c for c, la in lookup["2011"].items() if la == "E06000042"]
    assert mk.lsoas == len(mk_lsoas) == 152
    assert mk.aged_15_24 == sum(int(pop[c]["15-24"]) for c in mk_lsoas)
    people = {c: sum(int(pop[c][b]) for b in AgeBand.values) for c in mk_lsoas}
    percentile = {c: 100 * (1 - (ranks[c] - 0.5) / 32_844) for c in mk_lsoas}
    assert mk.deprivation == pytest.approx(
        sum(people[c] * percentile[c] for c in mk_lsoas) / sum(people.values())
    )
    assert mk.most_deprived_decile_share == pytest.approx(
        sum(people[c] for c in mk_lsoas if ranks[c] <= 3_284.4) / sum(people.values())
    )
    # Every authority, partnership, force and England and Wales has one.
    levels = ["local-authority", "csp", "force", "country"]
    assert (
        AreaProfile.objects.filter(year=2020).count()
        == Area.objects.filter(level__in=levels).count()
        == 318 + 314 + 43 + 1
    )
    # A partnership inside a merged authority has no land area of its own.
    aylesbury = AreaProfile.objects.get(area__code="E22000303")
    assert aylesbury.land_area_sq_km is None and aylesbury.density_of_local_authority
    bucks = AreaProfile.objects.get(area__code="E06000060")
    assert aylesbury.density == pytest.approx(bucks.density)


def test_loading_again_changes_nothing(loaded):
    def state():
        return (
            sorted(Area.objects.values_list("id", "code", "vintage", "parent_id", "level")),
            sorted(LsoaMembership.objects.values_list("id", "code", "vintage", "csp_id")),
            sorted(
                AreaPopulation.objects.values_list("id", "area_id", "age_band", "year", "count")
            ),
            sorted(AreaProfile.objects.values_list("id", "area_id", "population", "deprivation")),
        )

    first = state()
    call_command("load_reference_data", stdout=StringIO())
    assert state() == first


def test_areas_held_on_2019_boundaries_move_to_2024(empty_database):
    mk = Area.objects.create(
        code="E06000042", name="Milton Keynes", level="local-authority", vintage=2019
    )
    gone = Area.objects.create(
        code="E07000004", name="Aylesbury Vale", level="local-authority", vintage=2019
    )
    ward = Area.objects.create(
        code="E05009419", name="Shenley Brook End", level="ward", vintage=2019, parent=mk
    )
    call_command("load_reference_data", stdout=StringIO())
    mk.refresh_from_db()
    assert (mk.vintage, mk.parent.code) == (2024, "E22000307")
    assert not Area.objects.filter(pk=gone.pk).exists()
    assert Area.objects.get(pk=ward.pk).parent_id == mk.pk
    assert not Area.objects.filter(
        level__in=["local-authority", "csp", "force"], vintage=2019
    ).exists()


def test_every_territorial_falls_within_of_the_real_month_names_its_force(loaded):
    """police.uk's "Falls within" of the September 2022 files (and the three forces whose
    files are absent, as police.uk writes them) find their force area."""
    from incidents.models import force_names

    names = {n: a.code for a in Area.objects.filter(level="force") for n in force_names(a.name)}
    national = BASE_DIR / "data" / "policeuk" / "national-2022-09"
    seen = set()
    for path in national.glob("*.csv"):
        with open(path, newline="") as f:
            seen |= {r["Falls within"] for r in csv.DictReader(f)}
    seen |= {"Metropolitan Police Service", "West Midlands Police", "Devon & Cornwall Police"}
    outside = {"British Transport Police", "Police Service of Northern Ireland"}
    assert {n for n in seen - outside if n not in names} == set()
    assert names["City of London Police"] == "E23000034"
    assert names["Devon & Cornwall Police"] == names["Devon and Cornwall Police"] == "E23000035"


def test_a_code_kept_from_2011_to_2021_belongs_to_the_same_areas_in_both(loaded):
    from incidents.selectors import lsoa_memberships_by_code

    by_vintage = {
        (code, vintage): (la, csp, force)
        for code, vintage, la, csp, force in LsoaMembership.objects.values_list(
            "code", "vintage", "local_authority_id", "csp_id", "force_id"
        )
    }
    kept = {code for code, vintage in by_vintage if vintage == 2021} & {
        code for code, vintage in by_vintage if vintage == 2011
    }
    assert len(kept) > 33_000
    assert [c for c in kept if by_vintage[(c, 2011)] != by_vintage[(c, 2021)]] == []
    by_code = lsoa_memberships_by_code()
    assert len(by_code) == len({code for code, _ in by_vintage})
    mk = area_get(code="E06000042")
    assert by_code["E01016753"][0] == mk.pk  # Milton Keynes 2011
    assert by_code["E01034446"][0] == mk.pk  # Milton Keynes 002G, new in 2021
