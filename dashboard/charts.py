"""Plotly figures for the dashboard pages, as plain dicts ready to embed as JSON.

Every chart is drawn from the same rows as the table beside it, after small-number suppression:
a suppressed cell is drawn as nothing and labelled "<5". Colours are the Okabe–Ito palette,
which readers with the common colour-vision deficiencies can tell apart; no chart relies on
colour alone (labels, legends and the table carry the same information)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import plotly.graph_objects as go

BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
GREY = "#9aa3ad"
PALETTE = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
RAG_COLOURS = {
    "not-started": GREY,
    "on-track": GREEN,
    "at-risk": ORANGE,
    "off-track": VERMILLION,
    "complete": BLUE,
}


@dataclass
class Series:
    """One line or one set of bars: the values to draw (None draws nothing: no data, or a
    suppressed count) and what each reads on hover ("1,234", "<5", "no data")."""

    label: str = ""
    values: list[float | None] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


def _layout(**overrides: Any) -> dict[str, Any]:
    axis = {"gridcolor": "#e3e7eb", "zerolinecolor": "#c5ccd3", "automargin": True}
    layout: dict[str, Any] = {
        "template": "none",
        "font": {"family": FONT, "size": 14, "color": "#1b1f24"},
        "colorway": PALETTE,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "hoverlabel": {"font": {"family": FONT, "size": 14}},
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
        "xaxis": dict(axis),
        "yaxis": {**axis, "rangemode": "tozero"},
        "separators": ".,",
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _as_dict(figure: go.Figure) -> dict[str, Any]:
    return json.loads(figure.to_json())


def _month_labels(months: Sequence[date]) -> list[str]:
    return [f"{m:%Y-%m-01}" for m in months]


def monthly(
    *, months: Sequence[date], counts: Series, rolling: Series, noun: str
) -> dict[str, Any]:
    """Bars of the monthly count and a line of the rolling 12 months (right-hand axis)."""
    x = _month_labels(months)
    figure = go.Figure(
        [
            go.Bar(
                x=x,
                y=counts.values,
                name="In the month",
                marker_color=SKY,
                customdata=counts.shown,
                hovertemplate=f"%{{x|%B %Y}}: %{{customdata}} {noun}<extra></extra>",
            ),
            go.Scatter(
                x=x,
                y=rolling.values,
                name="In the 12 months to the month",
                yaxis="y2",
                mode="lines+markers",
                line={"color": BLUE, "width": 3},
                marker={"size": 5},
                customdata=rolling.shown,
                connectgaps=False,
                hovertemplate=f"12 months to %{{x|%B %Y}}: %{{customdata}} {noun}<extra></extra>",
            ),
        ]
    )
    figure.update_layout(
        _layout(
            xaxis={"type": "date", "tickformat": "%b\n%Y", "dtick": "M3"},
            yaxis={"title": {"text": f"{noun.capitalize()} in the month"}},
            yaxis2={
                "title": {"text": f"{noun.capitalize()} in 12 months"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
                "automargin": True,
                "tickmode": "auto",
                "tickformat": ",d",
            },
            bargap=0.25,
        )
    )
    return _as_dict(figure)


def years(*, month_names: Sequence[str], series: Sequence[Series], noun: str) -> dict[str, Any]:
    """One line per 12-month year, month by month, the latest drawn boldest."""
    traces = []
    for index, line in enumerate(series):
        latest = index == len(series) - 1
        traces.append(
            go.Scatter(
                x=list(month_names),
                y=line.values,
                name=line.label,
                mode="lines+markers",
                line={
                    "color": PALETTE[(len(series) - 1 - index) % len(PALETTE)],
                    "width": 4 if latest else 2,
                    "dash": "solid" if latest else "dot",
                },
                customdata=line.shown,
                hovertemplate=f"%{{x}}, {line.label}: %{{customdata}} {noun}<extra></extra>",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(
            xaxis={"type": "category"},
            yaxis={"title": {"text": f"{noun.capitalize()} in the month"}},
        )
    )
    return _as_dict(figure)


def bars(
    *,
    labels: Sequence[str],
    series: Series,
    noun: str,
    highlight: set[int] | None = None,
    value_title: str = "",
) -> dict[str, Any]:
    """Horizontal bars, largest at the top; highlighted bars in orange, the rest blue. A
    suppressed bar is drawn at zero and labelled "<5"."""
    highlight = highlight or set()
    colours = [ORANGE if i in highlight else BLUE for i in range(len(labels))]
    figure = go.Figure(
        go.Bar(
            y=list(labels),
            x=[v if v is not None else 0 for v in series.values],
            orientation="h",
            marker_color=colours,
            text=list(series.shown),
            textposition="outside",
            cliponaxis=False,
            customdata=series.shown,
            hovertemplate=f"%{{y}}: %{{customdata}} {noun}<extra></extra>",
        )
    )
    figure.update_layout(
        _layout(
            yaxis={"autorange": "reversed", "type": "category", "rangemode": None},
            xaxis={"title": {"text": value_title or noun.capitalize()}, "rangemode": "tozero"},
            height=max(220, 34 * len(labels) + 90),
            margin={"r": 40},
            showlegend=False,
        )
    )
    return _as_dict(figure)


def lines(*, months: Sequence[date], series: Sequence[Series], noun: str) -> dict[str, Any]:
    """Several measures' rolling 12-month counts over the same months."""
    x = _month_labels(months)
    figure = go.Figure(
        [
            go.Scatter(
                x=x,
                y=line.values,
                name=line.label,
                mode="lines",
                line={"width": 3},
                customdata=line.shown,
                hovertemplate=f"{line.label}, 12 months to %{{x|%B %Y}}: %{{customdata}} {noun}"
                "<extra></extra>",
            )
            for line in series
        ]
    )
    figure.update_layout(
        _layout(
            xaxis={"type": "date", "tickformat": "%b\n%Y"},
            yaxis={"title": {"text": f"{noun.capitalize()} in 12 months"}},
        )
    )
    return _as_dict(figure)


