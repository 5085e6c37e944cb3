"""Fixtures shared by the whole suite: users per role, a real Celery worker, a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from celery.signals import before_task_publish
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from mkviolence.celery import app as celery_app
from mkviolence.celery import ensure_broker_folders
from mkviolence.roles import roles_sync
from tests.factories import (
    ARTIFACTS,
    CHROMIUM,
    TEST_PASSWORD,
    database_url,
    start_worker,
    stop_worker,
)
from tests.factories.accessibility import AxeWatch
from tests.factories.private_postgres import private_server  # noqa: F401 - a fixture for any test

_WORKER_RUNNING: list[subprocess.Popen[bytes]] = []  # the session's worker, once started


# The suite runs in pytest-xdist processes with `--dist loadgroup`, scheduled in groups (below):
# a module's tests run in one process, so a module that shares data (``shared``) sets it up
# once, and the modules that read the national data set share a process, which builds it once.
# Each test of the modules in _ALONE_AND_FIRST is a group of its own (one is minutes long) and
# they go first, longest first, so that the processes finish together (from `--durations`;
# reorder when it changes).
_ALONE_AND_FIRST = (
    "tests/api/test_schemathesis.py",
    "tests/mkviolence/test_accessibility_browser.py",
    "tests/dashboard/test_recompute_worker.py",
    "tests/dashboard/test_no_record_level_data.py",
    "tests/dashboard/test_recompute_fault.py",
    "tests/alerts/test_alerts.py",
)
_NATIONAL_MODULES = (
    "tests/dashboard/test_compare_page.py",
    "tests/dashboard/test_national_figures.py",
    "tests/dashboard/test_compare_browser.py",
)


# Modules whose tests take seconds each (data sets of their own, many imports, generated
# files): with the modules above, marked `slow` and left out of `make test-fast`.
_SLOW_MODULES = (
    "tests/dashboard/test_attacker.py",
    "tests/dashboard/test_pages.py",
    "tests/dashboard/test_hotspots.py",
    "tests/incidents/test_policeuk_pull.py",
    "tests/dashboard/test_disclosure_ledger.py",
    "tests/incidents/test_reference_data.py",
    "tests/mkviolence/test_backup.py",
    "tests/incidents/test_national_reference.py",
    "tests/dashboard/test_breakdowns.py",
    "tests/dashboard/test_recompute.py",
    "tests/dashboard/test_generation.py",
)


def _module(nodeid: str) -> str:
    return nodeid.split("::")[0]


def _group(nodeid: str) -> str:
    """The group of tests a test runs with, in one process (from its id alone: the scheduler
    sees no more)."""
    module = _module(nodeid)
    if module in _ALONE_AND_FIRST:
        return nodeid
    return "national" if module in _NATIONAL_MODULES else module


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    # pytest-xdist's own loadgroup reads `xdist_group` marks through a node attribute that
    # pytest 9.2 no longer has; this scheduler groups by ``_group`` instead.
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)

    config.option.loadscopereorder = False  # collection order: the longest first
    return GroupScheduling(config, log)


class _LongestFirst:
    @pytest.hookimpl(trylast=True)  # after pytest-django's own order
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        def first(item: pytest.Item) -> int:
            module = _module(item.nodeid)
            if module in _ALONE_AND_FIRST:
                return _ALONE_AND_FIRST.index(module)
            return len(_ALONE_AND_FIRST)

        items.sort(key=first)  # stable: the rest keep their order


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_LongestFirst(), "mkviolence-longest-first")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by what it starts, from the fixtures it uses, so `make test-fast` can
    leave out every test that starts a browser, a Celery worker or a server (and the `slow`
    modules)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "page", "axe"}:
            item.add_marker(pytest.mark.browser)
        if "celery_worker_process" in names:
            item.add_marker(pytest.mark.worker)
        if "live_server" in names:
            item.add_marker(pytest.mark.server)
        if _module(item.nodeid) in (*_ALONE_AND_FIRST, *_NATIONAL_MODULES, *_SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
        if "national_year" in names and _group(item.nodeid) != "national":
            raise pytest.UsageError(
                f"{item.nodeid} reads the national data: list its module "
                "in _NATIONAL_MODULES (tests/conftest.py)"
            )


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: cached pages name rows an earlier test deleted."""
    from django.core.cache import cache

    from api.views import api_memos_clear
    from dashboard.views import page_memos_clear

    cache.clear()
    page_memos_clear()
    api_memos_clear()
    yield


