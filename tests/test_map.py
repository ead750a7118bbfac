"""The desa map page (/peta/): values only inside the user's scope, 404 outside it, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from sinergi.areas.models import Area, Level
from sinergi.dashboards import geo
from tests.conftest import make_household

pytestmark = pytest.mark.django_db

URL = "/peta/"
LINKED = re.compile(r'<a href="[^"]*" tabindex="-1" data-desa="([\d.]+)"><path class="c(\d)" d="[^"]+">'
                    r"<title>([^<]*)</title>")
GREY = re.compile(r'<path class="out" d="[^"]+"><title>([^<]*)</title>')


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response, response.content.decode()


def desa_of(*kecamatan):
    return list(Area.objects.filter(parent_id__in=kecamatan, level=Level.VILLAGE).order_by("code"))


def test_url_name():
    assert reverse("dashboards:map") == URL


def test_kab_operator_sees_a_value_for_every_desa_of_the_world(world, personas, client_for):
    response, html = get(client_for(personas["kab_operator"]))
    assert response.context["kab"].code == "11.06"  # the default: the first kabupaten in scope with a layer
    assert response.context["indicator"].key == "keluarga"
    linked = {code: (int(colour), title) for code, colour, title in LINKED.findall(html)}
    expected = desa_of("11.06.07", "11.06.01")
    assert set(linked) == {d.code for d in expected}
    counts = {world.desa_x.code: 1, world.desa_y.code: 1, world.desa_other_kec.code: 1}
    for desa in expected:
        assert linked[desa.code][1] == escape(f"{desa.name}: {counts.get(desa.code, 0)}")
        assert f'href="/wilayah/{desa.code}/"' in html
    # The rest of Aceh Besar is drawn (its areas are not loaded in the test world) but carries nothing.
    layer = geo.desa_layer("11.06")
    assert len(linked) + len(GREY.findall(html)) == len(layer.shapes) == 604
    assert all(":" not in title for title in GREY.findall(html))
    # Desa with a household are in the darkest class, empty ones in the lightest.
    assert linked[world.desa_x.code][0] == 4 and linked[desa_of("11.06.07")[2].code][0] == 0
    # The table: every desa in scope, the largest values first.
    rows = response.context["rows"]
    assert [r.code for r in rows[:3]] == sorted(counts, key=lambda c: next(r.name for r in rows if r.code == c))
    assert len(rows) == len(expected) and all(r.drawn for r in rows)
    assert f'viewBox="{response.context["view_box"]}"' in html and 'fill-rule="evenodd"' in html


def test_persons_indicator_and_the_desil_indicator(world, personas, client_for):
    from sinergi.programs.models import PmtModel, WelfareScore

    client = client_for(personas["kab_operator"])
    _, html = get(client, indikator="jiwa")
    titles = {code: title for code, _c, title in LINKED.findall(html)}
    assert titles[world.desa_x.code] == escape(f"{world.desa_x.name}: 3")
    assert titles[world.desa_y.code] == escape(f"{world.desa_y.name}: 1")

    model = PmtModel.objects.get(active=True)
    at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    WelfareScore.objects.create(household=world.home, model=model, score=1.0, desil=2, desil_province=2,
                                computed_at=at)
    WelfareScore.objects.create(household=world.neighbour, model=model, score=9.0, desil=7, desil_province=7,
                                computed_at=at)
    response, html = get(client, indikator="desil-1-4")
    assert response.context["indicator"].key == "desil-1-4"
    titles = {code: title for code, _c, title in LINKED.findall(html)}
    assert titles[world.desa_x.code] == escape(f"{world.desa_x.name}: 1")
    assert titles[world.desa_y.code] == escape(f"{world.desa_y.name}: 0")  # desil 7 is not poor
    assert "Keluarga desil 1–4" in html


def test_desa_operator_sees_only_their_desa(world, personas, client_for):
    response, html = get(client_for(personas["desa_operator"]))
    assert response.context["kab"].code == "11.06"
    linked = LINKED.findall(html)
    assert [(code, title) for code, _c, title in linked] == [
        (world.desa_x.code, escape(f"{world.desa_x.name}: 1"))]
    # The neighbours are grey: their names may show, their counts and links must not.
    grey = GREY.findall(html)
    assert escape(world.desa_y.name) in grey
    for other in (world.desa_y, world.desa_other_kec):
        assert f"/wilayah/{other.code}/" not in html
        assert escape(f"{other.name}: ") not in html
    assert [r.code for r in response.context["rows"]] == [world.desa_x.code]
    assert "Di luar wilayah kerja Anda" in html
    # The map is framed on their desa (with its neighbours around it), not the whole kabupaten.
    x, y, w, h = map(float, response.context["view_box"].split())
    box = next(s.box for s in geo.desa_layer("11.06").shapes if s.code == world.desa_x.code)
    assert w < 300 and x <= box[0] and y <= box[1] and x + w >= box[2] and y + h >= box[3]
    _, html = get(client_for(personas["desa_operator"]), indikator="jiwa")
    assert escape(f"{world.desa_y.name}: ") not in html and escape(f"{world.desa_x.name}: 3") in html


def test_kecamatan_tksk_sees_their_kecamatan(world, personas, client_for):
    response, html = get(client_for(personas["kecamatan_tksk"]))
    assert {code for code, _c, _t in LINKED.findall(html)} == {d.code for d in desa_of("11.06.07")}
    assert f"/wilayah/{world.desa_other_kec.code}/" not in html


def test_province_admin_chooses_among_the_kabupaten_of_the_province(world, personas, client_for):
    response, _html = get(client_for(personas["province_admin"]), kab="11.06")
    assert [r.code for r in response.context["regencies"]] == ["11.06"]  # the test world's only one in Aceh


@pytest.mark.parametrize("kab", ["32.12", "11", "11.06.07", "99.99", "../11.06", "11.06/"])
def test_a_kabupaten_outside_the_scope_is_not_found(world, personas, client_for, kab):
    for persona in ("kab_operator", "desa_operator", "no_assignment"):
        assert client_for(personas[persona]).get(URL, {"kab": kab}).status_code == 404


@pytest.mark.parametrize("indikator", ["", "tidak-ada", "<script>", "keluarga'"])
def test_an_unknown_indicator_falls_back_to_the_default(world, personas, client_for, indikator):
    response, _html = get(client_for(personas["kab_operator"]), indikator=indikator)
    assert response.context["indicator"].key == "keluarga"


def test_merged_away_persons_are_not_counted(world, personas, client_for):
    from sinergi.registry import operations
    from sinergi.registry.models import Person

    again = operations.add_person(actor=None, household=world.home, source="test", name="Teuku M. Nasir", sex="L",
                                  birth_date=dt.date(1975, 8, 12), relation="1")
    client = client_for(personas["kab_operator"])
    _, html = get(client, indikator="jiwa")
    assert escape(f"{world.desa_x.name}: 4") in html
    Person.objects.filter(pk=again.pk).update(merged_into=world.head)
    _, html = get(client, indikator="jiwa")
    assert escape(f"{world.desa_x.name}: 3") in html


def test_user_without_scope_gets_a_plain_page(world, personas, client_for):
    for persona in ("no_assignment", "service_provider"):
        response, html = get(client_for(personas[persona]))
        assert "belum punya wilayah kerja" in html
        assert "<svg" not in html
        assert f'href="{URL}"' not in html  # and no menu entry


def test_menu_entry_for_registry_readers(world, personas, client_for):
    html = client_for(personas["desa_operator"]).get("/").content.decode()
    assert f'href="{URL}"' in html


def test_all_zero_values_do_not_crash(world, personas, client_for):
    response, html = get(client_for(personas["kab_operator"]), kab="11.06", indikator="desil-1-4")
    assert {int(c) for _code, c, _t in LINKED.findall(html)} == {0}
    assert [(e.low, e.high) for e in response.context["legend"]] == [(0, 0)]


def test_kabupaten_without_a_layer_shows_the_table(world, personas, client_for, monkeypatch):
    monkeypatch.setattr(geo, "desa_layer", lambda kab, width=geo.WIDTH: None)
    monkeypatch.setattr(geo, "layer_path", lambda kab: None)
    response, html = get(client_for(personas["kab_operator"]))
    assert "Peta desa untuk kabupaten ini belum tersedia" in html
    assert "<svg" not in html
    assert {r.code for r in response.context["rows"]} == {d.code for d in desa_of("11.06.07", "11.06.01")}
    assert escape(world.desa_x.name) in html


def test_a_desa_without_a_polygon_is_only_in_the_table(world, personas, client_for, monkeypatch):
    real = geo.desa_layer("11.06")
    missing = world.desa_x.code
    cut = geo.Layer(kab_code=real.kab_code, width=real.width, height=real.height,
                    shapes=tuple(s for s in real.shapes if s.code != missing))
    monkeypatch.setattr(geo, "desa_layer", lambda kab, width=geo.WIDTH: cut)
    response, html = get(client_for(personas["kab_operator"]))
    assert missing not in {code for code, _c, _t in LINKED.findall(html)}
    row = next(r for r in response.context["rows"] if r.code == missing)
    assert not row.drawn and row.value == 1
    assert "tanpa batas wilayah" in html


def test_the_page_runs_a_fixed_number_of_queries(world, personas, client_for, django_assert_max_num_queries):
    client = client_for(personas["kab_operator"])

    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            get(client, **params)
        return len(ctx.captured_queries)

    few = {key: queries(indikator=key) for key in ("keluarga", "jiwa", "desil-1-4")}
    for index, desa in enumerate(desa_of("11.06.07", "11.06.01")[:12]):
        for n in range(2):
            make_household(desa, no_kk="", address=f"Dusun {index}-{n}", members=[
                dict(name=f"Warga {index} {n}", sex="P", birth_date=dt.date(1990, 1, 1), relation="1")])
    for key, count in few.items():
        with django_assert_max_num_queries(count):
            get(client, indikator=key)
    # session, user, grants, kabupaten, desa, the indicator, the menu's counts: nothing per desa or household
    assert max(few.values()) <= 10


def test_in_english(world, personas, client_for):
    client = client_for(personas["kab_operator"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(URL, {"indikator": "jiwa"}).content.decode()
    assert "Village map" in html and "Registered persons" in html and "Peta desa" not in html
