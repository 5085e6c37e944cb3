"""The attacker reads the disclosure ledger of every board-facing page and export: every cell
the page published (a number or a mark) and every relation the ledger recorded between them (a
12-month total is its months, a split's parts make its footer and the period's months, the
areas within an area make at most its total, a change or a rate comes from its totals). An
independent solver (the ``attacker`` fixture) must pin no hidden value; a change or rate shown
must never stand beside a hidden total; and what the tables and CSVs show is exactly what the
ledger holds, so no widget shows a number it did not declare.

Three kinds of data: the planted partnership series (many months under 5), hospital
attendances with a part-covered month and small months, and real police.uk rows with a missing
month."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from dashboard.disclosure.ledger import Cell, Ledger
from dashboard.filters import DEFAULT_LEVEL, DEFAULT_VALUE, Filters
from dashboard.pages import (
    board_pack_page,
    map_page,
    measure_page,
    measures_page,
    overview_page,
)
from dashboard.pages.common import Page
from dashboard.tables import Column, Table, UndeclaredNumber
from incidents.models import Area
from incidents.selectors import area_get

pytestmark = pytest.mark.django_db


def _filters(area: Area, *, end: str = "", period: int = 24, source: str = "", **more) -> Filters:
    return Filters(
        area=area,
        end=date.fromisoformat(end + "-01") if end else None,
        period=period,
        source=source,
        level=more.get("level", DEFAULT_LEVEL),
        value=more.get("value", DEFAULT_VALUE),
    )


def _pages(measure: str, areas: list[Area], ends: list[str]) -> list[tuple[str, Page]]:
    """Every board-facing page a board member can open for ``measure`` in ``areas``."""
    pages = []
    for area in areas:
        for end in ends:
            for period in (12, 24, 36):
                filters = _filters(area, end=end, period=period)
                pages.append(
                    (
                        f"measure {area.code} {end} {period}",
                        measure_page(slug=measure, filters=filters),
                    )
                )
            pages.append(
                (f"overview {area.code} {end}", overview_page(filters=_filters(area, end=end)))
            )
            pages.append(
                (f"board pack {area.code} {end}", board_pack_page(filters=_filters(area, end=end)))
            )
            for level in ("ward", "lsoa"):
                filters = _filters(area, end=end, level=level)
                pages.append(
                    (f"map {area.code} {end} {level}", map_page(slug=measure, filters=filters))
                )
        pages.append((f"measures {area.code}", measures_page(filters=_filters(area))))
    return pages


def _attack(name: str, ledger: Ledger, attacker: Any, threshold: int) -> None:
    cells: dict[Any, float | str | None] = {k: c.shown for k, c in ledger.cells.items()}
    equations, free = [], set()
    for relation in ledger.relations:
        if relation.kind == "derived":
            shown = cells.get(relation.total)
            if isinstance(shown, int | float):
                for source in relation.parts:
                    assert source in cells and not isinstance(cells[source], str), (
                        f"{name}: {relation.total} is shown beside its hidden {source}"
                    )
            continue
        terms: dict[Any, float] = {}
        if relation.total is not None:
            terms[relation.total] = -1
        for part in relation.parts:
            if part not in cells:
                free.add(part)  # a count the page does not show: unknown, at least 0
            elif cells[part] is None:
                continue  # no data: not a number a sum could hold
            terms[part] = terms.get(part, 0) + 1
        equations.append(
            (terms, -relation.outside if relation.total is not None else relation.outside)
        )
    assert attacker(cells, equations, free, threshold) == [], name


def _tables_are_the_ledger(name: str, page: Page) -> None:
    for chart in page.charts:
        for cell in chart.table.cells():
            assert page.ledger.cells.get(cell.key) == cell, (name, chart.slug, cell)


def _check(pages: list[tuple[str, Page]], attacker: Any, threshold: int) -> Counter[str]:
    """Attack every page; returns how many cells of each mark the pages hid."""
    marks: Counter[str] = Counter()
    for name, page in pages:
        _tables_are_the_ledger(name, page)
        for key, cell in page.ledger.cells.items():
            if cell.kind == "count" and isinstance(cell.shown, int | float):
                assert cell.shown == 0 or cell.shown >= threshold, (name, key, cell.shown)
        _attack(name, page.ledger, attacker, threshold)
        marks.update(c.shown for c in page.ledger.cells.values() if c.hidden)
    return marks


def test_partnership_pages_give_nothing_away(planted, attacker):
    mk = area_get(code="E06000042")
    ward = Area.objects.get(code="E01016796", vintage=2011).parent
    pages = _pages("knife-crime", [mk, ward], ["", "2023-06"])
    marks = _check(pages, attacker, threshold=5)
    assert marks["<5"] and marks["[c]"], marks  # small counts, and others hidden to protect them


def test_hospital_pages_with_a_part_covered_month_give_nothing_away(
    hospital_part_covered, attacker
):
    mk = area_get(code="E06000042")
    pages = _pages("hospital-knife-assault", [mk], ["", "2023-12", "2024-06"])
    marks = _check(pages, attacker, threshold=8)
    assert marks["<8"] and marks["[c]"], marks
    # Nothing of June 2023 (part covered) is published: no count, no total whose window holds it.
    for _, page in pages:
        for key, cell in page.ledger.cells.items():
            if key[0] == "count" and key[3] == date(2023, 6, 1):
                assert cell.shown is None
            if key[0] == "total" and date(2023, 6, 1) <= key[3] <= date(2024, 5, 1):
                assert cell.shown is None, key


def test_police_pages_with_a_missing_month_give_nothing_away(police_gap_year, attacker):
    mk = area_get(code="E06000042")
    ward = Area.objects.get(code="E01016796", vintage=2011).parent
    pages = _pages("possession-of-weapons", [mk, ward], ["", "2025-06"])
    pages += _pages("violence-and-sexual-offences", [ward], [""])
    marks = _check(pages, attacker, threshold=5)
    assert marks["<5"] and marks["[c]"], marks
    # No 12-month total whose window holds July 2025 is published, anywhere.
    for name, page in pages:
        for key, cell in page.ledger.cells.items():
            if key[0] == "total" and date(2025, 7, 1) <= key[3] <= date(2026, 6, 1):
                assert cell.shown is None, (name, key)


def test_a_table_refuses_a_number_the_ledger_did_not_hand_out():
    table = Table("t", "A table", [Column("Area"), Column("Offences", "count")])
    table.rows.append(["Milton Keynes", 12])  # a sum worked out by the widget itself
    with pytest.raises(UndeclaredNumber):
        list(table.display_rows())
    with pytest.raises(UndeclaredNumber):
        table.csv("export")
    table.rows[0][1] = Cell(("total", "knife-crime", "E06000042", date(2024, 6, 1)), "count", 12)
    assert list(table.display_rows()) == [(False, [("Milton Keynes", False), ("12", True)])]


def test_one_number_published_twice_must_agree():
    ledger = Ledger()
    key = ("total", "knife-crime", "E05009418", date(2024, 6, 1))
    ledger.publish(key, "count", 12)
    ledger.publish(key, "count", 12)
    with pytest.raises(ValueError, match="published as"):
        ledger.publish(key, "count", "[c]")
