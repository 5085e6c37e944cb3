"""The embedded PostgreSQL starts in the project's var folder, is reused, and stops cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.server


def localdb(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MKV_VAR_DIR": str(var_dir)}
    env.pop("XDG_RUNTIME_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "mkviolence.localdb", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_postgres_starts_is_reused_and_stops(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    try:
        assert localdb(var_dir, "status").returncode == 3
        assert localdb(var_dir, "start").returncode == 0
        assert (var_dir / "postgres" / "PG_VERSION").read_text().strip() == "18"
        pid = (var_dir / "postgres" / "postmaster.pid").read_text().split()[0]
        # A second start finds the same server rather than starting another.
        assert localdb(var_dir, "start").returncode == 0
        assert (var_dir / "postgres" / "postmaster.pid").read_text().split()[0] == pid
        url = localdb(var_dir, "url").stdout.strip()
        assert url.startswith("postgres://postgres@/mkviolence?host=")
    finally:
        stopped = localdb(var_dir, "stop")
    assert "stopped" in stopped.stdout
    assert localdb(var_dir, "status").returncode == 3
    assert not (var_dir / "postgres" / "postmaster.pid").exists()
