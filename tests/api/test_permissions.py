"""Every API route × anonymous, no role and each role, by token: the answer each must get.
The route names join the site's permission matrix (a new route without an entry fails)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mkviolence.roles import ADMIN, COORDINATOR
from tests.factories import ANON, NO_ROLE, json_of
from tests.factories.permissions import (
    API_MATRIX as MATRIX,
)
from tests.factories.permissions import (
    API_WRITERS as WRITERS,
)
from tests.factories.permissions import (
    DATA_ROLES,
    ROLES,
    SUBSCRIBERS,
    USERS,
    _answers,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("permission_objects_shared")]
# Writes: the same routes, by method.
WRITES = [
    ("api:import-list", "POST", [], {}, _answers(400, DATA_ROLES)),  # no file: 400, not 403
    (
        "api:partner-list",
        "POST",
        [],
        {"name": "New partner {role}", "sector": "health"},
        _answers(201, WRITERS),
    ),
    (
        "api:partner-detail",
        "PATCH",
        ["partner"],
        {"contact_name": "A. Person"},
        _answers(200, WRITERS),
    ),
    (
        "api:priority-list",
        "POST",
        [],
        {"strategy": "strategy", "title": "New {role}"},
        _answers(201, WRITERS),
    ),
    ("api:action-detail", "PATCH", ["action"], {"owner": "Someone {role}"}, _answers(200, WRITERS)),
    (
        "api:alert-subscription-list",
        "POST",
        [],
        {
            "measure": "knife-crime",
            "area": "E06000042",
            "threshold_figure": "rate",
            "threshold_value": 15,
        },
        _answers(201, SUBSCRIBERS),
    ),
    (
        "api:alert-subscription-detail",
        "DELETE",
        ["subscription"],
        {},
        _answers(404, SUBSCRIBERS),
    ),
    (
        "api:action-updates",
        "POST",
        ["action"],
        {"status": "on-track", "progress": 55, "note": "Going well {role}"},
        _answers(201, WRITERS),
    ),
    (
        "api:action-detail",
        "DELETE",
        ["action"],
        {},
        {ANON: 401, NO_ROLE: 403, **{r: (405 if r == ADMIN else 403) for r in ROLES}},
    ),
]


@pytest.fixture
def objects(permission_objects):
    return permission_objects


def _url(name, args, objects):
    return reverse(name, args=[objects.get(a, a) for a in args])


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_user_gets_the_answer_of_the_matrix(api_client, objects, user, name):
    method, args, query, expected = MATRIX[name]
    response = api_client(user).get(_url(name, args, objects), query)
    assert response.status_code == expected[user], (name, user, response.content[:300])
    if response.status_code != 200 or name in ("api:docs", "api:schema"):
        return
    json_of(response)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: f"{w[1]} {w[0]}")
def test_each_user_may_write_only_what_their_role_allows(api_client, objects, user, write):
    name, method, args, body, expected = write
    body = {
        k: objects[v] if v in objects else v.format(role=user) if isinstance(v, str) else v
        for k, v in body.items()
    }
    client = api_client(user)
    kind = "multipart" if name == "api:import-list" else "json"
    response = getattr(client, method.lower())(_url(name, args, objects), body, format=kind)
    assert response.status_code == expected[user], (name, user, response.content[:300])
    if response.status_code >= 400:
        error = json_of(response)
        assert error["code"] and error["message"]


def test_a_token_request_needs_no_csrf_but_a_session_write_does(
    api_client, objects, client, make_user
):
    user = make_user(COORDINATOR)
    client.force_login(user)
    from rest_framework.test import APIClient

    session = APIClient(enforce_csrf_checks=True)
    session.force_login(user)
    refused = session.post(
        reverse("api:partner-list"), {"name": "X", "sector": "health"}, format="json"
    )
    assert refused.status_code == 403 and json_of(refused)["code"] == "permission_denied"
    assert session.get(reverse("api:partner-list")).status_code == 200
