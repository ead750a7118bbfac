"""Grievances: the public form and status lookup (no login, no personal data out), and the staff handling up to a
change request approved by someone else."""

from __future__ import annotations

import datetime as dt
import html
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Assignment, Role
from sinergi.audit.models import Action, AuditEntry
from sinergi.core import botcheck
from sinergi.core.nik import parse_nik
from sinergi.referrals import operations
from sinergi.referrals.models import (
    Case,
    Grievance,
    GrievanceEvent,
    GrievanceState,
    ProviderKind,
    Referral,
    ServiceProvider,
    ServiceType,
)
from sinergi.registry.models import ChangeRequest, Person

FORM_URL = reverse("referrals:public_grievance")
TRACK_URL = reverse("referrals:track")
LIST_URL = reverse("referrals:grievances")
NEW_URL = reverse("referrals:grievance_new")
BOT_MESSAGE = "Jawaban pemeriksaan salah atau formulir terlalu lama dibuka; coba lagi."
NOT_FOUND = "Nomor tidak ditemukan. Periksa kembali nomor pada tanda terima Anda."


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_wait(monkeypatch):
    """The bot check's minimum time to fill the form, off (tests never sleep)."""
    monkeypatch.setattr(botcheck, "MIN_SECONDS", 0)


def bot_fields() -> dict[str, str]:
    challenge = botcheck.new_challenge()
    a, b = (int(x) for x in challenge.question.split("+"))
    return {"botcheck_token": challenge.token, "botcheck_answer": str(a + b)}


def public_data(world, **overrides) -> dict[str, str]:
    data = {
        "category": "tidak-menerima",
        "description": "Keluarga kami tidak lagi menerima BPNT sejak Maret.",
        "reporter_name": "Rahmat Hidayat",
        "reporter_contact": "081234567890",
        "subject_nik": "",
        "kabupaten": "11.06",
        "desa": world.desa_x.code,
        botcheck.HONEYPOT_FIELD: "",
        **bot_fields(),
    }
    data.update(overrides)
    return data


def make_grievance(area, **fields) -> Grievance:
    values = {"category": "data-salah", "description": "Tempat lahir saya salah di data bansos."}
    values.update(fields)
    return operations.submit_grievance(actor=None, area=area, **values)


def make_referral(world) -> Referral:
    service = ServiceType.objects.create(code="uji-kesehatan", name="Layanan uji", need="kesehatan", sla_days=7)
    provider = ServiceProvider.objects.create(name="Puskesmas Uji Coba", kind=ProviderKind.PUSKESMAS,
                                              area_id="11.06")
    provider.services.add(service)
    case = Case.objects.create(number="SLRT-2026-000001", person=world.head, household=world.home,
                               desa=world.desa_x, complaint="Sakit menahun", needs=["kesehatan"])
    return operations.refer(actor=None, case=case, provider=provider, service=service,
                            reason="Perlu pemeriksaan lanjutan penyakit jantung")


def user_with(django_user_model, name: str, role_code: str, area_code: str):
    user = django_user_model.objects.create_user(username=name, password="x")
    Assignment.objects.create(user=user, role=Role.objects.get(code=role_code), area_id=area_code)
    return user


def text(response) -> str:
    return html.unescape(response.content.decode())


# ------------------------------------------------------------------------------------------ the public form


