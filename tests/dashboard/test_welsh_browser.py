"""Welsh in a real browser: the language switch on the sign-in page and on every page, the
overview, a measure page, the map and the board pack in Welsh (measure names, headline
sentences, month names on the page and on the chart axes), and back to English. The axe-core
watch of the `page` fixture checks the Welsh pages too (a page language that matches, the switch
named in its own language). A screenshot of the overview in Welsh lands in test-artifacts/."""

from __future__ import annotations

import pytest

from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_reads_the_dashboards_in_welsh(
    live_server, page, make_user, screenshot, dashboard_data
):
    user = make_user(BOARD_MEMBER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Cymraeg").click()  # before signing in
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Mewngofnodi"
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    page.wait_for_url(f"{live_server.url}/")
    charts_drawn(page, minimum=2)
    assert page.locator("h1").inner_text() == "Trais difrifol yn Milton Keynes"
    nav = page.locator(".site-nav").inner_text()
    assert "Trosolwg" in nav and "Pecyn y bwrdd" in nav and "Overview" not in nav
    tiles = page.locator(".tile").all_inner_texts()
    assert any("Troseddau cyllyll" in t for t in tiles)
    headline = page.locator(".tile__headline").first.inner_text()
    assert "yn y 12 mis hyd at Mehefin 2024" in headline, headline
    # The trend chart's axis months are Welsh too.
    ticks = page.locator("#chart-trend .xtick text").all_text_contents()
    assert any(m in " ".join(ticks) for m in ("Ion", "Ebr", "Gorff", "Hyd")), ticks
    screenshot("overview-welsh")

    page.goto(f"{live_server.url}/measures/knife-crime/")
    charts_drawn(page)
    assert page.locator("h1").inner_text() == "Troseddau cyllyll yn Milton Keynes"
    assert "Yn y 12 mis hyd at Mehefin 2024" in page.locator(".counts").inner_text()
    page.goto(f"{live_server.url}/map/")
    charts_drawn(page)
    assert page.locator("h1").inner_text().startswith("Ble: troseddau cyllyll ar draws")
    page.goto(f"{live_server.url}/board-pack/")
    charts_drawn(page, minimum=3)
    assert "Penawdau" in page.locator(".pack").inner_text()

    # Back to English, from any page.
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/board-pack/")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert "Headlines" in page.locator(".pack").inner_text()


def test_the_browser_language_chooses_welsh_until_the_reader_switches(live_server, browser):
    context = browser.new_context(locale="cy-GB")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "cy"
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Sign in"
    finally:
        context.close()
