"""Who may open what: every named route of the site, the API and the strategy workspace, with
the answer each kind of user must get (``tests/mkviolence/test_permission_matrix.py`` checks
that every route has an entry)."""

from __future__ import annotations

from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR

from .api import ANON, NO_ROLE

SIGNED_IN = [NO_ROLE, BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN]
ROLES = [BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN]
USERS = [ANON, *SIGNED_IN]
DATA_ROLES = [ANALYST, ADMIN]


# --- the site ---------------------------------------------------------------------------------


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
SITE_MATRIX = {
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
    "compare": ("GET", [], _page(ROLES)),
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


# --- the API (by token) ------------------------------------------------------------------------


def _answers(allowed: int, who: list[str], refused: int = 403) -> dict[str, int]:
    return {ANON: 401, NO_ROLE: 403, **{r: (allowed if r in who else refused) for r in ROLES}}


EVERY_ROLE = _answers(200, ROLES)
API_WRITERS = [COORDINATOR, ADMIN]
SUBSCRIBERS = [BOARD_MEMBER, COORDINATOR, ADMIN]

# name -> (method, URL arguments, query or body, expected status per user)
API_MATRIX = {
    "api:measures": ("GET", [], {}, EVERY_ROLE),
    "api:areas": ("GET", [], {"level": "ward"}, EVERY_ROLE),
    "api:figures": ("GET", [], {"measure": "robbery", "area": "E06000042"}, EVERY_ROLE),
    "api:incidents": ("GET", [], {}, _answers(200, DATA_ROLES)),
    # No figures are loaded: a period asked for is accepted and queued for its task (202).
    "api:hot-spots": (
        "GET",
        [],
        {"measure": "robbery", "from": "2019-01", "to": "2019-01"},
        _answers(202, DATA_ROLES),
    ),
    "api:comparisons": (
        "GET",
        [],
        {"measure": "robbery", "area": "E06000042", "month": "2019-01"},
        EVERY_ROLE,
    ),
    "api:import-list": ("GET", [], {}, _answers(200, DATA_ROLES)),
    "api:import-detail": ("GET", ["batch"], {}, _answers(200, DATA_ROLES)),
    "api:partner-list": ("GET", [], {}, EVERY_ROLE),
    "api:partner-detail": ("GET", ["partner"], {}, EVERY_ROLE),
    "api:strategy-list": ("GET", [], {}, EVERY_ROLE),
    "api:strategy-detail": ("GET", ["strategy"], {}, EVERY_ROLE),
    "api:priority-list": ("GET", [], {}, EVERY_ROLE),
    "api:priority-detail": ("GET", ["priority"], {}, EVERY_ROLE),
    "api:action-list": ("GET", [], {}, EVERY_ROLE),
    "api:action-detail": ("GET", ["action"], {}, EVERY_ROLE),
    "api:action-updates": ("GET", ["action"], {}, EVERY_ROLE),
    "api:alert-subscription-list": ("GET", [], {}, _answers(200, SUBSCRIBERS)),
    # Someone else's: not found, whoever asks.
    "api:alert-subscription-detail": ("GET", ["subscription"], {}, _answers(404, SUBSCRIBERS)),
    "api:schema": ("GET", [], {}, EVERY_ROLE),
    "api:docs": ("GET", [], {}, EVERY_ROLE),
}


# --- the strategy workspace ---------------------------------------------------------------------
STRATEGY_ANONYMOUS = ANON
STRATEGY_READERS = {BOARD_MEMBER, ANALYST, COORDINATOR, ADMIN}
STRATEGY_WRITERS = {COORDINATOR, ADMIN}
# route name -> (method, who gets 200 (GET) or a redirect after a valid POST)
STRATEGY_MATRIX = {
    "board": ("GET", STRATEGY_READERS),
    "action": ("GET", STRATEGY_READERS),
    "action-new": ("GET", STRATEGY_WRITERS),
    "action-edit": ("GET", STRATEGY_WRITERS),
    "action-update": ("POST", STRATEGY_WRITERS),
    "meetings": ("GET", STRATEGY_READERS),
    "import": ("GET", STRATEGY_WRITERS),
    "partners": ("GET", STRATEGY_READERS),
    "partner-edit": ("GET", STRATEGY_READERS),
    "priority-new": ("GET", STRATEGY_WRITERS),
    "priority-edit": ("GET", STRATEGY_WRITERS),
    "strategies": ("GET", STRATEGY_READERS),
    "strategy-edit": ("GET", STRATEGY_READERS),
}
