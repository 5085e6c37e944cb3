"""Reading figures from one snapshot of the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Every query inside sees the same committed state (a read-only REPEATABLE READ
    transaction), so a page's figures, its suppression marks and the generation it is cached
    under cannot straddle a recompute's commit. Inside a transaction already (a test, a
    caller's atomic block) it runs in that one."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
