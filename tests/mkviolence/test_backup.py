"""Backups that restore: `manage.py backup FILE` then `manage.py restore FILE` give back every
table exactly (incidents, uploads, figures, strategy, meetings, history, the audit log, and where
each sequence stood), with PostgreSQL's own tools of the server's version; on the embedded
database and (CI's second pass) on a server one. A file that is not a complete backup of this
product is refused before anything is touched."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.models import SecurityEvent
from audit.security import security_event_record
from dashboard.models import TrendFigure
from dashboard.services import trends_recompute_all
from incidents.models import Area, Incident
from mkviolence.backup import DUMP, MANIFEST, _connection_env, _server_version, postgres_tools
from mkviolence.roles import ANALYST
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionStatus, BoardMeeting
from strategy.services import action_update
from tests.factories import KNIFE, PUNCH, TV_2018_10, TV_2019_01, extract

pytestmark = pytest.mark.django_db(transaction=True)


def database() -> dict[str, object]:
    """Every table as its row count and a digest of all its rows, and each sequence's value."""
    found: dict[str, object] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        for (table,) in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), "  # noqa: S608
                f"'')) FROM \"{table}\" t"
            )
            found[table] = cursor.fetchone()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        found.update({f"sequence {name}": value for name, value in cursor.fetchall()})
    return found


@pytest.fixture
def system_of_record(empty_database, run_import, make_user, tmp_path):
    """A little of everything the partnership relies on. The full recompute at the end covers
    every import, so a recompute an import queued for the suite's worker (if it runs) finds
    nothing left to do and changes nothing while the test compares."""
    Area.objects.create(code="E23000029", name="Thames Valley", level="force", vintage=2019)
    run_import(TV_2018_10)
    run_import(TV_2019_01)
    run_import(extract(tmp_path, [KNIFE, PUNCH]))
    strategy_demo_load(today=timezone.localdate())  # actions, their history, two meetings
    trends_recompute_all()
    security_event_record("sign_in", user=make_user(ANALYST))
    assert TrendFigure.objects.exists() and BoardMeeting.objects.count() == 2


def backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path) -> str:
    out = StringIO()
    call_command("restore", str(path), "--no-input", stdout=out)
    return out.getvalue()


def test_a_backup_restores_everything_exactly_as_it_was(system_of_record, tmp_path):
    before = database()
    said = backup(tmp_path / "nightly.backup")
    assert f"{Incident.objects.count():,} incidents" in said
    assert (tmp_path / "nightly.backup").stat().st_mode & 0o077 == 0  # its owner's alone

    # Damage: incidents deleted, actions edited (with their history), a meeting and figures gone.
    Incident.objects.filter(source="policeuk-street", month__year=2019).delete()
    action = Action.objects.filter(status=ActionStatus.ON_TRACK).first()
    action_update(action_id=action.pk, status=ActionStatus.COMPLETE, progress=100, note="Oops")
    BoardMeeting.objects.order_by("held_on").first().delete()
    TrendFigure.objects.filter(month__year=2019).delete()
    security_event_record("sign_out", username="someone")
    assert database() != before

    said = restore(tmp_path / "nightly.backup")
    assert "Restored" in said
    assert database() == before
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK
    assert BoardMeeting.objects.count() == 2
    assert not SecurityEvent.objects.filter(kind="sign_out").exists()


def _pack(path: Path, manifest: dict, dump: bytes) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in ((MANIFEST, json.dumps(manifest).encode()), (DUMP, dump)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _unpack(path: Path) -> tuple[dict, bytes]:
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        return manifest, tar.extractfile(DUMP).read()


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def not_a_backup(kind: str, tmp_path: Path) -> Path:
    if kind == "an incident file":
        return Path(TV_2019_01)
    made = tmp_path / "real.backup"
    backup(made)
    manifest, dump = _unpack(made)
    if kind == "another product's archive":
        return _pack(tmp_path / "other.backup", {**manifest, "product": "something-else"}, dump)
    if kind == "a damaged backup":
        flipped = bytearray(dump)
        flipped[len(flipped) // 2] ^= 0xFF
        return _pack(tmp_path / "damaged.backup", manifest, bytes(flipped))
    if kind == "a dump of another database":
        # A real pg_dump archive, with a manifest forged to match it, of tables that are not
        # this product's (the sessions table alone).
        tools = postgres_tools(_server_version()[0])
        other = subprocess.run(
            [tools["pg_dump"], "--format=custom", "--table=django_session"],
            env=_connection_env(),
            capture_output=True,
            check=True,
        ).stdout
        forged = {**manifest, "dump": {"name": DUMP, "size": len(other), "sha256": _sha256(other)}}
        return _pack(tmp_path / "forged.backup", forged, other)
    if kind == "a backup from a newer version":
        newer = {**manifest, "migrations": {**manifest["migrations"]}}
        newer["migrations"]["incidents"] = [*newer["migrations"]["incidents"], "9999_future"]
        return _pack(tmp_path / "newer.backup", newer, dump)
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("an incident file", "is not a backup made by mkviolence"),
        ("another product's archive", "does not name mkviolence"),
        ("a damaged backup", "is damaged"),
        ("a dump of another database", "holds none of django_migrations, incidents_incident"),
        ("a backup from a newer version", "made by a newer version of mkviolence"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_of_this_product(tmp_path, kind, reason):
    strategy_demo_load(today=timezone.localdate())  # data, and no job that could change it
    path = not_a_backup(kind, tmp_path)
    before = database()
    with pytest.raises(CommandError, match=reason):
        restore(path)
    assert database() == before
