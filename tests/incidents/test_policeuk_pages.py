"""The analysts' police.uk page, "check now" run by a real Celery worker against the replaying
server, a pulled batch's provenance, and the coverage calendar."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from incidents.coverage_calendar import coverage_calendars
from incidents.models import ImportBatch, Incident, PoliceUkMonth, PoliceUkPull
from incidents.policeuk.selectors import policeuk_next_check
from incidents.selectors import CoverageMonth, source_coverage
from mkviolence.roles import ANALYST
from tests.factories import TV_2018_10, TV_2019_01
from tests.factories.policeuk_replay import expected_rows, pull, real_months

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_the_page_says_what_was_checked_held_and_comes_next(client, make_user, policeuk, settings):
    server = policeuk(real_months(["2018-12", "2019-01"]))
    server.published.append("2019-02")
    from tests.factories.policeuk_replay import Month

    server.months["2019-02"] = Month([], [])
    pull()
    settings.POLICEUK_PULL_ENABLED = True
    settings.POLICEUK_PULL_TIME = "06:15"
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("incidents:policeuk")).content.decode()
    assert "imported 2 months: 2018-12, 2019-01" in page
    assert "3 months, December 2018 to February 2019" in page  # published
    assert "2 months, December 2018 to January 2019" in page  # held
    assert "It will ask again for February 2019" in page
    assert 'id="check-now"' in page
    # A failing check: its reason in plain English, first thing on the page.
    server.fail("crimes-street-dates", "", 404)
    pull()
    page = client.get(reverse("incidents:policeuk")).content.decode()
    assert "The last check failed:</strong> data.police.uk has no /api/crimes-street-dates" in page


def test_the_next_check_is_the_next_pull_time_in_london(settings):
    settings.POLICEUK_PULL_ENABLED = True
    settings.POLICEUK_PULL_TIME = "06:15"
    before = datetime(2025, 3, 30, 5, 0, tzinfo=LONDON)  # the clocks go forward at 01:00
    assert policeuk_next_check(now=before) == datetime(2025, 3, 30, 6, 15, tzinfo=LONDON)
    after = datetime(2025, 3, 30, 7, 0, tzinfo=LONDON)
    assert policeuk_next_check(now=after) == datetime(2025, 3, 31, 6, 15, tzinfo=LONDON)
    settings.POLICEUK_PULL_ENABLED = False
    assert policeuk_next_check(now=after) is None


def test_a_pulled_batch_says_where_it_came_from(client, make_user, policeuk):
    server = policeuk(real_months(["2019-01"]))
    pull()
    batch = PoliceUkMonth.objects.get().batch
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("incidents:import-detail", args=[batch.pk])).content.decode()
    assert "Where this came from" in page
    assert f"data.police.uk API at <code>{server.url}</code>" in page
    assert "Thames Valley Police, January 2019, in 2 requests" in page
    assert (
        "/api/crimes-no-location?category=all-crime&amp;force=thames-valley&amp;date=2019-01"
        in page
    )
    listing = client.get(reverse("incidents:import-list")).content.decode()
    assert "data.police.uk pull" in listing


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_check_now_runs_a_pull_in_a_real_worker(client, make_user, policeuk, tmp_path):
    from mkviolence.celery import app as celery_app
    from mkviolence.tasks import worker_ping
    from tests.factories import database_url as _database_url
    from tests.factories import start_worker, stop_worker

    server = policeuk(real_months(["2019-01"]))
    queue = f"test-policeuk-{uuid.uuid4().hex[:8]}"
    saved = os.environ.get("POLICEUK_BASE_URL")
    os.environ["POLICEUK_BASE_URL"] = server.url
    try:
        worker = start_worker(
            queue=queue, database_url=_database_url(), log_path=tmp_path / "worker.log"
        )
    finally:
        if saved is None:
            os.environ.pop("POLICEUK_BASE_URL")
        else:
            os.environ["POLICEUK_BASE_URL"] = saved
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        analyst = make_user(ANALYST)
        client.force_login(analyst)
        response = client.post(reverse("incidents:policeuk-check"), follow=True)
        assert "The check has started" in response.content.decode()
        worker_ping.delay().get(timeout=120)  # queued after the pull: done once it answers
        check = PoliceUkPull.objects.get(requested_by=analyst)
        assert (check.status, check.trigger, check.requested_by) == ("done", "page", analyst)
        assert check.months_imported == ["2019-01"]
        assert Incident.objects.count() == len(expected_rows("2019-01"))
        worker_ping.delay().get(timeout=120)  # and the recompute the import queued
    finally:
        celery_app.conf.task_default_queue = default_queue
        stop_worker(worker)


def test_the_coverage_calendar_has_a_row_a_year_and_a_column_a_month():
    def held(month: date, covered: bool = True, **kw) -> CoverageMonth:
        return CoverageMonth(
            source="policeuk-street",
            scope="Thames Valley Police",
            month=month,
            covered=covered,
            rows=10 if covered else 0,
            rows_without_location=0,
            rows_without_reference=0,
            lsoa_vintage="2011",
            **kw,
        )

    months = [held(date(2018, 11, 1)), held(date(2018, 12, 1), False), held(date(2019, 1, 1))]
    published = {("policeuk-street", "Thames Valley Police"): {date(2019, 1, 1), date(2019, 3, 1)}}
    [calendar] = coverage_calendars(months, published=published)
    assert [y.year for y in calendar.years] == [2019, 2018]
    assert [len(y.cells) for y in calendar.years] == [12, 12]
    by_month = {c.month: c.status for y in calendar.years for c in y.cells}
    assert by_month[date(2018, 10, 1)] == ""  # before the series
    assert by_month[date(2018, 11, 1)] == "covered"
    assert by_month[date(2018, 12, 1)] == "no-data"
    assert by_month[date(2019, 1, 1)] == "covered"
    assert by_month[date(2019, 2, 1)] == ""
    assert by_month[date(2019, 3, 1)] == "published"
    assert calendar.counts == {"covered": 2, "part": 0, "published": 1, "no_data": 1}
    hospital = CoverageMonth(
        source="hospital",
        scope="RD816",
        month=date(2024, 2, 1),
        covered=False,
        rows=3,
        rows_without_location=3,
        rows_without_reference=0,
        lsoa_vintage="—",
        days_covered=14,
    )
    [part] = coverage_calendars([hospital])
    [cell] = [c for c in part.years[0].cells if c.status]
    assert (cell.status, cell.days_covered, cell.days_in_month) == ("part", 14, 29)


def test_the_coverage_page_shows_months_published_but_not_held(client, make_user, run_import):
    run_import(TV_2018_10)
    run_import(TV_2019_01)
    PoliceUkPull.objects.create(
        trigger="schedule",
        status="done",
        base_url="https://data.police.uk",
        force="thames-valley",
        force_name="Thames Valley Police",
        months_published=["2019-01", "2019-02"],
    )
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("incidents:coverage")).content.decode()
    assert '<span class="visually-hidden">February 2019: </span>not held' in page
    assert '<span class="visually-hidden">November 2018: </span>no data' in page
    assert (
        '<span class="visually-hidden">October 2018: </span>covered<span class="cov-rows">2,523'
        in page
    )
    assert "2 covered, 0 part covered, 1 published but not held, 2 with no data." in page
    assert len(source_coverage(source="policeuk-street")) == 4
    assert ImportBatch.objects.count() == 2


@pytest.mark.parametrize(
    ("module", "enabled", "scheduled"),
    [
        ("mkviolence.settings.dev", None, True),  # make run
        ("mkviolence.settings.dev", "false", False),  # switched off
        ("mkviolence.settings.test", None, False),  # tests: off by default
        ("mkviolence.settings.test", "true", True),
    ],
)
def test_the_daily_pull_is_on_in_make_run_and_off_in_tests(module, enabled, scheduled):
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("POLICEUK_", "DJANGO_SETTINGS"))
    }
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/none"  # read, never connected to
    if enabled is not None:
        env["POLICEUK_PULL_ENABLED"] = enabled
    show = (
        f"import {module} as s; e = s.CELERY_BEAT_SCHEDULE.get('policeuk-pull-daily'); "
        "print(e['task'], e['schedule']) if e else print('none')"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", show], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    if scheduled:
        assert out.stdout.startswith("incidents.tasks.policeuk_pull_task <crontab: 15 6 "), out
    else:
        assert out.stdout.strip() == "none"


def test_check_now_is_refused_only_while_a_pull_holds_the_lock(
    client, make_user, reference, unread_queue
):
    from incidents.policeuk.lock import PullLock

    client.force_login(make_user(ANALYST))
    # A check left "running" by a process that died holds no lock: it does not block.
    PoliceUkPull.objects.create(trigger="schedule", status="running", base_url="x")
    response = client.post(reverse("incidents:policeuk-check"), follow=True)
    assert "The check has started" in response.content.decode()
    page = client.get(reverse("incidents:policeuk")).content.decode()
    assert "is running." not in page
    lock = PullLock()  # a pull on another host
    assert lock.acquire()
    try:
        response = client.post(reverse("incidents:policeuk-check"), follow=True)
        assert "A check is running already" in response.content.decode()
        page = client.get(reverse("incidents:policeuk")).content.decode()
        assert "is running." in page
    finally:
        lock.close()