@pytest.mark.django_db
def test_public_form_shows_bot_check_and_hidden_honeypot(world, client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    page = text(response)
    assert "Pemeriksaan: berapa " in page
    assert 'name="botcheck_token"' in page
    honeypot = page[page.index(f'name="{botcheck.HONEYPOT_FIELD}"') - 200:]
    assert 'tabindex="-1"' in honeypot[:400] and 'autocomplete="off"' in honeypot[:400]
    assert 'aria-hidden="true"' in page
    # Only kabupaten with households, and the fields say what is optional and why.
    assert "Kabupaten Aceh Besar" in page and "Kabupaten Indramayu" in page
    assert "dihubungi kembali" in page and "NIK warga yang diadukan, bila tahu" in page


@pytest.mark.django_db
def test_public_submit_redirects_to_sent_page_with_number(world, client, no_wait):
    response = client.post(FORM_URL, public_data(world))
    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:public_grievance_sent", args=[grievance.tracking])
    assert grievance.channel == "publik" and grievance.area_id == world.desa_x.code
    assert grievance.created_by is None and grievance.reporter_name == "Rahmat Hidayat"
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    page = text(sent)
    assert grievance.tracking in page
    assert f"{TRACK_URL}?nomor={grievance.tracking}" in page
    # Not even the category: whoever sees the screen learns nothing about the reporter.
    assert "Tidak menerima bantuan" not in page and "Rahmat" not in page


@pytest.mark.django_db
def test_public_submit_without_desa_goes_to_the_kabupaten(world, client, no_wait):
    response = client.post(FORM_URL, public_data(world, desa="", reporter_name="", reporter_contact=""))
    assert response.status_code == 302
    assert Grievance.objects.get().area_id == "11.06"


@pytest.mark.django_db
def test_sent_page_unknown_or_malformed_is_404(world, client):
    grievance = make_grievance(world.desa_x)
    assert client.get(reverse("referrals:public_grievance_sent", args=[grievance.tracking.lower()])).status_code == 200
    assert client.get(reverse("referrals:public_grievance_sent", args=["ADU-0000-0000-0000"])).status_code == 404
    assert client.get(reverse("referrals:public_grievance_sent", args=["bukan-nomor"])).status_code == 404


@pytest.mark.django_db
def test_honeypot_filled_is_refused(world, client, no_wait):
    response = client.post(FORM_URL, public_data(world, **{botcheck.HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 400
    assert BOT_MESSAGE in text(response)
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_wrong_answer_is_refused_with_a_fresh_question(world, client, no_wait):
    data = public_data(world, botcheck_answer="99")
    response = client.post(FORM_URL, data)
    assert response.status_code == 400
    page = text(response)
    assert BOT_MESSAGE in page
    assert data["botcheck_token"] not in page  # a new question, not the one answered wrongly
    assert "Keluarga kami tidak lagi menerima BPNT" in page  # what the resident wrote is kept
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_expired_token_is_refused(world, client, no_wait):
    class ThreeHoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 3 * 60 * 60)

    token = ThreeHoursAgo(salt=botcheck.SALT).sign_object({"sum": 7, "nonce": "abcd"})
    response = client.post(FORM_URL, public_data(world, botcheck_token=token, botcheck_answer="7"))
    assert response.status_code == 400
    assert BOT_MESSAGE in text(response)
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_too_fast_is_refused(world, client):
    """With the real minimum time, a form sent the instant it was shown is a bot."""
    response = client.post(FORM_URL, public_data(world))
    assert response.status_code == 400
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_invalid_nik_is_a_form_error(world, client, no_wait):
    with pytest.raises(ValueError) as expected:
        parse_nik("1234567890")
    response = client.post(FORM_URL, public_data(world, subject_nik="1234567890"))
    assert response.status_code == 400
    assert str(expected.value) in text(response)
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_short_description_is_a_form_error(world, client, no_wait):
    response = client.post(FORM_URL, public_data(world, description="tolong"))
    assert response.status_code == 400
    assert "sedikitnya 10 huruf" in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("kabupaten", ["11", "99.99", ""])
def test_kabupaten_must_be_offered(world, client, no_wait, kabupaten):
    response = client.post(FORM_URL, public_data(world, kabupaten=kabupaten, desa=""))
    assert response.status_code == 400
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_desa_must_lie_in_the_kabupaten(world, client, no_wait):
    response = client.post(FORM_URL, public_data(world, kabupaten="11.06", desa=world.desa_other_kab.code))
    assert response.status_code == 400
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_desa_options_for_htmx(world, client):
    response = client.get(FORM_URL, {"kabupaten": "11.06", "desa_options": "1"})
    assert response.status_code == 200
    page = text(response)
    assert f'<option value="{world.desa_x.code}">' in page and world.desa_other_kec.code in page
    assert world.desa_other_kab.code not in page and "<form" not in page
    unknown = text(client.get(FORM_URL, {"kabupaten": "11", "desa_options": "1"}))
    assert "<optgroup" not in unknown


@pytest.mark.django_db
def test_desa_list_without_javascript(world, client):
    """The no-script button re-shows the form with the kabupaten's desa, keeps what was typed, sends nothing and
    does not count against the submission limit."""
    page = text(client.get(FORM_URL, {"kabupaten": "11.06"}))
    assert f'value="{world.desa_x.code}"' in page
    for _ in range(6):
        response = client.post(FORM_URL, {"pilih_kabupaten": "1", "kabupaten": "32.12",
                                          "description": "Uraian yang sudah ditulis"})
        assert response.status_code == 200
    page = text(response)
    assert f'value="{world.desa_other_kab.code}"' in page and "Uraian yang sudah ditulis" in page
    assert not Grievance.objects.exists()


@pytest.mark.django_db
def test_submission_rate_limit(world, client, no_wait):
    for _ in range(5):
        assert client.post(FORM_URL, public_data(world)).status_code == 302
    response = client.post(FORM_URL, public_data(world))
    assert response.status_code == 429
    assert "Terlalu banyak pengaduan" in text(response)
    assert Grievance.objects.count() == 5


# ----------------------------------------------------------------------------------------------- the lookup


@pytest.mark.django_db
def test_status_page_shows_state_and_date_only(world, client):
    grievance = make_grievance(world.desa_x, reporter_name="Rahmat Hidayat", reporter_contact="081234567890",
                               subject_nik=world.head.nik,
                               description="Bantuan PKH untuk keluarga Teuku tidak sampai.")
    response = client.get(TRACK_URL, {"nomor": grievance.tracking})
    assert response.status_code == 200
    page = text(response)
    assert "Pengaduan" in page and "Diterima" in page
    assert timezone.localtime(grievance.updated_at).strftime("%d/%m/%Y") in page
    for secret in ("Rahmat", "081234567890", "Bantuan PKH", world.head.nik, world.head.nik[-4:],
                   world.head.name, world.desa_x.name, "Data salah"):
        assert secret not in page, secret


@pytest.mark.django_db
def test_lookup_forgives_case_dashes_and_o_for_zero(world, client):
    grievance = make_grievance(world.desa_x)
    Grievance.objects.filter(pk=grievance.pk).update(tracking="ADU-0K1Q-7M00-9PZZ")
    operations.update_grievance(actor=None, grievance=grievance, to_state=GrievanceState.IN_PROGRESS)
    for typed in ("ADU-0K1Q-7M00-9PZZ", "adu-0k1q-7m00-9pzz", "ADU0K1Q7M009PZZ", "adu okiq 7moo 9pzz",
                  "ADU-OKLQ-7MOO-9PZZ"):
        response = client.get(TRACK_URL, {"nomor": typed})
        assert response.status_code == 200, typed
        assert "Sedang ditangani" in text(response)


@pytest.mark.django_db
def test_unknown_number_is_404(world, client):
    response = client.get(TRACK_URL, {"nomor": "ADU-0000-0000-0000"})
    assert response.status_code == 404
    assert NOT_FOUND in text(response)


@pytest.mark.django_db
def test_malformed_number_is_a_form_error(world, client):
    response = client.get(TRACK_URL, {"nomor": "12345"})
    assert response.status_code == 200
    assert "Nomor ini tidak dikenali" in text(response)
    assert client.get(TRACK_URL).status_code == 200  # the empty form


@pytest.mark.django_db
def test_referral_lookup_from_the_letters_qr_code(world, client):
    referral = make_referral(world)
    response = client.get(f"{TRACK_URL}?nomor={referral.tracking}")
    assert response.status_code == 200
    page = text(response)
    assert "Rujukan layanan" in page and "Diajukan" in page
    for secret in ("Puskesmas Uji Coba", "jantung", "Sakit menahun", world.head.name, "Layanan uji"):
        assert secret not in page, secret


@pytest.mark.django_db
def test_lookup_rate_limit(world, client):
    for _ in range(30):
        assert client.get(TRACK_URL, {"nomor": "ADU-0000-0000-0000"}).status_code == 404
    assert client.get(TRACK_URL, {"nomor": "ADU-0000-0000-0000"}).status_code == 429


# ------------------------------------------------------------------------------------------ staff: the list


@pytest.mark.django_db
def test_staff_list_is_scoped(world, personas, client_for):
    near = make_grievance(world.desa_x)
    far = make_grievance(world.desa_other_kab)
    desk = client_for(personas["slrt_desk"])
    response = desk.get(LIST_URL)
    assert response.status_code == 200
    page = text(response)
    assert near.tracking in page and far.tracking not in page
    assert NEW_URL in page
    assert desk.get(reverse("referrals:grievance", args=[far.pk])).status_code == 404
    assert client_for(personas["psm"]).get(LIST_URL).status_code == 404
    assert client_for(personas["psm"]).get(reverse("referrals:grievance", args=[near.pk])).status_code == 404
    assert client_for(None).get(LIST_URL).status_code == 302


@pytest.mark.django_db
def test_staff_list_filters(world, personas, client_for):
    open_one = make_grievance(world.desa_x, category="layanan")
    done = make_grievance(world.desa_x)
    operations.update_grievance(actor=None, grievance=done, to_state=GrievanceState.CLOSED, note="Ganda")
    desk = client_for(personas["slrt_desk"])
    page = text(desk.get(LIST_URL, {"state": "ditutup"}))
    assert done.tracking in page and open_one.tracking not in page
    page = text(desk.get(LIST_URL, {"category": "layanan"}))
    assert open_one.tracking in page and done.tracking not in page


@pytest.mark.django_db
def test_staff_list_query_count_is_constant(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    areas = [world.desa_x, world.desa_y, world.desa_other_kec]

    def count_queries(n: int) -> int:
        Grievance.objects.all().delete()
        for i in range(n):
            make_grievance(areas[i % 3])
        with CaptureQueriesContext(connection) as queries:
            assert desk.get(LIST_URL).status_code == 200
        return len(queries)

    assert count_queries(5) == count_queries(25)


# ----------------------------------------------------------------------------------------- staff: entry


@pytest.mark.django_db
def test_staff_entry(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    page = text(desk.get(NEW_URL))
    assert "Kabupaten Aceh Besar" in page and "Kabupaten Indramayu" not in page
    assert "botcheck" not in page
    response = desk.post(NEW_URL, {"category": "layanan", "description": "Ditelepon: antrean Puskesos terlalu lama.",
                                   "kabupaten": "11.06", "desa": world.desa_y.code, "reporter_name": "Ibu Nur",
                                   "reporter_contact": "0812"})
    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:grievance", args=[grievance.pk])
    assert grievance.channel == "petugas" and grievance.created_by == personas["slrt_desk"]
    assert grievance.area_id == world.desa_y.code


@pytest.mark.django_db
def test_staff_entry_refuses_out_of_scope_and_bad_data(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    data = {"category": "layanan", "description": "Pengaduan lewat telepon.", "kabupaten": "32.12", "desa": ""}
    assert desk.post(NEW_URL, data).status_code == 200
    data.update(kabupaten="11.06", subject_nik="123")
    assert desk.post(NEW_URL, data).status_code == 200
    assert not Grievance.objects.exists()
    assert client_for(personas["psm"]).get(NEW_URL).status_code == 404


@pytest.mark.django_db
def test_staff_entry_with_kecamatan_scope_needs_a_desa(world, django_user_model, client_for):
    user = user_with(django_user_model, "slrt_kecamatan", "slrt", "11.06.07")
    desk = client_for(user)
    options = text(desk.get(NEW_URL, {"kabupaten": "11.06", "desa_options": "1"}))
    assert world.desa_x.code in options and world.desa_other_kec.code not in options
    data = {"category": "layanan", "description": "Pengaduan lewat telepon.", "kabupaten": "11.06", "desa": ""}
    response = desk.post(NEW_URL, data)
    assert response.status_code == 200 and "Pilih desa/kelurahan" in text(response)
    assert desk.post(NEW_URL, {**data, "desa": world.desa_other_kec.code}).status_code == 200
    assert not Grievance.objects.exists()
    assert desk.post(NEW_URL, {**data, "desa": world.desa_x.code}).status_code == 302
    assert Grievance.objects.get().area_id == world.desa_x.code


# -------------------------------------------------------------------------------------- staff: handling


@pytest.mark.django_db
def test_detail_shows_the_case_masked_and_is_audited(world, personas, client_for):
    grievance = make_grievance(world.desa_x, reporter_name="Rahmat Hidayat", reporter_contact="081234567890",
                               subject_nik=world.head.nik)
    desk = client_for(personas["slrt_desk"])
    response = desk.get(reverse("referrals:grievance", args=[grievance.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Rahmat Hidayat" in page and "081234567890" in page and "Tempat lahir saya salah" in page
    assert world.head.nik not in page and world.head.masked_nik in page
    assert world.head.name in page  # linked by the NIK at submission
    assert reverse("registry:household", args=[world.home.pk]) in page
    entry = AuditEntry.objects.get(action=Action.VIEW, object_type="referrals.grievance")
    assert entry.actor == personas["slrt_desk"] and entry.object_id == str(grievance.pk)
    assert entry.changes == {"person": str(world.head.pk)}


@pytest.mark.django_db
def test_transitions_through_the_view(world, personas, client_for):
    grievance = make_grievance(world.desa_x)
    desk = client_for(personas["slrt_desk"])
    url = reverse("referrals:grievance_transition", args=[grievance.pk])
    detail = reverse("referrals:grievance", args=[grievance.pk])

    response = desk.post(url, {"to_state": "ditangani"}, follow=True)
    assert response.redirect_chain[-1][0] == detail
    grievance.refresh_from_db()
    assert grievance.state == "ditangani"
    assert "Status pengaduan menjadi Sedang ditangani." in text(response)

    response = desk.post(url, {"to_state": "diterima", "note": "mundur"}, follow=True)
    assert "tidak dapat diubah menjadi" in text(response)
    response = desk.post(url, {"to_state": "selesai"}, follow=True)  # needs a note
    assert "Tuliskan tindak lanjut" in text(response)
    response = desk.post(url, {"to_state": "bukan-status"}, follow=True)
    assert response.status_code == 200
    grievance.refresh_from_db()
    assert grievance.state == "ditangani"

    desk.post(url, {"to_state": "selesai", "note": "Bantuan sudah cair bulan ini."})
    grievance.refresh_from_db()
    assert grievance.state == "selesai"
    assert list(grievance.events.values_list("from_state", "to_state")) == [
        ("", "diterima"), ("diterima", "ditangani"), ("ditangani", "selesai")]
    assert client_for(personas["psm"]).post(url, {"to_state": "ditutup", "note": "x"}).status_code == 404
    assert desk.get(url).status_code == 405


@pytest.mark.django_db
def test_note_without_state_change(world, personas, client_for):
    grievance = make_grievance(world.desa_x)
    desk = client_for(personas["slrt_desk"])
    url = reverse("referrals:grievance_transition", args=[grievance.pk])
    response = desk.post(url, {"to_state": "diterima", "note": "Pelapor sudah ditelepon."}, follow=True)
    assert "Catatan disimpan." in text(response)
    grievance.refresh_from_db()
    assert grievance.state == "diterima"
    event = grievance.events.last()
    assert (event.from_state, event.to_state, event.note) == ("diterima", "diterima", "Pelapor sudah ditelepon.")
    assert "Pelapor sudah ditelepon." in text(desk.get(reverse("referrals:grievance", args=[grievance.pk])))
    response = desk.post(url, {"to_state": "diterima", "note": "  "}, follow=True)
    assert "Catatan kosong." in text(response)


@pytest.mark.django_db
def test_link_person_by_nik(world, personas, client_for):
    grievance = make_grievance(world.desa_x)
    desk = client_for(personas["slrt_desk"])
    url = reverse("referrals:grievance_link", args=[grievance.pk])
    abroad = Person.objects.get(household=world.abroad)
    response = desk.post(url, {"nik": abroad.nik}, follow=True)
    assert "Tidak ada warga dengan NIK ini" in text(response)
    spaced = " ".join([world.head.nik[:6], world.head.nik[6:12], world.head.nik[12:]])
    response = desk.post(url, {"nik": spaced}, follow=True)
    assert f"Pengaduan dihubungkan dengan {world.head.name}." in text(response)
    grievance.refresh_from_db()
    assert grievance.person == world.head


@pytest.mark.django_db
def test_proposed_change_is_applied_only_after_approval(world, personas, client_for, django_user_model):
    grievance = make_grievance(world.desa_x)
    desk = client_for(personas["slrt_desk"])
    detail = reverse("referrals:grievance", args=[grievance.pk])
    propose = reverse("referrals:grievance_propose", args=[grievance.pk])
    assert "Usulkan perubahan data" not in text(desk.get(detail))  # nobody linked yet
    desk.post(reverse("referrals:grievance_link", args=[grievance.pk]), {"nik": world.head.nik})
    assert "Usulkan perubahan data" in text(desk.get(detail))

    response = desk.post(propose, {"field": "birth_place", "value": "Banda Aceh",
                                   "reason": "Akta kelahiran diperlihatkan pelapor."}, follow=True)
    assert "Usulan perubahan data dikirim" in text(response)
    request = ChangeRequest.objects.get()
    assert request.source == f"grievance:{grievance.pk}" and request.person == world.head
    assert request.changes == {"birth_place": "Banda Aceh"}
    world.head.refresh_from_db()
    assert world.head.birth_place == "Aceh Besar"
    grievance.refresh_from_db()
    assert grievance.state == "ditangani"
    assert reverse("registry:change", args=[request.pk]) in text(desk.get(detail))

    supervisor = user_with(django_user_model, "kabid", "supervisor", "11.06")
    from sinergi.registry.operations import decide_change

    decide_change(actor=supervisor, request=request, approve=True)
    world.head.refresh_from_db()
    assert world.head.birth_place == "Banda Aceh"
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type="registry.person", object_id=str(world.head.pk))
    assert entry.source == f"grievance:{grievance.pk}" and entry.household_id == world.home.pk
    assert entry.changes == {"birth_place": ["Aceh Besar", "Banda Aceh"]}
    assert GrievanceEvent.objects.filter(grievance=grievance, note__contains="disetujui").exists()
    assert "disetujui" in text(desk.get(detail))


@pytest.mark.django_db
def test_propose_household_field_and_readable_values(world, personas, client_for):
    grievance = make_grievance(world.desa_x, subject_nik=world.head.nik)
    desk = client_for(personas["slrt_desk"])
    propose = reverse("referrals:grievance_propose", args=[grievance.pk])
    desk.post(propose, {"field": "kk:has_tv", "value": "ya", "reason": "Dicek petugas."})
    desk.post(propose, {"field": "birth_date", "value": "13/08/1975", "reason": "Sesuai KTP."})
    household_request, person_request = ChangeRequest.objects.order_by("id")
    assert household_request.person is None and household_request.changes == {"has_tv": True}
    assert person_request.changes == {"birth_date": "1975-08-13"}
    response = desk.post(propose, {"field": "sex", "value": "bukan", "reason": "x"}, follow=True)
    assert response.status_code == 200 and ChangeRequest.objects.count() == 2
    response = desk.post(propose, {"field": "password", "value": "x", "reason": "x"}, follow=True)
    assert response.status_code == 200 and ChangeRequest.objects.count() == 2


@pytest.mark.django_db
def test_closed_grievance_offers_no_proposal(world, personas, client_for):
    grievance = make_grievance(world.desa_x, subject_nik=world.head.nik)
    operations.update_grievance(actor=None, grievance=grievance, to_state=GrievanceState.CLOSED, note="Ganda")
    desk = client_for(personas["slrt_desk"])
    assert "Usulkan perubahan data" not in text(desk.get(reverse("referrals:grievance", args=[grievance.pk])))
    response = desk.post(reverse("referrals:grievance_propose", args=[grievance.pk]),
                         {"field": "birth_place", "value": "Banda Aceh", "reason": "x"}, follow=True)
    assert "sudah ditutup" in text(response)
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_status_date_is_the_local_day(world, client):
    """An update at 00:30 WIB is shown on that day, not on the previous UTC day."""
    grievance = make_grievance(world.desa_x)
    Grievance.objects.filter(pk=grievance.pk).update(updated_at=dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC))
    page = text(client.get(TRACK_URL, {"nomor": grievance.tracking}))
    assert "02/03/2026" in page and "01/03/2026" not in page


@pytest.mark.django_db
def test_detail_hides_a_linked_person_outside_the_registry_scope(world, personas, client_for):
    """A NIK from another area is not linked automatically; and should a link point outside the viewer's scope
    (linked by a province-level officer, say), the page must not turn it into a name lookup."""
    abroad = Person.objects.get(household=world.abroad)
    grievance = make_grievance(world.desa_x, subject_nik=abroad.nik)
    assert grievance.person is None
    Grievance.objects.filter(pk=grievance.pk).update(person=abroad)
    page = text(client_for(personas["slrt_desk"]).get(reverse("referrals:grievance", args=[grievance.pk])))
    assert abroad.name not in page and "warga di luar wilayah Anda" in page
    assert reverse("registry:household", args=[world.abroad.pk]) not in page
    assert "Usulkan perubahan data" not in page
