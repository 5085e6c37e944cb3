"""Primary and secondary suppression of small counts."""

from dashboard.suppression import suppress_group, suppress_total


def test_counts_below_the_threshold_are_shown_as_less_than():
    shown = suppress_group({"a": 3, "b": 1, "c": 40, "d": 0}, threshold=5)
    assert shown == {"a": "<5", "b": "<5", "c": "40", "d": "0"}


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    # Total 117 shown: 117 - 60 - 50 would reveal the 3 if only it were hidden.
    shown = suppress_group({"Ward A": 3, "Ward B": 60, "Ward C": 50, "Ward D": 4_000}, threshold=5)
    assert shown == {"Ward A": "<5", "Ward B": "60", "Ward C": "<5", "Ward D": "4,000"}


def test_no_secondary_suppression_when_the_total_is_not_shown():
    shown = suppress_group({"a": 3, "b": 60}, threshold=5, total_shown=False)
    assert shown == {"a": "<5", "b": "60"}


def test_two_suppressed_cells_protect_each_other():
    shown = suppress_group({"a": 3, "b": 2, "c": 60}, threshold=5)
    assert shown == {"a": "<5", "b": "<5", "c": "60"}


def test_a_zero_can_be_the_secondary_cell():
    shown = suppress_group({"a": 3, "b": 0, "c": 60}, threshold=5)
    assert shown == {"a": "<5", "b": "<5", "c": "60"}


def test_no_data_stays_no_data_and_is_never_the_secondary_cell():
    shown = suppress_group({"a": 3, "b": None, "c": 60}, threshold=5)
    assert shown == {"a": "<5", "b": "no data", "c": "<5"}


def test_totals_and_the_threshold_setting():
    assert suppress_total(4, threshold=5) == "<5"
    assert suppress_total(1234, threshold=5) == "1,234"
    assert suppress_total(None, threshold=5) == "no data"
    assert suppress_group({"a": 9, "b": 30}, threshold=10)["a"] == "<10"
