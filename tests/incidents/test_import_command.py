"""`manage.py import_incidents`: the same service, synchronously, with --json for scripts."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from incidents.models import Incident
from tests.factories import BEDS_2019_01, TV_2019_01, read_rows, write_file

MONTH_REASON = "must be a month written YYYY-MM, e.g. 2019-01, from 2000 to this month"

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("import_incidents", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_json_gives_one_object_a_file_with_the_counts():
    code, out = run(str(TV_2019_01), str(BEDS_2019_01), "--json")
    assert code == 0
    first, second = (json.loads(line) for line in out.strip().splitlines())
    for key in ("file", "format", "status", "read", "stored", "duplicates", "rejected", "errors"):
        assert key in first
    assert first["file"] == TV_2019_01.name
    assert first["format"] == "policeuk-street"
    assert first["status"] == "done"
    assert first["read"] == first["stored"] == len(read_rows(TV_2019_01))
    assert second["stored"] == len(read_rows(BEDS_2019_01))
    assert Incident.objects.count() == first["stored"] + second["stored"]


def test_a_second_run_reports_duplicates():
    run(str(TV_2019_01), "--json")
    code, out = run(str(TV_2019_01), "--json")
    result = json.loads(out)
    assert code == 0
    assert result["stored"] == 0 and result["duplicates"] == result["read"]


def test_it_exits_non_zero_when_a_file_is_refused(tmp_path):
    bad = write_file(tmp_path / "bad.csv", ["x"], header="Ward,Count")
    code, out = run(str(TV_2019_01), str(bad), "--json")
    assert code == 1
    good, refused = (json.loads(line) for line in out.strip().splitlines())
    assert good["status"] == "done"
    assert refused["status"] == "failed" and refused["stored"] == 0
    assert "found columns: Ward, Count" in refused["message"]


def test_row_errors_are_listed_with_line_and_column(tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:4]
    lines[1] = lines[1].replace("2019-01", "2019-1", 1)
    code, out = run(str(write_file(tmp_path / "bad.csv", lines)), "--json")
    result = json.loads(out)
    assert code == 1
    assert result["errors"] == [
        {
            "line": 3,
            "column": "Month",
            "reason": MONTH_REASON,
            "value": "2019-1",
        }
    ]


def test_human_output_names_the_counts():
    code, out = run(str(BEDS_2019_01))
    assert code == 0
    assert "done (policeuk-street)" in out
    assert f"read {len(read_rows(BEDS_2019_01))}" in out


def test_an_explicit_format_refuses_other_files(tmp_path):
    bad = write_file(tmp_path / "x.csv", ["1,2"], header="a,b")
    code, out = run(str(bad), "--format", "policeuk-street", "--json")
    assert code == 1 and json.loads(out)["status"] == "failed"
