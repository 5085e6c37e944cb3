"""The hot-spot layer in a real headless Chromium, with the keyboard alone: chosen on the map's
"Colour by" with the arrow keys and applied with Enter, drawn from the shipped boundaries (warm
for hot spots), its key in words, each class a button that picks out its neighbourhoods on the
map and says so; the hot-spot page with its charts, tables and glossary. axe-core checks every
page opened (the ``page`` fixture), and nothing breaks the Content Security Policy or leaves
the site."""

from __future__ import annotations

import pytest

from dashboard.services import trends_recompute
from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, browser_login, charts_drawn, tab_to
from tests.factories.hotspots import planted_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The dashboards' watch for script errors, policy violations and requests off the site.


OPACITIES = """() => {
  const el = document.getElementById('chart-hot-spot-map');
  return el.data.map(t => [t.meta, t.opacity === undefined ? 1 : t.opacity]);
}"""


@pytest.fixture
def board_member(live_server, page, make_user, reference, run_import, tmp_path):
    run_import(planted_file(tmp_path).path)
    trends_recompute()
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    return live_server.url


def test_the_hot_spot_layer_is_chosen_and_used_with_the_keyboard(
    board_member,
    page,
    watched,
    screenshot,
):
    page.goto(f"{board_member}/map/?measure=knife-crime")
    charts_drawn(page)
    url = page.url
    tab_to(page, lambda f: f["name"] == "value")
    for _ in range(5):
        if page.evaluate("document.activeElement.value") == "hot-spots":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "hot-spots"
    page.wait_for_timeout(300)
    assert page.url == url  # choosing alone does not leave the page
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Apply")
    page.keyboard.press("Enter")
    page.wait_for_url("**/map/?measure=knife-crime&value=hot-spots")
    charts_drawn(page)
    # The layer: one shape per neighbourhood, hot spots in warm colours, a key in words.
    drawn = page.evaluate(OPACITIES)
    assert len(drawn) == 152
    hot = {meta for meta, _ in drawn if meta.startswith("hot-")}
    assert hot, drawn
    key = page.locator(".hot-spot-legend__button")
    labels = key.all_inner_texts()
    assert any(label.startswith("Hot spot, 9") for label in labels)
    assert any(label.startswith("Not significant") for label in labels)
    assert all("neighbourhood" in label for label in labels)  # each says how many
    # Tab to the first hot class's button and press it with the keyboard.
    wanted = sorted(hot)[0]
    button = tab_to(page, lambda f: f["data"].get("hotSpotClass") == wanted)[-1]
    assert button["tag"] == "button"
    page.keyboard.press("Space")
    pressed = page.locator(f'[data-hot-spot-class="{wanted}"]')
    assert pressed.get_attribute("aria-pressed") == "true"
    faded = page.evaluate(OPACITIES)
    assert {meta for meta, opacity in faded if opacity == 1} == {wanted}
    assert all(opacity < 1 for meta, opacity in faded if meta != wanted)
    status = page.locator("[data-hot-spot-status]").inner_text()
    assert status.startswith("The map picks out:") and "Hot spot" in status
    screenshot("hot-spot-layer-picked")
    # Pressed again (Enter this time), every class is shown again.
    page.keyboard.press("Enter")
    assert pressed.get_attribute("aria-pressed") == "false"
    assert all(opacity == 1 for _, opacity in page.evaluate(OPACITIES))
    assert page.locator("[data-hot-spot-status]").inner_text() == "The map shows every class."
    # The table beside the map takes focus and holds every neighbourhood with its class.
    region = tab_to(page, lambda f: f["tag"] == "div" and f["label"].startswith("Hot spots:"))
    assert region[-1]["scrolls"]
    assert page.locator("#table-hot-spots tbody tr").count() == 152
    assert watched == []


def test_the_hot_spot_page_draws_its_charts_and_explains_itself(
    board_member,
    page,
    watched,
    screenshot,
):
    page.goto(f"{board_member}/")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Hot spots")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hot-spots/")
    charts_drawn(page, minimum=2)  # the map and the concentration curve
    text = page.locator("main").inner_text()
    assert "What a hot spot means, and what it does not" in text
    assert "Half of the offences were in" in text
    assert "Glossary: how hot spots change" in text
    page.select_option("#f-measure", "knife-crime")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/hot-spots/?measure=knife-crime")
    charts_drawn(page, minimum=2)
    assert page.locator("#table-emerging tbody tr").count() >= 1
    with page.expect_download() as download:
        page.click("text=Hot spots as GeoJSON (for a GIS)")
    assert download.value.suggested_filename.endswith(".geojson")
    screenshot("hot-spots-page")
    assert watched == []
