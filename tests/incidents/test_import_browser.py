"""An analyst uploads a police.uk file in a real browser and watches it import."""

import pytest

from incidents.models import Incident
from mkviolence.roles import ANALYST
from tests.conftest import TEST_PASSWORD, browser_login
from tests.incidents.conftest import TV_2019_01, read_rows

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