def _rings(geometry: dict[str, Any]) -> tuple[list[float | None], list[float | None]]:
    """A polygon's or multipolygon's rings as one x/y path, rings separated by gaps."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    xs: list[float | None] = []
    ys: list[float | None] = []
    for polygon in polygons:
        for ring in polygon:
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(point[0] for point in ring)
            ys.extend(point[1] for point in ring)
    return xs, ys


def choropleth(
    *,
    features: list[dict[str, Any]],
    codes: Sequence[str],
    names: Sequence[str],
    values: Sequence[float | None],
    shown: Sequence[str],
    value_label: str,
) -> dict[str, Any]:
    """Areas shaded by value, drawn as filled shapes from the boundaries the project ships on
    plain axes: no map tiles and no world outline to fetch, so it works offline and under a
    strict Content Security Policy. Areas whose value is suppressed or unknown are grey and
    say why on hover. A colour bar gives the scale."""
    from plotly.colors import sample_colorscale

    known = [v for v in values if v is not None]
    top = max(known) if known else 1.0
    traces = []
    latitudes: list[float] = []
    for feature, name, value, label in zip(features, names, values, shown, strict=True):
        xs, ys = _rings(feature["geometry"])
        latitudes.extend(y for y in ys if y is not None)
        colour = (
            sample_colorscale("Blues", [0.08 + 0.92 * (value / top if top else 0)])[0]
            if value is not None
            else "#d5dade"
        )
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line={"color": "#ffffff", "width": 1},
                hoveron="fills",
                name=f"{name}: {label}",
                showlegend=False,
            )
        )
    # An invisible point carries the colour bar.
    traces.append(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker={
                "color": [0, top],
                "colorscale": [
                    [0, sample_colorscale("Blues", [0.08])[0]],
                    [1, sample_colorscale("Blues", [1.0])[0]],
                ],
                "cmin": 0,
                "cmax": top,
                "showscale": True,
                "colorbar": {"title": {"text": value_label, "side": "right"}, "thickness": 14},
            },
        )
    )
    mid_latitude = (min(latitudes) + max(latitudes)) / 2 if latitudes else 52.0
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(
            xaxis={**hidden_axis, "constrain": "domain"},
            # A degree of longitude is shorter than one of latitude by cos(latitude).
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


def rag(*, statuses: Sequence[tuple[str, str, int]]) -> dict[str, Any]:
    """Strategy actions by status, one bar each in its RAG colour, labelled with the count."""
    figure = go.Figure(
        go.Bar(
            y=[label for _, label, _ in statuses],
            x=[n for _, _, n in statuses],
            orientation="h",
            marker_color=[RAG_COLOURS[s] for s, _, _ in statuses],
            text=[str(n) for _, _, n in statuses],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} actions<extra></extra>",
        )
    )
    figure.update_layout(
        _layout(
            yaxis={"autorange": "reversed", "type": "category", "rangemode": None},
            xaxis={"title": {"text": "Actions"}, "dtick": 1},
            height=260,
            showlegend=False,
            margin={"r": 30},
        )
    )
    return _as_dict(figure)


def funnel(
    *,
    populations: Sequence[float],
    rates: Sequence[float | None],
    names: Sequence[str],
    shown: Sequence[str],
    mine: int | None,
    curve_populations: Sequence[float],
    curves: dict[str, Sequence[float]],
    national_rate: float,
    rate_label: str,
) -> dict[str, Any]:
    """Each area's rate against its population (log scale), with the England-and-Wales rate
    and its 95% and 99.8% control limits as a funnel; the area compared drawn larger, in
    orange, and named. Hidden rates are left out of the drawing (the table says so)."""
    others = [i for i in range(len(names)) if i != mine and rates[i] is not None]
    traces = [
        go.Scatter(
            x=list(curve_populations),
            y=list(curves[f"{side}_{level}"]),
            mode="lines",
            line={"color": GREY if level == "998" else BLACK, "width": 1.5, "dash": dash},
            name=label,
            hoverinfo="skip",
            showlegend=side == "high",
        )
        for level, dash, label in (
            ("95", "dash", "95% limits"),
            ("998", "dot", "99.8% limits"),
        )
        for side in ("high", "low")
    ]
    traces.append(
        go.Scatter(
            x=[curve_populations[0], curve_populations[-1]],
            y=[national_rate, national_rate],
            mode="lines",
            line={"color": BLACK, "width": 1},
            name="England and Wales",
            hoverinfo="skip",
        )
    )
    traces.append(
        go.Scatter(
            x=[populations[i] for i in others],
            y=[rates[i] for i in others],
            mode="markers",
            marker={"color": SKY, "size": 7, "line": {"color": BLUE, "width": 1}},
            name="Other areas",
            customdata=[shown[i] for i in others],
            text=[names[i] for i in others],
            hovertemplate="%{text}: %{customdata}<extra></extra>",
        )
    )
    if mine is not None and rates[mine] is not None:
        traces.append(
            go.Scatter(
                x=[populations[mine]],
                y=[rates[mine]],
                mode="markers+text",
                marker={
                    "color": ORANGE,
                    "size": 14,
                    "symbol": "diamond",
                    "line": {"color": BLACK, "width": 1.5},
                },
                text=[names[mine]],
                textposition="top center",
                name=names[mine],
                customdata=[shown[mine]],
                hovertemplate="%{text}: %{customdata}<extra></extra>",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(
            xaxis={
                "type": "log",
                "title": {"text": "Residents"},
                "tickformat": ",.0f",
                "dtick": "D2",
            },
            yaxis={"title": {"text": rate_label}, "rangemode": "tozero"},
            height=460,
        )
    )
    return _as_dict(figure)


def ranked_changes(
    *,
    names: Sequence[str],
    changes: Sequence[float],
    lows: Sequence[int],
    highs: Sequence[int],
    mine: int | None,
) -> dict[str, Any]:
    """Every area's change, largest rise first, as dots; the area compared in orange with its
    rank's interval written beside it."""
    order = sorted(range(len(names)), key=lambda i: -changes[i])
    x = list(range(1, len(order) + 1))
    colours = [ORANGE if i == mine else BLUE for i in order]
    sizes = [13 if i == mine else 6 for i in order]
    figure = go.Figure(
        go.Scatter(
            x=x,
            y=[changes[i] for i in order],
            mode="markers",
            marker={"color": colours, "size": sizes},
            text=[names[i] for i in order],
            customdata=[f"plausibly {lows[i]}–{highs[i]}" for i in order],
            hovertemplate="%{text}: %{y:+.0f}% (rank %{x}, %{customdata})<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_layout(
        _layout(
            xaxis={"title": {"text": "Rank (1 = the largest rise)"}},
            yaxis={
                "title": {"text": "Change on the previous 12 months (%)"},
                "rangemode": None,
                "zeroline": True,
            },
            height=360,
        )
    )
    return _as_dict(figure)
