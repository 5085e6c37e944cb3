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


def test_an_uploaded_figure_replaces_the_census_one(client, make_user):
    client.force_login(make_user(ANALYST))
    ward = area_get(code="E05009419")
    before = population_for(area=ward, age_bands=["16-24"])
    response = post(client, "area_code,age_band,year,count\nE05009419,16-24,2021,2000\n")
    assert "Loaded 1 population figures" in response.content.decode()
    assert population_for(area=ward, age_bands=["16-24"]) == 2000 != before
    # The local authority total follows: its other wards are unchanged.
    mk = area_get(code="E06000042")
    assert population_for(area=mk, age_bands=["16-24"]) > 2000


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
    path.write_text("area_code,age_band,year,count\nE06000042,65+,2024,1\n")
    call_command("load_population", str(path), stdout=None)
    assert population_for(area=area_get(code="E06000042"), year=2024) == 1
