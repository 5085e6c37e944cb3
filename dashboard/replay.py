"""Board pages replayed from memory: a signed-in reader asking again for a page the whole stack
has just served them gets the same bytes back, without Django's middleware, context processors
or templates (issue 14: a cached page cost ten static files).

What the page depends on is checked on every request, in one SQL query: the session still
exists, has not expired and still signs in the same user with the same password; the user is
still active with the same groups, permissions and name; the latest recompute and the demo-data
banner are unchanged. The page is then the one rendered for exactly that state, language and
URL, so a role taken away, a sign-out, a new recompute or a new password is seen at once. The
only per-request part of the page, the CSRF token in its forms, is freshly masked as Django
does; the CSRF cookie is set as Django sets it. Pages leave memory when the page content they
were rendered from would (``replayable``), and only the views that mark their response are
replayed: never a download, a form's answer, a page with a message, or anything but a GET.
"""

from __future__ import annotations

import functools
import gzip
import re
import secrets
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_request

from .memo import ProcessMemo

DB_SESSIONS = "django.contrib.sessions.backends.db"
# Django's form token: 64 letters and digits, masked afresh for each response.
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')

# Which user each session signs in (a session's key changes whenever someone signs in), so the
# state can be read in one query; a hint only: the session's own data is checked every time.
_SESSION_USERS = ProcessMemo(size=4096, seconds=settings.SESSION_COOKIE_AGE)
_REPLAYS = ProcessMemo(size=512, seconds=0)  # every entry says until when
# The paths of pages a view has marked replayable (each measure's page is one): a bound set.
_REPLAYABLE_PATHS: set[str] = set()
_REPLAYABLE_PATHS_MAX = 1024


class _State(NamedTuple):
    """What a page depends on besides its URL and language."""

    principal: tuple[Any, ...]  # the user's flags, names, groups and permissions
    generation: int  # the latest recompute
    demo_data: bool  # whether every page says the demo data is loaded


@dataclass(frozen=True)
class _Replay:
    state: _State  # when it was rendered
    parts: tuple[bytes, ...]  # the page, split where its CSRF token goes
    deflated: tuple[bytes, ...]  # each part compressed on its own (``_deflated``)
    headers: tuple[tuple[str, str], ...]

    def body(self, token: bytes) -> bytes:
        return token.join(self.parts)

    def gzipped(self, token: bytes) -> bytes:
        """The page as GZipMiddleware would send it, without compressing it again: the parts
        were compressed when kept, only the token is compressed now. The header carries a
        filename of random length, as Django's does against BREACH."""
        crc = zlib.crc32(self.parts[0])
        for part in self.parts[1:]:
            crc = zlib.crc32(part, zlib.crc32(token, crc))
        size = sum(map(len, self.parts)) + len(token) * (len(self.parts) - 1)
        header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00" * 5 + b"\xff"
        padding = b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes) + b"\x00"
        between = _deflated(token)
        stream = between.join(self.deflated) + _LAST_BLOCK
        return header + padding + stream + struct.pack("<II", crc, size & 0xFFFFFFFF)


_LAST_BLOCK = b"\x03\x00"  # an empty final block: ends a run of ``_deflated`` pieces


def _deflated(data: bytes) -> bytes:
    """``data`` as raw deflate blocks that end on a byte boundary and refer to nothing before
    them (a full flush), so any run of such pieces, then ``_LAST_BLOCK``, is one deflate stream."""
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return squeeze.compress(data) + squeeze.flush(zlib.Z_FULL_FLUSH)


def replayable(response: HttpResponse, *, until: float, generation: int) -> None:
    """Mark a page the same user may be served again from memory until ``until``
    (``time.monotonic()``), while the latest recompute is still ``generation``."""
    response.replay_until = until  # type: ignore[attr-defined]
    response.replay_generation = generation  # type: ignore[attr-defined]


def replays_clear() -> None:
    _SESSION_USERS.clear()
    _REPLAYS.clear()
    _REPLAYABLE_PATHS.clear()


