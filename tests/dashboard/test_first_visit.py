"""A first visit to the overview stays light for board members on slow links: the page and
everything it loads, compressed as the site serves them (static files with Brotli by whitenoise,
the page with gzip), come to under 400 KB. The Plotly bundle holds only the trace types the
pages draw, and never evaluates strings as code (the Content Security Policy forbids it)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, browser_login, charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLOTLY = Path(__file__).resolve().parents[2] / "static" / "vendor" / "plotly"
LIMIT = 400_000


def test_the_plotly_bundle_has_no_string_evaluation():
    (bundle,) = PLOTLY.glob("plotly-*.min.js")
    source = bundle.read_text()
    assert "new Function" not in source
    assert re.search(r"\beval\(", source) is None
    assert len(brotli.compress(source.encode(), quality=11)) < 340_000


def test_a_first_visit_to_the_overview_is_under_400_kb(
    live_server, browser, page, make_user, dashboard_data
):
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    fresh = browser.new_context()  # an empty browser cache, signed in with the same session
    fresh.add_cookies(page.context.cookies())
    try:
        visit = fresh.new_page()
        loaded = []
        visit.on("response", lambda response: loaded.append(response))
        visit.goto(f"{live_server.url}/")
        charts_drawn(visit, minimum=2)
        visit.wait_for_load_state("networkidle")
        sizes = {}
        for response in loaded:
            body = response.body()
            if "/static/" in response.url:  # whitenoise serves collectstatic's Brotli copy
                sizes[response.url] = len(brotli.compress(body, quality=11))
            elif response.headers.get("content-encoding") == "gzip":
                sizes[response.url] = len(gzip.compress(body))
            else:
                sizes[response.url] = len(body)
        # Only the traces the pages draw are in the bundle.
        traces = visit.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")
    finally:
        fresh.close()
    total = sum(sizes.values())
    report = "\n".join(f"{size:>9,} {url}" for url, size in sorted(sizes.items()))
    assert total < LIMIT, f"first visit {total:,} bytes:\n{report}"
    assert any("plotly-mkviolence" in url for url in sizes), report
    assert traces == ["bar", "scatter"]
