"""The attacker's arithmetic: with small counts planted in the data, every board-facing table
a board member can fetch (month by month, year on year, by ward, by offence type, by age, the
map, tiles and headlines, the board pack) is read back, and an independent solver tries to work
out each hidden count from what is shown: the sums (a 12-month total is its months, a table's
total its rows, the wards make up the local authority), the bounds the marks give away ("<5" is
1 to 4, "[c]" at least 5) and the changes against shown counts. The test fails if any hidden
value is pinned to one number."""

from __future__ import annotations

import calendar
import re

import pytest
from django.urls import reverse

from incidents.models import Area
from tests.factories import exported_rows as _csv
from tests.factories import exported_value as _value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("planted_shared")]
T = 5  # the partnership threshold
SMALL_WARD_LSOA = "E01016796"


def _series_cells(rows: list[list[str]]) -> tuple[dict, list, set]:
    """Month-by-month table: a month's count and its 12-month total; each total is the sum of
    its twelve months (those before the table are unknown to the reader)."""
    cells, equations, free = {}, [], set()
    shown_months = [r[0] for r in rows[1:]]
    for r in rows[1:]:
        cells[("c", r[0])] = _value(r[1])
        cells[("r", r[0])] = _value(r[2])
    for i, month in enumerate(shown_months):
        if cells[("r", month)] is None:
            continue
        terms = {("r", month): 1}
        for k in range(12):
            j = i - k
            key = ("c", shown_months[j]) if j >= 0 else ("before", j)
            if j < 0:
                free.add(key)
            elif cells[key] is None:
                continue
            terms[key] = terms.get(key, 0) - 1
        equations.append((terms, 0))
    return cells, equations, free


@pytest.mark.parametrize("area", ["", "E05009418"])
def test_month_by_month_gives_nothing_hidden_away(board, planted, area, attacker):
    url = reverse("measure", args=["knife-crime"])
    rows = _csv(board.get(url, {"area": area, "period": "36", "export": "month-by-month"}))
    cells, equations, free = _series_cells(rows)
    assert any(v in ("<5", "not shown") for v in cells.values()), "the plant has small months"
    assert attacker(cells, equations, free) == []


@pytest.mark.parametrize("export", ["by-offence-type", "by-victim-age"])
@pytest.mark.parametrize("period", ["12", "24", "36"])
def test_splits_against_their_total_give_nothing_away(board, planted, export, period, attacker):
    url = reverse("measure", args=["knife-crime"])
    rows = _csv(board.get(url, {"period": period, "export": export}))
    if len(rows) <= 1:
        return  # withheld as a whole: nothing shown
    parts = {("part", r[0]): _value(r[1]) for r in rows[1:] if r[0] != "Total"}
    [total] = [_value(r[1]) for r in rows if r[0] == "Total"]
    equations = [(dict.fromkeys(parts, 1), total)]
    assert attacker(parts, equations) == []


def _tile_total(board, area: str) -> float | str:
    page = board.get(reverse("measure", args=["knife-crime"]), {"area": area}).content.decode()
    found = re.search(r"Knife crime in [^:]+: ([\d,]+) offences in the 12 months", page)
    return float(found[1].replace(",", "")) if found else "[c]"


@pytest.mark.parametrize(("view", "export"), [("measure", "by-area"), ("map", "map")])
def test_wards_against_the_local_authority_give_nothing_away(
    board, planted, view, export, attacker
):
    url = reverse(view, args=["knife-crime"]) if view == "measure" else reverse("map")
    params = {"export": export} | ({"measure": "knife-crime"} if view == "map" else {})
    rows = _csv(board.get(url, params))
    count_column = 1 if view == "measure" else 2
    wards = {("ward", r[0]): _value(r[count_column]) for r in rows[1:]}
    total = _tile_total(board, "")
    # Every incident is in a ward here, so the wards make up the local authority.
    cells = {**wards, ("total",): total}
    equations = [({**dict.fromkeys(wards, 1), ("total",): -1}, 0)]
    assert attacker(cells, equations) == []
    # A rate reveals its count: shown only beside a shown count.
    for r in rows[1:]:
        rate = _value(r[count_column + 1])
        assert not (isinstance(_value(r[count_column]), str) and isinstance(rate, float))


def test_changes_never_reveal_a_hidden_or_small_base(board, planted):
    """A change and its count give the earlier count: it must be one the page may show."""
    url = reverse("measure", args=["knife-crime"])
    for area in ["", "E05009418", "E05009424"]:
        rows = _csv(board.get(url, {"area": area, "export": "by-area"}))
        for r in rows[1:]:
            count, change = _value(r[1]), _value(r[3])
            if isinstance(count, float) and isinstance(change, float) and change != -100:
                base = count / (1 + change / 100)
                assert round(base) == 0 or round(base) >= T, (area, r)
        page = board.get(url, {"area": area}).content.decode()
        for sentence in re.findall(r"[^.]*offences in the 12 months to[^.]*\.", page):
            now = re.search(r": ([\d,]+) offences", sentence)
            for change in re.findall(r"(up|down) ([\d.]+)% on", sentence):
                assert now, sentence
                a = float(now[1].replace(",", ""))
                ratio = 1 + (1 if change[0] == "up" else -1) * float(change[1]) / 100
                assert ratio <= 0 or round(a / ratio) >= T, sentence


def test_the_board_pack_monthly_table_gives_nothing_away(board, planted, attacker):
    page = board.get(reverse("board-pack")).content.decode()
    assert "Knife crime" in page
    rows = _csv(board.get(reverse("measure", args=["knife-crime"]), {"export": "month-by-month"}))
    cells, equations, free = _series_cells(rows)
    assert attacker(cells, equations, free) == []


def test_the_ward_page_hides_what_the_local_authority_page_hides(board, planted):
    """A small ward's series is protected on its own page too: monthly counts, 12-month
    totals and the tile's headline agree about what is hidden."""
    ward = Area.objects.get(code=SMALL_WARD_LSOA, vintage=2011).parent
    params = {"area": ward.code, "period": "36", "export": "month-by-month"}
    rows = _csv(board.get(reverse("measure", args=["knife-crime"]), params))
    latest = _value(rows[-1][2])
    total = _tile_total(board, ward.code)
    assert (isinstance(latest, str)) == (isinstance(total, str))


def test_year_on_year_and_the_overview_trend_hide_what_month_by_month_hides(board, planted):
    """The same counts seen through other tables carry the same marks: two views of one
    series can never be played against each other."""
    url = reverse("measure", args=["knife-crime"])
    params = {"period": "36", "export": "month-by-month"}
    monthly = {r[0]: r for r in _csv(board.get(url, params))[1:]}
    years = _csv(board.get(url, {"period": "36", "export": "year-on-year"}))
    header = years[0]
    for row in years[1:]:
        month_no = list(calendar.month_abbr).index(row[0])
        for label, shown in zip(header[1:], row[1:], strict=True):
            end_name, end_year = label.split("to ")[1].split()  # "12 months to Jun 2024"
            end_month = list(calendar.month_abbr).index(end_name)
            year = int(end_year) if month_no <= end_month else int(end_year) - 1
            key = f"{year}-{month_no:02d}"
            if key in monthly:
                assert shown == monthly[key][1], (key, shown, monthly[key][1])
    trend = _csv(board.get(reverse("home"), {"period": "36", "export": "trend"}))
    column = trend[0].index("Knife crime")
    for row in trend[1:]:
        if row[0] in monthly and row[column] not in ("", "no data"):
            assert row[column] == monthly[row[0]][2], row[0]
