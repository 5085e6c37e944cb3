"""API tokens: issued by command, shown once, stored hashed, revocable, with a last use."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import api_token_check
from audit.models import SecurityEvent
from mkviolence.roles import ANALYST, BOARD_MEMBER

pytestmark = pytest.mark.django_db


def _create(username: str) -> str:
    out = StringIO()
    call_command("api_token", "create", username, "--name", "R scripts", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def _get(token: str, url: str = "/api/v1/measures/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(url)


def test_a_token_is_printed_once_and_stored_only_as_a_hash(make_user):
    make_user(ANALYST, username="annie")
    token = _create("annie")
    assert token.startswith("mkv_")
    row = ApiToken.objects.get(user__username="annie")
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get(pk=row.pk))
    assert token not in stored and token.split("_", 2)[2] not in stored
    assert row.name == "R scripts" and row.last_used_at is None
    assert _get(token).status_code == 200
    assert api_token_check(token).pk == row.pk
    assert api_token_check(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_use_is_recorded_once_a_minute_and_logged(make_user):
    make_user(BOARD_MEMBER, username="bob")
    token = _create("bob")
    for _ in range(3):
        assert _get(token).status_code == 200
    row = ApiToken.objects.get(user__username="bob")
    assert row.last_used_at is not None
    events = SecurityEvent.objects.filter(kind="token_used", username="bob")
    assert events.count() == 1 and events.get().detail == {"token": row.prefix}
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now() - timedelta(hours=1))
    _get(token)
    assert events.count() == 2


def test_a_revoked_token_and_a_disabled_account_are_refused(make_user):
    user = make_user(ANALYST, username="rita")
    token = _create("rita")
    out = StringIO()
    call_command("api_token", "list", stdout=out)
    assert "rita" in out.getvalue() and "active" in out.getvalue() and token not in out.getvalue()
    call_command(
        "api_token", "revoke", token.split("_", 2)[0] + "_" + token.split("_")[1], stdout=StringIO()
    )
    refused = _get(token)
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
    assert refused["WWW-Authenticate"] == "Bearer"
    second = _create("rita")
    user.is_active = False
    user.save()
    assert _get(second).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Bearer mkv_nope_nope", "Bearer mkv__", "Token not-a-token"]
)
def test_malformed_tokens_get_401_json(db, header):
    response = APIClient().get("/api/v1/measures/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] in ("invalid_token", "authentication_failed")


def test_the_command_refuses_unknown_users_and_tokens(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("api_token", "create", "nobody")
    with pytest.raises(CommandError, match="No token"):
        call_command("api_token", "revoke", "mkv_00000000")


def test_throttling_is_per_token(make_user, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    old = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "api": "3/min"}
    try:
        make_user(ANALYST, username="t1")
        make_user(ANALYST, username="t2")
        first, second = _create("t1"), _create("t2")
        assert [_get(first).status_code for _ in range(4)] == [200, 200, 200, 429]
        throttled = _get(first)
        assert throttled.json()["code"] == "throttled" and "Retry-After" in throttled
        assert _get(second).status_code == 200  # another token has its own allowance
    finally:
        SimpleRateThrottle.THROTTLE_RATES = old
        cache.clear()


def test_an_unknown_api_address_is_json_not_html(api_client, db):
    response = api_client(ANALYST).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "There is nothing at this address."}
    assert reverse("api:measures") == "/api/v1/measures/"
