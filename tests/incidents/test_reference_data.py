"""load_reference_data: Milton Keynes areas, all 43 forces, Census 2021 population; idempotent.
(National areas, memberships and populations: test_national_reference.py.)"""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from incidents.models import AgeBand, Area, AreaPopulation
from incidents.selectors import area_get, area_lsoa_codes, incidents_in_area, population_for
from tests.factories import BASE_DIR, TV_2019_01, mk_lsoas, read_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_reference_data", stdout=StringIO())


def snapshot():
    return (
        sorted(Area.objects.values_list("code", "vintage", "name", "level", "parent__code")),
        sorted(
            AreaPopulation.objects.values_list(
                "area__code", "area__vintage", "age_band", "year", "count"
            )
        ),
    )


def test_running_it_twice_leaves_the_same_rows(loaded):
    first = snapshot()
    ids = sorted(Area.objects.values_list("id", flat=True))
    call_command("load_reference_data", stdout=StringIO())
    assert snapshot() == first
    assert sorted(Area.objects.values_list("id", flat=True)) == ids


def test_milton_keynes_has_152_lsoas_19_wards_and_287067_people(loaded):
    mk = area_get(code="E06000042")
    assert mk.name == "Milton Keynes" and mk.level == Area.Level.LOCAL_AUTHORITY
    assert Area.objects.filter(level="lsoa", vintage=2011).count() == 152
    assert {a.code for a in Area.objects.filter(level="lsoa", vintage=2011)} == mk_lsoas()
    # Both vintages' codes lie inside it: 143 kept their code, 23 are new.
    with open(BASE_DIR / "data/geography/mk_lsoa21_to_lsoa11.csv", newline="") as f:
        codes21 = {r["LSOA21CD"] for r in csv.DictReader(f)}
    assert len(codes21) == 166
    assert area_lsoa_codes(area=mk) == mk_lsoas() | codes21
    assert len(mk_lsoas() | codes21) == 152 + 23
    assert Area.objects.filter(level="ward", parent=mk).count() == 19
    assert population_for(area=mk) == 287_067


def test_every_2021_lsoa_lies_in_the_2011_lsoa_of_the_ons_lookup(loaded):
    with open(BASE_DIR / "data/geography/mk_lsoa21_to_lsoa11.csv", newline="") as f:
        lookup = {r["LSOA21CD"]: r["LSOA11CD"] for r in csv.DictReader(f)}
    placed = dict(
        Area.objects.filter(level="lsoa", vintage=2021).values_list("code", "parent__code")
    )
    assert placed == lookup
    # A split LSOA's children hold its people: population is counted once at every level.
    split = Area.objects.get(code=next(o for n, o in lookup.items() if n != o), vintage=2011)
    children = Area.objects.filter(parent=split)
    assert children.count() >= 2
    assert sum(population_for(area=c) for c in children) == population_for(area=split)


def test_the_chain_goes_up_to_thames_valley(loaded):
    lsoa = Area.objects.get(code="E01016753", vintage=2011)
    ward, la = lsoa.parent, lsoa.parent.parent
    assert (ward.code, ward.name) == ("E05009419", "Shenley Brook End")
    assert la.code == "E06000042"
    assert (la.parent.code, la.parent.parent.code) == ("E22000307", "E23000029")
    assert la.parent.parent.name == "Thames Valley"


def test_all_43_police_forces_are_loaded(loaded):
    forces = Area.objects.filter(level=Area.Level.FORCE)
    assert forces.count() == 43
    assert forces.filter(code__startswith="W15").count() == 4


def test_population_by_age_band_matches_the_census_file(loaded):
    path = BASE_DIR / "data/population/mk_lsoa11_residents_by_age6_census2021.csv"
    with open(path, newline="") as f:
        young = sum(
            int(r["usual_residents"])
            for r in csv.DictReader(f)
            if r["age_group"] == "Aged 16 to 24 years"
        )
    mk = area_get(code="E06000042")
    assert population_for(area=mk, age_bands=[AgeBand.AGED_16_24]) == young
    # The 2021 LSOAs hold the same people, counted once.
    assert (
        sum(AreaPopulation.objects.filter(area__vintage=2021).values_list("count", flat=True))
        == 287_067
    )


def test_a_force_with_a_district_of_unknown_population_has_no_partial_population(loaded):
    force = area_get(code="E23000029")
    reading = area_get(code="E06000038")
    assert population_for(area=force) > population_for(area=reading) > 0
    AreaPopulation.objects.filter(area__in=[force, reading.parent, reading]).delete()
    assert population_for(area=force) is None


def test_lsoa_boundaries_are_loaded_for_maps(loaded):
    with_shapes = Area.objects.filter(level="lsoa", vintage=2011, geometry__isnull=False)
    assert with_shapes.count() == 152
    assert with_shapes.first().geometry["type"] in {"Polygon", "MultiPolygon"}


def test_incidents_get_their_ward_and_local_authority_from_their_lsoa(loaded, run_import):
    run_import(TV_2019_01)
    ward = area_get(code="E05009419")
    expected = sum(1 for r in read_rows(TV_2019_01) if r["LSOA code"] in area_lsoa_codes(area=ward))
    assert expected > 0
    assert incidents_in_area(area=ward).count() == expected
    mk_rows = sum(1 for r in read_rows(TV_2019_01) if r["LSOA code"] in mk_lsoas())
    assert incidents_in_area(area=area_get(code="E06000042")).count() == mk_rows


def test_the_force_area_counts_rows_without_a_location(loaded, run_import):
    run_import(TV_2019_01)
    rows = read_rows(TV_2019_01)
    assert incidents_in_area(area=area_get(code="E23000029")).count() == len(rows)


def test_ward_boundaries_are_the_union_of_their_lsoas(loaded):
    from shapely.geometry import Point, shape

    with open(BASE_DIR / "data/geography/mk_lsoa11_centroids.csv", newline="") as f:
        centroids = {
            r["lsoa11_code"]: (float(r["longitude"]), float(r["latitude"]))
            for r in csv.DictReader(f)
        }
    wards = Area.objects.filter(level=Area.Level.WARD)
    assert wards.count() == 19
    for ward in wards:
        outline = shape(ward.geometry)
        assert outline.is_valid
        # No slivers left between neighbouring LSOAs: one outline, no holes.
        parts = getattr(outline, "geoms", [outline])
        assert all(not part.interiors for part in parts), ward.name
        lsoas = Area.objects.filter(parent=ward, level=Area.Level.LSOA)
        total = sum(shape(lsoa.geometry).area for lsoa in lsoas)
        assert outline.area == pytest.approx(total, rel=0.02)
        for lsoa in lsoas:
            assert outline.buffer(0.0005).contains(Point(centroids[lsoa.code])), lsoa.code
