"""The alerts page in a real browser (axe-core checks it): a board member reads the alerts and
subscribes with a threshold; a coordinator sets when the board pack is e-mailed."""

from __future__ import annotations

import pytest

from alerts.models import AlertSubscription, BoardPackSchedule
from mkviolence.roles import BOARD_MEMBER, COORDINATOR
from tests.factories import TEST_PASSWORD, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_reads_alerts_and_subscribes(
    live_server, page, make_user, phases, screenshot
):
    phases(2016, 2017, 2018)
    phases(2019)
    board = make_user(BOARD_MEMBER)
    browser_login(page, live_server.url, board.username, TEST_PASSWORD)
    page.click("nav >> text=Alerts")
    assert page.locator("h1").inner_text() == "Alerts"
    first = page.locator("#alert-list li").first.inner_text()
    assert "is now statistically significant, up" in first or "New data" in first
    page.select_option("#id_measure", "knife-crime")
    page.select_option("#id_area", label="Olney")
    page.select_option("#id_threshold_figure", "rate")
    page.fill("#id_threshold_value", "15")
    with page.expect_navigation():
        page.click("#subscribe-form button[type=submit]")
    assert (
        "Saved: you will be told about Knife crime in Olney." in page.locator("main").inner_text()
    )
    row = page.locator("#subscription-list tbody tr").first.inner_text()
    assert "Knife crime" in row and "Olney" in row and "goes above 15" in row
    assert AlertSubscription.objects.get(user=board).threshold_value == 15
    screenshot("alerts-page")
    # A link from an alert leads to the measure's page.
    with page.expect_navigation():
        page.locator(
            "#alert-list a", has_text="Knife crime in Olney: the change on the"
        ).first.click()
    assert page.url.endswith("/measures/knife-crime/?area=E05009418")


def test_a_coordinator_sets_the_board_pack_schedule(live_server, page, make_user, reference):
    coordinator = make_user(COORDINATOR)
    browser_login(page, live_server.url, coordinator.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/alerts/")
    assert "No alerts yet." in page.locator("main").inner_text()
    page.check("#id_enabled")
    page.fill("#id_days_before", "5")
    with page.expect_navigation():
        page.click("#board-pack-form button[type=submit]")
    assert "5 days before each meeting" in page.locator("main").inner_text()
    schedule = BoardPackSchedule.objects.get()
    assert (schedule.enabled, schedule.days_before, schedule.updated_by) == (True, 5, coordinator)
