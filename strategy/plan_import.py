"""An existing action plan from a spreadsheet (CSV, or .xlsx read with openpyxl) into the current
strategy: one row an action, keyed on ``reference`` so a re-import updates instead of
duplicating.

All or nothing: every row is checked first (line, column, reason); with any problem nothing is
stored. A dry run says what would be created and updated and stores nothing. Every change goes
through ``services.action_update``, so it appears in the action's history with the importing
user, and the rules of the pages apply (a due date moves only with a ``note``)."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction

from .measures import measure_names
from .models import Action, ActionStatus, PartnerOrganisation, Priority, Strategy
from .services import ActionRuleError, action_create, action_update, priority_save

PLAN_COLUMNS = [
    "reference",
    "priority",
    "title",
    "description",
    "lead_partner",
    "supporting_partners",
    "owner",
    "owner_email",
    "starts_on",
    "due_on",
    "status",
    "progress",
    "measures",
    "note",
]
REQUIRED = ("reference", "priority", "title", "lead_partner")
MAX_ROWS = 5_000


@dataclass
class PlanImportResult:
    created: list[str] = field(default_factory=list)  # references
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, reason
    dry_run: bool = False

    @property
    def rejected(self) -> int:
        return len({line for line, _, _ in self.errors})

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": self.rejected,
            "dry_run": self.dry_run,
            "errors": [{"line": ln, "column": c, "reason": r} for ln, c, r in self.errors],
        }


class PlanRefused(ValueError):
    """The file as a whole cannot be read (not a CSV or .xlsx, wrong columns, empty)."""


def read_plan(stream: IO[bytes], name: str) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for each data row: CSV (UTF-8) or .xlsx by its name and first bytes."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(stream)
    else:
        try:
            text = stream.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanRefused("The file is not UTF-8 text: save it as CSV (UTF-8).") from None
        rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise PlanRefused("The file is empty.")
    header = [str(h).strip().lower() for h in rows[0]]
    missing = [c for c in PLAN_COLUMNS if c not in header]
    if missing:
        raise PlanRefused(
            f"The file needs the columns {', '.join(PLAN_COLUMNS)}; missing: {', '.join(missing)}."
        )
    if len(rows) - 1 > MAX_ROWS:
        raise PlanRefused(f"An action plan of more than {MAX_ROWS:,} rows is not accepted.")
    return [
        (
            line,
            {
                c: str(row[header.index(c)]).strip() if header.index(c) < len(row) else ""
                for c in PLAN_COLUMNS
            },
        )
        for line, row in enumerate(rows[1:], start=2)
    ]


def _xlsx_rows(stream: IO[bytes]) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is refused, with why
        raise PlanRefused(
            f"This is not a readable .xlsx workbook ({error.__class__.__name__})."
        ) from None
    sheet = book.worksheets[0]
    return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _cell(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates as YYYY-MM-DD, 40.0 as 40)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value: str, column: str, problems: list[tuple[str, str]]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        problems.append((column, f"must be a date written YYYY-MM-DD, not {value!r}"))
        return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


@transaction.atomic
def action_plan_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    strategy: Strategy,
    made_by: Any = None,
    dry_run: bool = False,
) -> PlanImportResult:
    """Import checked rows into ``strategy``; roll everything back on any problem or a dry run."""
    result = PlanImportResult(dry_run=dry_run)
    partners = {p.name.lower(): p for p in PartnerOrganisation.objects.all()}
    known_measures = measure_names()
    seen: dict[str, int] = {}
    for line, row in rows:
        problems: list[tuple[str, str]] = []
        for column in REQUIRED:
            if not row[column]:
                problems.append((column, "is empty"))
        reference = row["reference"]
        if reference in seen:
            problems.append(("reference", f"repeats line {seen[reference]}"))
        seen.setdefault(reference, line)
        if len(reference) > 32:
            problems.append(("reference", "is longer than 32 characters"))
        lead = partners.get(row["lead_partner"].lower()) if row["lead_partner"] else None
        if row["lead_partner"] and lead is None:
            problems.append(("lead_partner", _unknown_partner(row["lead_partner"], partners)))
        supporting = []
        for name in _split(row["supporting_partners"]):
            if (partner := partners.get(name.lower())) is None:
                problems.append(("supporting_partners", _unknown_partner(name, partners)))
            else:
                supporting.append(partner)
        status = row["status"] or ActionStatus.NOT_STARTED.value
        if status not in ActionStatus.values:
            problems.append(("status", "must be one of " + ", ".join(ActionStatus.values)))
        progress = 0
        if row["progress"]:
            try:
                progress = int(float(row["progress"]))
            except ValueError:
                progress = -1
            if not 0 <= progress <= 100:
                problems.append(("progress", "must be a whole number from 0 to 100"))
        measures = _split(row["measures"])
        for slug in measures:
            if slug not in known_measures:
                problems.append(
                    ("measures", f"{slug!r} is not a measure: " + ", ".join(sorted(known_measures)))
                )
        starts_on = _date(row["starts_on"], "starts_on", problems)
        due_on = _date(row["due_on"], "due_on", problems)
        if problems or lead is None:  # an unknown lead partner is among the problems
            result.errors.extend((line, c, r) for c, r in problems)
            continue
        fields = {
            "title": row["title"],
            "description": row["description"],
            "owner": row["owner"],
            "owner_email": row["owner_email"],
            "starts_on": starts_on,
            "due_on": due_on,
            "status": status,
            "progress": progress,
            "measures": measures,
        }
        try:
            _apply(result, strategy, row, lead, supporting, fields, made_by)
        except ActionRuleError as error:
            column = "note" if error.field == "note" else error.field
            result.errors.append((line, column, error.message))
    if result.errors or dry_run:
        transaction.set_rollback(True)
    return result


def _apply(
    result: PlanImportResult,
    strategy: Strategy,
    row: dict[str, str],
    lead: PartnerOrganisation,
    supporting: list[PartnerOrganisation],
    fields: dict[str, Any],
    made_by: Any,
) -> None:
    priority = Priority.objects.filter(strategy=strategy, title=row["priority"]).first()
    if priority is None:
        priority = priority_save(strategy=strategy, title=row["priority"])
    existing = Action.objects.filter(strategy=strategy, reference=row["reference"]).first()
    if existing is None:
        action_create(
            priority=priority,
            lead_partner=lead,
            reference=row["reference"],
            supporting_partners=supporting,
            made_by=made_by,
            via="import",
            note=row["note"],
            **fields,
        )
        result.created.append(row["reference"])
        return
    # The row's note goes with a change only: importing the same file again adds nothing.
    update = action_update(
        action_id=existing.pk,
        made_by=made_by,
        via="import",
        note=row["note"],
        note_alone=False,
        priority=priority,
        lead_partner=lead,
        supporting_partners=supporting,
        **fields,
    )
    (result.updated if update is not None else result.unchanged).append(row["reference"])


def _unknown_partner(name: str, partners: dict[str, PartnerOrganisation]) -> str:
    close = difflib.get_close_matches(name.lower(), list(partners), n=1, cutoff=0.5)
    hint = f"; did you mean “{partners[close[0]].name}”?" if close else ""
    return f"“{name}” is not a known partner{hint}"
