"""Data coverage per source and month, checked against independent counts of the real files."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from incidents.selectors import source_coverage
from mkviolence.roles import ANALYST, BOARD_MEMBER
from tests.factories import BEDS_2019_01, POLICEUK, TV_2018_10, TV_2019_01, read_rows

pytestmark = pytest.mark.django_db


def test_coverage_of_the_shipped_police_files_matches_an_independent_count(run_import):
    files = sorted(POLICEUK.glob("201*.csv"))  # four months in a row
    expected_rows: Counter[tuple[str, date]] = Counter()
    expected_no_location: Counter[tuple[str, date]] = Counter()
    expected_no_id: Counter[tuple[str, date]] = Counter()
    for path in files:
        run_import(path)
        for r in read_rows(path):
            key = (r["Falls within"], date.fromisoformat(r["Month"] + "-01"))
            expected_rows[key] += 1
            expected_no_location[key] += not r["LSOA code"] and not r["Longitude"]
            expected_no_id[key] += not r["Crime ID"]
    months = source_coverage(source="policeuk-street")
    assert {(m.scope, m.month) for m in months} == set(expected_rows)
    assert all(m.covered and m.status == "covered" for m in months)
    assert {(m.scope, m.month): m.rows for m in months} == dict(expected_rows)
    assert {(m.scope, m.month): m.rows_without_location for m in months} == dict(
        expected_no_location
    )
    assert {(m.scope, m.month): m.rows_without_reference for m in months} == dict(expected_no_id)
    tv = [m.month for m in months if m.scope == "Thames Valley Police"]
    assert tv == [date(2018, 10, 1), date(2018, 11, 1), date(2018, 12, 1), date(2019, 1, 1)]


def test_a_month_between_imports_is_no_data_not_zero(run_import):
    run_import(TV_2018_10)
    run_import(TV_2019_01)
    months = {m.month: m for m in source_coverage(source="policeuk-street")}
    assert list(months) == [
        date(2018, 10, 1),
        date(2018, 11, 1),
        date(2018, 12, 1),
        date(2019, 1, 1),
    ]
    assert months[date(2018, 11, 1)].status == "no data"
    assert not months[date(2018, 11, 1)].covered
    assert months[date(2018, 10, 1)].status == "covered"


def test_forces_are_covered_separately(run_import):
    run_import(BEDS_2019_01)
    [m] = source_coverage(source="policeuk-street")
    assert (m.scope, m.month, m.rows) == ("Bedfordshire Police", date(2019, 1, 1), 142)


def test_the_lsoa_vintage_is_reported(run_import):
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0, stdout=None)
    run_import(TV_2019_01)
    [m] = source_coverage(source="policeuk-street")
    assert m.lsoa_vintage in {"2011", "2011 or 2021 (codes in both)"}


def test_the_coverage_page_is_for_analysts(client, make_user, run_import):
    run_import(TV_2018_10)
    run_import(TV_2019_01)
    client.force_login(make_user(BOARD_MEMBER))
    assert client.get(reverse("incidents:coverage")).status_code == 403
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("incidents:coverage")).content.decode()
    assert "Thames Valley Police" in page and "November 2018" in page and "no data" in page
