"""The comparison page in headless Chromium, as a board member sees it: Plotly draws the funnel
plot and the ranking, the data tables sit beside them, nothing breaks the Content Security
Policy, and axe-core finds nothing. The screenshot lands in test-artifacts/compare.png."""

from __future__ import annotations

from typing import Any

import pytest

from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, browser_login, charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_sees_how_we_compare(
    national_year, make_user, page: Any, live_server: Any, watched: list[str], screenshot
):
    user = make_user(BOARD_MEMBER)
    browser_login(page, live_server.url, user.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/compare/")
    drawn = charts_drawn(page, minimum=2)
    assert {c["id"] for c in drawn} >= {"chart-funnel", "chart-ranking"}
    headline = page.locator("p.headline").inner_text()
    assert headline.startswith("Violence and sexual offences in Milton Keynes")
    assert page.locator("#table-funnel").count() == 1
    assert page.get_by_role("img", name="Is our rate unusual?").count() == 1
    screenshot("compare")  # as a board member first sees it: the left-out areas folded away
    page.locator("details.left-out summary").click()
    assert page.locator("details.left-out li").count() > 100
    assert watched == []
