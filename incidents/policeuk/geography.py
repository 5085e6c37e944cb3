"""The partnership's area as polygons police.uk's API accepts, and points placed in LSOAs by the
boundaries the project ships (the API gives no LSOA)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shapely import STRtree
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

# The polygon asked for reaches about 100 m beyond the LSOAs, so that simplifying its outline
# never cuts off a corner of the area; points outside every LSOA are dropped by ``place``.
AREA_MARGIN = 0.001
SIMPLIFY = 0.0005
# Neighbouring LSOA outlines of the generalised boundaries do not meet exactly: a point in the
# sliver between two (within about 20 m of both) goes to the nearer.
SLIVER = 0.0002
# Splitting an area that holds too many crimes stops after this many halvings each way.
MAX_SPLITS = 6


class LsoaPlacer:
    """Places a point in exactly one LSOA. Inside one polygon: that LSOA. On a boundary two
    polygons share (both cover the point): the one with the lowest code, so the same point
    lands in the same LSOA every time and is never counted twice. In a sliver between outlines:
    the nearest within ``SLIVER``. Elsewhere: None (outside the partnership's LSOAs)."""

    def __init__(self, lsoas: Iterable[tuple[str, str, dict[str, Any] | None]]) -> None:
        ordered = sorted((code, name, geometry) for code, name, geometry in lsoas if geometry)
        self.codes = [code for code, _, _ in ordered]
        self.names = [name for _, name, _ in ordered]
        self.shapes = [shape(geometry) for _, _, geometry in ordered]
        self.tree = STRtree(self.shapes)

    def __len__(self) -> int:
        return len(self.codes)

    def place(self, longitude: float, latitude: float) -> tuple[str, str] | None:
        """(code, name) of the LSOA the point lies in, or None."""
        point = Point(longitude, latitude)
        hits = self.tree.query(point, predicate="covered_by")
        if len(hits) == 0:
            hits = self.tree.query_nearest(point, max_distance=SLIVER, all_matches=True)
        if len(hits) == 0:
            return None
        index = int(min(hits))  # indices follow the codes' order: the lowest code wins
        return self.codes[index], self.names[index]

    def area(self) -> list[Polygon]:
        """The LSOAs' union, a little wider and with a simpler outline, as polygons."""
        return area_polygons(self.shapes)


def area_polygons(shapes: Iterable[BaseGeometry]) -> list[Polygon]:
    merged = unary_union(list(shapes)).buffer(AREA_MARGIN).simplify(SIMPLIFY)
    return _polygons(merged)


def split(polygon: Polygon) -> list[Polygon]:
    """The polygon cut into the quarters of its bounding box (empty quarters left out)."""
    west, south, east, north = polygon.bounds
    mid_x, mid_y = (west + east) / 2, (south + north) / 2
    parts: list[Polygon] = []
    for quarter in (
        box(west, south, mid_x, mid_y),
        box(mid_x, south, east, mid_y),
        box(west, mid_y, mid_x, north),
        box(mid_x, mid_y, east, north),
    ):
        parts.extend(_polygons(polygon.intersection(quarter)))
    return parts


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty or geometry.area == 0 else [geometry]
    if isinstance(geometry, MultiPolygon):
        return [p for p in geometry.geoms if p.area > 0]
    return [p for g in getattr(geometry, "geoms", []) for p in _polygons(g)]


def poly_parameter(polygon: Polygon) -> str:
    """police.uk's ``poly``: the outline as ``lat,lng`` pairs joined by colons (the last point
    is joined to the first by the API, so the closing repeat is left out). Holes cannot be
    expressed; whatever they hold is dropped when points are placed."""
    points = list(polygon.exterior.coords)[:-1]
    return ":".join(f"{lat:.6f},{lng:.6f}" for lng, lat in points)
