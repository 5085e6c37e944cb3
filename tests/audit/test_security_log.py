"""The security-event log: sign-ins and their failures, lock-outs, sign-outs, refusals and
downloads, each a row and a JSON line — who, what, when, where, and never a password."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.log_format import JsonLineFormatter, SecurityLogFileHandler
from audit.models import SecurityEvent
from mkviolence.roles import ADMIN, BOARD_MEMBER, COORDINATOR
from strategy.demo import strategy_demo_load
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "Wrong-Horse-Battery-Staple-7"


@pytest.fixture
def log_lines(tmp_path):
    """The JSON lines the security logger writes, through the file handler it is configured
    with in production."""
    path = tmp_path / "logs" / "security.jsonl"
    handler = SecurityLogFileHandler(str(path))
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("mkviolence.security")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in path.read_text().splitlines()]
    finally:
        logger.removeHandler(handler)
        handler.close()


def _sign_in(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9"
    )


def test_sign_in_failure_and_sign_out_are_logged_without_passwords(client, make_user, log_lines):
    make_user(BOARD_MEMBER, username="bella")
    _sign_in(client, "bella", WRONG)
    _sign_in(client, "bella", TEST_PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.9")
    events = list(SecurityEvent.objects.order_by("id").values_list("kind", "username", "ip"))
    assert events == [
        ("sign_in_failed", "bella", "203.0.113.9"),
        ("sign_in", "bella", "203.0.113.9"),
        ("sign_out", "bella", "203.0.113.9"),
    ]
    lines = log_lines()
    assert [line["event"] for line in lines] == ["sign_in_failed", "sign_in", "sign_out"]
    signed_in = lines[1]
    assert signed_in["user"] == "bella" and signed_in["role"] == BOARD_MEMBER
    assert signed_in["path"] == reverse("login") and signed_in["method"] == "POST"
    assert signed_in["time"].endswith("+00:00")  # UTC
    everything = json.dumps(lines) + json.dumps(list(SecurityEvent.objects.values()), default=str)
    assert WRONG not in everything and TEST_PASSWORD not in everything


def test_a_lock_out_is_logged(client, make_user, settings):
    make_user(BOARD_MEMBER, username="lenny")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "lenny", WRONG)
    response = _sign_in(client, "lenny", TEST_PASSWORD)
    assert response.status_code == 429
    kinds = list(SecurityEvent.objects.filter(username="lenny").values_list("kind", flat=True))
    assert "locked_out" in kinds and "sign_in" not in kinds


@pytest.mark.parametrize(
    ("role", "url"),
    [(None, "/"), (BOARD_MEMBER, "/imports/"), (COORDINATOR, "/api/v1/schema/?x=1")],
)
def test_refusals_are_logged(client, make_user, role, url):
    user = make_user(role)
    client.force_login(user)
    response = client.get(url)
    if url.startswith("/api/") and role == COORDINATOR:
        assert response.status_code == 200  # a coordinator may read the schema: no refusal
        assert not SecurityEvent.objects.filter(kind="refused").exists()
        return
    assert response.status_code == 403
    refused = SecurityEvent.objects.get(kind="refused")
    assert (refused.username, refused.path, refused.status) == (user.username, url, 403)


def test_exports_and_downloads_are_logged(client, make_user):
    strategy_demo_load(today=timezone.localdate())
    user = make_user(COORDINATOR)
    client.force_login(user)
    response = client.get(reverse("strategy:board") + "?export=csv")
    assert response.status_code == 200
    export = SecurityEvent.objects.get(kind="export")
    assert export.path == reverse("strategy:board") and export.detail == {
        "content_type": "text/csv"
    }
    client.get(reverse("strategy:board"))  # a page, not a download
    assert SecurityEvent.objects.filter(kind="export").count() == 1


def test_admins_see_both_logs_on_a_page(client, make_user):
    strategy_demo_load(today=timezone.localdate())
    client.force_login(make_user(COORDINATOR, username="cora"))
    client.get("/imports/")
    admin = make_user(ADMIN, username="ada")
    client.force_login(admin)
    page = client.get(reverse("audit:log")).content.decode()
    assert "Refused: GET /imports/" in page and "cora" in page
    assert "Action " in page  # the demo's actions, created outside any request
    filtered = client.get(reverse("audit:log"), {"user": "cora", "log": "security"})
    text = filtered.content.decode()
    assert "cora" in text and "Signed in" in text and "ada" not in text.split("<tbody>")[1]
    bad = client.get(reverse("audit:log"), {"since": "not a date"})
    assert bad.status_code == 400
