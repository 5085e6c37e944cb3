"""The NumPy binary COPY packer: every type it packs reaches PostgreSQL as the same value."""

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
from django.db import connection

from dashboard.figures.binary_copy import copy_types, frame_to_copy_binary
from dashboard.models import TrendFigure

pytestmark = pytest.mark.django_db

TYPES = {
    "label": "text",
    "small": "int4",
    "big": "int8",
    "ratio": "float8",
    "flag": "bool",
    "day": "date",
    "stamp": "timestamptz",
}


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["knife-crime", None, "", "élan"],
            "small": pd.array([1, None, -7, 2_000_000_000], dtype="Int64"),
            "big": [1, 2, 3, 9_000_000_000_000],
            "ratio": [0.5, np.nan, -12.345678901234, 1e-300],
            "flag": pd.array([True, False, None, True], dtype="boolean"),
            "day": [date(2024, 3, 1), date(1999, 12, 31), None, date(2000, 1, 1)],
            "stamp": [
                datetime(2026, 11, 22, 9, 30, 1, 123456, tzinfo=UTC),
                None,
                None,
                datetime(2000, 1, 1, tzinfo=UTC),
            ],
        }
    )


def copied(chunks: list[bytes]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE packed (label text, small int, big bigint, ratio double precision, "
            "flag boolean, day date, stamp timestamptz)"
        )
        with cursor.cursor.copy("COPY packed FROM STDIN (FORMAT binary)") as copy:
            for chunk in chunks:
                copy.write(chunk)
        cursor.execute("SELECT * FROM packed")
        return cursor.fetchall()


EXPECTED = [
    (
        "knife-crime",
        1,
        1,
        0.5,
        True,
        date(2024, 3, 1),
        datetime(2026, 11, 22, 9, 30, 1, 123456, tzinfo=UTC),
    ),
    (None, None, 2, None, False, date(1999, 12, 31), None),
    ("", -7, 3, -12.345678901234, None, None, None),
    (
        "élan",
        2_000_000_000,
        9_000_000_000_000,
        1e-300,
        True,
        date(2000, 1, 1),
        datetime(2000, 1, 1, tzinfo=UTC),
    ),
]


def test_every_type_and_null_arrives_unchanged():
    assert copied([frame_to_copy_binary(frame(), TYPES)]) == EXPECTED


def test_a_stream_sent_in_chunks_has_one_header_and_one_trailer():
    whole = frame()
    chunks = [
        frame_to_copy_binary(whole.iloc[:1], TYPES, trailer=False),
        frame_to_copy_binary(whole.iloc[1:3], TYPES, header=False, trailer=False),
        frame_to_copy_binary(whole.iloc[3:], TYPES, header=False),
    ]
    assert copied(chunks) == EXPECTED


def test_column_types_come_from_the_model_fields():
    assert copy_types(
        TrendFigure, ["measure", "area_id", "month", "count", "rate", "covered", "data_vintage"]
    ) == {
        "measure": "text",
        "area_id": "int8",
        "month": "date",
        "count": "int4",
        "rate": "float8",
        "covered": "bool",
        "data_vintage": "timestamptz",
    }
