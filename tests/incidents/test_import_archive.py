"""police.uk archives (.zip of YYYY-MM/YYYY-MM-<force>-street.csv) on the real September 2022
national files: one force-month a file, each file its own import, nothing lost to a bad one,
nothing added twice, real quirks kept (BTP rows without IDs or with coordinates outside the UK,
PSNI rows without LSOAs, rows across the England/Wales border), hostile archives refused or
skipped with a reason. Expected values are counted here with the csv module."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.archives import MAX_COMPRESSION_RATIO
from incidents.models import ImportBatch, Incident, SourceCoverage
from incidents.selectors import source_coverage
from tests.factories import BASE_DIR, HEADER, incident_snapshot, read_rows

pytestmark = pytest.mark.django_db

NATIONAL = BASE_DIR / "data" / "policeuk" / "national-2022-09"
FORCES = [
    "btp",
    "cheshire",
    "city-of-london",
    "cumbria",
    "dyfed-powys",
    "gwent",
    "northern-ireland",
]
UK_LONGITUDE, UK_LATITUDE = (-8.7, 1.8), (49.8, 60.9)


def street(force: str) -> Path:
    return NATIONAL / f"2022-09-{force}-street.csv"


def build_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def national_zip(path: Path, forces: list[str] = FORCES, **extra: bytes) -> Path:
    members = {f"2022-09/2022-09-{f}-street.csv": street(f).read_bytes() for f in forces}
    return build_zip(path, {**members, **extra})


def expected_stored(rows: list[dict[str, str]]) -> int:
    """A crime is stored once however often its ID repeats; every ID-less row of one file is
    stored (the most copies seen in one file)."""
    return len({r["Crime ID"] for r in rows if r["Crime ID"]}) + sum(
        1 for r in rows if not r["Crime ID"]
    )


def outside_uk(rows: list[dict[str, str]]) -> int:
    return sum(
        1
        for r in rows
        if r["Longitude"]
        and not (
            UK_LONGITUDE[0] <= float(r["Longitude"]) <= UK_LONGITUDE[1]
            and UK_LATITUDE[0] <= float(r["Latitude"]) <= UK_LATITUDE[1]
        )
    )


def import_json(path: Path) -> dict:
    out = StringIO()
    try:
        call_command("import_incidents", str(path), "--json", stdout=out)
    except SystemExit:
        pass  # exit 1 when a file was not imported: the report says which
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_each_street_file_is_imported_as_its_own_force_month(tmp_path):
    outcomes = b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    archive = national_zip(
        tmp_path / "2022-09.zip",
        **{
            "2022-09/2022-09-gwent-outcomes.csv": outcomes + b"LSOA name,Outcome type\r\n",
            "2022-09/2022-09-gwent-stop-and-search.csv": b"Type,Date\r\n",
        },
    )
    report = import_json(archive)
    assert report["status"] == "done" and report["format"] == "policeuk-archive"
    by_force = {m["force"]: m for m in report["members"]}
    assert sorted(by_force) == FORCES
    total_rows = total_stored = 0
    for force in FORCES:
        rows = read_rows(street(force))
        member = by_force[force]
        assert member["month"] == "2022-09" and member["status"] == "done", member
        assert member["read"] == len(rows)
        assert member["stored"] == expected_stored(rows)
        assert member["rejected"] == 0
        assert member["outside_uk"] == outside_uk(rows)
        total_rows += len(rows)
        total_stored += expected_stored(rows)
    assert (report["read"], report["stored"]) == (total_rows, total_stored)
    assert Incident.objects.count() == total_stored
    assert [s["name"] for s in report["skipped"]] == [
        "2022-09/2022-09-gwent-outcomes.csv",
        "2022-09/2022-09-gwent-stop-and-search.csv",
    ]
    assert "outcomes file" in report["skipped"][0]["reason"]
    # Coverage is per force-month, from "Falls within", whichever file the rows came in.
    falls_within = {r["Falls within"] for f in FORCES for r in read_rows(street(f))}
    covered = set(SourceCoverage.objects.values_list("scope", "month"))
    assert covered == {(force, date(2022, 9, 1)) for force in falls_within}
    # Every real quirk is held as published: PSNI rows without LSOAs, BTP rows without IDs,
    # Gwent rows in English LSOAs.
    psni = read_rows(street("northern-ireland"))
    assert not any(r["LSOA code"] for r in psni)
    assert Incident.objects.filter(force="Police Service of Northern Ireland").count() == len(psni)
    gwent_in_england = sum(1 for r in read_rows(street("gwent")) if r["LSOA code"][:1] == "E")
    assert gwent_in_england > 0
    assert (
        Incident.objects.filter(force="Gwent Police", lsoa_code__startswith="E").count()
        == gwent_in_england
    )


def test_importing_the_archive_again_adds_nothing(tmp_path):
    archive = national_zip(tmp_path / "2022-09.zip", ["btp", "cheshire", "gwent"])
    first = import_json(archive)
    held = incident_snapshot()
    again = import_json(national_zip(tmp_path / "again.zip", ["btp", "cheshire", "gwent"]))
    assert again["status"] == "done"
    assert again["stored"] == again["updated"] == again["replaced"] == 0
    assert again["duplicates"] == first["read"]
    assert incident_snapshot() == held
    assert ImportBatch.objects.filter(archive__isnull=False).count() == 6


def test_the_real_btp_file_is_imported_with_its_rows_outside_the_uk(run_import):
    rows = read_rows(street("btp"))
    assert outside_uk(rows) == 12 and len(rows) == 4508
    batch = run_import(street("btp"))
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_outside_uk == 12
    assert batch.rows_stored == len(rows) == Incident.objects.count()
    assert "12 rows have coordinates outside the UK" in batch.message
    # Kept as published, counted for the force, placed in no LSOA.
    far = Incident.objects.filter(longitude__gt=UK_LONGITUDE[1])
    assert far.count() == 12
    assert set(far.values_list("force", "lsoa_code")) == {("British Transport Police", "")}


def test_a_crime_repeated_in_a_file_is_stored_once_with_its_last_row(run_import, tmp_path):
    crime = "a" * 64
    line = (
        f"{crime},2022-09,Gwent Police,Gwent Police,-3.0,51.6,On or near X,W01001000,"
        "Newport 001A,Robbery,{outcome},"
    )
    path = tmp_path / "2022-09-gwent-street.csv"
    path.write_text(
        "\r\n".join(
            [
                HEADER,
                line.format(outcome="Under investigation"),
                ("b" * 64) + line[64:].format(outcome=""),
                line.format(outcome="Court result unavailable"),
            ]
        )
        + "\r\n"
    )
    batch = run_import(path)
    assert (batch.rows_read, batch.rows_stored, batch.rows_duplicate) == (3, 2, 1)
    assert Incident.objects.get(source_ref=crime).last_outcome == "Court result unavailable"
    # The real Cheshire file repeats three IDs: each stored once.
    cheshire = read_rows(street("cheshire"))
    repeats = sum(n - 1 for n in Counter(r["Crime ID"] for r in cheshire if r["Crime ID"]).values())
    assert repeats == 3
    batch = run_import(street("cheshire"))
    assert batch.rows_stored == expected_stored(cheshire)
    assert batch.rows_duplicate == repeats


def test_a_bad_file_is_reported_and_the_others_are_kept(tmp_path):
    bad = street("city-of-london").read_text().replace("2022-09,City", "2022-9,City", 5)
    archive = national_zip(
        tmp_path / "2022-09.zip",
        ["gwent"],
        **{"2022-09/2022-09-city-of-london-street.csv": bad.encode()},
    )
    report = import_json(archive)
    members = {m["force"]: m for m in report["members"]}
    assert members["city-of-london"]["status"] == "failed"
    assert members["city-of-london"]["rejected"] == 5
    assert "nothing was stored" in members["city-of-london"]["message"]
    assert members["gwent"]["status"] == "done"
    # The archive is imported (its good file kept) and says which file was not.
    assert report["status"] == "done"
    assert "1 of 2 files imported; 1 not imported" in report["message"]
    assert Incident.objects.count() == expected_stored(read_rows(street("gwent")))
    assert not Incident.objects.filter(force="City of London Police").exists()
    # The failed file's own report lists its problems by line.
    failed = ImportBatch.objects.get(pk=members["city-of-london"]["id"])
    assert failed.row_errors.count() == 5


def test_a_force_month_without_a_file_is_no_data_not_zero(tmp_path):
    gwent = street("gwent").read_text()
    archive = build_zip(
        tmp_path / "gwent.zip",
        {
            "2022-08/2022-08-gwent-street.csv": gwent.replace(",2022-09,", ",2022-08,").encode(),
            "2022-10/2022-10-gwent-street.csv": gwent.replace(",2022-09,", ",2022-10,").encode(),
        },
    )
    assert import_json(archive)["status"] == "done"
    months = {
        m.month: m for m in source_coverage(source="policeuk-street") if m.scope == "Gwent Police"
    }
    assert months[date(2022, 8, 1)].covered and months[date(2022, 10, 1)].covered
    gap = months[date(2022, 9, 1)]
    assert not gap.covered and gap.status == "no data"


HOSTILE = [
    ("../2022-09-gwent-street.csv", "outside the archive"),
    ("/tmp/2022-09-gwent-street.csv", "outside the archive"),
    ("2022-09\\2022-09-gwent-street.csv", "outside the archive"),
    ("deep/er/2022-09/2022-09-gwent-street.csv", "not in the folder"),
    ("2022-08/2022-09-gwent-street.csv", "not in the folder"),
    ("2022-09/notes.txt", "not a police.uk street file"),
]


def test_a_hostile_archive_reads_only_what_it_should(tmp_path):
    gwent = street("gwent").read_bytes()
    members = {name: gwent for name, _ in HOSTILE}
    # Two megabytes of zeros squeeze to a few kilobytes: far more than any CSV compresses.
    members["2022-09/2022-09-kent-street.csv"] = b"0" * (2 << 20)
    # Named like a street file but holding something else: refused as a file, reported.
    members["2022-09/2022-09-essex-street.csv"] = b"source_reference,offence_date\r\nx,2022\r\n"
    members["2022-09/2022-09-dorset-street.csv"] = b"PK\x03\x04 a zip inside a zip"
    members["2022-09/2022-09-gwent-street.csv"] = gwent
    report = import_json(build_zip(tmp_path / "hostile.zip", members))
    skipped = {s["name"]: s["reason"] for s in report["skipped"]}
    for name, reason in HOSTILE:
        assert reason in skipped[name], name
    assert "zip bomb" in skipped["2022-09/2022-09-kent-street.csv"]
    info = zipfile.ZipFile(tmp_path / "hostile.zip").getinfo("2022-09/2022-09-kent-street.csv")
    assert info.file_size > MAX_COMPRESSION_RATIO * info.compress_size
    status = {m["force"]: (m["status"], m["message"]) for m in report["members"]}
    assert status["gwent"][0] == "done"
    assert status["essex"][0] == "failed" and "Expected" in status["essex"][1]
    assert status["dorset"][0] == "failed" and "not a CSV" in status["dorset"][1]
    assert Incident.objects.count() == expected_stored(read_rows(street("gwent")))
    assert not (Path.cwd().parent / "2022-09-gwent-street.csv").exists()


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "2022-09.zip"
    path.write_bytes(street("gwent").read_bytes())
    report = import_json(path)
    assert report["status"] == "failed"
    assert "not a zip archive" in report["message"]
    assert not Incident.objects.exists()


def test_an_archive_without_street_files_is_refused(tmp_path):
    archive = build_zip(tmp_path / "x.zip", {"2022-09/2022-09-gwent-outcomes.csv": b"a,b\r\n"})
    report = import_json(archive)
    assert report["status"] == "failed"
    assert "holds no data.police.uk street files" in report["message"]
    assert "gwent-outcomes" in report["message"]


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_archive_is_read_from_the_database_in_pieces(monkeypatch, tmp_path):
    """An upload is kept in PostgreSQL in pieces; each member is streamed out of them (here
    pieces of 64 KB, so members span several) without the archive touching the disk."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incidents import services

    monkeypatch.setattr(services, "UPLOAD_CHUNK_BYTES", 64 * 1024)
    data = national_zip(tmp_path / "a.zip", ["city-of-london", "gwent"]).read_bytes()
    batch = services.import_batch_create(upload=SimpleUploadedFile("2022-09.zip", data))
    assert batch.chunks.count() == -(-len(data) // (64 * 1024)) > 3
    monkeypatch.setattr("tempfile.NamedTemporaryFile", None)  # no spooling to disk
    batch = services.import_batch_run(batch_id=batch.pk, inline_members=True)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    expected = sum(expected_stored(read_rows(street(f))) for f in ["city-of-london", "gwent"])
    assert batch.rows_stored == expected == Incident.objects.count()


@pytest.mark.django_db(transaction=True)
def test_the_reader_of_pieces_seeks_like_a_file(tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incidents import services
    from incidents.archives import UploadReader

    monkeypatch.setattr(services, "UPLOAD_CHUNK_BYTES", 1000)
    data = bytes(range(256)) * 40
    batch = services.import_batch_create(upload=SimpleUploadedFile("x.zip", data))
    reader = io.BufferedReader(UploadReader(batch.pk), buffer_size=300)
    assert reader.read() == data
    for position in (0, 999, 1000, 1001, 5555, len(data) - 1):
        reader.seek(position)
        assert reader.read(700) == data[position : position + 700]
    reader.seek(-10, io.SEEK_END)
    assert reader.read() == data[-10:]


def test_the_trend_engine_hears_of_an_archive_once(tmp_path, django_capture_on_commit_callbacks):
    from incidents.signals import import_batch_done

    heard: list[ImportBatch] = []

    def listener(sender, batch, **kwargs):
        heard.append(batch)

    import_batch_done.connect(listener, dispatch_uid="test-archive-once")
    try:
        gwent = street("gwent").read_text()
        archive = national_zip(
            tmp_path / "a.zip",
            ["btp", "gwent"],
            **{
                "2022-08/2022-08-gwent-street.csv": gwent.replace(",2022-09,", ",2022-08,").encode()
            },
        )
        with django_capture_on_commit_callbacks(execute=True):
            report = import_json(archive)
    finally:
        import_batch_done.disconnect(dispatch_uid="test-archive-once")
    assert report["status"] == "done" and len(report["members"]) == 3
    # Once, through the file of the earliest month: a recompute from there covers them all.
    assert [b.member_name for b in heard] == ["2022-08/2022-08-gwent-street.csv"]


def test_rows_in_any_lsoa_of_england_and_wales_are_placed_once_the_lookups_are_loaded(
    run_import,
):
    call_command("load_reference_data", stdout=StringIO())
    batch = run_import(street("gwent"))
    # Gwent's rows lie in Welsh and English LSOAs of both lookups: none is unknown.
    assert batch.rows_unknown_lsoa == 0
    batch = run_import(street("northern-ireland"))
    assert batch.rows_unknown_lsoa == 0  # no PSNI row has an LSOA code


def test_files_queued_behind_each_other_are_not_sent_again_while_the_archive_moves(tmp_path):
    """The periodic resend (for messages lost while the queue was down) leaves an archive's
    waiting files alone while the workers are importing any of its files."""
    from datetime import timedelta

    from django.utils import timezone

    from incidents.archives import import_archive_expand
    from incidents.services import STALE_AFTER, import_batch_create, import_batches_resend

    archive = import_batch_create(path=national_zip(tmp_path / "a.zip", ["btp", "gwent"]))
    members = import_archive_expand(archive=archive)
    assert len(members) == 2
    # The archive's own batch is running: its worker opened it and queued its files.
    ImportBatch.objects.filter(pk=archive.pk).update(
        status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now()
    )
    long_ago = timezone.now() - timedelta(hours=1)
    ImportBatch.objects.filter(archive=archive).update(uploaded_at=long_ago)
    ImportBatch.objects.filter(pk=members[0].pk).update(
        status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now()
    )
    assert import_batches_resend(older_than=timedelta(0)) == 0
    # Nothing has moved for a while: the waiting file's message may be lost, so it is sent.
    ImportBatch.objects.filter(pk=members[0].pk).update(
        heartbeat_at=timezone.now() - STALE_AFTER - timedelta(seconds=1)
    )
    assert import_batches_resend(older_than=timedelta(0)) == 1


def test_the_history_lists_the_archive_not_its_files(tmp_path):
    from incidents.selectors import import_batches_recent

    report = import_json(national_zip(tmp_path / "2022-09.zip", ["btp", "gwent"]))
    assert [b.pk for b in import_batches_recent()] == [report["id"]]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_archive_killed_mid_group_is_recovered_file_by_file(
    celery_worker_process, test_database_url, tmp_path
):
    """From the command line an archive's files are imported a group at a time, in one
    transaction. The process killed while the group is under way (held here at its first
    file's coverage, by a lock the test takes) leaves none of the group's rows, and every file
    of it claimed with its lock free: the recovery sweep takes each over, one by one, and the
    archive ends with the counts of a clean run."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from datetime import timedelta

    import psycopg
    from django.db import connection

    from incidents.services import _lock_holder, import_batches_recover
    from tests.factories import wait_until_finished

    archive_path = national_zip(tmp_path / "2022-09.zip")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    blocker = psycopg.connect(**params)
    blocker.execute("LOCK TABLE incidents_sourcecoverage IN SHARE ROW EXCLUSIVE MODE")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": test_database_url,
    }
    proc = subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), "import_incidents", str(archive_path)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not blocker.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted "
            "AND relation = 'incidents_sourcecoverage'::regclass)"
        ).fetchone()[0]:
            assert proc.poll() is None and time.monotonic() < deadline, "never reached coverage"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        blocker.rollback()
        blocker.close()
    archive = ImportBatch.objects.get(archive__isnull=True)
    members = ImportBatch.objects.filter(archive=archive)
    assert members.count() == len(FORCES)
    deadline = time.monotonic() + 30
    while any(_lock_holder(m.pk) is not None for m in members):  # the session is ending
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # The whole group was under way: every file claimed, none of its rows kept.
    assert set(members.values_list("status", flat=True)) == {ImportBatch.Status.RUNNING}
    assert not Incident.objects.exists()
    assert not SourceCoverage.objects.exists()

    import_batches_recover(older_than=timedelta(0))
    archive = wait_until_finished(archive.pk, timeout=120)
    assert archive.status == ImportBatch.Status.DONE, archive.message
    expected = {f: expected_stored(read_rows(street(f))) for f in FORCES}
    assert archive.rows_stored == sum(expected.values()) == Incident.objects.count()
    for member in ImportBatch.objects.filter(archive=archive):
        force = member.member_name.split("2022-09-", 2)[-1].removesuffix("-street.csv")
        assert member.status == ImportBatch.Status.DONE, member.message
        assert member.attempts == 2  # claimed in the killed group, then taken over alone
        assert member.rows_stored == expected[force] and member.rows_duplicate == (
            member.rows_read - expected[force]
        )
        assert "imported before" not in member.message


@pytest.mark.django_db(transaction=True)
def test_the_heart_of_a_group_beats_while_its_finished_files_wait_for_its_commit(
    monkeypatch, tmp_path, caplog
):
    """A file of a group that is finished holds its report, uncommitted, until the group
    commits: the heartbeat (every few milliseconds here) skips it rather than waiting on it,
    beats the group's other files, and no progress write is ever lost or left waiting."""
    from incidents import services

    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.005)
    caplog.set_level("WARNING", logger="incidents.services")
    report = import_json(national_zip(tmp_path / "2022-09.zip"))
    assert report["status"] == "done" and len(report["members"]) == len(FORCES)
    assert report["stored"] == sum(expected_stored(read_rows(street(f))) for f in FORCES)
    assert "progress not written" not in caplog.text
    beaten = ImportBatch.objects.filter(archive__isnull=False, heartbeat_at__isnull=False)
    assert beaten.count() == len(FORCES)


@pytest.mark.django_db(transaction=True)
def test_the_sweep_ends_a_session_only_when_none_of_its_batches_beats(tmp_path):
    """A session holding the locks of a group's files, whose finished files' hearts no longer
    beat while the others' do, is alive: the sweep leaves it alone. Once none of them beats,
    it hangs, and its session is ended so that the files can be taken over."""
    from datetime import timedelta

    import psycopg
    from django.db import connection
    from django.utils import timezone

    from incidents.archives import import_archive_expand
    from incidents.services import (
        BATCH_LOCK,
        STALE_AFTER,
        import_batch_create,
        import_batches_recover,
    )

    archive = import_batch_create(path=national_zip(tmp_path / "a.zip", ["btp", "gwent"]))
    finished, beating = import_archive_expand(archive=archive)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    holder = psycopg.connect(**params, autocommit=True)  # the group's worker
    try:
        for member in (finished, beating):
            holder.execute("SELECT pg_advisory_lock(%s, %s)", [BATCH_LOCK, member.pk])
        long_ago = timezone.now() - STALE_AFTER - timedelta(seconds=5)
        ImportBatch.objects.filter(pk__in=[archive.pk, finished.pk, beating.pk]).update(
            status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now()
        )
        ImportBatch.objects.filter(pk=finished.pk).update(heartbeat_at=long_ago)
        import_batches_recover(older_than=timedelta(0))
        assert holder.execute("SELECT 1").fetchone() == (1,)  # still connected
        ImportBatch.objects.filter(pk=beating.pk).update(heartbeat_at=long_ago)
        import_batches_recover(older_than=timedelta(0))
        with pytest.raises(psycopg.OperationalError):
            holder.execute("SELECT 1")  # its session was ended
    finally:
        holder.close()
