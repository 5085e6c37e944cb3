"""The dashboards in a real headless Chromium: every role signs in and sees Plotly draw the
charts (not just the HTML), a filter changes the URL and the figures, a table downloads as CSV
and a chart as PNG, the board pack prints to an A4 PDF, and nothing breaks the Content
Security Policy or reaches outside the site. Screenshots land in test-artifacts/."""

from __future__ import annotations

import csv

import pytest

from dashboard.models import TrendFigure
from incidents.models import Area
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from tests.factories import ARTIFACTS, TEST_PASSWORD, browser_login, charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", [BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN])
def test_each_role_sees_the_overview_charts_drawn(
    live_server, page, make_user, screenshot, dashboard_data, watched, role
):
    user = make_user(role)
    browser_login(page, live_server.url, user.username, TEST_PASSWORD)
    assert page.locator("h1").inner_text() == "Serious violence in Milton Keynes"
    drawn = charts_drawn(page, minimum=2)
    assert {c["id"] for c in drawn} == {"chart-trend", "chart-strategy-actions"}
    assert page.locator(".tile").count() >= 4
    assert page.locator("#table-trend tbody tr").count() == 24  # the table beside the chart
    screenshot(f"overview-{role.lower().replace(' ', '-')}")
    assert watched == []


def test_a_filter_changes_the_url_and_the_figures(
    live_server, page, make_user, screenshot, dashboard_data, watched
):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/measures/knife-crime/")
    charts_drawn(page, minimum=5)
    screenshot("measure-knife-crime")
    ward = Area.objects.get(code="E05009424")
    page.select_option("select[name=area]", ward.code)
    page.click(".filters button[type=submit]")
    page.wait_for_url(f"**/measures/knife-crime/?area={ward.code}")
    assert page.locator("h1").inner_text() == f"Knife crime in {ward.name}"
    # A ward's months are small: beside the 12-month totals they would give each other away,
    # so the page leaves the monthly counts out and says so, keeping the totals.
    charts_drawn(page, minimum=3)
    assert page.get_by_text("Monthly counts are not shown for this area").count() >= 1
    latest = TrendFigure.objects.filter(measure="knife-crime", area=ward, covered=True).latest(
        "month"
    )
    first_cell = page.locator("#table-month-by-month tbody tr").last.locator("td").first
    expected = (
        {"0"} if latest.count == 0 else {"<5"} if latest.count < 5 else {f"{latest.count}", "[c]"}
    )
    assert first_cell.inner_text() in expected | {"not shown"}
    page.select_option("select[name=period]", "12")
    page.click(".filters button[type=submit]")
    page.wait_for_url(f"**/measures/knife-crime/?area={ward.code}&period=12")
    assert page.locator("#table-month-by-month tbody tr").count() == 12
    # The measure is part of the path; switching it keeps the other filters.
    page.select_option("select[name=measure]", "serious-violence")
    page.click(".filters button[type=submit]")
    page.wait_for_url(f"**/measures/serious-violence/?area={ward.code}&period=12")
    # Charts whose every number is hidden say so instead of drawing empty axes.
    charts_drawn(page, minimum=1)
    assert page.get_by_text("Every number in this chart is too small to show").count() >= 1
    screenshot("measure-filtered")
    assert watched == []


def test_a_table_downloads_as_csv_and_a_chart_as_png(
    live_server, page, make_user, dashboard_data, watched
):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/measures/knife-crime/?period=12")
    charts_drawn(page, minimum=5)
    with page.expect_download() as download:
        page.click("[data-csv=by-victim-age]")
    path = download.value.path()
    assert download.value.suggested_filename == "knife-crime-E06000042-2024-06-by-victim-age.csv"
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Victim's age", "Offences"]
    assert [r[0] for r in rows[1:]][-1] == "Total"
    with page.expect_download() as download:
        page.click("[data-png-for=chart-by-victim-age]")
    png = download.value.path().read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000
    assert watched == []


def test_the_map_draws_every_ward_offline(
    live_server, page, make_user, screenshot, dashboard_data, watched
):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/map/")
    (chart,) = charts_drawn(page)
    wards = Area.objects.filter(parent__code="E06000042", level="ward").count()
    assert chart["traces"] == wards + 1  # a shape per ward and the colour bar
    screenshot("map-wards")
    page.select_option("select[name=level]", "lsoa")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/map/?measure=knife-crime&level=lsoa")
    charts_drawn(page)
    screenshot("map-lsoas")
    assert watched == []


def test_the_board_pack_prints_to_a4(
    live_server, page, make_user, screenshot, dashboard_data, watched
):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/board-pack/")
    charts_drawn(page, minimum=3)
    screenshot("board-pack")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "board-pack.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    # Printed, the pack is the document alone: no navigation, filters or buttons.
    page.emulate_media(media="print")
    for hidden in (".site-header", ".filters", "[data-print]", ".chart-card__actions"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".pack h1").is_visible()
    assert watched == []
