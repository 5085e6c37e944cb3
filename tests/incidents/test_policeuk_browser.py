"""The police.uk page and the coverage calendar in a real browser (axe-core checks both): what
an analyst sees after pulls, and a calendar a fraction of the height of the old month table."""

from __future__ import annotations

import pytest

from incidents.models import PoliceUkMonth
from mkviolence.roles import ANALYST
from tests.factories import POLICEUK, TEST_PASSWORD, browser_login
from tests.factories.policeuk_replay import Month, pull, real_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_reads_the_police_uk_page_and_the_coverage_calendar(
    live_server, page, make_user, policeuk, run_import, screenshot, settings
):
    for path in sorted(POLICEUK.glob("2025-*.csv")):
        run_import(path)
    months = real_months(["2018-11", "2018-12", "2019-01"])
    months["2019-02"] = Month([], [])
    server = policeuk(months)
    server.fail("crimes-no-location", "2019-01", 500, 500, 500, 500, 500, 500)
    pull()  # 2018-11 and 2018-12 imported, then police.uk fails on 2019-01
    settings.POLICEUK_PULL_ENABLED = True
    analyst = make_user(ANALYST)
    browser_login(page, live_server.url, analyst.username, TEST_PASSWORD)
    page.click("nav >> text=Imports")
    page.click("text=data.police.uk checks and “check now”")
    assert page.locator("h1").inner_text() == "data.police.uk, fetched by itself"
    assert "(HTTP 500)" in page.locator("#last-error").inner_text()
    assert "2019-01" not in page.locator("#last-check").inner_text()
    assert "January 2019" in page.locator("#next-check").inner_text()
    assert PoliceUkMonth.objects.filter(status="imported").count() == 2
    failed = page.locator("#policeuk-month-list tbody tr").first.inner_text()
    assert failed.startswith("January 2019\tFailed data.police.uk had a problem")
    screenshot("policeuk-page")
    page.click("#check-now")
    page.wait_for_load_state("networkidle")
    assert "The check has started" in page.locator("main").inner_text()
    page.click("nav >> text=Data coverage")
    calendar = page.locator(".coverage-calendar").first
    assert calendar.locator("tbody tr").count() == 8  # 2025 back to 2018
    published = calendar.locator("td.cov--published").all_inner_texts()
    assert [text.split(":")[0] for text in published] == ["January 2019", "February 2019"]
    screenshot("coverage-calendar")
    # Eight years of one force fit on a screen or two (the month table was one row a month).
    assert page.evaluate("document.documentElement.scrollHeight") < 2000
