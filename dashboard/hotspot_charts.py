"""Plotly figures for hot spots, as plain dicts: the map shaded by class (drawn from the shipped
boundaries on plain axes, like ``charts.choropleth``: no tiles, nothing fetched) and the
concentration curve. Colours pair warm with hot and cool with cold, from the Okabe–Ito palette
and its tints; the class is always in words too (the hover text, the legend list, the table)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from .charts import BLUE, ORANGE, SKY, VERMILLION, _as_dict, _layout, _rings

# Class key -> fill colour. "" is a class not shown (suppression) or no class (too few).
CLASS_COLOURS = {
    "hot-99": VERMILLION,
    "hot-95": ORANGE,
    "hot-90": "#f5cf85",
    "not-significant": "#f4f5f7",
    "cold-90": "#b9ddf4",
    "cold-95": SKY,
    "cold-99": BLUE,
    "": "#c5ccd3",
}


def hot_spot_map(
    *,
    features: Sequence[dict[str, Any]],
    names: Sequence[str],
    classes: Sequence[str],
    shown: Sequence[str],
) -> dict[str, Any]:
    """One filled shape per area, coloured by its class key (``CLASS_COLOURS``), reading
    "name: class in words" on hover. Each trace carries its class in ``meta`` so the legend's
    buttons can pick out one class (``static/js/hotspots.js``)."""
    traces = []
    latitudes: list[float] = []
    for feature, name, key, label in zip(features, names, classes, shown, strict=True):
        xs, ys = _rings(feature["geometry"])
        latitudes.extend(y for y in ys if y is not None)
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=CLASS_COLOURS.get(key, CLASS_COLOURS[""]),
                mode="lines",
                line={"color": "#5b6570", "width": 0.6},
                hoveron="fills",
                name=f"{name}: {label}",
                meta=key or "none",
                showlegend=False,
            )
        )
    mid_latitude = (min(latitudes) + max(latitudes)) / 2 if latitudes else 52.0
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(
            xaxis={**hidden_axis, "constrain": "domain"},
            yaxis={
                **hidden_axis,
                "scaleanchor": "x",
                "scaleratio": 1 / math.cos(math.radians(mid_latitude)),
                "rangemode": None,
            },
            height=620,
            dragmode="pan",
            hovermode="closest",
        )
    )
    return _as_dict(figure)


def concentration_curve(
    *,
    lines: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    x_title: str,
    y_title: str,
    equal_label: str,
) -> dict[str, Any]:
    """Cumulative share of incidents (y, %) against the share of places (x, %), busiest first,
    one line per period (the latest first, drawn boldest), with the diagonal of an even
    spread for reference."""
    traces = [
        go.Scatter(
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            name=equal_label,
            line={"color": "#8a939c", "width": 1.5, "dash": "dot"},
            hoverinfo="skip",
        )
    ]
    for index, (label, points) in enumerate(lines):
        traces.append(
            go.Scatter(
                x=[round(p[0] * 100, 1) for p in points],
                y=[round(p[1] * 100, 1) for p in points],
                mode="lines+markers",
                name=label,
                line={
                    "color": VERMILLION if index == 0 else BLUE,
                    "width": 3 if index == 0 else 2,
                    "dash": "solid" if index == 0 else "dash",
                },
                marker={"size": 5},
                hovertemplate=f"{label}: %{{x}}% of places hold %{{y}}%<extra></extra>",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(
            xaxis={"title": {"text": x_title}, "range": [0, 100], "ticksuffix": "%"},
            yaxis={"title": {"text": y_title}, "range": [0, 101], "ticksuffix": "%"},
            height=420,
            # Inside the plot, below the curves: clear of the axis titles.
            legend={
                "orientation": "v",
                "x": 0.98,
                "xanchor": "right",
                "y": 0.04,
                "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)",
            },
        )
    )
    return _as_dict(figure)
