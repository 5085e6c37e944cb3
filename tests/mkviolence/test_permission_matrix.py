"""Every named route of the site × every kind of user, with the answer each must get. The routes
come from the URL resolver: a route added without an entry here (or in the strategy matrix)
fails the suite. Admin pages beyond the index are Django's own and need a staff account."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incidents.services import import_batch_create
from tests.factories import API_MATRIX, STRATEGY_MATRIX, TV_2019_01
from tests.factories.api import ANON, NO_ROLE
from tests.factories.permissions import SITE_MATRIX as MATRIX
from tests.factories.permissions import USERS

pytestmark = pytest.mark.django_db


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
