import pytest

from sinergi.audit.models import Action, AuditEntry
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search_open_reveal(pg, base_url, world):
    log_in(pg, base_url, "kecamatan_tksk", PASSWORD)
    pg.fill("input[name=q]", "teuku muhamad nasir")
    pg.click("form.search button[type=submit]")
    pg.wait_for_selector("ol.results li")
    assert "Teuku Muhammad Nasir" in pg.inner_text("ol.results")
    pg.click("ol.results li a >> text=Teuku Muhammad Nasir")
    pg.wait_for_url(f"{base_url}/keluarga/{world.home.pk}/")
    nik_cell = pg.locator(f"#nik-{world.head.pk}")
    assert nik_cell.inner_text() == world.head.masked_nik
    pg.click(f"button[hx-post$='/jiwa/{world.head.pk}/buka-nik/']")
    pg.wait_for_selector(".nik.revealed")
    assert pg.inner_text(".nik.revealed") == world.head.nik


def test_log_in_search_by_name_open_household_reveal_nik(page, live_server, personas, world):
    _search_open_reveal(page, live_server.url, world)
    reveal = AuditEntry.objects.get(action=Action.REVEAL)
    assert reveal.actor == personas["kecamatan_tksk"] and reveal.object_id == str(world.head.pk)
    assert AuditEntry.objects.filter(action=Action.VIEW, household_id=world.home.pk).exists()


def test_same_flow_on_a_360px_phone_without_sideways_scrolling(phone, live_server, personas, world):
    _search_open_reveal(phone, live_server.url, world)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # Member rows become stacked cards: the name label is shown beside each value.
    assert phone.locator("table.members thead").is_hidden()


def test_out_of_scope_household_is_not_found_in_the_browser(page, live_server, personas, world):
    log_in(page, live_server.url, "kecamatan_tksk", PASSWORD)
    response = page.goto(f"{live_server.url}/keluarga/{world.far.pk}/")
    assert response.status == 404


def test_wrong_password_shows_a_clear_message(page, live_server, personas):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "psm")
    page.fill("#id_password", "bukan-sandinya#1")
    page.click("button[type=submit]")
    assert "salah" in page.inner_text("[role=alert]")


def test_switch_to_english(page, live_server, personas):
    log_in(page, live_server.url, "psm", PASSWORD)
    assert "Beranda" in page.inner_text("nav.menu")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Home" in page.inner_text("nav.menu")


def test_desa_operator_edits_a_member_on_a_phone(phone, live_server, personas, world):
    log_in(phone, live_server.url, "desa_operator", PASSWORD)
    phone.goto(f"{live_server.url}/keluarga/{world.home.pk}/")
    phone.click(f"a[href='/jiwa/{world.head.pk}/ubah/']")
    phone.fill("#id_occupation", "Nelayan")
    phone.fill("#id_birth_date", "12/08/1975")
    with phone.expect_navigation():
        phone.click("form.edit button[type=submit]")
    assert "Nelayan" in phone.inner_text("#members")
    assert "Nelayan" in phone.inner_text("#history")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_drill_down_from_home_to_a_desa_and_its_household(page, live_server, personas, world):
    log_in(page, live_server.url, "kab_admin", PASSWORD)
    page.click("text=Darul Imarah")
    page.click(f"text={world.desa_x.name}")
    assert "Teuku Muhammad Nasir" in page.inner_text("#households")
    page.click("#households >> text=Teuku Muhammad Nasir")
    page.wait_for_url(f"{live_server.url}/keluarga/{world.home.pk}/")
    assert world.desa_x.name in page.inner_text("nav.crumbs")


def test_admin_browses_and_filters_the_audit_log(page, live_server, personas, world):
    log_in(page, live_server.url, "kab_admin", PASSWORD)
    page.goto(f"{live_server.url}/keluarga/{world.home.pk}/")
    page.click(f"button[hx-post$='/jiwa/{world.head.pk}/buka-nik/']")
    page.wait_for_selector(".nik.revealed")
    page.click("nav.menu >> text=Audit")
    page.select_option("#id_action", "reveal")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    rows = page.inner_text("table tbody")
    assert "kab_admin" in rows and "buka NIK" in rows
    assert "lihat" not in rows
