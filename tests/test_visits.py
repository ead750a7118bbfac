"""Pillars in the field: evidence photos, (joint) visits to households, aid hand-overs."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

import sinergi.pillars.visit_sections  # noqa: F401  (registers the household sections, as apps.py will)
from sinergi.accounts import scoping
from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import Area
from sinergi.audit.models import Action, AuditEntry
from sinergi.pillars import visits
from sinergi.pillars.models import (
    HandOver,
    HandOverItem,
    Photo,
    PillarType,
    PillarWorker,
    RecipientGroup,
    Visit,
    VisitPurpose,
    WorkArea,
    WorkerStatus,
)
from sinergi.pillars.photos import MAX_SIDE, save_photo

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- helpers --------------------------------------------------------------------------------------------------

def image_upload(name="foto.jpg", size=(64, 48), fmt="JPEG", mode="RGB", color=(10, 120, 200), exif=None):
    """An image file made by Pillow, as a browser would upload it."""
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, format=fmt, **extra)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def phone_exif() -> Image.Exif:
    """What a phone writes: where the photo was taken, which phone, and that it was held upright."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotated 90°: the stored pixels are landscape, the scene is portrait
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.BodySerialNumber] = "R58N12345"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (5.0, 33.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (95.0, 19.0, 1.0)
    return exif


def make_worker(name, pillar_type, *areas, user=None, **extra) -> PillarWorker:
    worker = PillarWorker.objects.create(name=name, pillar_type=pillar_type, home_area_id="11.06", user=user,
                                         **extra)
    for area in areas:
        WorkArea.objects.create(worker=worker, area_id=area if isinstance(area, str) else area.code)
    return worker


def user_with(username: str, area_code: str, *perms: str):
    """A user whose only role, made here, grants exactly ``perms`` over ``area_code``."""
    from django.contrib.auth import get_user_model

    role = Role.objects.create(code=f"uji-{username}", name=username, usual_level=2)
    for perm in perms:
        app_label, codename = perm.split(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = get_user_model().objects.create_user(username=username, password="x")
    Assignment.objects.create(user=user, role=role, area_id=area_code)
    return user


@dataclass
class Workers:
    psm_x: PillarWorker  # PSM of desa X, the "psm" persona
    tksk: PillarWorker  # TKSK of kecamatan Darul Imarah (11.06.07), the "kecamatan_tksk" persona
    pkh: PillarWorker  # Pendamping PKH of desa X and Y, the "pkh_facilitator" persona
    psm_far: PillarWorker  # PSM in Lhoong, another kecamatan
    inactive: PillarWorker  # PSM of desa X, no longer active


@pytest.fixture
def workers(world, personas):
    return Workers(
        psm_x=make_worker("Ayu PSM", PillarType.PSM, world.desa_x, user=personas["psm"]),
        tksk=make_worker("Cut TKSK", PillarType.TKSK, "11.06.07", user=personas["kecamatan_tksk"]),
        pkh=make_worker("Budi PKH", PillarType.PKH_FACILITATOR, world.desa_x, world.desa_y,
                        user=personas["pkh_facilitator"]),
        psm_far=make_worker("Dedi PSM", PillarType.PSM, world.desa_other_kec),
        inactive=make_worker("Evi Nonaktif", PillarType.PSM, world.desa_x, status=WorkerStatus.INACTIVE),
    )


def visit(world, ws: Workers, **extra) -> Visit:
    fields = dict(actor=None, household=world.home, purpose=VisitPurpose.ASSISTANCE,
                  findings="Rumah bocor, anak putus sekolah", visited_on=TODAY(), workers=[ws.psm_x])
    fields.update(extra)
    return visits.log_visit(**fields)


# --- photos ---------------------------------------------------------------------------------------------------

def test_phone_photo_is_shrunk_turned_upright_and_loses_exif(world, workers):
    v = visit(world, workers)
    upload = image_upload("IMG_20260101.jpg", size=(4000, 3000), exif=phone_exif())
    photo = save_photo(visit=v, upload=upload, caption="Dapur")
    photo.refresh_from_db()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB"
        assert max(stored.size) <= MAX_SIDE
        assert stored.size == (1200, 1600)  # upright: the EXIF rotation was applied to the pixels
        assert not stored.getexif() and "exif" not in stored.info
    assert (photo.width, photo.height) == (1200, 1600) and photo.caption == "Dapur"
    assert photo.image.name.endswith(".jpg")
    raw = photo.image.open("rb").read()
    assert b"R58N12345" not in raw and b"Samsung" not in raw


def test_png_with_alpha_becomes_a_jpeg_on_white(world, workers):
    v = visit(world, workers)
    photo = save_photo(visit=v, upload=image_upload("tangkapan.png", size=(300, 200), fmt="PNG", mode="RGBA",
                                                    color=(255, 0, 0, 0)))
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB" and stored.size == (300, 200)
        assert all(channel > 245 for channel in stored.getpixel((10, 10)))  # transparent → white, not black


def test_small_photo_is_not_enlarged(world, workers):
    photo = save_photo(visit=visit(world, workers), upload=image_upload(size=(640, 480)))
    assert (photo.width, photo.height) == (640, 480)


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("surat.jpg", b"Ini surat, bukan foto.\n" * 20, content_type="image/jpeg"),
    SimpleUploadedFile("kosong.jpg", b"", content_type="image/jpeg"),
    SimpleUploadedFile("putus.jpg", image_upload(size=(800, 600)).read()[:300], content_type="image/jpeg"),
], ids=["text", "empty", "truncated"])
def test_what_pillow_cannot_read_is_refused_naming_the_file(world, workers, upload):
    v = visit(world, workers)
    with pytest.raises(ValidationError) as caught:
        save_photo(visit=v, upload=upload)
    assert upload.name in " ".join(caught.value.messages)
    assert "bukan gambar" in " ".join(caught.value.messages)
    assert not Photo.objects.exists()