class PageReplayMiddleware:
    """Placed before the session, locale, CSRF and authentication middleware, which a replay
    skips, and after GZip, which leaves a replay it has compressed itself alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if settings.SESSION_ENGINE != DB_SESSIONS:
            raise MiddlewareNotUsed("pages are replayed only with sessions in the database")
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if request.method != "GET" or not session_key or "messages" in request.COOKIES:
            return self.get_response(request)
        user_id = _SESSION_USERS.get(session_key)
        known = user_id is not None and request.path in _REPLAYABLE_PATHS
        state = _state(session_key, user_id) if known else None
        if state is None:  # not known yet, or no longer valid: the whole stack decides
            response = self.get_response(request)
            _learn(request, response, session_key)
            return response
        key = (user_id, get_language_from_request(request), request.get_full_path())
        replay = _REPLAYS.get(key)
        if replay is not None and replay.state == state:
            return self._replay(request, replay)
        response = self.get_response(request)
        _keep(request, response, key, state)
        return response

    def _replay(self, request: HttpRequest, replay: _Replay) -> HttpResponse:
        self.csrf.process_request(request)  # reads the CSRF cookie (or makes one)
        token = get_token(request).encode()
        response = HttpResponse(headers=dict(replay.headers))
        patch_vary_headers(response, ("Accept-Encoding",))  # as GZipMiddleware would
        if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = replay.gzipped(token)
            response["Content-Encoding"] = "gzip"  # so GZipMiddleware leaves it be
        else:
            response.content = replay.body(token)
        response["Content-Length"] = str(len(response.content))
        return self.csrf.process_response(request, response)  # type: ignore[return-value]


def _learn(request: HttpRequest, response: HttpResponse, session_key: str) -> None:
    """Remember whose session this is, and whether this path is a page that may be replayed
    (other paths, the API or an import's progress, say, are never asked the state query)."""
    if getattr(response, "replay_until", None) is None:
        return
    if len(_REPLAYABLE_PATHS) < _REPLAYABLE_PATHS_MAX:
        _REPLAYABLE_PATHS.add(request.path)
    user, session = getattr(request, "user", None), getattr(request, "session", None)
    if user is not None and user.is_authenticated and session is not None:
        if session.session_key == session_key:
            _SESSION_USERS.put(session_key, user.pk)


def _keep(
    request: HttpRequest, response: HttpResponse, key: tuple[Any, ...], state: _State
) -> None:
    """Hold a page the whole stack rendered for exactly ``state``, if its view allows."""
    until = getattr(response, "replay_until", None)
    if (
        until is None
        or response.status_code != 200
        or response.streaming
        or getattr(response, "replay_generation", None) != state.generation
        or getattr(request.user, "pk", None) != key[0]
        or request.session.modified  # a message kept for the next page, say
        or "messages" in response.cookies
    ):
        return
    tokens = set(_TOKEN.findall(response.content))
    if len(tokens) > 1:
        return
    parts = tuple(response.content.split(tokens.pop())) if tokens else (response.content,)
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() != "content-length")
    replay = _Replay(state, parts, tuple(map(_deflated, parts)), headers)
    _REPLAYS.put(key, replay, until=until)


def _state(session_key: str, user_id: Any) -> _State | None:
    """What a page depends on, if the session still signs in ``user_id`` as Django's own
    check would (else None): groups, permissions, names, latest recompute, demo banner."""
    with connection.cursor() as cursor:
        sql, params = _state_query()
        cursor.execute(sql, [*params, user_id, session_key, timezone.now()])
        row = cursor.fetchone()
    if row is None:  # signed out, expired, or the user is gone
        return None
    session_data, password, is_active, *principal, generation, demo_data = row
    data = _session_store().decode(session_data)
    if (
        not is_active
        or "_messages" in data
        or data.get(SESSION_KEY) != str(user_id)
        or not _model_backend(data.get(BACKEND_SESSION_KEY, ""))
        or not constant_time_compare(data.get(HASH_SESSION_KEY, ""), _auth_hash(password))
    ):
        return None
    return _State(tuple(principal), generation, demo_data)


def _auth_hash(password: str) -> str:
    """The hash a session keeps of its user's password, as the user model makes it."""
    return str(get_user_model()(password=password).get_session_auth_hash())


@functools.cache
def _session_store() -> Any:
    return import_module(DB_SESSIONS).SessionStore()


@functools.cache
def _model_backend(path: str) -> bool:
    """Whether users of this backend are loaded as ModelBackend loads them (by id, if active)."""
    if path not in settings.AUTHENTICATION_BACKENDS:
        return False
    backend = import_string(path)
    return isinstance(backend, type) and getattr(backend, "get_user", None) is ModelBackend.get_user


@functools.cache
def _state_query() -> tuple[str, tuple[Any, ...]]:
    from incidents.selectors import synthetic_demo_batches

    from .figures.generation import generation_query

    generation, generation_params = generation_query()[:1].query.sql_with_params()
    demo, demo_params = synthetic_demo_batches().values("pk").query.sql_with_params()
    user = get_user_model()
    users, groups = user._meta.db_table, user.groups.through._meta.db_table
    user_perms = user.user_permissions.through._meta.db_table
    group_perms = Group.permissions.through._meta.db_table
    sql = f"""
        SELECT s.session_data, u.password, u.is_active,
               u.is_staff, u.is_superuser, u.username, u.first_name, u.last_name,
               ARRAY(SELECT g.group_id FROM {groups} g WHERE g.user_id = u.id ORDER BY 1),
               ARRAY(SELECT p.permission_id FROM {user_perms} p WHERE p.user_id = u.id
                     ORDER BY 1),
               ARRAY(SELECT p.permission_id FROM {group_perms} p
                     JOIN {groups} g ON g.group_id = p.group_id WHERE g.user_id = u.id
                     ORDER BY 1),
               COALESCE(({generation}), 0),
               EXISTS({demo})
        FROM {Session._meta.db_table} s JOIN {users} u ON u.id = %s
        WHERE s.session_key = %s AND s.expire_date > %s
    """  # noqa: S608 - table names from the models, values as parameters
    return sql, (*generation_params, *demo_params)
