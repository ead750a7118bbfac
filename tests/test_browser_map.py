"""The desa map in the browser: the kabupaten's operator opens the map from the menu, switches the indicator,
and follows a desa to its page with its households; on a 360 px phone the map fits without sideways scrolling."""

import re

import pytest

from sinergi.areas.models import Area, Level
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A point of the desa's own shape (not a neighbour's lying over its bounding box's centre), in page pixels.
POINT_IN_DESA = """code => {
  const link = document.querySelector(`svg.choropleth a[data-desa="${code}"]`);
  link.scrollIntoView({block: "center"});
  const box = link.getBoundingClientRect();
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
    const x = box.left + box.width * i / 12, y = box.top + box.height * j / 12;
    if (link.contains(document.elementFromPoint(x, y))) return [x, y];
  }
  return null;
}"""


def desa_title(pg, code):
    return pg.locator(f'svg.choropleth a[data-desa="{code}"] title').text_content()


def test_map_switch_indicator_and_follow_a_desa(page, live_server, personas, world):
    base = live_server.url
    log_in(page, base, "kab_operator", PASSWORD)
    page.click("nav.menu a >> text=Peta")
    page.wait_for_url(f"{base}/peta/")
    page.wait_for_selector("svg.choropleth")
    assert page.locator("svg.choropleth path").count() == 604  # every desa of Aceh Besar is drawn
    in_world = Area.objects.filter(level=Level.VILLAGE, code__startswith="11.06.").count()
    assert page.locator("svg.choropleth a").count() == in_world  # the loaded desa have values and links
    assert desa_title(page, world.desa_x.code) == f"{world.desa_x.name}: 1"
    assert page.locator("#map-table tbody tr").first.inner_text().startswith(
        min((world.desa_x.name, world.desa_y.name, world.desa_other_kec.name)))

    page.select_option("#map-indikator", "jiwa")
    page.click("form.map-choice button[type=submit]")
    page.wait_for_url(re.compile(r"indikator=jiwa"))
    assert desa_title(page, world.desa_x.code) == f"{world.desa_x.name}: 3"
    assert page.locator("#map h2").inner_text() == "Jiwa terdaftar"

    point = page.evaluate(POINT_IN_DESA, world.desa_x.code)
    assert point, "no visible point of desa X on the map"
    page.mouse.click(*point)
    page.wait_for_url(re.compile(rf"/wilayah/{re.escape(world.desa_x.code)}/$"))
    assert "Teuku Muhammad Nasir" in page.inner_text("#households")


def test_map_fits_a_phone(phone, live_server, personas, world):
    base = live_server.url
    log_in(phone, base, "kab_operator", PASSWORD)
    phone.goto(f"{base}/peta/")
    svg = phone.locator("svg.choropleth")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["height"] > 100  # scaled, not collapsed
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # The table stacks into cards on a phone and still names the desa.
    assert phone.locator("#map-table").get_by_text(world.desa_x.name).first.is_visible()
