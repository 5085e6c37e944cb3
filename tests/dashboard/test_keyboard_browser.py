"""The board members' pages with the keyboard alone, in a real headless Chromium: a skip link
first, a visible focus ring on every control reached with Tab, filters chosen with the arrow keys
and applied with Enter (choosing alone never leaves the page), tables and charts downloaded with
Enter, and the board pack reached, filtered and printed without a mouse. Also: the pages reflow
at 400% zoom (320 CSS pixels) and on a 360 px phone without sideways scrolling, and charts
honour a request for reduced motion."""

from __future__ import annotations

import csv

import pytest

from incidents.models import Area
from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, browser_login, charts_drawn, tab, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board_member(live_server, page, make_user, dashboard_data):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    return live_server.url


def test_the_skip_link_comes_first_and_moves_to_the_content(board_member, page):
    page.goto(f"{board_member}/measures/knife-crime/")
    first = tab(page)
    assert first["text"] == "Skip to content" and first["href"] == "#main"
    page.keyboard.press("Enter")
    nxt = tab(page)  # the next stop is inside the content, past the header and navigation
    assert page.evaluate("document.activeElement.closest('main') !== null"), nxt


def test_filters_are_chosen_with_arrow_keys_and_applied_with_enter(board_member, page):
    ward = Area.objects.filter(parent__code="E06000042", level="ward").order_by("name").first()
    page.goto(f"{board_member}/measures/knife-crime/")
    charts_drawn(page)
    url = page.url
    tab_to(page, lambda f: f["name"] == "area")
    # Arrow keys move through the options; choosing alone must not leave the page (3.2.2).
    for _ in range(40):
        if page.evaluate("document.activeElement.value") == ward.code:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == ward.code
    page.wait_for_timeout(300)
    assert page.url == url
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Apply")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/measures/knife-crime/?area={ward.code}")
    assert page.locator("h1").inner_text() == f"Knife crime in {ward.name}"
    # The measure is chosen the same way, and is part of the path.
    tab_to(page, lambda f: f["name"] == "measure")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert chosen != "knife-crime"
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Apply")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/measures/{chosen}/?area={ward.code}")


def test_tables_and_charts_download_with_the_keyboard(board_member, page):
    page.goto(f"{board_member}/measures/knife-crime/?period=12")
    charts_drawn(page, minimum=5)
    tab_to(page, lambda f: f["data"].get("csv") == "by-victim-age")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), newline="", encoding="utf-8-sig") as f:
        assert next(csv.reader(f)) == ["Victim's age", "Offences"]
    focused = tab(page, back=True)  # the PNG button sits just before the CSV link
    assert focused["data"].get("pngFor") == "chart-by-victim-age"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.path().read_bytes().startswith(b"\x89PNG")
    # The data table beside each chart scrolls, so it takes focus and scrolls with the keys.
    region = tab_to(page, lambda f: f["tag"] == "div" and "victim" in f["label"].lower())[-1]
    assert region["label"].startswith("Knife crime by the victim's age"), region
    if region["scrolls"]:
        page.keyboard.press("PageDown")
        page.wait_for_function("() => document.activeElement.scrollTop > 0", timeout=3_000)


def test_the_board_pack_with_the_keyboard_alone(board_member, page):
    page.add_init_script("window.print = () => { document.body.dataset.printed = 'yes'; };")
    page.goto(f"{board_member}/")
    tab_to(page, lambda f: f["text"] == "Board pack" and f["tag"] == "a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/board-pack/")
    charts_drawn(page, minimum=3)
    # Every control of the pack is reached in order, each with a visible focus ring.
    stops = tab_to(page, lambda f: f["text"] == "Print or save as PDF")
    assert {"area", "end", "period", "source"} <= {s["name"] for s in stops}
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.dataset.printed") == "yes"
    # Filter the pack to the previous 12 months with the keyboard.
    for _ in range(40):
        if tab(page, back=True)["name"] == "end":
            break
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    month = page.evaluate("document.activeElement.value")
    assert month
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Apply")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/board-pack/?end={month}")
    charts_drawn(page, minimum=3)
    rest = tab_to(page, lambda f: f["text"] == "Print or save as PDF")
    assert all(s["ring"] for s in rest)


@pytest.mark.parametrize("width", [320, 360])
def test_pages_reflow_without_sideways_scrolling(
    live_server, browser, make_user, dashboard_data, axe, width
):
    context = axe.context
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 720})
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    for path in [
        "/",
        "/measures/knife-crime/",
        "/map/",
        "/board-pack/",
        "/measures/",
        "/strategy/",
    ]:
        page.goto(live_server.url + path)
        if path not in ("/measures/", "/strategy/"):
            charts_drawn(page)
        wide = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 1, f"{path} scrolls sideways by {wide}px at {width}px"
        # Every chart fits the screen too.
        widest = page.evaluate(
            "Math.max(0, ...Array.from(document.querySelectorAll('[data-chart]'))"
            ".map(el => el.getBoundingClientRect().right))"
        )
        assert widest <= width, (path, widest)
    assert axe.check_now(page) == []
    page.close()


def test_charts_honour_reduced_motion(live_server, browser, make_user, dashboard_data):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
        charts_drawn(page)
        durations = page.evaluate(
            "Array.from(document.querySelectorAll('[data-chart]'))"
            ".map(el => el._fullLayout.transition.duration)"
        )
        assert durations and set(durations) == {0}
    finally:
        context.close()
