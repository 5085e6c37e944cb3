"""A board member sees aggregate figures only: no page or export of the dashboards carries a
record-level detail of any incident loaded, and the record-level pages are closed to them."""

from __future__ import annotations

import csv
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboard.measures import MEASURES
from incidents.models import Area, Incident
from mkviolence.roles import BOARD_MEMBER

pytestmark = pytest.mark.django_db
CHART_TABLES = ["month-by-month", "year-on-year", "by-offence-type", "by-area", "by-victim-age"]


def everything_a_board_member_can_fetch(client) -> str:
    """Every dashboard page, for every measure, area level and filter kind, and every export."""
    bodies = []

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        bodies.append(response.content.decode("utf-8-sig"))

    for params in (
        {},
        {"source": "policeuk-street"},
        {"area": "E05009419", "period": "36"},
        {"area": "E01016729"},
    ):
        get(reverse("home"), **params)
        get(reverse("board-pack"), **params)
        get(reverse("measure-index"), **params)
        for export in ("trend", "strategy-actions"):
            if f"export={export}" in bodies[-3]:
                get(reverse("home"), **params, export=export)
        for slug in MEASURES:
            get(reverse("measure", args=[slug]), **params)
            for table in CHART_TABLES:
                if f"export={table}" in bodies[-1]:
                    get(reverse("measure", args=[slug]), **params, export=table)
    for slug in MEASURES:
        for level in ("ward", "lsoa"):
            for value in ("count", "rate"):
                get(reverse("map"), measure=slug, level=level, value=value)
                if "export=map" in bodies[-1]:
                    get(reverse("map"), measure=slug, level=level, value=value, export="map")
    return "\n".join(bodies)


def test_no_dashboard_page_or_export_carries_record_level_data(client, make_user, dashboard_data):
    cache.clear()
    client.force_login(make_user(BOARD_MEMBER))
    seen = everything_a_board_member_can_fetch(client)
    assert len(seen) > 1_000_000  # the pages and exports really were fetched
    # No police.uk Crime ID, partnership reference, street, outcome or incident position.
    assert not re.search(r"\b[0-9a-f]{64}\b", seen)
    assert "DEMO-" not in seen
    assert "On or near" not in seen
    incidents = Incident.objects.all()
    outcomes = set(incidents.exclude(last_outcome="").values_list("last_outcome", flat=True))
    assert outcomes and not any(o in seen for o in outcomes)
    with open(dashboard_data, newline="", encoding="utf-8") as f:
        points = {r["latitude"] for r in csv.DictReader(f) if r["latitude"]}
    stored = incidents.exclude(latitude=None).values_list("latitude", flat=True)
    points |= {f"{lat}" for lat in stored[:2000]}
    # The maps hold boundary vertices only (checked below); every other number on every page
    # and export is compared with the incidents' positions.
    map_data = re.compile(
        r'<script id="chart-map-data" type="application/json">(.*?)</script>', re.S
    )
    vertices = {
        float(v)
        for area in Area.objects.exclude(geometry=None)
        for v in re.findall(r"-?\d+\.\d+", json.dumps(area.geometry["coordinates"]))
    }
    for chart in map_data.findall(seen):
        for trace in json.loads(chart)["data"]:
            drawn = [v for v in (trace.get("x") or []) + (trace.get("y") or []) if v is not None]
            assert set(drawn) <= vertices
    numbers = set(re.findall(r"-?\d+\.\d+", map_data.sub("", seen)))
    assert points and not points & numbers


def test_record_level_pages_are_closed_to_a_board_member(client, make_user, dashboard_data):
    client.force_login(make_user(BOARD_MEMBER))
    for url in (reverse("incidents:import-list"), reverse("incidents:coverage")):
        assert client.get(url).status_code == 403
    assert client.get("/admin/incidents/incident/").status_code == 302  # to sign in: not staff
