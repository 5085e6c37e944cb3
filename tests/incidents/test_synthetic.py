"""Synthetic demo data: seeded, valid template rows, shaped like the local knife-crime story,
and labelled as synthetic wherever it is shown."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from incidents.models import ImportBatch, Incident
from incidents.synthetic import (
    synthetic_hospital_file,
    synthetic_hospital_rows,
    synthetic_partnership_file,
    synthetic_partnership_rows,
)
from mkviolence.roles import BOARD_MEMBER
from tests.factories import mk_lsoas

END = date(2024, 3, 1)


def knife_by_year(rows) -> list[int]:
    """Knife offences in the years ending END, END-12 and END-24 months, counted here."""
    per_month = Counter(r[1][:7] for r in rows if r[3] == "yes")
    months = sorted(per_month)
    last = END.strftime("%Y-%m")
    assert months[-1] == last
    totals = []
    for back in (0, 12, 24):
        end_index = len(months) - 1 - back
        window = months[end_index - 11 : end_index + 1]
        totals.append(sum(per_month[m] for m in window))
    return totals


def test_the_same_seed_gives_the_same_rows():
    assert list(synthetic_partnership_rows(end_month=END)) == list(
        synthetic_partnership_rows(end_month=END)
    )


def test_knife_crime_is_up_about_90_percent_over_two_years_then_about_flat():
    now, year_ago, two_years_ago = knife_by_year(list(synthetic_partnership_rows(end_month=END)))
    change_12 = (now - year_ago) / year_ago * 100
    change_24 = (now - two_years_ago) / two_years_ago * 100
    assert -2 <= change_12 <= 3
    assert 85 <= change_24 <= 95


def test_five_years_of_rows_in_milton_keynes():
    rows = list(synthetic_partnership_rows(end_month=END))
    months = {r[1][:7] for r in rows}
    assert len(months) == 60 and min(months) == "2019-04"
    assert {r[11] for r in rows if r[11]} <= mk_lsoas()
    assert all(r[0].startswith("DEMO-") for r in rows)


@pytest.mark.django_db
def test_the_demo_file_imports_cleanly_and_is_labelled(run_import, tmp_path, client, make_user):
    path = synthetic_partnership_file(tmp_path, end_month=END)
    assert path.name.startswith("synthetic-demo")
    batch = run_import(path)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_rejected == 0 and batch.rows_stored == Incident.objects.count() > 5000
    client.force_login(make_user(BOARD_MEMBER))
    assert b"Synthetic demo data" in client.get(reverse("home")).content


@pytest.mark.django_db
def test_real_data_alone_shows_no_synthetic_banner(client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    assert b"Synthetic demo data" not in client.get(reverse("home")).content


def test_hospital_knife_attendances_rise_with_knife_crime():
    rows = list(synthetic_hospital_rows(end_month=END))
    per_month = Counter(r[0][:7] for r in rows if r[4] == "Knife or sharp object")
    months = sorted({r[0][:7] for r in rows})
    assert len(months) == 36 and months[-1] == "2024-03"
    now = sum(per_month[m] for m in months[-12:])
    two_years_ago = sum(per_month[m] for m in months[:12])
    assert 80 <= (now - two_years_ago) / two_years_ago * 100 <= 100
    assert all(r[5] == "" and r[7] == "" for r in rows)  # no free text at all


@pytest.mark.django_db
def test_the_demo_hospital_extract_imports_cleanly_once(run_import, tmp_path):
    path = synthetic_hospital_file(tmp_path, end_month=END)
    assert path.name.startswith("synthetic-demo")
    batch = run_import(path)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.rows_rejected == 0
    assert Incident.objects.filter(source="hospital").count() == batch.rows_stored > 500
    again = run_import(path)
    assert again.rows_stored == 0 and again.same_file_as_id == batch.pk
