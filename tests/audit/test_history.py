"""The history of tracked tables: kept by database triggers, so a raw SQL UPDATE, a
QuerySet.update() and a bulk_create are recorded like a form's change; attributed to the
signed-in user, the command and OS user, or the task; and not editable by anyone."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from datetime import timedelta

import pghistory.models
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from audit.selectors import audit_entries, change_entries
from audit.services import audit_prune, event_models
from incidents.models import Area, AreaPopulation, SeriousViolenceDefinition
from mkviolence.roles import ADMIN, ANALYST, COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionStatus, PartnerOrganisation

pytestmark = pytest.mark.django_db


def _events(model: type, pk: object) -> list[pghistory.models.Events]:
    """Every change of one row, oldest first, with before → after (``pgh_diff``)."""
    return list(
        pghistory.models.Events.objects.tracks(model.objects.get(pk=pk)).order_by(
            "pgh_created_at", "pgh_id"
        )
    )


@pytest.fixture
def action() -> Action:
    strategy_demo_load(today=timezone.localdate())
    return Action.objects.filter(status=ActionStatus.ON_TRACK).order_by("id").first()


def test_a_raw_sql_update_is_recorded_with_before_and_after(action):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE strategy_action SET status = 'off-track', progress = 7 WHERE id = %s",
            [action.pk],
        )
    latest = _events(Action, action.pk)[-1]
    assert latest.pgh_label == "update"
    assert latest.pgh_diff["status"] == ["on-track", "off-track"]
    assert latest.pgh_diff["progress"] == [action.progress, 7]
    # No application code ran, so nobody is named: the log says where it came from.
    entry = change_entries(limit=1)[0]
    assert entry.who == "outside the application (no audit context)"
    assert entry.details["status"] == ["on-track", "off-track"]


def test_a_queryset_update_is_recorded(action):
    count = Action.objects.filter(pk=action.pk).update(owner="Someone Else")
    assert count == 1
    latest = _events(Action, action.pk)[-1]
    assert latest.pgh_label == "update"
    assert latest.pgh_diff["owner"] == [action.owner, "Someone Else"]


def test_bulk_create_and_delete_are_recorded(db):
    made = PartnerOrganisation.objects.bulk_create(
        [PartnerOrganisation(name=f"Bulk partner {i}", sector="voluntary") for i in range(3)]
    )
    PartnerOrganisation.objects.filter(name="Bulk partner 0").delete()
    Event = apps.get_model("strategy", "PartnerOrganisationEvent")
    labels = sorted(
        Event.objects.filter(name__startswith="Bulk partner").values_list("name", "pgh_label")
    )
    assert labels == [
        ("Bulk partner 0", "delete"),
        ("Bulk partner 0", "insert"),
        ("Bulk partner 1", "insert"),
        ("Bulk partner 2", "insert"),
    ]
    assert {e.pgh_obj_id for e in Event.objects.filter(name="Bulk partner 0")} == {made[0].pk}


def test_a_change_through_a_page_names_the_signed_in_user(client, make_user, action):
    coordinator = make_user(COORDINATOR, username="cora")
    client.force_login(coordinator)
    response = client.post(
        reverse("strategy:action-update", args=[action.pk]),
        {"status": "at-risk", "progress": 30, "note": "Venue lost"},
    )
    assert response.status_code == 302
    latest = _events(Action, action.pk)[-1]
    assert latest.pgh_diff["status"] == ["on-track", "at-risk"]
    assert latest.pgh_context["user"] == coordinator.pk
    assert latest.pgh_context["url"] == reverse("strategy:action-update", args=[action.pk])
    assert latest.pgh_context["ip"] == "127.0.0.1"
    entries = [e for e in audit_entries(username="cora") if e.log == "change"]
    assert entries and all(e.who == "cora" for e in entries)
    assert any(e.what.startswith("Action ") and "status" in e.details for e in entries)


def test_roles_and_permissions_of_users_are_recorded(make_user):
    user = make_user(None, username="newcomer")
    analyst = Group.objects.get_or_create(name=ANALYST)[0]
    user.groups.add(analyst)
    user.groups.remove(analyst)
    Event = apps.get_model("audit", "UserRoleEvent")
    assert list(
        Event.objects.filter(user_id=user.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "group_id")
    ) == [("insert", analyst.pk), ("delete", analyst.pk)]


def test_a_password_change_is_recorded_without_the_hash(make_user):
    user = make_user(None, username="pat")
    user.set_password("a new secret phrase 42")
    user.save()
    UserEvent = apps.get_model("audit", "UserEvent")
    assert "password" not in {f.name for f in UserEvent._meta.fields}
    assert list(
        UserEvent.objects.filter(pgh_obj_id=user.pk)
        .values_list("pgh_label", flat=True)
        .order_by("pgh_id")
    ) == ["insert", "password_changed"]
    # Signing in (last_login) is a security event, not a change of the account.
    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert UserEvent.objects.filter(pgh_obj_id=user.pk).count() == 2


def test_definitions_populations_and_import_batches_are_tracked():
    tracked = {m.pgh_tracked_model._meta.label for m in event_models()}
    assert {
        "incidents.SeriousViolenceDefinition",
        "incidents.AreaPopulation",
        "incidents.ImportBatch",
        "strategy.Action",
        "strategy.Strategy",
        "strategy.Priority",
        "strategy.ActionUpdate",
        "strategy.Milestone",
        "strategy.BoardMeeting",
        "strategy.PartnerOrganisation",
        "strategy.ActionSupportingPartner",
        "audit.TrackedUser",
        "audit.TrackedGroup",
        "audit.TrackedUserGroups",
        "audit.TrackedGroupPermissions",
        "audit.TrackedUserPermissions",
    } <= tracked
    definition = SeriousViolenceDefinition.objects.create(name="Local")
    SeriousViolenceDefinition.objects.filter(pk=definition.pk).update(include_domestic_abuse=True)
    assert _events(SeriousViolenceDefinition, definition.pk)[-1].pgh_diff[
        "include_domestic_abuse"
    ] == [False, True]
    area = Area.objects.create(code="E01999999", name="Test LSOA", level="lsoa", vintage=2011)
    row = AreaPopulation.objects.create(area=area, age_band="16-24", year=2021, count=100)
    AreaPopulation.objects.filter(pk=row.pk).update(count=120)
    assert _events(AreaPopulation, row.pk)[-1].pgh_diff["count"] == [100, 120]


@pytest.mark.parametrize("sql", ["UPDATE {table} SET pgh_label = 'forged'", "DELETE FROM {table}"])
def test_history_cannot_be_edited_or_deleted(action, sql):
    Action.objects.filter(pk=action.pk).update(owner="Changed")
    Event = apps.get_model("strategy", "ActionEvent")
    before = list(Event.objects.order_by("pgh_id").values_list("pgh_id", "pgh_label", "owner"))
    with pytest.raises(DatabaseError, match="append_only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=Event._meta.db_table))
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.create(kind="sign_in", username="x")
        SecurityEvent.objects.update(username="forged")
    assert (
        list(Event.objects.order_by("pgh_id").values_list("pgh_id", "pgh_label", "owner")) == before
    )


def test_no_page_or_admin_edits_the_history(client, make_user):
    client.force_login(make_user(ADMIN))
    assert client.get(reverse("audit:log")).status_code == 200
    assert client.post(reverse("audit:log")).status_code == 405
    registered = set(admin.site._registry)
    assert not registered & {*event_models(), SecurityEvent, pghistory.models.Context}


def test_retention_removes_only_old_entries(action, settings):
    settings.AUDIT_HISTORY_RETENTION_DAYS = 30
    settings.SECURITY_LOG_RETENTION_DAYS = 10
    Action.objects.filter(pk=action.pk).update(owner="Recent change")
    SecurityEvent.objects.create(kind="sign_in", username="someone")
    Event = apps.get_model("strategy", "ActionEvent")
    total = Event.objects.count()
    removed = audit_prune(now=timezone.now() + timedelta(days=20))
    assert removed == {"changes": 0, "security_events": 1}
    assert Event.objects.count() == total
    removed = audit_prune(now=timezone.now() + timedelta(days=31))
    assert removed["changes"] >= total and Event.objects.count() == 0
    # Outside the retention job the triggers still refuse.
    Action.objects.filter(pk=action.pk).update(owner="After pruning")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_a_command_names_itself_and_the_operating_system_user(test_database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mkviolence.settings.test",
        "DATABASE_URL": test_database_url,
        "DJANGO_SUPERUSER_PASSWORD": "x-9fj3-Long-enough",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "root2",
            "--email",
            "root2@example.org",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    user = get_user_model().objects.get(username="root2")
    created = _events(apps.get_model("audit", "TrackedUser"), user.pk)[0]
    assert created.pgh_label == "insert"
    assert created.pgh_context["command"] == "createsuperuser"
    assert created.pgh_context["os_user"] == getpass.getuser()
    entry = next(e for e in change_entries() if e.line["object_id"] == str(user.pk))
    assert entry.who == f"manage.py createsuperuser (OS user {getpass.getuser()})"


def test_the_audit_log_command_prints_both_logs(action, make_user, client, capsys):
    user = make_user(COORDINATOR, username="cmd-user")
    client.force_login(user)
    client.post(
        reverse("strategy:action-update", args=[action.pk]),
        {"status": "at-risk", "progress": 30, "note": "x"},
    )
    client.get(reverse("incidents:import-list"))  # refused: a coordinator
    call_command("audit_log", "--user", "cmd-user")
    text = capsys.readouterr().out
    assert "Signed in" in text and "Refused: GET /imports/" in text
    assert "status: 'on-track' → 'at-risk'" in text
    call_command("audit_log", "--user", "cmd-user", "--json")
    import json

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["log"] for line in lines} == {"change", "security"}
    assert [line["time"] for line in lines] == sorted(line["time"] for line in lines)
    change = next(line for line in lines if line.get("table") == "strategy.Action")
    assert change["changes"]["status"] == ["on-track", "at-risk"]
    assert change["context"]["user"] == user.pk
    call_command("audit_log", "--since", "2999-01-01", "--json")
    assert capsys.readouterr().out == ""
    with pytest.raises(Exception, match="not an ISO date"):
        call_command("audit_log", "--since", "yesterday")


def test_peer_tables_areas_coverage_and_rows_read_are_tracked(run_import):
    """What decides a figure keeps its history: peer tables (the "fastest-growing" sentence),
    areas (roll-ups) and source coverage ("no data" against 0); a batch's history says how many
    rows it read."""
    from io import StringIO

    from dashboard.models import PeerCount
    from dashboard.peers import peer_table_load
    from incidents.models import ImportBatch, SourceCoverage
    from tests.factories import TV_2019_01, read_rows

    tracked = {m.pgh_tracked_model._meta.label for m in event_models()}
    assert {"dashboard.PeerCount", "incidents.Area", "incidents.SourceCoverage"} <= tracked

    table = "area_code,area_name,period_end,measure,count\n"
    assert peer_table_load(
        lines=StringIO(f"{table}E23000029,Thames Valley,2024-12,knife-crime,100\n")
    ).ok
    assert peer_table_load(
        lines=StringIO(f"{table}E23000029,Thames Valley,2024-12,knife-crime,90\n")
    ).ok
    peer = PeerCount.objects.get()
    assert [e.pgh_label for e in _events(PeerCount, peer.pk)] == ["insert", "update"]
    assert _events(PeerCount, peer.pk)[-1].pgh_diff["count"] == [100, 90]

    ward = Area.objects.create(code="E05999998", name="Old ward", level="ward", vintage=2011)
    other = Area.objects.create(code="E05999999", name="New ward", level="ward", vintage=2011)
    lsoa = Area.objects.create(
        code="E01999999", name="LSOA", level="lsoa", vintage=2011, parent=ward
    )
    Area.objects.filter(pk=lsoa.pk).update(parent=other)  # a boundary review moves it
    assert _events(Area, lsoa.pk)[-1].pgh_diff["parent_id"] == [ward.pk, other.pk]
    Area.objects.filter(pk=lsoa.pk).update(geometry={"type": "Point", "coordinates": [0, 52]})
    assert len(_events(Area, lsoa.pk)) == 2  # the map outline is not history

    batch = run_import(TV_2019_01)
    rows = len(read_rows(TV_2019_01))
    coverage = SourceCoverage.objects.get(scope="Thames Valley Police")
    inserted = _events(SourceCoverage, coverage.pk)
    assert [e.pgh_label for e in inserted] == ["insert"]
    assert inserted[0].pgh_data["batch_id"] == batch.pk
    finished = _events(ImportBatch, batch.pk)[-1]
    assert finished.pgh_diff["rows_read"] == [0, rows]
    assert finished.pgh_diff["status"] == ["running", "done"]
