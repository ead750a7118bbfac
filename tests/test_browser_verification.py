"""The field verification on a 360 px phone: a TKSK sees today's tasks in their kecamatan, fills a verification
with a photo, loses the connection while sending, reloads, and sends; a supervisor approves; the household page
shows the change and the visit."""

import io

import pytest
from django.contrib.auth import get_user_model

from sinergi.accounts.models import Assignment, Role
from sinergi.pillars import verification
from sinergi.pillars.models import PillarWorker, Task, Verification, WorkArea
from sinergi.registry.models import Household
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo(path):
    from PIL import Image

    image = Image.new("RGB", (2400, 1800), (30, 120, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue())
    return path


def test_tksk_verifies_offline_then_supervisor_approves(phone, browser, live_server, personas, world, tmp_path):
    base = live_server.url
    tksk = PillarWorker.objects.create(name="Teuku TKSK", pillar_type="tksk", user=personas["kecamatan_tksk"],
                                       home_area_id="11.06")
    WorkArea.objects.create(worker=tksk, area_id="11.06.07")
    supervisor = get_user_model().objects.create_user(username="kabid", password=PASSWORD)
    Assignment.objects.create(user=supervisor, role=Role.objects.get(code="supervisor"), area_id="11.06")
    verification.start_round(actor=supervisor, title="Pemutakhiran DTKS 2026", desa_codes=[world.desa_x.code],
                             source="round:browser")
    task = Task.objects.get(household=world.home)

    log_in(phone, base, "kecamatan_tksk", PASSWORD)
    phone.click("#waiting >> text=Tugas terbuka")
    phone.wait_for_selector("text=Pemutakhiran DTKS 2026")
    phone.goto(f"{base}/tugas/{task.pk}/verifikasi/")
    phone.check("input[name=outcome][value=berubah]")
    phone.fill("textarea[name=notes]", "Keluarga sudah pindah ke lorong sebelah")
    phone.click("#changes summary")
    phone.fill("input[name=kk-address]", "Lorong Seulanga No. 4")
    phone.set_input_files("#id_photos", str(_photo(tmp_path / "rumah.jpg")))
    phone.wait_for_selector("[data-draft-photos] img")

    phone.context.set_offline(True)
    phone.click("#verify-form button[type=submit]")
    phone.wait_for_selector(".draft-status.warn")
    assert "Koneksi terputus" in phone.inner_text("[data-draft-status]")
    assert not Verification.objects.exists()

    phone.context.set_offline(False)
    phone.reload()
    phone.wait_for_selector(".draft-status.ok")
    assert phone.input_value("input[name=kk-address]") == "Lorong Seulanga No. 4"
    assert phone.is_checked("input[name=outcome][value=berubah]")
    assert phone.locator("[data-draft-photos] img").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#verify-form button[type=submit]")
    phone.wait_for_url(f"{base}/tugas/{task.pk}/")
    result = Verification.objects.get(task=task)
    photo = result.visit.photos.get()
    assert max(photo.width, photo.height) <= 1600
    request = result.change_requests.get()
    assert Household.objects.get(pk=world.home.pk).address == "Dusun Mesjid"  # waits for approval
    assert phone.evaluate(f"localStorage.getItem('sinergi-draft:verify:{task.pk}:{personas['kecamatan_tksk'].pk}')") is None

    desk = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="id-ID")
    desk.set_default_timeout(15_000)
    page = desk.new_page()
    log_in(page, base, "kabid", PASSWORD)
    page.click("nav.menu >> text=Usulan data")
    page.click(f"text=#{request.pk}")
    page.click("#decide button[value=approve]")
    page.wait_for_selector("#change-state >> text=Disetujui")
    page.goto(f"{base}/keluarga/{world.home.pk}/")
    assert "Lorong Seulanga No. 4" in page.inner_text("#address")
    visits = page.inner_text("#visits")
    assert "Teuku TKSK" in visits and "Keluarga sudah pindah ke lorong sebelah" in visits
    desk.close()
