"""Browser: upload a dirty XLSX, fix the mapping, see the preview, commit, download the rejected rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from sinergi.core.nik import make_kk, make_nik
from sinergi.imports.models import ImportBatch, Status
from sinergi.registry.models import Person
from tests.browser import log_in
from tests.conftest import PASSWORD
from tests.importing import DATABASES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=DATABASES)]


def dirty_workbook(path, world):
    """A printout-style sheet: title rows merged across, a header the synonyms do not know, a damaged NIK."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DATA"
    ws.append(["DAFTAR KELUARGA MISKIN DESA"])
    ws.merge_cells("A1:F1")
    ws.append(["KABUPATEN ACEH BESAR TAHUN 2026"])
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(["NO", "NO KK", "IDENTITAS PENDUDUK", "NAMA", "JK", "DESA/KEL"])
    family = make_kk(kecamatan_code="11.06.07", issued=dt.date(2020, 1, 1), serial=77)
    desa = world.desa_x.name
    ws.append([1, family, make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1979, 9, 9), sex="L", serial=77),
               "Hj. ZAINAL abidin, S.Pd", "L", f"Desa {desa}"])
    ws.append([2, family, make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1983, 2, 2), sex="P", serial=77),
               "RAHMAWATI", "P", desa.upper()])
    ws.append([3, family, "3.20101E+15", "ANAK RUSAK", "L", desa])
    for row in ws.iter_rows(min_row=5, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "@"
    wb.save(path)
    return path


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.01, verbosity=0)


def test_upload_fix_mapping_preview_commit_download_rejected(page, live_server, personas, world, tmp_path):
    base = live_server.url
    log_in(page, base, "kab_operator", PASSWORD)
    page.click("nav.menu >> text=Impor")
    page.set_input_files("#id_file", str(dirty_workbook(tmp_path / "Data Gampong.xlsx", world)))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#mapping-form")
    assert "XLSX" in page.inner_text("#file-info") and "baris 4" in page.inner_text("#file-info")
    # The header "IDENTITAS PENDUDUK" is not a known synonym: the operator maps it by hand.
    assert page.input_value("#id_map_nik") == ""
    assert page.input_value("#id_map_nama") == "NAMA"
    page.select_option("#id_map_nik", "IDENTITAS PENDUDUK")
    page.click("#mapping-form button[type=submit]")
    page.wait_for_selector("#progress")
    run_worker()
    page.wait_for_selector("#summary")  # the poll saw the end and reloaded the page
    assert page.inner_text("#count-new") == "2" and page.inner_text("#count-rejected") == "1"
    assert "notasi ilmiah" in page.inner_text("#problems")
    assert not Person.objects.filter(name="RAHMAWATI").exists()
    page.click("#commit-button")
    page.wait_for_selector("#progress")
    run_worker()
    page.wait_for_selector("#summary h2 >> text=Hasil")
    batch = ImportBatch.objects.get()
    assert batch.status == Status.COMMITTED
    zainal = Person.objects.get(name="Hj. ZAINAL abidin, S.Pd")
    assert zainal.name_key == "ZAINAL ABIDIN" and zainal.household.desa_id == world.desa_x.code
    with page.expect_download() as download_info:
        page.click("#download-rejected")
    path = tmp_path / "ditolak.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][2] == "IDENTITAS PENDUDUK" and rows[1][2] == "3.20101E+15" and rows[1][-1] == 7
    # The household page leads back to the file.
    page.goto(f"{base}/keluarga/{zainal.household_id}/")
    assert "Data Gampong.xlsx" in page.inner_text("#origin")


def test_import_page_on_a_phone(phone, live_server, personas, world, tmp_path):
    log_in(phone, live_server.url, "kab_operator", PASSWORD)
    phone.goto(f"{live_server.url}/impor/")
    phone.set_input_files("#id_file", str(dirty_workbook(tmp_path / "hp.xlsx", world)))
    phone.click("#upload-form button[type=submit]")
    phone.wait_for_selector("#mapping-form")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
