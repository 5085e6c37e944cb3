"""Who made a change: the audit context that pghistory attaches to every tracked change.

- a web request (POST and the like): the signed-in user, the path and the address
  (``audit.middleware.HistoryMiddleware``);
- ``manage.py``: the command and the operating-system user (``command_context``, entered by
  ``manage.py`` itself, so Django's own commands such as ``createsuperuser`` count too);
- a Celery task: the task, and the user it acts for where it knows one (``acting_for``).

A change made outside all of these (``psql``, say) is still recorded, with no context: the
audit log shows it as "outside the application"."""

from __future__ import annotations

import getpass
import os
import socket

import pghistory


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return str(os.getuid())


def command_context(argv: list[str]) -> pghistory.context:
    """The context of a ``manage.py`` run: the command, its OS user and host."""
    command = argv[1] if len(argv) > 1 else "help"
    return pghistory.context(command=command, os_user=_os_user(), host=socket.gethostname())


def task_context(task_name: str) -> pghistory.context:
    return pghistory.context(task=task_name, os_user=_os_user(), host=socket.gethostname())


def acting_for(user_id: int | None) -> None:
    """Within a task's context: the changes are made for this user (the uploader of a batch).
    Outside any audit context this does nothing."""
    if user_id is not None:
        pghistory.context(user=user_id)
