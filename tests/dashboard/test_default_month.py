"""Figures default to the latest complete calendar month, never to the month still running."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dashboard.services import trends_recompute
from incidents.months import add_months
from mkviolence.roles import BOARD_MEMBER

pytestmark = pytest.mark.django_db


def _rows_to_today() -> list[str]:
    """Two knife robberies a month for three years, and one dated today."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    rows = []
    for back in range(36, 0, -1):
        month = add_months(this_month, -back)
        rows += [
            f"R-{month:%Y%m}-{i},{month:%Y-%m}-1{i},robbery,yes,no,yes,no,no,no,19,22,E01016753,,"
            for i in range(2)
        ]
    rows.append(f"R-TODAY,{today:%Y-%m-%d},robbery,yes,no,yes,no,no,no,19,22,E01016753,,")
    return rows


def test_figures_and_pages_default_to_the_latest_complete_month(
    reference, import_partnership, client, make_user
):
    batch = import_partnership(_rows_to_today())
    assert batch.status == "done", batch.message
    trends_recompute()
    last_complete = add_months(timezone.localdate().replace(day=1), -1)
    out = StringIO()
    call_command("figures", "--measure", "knife-crime", "--area", "E06000042", "--json", stdout=out)
    figure = json.loads(out.getvalue())
    assert figure["month"] == f"{last_complete:%Y-%m}"
    assert figure["rolling_12m"] == 24
    assert f"12 months to {last_complete:%B %Y}" in figure["headline"]
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("measure", args=["knife-crime"])).content.decode()
    assert f"12 months to {last_complete:%B %Y}" in page
    this_month = timezone.localdate()
    assert f"12 months to {this_month:%B %Y}" not in page
