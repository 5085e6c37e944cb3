"""The API's interactive documentation in a real headless Chromium: Swagger UI, served by the
site itself (the drf-spectacular-sidecar wheel), draws every operation under the Content
Security Policy, with no script error and no request off the site."""

from __future__ import annotations

import pytest

from mkviolence.roles import ANALYST
from tests.factories import TEST_PASSWORD, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_draw_under_the_content_security_policy(
    live_server,
    page,
    axe,
    make_user,
    screenshot,
    watched,  # noqa: F811
):
    browser_login(page, live_server.url, make_user(ANALYST).username, TEST_PASSWORD)
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/figures/" in " ".join(paths) and len(paths) >= 20
    screenshot("api-docs")
    # An operation opened, with its parameters and answers, passes axe-core too.
    page.locator(".opblock-summary-control").first.click()
    page.wait_for_selector(".opblock-body .responses-wrapper")
    assert axe.check_now(page) == []
    assert watched == []
