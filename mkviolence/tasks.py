"""Housekeeping tasks that belong to no single app."""

import os
import socket

from celery import shared_task
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone


@shared_task
def worker_ping() -> dict[str, object]:
    """Report which process ran this and what database it sees (used by tests and operators)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (database,) = cursor.fetchone()
    return {"pid": os.getpid(), "host": socket.gethostname(), "database": database}


@shared_task
def sessions_clear_expired() -> int:
    """Nightly: delete expired sessions (what `manage.py clearsessions` does)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
