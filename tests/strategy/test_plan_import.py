"""An existing action plan from a spreadsheet: import_actions and the upload page."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mkviolence.roles import COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action, ActionUpdate
from strategy.plan_import import PLAN_COLUMNS

pytestmark = pytest.mark.django_db
ROWS = [
    {
        "reference": "P9.1",
        "priority": "Safer night-time economy",
        "title": "Street pastors",
        "description": "Volunteers in the centre on Friday and Saturday nights",
        "lead_partner": "Community youth charities",
        "supporting_partners": "Thames Valley Police",
        "owner": "Sam Patel",
        "owner_email": "sam@example.org",
        "starts_on": "2026-01-01",
        "due_on": "2026-12-31",
        "status": "on-track",
        "progress": "40",
        "measures": "knife-crime; serious-violence",
        "note": "Funded for a year",
    },
    {
        "reference": "P9.2",
        "priority": "Safer night-time economy",
        "title": "Bleed kits in bars",
        "description": "",
        "lead_partner": "Milton Keynes City Council",
        "supporting_partners": "",
        "owner": "Jo Lee",
        "owner_email": "",
        "starts_on": "",
        "due_on": "2026-06-30",
        "status": "not-started",
        "progress": "0",
        "measures": "knife-crime",
        "note": "",
    },
]


@pytest.fixture
def strategy(db):
    strategy_demo_load(today=timezone.localdate())


def plan_csv(tmp_path, rows, name="plan.csv"):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=PLAN_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    out = StringIO()
    try:
        call_command("import_actions", str(path), "--json", *args, stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_a_plan_imports_and_a_second_import_changes_nothing(strategy, tmp_path, make_user):
    path = plan_csv(tmp_path, ROWS)
    user = make_user(COORDINATOR, username="coordinator-sam")
    code, result = run(path, "--user", user.username)
    assert code == 0 and (result["created"], result["updated"], result["rejected"]) == (2, 0, 0)
    street = Action.objects.get(reference="P9.1")
    assert street.priority.title == "Safer night-time economy"
    assert [p.name for p in street.supporting_partners.all()] == ["Thames Valley Police"]
    assert street.measures == ["knife-crime", "serious-violence"] and street.progress == 40
    first = street.updates.get()
    assert first.made_by == user and first.via == "import" and first.note == "Funded for a year"
    history = ActionUpdate.objects.count()
    code, result = run(path)
    assert code == 0 and (result["created"], result["updated"], result["unchanged"]) == (0, 0, 2)
    assert ActionUpdate.objects.count() == history
    assert Action.objects.filter(reference__startswith="P9.").count() == 2


def test_a_dry_run_says_what_would_change_and_stores_nothing(strategy, tmp_path):
    before = (Action.objects.count(), ActionUpdate.objects.count())
    code, result = run(plan_csv(tmp_path, ROWS), "--dry-run")
    assert code == 0 and result["created"] == 2 and result["dry_run"] is True
    assert (Action.objects.count(), ActionUpdate.objects.count()) == before


def test_one_bad_row_and_nothing_is_stored_with_line_and_column(strategy, tmp_path):
    bad = dict(ROWS[1], status="finished", lead_partner="Milton Keynes Council")
    before = (Action.objects.count(), ActionUpdate.objects.count())
    code, result = run(plan_csv(tmp_path, [ROWS[0], bad]))
    assert code == 1 and result["rejected"] == 1
    errors = {(e["line"], e["column"]): e["reason"] for e in result["errors"]}
    assert "must be one of" in errors[(3, "status")]
    # An unknown partner is named with the nearest known one.
    assert "did you mean “Milton Keynes City Council”" in errors[(3, "lead_partner")]
    assert (Action.objects.count(), ActionUpdate.objects.count()) == before


def test_a_due_date_change_without_a_note_is_an_error(strategy, tmp_path):
    run(plan_csv(tmp_path, ROWS))
    moved = dict(ROWS[1], due_on="2026-09-30", note="")
    code, result = run(plan_csv(tmp_path, [ROWS[0], moved], name="moved.csv"))
    assert code == 1
    assert [(e["line"], e["column"]) for e in result["errors"]] == [(3, "note")]
    moved["note"] = "Supplier delayed"
    code, result = run(plan_csv(tmp_path, [ROWS[0], moved], name="moved2.csv"))
    assert code == 0 and result["updated"] == 1
    action = Action.objects.get(reference="P9.2")
    change = action.updates.latest("made_at")
    assert change.changes["due_on"] == ["2026-06-30", "2026-09-30"]
    assert change.note == "Supplier delayed"


def test_an_xlsx_plan_imports_like_its_csv(strategy, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(PLAN_COLUMNS)
    for row in ROWS:
        values = [row[c] for c in PLAN_COLUMNS]
        values[PLAN_COLUMNS.index("progress")] = float(row["progress"])  # a number cell
        sheet.append(values)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    code, result = run(path)
    assert code == 0 and result["created"] == 2
    assert Action.objects.get(reference="P9.1").progress == 40


def test_export_then_import_round_trips(strategy, client, make_user, tmp_path):
    client.force_login(make_user(COORDINATOR))
    exported = client.get(reverse("strategy:board"), {"export": "csv"}).content
    path = tmp_path / "exported.csv"
    path.write_bytes(exported)
    history = ActionUpdate.objects.count()
    code, result = run(path)
    assert code == 0, result
    # Demo actions without a reference are new to the plan's key: they come back as themselves
    # only once referenced; the referenced ones are unchanged.
    assert result["updated"] == 0 and result["rejected"] == 0
    assert ActionUpdate.objects.count() >= history


def test_a_file_that_is_not_a_plan_is_refused_whole(strategy, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,value\nx,1\n")
    code, result = run(path)
    assert code == 1 and "missing: reference" in result["errors"][0]["reason"]


def test_the_upload_page_checks_then_imports(strategy, client, make_user):
    client.force_login(make_user(COORDINATOR))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PLAN_COLUMNS)
    writer.writeheader()
    writer.writerows(ROWS)
    data = buffer.getvalue().encode()
    url = reverse("strategy:import")
    page = client.post(url, {"file": SimpleUploadedFile("plan.csv", data), "dry_run": "on"})
    assert page.status_code == 200 and "Dry run: nothing stored yet" in page.content.decode()
    assert not Action.objects.filter(reference="P9.1").exists()
    page = client.post(url, {"file": SimpleUploadedFile("plan.csv", data)})
    assert page.status_code == 200 and Action.objects.filter(reference="P9.1").exists()
