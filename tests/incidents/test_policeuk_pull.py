"""The police.uk pull against a local server replaying police.uk's API (tests/incidents/
policeuk_replay.py): first pull, nothing new, faults retried, an over-large area split, an empty
latest month, the rate limit measured at the server, a crash then resume, one pull at a time,
and a month pulled by the API then uploaded as its CSV held once. Nothing leaves loopback."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.formats import POLICEUK_CRIME_TYPES
from incidents.models import (
    ImportBatch,
    Incident,
    PoliceUkMonth,
    PoliceUkPull,
    Source,
    SourceCoverage,
)
from incidents.policeuk.categories import CRIME_TYPE_BY_SLUG, crime_type_for
from incidents.policeuk.services import STOPPED
from tests.factories import read_rows
from tests.factories.policeuk_replay import (
    DOCUMENTED_CATEGORIES,
    MONTHS,
    Month,
    crimes_from_csv,
    expected_rows,
    pull,
    real_months,
    tv_file,
)

BASE_DIR = Path(__file__).resolve().parents[2]
TV = "Thames Valley Police"


def held(*, without_lsoa: bool = False) -> collections.Counter:
    """Every police.uk incident as a multiset of what a street CSV says of it."""
    fields = [
        "source_ref",
        "month",
        "force",
        "longitude",
        "latitude",
        "location",
        "category",
        "last_outcome",
    ]
    if not without_lsoa:
        fields.append("lsoa_code")
    rows = Incident.objects.filter(source=Source.POLICEUK_STREET).values_list(*fields)
    return collections.Counter(rows)


# --- categories and places ------------------------------------------------------------------


def test_every_documented_category_maps_to_its_csv_crime_type():
    categories = [c for c in DOCUMENTED_CATEGORIES if c["url"] != "all-crime"]
    for category in categories:
        assert crime_type_for(category["url"]) == category["name"]
    assert {crime_type_for(c["url"]) for c in categories} == POLICEUK_CRIME_TYPES
    assert set(CRIME_TYPE_BY_SLUG) == {c["url"] for c in categories}


def test_a_point_on_an_lsoa_boundary_lands_in_exactly_one_lsoa(policeuk):
    from incidents.models import Area
    from incidents.policeuk.geography import LsoaPlacer

    lsoas = list(
        Area.objects.filter(level=Area.Level.LSOA, vintage=2011).values_list(
            "code", "name", "geometry"
        )
    )
    # Two squares sharing an edge: a point on it goes to one of them, the lower code.
    left = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    right = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    squares = LsoaPlacer([("E01000002", "B", right), ("E01000001", "A", left)])
    assert squares.place(1.0, 0.5) == ("E01000001", "A")
    assert squares.place(1.5, 0.5) == ("E01000002", "B")
    assert squares.place(3.0, 0.5) is None
    # In the shipped boundaries: a corner of one LSOA's outline that lies on or in another's,
    # so both polygons cover it.
    from shapely.geometry import Point, shape

    shapes = {code: shape(geometry) for code, _, geometry in lsoas}
    lng, lat, codes = next(
        (lng, lat, {code, other})
        for code, _, geometry in sorted(lsoas)
        for lng, lat in geometry["coordinates"][0]
        for other, polygon in shapes.items()
        if other != code and polygon.covers(Point(lng, lat))
    )
    placer = LsoaPlacer(lsoas)
    assert placer.place(lng, lat)[0] == min(codes)
    # Pulled: three crimes on that corner are counted in that one LSOA, never in both.
    crimes = [
        {
            "category": "burglary",
            "persistent_id": f"{n:064x}",
            "id": n,
            "month": "2019-01",
            "context": "",
            "location_type": "Force",
            "location_subtype": "",
            "location": {
                "latitude": repr(lat),
                "longitude": repr(lng),
                "street": {"id": 1, "name": "On or near a boundary"},
            },
            "outcome_status": None,
        }
        for n in (1, 2, 3)
    ]
    policeuk({"2019-01": Month(crimes, [])})
    assert pull()["status"] == "done"
    assert list(Incident.objects.values_list("lsoa_code", flat=True)) == [min(codes)] * 3


# --- pulls -------------------------------------------------------------------------------------


def test_a_first_pull_imports_every_published_month_as_its_csv_would(policeuk):
    server = policeuk(real_months())
    report = pull()
    assert report["status"] == "done", report["error"]
    assert report["months_imported"] == MONTHS
    assert report["months_published"] == MONTHS
    for month in MONTHS:
        expected = expected_rows(month)
        rows = Incident.objects.filter(month=f"{month}-01", force=TV)
        assert rows.count() == len(expected)
        assert sorted(rows.values_list("source_ref", flat=True)) == sorted(
            r["Crime ID"] for r in expected
        )
        assert rows.filter(location="No Location").count() == sum(
            1 for r in expected if not r["Longitude"]
        )
        assert SourceCoverage.objects.filter(
            source=Source.POLICEUK_STREET, scope=TV, month=f"{month}-01"
        ).exists()
    # Every request is counted, and each month's batch says where it came from.
    assert report["requests"] == len(server.log) == 2 + 2 * len(MONTHS)
    record = PoliceUkMonth.objects.get(month="2019-01-01")
    assert record.status == PoliceUkMonth.Status.IMPORTED
    assert record.requests == 2 and record.fetched_at is not None
    assert record.batch.status == ImportBatch.Status.DONE
    assert record.batch.rows_stored == len(expected_rows("2019-01"))
    assert record.routes[1] == (
        "/api/crimes-no-location?category=all-crime&force=thames-valley&date=2019-01"
    )
    located = sum(1 for r in expected_rows("2019-01") if r["Longitude"])
    assert (record.street_crimes, record.crimes_without_location) == (
        located,
        len(expected_rows("2019-01")) - located,
    )


def test_a_pull_with_nothing_new_asks_two_questions_and_stores_nothing(policeuk):
    server = policeuk(real_months(["2019-01"]))
    pull()
    before = held()
    server.log.clear()
    report = pull()
    assert report["status"] == "done"
    assert report["months"] == [] and report["stored"] == 0
    assert [r.route for r in server.log] == ["forces", "crimes-street-dates"]
    assert held() == before


def test_a_month_pulled_then_uploaded_as_its_csv_is_held_once(policeuk, run_import):
    policeuk(real_months(["2019-01"]))
    pull()
    pulled = held(without_lsoa=True)
    batch = run_import(tv_file("2019-01"))
    assert batch.status == ImportBatch.Status.DONE
    # The CSV adds only the rows the area's pull could not hold (elsewhere in the force).
    assert batch.rows_stored == len(read_rows(tv_file("2019-01"))) - len(expected_rows("2019-01"))
    after = held(without_lsoa=True)
    assert (
        after - pulled
        == collections.Counter({k: n for k, n in after.items() if k[1].isoformat() == "2019-01-01"})
        - pulled
    )
    # Held exactly as the CSV alone would hold it: nothing twice, nothing missing.
    Incident.objects.all().delete()
    SourceCoverage.objects.all().delete()
    ImportBatch.objects.update(status=ImportBatch.Status.FAILED)
    run_import(tv_file("2019-01"))
    assert held(without_lsoa=True) == after


def test_a_month_already_uploaded_is_not_fetched(policeuk, run_import):
    run_import(tv_file("2019-01"))
    server = policeuk(real_months(["2018-12", "2019-01"]))
    report = pull()
    assert report["months_imported"] == ["2018-12"]
    assert server.requests_to("crimes-street", "2019-01") == []


def test_429_500_and_503_are_retried_and_an_over_large_area_is_split(policeuk):
    server = policeuk(real_months(["2019-01"]), area_limit=600)
    server.fail("crimes-street-dates", "", 429, 429, retry_after="0")
    server.fail("crimes-no-location", "2019-01", 500, 503, 500)
    report = pull()
    assert report["status"] == "done", report["error"]
    assert [r.status for r in server.requests_to("crimes-street-dates")] == [429, 429, 200]
    assert [r.status for r in server.requests_to("crimes-no-location")] == [500, 503, 500, 200]
    street = server.requests_to("crimes-street", "2019-01")
    assert street[0].status == 503  # the whole area holds more than the limit
    assert [r.status for r in street].count(200) >= 4  # so it was asked in parts
    record = PoliceUkMonth.objects.get(month="2019-01-01")
    assert record.polygon_parts == [r.status for r in street].count(200)
    # The parts overlap on their edges; every crime is still held once.
    expected = expected_rows("2019-01")
    assert Incident.objects.count() == len(expected)
    assert report["requests"] == len(server.log)


def test_a_server_that_keeps_failing_fails_the_check_in_plain_english(policeuk, settings):
    server = policeuk(real_months(["2019-01"]))
    settings.POLICEUK_MAX_RETRIES = 2
    server.fail("crimes-no-location", "2019-01", 500, 500, 500)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("policeuk_pull", "--json", stdout=out)
    assert exit_code.value.code == 1
    report = json.loads(out.getvalue())
    assert report["status"] == "failed"
    assert report["error"] == (
        "data.police.uk had a problem answering /api/crimes-no-location (HTTP 500). Tried 3 "
        "times; the next check will try again."
    )
    assert Incident.objects.count() == 0
    # The next check, with police.uk answering again, imports the month.
    assert pull()["months_imported"] == ["2019-01"]


def test_an_unreachable_server_is_said_plainly(reference, settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings.POLICEUK_BASE_URL = f"http://127.0.0.1:{port}"
    settings.POLICEUK_BACKOFF_SECONDS = 0.01
    settings.POLICEUK_MAX_RETRIES = 1
    report = pull()
    assert report["status"] == "failed"
    assert report["error"].startswith(
        f"data.police.uk could not be reached at http://127.0.0.1:{port} ("
    )
    assert PoliceUkPull.objects.get().error == report["error"]


def test_an_empty_latest_month_is_taken_as_not_yet_published(policeuk):
    months = real_months(["2019-01"])
    months["2019-02"] = Month([], [])
    server = policeuk(months)
    report = pull()
    assert report["months_imported"] == ["2019-01"]
    assert report["months_not_yet_published"] == ["2019-02"]
    assert not Incident.objects.filter(month="2019-02-01").exists()
    assert not SourceCoverage.objects.filter(month="2019-02-01").exists()
    assert PoliceUkMonth.objects.get(month="2019-02-01").status == PoliceUkMonth.Status.EMPTY
    # Once police.uk has the month's crimes, the next check imports it.
    street, no_location = crimes_from_csv(tv_file("2019-01"), first_id=500_000)
    for crime in street + no_location:
        crime["month"] = "2019-02"
        crime["persistent_id"] = crime["persistent_id"][::-1]
    server.months["2019-02"] = Month(street, no_location)
    report = pull()
    assert report["months_imported"] == ["2019-02"]
    assert report["months_not_yet_published"] == []
    assert Incident.objects.filter(month="2019-02-01").count() == len(expected_rows("2019-01"))


def test_the_rate_limit_is_obeyed_at_the_server(policeuk):
    # An area limit of 100 crimes makes the month's street crimes come in about 70 parts,
    # asked back to back: only the bucket stands between them and police.uk's limit.
    server = policeuk(real_months(["2019-01"]), area_limit=100)
    report = pull()
    assert report["status"] == "done", report["error"]
    times = sorted(r.at for r in server.log)
    assert len(times) > 60
    # A bucket of 30 refilled at 15 a second: in any window of w seconds at most 30 + 15 w.
    for w in (0.5, 1.0, 2.0):
        busiest = max(sum(1 for t in times[i:] if t < start + w) for i, start in enumerate(times))
        assert busiest <= 30 + 15 * w + 1, (w, busiest)
    # After the first 30, no faster than 15 a second.
    assert times[-1] - times[0] >= (len(times) - 30 - 1) / 15 - 0.05
    assert Incident.objects.count() == len(expected_rows("2019-01"))


def test_the_token_bucket_allows_bursts_of_30_then_15_a_second():
    from incidents.policeuk.client import TokenBucket

    now = [0.0]
    taken: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(rate=15, burst=30, clock=lambda: now[0], sleep=sleep)
    for _ in range(60):
        bucket.take()
        taken.append(now[0])
    assert taken[:30] == [0.0] * 30
    assert taken[-1] == pytest.approx(30 / 15)
    gaps = [b - a for a, b in zip(taken[30:], taken[31:], strict=False)]
    assert all(g == pytest.approx(1 / 15) for g in gaps)


# --- processes: a crash, and two pulls at once -------------------------------------------------


def _pull_process(url: str, database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": database_url,
        "POLICEUK_BASE_URL": url,
        "POLICEUK_BACKOFF_SECONDS": "0.01",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "policeuk_pull", "--json"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True)
def test_a_pull_killed_midway_is_resumed_by_the_next(policeuk, test_database_url, tmp_path):
    server = policeuk(real_months())
    release, arrived = server.wait_at("crimes-no-location", "2018-12")
    process = _pull_process(server.url, test_database_url, tmp_path / "pull.log")
    try:
        assert arrived.wait(60), (tmp_path / "pull.log").read_text()
        process.send_signal(signal.SIGKILL)  # mid-month: 2018-10 and 2018-11 are imported
        process.wait(30)
    finally:
        release.set()
    server.hold.clear()
    assert sorted(
        PoliceUkMonth.objects.filter(status=PoliceUkMonth.Status.IMPORTED).values_list(
            "month", flat=True
        )
    ) == [date(2018, 10, 1), date(2018, 11, 1)]
    asked_before = collections.Counter((r.route, r.month) for r in server.log)
    report = pull()  # the lock died with the process: this pull runs
    assert report["status"] == "done", report["error"]
    assert report["months_imported"] == ["2018-12", "2019-01"]
    asked = collections.Counter((r.route, r.month) for r in server.log) - asked_before
    # Months already imported are not asked again; the one it was fetching is.
    assert asked[("crimes-street", "2018-10")] == asked[("crimes-street", "2018-11")] == 0
    assert asked[("crimes-street", "2018-12")] == 1
    assert PoliceUkPull.objects.get(
        trigger=PoliceUkPull.Trigger.COMMAND, status="failed"
    ).error == (STOPPED)
    resumed = held()
    # The same as one clean pull from an empty database.
    Incident.objects.all().delete()
    SourceCoverage.objects.all().delete()
    PoliceUkMonth.objects.all().delete()
    ImportBatch.objects.update(status=ImportBatch.Status.FAILED)
    assert pull()["months_imported"] == MONTHS
    assert held() == resumed


@pytest.mark.django_db(transaction=True)
def test_two_pulls_never_run_at_once(policeuk, test_database_url, tmp_path):
    server = policeuk(real_months(["2019-01"]))
    release, arrived = server.wait_at("crimes-no-location", "2019-01")
    log = tmp_path / "pull.log"
    process = _pull_process(server.url, test_database_url, log)
    try:
        assert arrived.wait(60), log.read_text()
        asked = len(server.log)
        report = pull()  # a second host, while the first is mid-pull
        assert report["status"] == "busy"
        assert (
            report["error"] == "Another check of data.police.uk was running; this one did nothing."
        )
        assert len(server.log) == asked  # it asked police.uk nothing
    finally:
        release.set()
    assert process.wait(60) == 0, log.read_text()
    first = json.loads(log.read_text().strip().splitlines()[-1])
    assert first["months_imported"] == ["2019-01"]
    assert Incident.objects.count() == len(expected_rows("2019-01"))


def test_a_month_whose_rows_are_refused_is_reported_and_stores_nothing(policeuk):
    months = real_months(["2018-12", "2019-01"])
    months["2018-12"].no_location[0]["category"] = "a-category-police-uk-never-listed"
    policeuk(months)
    report = pull()
    assert report["status"] == "failed"
    assert report["months_imported"] == ["2019-01"]  # the next month still came in
    [refused] = [m for m in report["months"] if m["month"] == "2018-12"]
    assert refused["status"] == "failed" and refused["stored"] == 0
    assert report["error"].startswith("2018-12: 1 of ")
    assert "rows have problems, so nothing was stored" in report["error"]
    assert not Incident.objects.filter(month="2018-12-01").exists()
    batch = PoliceUkMonth.objects.get(month="2018-12-01").batch
    [problem] = batch.row_errors.all()
    assert (problem.column, problem.reason, problem.value) == (
        "Crime type",
        "is not a data.police.uk crime type",
        "a-category-police-uk-never-listed",
    )
