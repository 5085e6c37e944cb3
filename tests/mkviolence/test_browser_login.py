"""A board member signs in through a real headless Chromium and reaches the home page."""

from io import StringIO

import pytest
from django.core.management import call_command

from mkviolence.roles import BOARD_MEMBER
from tests.factories import TEST_PASSWORD, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_signs_in_and_sees_the_overview(live_server, page, make_user, screenshot):
    call_command("load_reference_data", stdout=StringIO())
    user = make_user(BOARD_MEMBER)
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url  # anonymous visitors land on the sign-in page
    screenshot("login")
    browser_login(page, live_server.url, user.username, TEST_PASSWORD)
    assert page.url == live_server.url + "/"
    assert page.locator("h1").inner_text() == "Serious violence in Milton Keynes"
    assert page.locator(".role-badge").inner_text() == BOARD_MEMBER
    screenshot("overview-board-member")
    page.click("text=Sign out")
    page.wait_for_url("**/accounts/login/")
