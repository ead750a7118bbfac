"""The SLRT desk: cases, referrals and their states, SLA escalation, follow-up by the pillar covering the desa,
provider scoping, the referral letter, and change requests (propose → approve → registry with history)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Assignment, Role
from sinergi.audit.models import AuditEntry
from sinergi.notifications.models import Notification
from sinergi.pillars.models import Task
from sinergi.referrals import operations
from sinergi.referrals.models import Case, CaseStatus, Referral, ServiceType, State
from sinergi.registry import operations as registry_operations
from sinergi.registry.models import ChangeRequest, ChangeState, Person

pytestmark = pytest.mark.django_db


def _supervisor(world, username="kabid"):
    user = get_user_model().objects.create_user(username=username, email=f"{username}@dinsos.example")
    Assignment.objects.create(user=user, role=Role.objects.get(code="supervisor"), area_id="11.06")
    return user


# ------------------------------------------------------------------------------------------------ cases


def test_open_case_numbers_and_audits(slrt, world):
    case = Case.objects.get(pk=slrt.case.pk)
    assert case.number == f"SLRT-{case.opened_at:%Y}-{case.pk:06d}"
    assert case.desa_id == world.desa_x.code and case.needs == ["adminduk", "kesehatan"]
    assert case.status == CaseStatus.REFERRED  # the fixture referred it
    entry = AuditEntry.objects.get(object_type="referrals.case", object_id=str(case.pk), action="create")
    assert entry.household_id == world.home.pk


@pytest.mark.parametrize("fields, message", [
    ({"complaint": "  ", "needs": ["pangan"]}, "keluhan"),
    ({"complaint": "Lapar", "needs": []}, "kebutuhan"),
    ({"complaint": "Lapar", "needs": ["bukan-kode"]}, "tidak dikenal"),
    ({"complaint": "Lapar", "needs": ["pangan"], "ppks": ["99"]}, "tidak dikenal"),
])
def test_open_case_validates(slrt, world, personas, fields, message):
    with pytest.raises(ValidationError) as exc:
        operations.open_case(actor=personas["slrt_desk"], person=world.head, **fields)
    assert message in " ".join(exc.value.messages).lower()


def test_open_case_outside_scope_is_refused(slrt, world, personas):
    with pytest.raises(PermissionDenied):
        operations.open_case(actor=personas["slrt_desk"], person=world.abroad.members.first(), complaint="x",
                             needs=["pangan"])
    with pytest.raises(PermissionDenied):
        operations.open_case(actor=personas["psm"], person=world.head, complaint="x", needs=["pangan"])


def test_register_walk_in_creates_household_and_person_with_history(world, personas):
    person = operations.register_walk_in(actor=personas["slrt_desk"], desa=world.desa_y, no_kk="", address="Lorong 3",
                                         nik="", name="Bayu Saputra", sex="L", birth_date=dt.date(1990, 5, 1))
    assert person.household.desa_id == world.desa_y.code
    assert AuditEntry.objects.filter(household_id=person.household_id, action="create", source="slrt").count() == 2


def test_register_walk_in_refuses_a_known_nik(world, personas):
    with pytest.raises(ValidationError) as exc:
        operations.register_walk_in(actor=personas["slrt_desk"], desa=world.desa_y, no_kk="", address="x",
                                    nik=world.head.nik, name="Lain", sex="L")
    assert "sudah terdaftar" in str(exc.value)


def test_register_walk_in_joins_an_existing_kk_in_scope(world, personas):
    person = operations.register_walk_in(actor=personas["slrt_desk"], desa=world.desa_x, no_kk=world.home.no_kk,
                                         address="", nik="", name="Bayi Baru", sex="P", relation="4")
    assert person.household_id == world.home.pk


def test_close_case_waits_for_open_referrals(slrt, personas):
    with pytest.raises(ValidationError) as exc:
        operations.close_case(actor=personas["slrt_desk"], case=slrt.case, note="selesai")
    assert "rujukan yang berjalan" in str(exc.value)
    operations.transition(actor=personas["service_provider"], referral=slrt.referral, to_state=State.REJECTED,
                          note="Bukan wewenang kami")
    case = operations.close_case(actor=personas["slrt_desk"], case=slrt.case, note="Dirujuk ulang manual")
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(ValidationError):
        operations.refer(actor=personas["slrt_desk"], case=case, provider=slrt.disdukcapil,
                         service=ServiceType.objects.get(code="ktp-kk"), reason="lagi")


# ---------------------------------------------------------------------------------------------- referrals


def test_refer_sets_due_date_from_sla_and_notifies_the_provider(slrt, personas):
    referral = slrt.referral
    assert referral.state == State.SUBMITTED and referral.tracking.startswith("RJK-")
    assert referral.due_at - referral.created_at == dt.timedelta(days=14)
    assert Notification.objects.filter(user=personas["service_provider"], kind="rujukan-baru").count() == 1
    assert list(referral.events.values_list("to_state", flat=True)) == [State.SUBMITTED]


def test_refer_checks_provider_area_and_service(slrt, world, personas):
    desk = personas["slrt_desk"]
    with pytest.raises(ValidationError) as exc:
        operations.refer(actor=desk, case=slrt.case, provider=slrt.disdukcapil,
                         service=ServiceType.objects.get(code="rtlh"), reason="rumah")
    assert "tidak memberikan layanan" in str(exc.value)
    from sinergi.referrals.models import ServiceProvider

    indramayu = ServiceProvider.objects.create(name="Disdukcapil Indramayu", kind="opd", area_id="32.12")
    indramayu.services.set(ServiceType.objects.filter(code="ktp-kk"))
    with pytest.raises(ValidationError) as exc:
        operations.refer(actor=desk, case=slrt.case, provider=indramayu,
                         service=ServiceType.objects.get(code="ktp-kk"), reason="x")
    assert "tidak melayani desa" in str(exc.value)
    with pytest.raises(ValidationError):
        operations.refer(actor=desk, case=slrt.case, provider=slrt.disdukcapil,
                         service=ServiceType.objects.get(code="ktp-kk"), reason="  ")


ALLOWED = [
    ([], State.ACCEPTED), ([], State.REJECTED),
    ([State.ACCEPTED], State.IN_PROGRESS), ([State.ACCEPTED], State.COMPLETED), ([State.ACCEPTED], State.RETURNED),
    ([State.ACCEPTED, State.IN_PROGRESS], State.COMPLETED), ([State.ACCEPTED, State.IN_PROGRESS], State.RETURNED),
]
FORBIDDEN = [
    ([], State.COMPLETED), ([], State.IN_PROGRESS), ([], State.RETURNED), ([], State.SUBMITTED),
    ([State.ACCEPTED], State.SUBMITTED), ([State.ACCEPTED], State.REJECTED),
    ([State.ACCEPTED, State.IN_PROGRESS], State.ACCEPTED), ([State.ACCEPTED, State.IN_PROGRESS], State.REJECTED),
    ([State.ACCEPTED, State.COMPLETED], State.IN_PROGRESS), ([State.ACCEPTED, State.COMPLETED], State.RETURNED),
    ([State.REJECTED], State.ACCEPTED), ([State.ACCEPTED, State.RETURNED], State.IN_PROGRESS),
]


def _walk(referral, actor, path):
    for state in path:
        referral = operations.transition(actor=actor, referral=referral, to_state=state, note="catatan")
    return referral


@pytest.mark.parametrize("path, to_state", ALLOWED)
def test_every_allowed_transition(slrt, personas, path, to_state):
    provider = personas["service_provider"]
    referral = operations.transition(actor=provider, referral=_walk(slrt.referral, provider, path),
                                     to_state=to_state, note="Sudah dilayani")
    assert referral.state == to_state
    assert referral.events.last().to_state == to_state
    assert Notification.objects.filter(user=personas["slrt_desk"], kind="rujukan-status").exists()


@pytest.mark.parametrize("path, to_state", FORBIDDEN)
def test_every_forbidden_transition(slrt, personas, path, to_state):
    provider = personas["service_provider"]
    referral = _walk(slrt.referral, provider, path)
    with pytest.raises(ValidationError) as exc:
        operations.transition(actor=provider, referral=referral, to_state=to_state, note="x")
    assert "tidak dapat diubah" in str(exc.value)
    assert Referral.objects.get(pk=referral.pk).state == referral.state


@pytest.mark.parametrize("to_state", [State.REJECTED, State.RETURNED, State.COMPLETED])
def test_closing_transitions_need_a_note(slrt, personas, to_state):
    provider = personas["service_provider"]
    referral = slrt.referral if to_state == State.REJECTED else _walk(slrt.referral, provider, [State.ACCEPTED])
    with pytest.raises(ValidationError):
        operations.transition(actor=provider, referral=referral, to_state=to_state, note=" ")


def test_only_the_providers_own_staff_move_a_referral(slrt, personas, world):
    with pytest.raises(PermissionDenied):  # the desk sees it but does not act for the provider
        operations.transition(actor=personas["slrt_desk"], referral=slrt.referral, to_state=State.ACCEPTED)
    stranger = get_user_model().objects.create_user(username="dinkes.officer")
    Assignment.objects.create(user=stranger, role=Role.objects.get(code="penyedia-layanan"), area_id="11.06")
    slrt.dinkes_other.staff.add(stranger)
    with pytest.raises(PermissionDenied):
        operations.transition(actor=stranger, referral=slrt.referral, to_state=State.ACCEPTED)
    assert not Referral.objects.for_user(stranger).exists()
    assert list(Referral.objects.for_user(personas["service_provider"])) == [slrt.referral]


def test_completion_sends_a_follow_up_task_to_the_pillar_covering_the_desa(slrt, personas, world, client_for):
    provider = personas["service_provider"]
    _walk(slrt.referral, provider, [State.ACCEPTED])
    operations.transition(actor=provider, referral=slrt.referral, to_state=State.COMPLETED,
                          note="KTP-el dicetak ulang")
    task = Task.objects.get(source=f"referral:{slrt.referral.pk}")
    assert list(task.assignees.all()) == [slrt.psm_worker]
    assert task.household_id == world.home.pk and task.desa_id == world.desa_x.code
    assert Notification.objects.filter(user=personas["psm"], kind="tugas-baru").exists()
    from sinergi.pillars.operations import complete_task

    complete_task(actor=personas["psm"], task=task, outcome="terlayani", note="KTP sudah diterima warga")
    page = client_for(personas["slrt_desk"]).get(reverse("registry:household", args=[world.home.pk]))
    html = page.content.decode()
    assert "Layanan SLRT dan rujukan" in html and slrt.case.number in html and "KTP-el dicetak ulang" in html
    assert "KTP sudah diterima warga" in html  # the pillar's outcome, on the household page


def test_escalation_is_once_per_overdue_referral(slrt, personas, world):
    supervisor = _supervisor(world)
    later = timezone.now() + dt.timedelta(days=15)
    assert operations.escalate_overdue(now=timezone.now()) == 0
    assert operations.escalate_overdue(now=later) == 1
    assert operations.escalate_overdue(now=later) == 0
    assert operations.escalate_overdue(now=later + dt.timedelta(days=1)) == 0
    referral = Referral.objects.get(pk=slrt.referral.pk)
    assert referral.escalated_at == later
    assert Notification.objects.filter(user=supervisor, kind="rujukan-terlambat").count() == 1
    assert Notification.objects.filter(user=personas["slrt_desk"], kind="rujukan-terlambat").count() == 1
    # Supervisors elsewhere hear nothing: a supervisor of Indramayu.
    other = get_user_model().objects.create_user(username="kabid.indramayu")
    Assignment.objects.create(user=other, role=Role.objects.get(code="supervisor"), area_id="32.12")
    assert not Notification.objects.filter(user=other).exists()


def test_completed_referrals_are_not_escalated(slrt, personas, world):
    provider = personas["service_provider"]
    _walk(slrt.referral, provider, [State.ACCEPTED, State.COMPLETED])
    assert operations.escalate_overdue(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_escalate_command_and_task(slrt, world):
    from django.core.management import call_command

    out = io.StringIO()
    Referral.objects.filter(pk=slrt.referral.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    call_command("escalate_referrals", stdout=out)
    assert "1" in out.getvalue()
    out = io.StringIO()
    call_command("escalate_referrals", stdout=out)
    assert "0" in out.getvalue()


@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00 not a scan", "surat.exe", "bukan PDF"),
    (b"<html>", "surat.pdf", "bukan PDF"),
])
def test_attachments_are_checked_by_content(slrt, personas, content, name, message):
    with pytest.raises(ValidationError) as exc:
        operations.add_attachment(actor=personas["slrt_desk"], case=slrt.case,
                                  upload=SimpleUploadedFile(name, content), label="")
    assert message in str(exc.value)


def test_attachment_size_limit(slrt, personas, monkeypatch):
    monkeypatch.setattr(operations, "ATTACHMENT_MAX_BYTES", 10)
    with pytest.raises(ValidationError) as exc:
        operations.add_attachment(actor=personas["slrt_desk"], case=slrt.case,
                                  upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 " + b"x" * 20), label="")
    assert "terlalu besar" in str(exc.value)


def test_attachment_upload_and_download(slrt, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    response = desk.post(reverse("referrals:attach", args=[slrt.case.pk]),
                         {"label": "Surat keterangan desa", "file": SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk")})
    assert response.status_code == 302
    attachment = slrt.case.attachments.get()
    assert attachment.content_type == "application/pdf" and "sk.pdf" not in attachment.file.name
    download = desk.get(reverse("referrals:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 sk"
    assert client_for(personas["psm"]).get(reverse("referrals:attachment", args=[attachment.pk])).status_code == 404


# ----------------------------------------------------------------------------------------------- the pages


def test_intake_by_nik_then_case(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    found = desk.post(reverse("referrals:intake"), {"lookup": "1", "nik": world.head.nik})
    assert found.status_code == 302 and world.head.nik not in found["Location"]
    page = desk.get(found["Location"])
    assert world.head.name in page.content.decode()
    assert world.head.nik not in page.content.decode()  # masked
    response = desk.post(reverse("referrals:intake"), {"person": world.head.pk, "channel": "datang",
                                                       "complaint": "Anak putus sekolah", "needs": ["pendidikan"],
                                                       "ppks": ["02"]})
    case = Case.objects.get(complaint="Anak putus sekolah")
    assert response.status_code == 302 and response["Location"] == reverse("referrals:case", args=[case.pk])
    assert case.ppks == ["02"] and case.opened_by == personas["slrt_desk"]


def test_intake_unknown_nik_offers_registration(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    page = desk.post(reverse("referrals:intake"), {"lookup": "1", "nik": "1106070101900099"})
    assert reverse("referrals:register") in page.content.decode()
    form = desk.get(reverse("referrals:register")).content.decode()
    assert 'value="1106070101900099"' in form  # carried over in the session, not the URL


def test_intake_person_outside_scope_is_404(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    abroad = world.abroad.members.first()
    response = desk.post(reverse("referrals:intake"), {"person": abroad.pk, "channel": "datang",
                                                       "complaint": "x", "needs": ["pangan"]})
    assert response.status_code == 404
    page = desk.post(reverse("referrals:intake"), {"lookup": "1", "nik": abroad.nik})
    assert page.status_code == 200 and abroad.name not in page.content.decode()
    assert desk.get(reverse("referrals:intake"), {"person": abroad.pk}).status_code == 404


def test_register_page_creates_and_continues_to_intake(world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    response = desk.post(reverse("referrals:register"), {
        "desa": world.desa_y.code, "no_kk": "", "address": "Lorong Baru", "rt": "1", "rw": "2", "nik": "",
        "name": "Warga Baru Sekali", "sex": "P", "birth_place": "", "birth_date": "17/08/1990", "relation": "1"})
    person = Person.objects.get(name="Warga Baru Sekali")
    assert response.status_code == 302 and f"person={person.pk}" in response["Location"]
    assert person.birth_date == dt.date(1990, 8, 17)


def test_register_page_shows_operation_errors_on_the_form(world, personas, client_for):
    response = client_for(personas["slrt_desk"]).post(reverse("referrals:register"), {
        "desa": world.desa_y.code, "address": "x", "nik": "12345", "name": "Salah NIK", "sex": "L",
        "relation": "1"})
    assert response.status_code == 200
    assert "NIK" in response.content.decode() and not Person.objects.filter(name="Salah NIK").exists()


def test_refer_through_the_page_and_provider_inbox(slrt, world, personas, client_for):
    desk = client_for(personas["slrt_desk"])
    response = desk.post(reverse("referrals:refer", args=[slrt.case.pk]), {
        "provider": slrt.disdukcapil.pk, "service": ServiceType.objects.get(code="akta-kelahiran").pk,
        "reason": "Anak belum punya akta"})
    assert response.status_code == 302
    assert slrt.case.referrals.count() == 2
    # A provider that does not serve the service: a message, nothing created.
    desk.post(reverse("referrals:refer", args=[slrt.case.pk]), {
        "provider": slrt.dinkes_other.pk, "service": ServiceType.objects.get(code="ktp-kk").pk, "reason": "x"})
    assert slrt.case.referrals.count() == 2
    inbox = client_for(personas["service_provider"]).get(reverse("referrals:referrals"))
    assert inbox.status_code == 200 and inbox.content.decode().count("RJK-") == 2


def test_provider_accepts_and_completes_through_the_page(slrt, personas, client_for):
    provider = client_for(personas["service_provider"])
    url = reverse("referrals:transition", args=[slrt.referral.pk])
    assert provider.post(url, {"to_state": "diterima"}).status_code == 302
    provider.post(url, {"to_state": "selesai", "note": "KTP-el selesai dicetak"})
    referral = Referral.objects.get(pk=slrt.referral.pk)
    assert referral.state == State.COMPLETED and referral.outcome == "KTP-el selesai dicetak"
    # A forbidden move shows a message and changes nothing; never a 500.
    response = provider.post(url, {"to_state": "diproses"}, follow=True)
    assert response.status_code == 200 and "tidak dapat diubah" in response.content.decode()
    assert provider.post(url, {"to_state": "bukan-status"}).status_code == 302


def test_desk_cannot_transition_through_the_page(slrt, personas, client_for):
    response = client_for(personas["slrt_desk"]).post(reverse("referrals:transition", args=[slrt.referral.pk]),
                                                      {"to_state": "diterima"})
    assert response.status_code == 404
    assert Referral.objects.get(pk=slrt.referral.pk).state == State.SUBMITTED


def test_referral_letter_pdf(slrt, world, personas, client_for):
    from pypdf import PdfReader

    response = client_for(personas["service_provider"]).get(reverse("referrals:letter", args=[slrt.referral.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert slrt.referral.tracking in text and "SURAT RUJUKAN" in text
    assert "DINAS SOSIAL ACEH BESAR" in text.upper().replace("KABUPATEN ", "")
    assert world.head.name in text and world.head.nik not in text
    assert AuditEntry.objects.filter(action="export", object_type="referrals.referral").exists()


def test_referral_letter_qr_points_to_the_public_status_page(slrt):
    from unittest import mock

    from sinergi.referrals import views

    with mock.patch.object(views.pdf, "referral_letter", wraps=views.pdf.referral_letter) as letter:
        views.letter_pdf(referral=slrt.referral, track_url="https://sinergi.example/lacak/")
    assert letter.call_args.kwargs["qr_payload"] == f"https://sinergi.example/lacak/?nomor={slrt.referral.tracking}"


def test_case_page_records_the_view(slrt, personas, client_for):
    response = client_for(personas["slrt_desk"]).get(reverse("referrals:case", args=[slrt.case.pk]))
    assert response.status_code == 200 and slrt.referral.tracking in response.content.decode()
    assert AuditEntry.objects.filter(action="view", object_type="referrals.case", object_id=str(slrt.case.pk)).exists()


def test_cases_list_query_count_is_constant(slrt, world, personas, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk = client_for(personas["slrt_desk"])
    with CaptureQueriesContext(connection) as few:
        desk.get(reverse("referrals:cases"))
    for i in range(15):
        operations.open_case(actor=None, person=world.head, complaint=f"keluhan {i}", needs=["pangan"])
    with CaptureQueriesContext(connection) as many:
        page = desk.get(reverse("referrals:cases"))
    assert page.content.decode().count("SLRT-") >= 16
    assert len(many) == len(few)


def test_referral_list_query_count_is_constant(slrt, world, personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provider = client_for(personas["service_provider"])
    with CaptureQueriesContext(connection) as few:
        provider.get(reverse("referrals:referrals"))
    service = ServiceType.objects.get(code="ktp-kk")
    for _i in range(10):
        operations.refer(actor=None, case=slrt.case, provider=slrt.disdukcapil, service=service, reason="x")
    with CaptureQueriesContext(connection) as many:
        page = provider.get(reverse("referrals:referrals"))
    assert page.content.decode().count("RJK-") == 11
    assert len(many) == len(few)


# ---------------------------------------------------------------------------------------- change requests


def test_change_request_needs_someone_else_to_approve(world, personas):
    desk = personas["slrt_desk"]
    request = registry_operations.propose_change(actor=desk, household=world.home, person=world.head,
                                                 changes={"birth_place": "Banda Aceh"}, reason="KTP menunjukkan")
    assert Person.objects.get(pk=world.head.pk).birth_place == "Aceh Besar"  # untouched until approved
    with pytest.raises(PermissionDenied):  # the desk may propose, not approve
        registry_operations.decide_change(actor=desk, request=request, approve=True)
    supervisor = _supervisor(world)
    Assignment.objects.create(user=desk, role=Role.objects.get(code="supervisor"), area_id="11.06")
    from sinergi.accounts.scoping import forget

    forget(desk)
    with pytest.raises(ValidationError) as exc:
        registry_operations.decide_change(actor=desk, request=request, approve=True)
    assert "orang lain" in str(exc.value)
    decided = registry_operations.decide_change(actor=supervisor, request=request, approve=True)
    assert decided.state == ChangeState.APPROVED and decided.applied == {"birth_place": ["Aceh Besar", "Banda Aceh"]}
    assert Person.objects.get(pk=world.head.pk).birth_place == "Banda Aceh"
    entry = AuditEntry.objects.filter(household_id=world.home.pk, action="update").latest("id")
    assert entry.source == f"change-request:{request.pk}" and entry.changes["birth_place"] == ["Aceh Besar",
                                                                                             "Banda Aceh"]
    with pytest.raises(ValidationError):
        registry_operations.decide_change(actor=supervisor, request=request, approve=False, note="terlambat")


@pytest.mark.parametrize("changes, field", [
    ({"birth_date": "31/02/1975"}, "birth_date"),
    ({"sex": "X"}, "sex"),
    ({"nik": "123"}, "nik"),
    ({"status": "hilang"}, "status"),
    ({"lat": "5.5"}, None),  # coordinates are not proposed
])
def test_change_request_validates_values(world, personas, changes, field):
    with pytest.raises(ValidationError) as exc:
        registry_operations.propose_change(actor=personas["slrt_desk"], household=world.home, person=world.head,
                                           changes=changes, reason="bukti")
    if field:
        assert field in exc.value.message_dict


def test_change_request_without_change_is_refused(world, personas):
    with pytest.raises(ValidationError) as exc:
        registry_operations.propose_change(actor=personas["slrt_desk"], household=world.home, person=world.head,
                                           changes={"name": world.head.name}, reason="sama")
    assert "tidak mengubah" in str(exc.value)


def test_change_request_pages(world, personas, client_for):
    request = registry_operations.propose_change(actor=personas["slrt_desk"], household=world.home,
                                                 changes={"address": "Dusun Mesjid Raya"}, reason="Pindah lorong")
    supervisor = _supervisor(world)
    client = client_for(supervisor)
    listing = client.get(reverse("registry:changes"))
    assert listing.status_code == 200 and f"#{request.pk}" in listing.content.decode()
    detail = client.get(reverse("registry:change", args=[request.pk]))
    assert "Dusun Mesjid Raya" in detail.content.decode() and 'id="decide"' in detail.content.decode()
    response = client.post(reverse("registry:change_decide", args=[request.pk]), {"decision": "reject"}, follow=True)
    assert "alasan penolakan" in response.content.decode()
    client.post(reverse("registry:change_decide", args=[request.pk]), {"decision": "approve"})
    assert ChangeRequest.objects.get(pk=request.pk).state == ChangeState.APPROVED
    assert world.home.__class__.objects.get(pk=world.home.pk).address == "Dusun Mesjid Raya"
    assert client_for(personas["psm"]).get(reverse("registry:change", args=[request.pk])).status_code == 200
    assert client_for(personas["psm"]).post(reverse("registry:change_decide", args=[request.pk]),
                                            {"decision": "approve"}).status_code == 404


@pytest.mark.parametrize("params", [{"person": "abc"}, {"person": "99999999"}, {"person": "1 OR 1=1"}])
def test_intake_with_a_junk_person_is_404_not_500(world, personas, client_for, params):
    assert client_for(personas["slrt_desk"]).get(reverse("referrals:intake"), params).status_code in (200, 404)
    response = client_for(personas["slrt_desk"]).post(reverse("referrals:intake"), {**params, "complaint": "x"})
    assert response.status_code == 404


def test_change_list_query_count_is_constant(world, personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = client_for(_supervisor(world))

    def propose(i):
        registry_operations.propose_change(actor=personas["slrt_desk"], household=world.home, person=world.head,
                                           changes={"occupation": f"Petani {i}"}, reason="bukti")

    propose(0)
    with CaptureQueriesContext(connection) as few:
        supervisor.get(reverse("registry:changes"))
    for i in range(1, 12):
        propose(i)
    with CaptureQueriesContext(connection) as many:
        page = supervisor.get(reverse("registry:changes"))
    assert page.content.decode().count("Teuku Muhammad Nasir") == 12
    assert len(many) == len(few)


def test_provider_catalogue_lists_providers_serving_the_scope(slrt, personas, client_for):
    from sinergi.referrals.models import ServiceProvider

    ServiceProvider.objects.create(name="Dinsos Indramayu", kind="opd", area_id="32.12")
    page = client_for(personas["slrt_desk"]).get(reverse("referrals:providers")).content.decode()
    assert slrt.disdukcapil.name in page and slrt.dinkes_other.name in page and "Dinsos Indramayu" not in page
    assert "14 hari" in page  # the SLA of the KTP service


def test_admin_catalogue_pages_render(slrt, django_user_model, client):
    admin = django_user_model.objects.create_superuser(username="root", password="x" * 12)
    client.force_login(admin)
    for name in ["admin:referrals_serviceprovider_changelist", "admin:referrals_servicetype_changelist",
                 "admin:referrals_referral_changelist", "admin:referrals_grievance_changelist",
                 "admin:referrals_case_changelist", "admin:pillars_pillarworker_changelist"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("admin:referrals_serviceprovider_change", args=[slrt.disdukcapil.pk])).status_code == 200


def test_demo_services_builds_a_desk_with_every_kind_of_record(world, personas):
    import io

    from django.core.management import call_command

    from sinergi.referrals.models import Grievance, ServiceProvider

    for username, role, area in [("slrt", "slrt", "11.06"), ("tksk", "tksk", "11.06.07"),
                                 ("disdukcapil", "penyedia-layanan", "11.06")]:
        user = get_user_model().objects.create_user(username=username)
        Assignment.objects.create(user=user, role=Role.objects.get(code=role), area_id=area)
    out = io.StringIO()
    call_command("demo_services", area="11.06", stdout=out)
    assert ServiceProvider.objects.filter(area_id="11.06").count() == 9
    assert Case.objects.exists() and Referral.objects.exists() and Grievance.objects.count() >= 4
    assert Referral.objects.filter(state=State.COMPLETED).exists()  # the Disdukcapil officer worked some
    from sinergi.pillars.models import PillarWorker

    assert PillarWorker.objects.filter(user__username="psm", work_areas__area=world.desa_x).exists()
    from sinergi.pillars.models import Meeting, Task, Visit

    assert Task.objects.filter(kind="verifikasi", household=world.home).exists()
    assert Visit.objects.filter(household=world.home).exists()
    assert Meeting.objects.filter(kind="musdes", area=world.desa_x).exists()
    call_command("demo_services", area="11.06", stdout=out)  # idempotent
    assert ServiceProvider.objects.filter(area_id="11.06").count() == 9


def test_home_shows_what_waits_for_each_user(slrt, personas, client_for):
    provider_home = client_for(personas["service_provider"]).get(reverse("dashboards:home")).content.decode()
    assert "Rujukan baru untuk lembaga Anda" in provider_home and 'id="waiting"' in provider_home
    assert "belum memiliki wilayah tugas" not in provider_home
    desk_home = client_for(personas["slrt_desk"]).get(reverse("dashboards:home")).content.decode()
    assert "Pengaduan baru" in desk_home and "Rujukan baru untuk lembaga Anda" not in desk_home
    tksk_home = client_for(personas["kecamatan_tksk"]).get(reverse("dashboards:home")).content.decode()
    assert 'id="waiting"' not in tksk_home
