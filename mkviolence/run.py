"""`make run`: bring up the whole product on a laptop.

Starts the embedded PostgreSQL (unless DATABASE_URL is set), migrates, loads reference and demo
data, then runs web, Celery worker and beat together (honcho, from ./Procfile). Ctrl-C (or
SIGTERM) stops every process it started, then the embedded database if this run started it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from mkviolence import localdb

BASE_DIR = Path(__file__).resolve().parent.parent


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def _announce_when_ready(url: str, stop: threading.Event) -> None:
    from mkviolence.demo import DEMO_USERS

    deadline = time.monotonic() + 120
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - loopback URL
                break
        except OSError:
            time.sleep(0.5)
    else:
        return
    lines = [
        "",
        "=" * 64,
        f"  mkviolence is running at {url}/",
        "  Demo sign-ins (username / password):",
        *(f"    {u.role:<13} {u.username} / {u.password}" for u in DEMO_USERS),
        "  Press Ctrl-C to stop web, worker, beat and the database.",
        "=" * 64,
        "",
    ]
    print("\n".join(lines), flush=True)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mkviolence.settings.dev")
    host = os.environ.setdefault("MKV_HOST", "127.0.0.1")
    port = os.environ.setdefault("MKV_PORT", "8000")
    started_db = False
    if not os.environ.get("DATABASE_URL"):
        started_db = not localdb.is_running()
        localdb.start()
    try:
        _manage("migrate", "--noinput")
        _manage("demo_setup")
        # Procfile commands (python, celery) must come from this virtualenv.
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        proc = subprocess.Popen(
            [str(bin_dir / "honcho"), "start", "-f", str(BASE_DIR / "Procfile")],
            cwd=BASE_DIR,
            env=env,
        )
        stop = threading.Event()
        threading.Thread(
            target=_announce_when_ready, args=(f"http://{host}:{port}", stop), daemon=True
        ).start()

        # Ctrl-C reaches honcho directly (same process group); SIGTERM to us is passed on.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGINT))
        code = proc.wait()
        stop.set()
        return code
    finally:
        if started_db:
            localdb.stop()
            print("embedded PostgreSQL stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