@pytest.fixture
def unread_queue() -> Iterator[None]:
    """The tasks the test sends go to a queue no worker reads: for a test that runs the work
    itself, which the suite's worker would otherwise race for (outside the test's transaction)."""
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = f"unread-{uuid.uuid4().hex[:8]}"
    yield
    celery_app.conf.task_default_queue = default_queue


@pytest.fixture
def run_import() -> Callable[..., Any]:
    """Import a file on this machine synchronously, as the command line does."""
    from incidents.services import import_batch_create, import_batch_run

    def run(path: Path, **options: Any) -> Any:
        batch = import_batch_create(path=path, **options)
        result = import_batch_run(batch_id=batch.pk)
        assert result is not None
        return result

    return run


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """Create a user holding one of the roles ("Board member", "Analyst", ...)."""

    def make(role: str | None, username: str | None = None) -> Any:
        # Transactional tests flush the tables; put the role groups back when they are gone.
        if role and not Group.objects.filter(name=role).exists():
            roles_sync(group_model=Group, permission_model=Permission)
        user = get_user_model().objects.create_user(
            username=username or f"user-{uuid.uuid4().hex[:8]}", password=TEST_PASSWORD
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture(scope="session")
def test_database_url(django_db_setup: None, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return database_url()


@pytest.fixture(scope="session")
def celery_worker_process(
    test_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery worker` process on the test database and a queue of this session's own.

    Through the embedded filesystem broker by default, or the broker in CELERY_BROKER_URL.
    """
    queue = f"test-{uuid.uuid4().hex[:12]}"
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        shutil.rmtree(settings.CELERY_BROKER_DIR, ignore_errors=True)
        ensure_broker_folders()
    celery_app.conf.task_default_queue = queue
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    proc = start_worker(queue=queue, database_url=test_database_url, log_path=log_path)
    _WORKER_RUNNING.append(proc)
    try:
        yield proc
    finally:
        _WORKER_RUNNING.clear()
        stop_worker(proc)
        celery_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (`make test` installs it if missing)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; the ORM calls the tests make
    # beside it are still synchronous, so Django's async-safety guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"No Chromium at {CHROMIUM}: run `make browser` (see README).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def axe(browser: Any) -> Iterator[AxeWatch]:
    """The browser context every browser test uses, watched by axe-core (tests/accessibility.py):
    a page that breaks a WCAG A or AA rule fails the test that opened it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield AxeWatch(context)
    context.close()


@pytest.fixture
def page(axe: AxeWatch) -> Iterator[Any]:
    page = axe.context.new_page()
    yield page
    for open_page in axe.context.pages:
        axe.check_now(open_page)
    if axe.found:
        pytest.fail(f"axe-core found accessibility violations:\n{axe.report()}", pytrace=False)


@pytest.fixture
def screenshot(page: Any) -> Callable[[str], Path]:
    """Save a full-page screenshot under test-artifacts/ (kept for people to look at)."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


_TASKS_SENT = [0]  # tasks this process has sent (the suite's worker runs what it sends)


@before_task_publish.connect(weak=False)
def _count_task_sent(**_: Any) -> None:
    _TASKS_SENT[0] += 1


@pytest.fixture(autouse=True)
def _drain_worker(request: pytest.FixtureRequest) -> Iterator[None]:
    """While the suite's worker runs (it lives for the session once a test has started it),
    wait after each test that sent a task until the worker has run every task the test queued
    (an import queues a trend recompute, whether or not the test asked for the worker), so none
    runs while the test's database is flushed: a recompute writing during the flush deadlocks
    it. The worker runs one task at a time in queue order, so once a ping queued last has
    answered, everything before it has finished."""
    sent = _TASKS_SENT[0]
    yield
    if _WORKER_RUNNING and _TASKS_SENT[0] != sent:
        from mkviolence.tasks import worker_ping

        # Again twice: a task running when the first ping was queued may queue more (a
        # recompute queues its alerts and hot spots), and they run after that ping.
        for _ in range(3):
            worker_ping.delay().get(timeout=180, interval=0.02)


# --- data for the dashboards and the strategy pages -------------------------------------------
#
# Reference data and the larger data sets are built once a session (each xdist worker its own)
# and kept as database snapshots: the rows a build added, copied into a schema of their own.
# A test that asks for one gets the rows put back with INSERT ... SELECT (rolled back with the
# test, or flushed after a transactional one), in a fraction of the time the build takes. A
# session fixture is set up before any test's transaction opens, so the build commits.


@dataclass
class Snapshot:
    schema: str
    tables: list[str]  # tables with rows in the snapshot
    value: Any  # what the build returned


def _keyed_tables(cursor: Any) -> dict[str, str]:
    """Every ordinary table of the public schema with a one-column primary key, and that column."""
    cursor.execute(
        "SELECT c.relname, a.attname FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
        "WHERE i.indisprimary AND i.indnatts = 1 AND n.nspname = 'public' AND c.relkind = 'r'"
    )
    return dict(cursor.fetchall())


def _restore(cursor: Any, snapshot: Snapshot) -> None:
    # As a replica: no trigger fires, so foreign keys, history triggers and append-only guards
    # take the rows as they were (their history rows are in the snapshot too).
    cursor.execute("SET session_replication_role = replica")
    try:
        for table in snapshot.tables:
            cursor.execute(
                f'INSERT INTO public."{table}" SELECT * FROM {snapshot.schema}."{table}"'
            )
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")


def _snapshot(
    name: str, build: Callable[[], Any], bases: list[Snapshot], *, keep: bool = False
) -> Snapshot | None:
    """Run ``build`` on the base state plus ``bases``; keep the rows it added as a snapshot and
    put the database back to the base state (or, with ``keep``, leave them: they become part of
    the base state). None where the database user may not restore as a replica (not a
    superuser): the fixtures then build in each test."""
    from django.db import connection

    schema = f"test_snapshot_{name}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT usesuper FROM pg_user WHERE usename = current_user")
        if not cursor.fetchone()[0]:
            return None
        tables = _keyed_tables(cursor)
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
        for table, key in tables.items():
            cursor.execute(
                f'CREATE TABLE {schema}."base_{table}" AS SELECT "{key}" FROM public."{table}"'
            )
        for base in bases:
            _restore(cursor, base)
        for table, key in tables.items():
            cursor.execute(
                f'CREATE TABLE {schema}."before_{table}" AS SELECT "{key}" FROM public."{table}"'
            )
    value = build()
    kept = []
    with connection.cursor() as cursor:
        for table, key in tables.items():
            cursor.execute(
                f'CREATE TABLE {schema}."{table}" AS SELECT * FROM public."{table}" t '
                f'WHERE NOT EXISTS (SELECT 1 FROM {schema}."before_{table}" b '
                f'WHERE b."{key}" = t."{key}")'
            )
            if cursor.rowcount:
                kept.append(table)
            else:
                cursor.execute(f'DROP TABLE {schema}."{table}"')
        if keep:
            return Snapshot(schema, kept, value)
        cursor.execute("SET session_replication_role = replica")
        for table, key in tables.items():
            cursor.execute(
                f'DELETE FROM public."{table}" t WHERE NOT EXISTS (SELECT 1 FROM '
                f'{schema}."base_{table}" b WHERE b."{key}" = t."{key}")'
            )
        cursor.execute("SET session_replication_role = DEFAULT")
    return Snapshot(schema, kept, value)


def _put_back(request: pytest.FixtureRequest, snapshot: Snapshot | None) -> None:
    """Restore a snapshot into this test's database (once, whichever fixtures ask; not at all
    while its module keeps it committed)."""
    from django.db import connection

    restored = request.node.__dict__.setdefault("_snapshots_restored", set())
    if snapshot is None or snapshot.schema in restored or snapshot.schema in _COMMITTED:
        return
    restored.add(snapshot.schema)
    with connection.cursor() as cursor:
        _restore(cursor, snapshot)


# Snapshots a module keeps committed for all its tests (``shared``), by schema.
_COMMITTED: set[str] = set()


def shared(name: str, snapshot_fixture: str) -> Any:
    """A module fixture that commits a snapshot's rows before the module's first test and
    removes them after its last, so its tests (each in its own rolled-back transaction) read
    the rows without a copy each. For modules of read-only tests that all use the data: put
    ``pytest.mark.usefixtures(name)`` in the module's ``pytestmark``. A transactional test
    (whose flush would empty the tables) is refused in such a module."""

    @pytest.fixture(scope="module", name=name)
    def share(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
        snapshot = request.getfixturevalue(snapshot_fixture)
        if snapshot is None:
            yield
            return
        with django_db_blocker.unblock():
            emptied = _commit(snapshot)
        _COMMITTED.add(snapshot.schema)
        try:
            yield
        finally:
            _COMMITTED.discard(snapshot.schema)
            with django_db_blocker.unblock():
                _uncommit(snapshot, emptied)

    return share


def _commit(snapshot: Snapshot) -> list[str]:
    """Put the snapshot's rows back, committed; return its tables that were empty before."""
    from django.db import connection

    with connection.cursor() as cursor:
        emptied = []
        for table in snapshot.tables:
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM public."{table}")')
            if not cursor.fetchone()[0]:
                emptied.append(table)
        _restore(cursor, snapshot)
    return emptied


def _uncommit(snapshot: Snapshot, emptied: list[str]) -> None:
    """Remove the rows ``_commit`` put back: tables it filled are emptied at once, the rest
    lose the snapshot's rows by key."""
    from django.db import connection
    from django.db.utils import DatabaseError

    with connection.cursor() as cursor:
        keys = _keyed_tables(cursor)
        rest = [t for t in snapshot.tables if t not in emptied]
        cursor.execute("SET session_replication_role = replica")  # no guard, no history
        if emptied:
            # TRUNCATE waits for every other session to leave the tables (the worker's, the
            # live server's); rather than wait, delete by key.
            cursor.execute("SET lock_timeout = '1s'")
            try:
                cursor.execute("TRUNCATE " + ", ".join(f'public."{t}"' for t in emptied))
            except DatabaseError:  # busy, or a table outside the list refers to one of them
                rest = list(snapshot.tables)
            finally:
                cursor.execute("RESET lock_timeout")
        try:
            for table in rest:
                key = keys[table]
                cursor.execute(
                    f'DELETE FROM public."{table}" WHERE "{key}" IN '
                    f'(SELECT "{key}" FROM {snapshot.schema}."{table}")'
                )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(autouse=True)
def _no_flush_under_shared_data(request: pytest.FixtureRequest) -> None:
    if not _COMMITTED:
        return
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames):
        pytest.fail(
            "A transactional test in a module that shares committed data: its flush "
            "would empty the tables under the module's other tests. Move it."
        )


def _load_reference() -> None:
    call_command("load_reference_data", stdout=StringIO())


def _import(path: Path, **options: Any) -> Any:
    from incidents.services import import_batch_create, import_batch_run

    batch = import_batch_run(batch_id=import_batch_create(path=path, **options).pk)
    assert batch is not None and batch.status == "done", batch and batch.message
    return batch


# The reference data (every area, lookup and population: most tests need them) are part of
# every test database's base state: loaded once a session and committed, so a test gets them
# without a copy. A transactional test's flush empties every table; the reference rows are put
# back straight after it (``_reference_after_flush``).
_REFERENCE: list[Snapshot] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        snapshot = _snapshot("reference", _load_reference, [], keep=True)
    if snapshot is not None:
        _REFERENCE.append(snapshot)


def _reference_after_flush() -> None:
    from django.db import connection
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        from django.db.utils import OperationalError

        try:
            flush(self)
        except Exception as exc:  # noqa: BLE001
            # A straggler (a thread or task the test started) that still held a table
            # deadlocked the flush and has given way: flush again, once.
            if not isinstance(exc.__cause__, OperationalError):
                raise
            flush(self)
        if _REFERENCE:
            with connection.cursor() as cursor:
                _restore(cursor, _REFERENCE[0])

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]


_reference_after_flush()


@pytest.fixture(scope="session")
def _reference_snapshot(django_db_setup: None) -> Snapshot | None:
    return _REFERENCE[0] if _REFERENCE else None


@pytest.fixture
def reference(request, _reference_snapshot, db):
    """Every area, boundary and population ``load_reference_data`` loads (in the base state of
    the test database, or loaded in the test where snapshots cannot be kept)."""
    if _reference_snapshot is None:
        _load_reference()


@pytest.fixture
def empty_database(_reference_snapshot, db):
    """No reference data: a test of what happens before ``load_reference_data`` has run. The
    rows are truncated in the test's transaction (rolled back after it, or put back after a
    transactional test's flush)."""
    from django.db import connection

    if _reference_snapshot is not None:
        tables = ", ".join(f'public."{t}"' for t in _reference_snapshot.tables)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} CASCADE")


def _session_snapshot(name: str, build: Callable[[], Any], blocker: Any, ref: Any) -> Any:
    with blocker.unblock():
        return _snapshot(name, build, []) if ref is not None else None


def _from_snapshot(request: Any, snapshot: Snapshot | None, build: Callable[[], Any]) -> Any:
    """The snapshot's rows and its build's value, or (without snapshots) a build in the test."""
    if snapshot is None:
        return build()
    _put_back(request, snapshot)
    return snapshot.value


@pytest.fixture
def import_partnership(run_import, tmp_path):
    """Import template rows (see ``partnership_rows``) as one partnership file."""
    files = iter(range(1_000))

    def run(rows: list[str], *, period: tuple[str, str] | None = None):
        """``period``: the first and last month (YYYY-MM) the file states it covers, so its
        months without rows count 0, not "no data"."""
        path = tmp_path / f"partnership-{next(files)}.csv"
        args, options = _partnership_file(path, rows, period)
        return run_import(*args, **options)

    return run


def _partnership_file(path: Path, rows: list[str], period: tuple[str, str] | None) -> tuple:
    from datetime import date

    from incidents.formats import PARTNERSHIP_HEADER
    from tests.factories import write_file

    options = {}
    if period is not None:
        options["period"] = tuple(date.fromisoformat(m + "-01") for m in period)
    return (write_file(path, rows, header=",".join(PARTNERSHIP_HEADER)),), options


def _dashboard_build(folder: Path) -> Path:
    from datetime import date

    from dashboard.services import trends_recompute
    from incidents.synthetic import synthetic_partnership_file
    from strategy.demo import strategy_demo_load
    from tests.factories import POLICEUK

    for path in sorted(POLICEUK.glob("*.csv")):
        _import(path)
    synthetic = synthetic_partnership_file(folder, end_month=date(2024, 6, 1))
    _import(synthetic)
    strategy_demo_load(today=date(2024, 7, 15))
    trends_recompute()
    return synthetic


@pytest.fixture(scope="session")
def _dashboard_snapshot(_reference_snapshot, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard-data")
    return _session_snapshot(
        "dashboard", lambda: _dashboard_build(folder), django_db_blocker, _reference_snapshot
    )


@pytest.fixture
def dashboard_data(request, reference, _dashboard_snapshot, tmp_path):
    """What `make run` shows: the real police.uk months, five years of synthetic partnership
    incidents to June 2024, the demo strategy, and their figures. Returns the synthetic file."""
    return _from_snapshot(request, _dashboard_snapshot, lambda: _dashboard_build(tmp_path))


@pytest.fixture
def board(client, make_user):
    """The test client, signed in as a board member."""
    from mkviolence.roles import BOARD_MEMBER

    client.force_login(make_user(BOARD_MEMBER))
    return client


def _planted_build(folder: Path) -> None:
    from dashboard.services import trends_recompute
    from tests.factories import PLANTED_MONTHS, PLANTED_OTHER_LSOA, partnership_rows

    months = PLANTED_MONTHS
    pattern = [0, 1, 2, 0, 3, 6, 1, 0, 4, 2, 7, 1]
    plan = {mo: pattern[i % 12] for i, mo in enumerate(months)}
    files = [
        (partnership_rows(plan), (months[0], months[-1])),
        (
            partnership_rows(
                {months[5]: 2, months[20]: 1, months[33]: 3},
                prefix="B",
                lsoa_code=PLANTED_OTHER_LSOA,
            ),
            None,
        ),
        (
            partnership_rows(
                {months[30]: 2, months[35]: 1}, prefix="R", offence_type="robbery", victim_age="16"
            ),
            None,
        ),
    ]
    for number, (rows, period) in enumerate(files):
        args, options = _partnership_file(folder / f"planted-{number}.csv", rows, period)
        _import(*args, **options)
    trends_recompute()


@pytest.fixture(scope="session")
def _planted_snapshot(_reference_snapshot, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    return _session_snapshot(
        "planted", lambda: _planted_build(folder), django_db_blocker, _reference_snapshot
    )


@pytest.fixture
def planted(request, reference, _planted_snapshot, tmp_path):
    """Three years of knife crime (``PLANTED_MONTHS``) in two wards: one with months of 0 to 7
    (many under 5), one with a handful; a few robberies and young victims for the splits."""
    return _from_snapshot(request, _planted_snapshot, lambda: _planted_build(tmp_path))


planted_shared = shared("planted_shared", "_planted_snapshot")


def _police_gap_year_build(folder: Path) -> dict[str, int]:
    from dashboard.services import trends_recompute
    from tests.factories import months, policeuk_month_rows, write_rows

    in_mk = {}
    for month in months("2024-07", 18):
        if month == "2025-07":
            continue
        rows = policeuk_month_rows(month)
        _import(write_rows(folder / f"{month}-thames-valley-street.csv", rows))
        in_mk[month] = sum(
            1
            for r in rows
            if r["Crime type"] == "Violence and sexual offences"
            and r["LSOA name"].startswith("Milton Keynes")
        )
    trends_recompute()
    return in_mk


@pytest.fixture(scope="session")
def _police_gap_year_snapshot(_reference_snapshot, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("police-gap-year")
    return _session_snapshot(
        "police_gap_year",
        lambda: _police_gap_year_build(folder),
        django_db_blocker,
        _reference_snapshot,
    )


@pytest.fixture
def police_gap_year(request, reference, _police_gap_year_snapshot, tmp_path):
    """Real police.uk rows (``policeuk_month_rows``) for every month from July 2024 to December
    2025 but July 2025, as real police.uk years have missing months; recomputed. Returns the
    violence rows in Milton Keynes per month, counted with the csv module."""
    return _from_snapshot(
        request, _police_gap_year_snapshot, lambda: _police_gap_year_build(tmp_path)
    )


def _hospital_build(folder: Path) -> dict[str, int]:
    from dashboard.services import trends_recompute
    from tests.factories import istv_extract, knife_attendances, months

    covered = [m for m in months("2023-01", 24) if m != "2023-06"]
    per_month = {m: (3 if m in ("2024-02", "2024-09") else 10) for m in covered}
    early = {f"{m}-10": n for m, n in per_month.items() if m < "2023-06"} | {"2023-06-03": 3}
    late = {f"{m}-10": n for m, n in per_month.items() if m > "2023-06"}
    for name, start, end, days in (
        ("first.csv", "2023-01-01", "2023-06-14", early),
        ("second.csv", "2023-06-20", "2024-12-31", late),
    ):
        _import(
            istv_extract(
                folder / name, site="RD816", start=start, end=end, rows=knife_attendances(days)
            )
        )
    trends_recompute()
    return per_month


@pytest.fixture(scope="session")
def _hospital_snapshot(_reference_snapshot, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hospital")
    return _session_snapshot(
        "hospital", lambda: _hospital_build(folder), django_db_blocker, _reference_snapshot
    )


@pytest.fixture
def hospital_part_covered(request, reference, _hospital_snapshot, tmp_path):
    """Two years of hospital knife attendances (2023 and 2024) whose extracts leave 15 to 19 June
    2023 uncovered, so June 2023 is part covered ("no data"); it holds 3 attendances, under the
    hospital threshold. Covered months hold 10 each but two months of 2024 with 3."""
    return _from_snapshot(request, _hospital_snapshot, lambda: _hospital_build(tmp_path))


def _national_build(folder: Path) -> dict[str, list[str]]:
    from dashboard.services import trends_recompute
    from tests.factories import months, national_rows, write_rows

    plan = {force: months("2020-10", 24) for force in ("dyfed-powys", "gwent", "thames-valley")}
    plan |= {force: months("2021-10", 12) for force in ("cheshire", "cumbria")}
    plan |= {force: ["2022-09"] for force in ("city-of-london", "btp", "northern-ireland")}
    for force, held in plan.items():
        for month in held:
            _import(write_rows(folder / f"{month}-{force}-street.csv", national_rows(force, month)))
    trends_recompute()
    return plan


@pytest.fixture(scope="session")
def _national_snapshot(_reference_snapshot, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    return _session_snapshot(
        "national", lambda: _national_build(folder), django_db_blocker, _reference_snapshot
    )


@pytest.fixture
def national_year(request, reference, _national_snapshot, tmp_path):
    """Real police.uk rows of September 2022 (``national_rows``, each month the real month
    relabelled): two years to September 2022 for Dyfed-Powys, Gwent and Thames Valley (its
    Milton Keynes rows of January 2019, so the partnership has its figures), the year to September
    2022 for Cheshire and Cumbria, September 2022 alone for the City of London, British
    Transport Police and the PSNI; recomputed. Returns force -> the months imported."""
    return _from_snapshot(request, _national_snapshot, lambda: _national_build(tmp_path))


national_year_shared = shared("national_year_shared", "_national_snapshot")


def _permission_objects_build() -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from alerts.services import alert_subscription_save
    from incidents.models import Area
    from incidents.services import import_batch_create
    from strategy.demo import strategy_demo_load
    from strategy.models import Action, PartnerOrganisation, Priority, Strategy
    from tests.factories import TV_2019_01

    strategy_demo_load(today=timezone.localdate())
    owner = get_user_model().objects.create_user(username="subscriber")
    area = Area.objects.get(code="E06000042")
    return {
        "batch": import_batch_create(path=TV_2019_01).pk,
        "partner": PartnerOrganisation.objects.first().pk,
        "strategy": Strategy.objects.first().pk,
        "priority": Priority.objects.first().pk,
        "action": Action.objects.first().pk,
        # someone else's alert subscription
        "subscription": alert_subscription_save(user=owner, measure="knife-crime", area=area).pk,
    }


@pytest.fixture(scope="session")
def _permission_objects_snapshot(_reference_snapshot, django_db_blocker):
    return _session_snapshot(
        "permission_objects", _permission_objects_build, django_db_blocker, _reference_snapshot
    )


@pytest.fixture
def permission_objects(request, reference, _permission_objects_snapshot):
    """The demo strategy, a pending import batch and someone else's alert subscription: one of
    each object the permission matrices open, by the name their routes use (-> primary key)."""
    return _from_snapshot(request, _permission_objects_snapshot, _permission_objects_build)


permission_objects_shared = shared("permission_objects_shared", "_permission_objects_snapshot")


def _mark_bounds(mark: str, threshold: int) -> tuple[float, float | None]:
    """What a mark tells the reader: "<5" is 1 to 4, "[c]" at least the threshold, and a count
    left out with its whole column ("not shown") at least 0."""
    if mark.startswith("<"):
        return (1, int(mark[1:]) - 1)
    return (threshold, None) if mark == "[c]" else (0, None)


@pytest.fixture
def attacker():
    """An attacker who knows every shown cell and every sum: ``pinned(cells, equations, free,
    threshold)`` lists the hidden cells (marks) it works out exactly. ``cells``: key -> number,
    mark or None (no data); ``equations``: ({key: coefficient}, constant), meaning Σ
    coefficient × cell = constant; ``free`` keys are unknown to the reader without being hidden
    (months off the page), at least 0."""
    import numpy as np
    from scipy.optimize import linprog

    def pinned(cells: dict, equations: list, free: set = frozenset(), threshold: int = 5) -> list:
        unknown = sorted({k for k, v in cells.items() if isinstance(v, str)} | set(free), key=repr)
        if not unknown:
            return []
        index = {k: i for i, k in enumerate(unknown)}
        a_rows, b = [], []
        for terms, constant in equations:
            row = np.zeros(len(unknown))
            rhs = constant
            for key, coef in terms.items():
                if key in index:
                    row[index[key]] += coef
                elif cells.get(key) is not None:
                    rhs -= coef * cells[key]
            if row.any():
                a_rows.append(row)
                b.append(rhs)
        if not a_rows:
            return []
        a = np.array(a_rows)
        bounds = [(0, None) if k in free else _mark_bounds(cells[k], threshold) for k in unknown]
        found = []
        for key in unknown:
            if key in free:
                continue
            c = np.zeros(len(unknown))
            c[index[key]] = 1
            low = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            high = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            assert low.status in (0, 3) and high.status in (0, 3), "the shown figures disagree"
            if low.status == 0 and high.status == 0:
                if np.ceil(low.fun - 1e-6) >= np.floor(-high.fun + 1e-6):
                    value = round(low.fun)
                    # A left-out count worked out as 0 or over the threshold gives nothing away.
                    if cells[key] != "not shown" or 0 < value < threshold:
                        found.append(key)
        return found

    return pinned


@pytest.fixture
def watched(page: Any, live_server: Any) -> list[str]:
    """Problems seen by the browser: script errors, policy violations, requests off the site."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((live_server.url, "data:", "blob:"))
            else problems.append(f"request off the site: {r.url}")
        ),
    )
    return problems


@pytest.fixture
def api_client(make_user) -> Callable[[str], Any]:
    """``api_client(role)``: a client sending that role's token (anonymous: none)."""
    from rest_framework.test import APIClient

    from api.tokens import api_token_create
    from tests.factories import ANON, NO_ROLE

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != ANON:
            user = make_user(None if role == NO_ROLE else role)
            _, token = api_token_create(user=user, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            client.user = user  # type: ignore[attr-defined]
        return client

    return make
