"""Board pages replayed from memory (dashboard/replay.py): the same reader asking again gets the
page from one query, and anything the page depends on, changed, is seen at once: sign-out,
expiry, a new password, a role taken away or given, a deactivated account, a new recompute, the
demo data, the language, a message waiting. Forms in a replayed page carry a working CSRF token,
masked afresh; downloads and the embeddable chart are never replayed."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import INFO
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from dashboard.figures.generation import generation_bump
from incidents.models import ImportBatch
from incidents.synthetic import SYNTHETIC_PREFIX
from mkviolence.roles import ANALYST, BOARD_MEMBER

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
BANNER = "Synthetic demo data."


@pytest.fixture
def reader(make_user, reference):
    user = make_user(BOARD_MEMBER, username="reader-one")
    user.first_name, user.last_name = "Rhian", "Reader"
    user.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.user = user  # type: ignore[attr-defined]
    return client


def warm(client: Client, path: str = "/", **headers: str) -> Any:
    """The first request tells the replay whose session it is, the second is kept."""
    for _ in range(2):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
    return response


def replayed(client, path, django_assert_num_queries, **headers):
    with django_assert_num_queries(1):  # the state query, nothing else
        return client.get(path, headers=headers)


def tokens(response: Any) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def without_tokens(response: Any) -> str:
    return TOKEN.sub("", response.content.decode())


@pytest.mark.parametrize(
    "path", ["/", "/measures/", "/measures/knife-crime/", "/map/", "/board-pack/?period=24"]
)
def test_a_page_asked_for_again_is_replayed_from_one_query_as_it_was_served(
    reader, path, django_assert_num_queries
):
    served = warm(reader, path)
    again = replayed(reader, path, django_assert_num_queries)
    assert again.status_code == 200
    assert without_tokens(again) == without_tokens(served)
    assert "Rhian Reader" in again.content.decode()
    for header in (
        "Content-Type",
        "Content-Language",
        "Vary",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Cache-Control",
        "Referrer-Policy",
    ):
        assert again.get(header) == served.get(header), header
    assert int(again["Content-Length"]) == len(again.content)
    # The forms' token is masked afresh for each answer, as Django masks it.
    assert len(tokens(served)) == len(tokens(again)) == 1
    assert tokens(again) != tokens(served)


def test_the_token_in_a_replayed_page_is_accepted_and_a_made_up_one_is_not(
    reader, django_assert_num_queries
):
    warm(reader)
    (token,) = tokens(replayed(reader, "/", django_assert_num_queries))
    url = reverse("set-language")
    refused = reader.post(url, {"language": "cy", "next": "/", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    switched = reader.post(url, {"language": "cy", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    # The language is part of what is replayed: the next page is Welsh, not the English kept.
    assert 'lang="cy"' in reader.get("/").content.decode()


def test_a_page_is_compressed_when_replayed_as_when_served(reader, django_assert_num_queries):
    """Kept compressed, only the token compressed per answer: the same page, about the same
    size, the same Vary, and a random-length header filename against BREACH, as Django's."""
    served = warm(reader, "/", accept_encoding="gzip")
    answers = [
        replayed(reader, "/", django_assert_num_queries, accept_encoding="gzip") for _ in range(8)
    ]
    expected = TOKEN.sub("", gzip.decompress(served.content).decode())
    for again in answers:
        assert again["Content-Encoding"] == served["Content-Encoding"] == "gzip"
        assert again["Vary"] == served["Vary"] and "Accept-Encoding" in again["Vary"]
        assert TOKEN.sub("", gzip.decompress(again.content).decode()) == expected
        assert int(again["Content-Length"]) == len(again.content)
        assert again.content[3] & gzip.FNAME
        assert len(again.content) < len(served.content) * 1.1 + 100
    assert len({len(a.content) for a in answers}) > 1  # padded at random
    plain = reader.get("/")  # a client that does not take gzip gets the page as it is
    assert "Content-Encoding" not in plain and TOKEN.sub("", plain.content.decode()) == expected


def old_session_cookie(client: Client) -> str:
    return client.cookies["sessionid"].value


