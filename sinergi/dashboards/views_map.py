"""The desa map (``/peta/``): a choropleth of one kabupaten/kota's desa, drawn as SVG on the server, with the
same values as a table below it.

Queries per page do not depend on the number of desa or households: the user's grants (cached on the user),
the kabupaten/kota in scope, the desa of the chosen one, and one aggregate query for the indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sinergi.areas.models import Area

from . import geo, indicators


@dataclass(frozen=True)
class MapShape:
    code: str
    d: str
    name: str
    value: int | None = None  # None: outside the user's scope (grey, no value, no link)
    colour: int = 0
    url: str = ""


@dataclass(frozen=True)
class TableRow:
    code: str
    name: str
    kecamatan: str
    value: int
    url: str
    drawn: bool  # has a polygon on the map


@login_required
@require_GET
def map_view(request):
    user = request.user
    regencies = indicators.kabupaten_in_scope(user)
    requested = request.GET.get("kab", "")
    if requested:
        kab = next((r for r in regencies if r.code == requested), None)
        if kab is None:  # outside the scope or not a kabupaten/kota: the same 404 as a missing one
            raise Http404
    elif regencies:
        kab = next((r for r in regencies if geo.layer_path(r.code)), regencies[0])
    else:
        return render(request, "dashboards/map.html", {"has_scope": False})

    indicator = indicators.choose(user, request.GET.get("indikator"))
    values = indicator.counts(user, kab.code)
    desa = list(Area.objects.villages_under(kab.code).select_related("parent").order_by("code"))
    visible = {d.code for d in desa if indicator.visible(user, d.code)}
    breaks = geo.class_breaks([values.get(code, 0) for code in visible])
    def link(code: str) -> str:
        # The desa's own page: its households (heads, KK, address), counts and pillars.
        return reverse("areas:detail", args=[code])

    layer = geo.desa_layer(kab.code)
    drawn = layer.codes if layer else frozenset()
    shapes = []
    if layer:
        by_code = {d.code: d for d in desa}
        for shape in layer.shapes:
            area = by_code.get(shape.code)
            if area is not None and shape.code in visible:
                value = values.get(shape.code, 0)
                shapes.append(MapShape(code=shape.code, d=shape.d, name=area.name, value=value,
                                       colour=geo.colour_of(value, breaks), url=link(shape.code)))
            else:
                shapes.append(MapShape(code=shape.code, d=shape.d, name=area.name if area else shape.name))
    # A user who sees only part of the kabupaten (a kecamatan, a desa) gets their part framed, with the
    # neighbours around it for context; the paths are the same, only the viewBox changes.
    frame = geo.zoom_box((s.box for s in layer.shapes if s.code in visible), layer) if layer else None
    if layer and frame is None:
        frame = (0, 0, layer.width, layer.height)
    rows = sorted(
        (TableRow(code=d.code, name=d.name, kecamatan=d.parent.name if d.parent else "",
                  value=values.get(d.code, 0), url=link(d.code), drawn=d.code in drawn)
         for d in desa if d.code in visible),
        key=lambda r: (-r.value, r.name, r.code),
    )
    return render(request, "dashboards/map.html", {
        "has_scope": True,
        "kab": kab,
        "regencies": regencies,
        "indicator": indicator,
        "indicators": indicators.indicators_for(user),
        "layer": layer,
        "view_box": " ".join(map(str, frame)) if frame else "",
        "frame_width": frame[2] if frame else 0,
        "frame_height": frame[3] if frame else 0,
        # The hatching of out-of-scope desa keeps the same look whatever the frame's size.
        "hatch": f"{frame[2] / 160:.2f}" if frame else "",
        "hatch_line": f"{frame[2] / 1000:.2f}" if frame else "",
        "shapes": shapes,
        "has_outside": any(s.value is None for s in shapes),
        "legend": geo.legend([r.value for r in rows], breaks),
        "rows": rows,
        "undrawn": sum(1 for r in rows if not r.drawn) if layer else 0,
    })
