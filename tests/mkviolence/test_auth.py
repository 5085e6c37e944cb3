"""Sign-in, sign-out and the rule that every page needs a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR, ROLES
from tests.factories import TEST_PASSWORD

# The only URLs an anonymous visitor may reach.
# The language switch is public too: the sign-in page offers Welsh (a GET just redirects).
PUBLIC_URL_NAMES = {"login", "healthz", "admin-login-redirect", "set-language"}

SAMPLE_ARGS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _all_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every (name, example path) the site routes, with sample values for path converters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _all_urls(entry, route)
        elif isinstance(entry, URLPattern):
            yield entry.name or route, _example_path(route)


def _example_path(route: str) -> str:
    import re

    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\/", "/")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex groups (admin, API router)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    return "/" + route


def test_the_site_has_urls_to_check() -> None:
    names = {name for name, _ in _all_urls()}
    assert {"home", "login", "logout", "healthz", "schema"} <= names


@pytest.mark.django_db
def test_anonymous_requests_to_every_non_public_url_are_redirected_to_login(client) -> None:
    login_path = reverse(settings.LOGIN_URL)
    checked = 0
    for name, path in _all_urls():
        if name in PUBLIC_URL_NAMES:
            continue
        response = client.get(path)
        if path.startswith("/api/"):  # the API answers anonymous callers 401 JSON, not a redirect
            assert response.status_code == 401, f"{name} ({path}) answered {response.status_code}"
            assert response.json()["code"] == "not_authenticated"
            checked += 1
            continue
        assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
        location = response["Location"]
        if location.startswith("/admin/login/"):  # the admin's own login URL forwards to ours
            response = client.get(location)
            assert response.status_code == 302
            location = response["Location"]
        assert location.startswith(login_path), f"{name} ({path}) -> {location}"
        checked += 1
    assert checked > 10


@pytest.mark.django_db
def test_the_login_page_is_public_and_has_a_form(client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_can_sign_in_and_reach_the_home_page(client, make_user, role) -> None:
    user = make_user(role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.status_code == 200
    assert role.encode() in response.content  # the role badge in the header


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client, make_user) -> None:
    user = make_user(BOARD_MEMBER)
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_ends_the_session(client, make_user) -> None:
    client.force_login(make_user(ANALYST))
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_only_admins_see_the_users_and_roles_link(client, make_user) -> None:
    for role in (BOARD_MEMBER, ANALYST, COORDINATOR):
        client.force_login(make_user(role))
        assert b"Users and roles" not in client.get(reverse("home")).content
    admin = make_user(ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert b"Users and roles" in client.get(reverse("home")).content


@pytest.mark.django_db
def test_a_board_member_cannot_open_the_admin_site(client, make_user) -> None:
    client.force_login(make_user(BOARD_MEMBER))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]
