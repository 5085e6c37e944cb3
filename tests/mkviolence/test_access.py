"""Deny by default, sign-in throttling without office lock-out, Argon2 password hashing."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/measures/",
        "/measures/knife-crime/",
        "/map/",
        "/board-pack/",
        "/imports/",
        "/strategy/",
    ],
)
def test_a_user_without_a_role_sees_only_a_page_saying_so(client, make_user, path):
    client.force_login(make_user(None))
    response = client.get(path)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account has no role yet" in page
    assert "Overview" not in page and "Knife crime" not in page


def test_a_user_without_a_role_gets_json_from_the_api(client, make_user):
    client.force_login(make_user(None))
    response = client.get("/api/v1/schema/")
    assert response.status_code == 403 and response.json()["code"] == "no_role"


def test_a_user_without_a_role_can_still_sign_out(client, make_user):
    client.force_login(make_user(None))
    assert client.post(reverse("logout")).status_code == 302


def _sign_in(client, username: str, password: str, address: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_wrong_passwords_lock_that_user_from_that_address_only(client, make_user):
    victim, colleague = make_user("Analyst", "victim"), make_user("Analyst", "colleague")
    office = "192.0.2.10"
    for _ in range(4):
        assert _sign_in(client, victim.username, "wrong", office).status_code == 200
    assert _sign_in(client, victim.username, "wrong", office).status_code == 429  # the fifth
    locked = _sign_in(client, victim.username, TEST_PASSWORD, office)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # A colleague in the same office signs in; so does the victim from elsewhere.
    assert _sign_in(client, colleague.username, TEST_PASSWORD, office).status_code == 302
    client.logout()
    assert _sign_in(client, victim.username, TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_passwords_are_hashed_with_argon2():
    from mkviolence.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()  # needs argon2-cffi, installed from requirements.txt
    hashed = hasher.encode("correct horse", hasher.salt())
    assert hashed.startswith("argon2$") and hasher.verify("correct horse", hashed)


def test_sessions_expire():
    from mkviolence.settings import base

    assert base.SESSION_COOKIE_AGE <= 12 * 60 * 60 and base.SESSION_EXPIRE_AT_BROWSER_CLOSE
