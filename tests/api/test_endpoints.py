"""What the endpoints do: imports through the API (202, then the batch's report), incidents
by cursor with filters, strategy writes through the services (history and audit kept)."""

from __future__ import annotations

import pghistory.models
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from incidents.models import ImportBatch, Incident
from incidents.services import import_batch_run
from mkviolence.roles import ADMIN, ANALYST, COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionStatus, ActionUpdate, Priority, Strategy
from tests.factories import TV_2019_01, json_of, read_rows

pytestmark = pytest.mark.django_db


def test_an_import_through_the_api_is_accepted_then_reported(api_client, reference):
    client = api_client(ANALYST)
    upload = SimpleUploadedFile(TV_2019_01.name, TV_2019_01.read_bytes(), "text/csv")
    response = client.post(reverse("api:import-list"), {"file": upload}, format="multipart")
    assert response.status_code == 202
    body = json_of(response)
    assert body["status"] == "pending" and body["url"].endswith(f"/api/v1/imports/{body['id']}/")
    assert response["Location"] == body["url"]
    batch = ImportBatch.objects.get(pk=body["id"])
    assert batch.uploaded_by == client.user and batch.chunks.exists()
    import_batch_run(batch_id=batch.pk)  # what the worker does
    report = json_of(client.get(reverse("api:import-detail", args=[batch.pk])))
    assert report["status"] == "done" and report["stored"] == len(read_rows(TV_2019_01))
    assert report["errors"] == []
    listed = json_of(client.get(reverse("api:import-list")))
    assert listed["results"][0]["id"] == batch.pk


def test_a_bad_file_reports_row_problems(api_client, reference):
    client = api_client(ANALYST)
    text = TV_2019_01.read_text().splitlines()
    bad = "\n".join([text[0], text[1].replace("2019-01", "2019-99", 1), *text[2:5]]) + "\n"
    upload = SimpleUploadedFile("bad.csv", bad.encode(), "text/csv")
    body = json_of(client.post(reverse("api:import-list"), {"file": upload}, format="multipart"))
    import_batch_run(batch_id=body["id"])
    report = json_of(client.get(reverse("api:import-detail", args=[body["id"]])))
    assert report["status"] == "failed" and report["rejected"] == 1
    assert report["errors"][0]["line"] == 2 and report["errors"][0]["column"] == "Month"
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "file"),
        ({"covers_from": "2024-01"}, "covers_to"),
        ({"format": "excel"}, "format"),
    ],
)
def test_upload_parameters_are_checked(api_client, db, data, field):
    upload = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", "text/csv")
    payload = data if field == "file" else {"file": upload, **data}
    response = api_client(ANALYST).post(reverse("api:import-list"), payload, format="multipart")
    assert response.status_code == 400 and field in json_of(response)["fields"]


def test_incidents_page_by_cursor_and_filter(api_client, reference, run_import):
    run_import(TV_2019_01)
    client = api_client(ANALYST)
    total = Incident.objects.count()
    seen, url, params = [], reverse("api:incidents"), {"page_size": 100}
    while url:
        page = json_of(client.get(url, params))
        seen += [r["id"] for r in page["results"]]
        url, params = page["next"], {}
    assert len(seen) == total == len(set(seen)) and seen == sorted(seen)
    robbery = json_of(
        client.get(reverse("api:incidents"), {"category": "Robbery", "page_size": 1000})
    )
    assert len(robbery["results"]) == Incident.objects.filter(category="Robbery").count() > 0
    mk = json_of(client.get(reverse("api:incidents"), {"area": "E06000042", "page_size": 1000}))
    assert 0 < len(mk["results"]) < total
    none = json_of(client.get(reverse("api:incidents"), {"from": "2020-01", "to": "2020-12"}))
    assert none["results"] == []


