"""Meetings of the social pillars: musdes with kabupaten approval and the DTKS proposal, rakor and bimtek with
attendance and follow-up actions, the berita acara and the attendance report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts import scoping
from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import Area
from sinergi.audit.models import Action, AuditEntry
from sinergi.core.nik import make_kk, make_nik, mask_nik
from sinergi.notifications.models import Notification
from sinergi.pillars import meetings, proposal
from sinergi.pillars.models import (
    ActionItem,
    Meeting,
    MeetingKind,
    MeetingState,
    Participant,
    ParticipantRole,
    PillarType,
    PillarWorker,
    ProposalKind,
    WorkArea,
    WorkerStatus,
)
from tests.conftest import make_household

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2026, 11, 25)  # a Wednesday


def make_worker(name, pillar_type, *areas, user=None, **extra) -> PillarWorker:
    worker = PillarWorker.objects.create(name=name, pillar_type=pillar_type, home_area_id="11.06", user=user,
                                         **extra)
    for area in areas:
        WorkArea.objects.create(worker=worker, area_id=area if isinstance(area, str) else area.code)
    return worker


@dataclass
class Workers:
    psm_x: PillarWorker  # PSM of desa X ("psm" persona)
    pkh: PillarWorker  # Pendamping PKH of desa X and Y ("pkh_facilitator")
    tksk: PillarWorker  # TKSK of kecamatan Darul Imarah 11.06.07 ("kecamatan_tksk")
    psm_far: PillarWorker  # PSM of a desa in Lhoong (another kecamatan)
    inactive: PillarWorker  # PSM of desa X, no longer active


@pytest.fixture
def workers(world, personas):
    return Workers(
        psm_x=make_worker("Ayu PSM", PillarType.PSM, world.desa_x, user=personas["psm"]),
        pkh=make_worker("Budi PKH", PillarType.PKH_FACILITATOR, world.desa_x, world.desa_y,
                        user=personas["pkh_facilitator"]),
        tksk=make_worker("Cut TKSK", PillarType.TKSK, "11.06.07", user=personas["kecamatan_tksk"]),
        psm_far=make_worker("Dedi PSM", PillarType.PSM, world.desa_other_kec),
        inactive=make_worker("Evi Nonaktif", PillarType.PSM, world.desa_x, status=WorkerStatus.INACTIVE),
    )


@pytest.fixture
def supervisor(world, django_user_model):
    """A kabid at the Dinas: the default "supervisor" role over Aceh Besar (approve_meeting there)."""
    user = django_user_model.objects.create_user(username="kabid", password="x")
    Assignment.objects.create(user=user, role=Role.objects.get(code="supervisor"), area_id="11.06")
    return user


def user_with(username: str, area_code: str, *perms: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    role = Role.objects.create(code=f"uji-{username}", name=username, usual_level=2)
    for perm in perms:
        app_label, codename = perm.split(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = get_user_model().objects.create_user(username=username, password="x")
    Assignment.objects.create(user=user, role=role, area_id=area_code)
    return user


def new_musdes(world, actor, desa=None, **extra) -> Meeting:
    fields = dict(actor=actor, kind=MeetingKind.MUSDES, title="Musdes verifikasi DTKS", area=desa or world.desa_x,
                  held_on=HELD_ON, place="Meunasah gampong", agenda="Verifikasi dan usulan DTKS")
    fields.update(extra)
    return meetings.create_meeting(**fields)


def ready_musdes(world, actor, desa=None) -> Meeting:
    """A musdes with one participant present and one household decided: ready to submit."""
    meeting = new_musdes(world, actor, desa)
    meetings.add_participant(actor=actor, meeting=meeting, name="Teuku Amir", role=ParticipantRole.VILLAGE_HEAD)
    household = world.home if (desa or world.desa_x) == world.desa_x else world.neighbour
    meetings.discuss_household(actor=actor, meeting=meeting, household=household, decision=ProposalKind.ADD,
                               reason="Kepala keluarga kehilangan pekerjaan")
    return meeting


def entries(meeting: Meeting):
    return AuditEntry.objects.filter(object_type="pillars.meeting", object_id=str(meeting.pk)).order_by("id")


# ------------------------------------------------------------------------------------------------ creating


def test_create_musdes_on_a_desa_is_recorded_and_audited(world, personas):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    assert meeting.state == MeetingState.DRAFT and meeting.created_by == user
    entry = entries(meeting).get()
    assert entry.action == Action.CREATE and entry.area_code == world.desa_x.code and entry.source == "pillars"
    assert entry.changes["kind"] == [None, "musdes"]


def test_musdes_on_a_kecamatan_is_refused(world, personas):
    with pytest.raises(ValidationError) as exc:
        meetings.create_meeting(actor=personas["kecamatan_tksk"], kind=MeetingKind.MUSDES, title="Musdes",
                                area=Area.objects.get(code="11.06.07"), held_on=HELD_ON)
    assert "desa/kelurahan" in " ".join(exc.value.messages)
    assert not Meeting.objects.exists()


def test_rakor_and_bimtek_on_any_area_in_scope(world, personas):
    kecamatan = Area.objects.get(code="11.06.07")
    rakor = meetings.create_meeting(actor=personas["kecamatan_tksk"], kind=MeetingKind.RAKOR, title="Rakor pilar",
                                    area=kecamatan, held_on=HELD_ON)
    bimtek = meetings.create_meeting(actor=personas["kab_operator"], kind=MeetingKind.BIMTEK, title="Bimtek",
                                     area=Area.objects.get(code="11.06"), held_on=HELD_ON)
    assert (rakor.area_id, bimtek.area_id) == ("11.06.07", "11.06")


def test_create_needs_add_meeting_over_the_area(world, personas):
    with pytest.raises(PermissionDenied):
        new_musdes(world, personas["psm"], desa=world.desa_y)  # PSM of desa X only
    with pytest.raises(PermissionDenied):
        new_musdes(world, personas["slrt_desk"])  # sees the registry, records no meetings
    with pytest.raises(ValidationError):
        new_musdes(world, personas["psm"], kind="arisan")
    with pytest.raises(ValidationError):
        new_musdes(world, personas["psm"], title="  ")
    assert new_musdes(world, None).created_by is None  # the system is trusted


# -------------------------------------------------------------------------------------------- participants


def test_worker_participant_copies_name_type_and_area(world, personas, workers):
    meeting = new_musdes(world, personas["pkh_facilitator"], desa=world.desa_y)
    p = meetings.add_participant(actor=personas["pkh_facilitator"], meeting=meeting, worker=workers.pkh,
                                 name="ignored")
    assert (p.name, p.pillar_type, p.role, p.attended) == ("Budi PKH", "pendamping-pkh", "pilar", True)
    # Works in desa X (first) and desa Y: at desa Y's musdes they come from desa Y.
    assert p.area_id == world.desa_y.code
    tksk = meetings.add_participant(actor=None, meeting=meeting, worker=workers.tksk)
    assert tksk.area_id == "11.06.07"
    with pytest.raises(ValidationError) as exc:
        meetings.add_participant(actor=None, meeting=meeting, worker=workers.pkh)
    assert "sudah tercatat" in " ".join(exc.value.messages)
    assert meeting.participants.filter(worker=workers.pkh).count() == 1


def test_worker_area_is_the_first_work_area_elsewhere(world, personas, workers):
    rakor = meetings.create_meeting(actor=personas["kab_admin"], kind=MeetingKind.RAKOR, title="Rakor",
                                    area=Area.objects.get(code="11.06.01"), held_on=HELD_ON)
    p = meetings.add_participant(actor=personas["kab_admin"], meeting=rakor, worker=workers.pkh)
    assert p.area_id == world.desa_x.code


def test_named_participant(world, personas):
    meeting = new_musdes(world, personas["desa_operator"])
    head = meetings.add_participant(actor=personas["desa_operator"], meeting=meeting, name="  Teuku   Amir ",
                                    role=ParticipantRole.VILLAGE_HEAD, attended=False)
    assert (head.name, head.worker_id, head.pillar_type, head.area_id, head.attended) == (
        "Teuku Amir", None, "", world.desa_x.code, False)
    psm = meetings.add_participant(actor=None, meeting=meeting, name="Relawan", pillar_type=PillarType.PSM,
                                   area=Area.objects.get(code="11.06.07"))
    assert (psm.pillar_type, psm.area_id) == ("psm", "11.06.07")
    with pytest.raises(ValidationError):
        meetings.add_participant(actor=None, meeting=meeting, name=" ")
    with pytest.raises(ValidationError):
        meetings.add_participant(actor=None, meeting=meeting, name="X", role="raja")
    with pytest.raises(PermissionDenied):
        meetings.add_participant(actor=personas["opd_api_client"], meeting=meeting, name="Tamu")
    assert any("participant_added" in e.changes for e in entries(meeting))


def test_set_attendance(world, personas):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    a = meetings.add_participant(actor=user, meeting=meeting, name="A")
    b = meetings.add_participant(actor=user, meeting=meeting, name="B")
    meetings.set_attendance(actor=user, meeting=meeting, present_ids={b.pk})
    assert dict(meeting.participants.values_list("name", "attended")) == {"A": False, "B": True}
    count = entries(meeting).count()
    meetings.set_attendance(actor=user, meeting=meeting, present_ids={b.pk})  # nothing changes, nothing written
    assert entries(meeting).count() == count
    other = new_musdes(world, user)
    stranger = meetings.add_participant(actor=user, meeting=other, name="C")
    with pytest.raises(ValidationError):
        meetings.set_attendance(actor=user, meeting=meeting, present_ids={a.pk, stranger.pk})
    assert Participant.objects.get(pk=a.pk).attended is False


def test_invite_covering_workers_of_a_desa(world, personas, workers):
    meeting = new_musdes(world, personas["desa_operator"])
    created = meetings.invite_covering_workers(actor=personas["desa_operator"], meeting=meeting)
    assert {p.worker_id for p in created} == {workers.psm_x.pk, workers.pkh.pk, workers.tksk.pk}
    # Not the PSM of another kecamatan, not an inactive worker.
    assert not meeting.participants.filter(worker__in=[workers.psm_far, workers.inactive]).exists()
    by_worker = {p.worker_id: p for p in meeting.participants.all()}
    assert by_worker[workers.tksk.pk].area_id == "11.06.07"
    assert by_worker[workers.pkh.pk].area_id == world.desa_x.code
    assert all(p.attended and p.role == ParticipantRole.PILLAR for p in by_worker.values())
    assert meetings.invite_covering_workers(actor=personas["desa_operator"], meeting=meeting) == []
    assert meeting.participants.count() == 3


def test_invite_workers_of_a_kecamatan_rakor(world, personas, workers):
    rakor = meetings.create_meeting(actor=personas["kecamatan_tksk"], kind=MeetingKind.RAKOR, title="Rakor",
                                    area=Area.objects.get(code="11.06.07"), held_on=HELD_ON)
    meetings.add_participant(actor=None, meeting=rakor, worker=workers.tksk)
    created = meetings.invite_covering_workers(actor=personas["kecamatan_tksk"], meeting=rakor)
    assert {p.worker_id for p in created} == {workers.psm_x.pk, workers.pkh.pk}
    assert set(rakor.participants.values_list("worker_id", flat=True)) == {
        workers.psm_x.pk, workers.pkh.pk, workers.tksk.pk}


# -------------------------------------------------------------------------------------------- households


def test_discuss_household_rules(world, personas):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    with pytest.raises(ValidationError) as exc:
        meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="tambah", reason="")
    assert "alasan" in " ".join(exc.value.messages).lower()
    with pytest.raises(ValidationError):
        meetings.discuss_household(actor=user, meeting=meeting, household=world.neighbour, decision="tetap",
                                   reason="")  # desa Y's household at desa X's musdes
    with pytest.raises(ValidationError):
        meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="jual", reason="x")
    row = meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="tetap",
                                     reason="")
    again = meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="hapus",
                                       reason="Pindah ke luar kabupaten")
    assert again.pk == row.pk
    assert list(meeting.households.values_list("decision", "reason")) == [("hapus", "Pindah ke luar kabupaten")]
    # The decision is part of the household's history.
    history = AuditEntry.objects.history_of_household(world.home.pk).filter(object_type="pillars.meeting")
    assert history.count() == 2
    count = entries(meeting).count()
    meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="hapus",
                               reason="Pindah ke luar kabupaten")
    assert entries(meeting).count() == count


def test_households_only_at_a_musdes(world, personas):
    rakor = meetings.create_meeting(actor=None, kind=MeetingKind.RAKOR, title="Rakor", area=world.desa_x,
                                    held_on=HELD_ON)
    with pytest.raises(ValidationError):
        meetings.discuss_household(actor=None, meeting=rakor, household=world.home, decision="tetap", reason="")


# ------------------------------------------------------------------------------------------------ actions


def test_actions(world, personas, workers):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    with pytest.raises(ValidationError):
        meetings.add_action(actor=user, meeting=meeting, description="Verifikasi ulang")  # nobody responsible
    with pytest.raises(ValidationError):
        meetings.add_action(actor=user, meeting=meeting, description="Terlambat", owner_name="Sekdes",
                            due_date=HELD_ON - dt.timedelta(days=1))
    action = meetings.add_action(actor=user, meeting=meeting, description="Kunjungi keluarga",
                                 owner=workers.psm_x, owner_name="dropped", due_date=HELD_ON + dt.timedelta(7))
    assert (action.owner, action.owner_name, action.done_at) == (workers.psm_x, "", None)
    with pytest.raises(PermissionDenied):
        meetings.complete_action(actor=personas["slrt_desk"], action=action)
    done = meetings.complete_action(actor=personas["psm"], action=action)  # the owner's own account
    assert done.done_at is not None
    with pytest.raises(ValidationError):
        meetings.complete_action(actor=user, action=action)


def test_action_owner_without_meeting_permission_may_complete_it(world, personas, workers):
    reader = user_with("pemilik", "11.06", scoping.VIEW_REGISTRY)
    worker = make_worker("Fikri Tagana", PillarType.TAGANA, world.desa_x, user=reader)
    meeting = new_musdes(world, personas["desa_operator"])
    action = meetings.add_action(actor=None, meeting=meeting, description="Siaga banjir", owner=worker)
    assert meetings.can_complete_action(reader, action)
    meetings.complete_action(actor=reader, action=action)


# ------------------------------------------------------------------------------------ submission, approval


def test_submit_needs_attendance_and_a_household(world, personas):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    with pytest.raises(ValidationError) as exc:
        meetings.submit_for_approval(actor=user, meeting=meeting)
    assert len(exc.value.messages) == 2
    meetings.add_participant(actor=user, meeting=meeting, name="Absen", attended=False)
    meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="tetap", reason="")
    with pytest.raises(ValidationError):
        meetings.submit_for_approval(actor=user, meeting=meeting)  # nobody attended
    meetings.add_participant(actor=user, meeting=meeting, name="Hadir")
    with pytest.raises(PermissionDenied):
        meetings.submit_for_approval(actor=personas["opd_api_client"], meeting=meeting)
    assert meetings.submit_for_approval(actor=user, meeting=meeting).state == MeetingState.SUBMITTED
    with pytest.raises(ValidationError):
        meetings.submit_for_approval(actor=user, meeting=meeting)


def test_only_a_musdes_is_submitted(world, personas):
    rakor = meetings.create_meeting(actor=None, kind=MeetingKind.RAKOR, title="Rakor", area=world.desa_x,
                                    held_on=HELD_ON)
    meetings.add_participant(actor=None, meeting=rakor, name="A")
    with pytest.raises(ValidationError):
        meetings.submit_for_approval(actor=None, meeting=rakor)


def _assert_frozen(world, user, meeting, words: str):
    participant = meeting.participants.first()
    attempts = [
        lambda: meetings.update_minutes(actor=user, meeting=meeting, notes="diubah"),
        lambda: meetings.add_participant(actor=user, meeting=meeting, name="Terlambat"),
        lambda: meetings.set_attendance(actor=user, meeting=meeting, present_ids=set()),
        lambda: meetings.invite_covering_workers(actor=user, meeting=meeting),
        lambda: meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="tetap",
                                           reason=""),
        lambda: meetings.add_action(actor=user, meeting=meeting, description="X", owner_name="Y"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert words in " ".join(exc.value.messages)
    assert Participant.objects.get(pk=participant.pk).attended is True


def test_submitted_musdes_cannot_be_edited(world, personas):
    user = personas["desa_operator"]
    meeting = ready_musdes(world, user)
    meetings.submit_for_approval(actor=user, meeting=meeting)
    _assert_frozen(world, user, meeting, "sudah diajukan")


def test_approval_by_the_kabupaten_supervisor(world, personas, supervisor):
    user = personas["desa_operator"]
    meeting = ready_musdes(world, user)
    with pytest.raises(ValidationError):
        meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=True)  # still a draft
    meetings.submit_for_approval(actor=user, meeting=meeting)
    # The kabupaten's approvers are told; the creator is not among them.
    assert Notification.objects.filter(user=supervisor, kind="musdes-diajukan").count() == 1
    with pytest.raises(PermissionDenied):
        meetings.decide_meeting(actor=personas["pkh_facilitator"], meeting=meeting, approve=True)
    decided = meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=True, note="Lengkap")
    assert (decided.state, decided.decided_by, decided.decision_note) == (MeetingState.APPROVED, supervisor,
                                                                         "Lengkap")
    assert decided.decided_at is not None
    assert Notification.objects.filter(user=user, kind="musdes-diputuskan").count() == 1
    assert entries(meeting).last().changes["state"] == ["diajukan", "disetujui"]
    _assert_frozen(world, user, meeting, "sudah disetujui")
    with pytest.raises(ValidationError):
        meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=False, note="lagi")
    # Follow-up is carried out after approval.
    action = ActionItem.objects.create(meeting=meeting, description="Serahkan berkas", owner_name="Sekdes")
    meetings.complete_action(actor=user, action=action)


def test_self_approval_is_refused(world, supervisor):
    meeting = ready_musdes(world, supervisor)
    meetings.submit_for_approval(actor=supervisor, meeting=meeting)
    assert not meetings.can_decide(supervisor, meeting)
    with pytest.raises(ValidationError) as exc:
        meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=True)
    assert "orang lain" in " ".join(exc.value.messages)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.SUBMITTED


def test_sent_back_with_a_note_then_fixed_and_resubmitted(world, personas, supervisor):
    user = personas["desa_operator"]
    meeting = ready_musdes(world, user)
    meetings.submit_for_approval(actor=user, meeting=meeting)
    with pytest.raises(ValidationError):
        meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=False, note=" ")
    meetings.decide_meeting(actor=supervisor, meeting=meeting, approve=False, note="Lengkapi alasan")
    meeting.refresh_from_db()
    assert (meeting.state, meeting.decision_note) == (MeetingState.REJECTED, "Lengkapi alasan")
    meetings.update_minutes(actor=user, meeting=meeting, notes="Alasan dilengkapi", agenda="Usulan DTKS")
    assert meetings.submit_for_approval(actor=user, meeting=meeting).state == MeetingState.SUBMITTED


def test_update_minutes(world, personas):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user)
    meetings.update_minutes(actor=user, meeting=meeting, notes="Disepakati 3 usulan")
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.agenda) == ("Disepakati 3 usulan", "Verifikasi dan usulan DTKS")
    count = entries(meeting).count()
    meetings.update_minutes(actor=user, meeting=meeting, notes="Disepakati 3 usulan")
    assert entries(meeting).count() == count
    with pytest.raises(PermissionDenied):
        meetings.update_minutes(actor=personas["kecamatan_tksk"], meeting=new_musdes(world, None,
                                                                                      desa=world.desa_other_kec),
                                notes="x")


# --------------------------------------------------------------------------------------------- berita acara


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))


def test_berita_acara_pdf(world, personas, workers, client_for):
    user = personas["desa_operator"]
    meeting = new_musdes(world, user, place="Meunasah Lampeuneurut")
    meetings.invite_covering_workers(actor=user, meeting=meeting)
    meetings.add_participant(actor=user, meeting=meeting, name="Teuku Amir", role=ParticipantRole.VILLAGE_HEAD)
    absent = meetings.add_participant(actor=user, meeting=meeting, name="Warga Absen",
                                      role=ParticipantRole.COMMUNITY)
    present = set(meeting.participants.values_list("pk", flat=True)) - {absent.pk}
    meetings.set_attendance(actor=user, meeting=meeting, present_ids=present)
    meetings.discuss_household(actor=user, meeting=meeting, household=world.home, decision="perbaiki",
                               reason="Alamat & pekerjaan berubah")
    meetings.update_minutes(actor=user, meeting=meeting, notes="Musyawarah menyepakati satu usulan perbaikan.")
    meetings.add_action(actor=user, meeting=meeting, description="Antar berkas ke Dinsos", owner=workers.tksk,
                        due_date=dt.date(2026, 12, 1))

    response = client_for(personas["psm"]).get(reverse("pillars:meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for snippet in [
        "DINAS SOSIAL KABUPATEN ACEH BESAR", f"PEMERINTAH DESA {world.desa_x.name.upper()}",
        "BERITA ACARA MUSYAWARAH DESA/KELURAHAN", f"Nomor: {meeting.pk}/BA-MUSDES/2026",
        "Pada hari Rabu tanggal 25 November 2026", "Meunasah Lampeuneurut", "Verifikasi dan usulan DTKS",
        "Daftar hadir", "Ayu PSM", "Budi PKH", "Cut TKSK", "Teuku Amir", "Warga Absen", "Tidak hadir",
        "Hadir 4 dari 5 peserta", "Keluarga yang dibahas", world.head.name, mask_nik(world.home.no_kk),
        mask_nik(world.head.nik), "Usulan perbaikan", "Alamat & pekerjaan berubah",
        "Musyawarah menyepakati satu usulan perbaikan.", "Antar berkas ke Dinsos", "01/12/2026",
        f"Kepala Desa {world.desa_x.name}", "Ketua/Perwakilan BPD", "(perwakilan pilar sosial)",
    ]:
        assert snippet in text, snippet
    assert world.home.no_kk not in text and world.head.nik not in text
    entry = AuditEntry.objects.filter(action=Action.EXPORT, object_type="pillars.meeting").get()
    assert entry.changes["persons"] == [str(world.head.pk)] and entry.area_code == world.desa_x.code
    assert entry.actor == personas["psm"]


def test_berita_acara_of_a_rakor(world, personas, client_for):
    rakor = meetings.create_meeting(actor=personas["kab_admin"], kind=MeetingKind.RAKOR, title="Rakor pilar",
                                    area=Area.objects.get(code="11.06"), held_on=dt.date(2026, 11, 27))
    text = pdf_text(client_for(personas["kab_admin"]).get(
        reverse("pillars:meeting_minutes_pdf", args=[rakor.pk])).content)
    for snippet in ["BERITA ACARA RAPAT KOORDINASI", "Pada hari Jumat tanggal 27 November 2026",
                    "Pimpinan rapat", "Notulis", "Tidak ada data."]:
        assert snippet in text, snippet
    assert "Keluarga yang dibahas" not in text


def test_dates_in_words():
    assert meetings.day_in_words(dt.date(2026, 8, 17)) == "hari Senin tanggal 17 Agustus 2026"
    assert meetings.date_in_words(dt.date(2027, 1, 3)) == "3 Januari 2027"


# ---------------------------------------------------------------------------------------- DTKS proposal


@dataclass
class Proposals:
    approved: Meeting
    pending: Meeting
    add: object
    remove: object
    correct: object


@pytest.fixture
def proposals(world, personas, supervisor):
    """An approved musdes of desa X (tambah, hapus, perbaiki, tetap) and a submitted one of desa Y."""
    def household(serial, name):
        h, (head, *_r) = make_household(
            world.desa_x, no_kk=make_kk(kecamatan_code="11.06.07", issued=dt.date(2016, 1, 4), serial=serial),
            address=f"Dusun {serial}",
            members=[dict(nik=make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1970, 1, serial), sex="L",
                                       serial=serial), name=name, sex="L", relation="1")])
        return h

    remove = household(11, "Usman Ali")
    correct = household(12, "=HYPERLINK(\"http://x\",\"klik\")")
    keep = household(13, "Tetap Saja")
    user = personas["desa_operator"]
    approved = new_musdes(world, user)
    meetings.add_participant(actor=user, meeting=approved, name="Teuku Amir")
    for h, decision, reason in [(world.home, "tambah", "Kehilangan pekerjaan"),
                                (remove, "hapus", "Meninggal dunia"), (correct, "perbaiki", "Alamat salah"),
                                (keep, "tetap", "")]:
        meetings.discuss_household(actor=user, meeting=approved, household=h, decision=decision, reason=reason)
    meetings.submit_for_approval(actor=user, meeting=approved)
    meetings.decide_meeting(actor=supervisor, meeting=approved, approve=True)
    pending = ready_musdes(world, personas["pkh_facilitator"], desa=world.desa_y)
    meetings.submit_for_approval(actor=personas["pkh_facilitator"], meeting=pending)
    return Proposals(approved, pending, world.home, remove, correct)


def xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_proposal_xlsx(world, personas, proposals, client_for):
    response = client_for(personas["kab_operator"]).get(reverse("pillars:dtks_proposal", args=["xlsx"]),
                                                        {"wilayah": "11.06"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="usulan-dtks-11.06-')
    sheet, rows = xlsx_rows(response.content)
    assert rows[0] == proposal.PROPOSAL_COLUMNS == [
        "NO", "JENIS USULAN", "KODE PROVINSI", "PROVINSI", "KODE KABUPATEN", "KABUPATEN", "KODE KECAMATAN",
        "KECAMATAN", "KODE DESA", "DESA", "NO KK", "NIK", "NAMA KEPALA KELUARGA", "ALAMAT", "RT", "RW", "ALASAN",
        "NOMOR BERITA ACARA", "TANGGAL MUSYAWARAH"]
    data = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["JENIS USULAN"] for r in data] == ["BARU", "HAPUS", "PERBAIKAN"]  # not tetap, not desa Y's
    first = data[0]
    assert first["NIK"] == world.head.nik and re.fullmatch(r"\d{16}", first["NIK"])
    assert first["NO KK"] == world.home.no_kk
    assert (first["KODE PROVINSI"], first["PROVINSI"], first["KODE KABUPATEN"], first["KODE KECAMATAN"],
            first["KODE DESA"], first["DESA"]) == ("11", "Aceh", "11.06", "11.06.07", world.desa_x.code,
                                                   world.desa_x.name)
    assert (first["NAMA KEPALA KELUARGA"], first["ALAMAT"], first["RT"], first["RW"], first["ALASAN"]) == (
        world.head.name, "Dusun Mesjid", "001", "002", "Kehilangan pekerjaan")
    assert first["NOMOR BERITA ACARA"] == f"{proposals.approved.pk}/BA-MUSDES/2026"
    assert first["TANGGAL MUSYAWARAH"] == "25/11/2026"
    assert data[2]["NAMA KEPALA KELUARGA"].startswith("'=HYPERLINK")
    nik_cell = sheet.cell(row=2, column=12)
    assert nik_cell.data_type == "s" and nik_cell.number_format == "@" and len(nik_cell.value) == 16
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="pillars.meetinghousehold")
    heads = [h.members.get(relation="1").pk for h in (proposals.add, proposals.remove, proposals.correct)]
    assert entry.changes["persons"] == [str(i) for i in heads]
    assert entry.changes["nik_unmasked"] is True and entry.area_code == "11.06"
    assert entry.changes["meetings"] == [str(proposals.approved.pk)]


def test_proposal_csv_and_kecamatan_and_since(world, personas, proposals, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:dtks_proposal", args=["csv"])
    response = client.get(url, {"wilayah": "11.06.07"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == proposal.PROPOSAL_COLUMNS
    assert [line[1] for line in lines[1:]] == ["BARU", "HAPUS", "PERBAIKAN"]
    assert lines[1][11] == world.head.nik
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    later = list(csv.reader(io.StringIO(b"".join(client.get(url, {
        "wilayah": "11.06.07", "sejak": f"{tomorrow:%d/%m/%Y}"}).streaming_content).decode().lstrip("\ufeff")),
        delimiter=";"))
    assert later == [proposal.PROPOSAL_COLUMNS]  # approved today: nothing since tomorrow, and nothing to mask
    assert client.get(url, {"wilayah": "11.06.07", "sejak": "31/02/2026"}).status_code == 404
    # Another kecamatan has no approved musdes: only the header.
    other = b"".join(client.get(url, {"wilayah": "11.06.01"}).streaming_content).decode().lstrip("\ufeff")
    assert other.strip().splitlines() == [";".join(proposal.PROPOSAL_COLUMNS)]
    today = list(csv.reader(io.StringIO(b"".join(client.get(url, {
        "wilayah": "11.06.07", "sejak": f"{timezone.localdate():%d/%m/%Y}"}).streaming_content).decode()
        .lstrip("\ufeff")), delimiter=";"))
    assert len(today) == 4


def test_proposal_masks_without_reveal_and_says_so(world, proposals, client_for):
    exporter = user_with("pengekspor", "11.06", scoping.VIEW_REGISTRY, scoping.EXPORT_REGISTRY)
    response = client_for(exporter).get(reverse("pillars:dtks_proposal", args=["xlsx"]), {"wilayah": "11.06"})
    _sheet, rows = xlsx_rows(response.content)
    assert rows[0][0] == proposal.MASKED_NOTE
    assert rows[1] == proposal.PROPOSAL_COLUMNS
    assert rows[2][11] == mask_nik(world.head.nik) and rows[2][10] == mask_nik(world.home.no_kk)
    assert world.head.nik not in str(rows)


def test_proposal_scope(world, personas, proposals, client_for):
    url = reverse("pillars:dtks_proposal", args=["xlsx"])
    operator = client_for(personas["kab_operator"])
    assert operator.get(url, {"wilayah": "32.12"}).status_code == 404  # another kabupaten
    assert operator.get(url, {"wilayah": "99.99"}).status_code == 404
    assert operator.get(url, {"wilayah": world.desa_x.code}).status_code == 404  # a desa is not offered
    assert operator.get(reverse("pillars:dtks_proposal", args=["pdf"]), {"wilayah": "11.06"}).status_code == 404
    assert operator.get(url).status_code == 200  # their own kabupaten by default
    for persona in ["kecamatan_tksk", "psm", "desa_operator", "slrt_desk", "no_assignment"]:
        assert client_for(personas[persona]).get(url, {"wilayah": "11.06"}).status_code == 404, persona
    assert client_for(personas["province_admin"]).get(url, {"wilayah": "11.06"}).status_code == 200


# -------------------------------------------------------------------------------------- attendance report


def _meeting(kind, area_code, held_on=HELD_ON) -> Meeting:
    return meetings.create_meeting(actor=None, kind=kind, title=f"{kind} {area_code}",
                                   area=Area.objects.get(code=area_code), held_on=held_on)


@pytest.fixture
def trainings(world, workers):
    """Three bimtek in two kecamatan (and the kabupaten), a rakor and a bimtek of last year that do not count.

    Present, by type and kecamatan of origin: PSM 2 in Darul Imarah (11.06.07) and 2 in Lhoong (11.06.01);
    TKSK 1 in 11.06.07; Pendamping PKH 2 in 11.06.07; a village head 1 in 11.06.07. Total 8."""
    add = meetings.add_participant
    b1 = _meeting(MeetingKind.BIMTEK, "11.06.07")
    add(actor=None, meeting=b1, worker=workers.psm_x)
    add(actor=None, meeting=b1, worker=workers.tksk)
    add(actor=None, meeting=b1, worker=workers.pkh)
    add(actor=None, meeting=b1, name="Keuchik", role=ParticipantRole.VILLAGE_HEAD, area=world.desa_x)
    add(actor=None, meeting=b1, name="Tidak Datang", pillar_type=PillarType.PSM, attended=False)
    b2 = _meeting(MeetingKind.BIMTEK, "11.06")
    add(actor=None, meeting=b2, worker=workers.psm_far)
    add(actor=None, meeting=b2, name="PSM Baru", pillar_type=PillarType.PSM, area=Area.objects.get(code="11.06.01"))
    add(actor=None, meeting=b2, worker=workers.psm_x)
    b3 = _meeting(MeetingKind.BIMTEK, "11.06.01")
    add(actor=None, meeting=b3, worker=workers.pkh)
    rakor = _meeting(MeetingKind.RAKOR, "11.06.07")
    add(actor=None, meeting=rakor, worker=workers.psm_x)
    add(actor=None, meeting=rakor, worker=workers.tksk)
    old = _meeting(MeetingKind.BIMTEK, "11.06.07", held_on=dt.date(2025, 6, 1))
    add(actor=None, meeting=old, worker=workers.tksk)
    return [b1, b2, b3]


RANGE = {"dari": "01/01/2026", "sampai": "31/12/2026"}


def test_attendance_report_totals(world, personas, trainings):
    report = meetings.attendance_report(personas["kab_admin"], since=dt.date(2026, 1, 1),
                                        until=dt.date(2026, 12, 31))
    assert [code for code, _label in report.columns] == ["11.06.01", "11.06.07"]
    assert [label for _code, label in report.columns] == ["Lhoong", "Darul Imarah"]
    assert report.rows == [
        ("Pendamping PKH", [0, 2], 2),
        ("TKSK", [0, 1], 1),
        ("PSM", [2, 2], 4),
        ("Kepala desa/lurah", [0, 1], 1),
    ]
    assert (report.column_totals, report.total) == ([2, 6], 8)
    rakor = meetings.attendance_report(personas["kab_admin"], since=dt.date(2026, 1, 1),
                                       until=dt.date(2026, 12, 31), kind=MeetingKind.RAKOR)
    assert rakor.total == 2
    province = meetings.attendance_report(personas["province_admin"], since=dt.date(2026, 1, 1),
                                          until=dt.date(2026, 12, 31))
    assert (province.columns, province.total) == ([("11.06", "Kabupaten Aceh Besar")], 8)
    # The TKSK sees the meetings held in their kecamatan (b1), not the kabupaten's or Lhoong's.
    tksk = meetings.attendance_report(personas["kecamatan_tksk"], since=dt.date(2026, 1, 1),
                                      until=dt.date(2026, 12, 31))
    assert tksk.total == 4
    assert meetings.attendance_report(personas["psm"], since=dt.date(2026, 1, 1),
                                      until=dt.date(2026, 12, 31)).total == 0


def test_attendance_report_page_and_xlsx(world, personas, trainings, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:attendance_report")
    page = client.get(url, RANGE)
    assert page.status_code == 200
    assert page.context["report"].total == 8
    assert "Darul Imarah" in page.content.decode()
    response = client.get(url, {**RANGE, "format": "xlsx"})
    assert response.status_code == 200
    _sheet, rows = xlsx_rows(response.content)
    assert rows[2] == ["Jenis peserta", "Lhoong", "Darul Imarah", "Jumlah"]
    assert rows[-1] == ["Jumlah", 2, 6, 8]
    assert ["PSM", 2, 2, 4] in rows
    assert client.get(url, {"dari": "31/12/2026", "sampai": "01/01/2026"}).context.get("report") is None
    assert client.get(url, {"format": "pdf"}).status_code == 404
    assert client_for(personas["no_assignment"]).get(url).status_code == 404


def test_attendance_report_defaults_to_this_year_and_bimtek(world, personas, workers, client_for):
    today = timezone.localdate()
    this_year = _meeting(MeetingKind.BIMTEK, "11.06.07", held_on=today)
    meetings.add_participant(actor=None, meeting=this_year, worker=workers.tksk)
    last_year = _meeting(MeetingKind.BIMTEK, "11.06.07", held_on=dt.date(today.year - 1, 12, 31))
    meetings.add_participant(actor=None, meeting=last_year, worker=workers.psm_x)
    report = client_for(personas["kab_admin"]).get(reverse("pillars:attendance_report")).context["report"]
    assert (report.kind, report.since, report.total) == ("bimtek", dt.date(today.year, 1, 1), 1)


def test_attendance_report_query_count_is_constant(world, personas, workers, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:attendance_report")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, RANGE)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.context["report"].total

    few = _meeting(MeetingKind.BIMTEK, "11.06.07")
    meetings.add_participant(actor=None, meeting=few, worker=workers.psm_x)
    small, total = count()
    assert total == 1
    for i in range(12):
        meeting = _meeting(MeetingKind.BIMTEK, "11.06.01" if i % 2 else "11.06.07")
        for worker in (workers.psm_x, workers.tksk, workers.pkh, workers.psm_far):
            meetings.add_participant(actor=None, meeting=meeting, worker=worker)
        meetings.add_participant(actor=None, meeting=meeting, name=f"Kades {i}", role=ParticipantRole.VILLAGE_HEAD)
    large, total = count()
    assert total == 61
    assert small == large


# ------------------------------------------------------------------------------------------------- pages


def test_psm_cannot_see_another_desa_musdes(world, personas, client_for):
    desa_y = new_musdes(world, personas["pkh_facilitator"], desa=world.desa_y)
    desa_x = new_musdes(world, personas["pkh_facilitator"])
    psm = client_for(personas["psm"])
    assert psm.get(reverse("pillars:meeting", args=[desa_y.pk])).status_code == 404
    assert psm.get(reverse("pillars:meeting_minutes_pdf", args=[desa_y.pk])).status_code == 404
    assert psm.post(reverse("pillars:meeting_minutes", args=[desa_y.pk]), {"notes": "x"}).status_code == 404
    assert psm.get(reverse("pillars:meeting", args=[desa_x.pk])).status_code == 200
    assert psm.get(reverse("pillars:meeting", args=[999999])).status_code == 404
    pkh = client_for(personas["pkh_facilitator"])
    assert pkh.get(reverse("pillars:meeting", args=[desa_y.pk])).status_code == 200
    listed = psm.get(reverse("pillars:meetings")).context["page"]
    assert [m.pk for m in listed] == [desa_x.pk]


def test_reader_without_add_meeting_sees_but_cannot_write(world, personas, client_for):
    meeting = new_musdes(world, personas["desa_operator"])
    opd = client_for(personas["opd_api_client"])
    page = opd.get(reverse("pillars:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert page.context["minutes_form"] is None and page.context["participant_form"] is None
    assert "Catat pertemuan" not in opd.get(reverse("pillars:meetings")).content.decode()
    for name in ["meeting_minutes", "meeting_participants", "meeting_attendance", "meeting_household",
                 "meeting_action", "meeting_submit", "meeting_decide"]:
        assert opd.post(reverse(f"pillars:{name}", args=[meeting.pk]), {}).status_code == 404, name
    assert opd.get(reverse("pillars:meeting_new")).status_code == 404


def test_record_a_musdes_through_the_pages(world, personas, workers, supervisor, client_for):
    user = personas["desa_operator"]
    client = client_for(user)
    form_page = client.get(reverse("pillars:meeting_new"))
    assert [code for code, _label in form_page.context["form"].fields["area"].choices] == [world.desa_x.code]
    response = client.post(reverse("pillars:meeting_new"), {
        "kind": "musdes", "title": "Musdes November", "area": world.desa_x.code, "held_on": "25/11/2026",
        "place": "Balai desa", "agenda": "Usulan DTKS"})
    meeting = Meeting.objects.get(title="Musdes November")
    assert response.status_code == 302 and response["Location"] == reverse("pillars:meeting", args=[meeting.pk])
    assert meeting.held_on == HELD_ON and meeting.created_by == user

    def post(name, data, args=None):
        result = client.post(reverse(f"pillars:{name}", args=args or [meeting.pk]), data)
        assert result.status_code == 302, name
        return result

    post("meeting_participants", {"invite": "1"})
    assert meeting.participants.count() == 3
    post("meeting_participants", {"name": "Teuku Amir", "role": "kepala-desa", "attended": "on"})
    post("meeting_participants", {"name": "", "role": "pilar"})  # neither worker nor name: a message
    assert meeting.participants.count() == 4
    amir = meeting.participants.get(name="Teuku Amir")
    tksk = meeting.participants.get(worker=workers.tksk)
    post("meeting_attendance", {"present": [amir.pk, tksk.pk]})
    assert meeting.participants.filter(attended=True).count() == 2
    post("meeting_household", {"nomor": world.head.nik, "decision": "tambah", "reason": "Sakit menahun"})
    post("meeting_household", {"nomor": "1106070000000000", "decision": "tetap"})  # unknown: a message
    post("meeting_household", {"nomor": world.neighbour.no_kk, "decision": "tetap"})  # desa Y's: not found here
    assert list(meeting.households.values_list("household_id", "decision")) == [(world.home.pk, "tambah")]
    post("meeting_household", {"household": world.home.pk, "decision": "perbaiki", "reason": "NIK salah"})
    assert meeting.households.get().decision == "perbaiki"
    post("meeting_minutes", {"agenda": "Usulan DTKS", "notes": "Disepakati"})
    post("meeting_action", {"description": "Antar berkas", "owner": workers.tksk.pk, "due_date": "30/11/2026"})
    action = meeting.actions.get()
    detail = client.get(reverse("pillars:meeting", args=[meeting.pk]))
    assert detail.status_code == 200 and detail.context["can_submit"] and detail.context["decide_form"] is None
    body = detail.content.decode()
    assert "Undang semua petugas pilar di wilayah ini" in body and mask_nik(world.home.no_kk) in body
    assert world.home.no_kk not in body
    post("meeting_submit", {})
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SUBMITTED
    messages_before = Participant.objects.count()
    response = client.post(reverse("pillars:meeting_participants", args=[meeting.pk]), {"name": "Terlambat",
                                                                                 "role": "masyarakat"},
                           follow=True)
    assert response.status_code == 200 and "sudah diajukan" in response.content.decode()
    assert Participant.objects.count() == messages_before

    approver = client_for(supervisor)
    assert approver.get(reverse("pillars:meeting", args=[meeting.pk])).context["decide_form"] is not None
    waiting = approver.get(reverse("pillars:meetings"), {"menunggu": "on"}).context["page"]
    assert [m.pk for m in waiting] == [meeting.pk]
    response = approver.post(reverse("pillars:meeting_decide", args=[meeting.pk]), {"decision": "kembalikan"},
                             follow=True)
    assert "perlu diperbaiki" in response.content.decode()
    approver.post(reverse("pillars:meeting_decide", args=[meeting.pk]), {"decision": "setujui"})
    meeting.refresh_from_db()
    assert (meeting.state, meeting.decided_by) == (MeetingState.APPROVED, supervisor)
    client.post(reverse("pillars:meeting_action_done", args=[action.pk]))
    assert ActionItem.objects.get(pk=action.pk).done_at is not None
    assert client.post(reverse("pillars:meeting_action_done", args=[action.pk]), follow=True).status_code == 200
    # The detail page logged whose household data it showed.
    views = AuditEntry.objects.filter(action=Action.VIEW, object_type="pillars.meeting", actor=user)
    assert views.exists() and views.first().changes["persons"] == [str(world.head.pk)]


def test_new_meeting_form_areas_and_errors(world, personas, client_for):
    client = client_for(personas["kecamatan_tksk"])
    choices = [code for code, _label in client.get(reverse("pillars:meeting_new")).context["form"]
               .fields["area"].choices]
    assert choices[0] == "11.06.07" and world.desa_x.code in choices and world.desa_y.code in choices
    assert world.desa_other_kec.code not in choices
    response = client.post(reverse("pillars:meeting_new"), {
        "kind": "musdes", "title": "Musdes kecamatan", "area": "11.06.07", "held_on": "25/11/2026"})
    assert response.status_code == 200
    assert "desa/kelurahan" in " ".join(response.context["form"].errors["area"])
    response = client.post(reverse("pillars:meeting_new"), {
        "kind": "musdes", "title": "Musdes", "area": world.desa_other_kec.code, "held_on": "25/11/2026"})
    assert response.status_code == 200 and "area" in response.context["form"].errors
    assert not Meeting.objects.exists()
    kab = client_for(personas["kab_operator"]).get(reverse("pillars:meeting_new")).context["form"]
    assert [c for c, _l in kab.fields["area"].choices] == ["11.06", "11.06.01", "11.06.07"]


def test_list_filters_and_links(world, personas, supervisor, client_for):
    musdes = ready_musdes(world, personas["desa_operator"])
    meetings.submit_for_approval(actor=personas["desa_operator"], meeting=musdes)
    rakor = _meeting(MeetingKind.RAKOR, "11.06.07", held_on=HELD_ON + dt.timedelta(days=1))
    client = client_for(personas["kab_admin"])
    page = client.get(reverse("pillars:meetings"))
    assert [m.pk for m in page.context["page"]] == [rakor.pk, musdes.pk]  # newest first
    assert "Catat pertemuan" in page.content.decode() and "Menunggu persetujuan" in page.content.decode()
    assert [m.pk for m in client.get(reverse("pillars:meetings"), {"jenis": "rakor"}).context["page"]] == [
        rakor.pk]
    assert [m.pk for m in client.get(reverse("pillars:meetings"), {"status": "diajukan"}).context["page"]] == [
        musdes.pk]
    assert [m.pk for m in client.get(reverse("pillars:meetings"), {"jenis": "nonsense"}).context["page"]] == [
        rakor.pk, musdes.pk]
    psm = client_for(personas["psm"]).get(reverse("pillars:meetings")).content.decode()
    assert "Catat pertemuan" in psm and "Menunggu persetujuan" not in psm
    assert client_for(personas["no_assignment"]).get(reverse("pillars:meetings")).status_code == 200


def test_list_query_count_is_constant(world, personas, workers, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:meetings")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"])

    for i in range(2):
        meeting = _meeting(MeetingKind.BIMTEK, "11.06.07", held_on=HELD_ON - dt.timedelta(days=i))
        meetings.add_participant(actor=None, meeting=meeting, worker=workers.psm_x)
    small, shown = count()
    assert shown == 2
    for i in range(2, 25):
        meeting = _meeting(MeetingKind.MUSDES if i % 2 else MeetingKind.RAKOR,
                           world.desa_x.code if i % 2 else "11.06.07", held_on=HELD_ON - dt.timedelta(days=i))
        meetings.invite_covering_workers(actor=None, meeting=meeting)
    large, shown = count()
    assert shown == 25
    assert small == large
