from datetime import date

from incidents.months import add_months, month_range


def test_months_step_across_years_both_ways():
    assert add_months(date(2023, 11, 1), 3) == date(2024, 2, 1)
    assert add_months(date(2024, 2, 1), -35) == date(2021, 3, 1)
    assert add_months(date(2024, 1, 1), 0) == date(2024, 1, 1)


def test_a_range_includes_both_ends():
    assert month_range(date(2023, 11, 15), date(2024, 2, 1)) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert month_range(date(2024, 3, 1), date(2024, 2, 1)) == []