def test_coordinators_update_actions_through_the_services(api_client, db):
    strategy_demo_load(today=timezone.localdate())
    client = api_client(COORDINATOR)
    action = Action.objects.filter(status=ActionStatus.ON_TRACK).first()
    refused = client.post(
        reverse("api:action-updates", args=[action.pk]),
        {"status": "off-track", "progress": 10},
        format="json",
    )
    assert refused.status_code == 400 and "note" in json_of(refused)["fields"]
    done = client.post(
        reverse("api:action-updates", args=[action.pk]),
        {"status": "off-track", "progress": 10, "note": "Venue lost"},
        format="json",
    )
    assert done.status_code == 201
    update = ActionUpdate.objects.get(pk=json_of(done)["id"])
    assert update.via == "api" and update.made_by == client.user
    assert update.changes["status"] == ["on-track", "off-track"]
    history = json_of(client.get(reverse("api:action-updates", args=[action.pk])))
    assert history["results"][0]["id"] == update.pk
    event = pghistory.models.Events.objects.tracks(action).order_by("-pgh_created_at").first()
    assert event.pgh_context["user"] == client.user.pk
    assert event.pgh_context["url"] == reverse("api:action-updates", args=[action.pk])


def test_actions_are_created_and_changed_with_their_rules(api_client, db):
    strategy_demo_load(today=timezone.localdate())
    client = api_client(ADMIN)
    priority = Priority.objects.first()
    partner = Action.objects.first().lead_partner
    made = client.post(
        reverse("api:action-list"),
        {
            "priority": priority.pk,
            "title": "Street triage pilot",
            "lead_partner": partner.pk,
            "due_on": "2027-03-31",
            "measures": ["knife-crime"],
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    action = Action.objects.get(pk=json_of(made)["id"])
    assert action.updates.get().via == "api" and action.strategy == priority.strategy
    moved = client.patch(
        reverse("api:action-detail", args=[action.pk]), {"due_on": "2027-06-30"}, format="json"
    )
    assert moved.status_code == 400 and "note" in json_of(moved)["fields"]  # the reason
    reason = {"due_on": "2027-06-30", "note": "Funding came late"}
    moved = client.patch(reverse("api:action-detail", args=[action.pk]), reason, format="json")
    assert moved.status_code == 200 and json_of(moved)["due_on"] == "2027-06-30"
    bad = client.post(reverse("api:action-list"), {"title": "x"}, format="json")
    assert bad.status_code == 400 and {"priority", "lead_partner"} <= set(json_of(bad)["fields"])


def test_making_a_strategy_current_makes_the_others_not(api_client, db):
    strategy_demo_load(today=timezone.localdate())
    client = api_client(COORDINATOR)
    made = client.post(
        reverse("api:strategy-list"),
        {
            "title": "2027 strategy",
            "starts_on": "2027-04-01",
            "ends_on": "2030-03-31",
            "is_current": True,
        },
        format="json",
    )
    assert made.status_code == 201
    assert list(Strategy.objects.filter(is_current=True).values_list("title", flat=True)) == [
        "2027 strategy"
    ]
    backwards = {"title": "x", "starts_on": "2027-04-01", "ends_on": "2020-03-31"}
    backwards = client.post(reverse("api:strategy-list"), backwards, format="json")
    assert backwards.status_code == 400 and "ends_on" in json_of(backwards)["fields"]


def test_a_priority_stays_in_its_strategy(api_client, db):
    """PATCH with another strategy is refused (its actions would go with it), never answered
    200 with the field ignored; a rename still works, and so does naming its own strategy."""
    strategy_demo_load(today=timezone.localdate())
    client = api_client(COORDINATOR)
    priority = Priority.objects.first()
    home = priority.strategy
    other = Strategy.objects.create(
        title="Next strategy", starts_on=home.starts_on, ends_on=home.ends_on, is_current=False
    )
    url = reverse("api:priority-detail", args=[priority.pk])
    moved = client.patch(url, {"strategy": other.pk, "title": "Moved"}, format="json")
    assert moved.status_code == 400
    assert "stays in its strategy" in json_of(moved)["fields"]["strategy"][0]
    priority.refresh_from_db()
    assert (priority.strategy, priority.title) != (other, "Moved")
    assert priority.strategy == home
    renamed = client.patch(url, {"strategy": home.pk, "title": "Renamed"}, format="json")
    assert renamed.status_code == 200 and json_of(renamed)["strategy"] == home.pk
    priority.refresh_from_db()
    assert priority.title == "Renamed"
