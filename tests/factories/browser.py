"""Driving the pages in headless Chromium: signing in, waiting for Plotly to draw, the keyboard."""

from __future__ import annotations

import os
from typing import Any

from .data import BASE_DIR

ARTIFACTS = BASE_DIR / "test-artifacts"


CHROMIUM = os.environ.get("MKV_CHROMIUM", "/usr/bin/chromium")


TEST_PASSWORD = "correct-horse-battery-staple"


def browser_login(page: Any, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")  # not the language switch in the header
    page_ready(page)


# Loaded, and every chart drawn (charts.js marks each once Plotly has drawn it). Sooner than
# waiting for the network to stay idle for half a second, which every page would pay.
_READY = """() => document.readyState === 'complete' && Array.from(
  document.querySelectorAll('[data-chart]')).every(el => el.hasAttribute('data-rendered'))"""


def page_ready(page: Any) -> None:
    """Wait until the page has loaded and drawn its charts."""
    page.wait_for_function(_READY, timeout=30_000)  # a function, not an expression (CSP)


DRAWN = """() => Array.from(document.querySelectorAll('[data-chart]')).map(el => ({
  id: el.id,
  traces: (el._fullData || []).length,
  values: (el._fullData || []).reduce((n, t) => n + (t.x || t.y || []).length, 0),
  marks: el.querySelectorAll('.scatterlayer path.js-line, .scatterlayer path.js-fill, '
                              + '.scatterlayer .points path.point, .barlayer .point path').length,
}))"""


def charts_drawn(page: Any, minimum: int = 1) -> list[dict[str, Any]]:
    """Wait until Plotly has drawn every chart; return what each one drew."""
    page.wait_for_function(  # a function, not an expression: polling one needs eval (CSP)
        "() => document.querySelectorAll('[data-chart]').length > 0 && "
        "document.querySelectorAll('[data-chart]').length === "
        "document.querySelectorAll('[data-chart][data-rendered]').length",
        timeout=30_000,
    )
    drawn = page.evaluate(DRAWN)
    assert len(drawn) >= minimum
    for chart in drawn:
        assert chart["traces"] > 0 and chart["values"] > 0, chart
        assert chart["marks"] > 0, f"{chart['id']}: Plotly drew no lines, areas, dots or bars"
    return drawn


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.name || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    href: el.getAttribute('href') || '', data: Object.assign({}, el.dataset),
    label: el.getAttribute('aria-label') || '', scrolls: el.scrollHeight > el.clientHeight,
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
          || style.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
              && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def tab(page: Any, *, back: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab); return what has focus, which must show a ring and be at least
    partly in view (WCAG 2.4.7 and 2.4.11)."""
    page.keyboard.press("Shift+Tab" if back else "Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] != "body", "focus was lost"
    assert focused["ring"], f"no visible focus ring on {focused}"
    assert focused["onScreen"], f"focused control hidden or scrolled out of view: {focused}"
    return focused


def tab_to(page: Any, match: Any, limit: int = 150) -> list[dict[str, Any]]:
    """Tab until ``match(focused)``; return everything focused on the way (the last matches)."""
    seen = []
    for _ in range(limit):
        seen.append(tab(page))
        if match(seen[-1]):
            return seen
    raise AssertionError(f"not reached with Tab in {limit} presses: {[s['text'] for s in seen]}")
