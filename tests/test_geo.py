"""The framework-free map geometry: projection, SVG paths, class breaks, and the vendored desa layers."""

from __future__ import annotations

import re

import pytest

from sinergi.dashboards import geo

SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def ring(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def test_projection_north_up_east_right():
    proj = geo.projection((95.0, 5.0, 96.0, 6.0), width=1000, pad=0)
    west_x, _ = proj.xy(95.1, 5.5)
    east_x, _ = proj.xy(95.9, 5.5)
    _, north_y = proj.xy(95.5, 5.9)
    _, south_y = proj.xy(95.5, 5.1)
    assert east_x > west_x  # east is right
    assert north_y < south_y  # north is up (SVG's y grows downwards)
    assert proj.xy(95.0, 6.0) == (0.0, 0.0)  # north-west corner at the origin
    x, y = proj.xy(96.0, 5.0)
    assert x == pytest.approx(1000)
    # A degree of longitude is cos(5.5°) of a degree of latitude: the drawing is taller than wide.
    assert y == pytest.approx(1000 / 0.99540, rel=1e-3)
    assert proj.height == pytest.approx(y, abs=1)


def test_projection_fits_width_with_padding():
    proj = geo.projection((10.0, -1.0, 10.5, -0.5), width=500, pad=4)
    xs = [proj.xy(lon, lat)[0] for lon, lat in ((10.0, -1.0), (10.5, -0.5))]
    assert xs[0] == pytest.approx(4) and xs[1] == pytest.approx(496)


def test_polygon_path_is_one_closed_subpath_in_whole_units():
    proj = geo.projection((0.0, 0.0, 1.0, 1.0), width=100, pad=0)
    d = geo.path_d({"type": "Polygon", "coordinates": [SQUARE]}, proj)
    assert d.count("M") == 1 and d.endswith("z")
    assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", d)
    assert d == "M0 100l100 0 0 -100 -100 0z"  # (0,0) is the south-west corner: bottom left


def test_multipolygon_with_hole_gives_a_subpath_per_ring():
    proj = geo.projection((0.0, 0.0, 3.0, 1.0), width=300, pad=0)
    geometry = {"type": "MultiPolygon", "coordinates": [
        [ring(0, 0, 1, 1), ring(0.25, 0.25, 0.75, 0.75)],  # a square with a hole
        [ring(2, 0, 3, 1)],
    ]}
    d = geo.path_d(geometry, proj)
    assert d.count("M") == 3
    assert d.count("z") == 3


def test_points_closer_than_a_unit_are_dropped_but_tiny_polygons_survive():
    proj = geo.projection((0.0, 0.0, 1.0, 1.0), width=100, pad=0)
    dense = [[i / 1000, 0.0] for i in range(1001)] + [[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    d = geo.path_d({"type": "Polygon", "coordinates": [dense]}, proj)
    assert len(d.split()) < 300  # 1,000 points on the bottom edge became at most one per unit
    tiny = ring(0.5, 0.5, 0.501, 0.501)  # a tenth of a unit
    big = geo.projection((0.0, 0.0, 1.0, 1.0), width=100, pad=0)
    d = geo.path_d({"type": "Polygon", "coordinates": [tiny]}, big)
    assert d.startswith("M") and d.endswith("z")


def test_unknown_geometry_gives_no_path():
    proj = geo.projection((0.0, 0.0, 1.0, 1.0))
    assert geo.path_d({"type": "Point", "coordinates": [0.5, 0.5]}, proj) == ""
    assert geo.path_d(None, proj) == ""


@pytest.mark.parametrize(("values", "breaks"), [
    ([], []),
    ([0, 0, 0, 0], [0]),  # all zero: one class, no division by zero
    ([7], [7]),  # one value
    ([3, 3, 3], [3]),
    ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
    (list(range(1, 101)), [20, 40, 60, 80, 100]),
    ([0] * 90 + [1] * 5 + [2, 3, 5, 40, 900], [0, 1, 3, 40, 900]),  # skewed: many zeros, a long tail
])
def test_class_breaks(values, breaks):
    assert geo.class_breaks(values) == breaks


def test_skewed_breaks_keep_the_top_class_for_the_maximum():
    values = [1] * 50 + [2] * 20 + [3] * 10 + [10, 20, 50, 100, 5000]
    breaks = geo.class_breaks(values)
    assert breaks == sorted(set(breaks)) and breaks[-1] == 5000 and len(breaks) <= 5
    assert geo.class_of(5000, breaks) == len(breaks) - 1
    assert geo.class_of(1, breaks) == 0
    assert geo.colour_of(5000, breaks) == 4  # the darkest colour, however many classes there are
    assert geo.colour_of(1, breaks) == 0


def test_palette_and_legend():
    assert geo.colours([1, 2, 3, 4, 5]) == [0, 1, 2, 3, 4]
    assert geo.colours([1, 2, 3]) == [0, 2, 4]
    assert geo.colours([7]) == [4]  # one value: shown, not washed out
    assert geo.colours([0]) == [0]  # all zero: the lightest
    assert geo.colours([]) == []
    assert geo.colour_of(0, []) == 0
    values = list(range(1, 101))
    entries = geo.legend(values, geo.class_breaks(values))
    assert [(e.low, e.high) for e in entries] == [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    assert [(e.low, e.high, e.colour) for e in geo.legend([0, 0], [0])] == [(0, 0, 0)]
    assert geo.legend([], []) == []


def test_layer_path_refuses_anything_but_a_kabupaten_code():
    assert geo.layer_path("11.06") is not None
    assert geo.layer_path("11.99") is None  # no layer
    for bad in ("", "11", "11.06.07", "../11.06", "11.06/../../x", "11.06.geojson"):
        assert geo.layer_path(bad) is None


VENDORED = ["11.06", "32.12", "32.75", "35.01"]


@pytest.fixture(scope="module")
def desa_codes():
    """{kabupaten: {desa code: name}} from the project's vendored area data."""
    from sinergi.areas.loader import read_areas
    from sinergi.areas.models import Level

    codes: dict[str, dict[str, str]] = {k: {} for k in VENDORED}
    for area in read_areas(VENDORED):
        if area.level == Level.VILLAGE:
            codes[area.code[:5]][area.code] = area.name
    return codes


def test_the_vendored_layers_are_the_expected_ones():
    assert geo.available_layers() == VENDORED
    license_file = geo.DATA_DIR.parent / "LICENSE.wilayah_boundaries"
    assert "MIT License" in license_file.read_text(encoding="utf-8")
    assert (geo.DATA_DIR.parent / "README.md").exists()


@pytest.mark.parametrize("kab", VENDORED)
def test_every_vendored_layer_loads_with_known_desa_codes(kab, desa_codes):
    features = geo.read_features(kab)
    assert features
    codes = [f["properties"]["kode"] for f in features]
    assert len(codes) == len(set(codes))
    unknown = [c for c in codes if c not in desa_codes[kab]]
    assert not unknown, f"{kab}: codes not in the area data: {unknown[:5]}"
    layer = geo.desa_layer(kab)
    assert layer is not None and layer.width == geo.WIDTH and layer.height > 0
    assert len(layer.shapes) == len(features)  # every desa is drawn, however small
    assert all(s.d.startswith("M") and s.d.endswith("z") for s in layer.shapes)


def test_aceh_besar_svg_stays_small():
    layer = geo.desa_layer("11.06")
    assert len(layer.shapes) == 604
    size = sum(len(s.d) for s in layer.shapes)
    assert size < 400_000, size


def test_zoom_box_frames_a_part_of_the_layer():
    layer = geo.Layer(kab_code="00.00", width=1000, height=800, shapes=())
    # One small desa: at least min_side units around it, centred on it.
    x, y, w, h = geo.zoom_box([(500, 400, 510, 410)], layer)
    assert (w, h) == (150, 150) and x < 500 and x + w > 510 and y < 400 and y + h > 410
    # Near an edge the frame stays inside the layer.
    x, y, w, h = geo.zoom_box([(0, 0, 20, 20)], layer)
    assert (x, y) == (0, 0)
    x, y, w, h = geo.zoom_box([(990, 790, 1000, 800)], layer)
    assert x + w <= 1000 and y + h <= 800
    # Most of the layer: no zoom.
    assert geo.zoom_box([(0, 0, 900, 700)], layer) is None
    assert geo.zoom_box([], layer) is None


def test_shape_boxes_enclose_their_paths():
    layer = geo.desa_layer("32.75")
    for shape in layer.shapes:
        x0, y0, x1, y1 = shape.box
        assert 0 <= x0 <= x1 <= layer.width and 0 <= y0 <= y1 <= layer.height
        first = re.match(r"M(-?\d+) (-?\d+)", shape.d)
        assert x0 - 1 <= int(first[1]) <= x1 + 1 and y0 - 1 <= int(first[2]) <= y1 + 1


def test_layers_are_cached():
    assert geo.desa_layer("32.75") is geo.desa_layer("32.75")
    assert geo.desa_layer("99.99") is None
