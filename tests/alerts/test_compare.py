"""The comparisons behind alerts, as pure functions."""

from __future__ import annotations

from alerts.compare import (
    ABOVE,
    BELOW,
    CLEAR,
    CROSSED,
    DOWN,
    NONE,
    UP,
    default_reset,
    significance_state,
    significance_turn,
    threshold_step,
)


def _figure(**values):
    base = {
        "significant_12m": False,
        "comparable_12m": True,
        "previous_12m": 100,
        "change_12m_pct": 5.0,
    }
    return base | values


def test_significance_states():
    assert significance_state(_figure(), 12) == NONE
    assert significance_state(_figure(significant_12m=True, change_12m_pct=40.0), 12) == UP
    assert significance_state(_figure(significant_12m=True, change_12m_pct=-40.0), 12) == DOWN
    # From a base of none there is no percentage, and only a rise.
    zero = _figure(significant_12m=True, change_12m_pct=None, previous_12m=0)
    assert significance_state(zero, 12) == UP
    # Hidden by suppression, or spanning months without data: cannot be told.
    assert significance_state(_figure(significant_12m=None, previous_12m=None), 12) is None
    assert significance_state(_figure(comparable_12m=False), 12) is None
    assert significance_state(_figure(), 24) is None


def test_a_turn_needs_a_before_and_a_change():
    assert significance_turn(None, UP) is None  # the first look: nothing to compare with
    assert significance_turn(UP, None) is None  # now hidden: nothing known
    assert significance_turn(UP, UP) is None
    became = significance_turn(NONE, UP)
    assert became is not None and became.became
    stopped = significance_turn(DOWN, NONE)
    assert stopped is not None and not stopped.became
    assert significance_turn(UP, DOWN).became


def test_a_threshold_with_hysteresis_does_not_flap():
    state, events = "", []
    for value in [41, 61, 58, 62, 55, 51, 49, 52, 59, 61, 61]:
        state, event = threshold_step(
            state=state, value=value, threshold=60, reset=50, direction=ABOVE
        )
        events.append(event)
    # The first look only takes the state; then crossed at 61, reset at 49, crossed at 61.
    assert events == [None, CROSSED, None, None, None, None, CLEAR, None, None, CROSSED, None]
    assert state == CROSSED


def test_a_threshold_below_and_a_hidden_value():
    state, event = threshold_step(state="", value=10, threshold=5, reset=6, direction=BELOW)
    assert (state, event) == (CLEAR, None)
    state, event = threshold_step(state=state, value=4, threshold=5, reset=6, direction=BELOW)
    assert (state, event) == (CROSSED, CROSSED)
    assert threshold_step(state=state, value=None, threshold=5, reset=6, direction=BELOW) == (
        CROSSED,
        None,
    )
    assert threshold_step(state=state, value=5.5, threshold=5, reset=6, direction=BELOW) == (
        CROSSED,
        None,
    )
    assert threshold_step(state=state, value=6.5, threshold=5, reset=6, direction=BELOW) == (
        CLEAR,
        CLEAR,
    )


def test_the_default_reset_is_ten_percent_back():
    assert default_reset(15, ABOVE) == 13.5
    assert default_reset(-20, BELOW) == -18
    assert default_reset(0, ABOVE) == -1
