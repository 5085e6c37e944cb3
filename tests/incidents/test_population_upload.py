"""Population can be replaced by uploading area_code,age_band,year,count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from incidents.models import AreaPopulation
from incidents.selectors import area_get, population_for
from mkviolence.roles import ANALYST, BOARD_MEMBER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference():
    call_command("load_reference_data", verbosity=0, stdout=None)


def post(client, text: str):
    upload = SimpleUploadedFile("pop.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("incidents:population-upload"), {"population": upload}, follow=True)


BANDS = ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]


def six_bands(code: str, year: int, counts: list[int]) -> str:
    return "".join(f"{code},{b},{year},{n}\n" for b, n in zip(BANDS, counts, strict=True))


def test_an_uploaded_figure_replaces_the_census_one(client, make_user):
    client.force_login(make_user(ANALYST))
    ward = area_get(code="E05009419")
    before = population_for(area=ward, age_bands=["16-24"])
    text = "area_code,age_band,year,count\n" + six_bands("E05009419", 2021, [1, 2000, 3, 4, 5, 6])
    response = post(client, text)
    assert "Loaded 6 population figures" in response.content.decode()
    assert population_for(area=ward, age_bands=["16-24"]) == 2000 != before
    assert population_for(area=ward) == 2019
    # The local authority total follows: its other wards are unchanged.
    mk = area_get(code="E06000042")
    assert population_for(area=mk, age_bands=["16-24"]) > 2000


def test_an_upload_of_some_age_bands_only_is_refused(client, make_user):
    """One band of a later year (the 65+ of 2024 alone) would become the area's whole
    population: refused, with the line and what is missing."""
    client.force_login(make_user(ANALYST))
    mk = area_get(code="E06000042")
    page = post(client, "area_code,age_band,year,count\nE06000042,65+,2024,1\n").content.decode()
    assert "Nothing was loaded" in page
    assert "line 2, age_band: E06000042 has no figure for 0-15, 16-24" in page
    assert not AreaPopulation.objects.filter(year=2024).exists()
    assert population_for(area=mk) == 287_067


def test_a_partial_year_already_held_is_never_used(db):
    """Held before the upload check existed: each area keeps to its latest complete year."""
    mk = area_get(code="E06000042")
    AreaPopulation.objects.create(area=mk, age_band="65+", year=2024, count=1)
    assert population_for(area=mk) == 287_067
    ward = area_get(code="E05009419")
    census = population_for(area=ward)
    assert census is not None
    # A complete later year for the local authority alone: it uses it, its wards keep 2021.
    for band, n in zip(BANDS, [60_000, 30_000, 40_000, 60_000, 50_000, 50_001], strict=True):
        AreaPopulation.objects.update_or_create(
            area=mk, age_band=band, year=2024, defaults={"count": n}
        )
    assert population_for(area=mk) == 290_001
    assert population_for(area=ward) == census


def test_a_bad_row_changes_nothing(client, make_user):
    client.force_login(make_user(ANALYST))
    before = sorted(AreaPopulation.objects.values_list("area_id", "age_band", "year", "count"))
    text = "area_code,age_band,year,count\nE05009419,16-24,2021,2000\nE99999999,16-24,2021,x\n"
    page = post(client, text).content.decode()
    assert "Nothing was loaded" in page and "line 3, area_code: is not a loaded area" in page
    after = sorted(AreaPopulation.objects.values_list("area_id", "age_band", "year", "count"))
    assert after == before


def test_board_members_cannot_upload_population(client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    assert post(client, "area_code,age_band,year,count\n").status_code == 403


def test_the_command_loads_a_file(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("area_code,age_band,year,count\n" + six_bands("E06000042", 2024, [1] * 6))
    call_command("load_population", str(path), stdout=None)
    assert population_for(area=area_get(code="E06000042"), year=2024) == 6
    assert population_for(area=area_get(code="E06000042")) == 6  # the latest complete year
