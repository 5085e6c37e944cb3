"""Hostile files, as a fixed corpus and as generated rows and bytes: each gets a clear message
(a refusal, or row problems with line and column), never a server error, and the database is
left exactly as it was."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.models import ImportBatch
from incidents.services import import_batch_create, import_batch_run
from tests.factories import HEADER, TV_2019_01, incident_snapshot
from tests.factories import policeuk_row as row

pytestmark = pytest.mark.django_db
GOOD = row()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("street.csv", f"{HEADER}\n{GOOD}\n")
    return buffer.getvalue()


CORPUS = {
    "utf-16": (f"{HEADER}\n{GOOD}\n").encode("utf-16"),
    "latin-1 accents": (
        f"{HEADER}\n" + row(Location="On or near Caf\u00e9 Cr\u00e8me") + "\n"
    ).encode("latin-1"),
    "zip renamed .csv": _zip(),
    "image renamed .csv": _png(),
    "semicolons": (f"{HEADER}\n{GOOD}\n").replace(",", ";").encode(),
    "tabs": (f"{HEADER}\n{GOOD}\n").replace(",", "\t").encode(),
    "duplicated column": (f"{HEADER},Month\n{GOOD},2019-01\n").encode(),
    "missing column": (
        ",".join(HEADER.split(",")[:-1]) + "\n" + GOOD.rsplit(",", 1)[0] + "\n"
    ).encode(),
    "extra column": (f"{HEADER},Notes\n{GOOD},hello\n").encode(),
    "NUL bytes": (f"{HEADER}\n{GOOD}\n").encode().replace(b"Robbery", b"Rob\x00bery"),
    "huge line": (f"{HEADER}\n" + "x" * (2 << 20) + "\n").encode(),
    "unclosed quote": (
        f"{HEADER}\n" + GOOD.replace("On or near", '"On or near') + "\n" + GOOD + "\n"
    ).encode(),
    "date out of range": (f"{HEADER}\n" + row(Month="9999-01") + "\n").encode(),
    "coordinates out of range": (
        f"{HEADER}\n" + row(Latitude="95", Longitude="200") + "\n"
    ).encode(),
    "NaN and infinity": (
        f"{HEADER}\n" + row(Latitude="NaN") + "\n" + row(Longitude="inf") + "\n"
    ).encode(),
    "empty": b"",
    "header only": f"{HEADER}\n".encode(),
    "only blank lines": b"\n\n\r\n",
}


def test_quotes_and_newlines_inside_fields_are_read_as_csv(tmp_path, db):
    from incidents.models import Incident

    location = 'On or near "Midsummer"\nBoulevard, MK9'
    quoted = '"' + location.replace('"', '""') + '"'
    data = (f"{HEADER}\n" + row(Location=quoted) + "\n").encode()
    batch = _import(tmp_path, "quoted", data)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert Incident.objects.get().location == location


@pytest.fixture
def held(run_import):
    run_import(TV_2019_01)
    return incident_snapshot()


def _import(tmp_path, name: str, data: bytes) -> ImportBatch:
    path = tmp_path / f"{name.replace(' ', '-')}.csv"
    path.write_bytes(data)
    return import_batch_run(batch_id=import_batch_create(path=path).pk)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_hostile_file_gets_a_clear_message_and_changes_nothing(held, tmp_path, name):
    batch = _import(tmp_path, name, CORPUS[name])
    assert batch.status == ImportBatch.Status.FAILED, (name, batch.message)
    reasons = [e.reason for e in batch.row_errors.all()]
    message = batch.message + " ".join(reasons)
    assert message.strip(), name
    assert "Traceback" not in message and "Error:" not in batch.message
    assert incident_snapshot() == held


def test_a_formula_in_a_field_is_kept_as_text_and_neutralised_in_exports(
    tmp_path, client, make_user
):
    from django.urls import reverse

    from incidents.models import Incident

    formula = '=HYPERLINK("http://evil.example","x")'
    path = tmp_path / "formula.csv"
    path.write_text(
        f"{HEADER}\n" + row(Location=f'"{formula.replace(chr(34), chr(34) * 2)}"') + "\n",
        encoding="utf-8",
    )
    batch = import_batch_run(batch_id=import_batch_create(path=path).pk)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert Incident.objects.get().location == formula  # stored as it was, as text
    # The analyst's error export neutralises formulas in any cell it writes.
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n" + row(Month="=1+1") + "\n", encoding="utf-8")
    failed = import_batch_run(batch_id=import_batch_create(path=bad).pk)
    client.force_login(make_user("Analyst"))
    exported = client.get(reverse("incidents:import-errors-csv", args=[failed.pk])).content
    assert b"'=1+1" in exported and b",=1+1" not in exported


FIELD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(FIELD, min_size=0, max_size=14), min_size=1, max_size=8))
def test_generated_rows_never_break_the_import(held, tmp_path, rows):
    """Any rows at all under a police.uk header: stored whole, or refused with row problems;
    never a server error or a half-stored file."""
    import csv

    buffer = io.StringIO()
    buffer.write(HEADER + "\n")
    csv.writer(buffer).writerows(rows)
    batch = _import(tmp_path, "generated", buffer.getvalue().encode("utf-8"))
    assert batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED)
    if batch.status == ImportBatch.Status.FAILED:
        assert batch.message and incident_snapshot() == held
        assert "stopped before it finished" not in batch.message, batch.message


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=2000))
def test_generated_bytes_never_break_the_import(held, tmp_path, data):
    batch = _import(tmp_path, "bytes", HEADER.encode() + b"\n" + data)
    assert batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED)
    assert "stopped before it finished" not in batch.message, batch.message
    if batch.status == ImportBatch.Status.FAILED:
        assert incident_snapshot() == held
