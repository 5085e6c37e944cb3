"""Every route of the workspace × every kind of user, with the answer each must get. The routes
come from the URL resolver: a new route without an entry here fails the suite."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from strategy.models import Action, PartnerOrganisation, Priority, Strategy
from tests.factories.api import NO_ROLE
from tests.factories.permissions import STRATEGY_ANONYMOUS as ANONYMOUS
from tests.factories.permissions import STRATEGY_MATRIX as MATRIX
from tests.factories.permissions import USERS

# The demo strategy (with the other objects of the permission matrices), once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("permission_objects_shared")]


def test_every_strategy_route_is_in_the_matrix():
    names = {
        name
        for name in get_resolver().namespace_dict["strategy"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(MATRIX)


def _args(name: str) -> list[int]:
    if name.startswith("action-") and name != "action-new" or name == "action":
        return [Action.objects.first().pk]
    if name == "partner-edit":
        return [PartnerOrganisation.objects.first().pk]
    if name == "priority-edit":
        return [Priority.objects.first().pk]
    if name == "strategy-edit":
        return [Strategy.objects.first().pk]
    return []


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_user_gets_the_answer_of_the_matrix(client, make_user, permission_objects, user, name):
    if user != ANONYMOUS:
        client.force_login(make_user(None if user == NO_ROLE else user))
    method, allowed = MATRIX[name]
    url = reverse(f"strategy:{name}", args=_args(name))
    if method == "POST":
        action = Action.objects.first()
        response = client.post(
            url, {"status": action.status, "progress": action.progress, "note": "Checked"}
        )
        ok = 302
    else:
        response = client.get(url)
        ok = 200
    if user == ANONYMOUS:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif user in allowed:
        assert response.status_code == ok
    else:
        assert response.status_code == 403
