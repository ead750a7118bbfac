"""Desa boundaries as SVG paths, drawn on the server: framework-free.

The vendored layers (``data/geo/desa/PP.KK.geojson``, one kabupaten/kota each) are projected with an
equirectangular projection scaled by cos(latitude) at the layer's middle (true enough at kabupaten scale), into
a viewBox ``WIDTH`` units wide with north up and east right. Coordinates are rounded to whole units and points
closer than one unit to the last kept one are dropped, so a kabupaten of 600 desa stays a few hundred KB of SVG.
Each layer is read and projected once per process (:func:`desa_layer` is cached).

:func:`class_breaks` puts values into at most five classes for the choropleth.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "geo" / "desa"
WIDTH = 1000  # viewBox width; the page scales the SVG to its container
PAD = 4  # viewBox units around the drawing, so edge strokes are not cut
CLASSES = 5
_KAB_CODE = re.compile(r"^\d{2}\.\d{2}$")


@dataclass(frozen=True)
class Projection:
    """lon/lat → viewBox x/y: x grows to the east, y grows to the south (SVG's y points down)."""

    min_lon: float
    max_lat: float
    kx: float  # cos(middle latitude): a degree of longitude is that much shorter than one of latitude
    scale: float  # viewBox units per degree of latitude
    pad: float
    width: float
    height: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.pad + (lon - self.min_lon) * self.kx * self.scale,
                self.pad + (self.max_lat - lat) * self.scale)


def projection(bbox: tuple[float, float, float, float], width: float = WIDTH, pad: float = PAD) -> Projection:
    """The projection fitting ``bbox`` (min_lon, min_lat, max_lon, max_lat) into ``width`` units (padding
    included); the height follows from the bbox's shape."""
    min_lon, min_lat, max_lon, max_lat = bbox
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = (width - 2 * pad) / span_x
    height = span_y * scale + 2 * pad
    return Projection(min_lon=min_lon, max_lat=max_lat, kx=kx, scale=scale, pad=pad, width=width,
                      height=math.ceil(height))


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    """A Polygon or MultiPolygon as a list of polygons (each: outer ring, then holes); anything else: []."""
    kind = geometry.get("type") if geometry else None
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def bbox_of(geometries: Iterable[dict]) -> tuple[float, float, float, float] | None:
    min_lon = min_lat = math.inf
    max_lon = max_lat = -math.inf
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for lon, lat, *_rest in ring:
                    min_lon, max_lon = min(min_lon, lon), max(max_lon, lon)
                    min_lat, max_lat = min(min_lat, lat), max(max_lat, lat)
    if min_lon == math.inf:
        return None
    return min_lon, min_lat, max_lon, max_lat


def _ring_points(ring: Sequence[Sequence[float]], proj: Projection, min_step: float) -> list[tuple[int, int]]:
    """The ring's points in whole viewBox units, without the closing point and without points closer than
    ``min_step`` to the last kept one."""
    points: list[tuple[int, int]] = []
    last_x = last_y = math.inf
    for lon, lat, *_rest in ring:
        x, y = proj.xy(lon, lat)
        if abs(x - last_x) < min_step and abs(y - last_y) < min_step:
            continue
        last_x, last_y = x, y
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points


def _ring_d(points: list[tuple[int, int]]) -> str:
    """'M x y l dx dy …z': relative moves keep the string short; deltas of rounded points do not drift."""
    (x0, y0), *rest = points
    parts = [f"M{x0} {y0}"]
    if rest:
        deltas = []
        px, py = x0, y0
        for x, y in rest:
            deltas.append(f"{x - px} {y - py}")
            px, py = x, y
        parts.append("l" + " ".join(deltas))
    parts.append("z")
    return "".join(parts)


def path_d(geometry: dict, proj: Projection, min_step: float = 1.0) -> str:
    """The SVG path data of a Polygon or MultiPolygon: one closed subpath per ring (holes included: draw with
    ``fill-rule="evenodd"``). Rings that shrink below three points are dropped; when that would drop every ring
    (a desa smaller than a unit or two), the outer rings are kept unsimplified so the desa is still drawn."""
    polygons = polygons_of(geometry)
    rings = [_ring_points(ring, proj, min_step) for polygon in polygons for ring in polygon]
    kept = [r for r in rings if len(r) >= 3]
    if not kept:
        kept = [p for p in (_ring_points(polygon[0], proj, 0.0) for polygon in polygons if polygon) if p]
    return "".join(_ring_d(r) for r in kept)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str
    box: tuple[float, float, float, float]  # min x, min y, max x, max y in viewBox units


@dataclass(frozen=True)
class Layer:
    kab_code: str
    width: int
    height: int
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.shapes)


def layer_path(kab_code: str) -> Path | None:
    """The vendored desa layer of a kabupaten/kota, or None (also for anything that is not a kabupaten code)."""
    if not _KAB_CODE.match(kab_code or ""):
        return None
    path = DATA_DIR / f"{kab_code}.geojson"
    return path if path.is_file() else None


