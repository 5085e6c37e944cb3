"""What an import found and did: the counts and row problems of one file (``ImportCounts``) and
its outcome (``ImportOutcome``), shared by every stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..formats import FileFormat

MAX_ROW_ERRORS_STORED = 10_000
PROGRESS_EVERY_ROWS = 50_000
# Share of the progress bar for reading the file; storing takes the rest.
READ_SHARE = 80
# How many Crime IDs to look up before choosing between append and merge.
Progress = Callable[[int], None]


@dataclass
class ImportCounts:
    read: int = 0
    stored: int = 0
    updated: int = 0
    duplicate: int = 0
    replaced: int = 0
    rejected: int = 0
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    # Whether the file may hold one Crime ID twice (by hash: may say yes wrongly, never no).
    references_may_repeat: bool = False
    # (scope, month) pairs the file covers: force and "YYYY-MM" for police.uk.
    coverage: set[tuple[str, Any]] = field(default_factory=set)
    # Rows per LSOA code, to count those outside the loaded areas.
    lsoa_codes: dict[str, int] = field(default_factory=dict)
    unknown_lsoa: int = 0
    # police.uk rows with coordinates outside the UK (kept, counted for their force only).
    outside_uk: int = 0
    # The period the file was taken to cover, for the report: (first day, last day, how known),
    # and what it covers (a hospital site).
    period: tuple[date, date, str] | None = None
    scope: str = ""
    # Rows a file that replaces its period removed, by the batch that had brought them; and
    # whether a partnership file left its period's missing incidents alone (rows were rejected).
    replaced_from: dict[int, int] = field(default_factory=dict)
    withdrawals_skipped: bool = False

    def count_lsoa(self, code: str) -> None:
        if code:
            self.lsoa_codes[code] = self.lsoa_codes.get(code, 0) + 1


@dataclass
class ImportOutcome:
    counts: ImportCounts
    file_format: FileFormat | None = None
    refusal: str = ""
    path: str = ""  # "append" or "merge", for logs and benchmarks
