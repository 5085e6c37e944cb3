"""Figure rows written to their tables with one binary ``COPY`` each (``binary_copy`` packs
them): a full recompute writes hundreds of thousands of rows, which ``bulk_create`` or text
``COPY`` would spend most of the recompute formatting."""

from __future__ import annotations

import pandas as pd
from django.db import connection, models

from .binary_copy import copy_types, frame_to_copy_binary

COPY_CHUNK_ROWS = 20_000


def rows_copy(model: type[models.Model], frame: pd.DataFrame) -> int:
    """Append the frame's rows to the model's table. Columns are named as the model's fields
    (``area`` for ``area_id``). Returns how many rows were written."""
    if frame.empty:
        return 0
    fields = {f.name: f.column for f in model._meta.concrete_fields}
    frame = frame.rename(columns=fields)
    types = copy_types(model, frame.columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(frame.columns)}) FROM STDIN (FORMAT binary)"
        ) as copy:
            # In chunks, so PostgreSQL stores one while NumPy packs the next.
            for start in range(0, len(frame), COPY_CHUNK_ROWS):
                chunk = frame.iloc[start : start + COPY_CHUNK_ROWS]
                last = start + COPY_CHUNK_ROWS >= len(frame)
                copy.write(frame_to_copy_binary(chunk, types, header=start == 0, trailer=last))
    return len(frame)
