"""A village meeting in the browser: a PSM records the musdes on a phone (covering workers invited, a household
proposed), submits it; the kabupaten approves; the berita acara PDF and the SIKS-NG proposal download."""

import io
import re

import pytest
from django.contrib.auth import get_user_model

from sinergi.accounts.models import Assignment, Role
from sinergi.pillars.models import Meeting, PillarWorker, Task, WorkArea
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_musdes_recorded_submitted_approved_and_exported(phone, browser, live_server, personas, world):
    base = live_server.url
    psm = PillarWorker.objects.create(name="Rahmah PSM", pillar_type="psm", user=personas["psm"],
                                      home_area_id="11.06")
    WorkArea.objects.create(worker=psm, area=world.desa_x)
    supervisor = get_user_model().objects.create_user(username="kabid", password=PASSWORD)
    Assignment.objects.create(user=supervisor, role=Role.objects.get(code="supervisor"), area_id="11.06")

    log_in(phone, base, "psm", PASSWORD)
    phone.goto(f"{base}/pertemuan/baru/")
    phone.select_option("select[name=kind]", "musdes")
    phone.fill("input[name=title]", "Musdes pemutakhiran DTKS")
    phone.select_option("select[name=area]", world.desa_x.code)
    phone.fill("input[name=place]", "Meunasah")
    phone.click("form.edit button[type=submit]")
    phone.wait_for_url(re.compile(r"/pertemuan/\d+/$"))
    phone.click("#peserta button[name=invite]")
    phone.wait_for_selector("#peserta td >> text=Rahmah PSM")
    phone.fill("#keluarga input[name=nomor]", world.head.nik)
    phone.select_option("#keluarga form.edit select[name=decision]", "tambah")
    phone.fill("#keluarga form.edit textarea[name=reason]", "Kehilangan pekerjaan sejak Juli")
    phone.click("#keluarga form.edit button[type=submit]")
    phone.wait_for_selector("#keluarga td .tag >> text=Usulan baru")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("text=Ajukan ke kabupaten")
    phone.wait_for_selector("text=Diajukan ke kabupaten")
    meeting = Meeting.objects.get(title="Musdes pemutakhiran DTKS")
    assert meeting.state == "diajukan"

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    desk.set_default_timeout(15_000)
    page = desk.new_page()
    log_in(page, base, "kabid", PASSWORD)
    page.goto(f"{base}/pertemuan/{meeting.pk}/")
    page.click("#keputusan button[value=setujui]")
    page.wait_for_selector("h1 >> text=Disetujui")
    meeting.refresh_from_db()
    assert meeting.state == "disetujui" and meeting.decided_by == supervisor
    # The proposed household goes to the field for verification.
    assert Task.objects.filter(source=f"musdes:{meeting.pk}", household=world.home).exists()

    # The documents, fetched with the supervisor's browser session (what the page's links download).
    from openpyxl import load_workbook
    from pypdf import PdfReader

    assert page.locator("a >> text=Berita acara (PDF)").count() == 1
    pdf = page.request.get(f"{base}/pertemuan/{meeting.pk}/berita-acara.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "BERITA ACARA" in text and "Kehilangan pekerjaan sejak Juli" in text
    xlsx = page.request.get(f"{base}/pertemuan/usulan-dtks.xlsx?wilayah=11.06")
    assert xlsx.status == 200
    rows = load_workbook(io.BytesIO(xlsx.body())).active.iter_rows(values_only=True)
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "BARU" in flat and world.head.name in flat
    desk.close()
