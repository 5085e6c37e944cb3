"""Every named route of the site × every kind of user, with the answer each must get. The routes
come from the URL resolver: a route added without an entry here (or in the strategy matrix)
fails the suite. Admin pages beyond the index are Django's own and need a staff account."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incidents.services import import_batch_create
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from tests.api.test_permissions import MATRIX as API_MATRIX
from tests.incidents.conftest import TV_2019_01
from tests.strategy.test_permissions import MATRIX as STRATEGY_MATRIX

pytestmark = pytest.mark.django_db
ANON, NO_ROLE = "anonymous", "no role"
USERS = [ANON, NO_ROLE, BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN]
ROLES = [BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN]
SIGNED_IN = [NO_ROLE, *ROLES]
DATA_ROLES = [ANALYST, ADMIN]


def _every(code: int, users: list[str]) -> dict[str, int]:
    return dict.fromkeys(users, code)


def _page(allowed: list[str]) -> dict[str, int]:
    """A page behind sign-in: anonymous to sign in, the allowed roles 200, the rest 403."""
    return {
        ANON: 302,
        **_every(403, [u for u in SIGNED_IN if u not in allowed]),
        **_every(200, allowed),
    }


# name -> (method, URL arguments, expected status per user)
MATRIX = {
    "healthz": ("GET", [], _every(200, USERS)),
    "login": ("GET", [], {ANON: 200, **_every(302, SIGNED_IN)}),
    "logout": ("POST", [], _every(302, USERS)),
    "set-language": ("POST", [], _every(302, USERS)),
    "admin-login-redirect": ("GET", [], {ANON: 302, **_every(403, SIGNED_IN)}),
    "home": ("GET", [], _page(ROLES)),
    "measure-index": ("GET", [], _page(ROLES)),
    "measure": ("GET", ["knife-crime"], _page(ROLES)),
    "measure-embed": ("GET", ["knife-crime"], _page(ROLES)),
    "map": ("GET", [], _page(ROLES)),
    "hot-spots": ("GET", [], _page(ROLES)),
    # Every role passes the role check; with no figures loaded there is no layer to download.
    "hot-spots-geojson": ("GET", [], {ANON: 302, **_every(403, [NO_ROLE]), **_every(404, ROLES)}),
    "hot-spot-places": ("GET", [], _page(ROLES)),
    "board-pack": ("GET", [], _page(ROLES)),
    "incidents:import-list": ("GET", [], _page(DATA_ROLES)),
    "incidents:coverage": ("GET", [], _page(DATA_ROLES)),
    "incidents:import-detail": ("GET", ["batch"], _page(DATA_ROLES)),
    "incidents:import-status": ("GET", ["batch"], _page(DATA_ROLES)),
    "incidents:import-errors-csv": ("GET", ["batch"], _page(DATA_ROLES)),
    "incidents:template": ("GET", ["partnership-incident-template.csv"], _page(DATA_ROLES)),
    "incidents:policeuk": ("GET", [], _page(DATA_ROLES)),
    "incidents:policeuk-check": (
        "POST",
        [],
        {ANON: 302, NO_ROLE: 403, BOARD_MEMBER: 403, COORDINATOR: 403, ANALYST: 302, ADMIN: 302},
    ),
    "audit:log": ("GET", [], _page([ADMIN])),
    "alerts:list": ("GET", [], _page(ROLES)),
    # An empty form: refused as not valid (400) to those who may subscribe.
    "alerts:subscribe": (
        "POST",
        [],
        {ANON: 302, NO_ROLE: 403, ANALYST: 403, BOARD_MEMBER: 400, COORDINATOR: 400, ADMIN: 400},
    ),
    # Nobody's subscription: not found for those who may remove their own.
    "alerts:unsubscribe": (
        "POST",
        [999_999],
        {ANON: 302, NO_ROLE: 403, ANALYST: 403, BOARD_MEMBER: 404, COORDINATOR: 404, ADMIN: 404},
    ),
    "alerts:board-pack": (
        "POST",
        [],
        {ANON: 302, NO_ROLE: 403, ANALYST: 403, BOARD_MEMBER: 403, COORDINATOR: 400, ADMIN: 400},
    ),
    "incidents:import-retry": (
        "POST",
        ["batch"],
        {ANON: 302, NO_ROLE: 403, BOARD_MEMBER: 403, COORDINATOR: 403, ANALYST: 302, ADMIN: 302},
    ),
    "incidents:population-upload": (
        "POST",
        [],
        {ANON: 302, NO_ROLE: 403, BOARD_MEMBER: 403, COORDINATOR: 403, ANALYST: 302, ADMIN: 302},
    ),
}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    found = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found |= _names(entry, space)
        elif isinstance(entry, URLPattern) and entry.name:
            found.add(prefix + entry.name)
    return found


def test_every_route_is_in_a_matrix():
    strategy = {f"strategy:{name}" for name in STRATEGY_MATRIX}
    assert _names(get_resolver()) == set(MATRIX) | strategy | set(API_MATRIX)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_user_gets_the_answer_of_the_matrix(client, make_user, reference, user, name):
    if user != ANON:
        client.force_login(make_user(None if user == NO_ROLE else user))
    method, args, expected = MATRIX[name]
    if "batch" in args:
        batch = import_batch_create(path=TV_2019_01)
        args = [batch.pk if a == "batch" else a for a in args]
    url = reverse(name, args=args)
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == expected[user], (name, user)