def available_layers() -> list[str]:
    return sorted(p.name.removesuffix(".geojson") for p in DATA_DIR.glob("*.geojson"))


def read_features(kab_code: str) -> list[dict]:
    """The layer's GeoJSON features ([] when there is no layer)."""
    path = layer_path(kab_code)
    if path is None:
        return []
    with open(path, encoding="utf-8") as fh:
        return json.load(fh).get("features", [])


def zoom_box(boxes: Iterable[tuple[float, float, float, float]], layer: Layer, *, margin: float = 0.15,
             min_side: float = 150, whole: float = 0.8) -> tuple[int, int, int, int] | None:
    """The part of the layer (x, y, width, height) to show when the user's desa are only part of it: their
    bounding boxes with a margin for context, at least ``min_side`` units a side (one desa is not blown up to
    the whole screen), kept inside the layer. None when that would be (nearly) the whole layer anyway."""
    boxes = list(boxes)
    if not boxes:
        return None
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = margin * max(x1 - x0, y1 - y0)
    w = min(max(x1 - x0 + 2 * pad, min_side), layer.width)
    h = min(max(y1 - y0 + 2 * pad, min_side), layer.height)
    if w >= whole * layer.width and h >= whole * layer.height:
        return None
    x = min(max((x0 + x1 - w) / 2, 0), layer.width - w)
    y = min(max((y0 + y1 - h) / 2, 0), layer.height - h)
    return math.floor(x), math.floor(y), math.ceil(w), math.ceil(h)


@lru_cache(maxsize=16)
def desa_layer(kab_code: str, width: int = WIDTH) -> Layer | None:
    """The projected desa of a kabupaten/kota, in code order; None without a vendored layer."""
    features = read_features(kab_code)
    if not features:
        return None
    bbox = bbox_of(f.get("geometry") for f in features)
    if bbox is None:
        return None
    proj = projection(bbox, width=width)
    shapes = []
    for feature in sorted(features, key=lambda f: f["properties"]["kode"]):
        geometry = feature.get("geometry")
        d = path_d(geometry, proj)
        if d:
            props = feature["properties"]
            min_lon, min_lat, max_lon, max_lat = bbox_of([geometry])
            (x0, y0), (x1, y1) = proj.xy(min_lon, max_lat), proj.xy(max_lon, min_lat)
            shapes.append(Shape(code=props["kode"], name=props.get("nama", ""), d=d,
                                box=(round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))))
    return Layer(kab_code=kab_code, width=round(proj.width), height=round(proj.height), shapes=tuple(shapes))


# Class breaks


def class_breaks(values: Iterable[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of at most ``classes`` classes, ascending, the last one the maximum. Quantile classes
    (nearest rank, so integer counts give integer bounds); when many equal values fill a class (skewed data:
    most desa 0), the values above its bound are split again into the classes left, so the long tail still
    gets its shades. A value belongs to the first class whose bound it does not exceed (:func:`class_of`).
    No values: []; all equal (all zero too): one class."""
    remaining = sorted(values)
    breaks: list[float] = []
    while remaining and len(breaks) < classes:
        slots = classes - len(breaks)
        bound = remaining[max(0, math.ceil(len(remaining) / slots) - 1)]
        breaks.append(bound)
        remaining = remaining[bisect_right(remaining, bound):]
    return breaks


def class_of(value: float, breaks: Sequence[float]) -> int:
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return max(len(breaks) - 1, 0)


def colour_of(value: float, breaks: Sequence[float]) -> int:
    """The palette index (CSS class c0..c4) of a value."""
    return colours(breaks)[class_of(value, breaks)] if breaks else 0


def colours(breaks: Sequence[float], size: int = CLASSES) -> list[int]:
    """Which of ``size`` colours (light → dark) the classes use: spread out, the highest class always the
    darkest. A single class is the darkest too, unless it holds only zeros (the lightest: nothing to see)."""
    count = len(breaks)
    if count == 0:
        return []
    if count == 1:
        return [0] if breaks[0] <= 0 else [size - 1]
    return [round(i * (size - 1) / (count - 1)) for i in range(count)]


@dataclass(frozen=True)
class LegendEntry:
    colour: int  # index into the palette (CSS class c0..c4)
    low: float
    high: float


def legend(values: Sequence[float], breaks: Sequence[float]) -> list[LegendEntry]:
    """One entry per class with the range of values it holds (for integer counts: low..high inclusive)."""
    if not breaks:
        return []
    low = min(values) if values else breaks[0]
    entries = []
    previous = None
    for colour, bound in zip(colours(breaks), breaks, strict=True):
        start = low if previous is None else _next_above(previous)
        entries.append(LegendEntry(colour=colour, low=start, high=bound))
        previous = bound
    return entries


def _next_above(value: float) -> float:
    return value + 1 if float(value).is_integer() else value
