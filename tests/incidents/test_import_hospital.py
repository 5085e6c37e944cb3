"""Hospital A&E extracts in the shape of the NHS ISTV minimum data set."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.formats import ISTV_HEADER
from incidents.models import Incident, SourceCoverage
from tests.factories import HOME, KNIFE, PUNCH, extract, incident_snapshot

pytestmark = pytest.mark.django_db


def test_an_extract_imports_as_hospital_incidents(run_import, tmp_path):
    batch = run_import(extract(tmp_path, [KNIFE, PUNCH, HOME]))
    assert batch.status == "done", batch.message
    assert batch.format == "hospital-istv" and batch.rows_stored == 3
    knife = Incident.objects.get(category="assault-knife-sharp-object")
    assert (knife.source, knife.reported_by, knife.la_code) == ("hospital", "RD816", "E06000042")
    assert (knife.knife, knife.firearm, knife.public_place) == (True, False, True)
    assert knife.victim_age_band == "16-24"
    assert (knife.month, knife.occurred_on) == (date(2024, 3, 1), date(2024, 3, 2))
    home = Incident.objects.get(category="assault-blunt-object")
    assert (home.knife, home.public_place) == (False, False)
    # Free text can identify people and places: it is never stored.
    assert not Incident.objects.filter(context__contains="stabbed").exists()
    assert set(Incident.objects.values_list("location", "context")) == {("", "")}


def test_the_reporting_period_is_recorded_as_covered(run_import, tmp_path):
    run_import(extract(tmp_path, [KNIFE], start="2024-02-01", end="2024-03-31"))
    months = list(SourceCoverage.objects.filter(source="hospital").values_list("scope", "month"))
    assert months == [("RD816", date(2024, 2, 1)), ("RD816", date(2024, 3, 1))]


def test_a_new_extract_for_the_period_replaces_the_old_one(run_import, tmp_path):
    run_import(extract(tmp_path, [KNIFE, PUNCH, HOME], name="first.csv"))
    batch = run_import(extract(tmp_path, [KNIFE], name="revised.csv"))
    assert (batch.rows_replaced, batch.rows_stored) == (3, 1)
    assert Incident.objects.count() == 1


def test_the_same_rows_again_change_nothing(run_import, tmp_path):
    run_import(extract(tmp_path, [KNIFE, PUNCH], name="first.csv"))
    before = incident_snapshot()
    ids = sorted(Incident.objects.values_list("id", flat=True))
    batch = run_import(extract(tmp_path, [PUNCH, KNIFE], name="same-rows.csv"))
    assert (batch.rows_stored, batch.rows_replaced, batch.rows_duplicate) == (0, 0, 2)
    assert incident_snapshot() == before
    assert sorted(Incident.objects.values_list("id", flat=True)) == ids


def test_other_sites_are_untouched(run_import, tmp_path):
    run_import(extract(tmp_path, [KNIFE], site="RD816", name="a.csv"))
    run_import(extract(tmp_path, [PUNCH], site="RXQ02", name="b.csv"))
    assert Incident.objects.count() == 2


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        (KNIFE.replace("Knife or sharp object", "Sword"), "Assault method", "must be one of"),
        (
            KNIFE.replace("Street or public place", "Park"),
            "Assault location type",
            "must be one of",
        ),
        (KNIFE.replace("16-24", "18"), "Patient age band", "must be one of"),
        (
            KNIFE.replace("2024-03-02,23:40", "2024-04-02,23:40"),
            "Arrival date",
            "outside the file's reporting period",
        ),
        (KNIFE.replace("23:40", "25:40"), "Arrival time", "HH:MM"),
        (
            KNIFE.replace(",2024-03-02,23:05", ",2024-03-05,23:05"),
            "Assault date",
            "after the arrival",
        ),
    ],
)
def test_rows_are_checked(run_import, tmp_path, line, column, reason):
    batch = run_import(extract(tmp_path, [KNIFE, line]))
    assert batch.status == "failed"
    [error] = batch.row_errors.all()
    assert (error.line, error.column) == (7, column) and reason in error.reason
    assert Incident.objects.count() == 0


def test_an_extract_without_its_header_lines_is_refused(run_import, tmp_path):
    path = tmp_path / "bare.csv"
    path.write_text(",".join(ISTV_HEADER) + "\n" + KNIFE + "\n")
    batch = run_import(path, requested_format="hospital-istv")
    assert batch.status == "failed"
    assert "Site code, Reporting period start, Reporting period end" in batch.message


def test_a_bad_period_is_refused(run_import, tmp_path):
    batch = run_import(extract(tmp_path, [KNIFE], start="2024-03-31", end="2024-03-01"))
    assert batch.status == "failed" and "ends before it starts" in batch.message


def _attendance(day: str) -> str:
    return f"{day},10:00,{day},09:00,Knife or sharp object,,Street or public place,,16-24"


def test_extracts_whose_periods_start_mid_month_lose_no_attendances(run_import, tmp_path):
    """15 Jan-14 Feb, then 15 Feb-14 Mar: the second replaces only its own days, so the
    attendances of 1-14 February stay."""
    first = [_attendance(d) for d in ("2024-01-20", "2024-02-03", "2024-02-14")]
    second = [_attendance(d) for d in ("2024-02-15", "2024-02-28", "2024-03-10")]
    run_import(extract(tmp_path, first, start="2024-01-15", end="2024-02-14", name="a.csv"))
    batch = run_import(
        extract(tmp_path, second, start="2024-02-15", end="2024-03-14", name="b.csv")
    )
    assert batch.rows_replaced == 0 and batch.rows_stored == 3
    arrivals = sorted(Incident.objects.values_list("arrived_on", flat=True))
    assert [f"{d:%m-%d}" for d in arrivals] == [
        "01-20",
        "02-03",
        "02-14",
        "02-15",
        "02-28",
        "03-10",
    ]
    # A revised second extract replaces exactly its period, and nothing before it.
    revised = [_attendance("2024-02-16")]
    batch = run_import(
        extract(tmp_path, revised, start="2024-02-15", end="2024-03-14", name="c.csv")
    )
    assert (batch.rows_replaced, batch.rows_stored) == (3, 1)
    arrivals = sorted(Incident.objects.values_list("arrived_on", flat=True))
    assert [f"{d:%m-%d}" for d in arrivals] == ["01-20", "02-03", "02-14", "02-16"]


def test_a_month_is_covered_only_when_every_day_of_it_is(run_import, tmp_path):
    run_import(
        extract(
            tmp_path,
            [_attendance("2024-01-20")],
            start="2024-01-15",
            end="2024-02-14",
            name="a.csv",
        )
    )
    coverage = {c.month: c for c in SourceCoverage.objects.filter(source="hospital")}
    assert (coverage[date(2024, 1, 1)].days_covered, coverage[date(2024, 1, 1)].complete) == (
        17,
        False,
    )
    assert (coverage[date(2024, 2, 1)].days_covered, coverage[date(2024, 2, 1)].complete) == (
        14,
        False,
    )
    run_import(extract(tmp_path, [], start="2024-02-15", end="2024-03-14", name="b.csv"))
    coverage = {c.month: c for c in SourceCoverage.objects.filter(source="hospital")}
    # February 2024 has 29 days: 1-14 from the first extract, 15-29 from the second.
    assert (coverage[date(2024, 2, 1)].days_covered, coverage[date(2024, 2, 1)].complete) == (
        29,
        True,
    )
    assert coverage[date(2024, 3, 1)].complete is False


def test_the_coverage_page_says_a_month_is_part_covered(run_import, tmp_path):
    from incidents.selectors import source_coverage

    run_import(extract(tmp_path, [_attendance("2024-01-20")], start="2024-01-15", end="2024-01-31"))
    [month] = source_coverage(source="hospital")
    assert not month.covered
    assert month.status == "part covered: 17 of 31 days"
