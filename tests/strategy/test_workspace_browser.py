"""The workspace in a real headless Chromium: a coordinator updates an action and the board
view shows it; the action page draws the charts of its measures, embedded from the dashboard,
under the Content Security Policy. Screenshots land in test-artifacts/."""

from __future__ import annotations

import pytest

from mkviolence.roles import COORDINATOR
from strategy.models import Action, ActionStatus
from tests.factories import DRAWN, TEST_PASSWORD, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_updates_an_action_and_the_board_view_shows_it(
    live_server,
    page,
    make_user,
    screenshot,
    dashboard_data,
    watched,  # noqa: F811
):
    browser_login(page, live_server.url, make_user(COORDINATOR).username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/strategy/")
    assert page.locator("h1").inner_text().startswith("Serious Violence Reduction Strategy")
    assert page.locator(".overdue-flag").count() >= 1
    screenshot("strategy-board")
    action = (
        Action.objects.filter(
            status=ActionStatus.ON_TRACK, measures__contains=["knife-crime"]
        ).first()
        or Action.objects.filter(status=ActionStatus.ON_TRACK).first()
    )
    page.click(f"a[href='/strategy/actions/{action.pk}/']")
    page.wait_for_url(f"**/strategy/actions/{action.pk}/")
    # Each measure's chart is drawn inside its embed, by Plotly, under the site's CSP.
    iframes = page.locator("iframe")
    assert iframes.count() == len(action.measures)
    for index in range(iframes.count()):
        iframes.nth(index).scroll_into_view_if_needed()
        frame = iframes.nth(index).element_handle().content_frame()
        frame.wait_for_load_state("load")
        frame.wait_for_function(
            "document.querySelectorAll('[data-chart]').length === "
            "document.querySelectorAll('[data-chart][data-rendered]').length",
            timeout=30_000,
        )
        drawn = frame.evaluate(DRAWN)
        assert all(c["traces"] > 0 for c in drawn)
    screenshot("strategy-action")
    page.select_option("select[name=status]", "off-track")
    page.fill("input[name=progress]", "30")
    page.click("button:has-text('Save the update')")  # without a note: refused, nothing lost
    assert page.get_by_text("say why the action is off track").count() == 1
    page.fill("textarea[name=note]", "The provider withdrew; re-procuring.")
    page.click("button:has-text('Save the update')")
    page.wait_for_url(f"**/strategy/actions/{action.pk}/")
    assert page.locator(".history li").first.inner_text().count("re-procuring") == 1
    page.goto(f"{live_server.url}/strategy/meetings/")
    assert action.title in page.locator("#moved").inner_text()
    assert "re-procuring" in page.locator("#off-track-title + ul").inner_text()
    screenshot("strategy-board-view")
    # The refused update answered 400 (the form with its error), which the browser logs.
    assert [p for p in watched if "status of 400" not in p] == []
    assert len(watched) <= 1
