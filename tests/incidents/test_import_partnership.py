"""The partnership incident template: every column's validation, import, and re-upload by
reference."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.formats import OFFENCE_TYPES, PARTNERSHIP_HEADER
from incidents.models import ImportBatch, Incident, OffenceType
from tests.factories import PARTNERSHIP_ROW_HEADER as HEADER
from tests.factories import incident_snapshot, write_file
from tests.factories import partnership_row as row

pytestmark = pytest.mark.django_db


def problems(batch: ImportBatch) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.reason) for e in batch.row_errors.order_by("line", "id")]


def test_a_template_row_becomes_an_incident(run_import, tmp_path):
    batch = run_import(write_file(tmp_path / "p.csv", [row()], header=HEADER))
    assert batch.status == "done", batch.message
    assert batch.format == "partnership"
    i = Incident.objects.get()
    assert (i.source, i.source_ref, i.category) == ("partnership", "REF-1", "gbh-wounding")
    assert (i.month, i.occurred_on) == (date(2024, 3, 1), date(2024, 3, 2))
    assert (i.knife, i.firearm, i.public_place, i.domestic, i.drug_related, i.gang_related) == (
        True,
        False,
        True,
        False,
        True,
        None,
    )
    assert (i.victim_age, i.victim_age_band, i.suspect_age) == (19, "16-24", 21)
    assert (i.lsoa_code, i.la_code) == ("E01016796", "")


def test_coordinates_without_an_lsoa_count_in_the_partnership_area(run_import, tmp_path):
    line = row(lsoa_code="", latitude="52.0406", longitude="-0.7594")
    run_import(write_file(tmp_path / "p.csv", [line], header=HEADER))
    i = Incident.objects.get()
    assert (i.latitude, i.longitude, i.lsoa_code, i.la_code) == (52.0406, -0.7594, "", "E06000042")


def test_flags_accept_yes_no_in_several_spellings(run_import, tmp_path):
    lines = [
        row(source_reference=f"R{n}", knife_or_sharp_instrument=v)
        for n, v in enumerate(["Y", "No", "TRUE", "0", ""])
    ]
    run_import(write_file(tmp_path / "p.csv", lines, header=HEADER))
    knife = dict(Incident.objects.values_list("source_ref", "knife"))
    assert knife == {"R0": True, "R1": False, "R2": True, "R3": False, "R4": None}


TOMORROW = (timezone.localdate() + timedelta(days=2)).isoformat()
CASES = [
    ({"source_reference": ""}, "source_reference", "is empty"),
    ({"source_reference": "x" * 129}, "source_reference", "longer than 128"),
    ({"offence_date": "02/03/2024"}, "offence_date", "YYYY-MM-DD"),
    ({"offence_date": "2024-02-30"}, "offence_date", "not a real date"),
    ({"offence_date": TOMORROW}, "offence_date", "in the future"),
    ({"offence_date": "1999-12-31"}, "offence_date", "before 2000"),
    ({"offence_type": "stabbing"}, "offence_type", "must be one of"),
    ({"knife_or_sharp_instrument": "maybe"}, "knife_or_sharp_instrument", "yes, no or empty"),
    ({"firearm": "2"}, "firearm", "yes, no or empty"),
    ({"public_place": "street"}, "public_place", "yes, no or empty"),
    ({"domestic": "?"}, "domestic", "yes, no or empty"),
    ({"drug_related": "drugs"}, "drug_related", "yes, no or empty"),
    ({"gang_related": "gang"}, "gang_related", "yes, no or empty"),
    ({"victim_age": "nineteen"}, "victim_age", "whole number"),
    ({"victim_age": "130"}, "victim_age", "whole number"),
    ({"suspect_age": "-3"}, "suspect_age", "whole number"),
    ({"lsoa_code": "MK1"}, "lsoa_code", "not an England/Wales LSOA"),
    ({"lsoa_code": "", "latitude": "52.04"}, "longitude", "other coordinate"),
    ({"lsoa_code": "", "latitude": "40.1", "longitude": "-0.75"}, "latitude", "outside the UK"),
    ({"lsoa_code": "", "latitude": "52.0", "longitude": "east"}, "longitude", "not a number"),
    ({"lsoa_code": ""}, "lsoa_code", "give an LSOA code, or latitude and longitude"),
]


@pytest.mark.parametrize(
    ("changes", "column", "reason"), CASES, ids=[c[1] + ":" + c[2] for c in CASES]
)
def test_every_column_is_checked(run_import, tmp_path, changes, column, reason):
    path = write_file(
        tmp_path / "p.csv", [row(source_reference="OK-1"), row(**changes)], header=HEADER
    )
    batch = run_import(path)
    assert batch.status == "failed"
    [(line, col, why)] = problems(batch)
    assert (line, col) == (3, column)
    assert reason in why
    assert Incident.objects.count() == 0


def test_the_offence_type_list_matches_the_model():
    assert list(OFFENCE_TYPES) == [t.value for t in OffenceType]


def test_reuploading_updates_by_source_reference(run_import, tmp_path):
    run_import(
        write_file(tmp_path / "a.csv", [row(), row(source_reference="REF-2")], header=HEADER)
    )
    first_id = Incident.objects.get(source_ref="REF-1").id
    changed = [row(victim_age="15"), row(source_reference="REF-2"), row(source_reference="REF-3")]
    batch = run_import(write_file(tmp_path / "b.csv", changed, header=HEADER))
    assert (batch.rows_stored, batch.rows_updated, batch.rows_duplicate) == (1, 1, 1)
    updated = Incident.objects.get(source_ref="REF-1")
    assert updated.id == first_id and updated.victim_age == 15 and updated.victim_age_band == "0-15"
    assert Incident.objects.count() == 3


def test_the_same_rows_again_change_nothing(run_import, tmp_path):
    lines = [row(), row(source_reference="REF-2", offence_type="robbery")]
    run_import(write_file(tmp_path / "a.csv", lines, header=HEADER))
    before = incident_snapshot()
    batch = run_import(write_file(tmp_path / "b.csv", lines + [""], header=HEADER))
    assert (batch.rows_stored, batch.rows_updated, batch.rows_duplicate) == (0, 0, 2)
    assert incident_snapshot() == before


def test_the_template_is_downloadable_and_imports_cleanly(client, make_user, run_import, tmp_path):
    from mkviolence.roles import ANALYST

    client.force_login(make_user(ANALYST))
    response = client.get(reverse("incidents:template", args=["partnership-incident-template.csv"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.decode().splitlines()[0] == HEADER
    path = tmp_path / "template.csv"
    path.write_bytes(content)
    batch = run_import(path)
    assert batch.status == "done" and batch.rows_stored == 3, batch.message


def _row(ref: str, day: str) -> str:
    return f"{ref},{day},robbery,yes,no,yes,no,no,no,19,22,E01016753,,"


def test_a_file_covers_only_the_months_it_has_rows_for(run_import, tmp_path):
    """One stray row years earlier must not turn the years between into zeros."""
    from incidents.models import SourceCoverage

    rows = [_row("OLD-1", "2019-05-04"), _row("A-1", "2024-01-10"), _row("A-2", "2024-03-02")]
    batch = run_import(write_file(tmp_path / "p.csv", rows, header=",".join(PARTNERSHIP_HEADER)))
    assert batch.status == "done", batch.message
    months = sorted(SourceCoverage.objects.values_list("month", flat=True))
    assert months == [date(2019, 5, 1), date(2024, 1, 1), date(2024, 3, 1)]
    assert "the months with rows" in batch.message


def test_a_stated_period_covers_every_month_in_it(run_import, tmp_path):
    from incidents.models import SourceCoverage

    rows = [_row("A-1", "2024-01-10"), _row("A-2", "2024-03-02")]
    path = write_file(tmp_path / "p.csv", rows, header=",".join(PARTNERSHIP_HEADER))
    batch = run_import(path, period=(date(2023, 12, 1), date(2024, 4, 1)))
    assert batch.status == "done", batch.message
    months = sorted(SourceCoverage.objects.values_list("month", flat=True))
    assert months == [
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
        date(2024, 4, 1),
    ]
    assert "Covers December 2023 to April 2024 (as stated)" in batch.message
    assert (batch.period_start, batch.period_end) == (date(2023, 12, 1), date(2024, 4, 30))


def test_a_row_outside_the_stated_period_is_an_error(run_import, tmp_path):
    rows = [_row("A-1", "2024-01-10"), _row("OLD-1", "2019-05-04")]
    path = write_file(tmp_path / "p.csv", rows, header=",".join(PARTNERSHIP_HEADER))
    batch = run_import(path, period=(date(2024, 1, 1), date(2024, 3, 1)))
    assert batch.status == "failed"
    [error] = batch.row_errors.all()
    assert (error.line, error.column) == (3, "offence_date")
    assert "outside the period this file covers (January 2024 to March 2024)" in error.reason
    assert not Incident.objects.exists()


def test_the_command_line_takes_a_period(tmp_path, db):
    import json
    from io import StringIO

    from django.core.management import call_command

    from incidents.models import SourceCoverage

    path = write_file(
        tmp_path / "p.csv", [_row("A-1", "2024-02-10")], header=",".join(PARTNERSHIP_HEADER)
    )
    out = StringIO()
    call_command("import_incidents", str(path), "--period", "2024-01:2024-03", "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "done"
    assert SourceCoverage.objects.count() == 3