def test_photo_over_15_mb_is_refused(world, workers):
    big = SimpleUploadedFile("besar.jpg", b"\xff" * (15 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="besar.jpg"):
        save_photo(visit=visit(world, workers), upload=big)


# --- log_visit ------------------------------------------------------------------------------------------------

def test_joint_visit_by_a_psm_and_the_kecamatan_tksk(world, workers, personas):
    psm = personas["psm"]
    v = visits.log_visit(actor=psm, household=world.home, purpose=VisitPurpose.VERIFICATION,
                         findings="  Keluarga masih tinggal di rumah ini.  ", visited_on=TODAY(),
                         workers=[workers.psm_x, workers.tksk], person=world.head, follow_up="Usulkan PBI-JK",
                         lat="5.553472", lng=95.317001, gps_accuracy_m=12.4,
                         photos=[image_upload("a.jpg"), image_upload("b.png", fmt="PNG")])
    v.refresh_from_db()
    assert v.desa_id == world.desa_x.code and v.recorded_by == psm and v.person == world.head
    assert v.findings == "Keluarga masih tinggal di rumah ini."
    assert set(v.workers.all()) == {workers.psm_x, workers.tksk}
    assert (v.lat, v.lng, v.gps_accuracy_m) == (Decimal("5.553472"), Decimal("95.317001"), 12)
    assert v.photos.count() == 2
    entry = AuditEntry.objects.get(object_type="pillars.visit", object_id=str(v.pk))
    assert entry.action == Action.CREATE and entry.actor == psm and entry.source == "pillars"
    assert entry.household_id == world.home.pk and entry.area_code == world.desa_x.code
    assert sorted(entry.changes["workers"][1]) == sorted([str(workers.psm_x.pk), str(workers.tksk.pk)])
    assert entry.changes["photos"] == [None, 2]
    assert AuditEntry.objects.history_of_household(world.home.pk).filter(object_type="pillars.visit").exists()


@pytest.mark.parametrize("change, field", [
    (lambda w, ws: {"visited_on": TODAY() + dt.timedelta(days=1)}, "visited_on"),
    (lambda w, ws: {"findings": "   "}, "findings"),
    (lambda w, ws: {"workers": []}, "workers"),
    (lambda w, ws: {"workers": [ws.psm_x, ws.psm_far]}, "workers"),  # Lhoong's PSM does not work in desa X
    (lambda w, ws: {"workers": [ws.inactive]}, "workers"),
    (lambda w, ws: {"person": w.neighbour.members.first()}, "person"),
    (lambda w, ws: {"purpose": "piknik"}, "purpose"),
    (lambda w, ws: {"lat": "5.5", "lng": None}, "lat"),
    (lambda w, ws: {"lat": "95.5", "lng": "95.5"}, "lat"),
    (lambda w, ws: {"photos": [image_upload(f"{i}.jpg") for i in range(4)]}, "photos"),
    (lambda w, ws: {"photos": [image_upload("baik.jpg"), SimpleUploadedFile("rusak.jpg", b"bukan")]}, "photos"),
], ids=["future", "no-findings", "no-worker", "worker-elsewhere", "inactive-worker", "other-household-person",
        "purpose", "half-location", "latitude-range", "four-photos", "one-bad-photo"])
def test_log_visit_validates_and_writes_nothing(world, workers, change, field):
    with pytest.raises(ValidationError) as caught:
        visit(world, workers, **change(world, workers))
    assert field in caught.value.message_dict
    assert not Visit.objects.exists() and not Photo.objects.exists()
    assert not AuditEntry.objects.filter(object_type="pillars.visit").exists()


def test_worker_is_checked_on_the_day_of_the_visit(world, workers):
    ended = make_worker("Fajar Lama", PillarType.PSM, world.desa_x, sk_end=TODAY() - dt.timedelta(days=5))
    with pytest.raises(ValidationError, match="Fajar Lama"):
        visit(world, workers, workers=[ended])
    done = visit(world, workers, workers=[ended], visited_on=TODAY() - dt.timedelta(days=10))
    assert list(done.workers.all()) == [ended]


def test_log_visit_needs_add_visit_over_the_household_desa(world, workers, personas):
    with pytest.raises(PermissionDenied):  # the PSM of desa X, in desa Y
        visit(world, workers, actor=personas["psm"], household=world.neighbour, workers=[workers.pkh])
    for name in ("desa_operator", "kab_operator", "opd_api_client", "no_assignment"):
        with pytest.raises(PermissionDenied):
            visit(world, workers, actor=personas[name])
    assert not Visit.objects.exists()
    # Anyone holding the permission over the desa may record a visit the workers made.
    assert visit(world, workers, actor=personas["kab_admin"]).recorded_by == personas["kab_admin"]
    assert visit(world, workers, actor=personas["pkh_facilitator"], household=world.neighbour,
                 workers=[workers.pkh, workers.tksk]).desa_id == world.desa_y.code


# --- the visit form -------------------------------------------------------------------------------------------

def test_visit_form_lists_the_covering_workers_with_the_users_own_ticked(world, workers, personas, client_for):
    response = client_for(personas["psm"]).get(reverse("pillars:visit_new", args=[world.home.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    choices = {c.data["value"].value: c.data["selected"] for c in form["workers"]}
    assert choices == {workers.pkh.pk: False, workers.psm_x.pk: True, workers.tksk.pk: False}
    html = response.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html and "multiple" in html
    assert TODAY().strftime("%d/%m/%Y") in html and "navigator.geolocation" in html
    assert 'enctype="multipart/form-data"' in html
    assert {str(m) for m in form.fields["person"].queryset} == {m.name for m in world.home.members.all()}


def test_visit_form_saves_a_joint_visit_with_photo_and_location(world, workers, personas, client_for):
    client = client_for(personas["psm"])
    url = reverse("pillars:visit_new", args=[world.home.pk])
    response = client.post(url, {
        "visited_on": (TODAY() - dt.timedelta(days=1)).strftime("%d/%m/%Y"), "purpose": VisitPurpose.ASSISTANCE,
        "person": world.head.pk, "findings": "Atap bocor", "follow_up": "Usulkan RTLH",
        "workers": [workers.psm_x.pk, workers.tksk.pk], "photos": [image_upload("rumah.jpg", size=(2000, 1000))],
        "lat": "5.5401234", "lng": "95.3201", "gps_accuracy_m": "8.6",
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:household", args=[world.home.pk]) + "#visits"
    assert "Kunjungan dicatat." in response.content.decode()
    v = Visit.objects.get()
    assert v.visited_on == TODAY() - dt.timedelta(days=1) and v.person == world.head
    assert set(v.workers.all()) == {workers.psm_x, workers.tksk}
    assert (v.lat, v.lng, v.gps_accuracy_m) == (Decimal("5.540123"), Decimal("95.320100"), 9)
    assert [(p.width, p.height) for p in v.photos.all()] == [(1600, 800)]


def test_a_visit_sent_twice_is_saved_once(world, workers, personas, client_for):
    client = client_for(personas["psm"])
    url = reverse("pillars:visit_new", args=[world.home.pk])
    data = {"visited_on": TODAY().strftime("%d/%m/%Y"), "purpose": VisitPurpose.ASSISTANCE,
            "findings": "Anak sudah kembali sekolah", "workers": [workers.psm_x.pk]}
    assert client.post(url, {**data, "photos": [image_upload()]}).status_code == 302
    assert client.post(url, {**data, "photos": [image_upload()]}).status_code == 302
    assert Visit.objects.count() == 1 and Photo.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="pillars.visit", action=Action.CREATE).count() == 1
    # Another person recording the same words, or other findings, is another visit.
    client_for(personas["kecamatan_tksk"]).post(url, {**data, "workers": [workers.tksk.pk]})
    client.post(url, {**data, "findings": "Anak sakit"})
    assert Visit.objects.count() == 3


def test_visit_form_works_without_location_and_shows_errors(world, workers, personas, client_for):
    client = client_for(personas["psm"])
    url = reverse("pillars:visit_new", args=[world.home.pk])
    base = {"visited_on": TODAY().strftime("%d/%m/%Y"), "purpose": VisitPurpose.OTHER, "findings": "Baik",
            "workers": [workers.psm_x.pk]}
    refused = [
        {**base, "findings": ""},
        {**base, "workers": [workers.psm_far.pk]},  # not on the form's list
        {**base, "visited_on": (TODAY() + dt.timedelta(days=3)).strftime("%d/%m/%Y")},
        {**base, "visited_on": "31/02/2026"},
        {**base, "photos": [SimpleUploadedFile("catatan.jpg", b"teks biasa")]},
    ]
    for data in refused:
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors, data
    assert "catatan.jpg" in response.content.decode()
    assert not Visit.objects.exists()
    # Garbage in the hidden location fields (a broken script) does not block the form: no location is kept.
    response = client.post(url, {**base, "lat": "abc", "lng": "95.3", "gps_accuracy_m": "NaN"})
    assert response.status_code == 302
    assert Visit.objects.get().lat is None and Visit.objects.get().gps_accuracy_m is None


def test_visit_form_is_404_without_the_permission_or_outside_the_desa(world, workers, personas, client_for):
    for name, household in [("psm", world.neighbour), ("desa_operator", world.home), ("kab_operator", world.home),
                             ("no_assignment", world.home), ("psm", world.abroad)]:
        client = client_for(personas[name])
        url = reverse("pillars:visit_new", args=[household.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"findings": "x"}).status_code == 404, name
    assert client_for(None).get(reverse("pillars:visit_new", args=[world.home.pk])).status_code == 302
    assert not Visit.objects.exists()


# --- household page -------------------------------------------------------------------------------------------

def test_household_page_lists_visits_newest_first(world, workers, personas, client_for):
    url = reverse("registry:household", args=[world.home.pk])
    client = client_for(personas["psm"])
    html = client.get(url).content.decode()
    # No visit yet: the section is there for someone who may record one.
    assert "Kunjungan pilar" in html and "Belum ada kunjungan tercatat." in html
    assert reverse("pillars:visit_new", args=[world.home.pk]) in html
    visit(world, workers, findings="Kunjungan lama sendirian", visited_on=TODAY() - dt.timedelta(days=30))
    visit(world, workers, findings="Kunjungan baru berdua", workers=[workers.psm_x, workers.tksk],
          photos=[image_upload()])
    html = client.get(url).content.decode()
    assert html.index("Kunjungan baru berdua") < html.index("Kunjungan lama sendirian")
    assert html.count("kunjungan bersama") == 1
    assert "Cut TKSK" in html and "TKSK" in html and "Ayu PSM" in html
    newest = Visit.objects.order_by("-visited_on").first()
    assert reverse("pillars:visit", args=[newest.pk]) in html


def test_visits_section_is_hidden_when_empty_for_readers_and_has_no_link(world, workers, personas, client_for):
    reader = user_with("registry_only", "11.06", scoping.VIEW_REGISTRY)
    url = reverse("registry:household", args=[world.home.pk])
    keys = [section.key for section, _ctx in client_for(reader).get(url).context["sections"]]
    assert "visits" not in keys and "handovers" not in keys
    visit(world, workers)
    html = client_for(reader).get(url).content.decode()
    assert "Kunjungan pilar" in html and reverse("pillars:visit_new", args=[world.home.pk]) not in html


def test_household_page_query_count_does_not_grow_with_visits(world, workers, personas, client_for):
    client = client_for(personas["kecamatan_tksk"])
    url = reverse("registry:household", args=[world.home.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        ctx_visits = dict((s.key, c) for s, c in response.context["sections"])["visits"]["visits"]
        return len(ctx.captured_queries), len(ctx_visits)

    def add(n, start):
        for i in range(start, start + n):
            visit(world, workers, findings=f"Kunjungan {i}", workers=[workers.psm_x, workers.tksk][: 1 + i % 2],
                  photos=[image_upload(size=(8, 8))], visited_on=TODAY() - dt.timedelta(days=i))

    add(2, 0)
    few, shown = count()
    assert shown == 2
    add(8, 2)
    many, shown = count()
    assert shown == 10
    assert many == few


# --- visit detail and photos ----------------------------------------------------------------------------------

def test_visit_detail_and_photo_are_scoped_to_the_desa(world, workers, personas, client_for):
    in_y = visit(world, workers, actor=personas["pkh_facilitator"], household=world.neighbour,
                 workers=[workers.pkh], findings="Lansia tinggal sendiri", photos=[image_upload("lansia.jpg")])
    photo = in_y.photos.get()
    detail = reverse("pillars:visit", args=[in_y.pk])
    image = reverse("pillars:visit_photo", args=[photo.pk])
    indramayu = user_with("indramayu", "32.12", scoping.VIEW_REGISTRY)
    for user in (personas["psm"], personas["desa_operator"], indramayu, personas["no_assignment"],
                 personas["service_provider"]):
        client = client_for(user)
        assert client.get(detail).status_code == 404
        assert client.get(image).status_code == 404
    assert client_for(None).get(detail).status_code == 302

    client = client_for(personas["pkh_facilitator"])
    response = client.get(detail)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lansia tinggal sendiri" in html and image in html and "Budi PKH" in html
    assert AuditEntry.objects.filter(action=Action.VIEW, object_type="pillars.visit", object_id=str(in_y.pk),
                                     actor=personas["pkh_facilitator"], household_id=world.neighbour.pk).exists()
    served = client.get(image)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "private" in served["Cache-Control"]
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    assert client_for(personas["kab_operator"]).get(detail).status_code == 200  # the kabupaten sees desa Y
    assert client.get(reverse("pillars:visit", args=[999999])).status_code == 404
    assert client.get(reverse("pillars:visit_photo", args=[999999])).status_code == 404


# --- aid hand-overs -------------------------------------------------------------------------------------------

def person_with_nik(world, desa, nik_serial: int, name: str, **extra):
    from sinergi.core.nik import make_kk, make_nik
    from tests.conftest import make_household

    kecamatan = desa.code.rsplit(".", 1)[0]
    born = dt.date(1950, 1, 1) + dt.timedelta(days=nik_serial)
    _household, (person,) = make_household(desa, no_kk=make_kk(kecamatan_code=kecamatan, issued=dt.date(2016, 1, 1),
                                                                 serial=100 + nik_serial),
                                           address="Dusun Baru", members=[dict(
                                               nik=make_nik(kecamatan_code=kecamatan, birth_date=born, sex="L",
                                                            serial=100 + nik_serial),
                                               name=name, sex="L", birth_date=born, relation="1", **extra)])
    return person


def test_handover_flow_with_totals_by_group_and_item(world, personas, client_for):
    client = client_for(personas["kab_admin"])
    form_page = client.get(reverse("pillars:handover_new"))
    assert form_page.status_code == 200
    area_codes = [code for code, _label in form_page.context["form"].fields["area"].choices]
    assert area_codes == ["", "11.06", "11.06.01", "11.06.07"]  # the kabupaten and its kecamatan, not every desa
    response = client.post(reverse("pillars:handover_new"), {
        "title": "Penyerahan ATENSI Hari Lansia", "held_on": TODAY().strftime("%d/%m/%Y"),
        "place": "Pendopo Bupati", "source": "Kementerian Sosial", "area": "11.06", "notes": "",
    })
    handover = HandOver.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pillars:handover", args=[handover.pk])
    again = client.post(reverse("pillars:handover_new"), {  # a double tap: the same event
        "title": "Penyerahan ATENSI Hari Lansia", "held_on": TODAY().strftime("%d/%m/%Y"), "area": "11.06"})
    assert again["Location"] == response["Location"] and HandOver.objects.count() == 1
    assert handover.created_by == personas["kab_admin"] and handover.area_id == "11.06"
    assert AuditEntry.objects.filter(object_type="pillars.handover", action=Action.CREATE).count() == 1

    add_url = reverse("pillars:handover_add", args=[handover.pk])
    elders = [world.head, person_with_nik(world, world.desa_y, 1, "Mak Limah"),
              person_with_nik(world, world.desa_other_kec, 2, "Nek Fatimah")]
    for person in elders:
        assert client.post(add_url, {"nik": person.nik, "group": RecipientGroup.ELDERLY, "item": "Paket sembako",
                                     "quantity": 1}).status_code == 302
    disabled = person_with_nik(world, world.desa_x, 3, "Amat Tuna Daksa")
    client.post(add_url, {"nik": disabled.nik, "group": RecipientGroup.DISABILITY, "item": "Kursi roda",
                          "quantity": 1})
    client.post(add_url, {"nik": f"{elders[1].nik[:6]} {elders[1].nik[6:]}", "group": RecipientGroup.ELDERLY,
                          "item": "kursi  roda", "quantity": "1"})  # spaces in the NIK and the item are tidied
    assert HandOverItem.objects.count() == 5

    # A NIK outside the user's scope (Indramayu): a message, nothing added.
    abroad = world.abroad.members.first()
    refused = client.post(add_url, {"nik": abroad.nik, "group": RecipientGroup.ODGJ, "item": "Obat",
                                    "quantity": 1}, follow=True)
    assert "NIK tidak ditemukan di wilayah Anda." in refused.content.decode()
    # The same item twice for one person in one event, and a nonsense quantity: a message, nothing added.
    twice = client.post(add_url, {"nik": disabled.nik, "group": RecipientGroup.DISABILITY, "item": "KURSI RODA",
                                  "quantity": 1}, follow=True)
    assert "sudah tercatat menerima" in twice.content.decode()
    assert client.post(add_url, {"nik": disabled.nik, "group": "lansia", "item": "Tongkat", "quantity": 0},
                       follow=True).status_code == 200
    assert client.post(add_url, {"nik": "12345", "group": "lansia", "item": "Tongkat", "quantity": 1},
                       follow=True).status_code == 200
    assert HandOverItem.objects.count() == 5

    detail = client.get(reverse("pillars:handover", args=[handover.pk]))
    assert detail.status_code == 200
    assert detail.context["by_group"] == [("Lanjut usia", 3), ("Penyandang disabilitas", 1)]
    assert detail.context["by_item"] == [("Paket sembako", 3), ("Kursi roda", 2)]
    assert detail.context["recipients"] == 4
    html = detail.content.decode()
    assert "Lanjut usia: 3" in html and "Kursi roda: 2" in html and "Nek Fatimah" in html
    assert world.head.nik not in html  # NIK masked
    assert AuditEntry.objects.filter(object_type="pillars.handover", action=Action.VIEW).exists()

    # Each recipient's household has the aid in its history and on its page.
    entry = AuditEntry.objects.history_of_household(world.home.pk).get(object_type="pillars.handoveritem")
    assert entry.area_code == world.desa_x.code and entry.source == "pillars"
    page = client_for(personas["psm"]).get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert "Bantuan yang diserahkan" in page and "Penyerahan ATENSI Hari Lansia" in page
    # The PSM of desa X does not see the kabupaten's event (all its recipients): no link to it.
    assert reverse("pillars:handover", args=[handover.pk]) not in page


def test_handover_list_is_scoped_and_totals_recipients_and_items(world, personas, client_for):
    in_kecamatan = visits.create_handover(actor=personas["kecamatan_tksk"], title="Bantuan Darul Imarah",
                                          area=Area.objects.get(code="11.06.07"), held_on=TODAY())
    visits.add_recipient(actor=personas["kecamatan_tksk"], handover=in_kecamatan, person=world.head,
                         group=RecipientGroup.POOR, item="Beras 10 kg", quantity=2)
    visits.create_handover(actor=None, title="Bantuan Lhoong", area=world.desa_other_kec, held_on=TODAY())
    visits.create_handover(actor=None, title="Bantuan Indramayu", area=world.desa_other_kab, held_on=TODAY())

    response = client_for(personas["kecamatan_tksk"]).get(reverse("pillars:handovers"))
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [h.title for h in rows] == ["Bantuan Darul Imarah"]
    assert (rows[0].recipients, rows[0].items_total) == (1, 2)
    kab = [h.title for h in client_for(personas["kab_operator"]).get(reverse("pillars:handovers")).context["page"]]
    assert sorted(kab) == ["Bantuan Darul Imarah", "Bantuan Lhoong"]
    # A desa-level reader does not see an event held for the whole kecamatan.
    assert list(client_for(personas["psm"]).get(reverse("pillars:handovers")).context["page"]) == []
    for name in ("service_provider", "no_assignment"):
        assert client_for(personas[name]).get(reverse("pillars:handovers")).status_code == 404
    assert client_for(None).get(reverse("pillars:handovers")).status_code == 302


def test_handover_permissions(world, personas, client_for):
    tksk = personas["kecamatan_tksk"]
    kecamatan = Area.objects.get(code="11.06.07")
    form = client_for(tksk).get(reverse("pillars:handover_new")).context["form"]
    codes = [c for c, _ in form.fields["area"].choices if c]
    assert codes[0] == "11.06.07" and all(c.startswith("11.06.07.") for c in codes[1:]) and len(codes) > 2
    # The kabupaten is not on the TKSK's list: the form refuses it, the operation too.
    refused = client_for(tksk).post(reverse("pillars:handover_new"), {
        "title": "X", "held_on": TODAY().strftime("%d/%m/%Y"), "area": "11.06"})
    assert refused.status_code == 200 and "area" in refused.context["form"].errors
    with pytest.raises(PermissionDenied):
        visits.create_handover(actor=tksk, title="X", area=Area.objects.get(code="11.06"), held_on=TODAY())
    with pytest.raises(ValidationError):
        visits.create_handover(actor=tksk, title="X", area=kecamatan, held_on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        visits.create_handover(actor=tksk, title="  ", area=kecamatan, held_on=TODAY())
    for name in ("psm", "pkh_facilitator", "desa_operator", "slrt_desk", "opd_api_client", "service_provider",
                 "no_assignment"):
        assert client_for(personas[name]).get(reverse("pillars:handover_new")).status_code == 404, name
        with pytest.raises(PermissionDenied):
            visits.create_handover(actor=personas[name], title="X", area=world.desa_x, held_on=TODAY())

    handover = visits.create_handover(actor=tksk, title="Bantuan desa X", area=world.desa_x, held_on=TODAY())
    add_url = reverse("pillars:handover_add", args=[handover.pk])
    data = {"nik": world.head.nik, "group": RecipientGroup.POOR, "item": "Beras", "quantity": 1}
    # The PSM of desa X sees the event (and its recipients) but may not add to it.
    assert client_for(personas["psm"]).get(reverse("pillars:handover", args=[handover.pk])).status_code == 200
    assert client_for(personas["psm"]).get(reverse("pillars:handover", args=[handover.pk])).context["form"] is None
    assert client_for(personas["psm"]).post(add_url, data).status_code == 404
    assert client_for(user_with("indramayu", "32.12", scoping.VIEW_REGISTRY, "pillars.add_handover")).post(
        add_url, data).status_code == 404
    with pytest.raises(PermissionDenied):
        visits.add_recipient(actor=personas["psm"], handover=handover, person=world.head, group="miskin",
                             item="Beras", quantity=1)
    # Someone living outside the event's area is refused even by a user who may record there.
    with pytest.raises(ValidationError, match="di luar wilayah"):
        visits.add_recipient(actor=personas["kab_admin"], handover=handover, person=world.neighbour.members.first(),
                             group="miskin", item="Beras", quantity=1)
    deceased = person_with_nik(world, world.desa_x, 7, "Almarhum Usman", status="meninggal")
    with pytest.raises(ValidationError, match="meninggal"):
        visits.add_recipient(actor=tksk, handover=handover, person=deceased, group="lansia", item="Beras")
    for bad in ({"group": "raja"}, {"item": "  "}, {"quantity": 0}):
        with pytest.raises(ValidationError):
            visits.add_recipient(**{"actor": tksk, "handover": handover, "person": world.head, "group": "miskin",
                                    "item": "Beras", "quantity": 1, **bad})
    assert not HandOverItem.objects.exists()
    assert client_for(tksk).post(add_url, data).status_code == 302
    row = HandOverItem.objects.get()
    assert (row.household, row.person, row.quantity) == (world.home, world.head, 1)


def test_handover_list_query_count_does_not_grow(world, personas, client_for):
    client = client_for(personas["kab_admin"])
    recipients = [world.head, *world.home.members.exclude(pk=world.head.pk)]

    def add(n, start):
        for i in range(start, start + n):
            handover = visits.create_handover(actor=None, title=f"Acara {i}", area=world.desa_x,
                                              held_on=TODAY() - dt.timedelta(days=i))
            for person in recipients[: 1 + i % 3]:
                visits.add_recipient(actor=None, handover=handover, person=person, group="lansia",
                                     item="Sembako", quantity=2)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("pillars:handovers"))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"])

    add(2, 0)
    few, shown = count()
    assert shown == 2
    add(8, 2)
    many, shown = count()
    assert shown == 10
    assert many == few
    first = client.get(reverse("pillars:handovers")).context["page"][0]
    assert (first.title, first.recipients, first.items_total) == ("Acara 0", 1, 2)


# --- on a phone -----------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_joint_visit_from_a_phone_with_location_and_photo(phone, live_server, world, personas, workers):
    from tests.browser import log_in
    from tests.conftest import PASSWORD

    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 5.5412, "longitude": 95.3105, "accuracy": 14})
    base = live_server.url
    log_in(phone, base, "psm", PASSWORD)
    phone.goto(f"{base}{reverse('registry:household', args=[world.home.pk])}")
    phone.click("#visits >> text=Catat kunjungan")
    phone.wait_for_selector("#gps-status >> text=GPS")
    # Nothing wider than the phone: no sideways scrolling in the field.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.is_checked(f"input[name=workers][value='{workers.psm_x.pk}']")
    phone.check(f"input[name=workers][value='{workers.tksk.pk}']")
    phone.select_option("#id_person", str(world.head.pk))
    phone.fill("#id_findings", "Atap dapur bocor; anak kedua berhenti sekolah")
    photo = image_upload("IMG_0001.jpg", size=(1200, 900), exif=phone_exif())
    phone.set_input_files("#id_photos", files=[{"name": photo.name, "mimeType": "image/jpeg",
                                               "buffer": photo.read()}])
    phone.click("#visit-form button[type=submit]")
    phone.wait_for_selector("#visits >> text=kunjungan bersama")
    assert "Kunjungan dicatat." in phone.inner_text(".messages")
    v = Visit.objects.get()
    assert (v.lat, v.lng, v.gps_accuracy_m) == (Decimal("5.541200"), Decimal("95.310500"), 14)
    assert set(v.workers.all()) == {workers.psm_x, workers.tksk} and v.photos.count() == 1
