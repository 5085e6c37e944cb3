"""Fixtures shared by the whole suite: users per role, a real Celery worker, a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from mkviolence.celery import app as celery_app
from mkviolence.celery import ensure_broker_folders
from mkviolence.roles import roles_sync
from tests.accessibility import AxeWatch
from tests.private_postgres import private_server  # noqa: F401 - a fixture for any test

BASE_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = BASE_DIR / "test-artifacts"
CHROMIUM = os.environ.get("MKV_CHROMIUM", "/usr/bin/chromium")
TEST_PASSWORD = "correct-horse-battery-staple"
_WORKER_RUNNING: list[subprocess.Popen[bytes]] = []  # the session's worker, once started


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: cached pages name rows an earlier test deleted."""
    from django.core.cache import cache

    from dashboard.views import page_memos_clear

    cache.clear()
    page_memos_clear()
    yield


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


def _database_url() -> str:
    """The URL of the test database, for processes started by the tests."""
    from django.db import connection

    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(str(s['PASSWORD']), safe='')}" if s.get("PASSWORD") else ""
    host = s["HOST"] or ""
    if host.startswith("/"):  # a Unix socket folder (the embedded server)
        return f"postgres://{user}{password}@/{s['NAME']}?host={host}&port={s['PORT']}"
    return f"postgres://{user}{password}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(*, queue: str, database_url: str, log_path: Path) -> subprocess.Popen[bytes]:
    """Start a real `celery worker` process consuming ``queue``; return once it is ready."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_QUEUE": queue,
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mkviolence",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--queues",
                queue,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _wait_for_worker(proc, log_path)
    return proc


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def test_database_url(django_db_setup: None, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return _database_url()


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


def _wait_for_worker(proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log_path.read_text()}")
        if "ready." in log_path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"Celery worker did not start in 60 s:\n{log_path.read_text()}")


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


def browser_login(page: Any, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")  # not the language switch in the header
    page.wait_for_load_state("networkidle")


@pytest.fixture(autouse=True)
def _drain_worker(request: pytest.FixtureRequest) -> Iterator[None]:
    """While the suite's worker runs (it lives for the session once a test has started it),
    wait after each test until it has run every task the test queued (an import queues a
    trend recompute, whether or not the test asked for the worker), so none runs while the
    test's database is flushed: a recompute writing during the flush deadlocks it. The worker
    runs one task at a time in queue order, so once a ping queued last has answered,
    everything before it has finished."""
    yield
    if _WORKER_RUNNING:
        from mkviolence.tasks import worker_ping

        worker_ping.delay().get(timeout=180)


# --- data for the dashboards and the strategy pages -------------------------------------------


@pytest.fixture
def reference(db):
    call_command("load_reference_data", stdout=StringIO())


@pytest.fixture
def import_partnership(run_import, tmp_path):
    """Import template rows (see ``partnership_rows``) as one partnership file."""
    from incidents.formats import PARTNERSHIP_HEADER
    from tests.incidents.conftest import write_file

    files = iter(range(1_000))

    def run(rows: list[str]):
        path = tmp_path / f"partnership-{next(files)}.csv"
        return run_import(write_file(path, rows, header=",".join(PARTNERSHIP_HEADER)))

    return run


@pytest.fixture
def dashboard_data(reference, run_import, tmp_path):
    """What `make run` shows: the real police.uk months, five years of synthetic partnership
    incidents to June 2024, the demo strategy, and their figures."""
    from datetime import date

    from dashboard.services import trends_recompute
    from incidents.synthetic import synthetic_partnership_file
    from strategy.demo import strategy_demo_load
    from tests.incidents.conftest import POLICEUK

    for path in sorted(POLICEUK.glob("*.csv")):
        run_import(path)
    synthetic = synthetic_partnership_file(tmp_path, end_month=date(2024, 6, 1))
    run_import(synthetic)
    strategy_demo_load(today=date(2024, 7, 15))
    trends_recompute()
    return synthetic
