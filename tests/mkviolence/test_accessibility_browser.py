"""Every page of the site, as each role sees it, checked by axe-core in a real browser (WCAG 2.0,
2.1 and 2.2 A and AA): the pages of the permission matrices that answer that role with HTML,
with the demo data loaded, plus the pages of people without access (sign-in, no role, refusal,
not found). The `page` fixture fails a test on any violation; this test also lists them all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboard.measures import MEASURES
from incidents.models import ImportBatch
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from strategy.models import Action, PartnerOrganisation, Priority, Strategy
from tests.factories import SITE_MATRIX, STRATEGY_MATRIX, TEST_PASSWORD, browser_login, page_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Routes that answer with a file or JSON, not a page.
NOT_PAGES = {
    "healthz",
    "login",
    "logout",
    "set-language",
    "admin-login-redirect",
    "incidents:import-status",
    "incidents:import-errors-csv",
    "incidents:template",
    "measure",
    "hot-spots-geojson",
}


def _site_pages(role: str) -> list[str]:
    batch = ImportBatch.objects.order_by("pk").first()
    urls = []
    for name, (method, args, expected) in SITE_MATRIX.items():
        if method == "GET" and name not in NOT_PAGES and expected.get(role) == 200:
            urls.append(reverse(name, args=[batch.pk if a == "batch" else a for a in args]))
    urls += [reverse("measure", args=[slug]) for slug in MEASURES]
    return urls


def _strategy_pages(role: str) -> list[str]:
    first = {
        "action": Action,
        "action-edit": Action,
        "partner-edit": PartnerOrganisation,
        "priority-edit": Priority,
        "strategy-edit": Strategy,
    }
    urls = []
    for name, (method, allowed) in STRATEGY_MATRIX.items():
        if method == "GET" and role in allowed:
            args = [first[name].objects.order_by("pk").first().pk] if name in first else []
            urls.append(reverse(f"strategy:{name}", args=args))
    return urls


# Beyond axe: each chart is an image named by its title and a one-sentence summary, with its
# figures in a table beside it; each status colour carries its word.
BEYOND_AXE = """() => {
  const problems = [];
  document.querySelectorAll('[data-chart]').forEach((chart) => {
    const card = chart.closest('.chart-card');
    const summary = card && card.querySelector('.chart-card__summary');
    if (chart.getAttribute('role') !== 'img') problems.push(chart.id + ': not an image');
    if (!summary || !summary.textContent.trim()) problems.push(chart.id + ': no summary');
    if (!(chart.getAttribute('aria-label') || '').includes(summary && summary.textContent.trim()))
      problems.push(chart.id + ': its name leaves out the summary');
    if (!card.querySelector('table.data tbody tr')) problems.push(chart.id + ': no data table');
  });
  document.querySelectorAll('.rag, .badge').forEach((mark) => {
    if (!mark.textContent.trim()) problems.push('a colour without its word: ' + mark.className);
  });
  return problems;
}"""


def _visit(page, axe, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    page_ready(page)
    axe.check_now(page)
    assert page.evaluate(BEYOND_AXE) == [], url


@pytest.mark.parametrize("role", [BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN])
def test_every_page_a_role_can_open_has_no_axe_violations(
    live_server, page, axe, make_user, dashboard_data, role
):
    user = make_user(role)
    if role == ADMIN:
        user.is_staff = True
        user.save()
    browser_login(page, live_server.url, user.username, TEST_PASSWORD)
    urls = _site_pages(role) + _strategy_pages(role)
    assert len(urls) > 10
    for url in urls:
        _visit(page, axe, live_server.url + url)
    assert not axe.found, axe.report()


def test_the_pages_of_people_without_access_have_no_axe_violations(
    live_server, page, axe, make_user, reference
):
    _visit(page, axe, f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.click("main button[type=submit]")  # the form again, with its error
    page_ready(page)
    axe.check_now(page)
    browser_login(page, live_server.url, make_user(None).username, TEST_PASSWORD)
    _visit(page, axe, f"{live_server.url}/")  # no role yet
    page.context.clear_cookies()
    browser_login(page, live_server.url, make_user(BOARD_MEMBER).username, TEST_PASSWORD)
    _visit(page, axe, f"{live_server.url}/imports/")  # refused
    _visit(page, axe, f"{live_server.url}/no-such-page/")  # not found
    assert not axe.found, axe.report()
