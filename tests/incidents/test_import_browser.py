"""An analyst uploads a police.uk file in a real browser and watches it import."""

import csv

import pytest

from incidents.models import Incident
from mkviolence.roles import ANALYST
from tests.factories import TEST_PASSWORD, TV_2019_01, browser_login, read_rows

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_analyst_uploads_a_file_and_sees_its_report(
    live_server, page, make_user, screenshot, celery_worker_process
):
    analyst = make_user(ANALYST)
    browser_login(page, live_server.url, analyst.username, TEST_PASSWORD)
    page.click("nav >> text=Imports")
    assert page.locator("h1").inner_text() == "Incident imports"
    screenshot("imports-empty")
    page.set_input_files("input[type=file]", str(TV_2019_01))
    page.click("text=Upload and import")
    page.wait_for_url("**/imports/*/")
    # The page polls the worker's progress and reloads with the report when it is done.
    page.locator(".badge", has_text="Imported").wait_for(timeout=60_000)
    expected = len(read_rows(TV_2019_01))
    assert page.locator('[data-field="stored"]').inner_text() == f"{expected:,}"
    assert page.locator("progress").get_attribute("value") == "100"
    assert Incident.objects.count() == expected
    screenshot("import-report")
    page.click("text=← All imports")
    row = page.locator("#batch-list tbody tr").first
    assert TV_2019_01.name in row.inner_text() and analyst.username in row.inner_text()
    screenshot("imports-history")


def test_an_analyst_uploads_a_police_uk_archive_and_sees_each_file(
    live_server, page, make_user, screenshot, celery_worker_process, tmp_path
):
    """The archive's import hands each street file to the worker as an import of its own;
    its page lists them with their counts, and the files it did not import with why."""
    import zipfile

    from tests.factories import BASE_DIR

    national = BASE_DIR / "data" / "policeuk" / "national-2022-09"
    forces = ["btp", "city-of-london", "gwent"]
    archive = tmp_path / "police-uk-2022-09.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for force in forces:
            name = f"2022-09-{force}-street.csv"
            z.write(national / name, f"2022-09/{name}")
        z.writestr("2022-09/2022-09-gwent-outcomes.csv", "Crime ID,Month\r\n")
    analyst = make_user(ANALYST)
    browser_login(page, live_server.url, analyst.username, TEST_PASSWORD)
    page.click("nav >> text=Imports")
    page.set_input_files("input[type=file]", str(archive))
    page.click("text=Upload and import")
    page.wait_for_url("**/imports/*/")
    page.locator("#import-status .badge", has_text="Imported").wait_for(timeout=120_000)
    rows = page.locator("#member-list tbody tr")
    assert rows.count() == 3
    expected = {}
    for force in forces:
        with open(national / f"2022-09-{force}-street.csv", newline="") as f:
            read = len(list(csv.DictReader(f)))
        expected[force] = read
    for i, force in enumerate(forces):
        text = rows.nth(i).inner_text()
        assert force in text and "Imported" in text and f"{expected[force]:,}" in text
    assert "btp" in rows.nth(0).inner_text() and "12" in rows.nth(0).inner_text()
    assert "only street files are imported" in page.locator("#skipped-list").inner_text()
    assert page.locator('#import-status [data-field="read"]').inner_text() == (
        f"{sum(expected.values()):,}"
    )
    screenshot("import-archive-report")
    rows.nth(2).locator("a").click()
    page.wait_for_url("**/imports/*/")
    assert "2022-09-gwent-street.csv" in page.locator("h1").inner_text()
    assert Incident.objects.filter(force="Gwent Police").count() == expected["gwent"]
