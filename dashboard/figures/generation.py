"""The figures' generation: a counter that every cache key of figures, pages and suppression
marks carries (the pattern of djangoproject.com's dashboard generation key).

It moves on inside the transaction that writes new figures, so it becomes visible at exactly the
moment the figures do: a reader that sees generation g in its snapshot sees g's figures, however
recomputes interleave or finish out of order. It never goes back: each bump takes at least the
database clock in milliseconds, so a database restored from a backup cannot hand out a number a
cache already holds pages under."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from ..models import FigureGeneration

_BUMP = f"""
INSERT INTO {FigureGeneration._meta.db_table} (id, value)
VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
ON CONFLICT (id) DO UPDATE SET value = GREATEST(
    {FigureGeneration._meta.db_table}.value + 1, EXCLUDED.value
)
RETURNING value
"""  # noqa: S608 - the table name comes from the model; no value is interpolated


def generation_bump() -> int:
    """Move the generation on; call inside the transaction that changes figures."""
    with connection.cursor() as cursor:
        cursor.execute(_BUMP)
        return int(cursor.fetchone()[0])


def generation_query() -> QuerySet[FigureGeneration, int]:
    """The current generation as a query (the page replay asks it inside its own SQL)."""
    return FigureGeneration.objects.filter(pk=1).values_list("value", flat=True)


def generation_current() -> int:
    """The generation of the figures this transaction sees (0 before any recompute)."""
    return generation_query().first() or 0