def test_a_session_signed_out_is_not_replayed_even_with_its_old_cookie(reader):
    warm(reader)
    cookie = old_session_cookie(reader)
    (token,) = tokens(reader.get("/"))
    assert reader.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    reader.cookies["sessionid"] = cookie
    response = reader.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("change", ["deleted", "expired", "new password", "deactivated"])
def test_a_session_that_no_longer_signs_in_is_not_replayed(reader, change):
    warm(reader)
    user = reader.user
    if change == "deleted":  # signed out elsewhere, or by an administrator
        Session.objects.all().delete()
    elif change == "expired":
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    elif change == "new password":  # every other session of the user ends
        user.set_password("another-long-passphrase-2026")
        user.save()
    else:
        user.is_active = False
        user.save()
    response = reader.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_role_taken_away_is_seen_at_once(reader):
    warm(reader)
    reader.user.groups.clear()
    response = reader.get("/")
    assert response.status_code == 403
    assert "Imports" not in response.content.decode()


def test_a_role_given_changes_the_navigation_at_once(reader):
    imports = reverse("incidents:import-list")
    assert imports not in warm(reader).content.decode()
    reader.user.groups.add(Group.objects.get(name=ANALYST))
    assert imports in reader.get("/").content.decode()


def test_a_permission_given_to_the_role_is_seen_at_once(reader):
    from django.contrib.auth.models import Permission

    audit = reverse("audit:log")
    assert audit not in warm(reader).content.decode()
    Group.objects.get(name=BOARD_MEMBER).permissions.add(
        Permission.objects.get(codename="view_securityevent")
    )
    assert audit in reader.get("/").content.decode()


def test_a_new_recompute_is_served_at_once(reader, django_assert_num_queries):
    warm(reader)
    with transaction.atomic():  # as a recompute moves it on
        generation_bump()
    with pytest.raises(pytest.fail.Exception):  # rendered again: more than the one query
        with django_assert_num_queries(1):
            reader.get("/")
    replayed(reader, "/", django_assert_num_queries)  # and kept for the new recompute


def test_the_demo_data_banner_appears_at_once(reader):
    assert BANNER not in warm(reader).content.decode()
    ImportBatch.objects.create(
        file_name=f"{SYNTHETIC_PREFIX}partnership.csv",
        sha256="0" * 64,
        status=ImportBatch.Status.DONE,
    )
    assert BANNER in reader.get("/").content.decode()


def test_a_message_waiting_is_shown_not_replayed(reader):
    warm(reader)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(INFO, "Action 3 saved.")
    carrier = HttpResponse()
    storage.update(carrier)
    reader.cookies["messages"] = carrier.cookies["messages"].value
    assert "Action 3 saved." in reader.get("/").content.decode()


def test_readers_never_get_each_others_pages(reader, make_user, django_assert_num_queries):
    warm(reader)
    other = Client()
    analyst = make_user(ANALYST, username="another-reader")
    other.force_login(analyst)
    page = warm(other).content.decode()
    assert "another-reader" in page and "Rhian Reader" not in page
    assert reverse("incidents:import-list") in page
    assert "Rhian Reader" in replayed(reader, "/", django_assert_num_queries).content.decode()


def test_the_embedded_chart_keeps_its_framing_policy(reader):
    for _ in range(3):
        response = reader.get(reverse("measure-embed", args=["knife-crime"]))
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_downloads_are_never_replayed_so_each_is_audited(reader, dashboard_data):
    path = "/?export=trend"
    before = SecurityEvent.objects.filter(kind="export").count()
    for _ in range(3):
        response = reader.get(path)
        assert response["Content-Type"].startswith("text/csv")
    assert SecurityEvent.objects.filter(kind="export").count() == before + 3


def test_pages_that_are_never_replayed_are_not_asked_the_state_query(client, make_user, reference):
    """The import list, an import's progress and the API: no extra query for the replay."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(ANALYST))
    warm(client)  # the reader's session is known
    for path in (reverse("incidents:import-list"), "/api/v1/areas/", "/measures/knife-crime/"):
        for visit in (1, 2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            asked = [q for q in queries if "ARRAY(SELECT" in q["sql"]]
            # A page's path is asked about once it is known to be replayable; others never.
            assert len(asked) == (visit == 2 and path.startswith("/measures/")), path
