"""The suppression engine on hand-made groups and series (the attacker test covers the pages)."""

from datetime import date

from dashboard.disclosure.groups import group_marks
from dashboard.disclosure.series import series_marks
from dashboard.disclosure.solver import PRIMARY, SECONDARY, Cells, suppress
from incidents.months import add_months


def test_a_lone_small_cell_beside_a_known_total_takes_the_next_smallest_with_it():
    marks = group_marks({"a": 3, "b": 60, "c": 50, "d": 4_000}, threshold=5, total=4_113)
    assert marks == {"a": "<5", "c": "[c]"}


def test_zero_never_serves_as_the_second_hidden_cell():
    marks = group_marks({"a": 3, "b": 0, "c": 60}, threshold=5, total=63)
    assert marks == {"a": "<5", "c": "[c]"}


def test_no_data_is_not_a_cell():
    assert group_marks({"a": 3, "b": None, "c": 60}, threshold=5, total=63) == {
        "a": "<5",
        "c": "[c]",
    }


def test_two_small_cells_whose_sum_pins_both_take_a_third():
    # 1 + 1 = 2 with both at least 1: each is 1. A third cell must go.
    marks = group_marks({"a": 1, "b": 1, "c": 40, "d": 50}, threshold=5, total=92)
    assert marks["a"] == marks["b"] == "<5" and "c" in marks


def test_a_secondary_just_above_the_threshold_is_not_enough():
    # 1 + 5 = 6, and "[c]" is at least 5: the 1 would be pinned; another cell goes too.
    marks = group_marks({"a": 1, "b": 5, "c": 70}, threshold=5, total=76)
    assert set(marks) == {"a", "b", "c"}


def test_without_a_known_total_only_small_cells_are_hidden():
    assert group_marks({"a": 3, "b": 60}, threshold=5) == {"a": "<5"}


def test_the_hospital_threshold_hides_one_to_seven():
    assert group_marks({"a": 7, "b": 8}, threshold=8) == {"a": "<8"}


def test_a_small_month_in_a_shown_year_hides_a_second_cell():
    start = date(2023, 1, 1)
    counts = [9, 7, 3, 8, 9, 10, 6, 7, 8, 9, 10, 11]
    rows = [
        {"month": add_months(start, i), "count": c, "rolling_12m": sum(counts) if i == 11 else None}
        for i, c in enumerate(counts)
    ]
    marks = series_marks(rows, threshold=5)
    assert marks.count_mark(add_months(start, 2)) == "<5"
    hidden = [m for i in range(12) if (m := marks.count_mark(add_months(start, i))) is not None]
    assert hidden.count("[c]") + (marks.total_mark(add_months(start, 11)) == "[c]") >= 1
    # Hiding the month's count is preferred to hiding the year's total.
    assert marks.total_mark(add_months(start, 11)) is None


def test_the_engine_reports_why_each_cell_is_hidden():
    cells = Cells(5)
    for key, value in {"a": 2, "b": 9, "c": 30}.items():
        cells.add(key, value)
    cells.total(None, ["a", "b", "c"], known_total=41)
    assert suppress(cells) == {"a": PRIMARY, "b": SECONDARY}
