"""Meetings: the musyawarah desa/kelurahan (musdes) whose household decisions go to the kabupaten for approval
and then into the DTKS proposal (``proposal.py``), coordination meetings (rakor) and trainings (bimtek) with
their attendance and follow-up actions, the berita acara and the attendance report.

Every write is one of the operations below: keyword-only, validated, one transaction, one audit entry on the
meeting (``source="pillars"``, the meeting's area as ``area_code``). A decision about a household also carries
the household's id, so it appears in that household's history. A system actor (``actor=None``) is trusted; a
person must hold ``pillars.add_meeting`` over the meeting's area to record it, and ``pillars.approve_meeting``
over it to decide a musdes, which someone other than its creator does.

A musdes sent to the kabupaten (diajukan) or approved (disetujui) is frozen: its minutes, participants,
attendance, households and actions cannot change until the kabupaten sends it back (dikembalikan). Marking a
follow-up action done is not an edit of the minutes: it stays possible after approval, which is when most
actions are carried out. Rakor and bimtek have no approval and stay editable.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, level_of, subtree_q
from sinergi.audit.log import diff, record
from sinergi.audit.models import Action
from sinergi.core import pdf
from sinergi.core.nik import mask_nik
from sinergi.notifications.operations import notify
from sinergi.registry.codes import Relation
from sinergi.registry.export import neutralise
from sinergi.registry.models import Household, Person

from . import coverage
from .models import (
    APPROVE_MEETINGS,
    RECORD_MEETINGS,
    ActionItem,
    Meeting,
    MeetingHousehold,
    MeetingKind,
    MeetingState,
    Participant,
    ParticipantRole,
    PillarType,
    PillarWorker,
    ProposalKind,
    WorkArea,
)

SOURCE = "pillars"
# The decisions that change the DTKS, hence go into the proposal and need a reason.
PROPOSING = (ProposalKind.ADD, ProposalKind.REMOVE, ProposalKind.CORRECT)


# ------------------------------------------------------------------------------------------ who may do what


def can_record(user, meeting: Meeting) -> bool:
    return scoping.has_perm_for(user, RECORD_MEETINGS, meeting.area_id)


def is_frozen(meeting: Meeting) -> bool:
    """A musdes waiting for, or having received, the kabupaten's approval."""
    return meeting.kind == MeetingKind.MUSDES and meeting.state in (MeetingState.SUBMITTED, MeetingState.APPROVED)


def can_edit(user, meeting: Meeting) -> bool:
    return not is_frozen(meeting) and can_record(user, meeting)


def can_submit(user, meeting: Meeting) -> bool:
    return (meeting.kind == MeetingKind.MUSDES and meeting.state in (MeetingState.DRAFT, MeetingState.REJECTED)
            and can_record(user, meeting))


def can_decide(user, meeting: Meeting) -> bool:
    return (meeting.kind == MeetingKind.MUSDES and meeting.state == MeetingState.SUBMITTED
            and user is not None and meeting.created_by_id != user.pk
            and scoping.has_perm_for(user, APPROVE_MEETINGS, meeting.area_id))


def may_complete_action(user, action: ActionItem) -> bool:
    """Who records the meeting, or the person whose worker record owns the action (done or not)."""
    if user is None or not user.is_authenticated:
        return False
    if action.owner_id is not None and action.owner.user_id == user.pk:
        return True
    return can_record(user, action.meeting)


def can_complete_action(user, action: ActionItem) -> bool:
    return action.done_at is None and may_complete_action(user, action)


def _person(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _require_record(actor, meeting: Meeting) -> None:
    if actor is not None and not can_record(actor, meeting):
        raise PermissionDenied(_("Anda tidak berwenang mencatat pertemuan di wilayah ini."))


def _require_editable(actor, meeting: Meeting) -> None:
    _require_record(actor, meeting)
    if meeting.kind == MeetingKind.MUSDES and meeting.state == MeetingState.SUBMITTED:
        raise ValidationError(_("Musyawarah ini sudah diajukan ke kabupaten; tidak dapat diubah kecuali "
                                "dikembalikan."))
    if meeting.kind == MeetingKind.MUSDES and meeting.state == MeetingState.APPROVED:
        raise ValidationError(_("Musyawarah ini sudah disetujui; tidak dapat diubah lagi."))


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as stored, locked until the transaction ends: two people submitting, deciding or editing at
    once are serialised, and the second one sees the first one's state."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _audit(actor, meeting: Meeting, action: str, changes: dict, household_id: int | None = None) -> None:
    record(actor=actor, action=action, obj=meeting, household_id=household_id, area_code=meeting.area_id,
           source=SOURCE, changes=changes)


def meeting_url(meeting: Meeting) -> str:
    return reverse("pillars:meeting", args=[meeting.pk])


# --------------------------------------------------------------------------------------------- operations


@transaction.atomic
def create_meeting(*, actor, kind: str, title: str, area: Area, held_on: datetime.date, place: str = "",
                   agenda: str = "") -> Meeting:
    """Record a meeting. A musdes is held in one desa/kelurahan; a rakor or bimtek in any area (the kecamatan,
    kabupaten or province that held it)."""
    if not isinstance(area, Area):
        area = Area.objects.filter(code=str(area)).first()
        if area is None:
            raise ValidationError({"area": _("Wilayah tidak dikenal.")})
    if actor is not None and not scoping.has_perm_for(actor, RECORD_MEETINGS, area.code):
        raise PermissionDenied(_("Anda tidak berwenang mencatat pertemuan di wilayah ini."))
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Pilih jenis pertemuan.")})
    if kind == MeetingKind.MUSDES and area.level != Level.VILLAGE:
        raise ValidationError({"area": _("Musyawarah desa/kelurahan harus diadakan di satu desa/kelurahan, "
                                         "bukan di kecamatan atau wilayah lain.")})
    meeting = Meeting(kind=kind, title=(title or "").strip(), area=area, held_on=held_on,
                      place=(place or "").strip(), agenda=(agenda or "").strip(), created_by=_person(actor))
    # created_by is empty for the system (``null`` without ``blank`` on the model).
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    _audit(actor, meeting, Action.CREATE, diff({}, {"kind": kind, "title": meeting.title, "area_id": area.code,
                                                    "held_on": held_on, "place": meeting.place,
                                                    "agenda": meeting.agenda}))
    return meeting


@transaction.atomic
def update_minutes(*, actor, meeting: Meeting, notes: str, agenda: str | None = None) -> Meeting:
    """Write the minutes (notulen: what was discussed and decided), and the agenda when given. The same text
    again writes nothing."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    before = {"notes": meeting.notes, "agenda": meeting.agenda}
    meeting.notes = (notes or "").strip()
    if agenda is not None:
        meeting.agenda = agenda.strip()
    changes = diff(before, {"notes": meeting.notes, "agenda": meeting.agenda})
    if not changes:
        return meeting
    meeting.full_clean(exclude=["created_by"])
    meeting.save(update_fields=["notes", "agenda"])
    _audit(actor, meeting, Action.UPDATE, changes)
    return meeting


def _origin(worker: PillarWorker, within: str) -> str:
    """Where a worker comes from, for attendance by area: their first work area (first recorded), preferring
    one inside the meeting's area (a PSM of two desa at one desa's musdes comes from that desa); a worker
    without work areas comes from the kabupaten that manages them. Reads ``worker.work_areas.all()``, so a
    prefetch in pk order costs no query."""
    areas = sorted(worker.work_areas.all(), key=lambda wa: wa.pk)
    for work_area in areas:
        if work_area.area_id == within or work_area.area_id.startswith(within + "."):
            return work_area.area_id
    return areas[0].area_id if areas else worker.home_area_id


@transaction.atomic
def add_participant(*, actor, meeting: Meeting, worker: PillarWorker | None = None, name: str = "",
                    role: str = ParticipantRole.PILLAR, area: Area | None = None, attended: bool = True,
                    pillar_type: str = "") -> Participant:
    """Add one participant: a pillar worker (name, pillar type and area copied from the worker record, so
    reports stay right when the worker changes later), or a named person who is not in the workers' registry
    (village officials, residents, Dinas staff, a pillar not registered yet: ``pillar_type`` says which). A
    named person's area defaults to the meeting's. The same worker twice is refused."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Pilih unsur peserta.")})
    if worker is not None:
        worker = PillarWorker.objects.prefetch_related("work_areas").get(pk=worker.pk)
        if Participant.objects.filter(meeting=meeting, worker=worker).exists():
            raise ValidationError({"worker": _("%(name)s sudah tercatat sebagai peserta pertemuan ini.")
                                   % {"name": worker.name}})
        participant = Participant(meeting=meeting, worker=worker, name=worker.name, role=role,
                                  pillar_type=worker.pillar_type, area_id=_origin(worker, meeting.area_id),
                                  attended=attended)
    else:
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError({"name": _("Isi nama peserta atau pilih petugas pilar.")})
        if pillar_type and pillar_type not in PillarType.values:
            raise ValidationError({"pillar_type": _("Jenis pilar tidak dikenal.")})
        participant = Participant(meeting=meeting, name=name, role=role, pillar_type=pillar_type,
                                  area_id=area.code if area is not None else meeting.area_id, attended=attended)
    participant.full_clean()
    participant.save()
    _audit(actor, meeting, Action.UPDATE, {"participant_added": [None, {
        "id": participant.pk, "worker_id": participant.worker_id, "name": participant.name, "role": role,
        "pillar_type": participant.pillar_type, "area_id": participant.area_id, "attended": attended}]})
    return participant


@transaction.atomic
def set_attendance(*, actor, meeting: Meeting, present_ids: set[int]) -> list[Participant]:
    """Mark exactly the participants in ``present_ids`` as present and the others absent. An id that is not a
    participant of this meeting is refused (a forged form). Returns the participants."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    participants = list(meeting.participants.all())
    present = {int(i) for i in present_ids}
    if present - {p.pk for p in participants}:
        raise ValidationError(_("Peserta yang dipilih bukan peserta pertemuan ini."))
    before = sorted(p.pk for p in participants if p.attended)
    after = sorted(present)
    if before == after:
        return participants
    Participant.objects.filter(meeting=meeting, pk__in=present).update(attended=True)
    Participant.objects.filter(meeting=meeting).exclude(pk__in=present).update(attended=False)
    for p in participants:
        p.attended = p.pk in present
    _audit(actor, meeting, Action.UPDATE, {"attended": [[str(i) for i in before], [str(i) for i in after]]})
    return participants


def workers_for_area(meeting: Meeting):
    """Active workers (on the meeting's day) of the meeting's area: for a desa, those covering it (the desa's
    own and its kecamatan's, ``coverage.workers_covering``); for a kecamatan, kabupaten or province, those with
    a work area in it."""
    on = meeting.held_on
    if level_of(meeting.area_id) == Level.VILLAGE:
        return coverage.workers_covering(meeting.area_id, on=on)
    in_area = WorkArea.objects.filter(subtree_q("area_id", meeting.area_id)).values("worker_id")
    return PillarWorker.objects.active_on(on).filter(pk__in=in_area).order_by("pillar_type", "name", "pk")


@transaction.atomic
def invite_covering_workers(*, actor, meeting: Meeting) -> list[Participant]:
    """Add every active worker of the meeting's area (``workers_for_area``) who is not a participant yet, as
    present; the attendance is corrected afterwards. Returns the new participants (none: nothing written)."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    already = set(meeting.participants.filter(worker__isnull=False).values_list("worker_id", flat=True))
    workers = workers_for_area(meeting).prefetch_related(
        Prefetch("work_areas", queryset=WorkArea.objects.order_by("pk")))
    new = [Participant(meeting=meeting, worker=w, name=w.name, role=ParticipantRole.PILLAR,
                       pillar_type=w.pillar_type, area_id=_origin(w, meeting.area_id), attended=True)
           for w in workers if w.pk not in already]
    if not new:
        return []
    created = Participant.objects.bulk_create(new)
    _audit(actor, meeting, Action.UPDATE, {"participants_invited": [None, [str(p.worker_id) for p in new]]})
    return created


@transaction.atomic
def discuss_household(*, actor, meeting: Meeting, household: Household, decision: str,
                      reason: str) -> MeetingHousehold:
    """Record what the musdes decided about a household of its desa: tetap (stays), tambah (proposed for the
    DTKS), hapus (proposed for removal) or perbaiki (data to correct). Every decision but tetap needs a reason.
    One row per household: deciding again replaces the earlier decision; the same decision again writes
    nothing."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    if meeting.kind != MeetingKind.MUSDES:
        raise ValidationError(_("Keputusan atas keluarga hanya dicatat pada musyawarah desa/kelurahan."))
    if decision not in ProposalKind.values:
        raise ValidationError({"decision": _("Pilih keputusan musyawarah.")})
    if household.desa_id != meeting.area_id:
        raise ValidationError({"household": _("Keluarga ini tidak terdaftar di desa/kelurahan musyawarah ini.")})
    reason = (reason or "").strip()
    if decision in PROPOSING and not reason:
        raise ValidationError({"reason": _("Sebutkan alasan usulan ini.")})
    row = MeetingHousehold.objects.filter(meeting=meeting, household=household).first()
    before = {"decision": row.decision, "reason": row.reason} if row else {}
    changes = diff(before, {"decision": decision, "reason": reason})
    if row is not None and not changes:
        return row
    if row is None:
        row = MeetingHousehold(meeting=meeting, household=household)
    row.decision, row.reason = decision, reason
    row.full_clean()
    row.save()
    _audit(actor, meeting, Action.UPDATE, changes, household_id=household.pk)
    return row


@transaction.atomic
def add_action(*, actor, meeting: Meeting, description: str, owner: PillarWorker | None = None,
               owner_name: str = "", due_date: datetime.date | None = None) -> ActionItem:
    """A follow-up action agreed at the meeting, with who carries it out (a pillar worker, or a name) and by
    when."""
    meeting = _locked(meeting)
    _require_editable(actor, meeting)
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError({"description": _("Tuliskan tindak lanjutnya.")})
    owner_name = "" if owner is not None else " ".join((owner_name or "").split())
    if owner is None and not owner_name:
        raise ValidationError({"owner": _("Sebutkan penanggung jawab: petugas pilar atau nama.")})
    if due_date is not None and due_date < meeting.held_on:
        raise ValidationError({"due_date": _("Tenggat tidak boleh sebelum tanggal pertemuan.")})
    action = ActionItem(meeting=meeting, description=description, owner=owner, owner_name=owner_name,
                        due_date=due_date)
    action.full_clean()
    action.save()
    _audit(actor, meeting, Action.UPDATE, {"action_added": [None, {
        "id": action.pk, "description": description, "owner_id": action.owner_id, "owner_name": owner_name,
        "due_date": due_date.isoformat() if due_date else None}]})
    return action


@transaction.atomic
def complete_action(*, actor, action: ActionItem) -> ActionItem:
    """Mark a follow-up action done: by whoever records the meeting, or by the action's own worker. Done twice
    is refused."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if actor is not None and not may_complete_action(actor, action):
        raise PermissionDenied(_("Anda tidak berwenang menandai tindak lanjut ini."))
    if action.done_at is not None:
        raise ValidationError(_("Tindak lanjut ini sudah ditandai selesai."))
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    _audit(actor, action.meeting, Action.UPDATE,
           {"action_done": [None, {"id": action.pk, "done_at": action.done_at.isoformat()}]})
    return action


@transaction.atomic
def submit_for_approval(*, actor, meeting: Meeting) -> Meeting:
    """Send a musdes (draf, or sent back) to the kabupaten: it needs at least one participant present and one
    household decided. The kabupaten's approvers are notified."""
    meeting = _locked(meeting)
    _require_record(actor, meeting)
    if meeting.kind != MeetingKind.MUSDES:
        raise ValidationError(_("Hanya musyawarah desa/kelurahan yang diajukan ke kabupaten."))
    if meeting.state == MeetingState.SUBMITTED:
        raise ValidationError(_("Musyawarah ini sudah diajukan ke kabupaten."))
    if meeting.state == MeetingState.APPROVED:
        raise ValidationError(_("Musyawarah ini sudah disetujui."))
    problems = []
    if not meeting.participants.filter(attended=True).exists():
        problems.append(_("Catat minimal satu peserta yang hadir."))
    if not meeting.households.exists():
        problems.append(_("Catat minimal satu keputusan atas keluarga."))
    if problems:
        raise ValidationError(problems)
    before = meeting.state
    meeting.state = MeetingState.SUBMITTED
    meeting.save(update_fields=["state"])
    _audit(actor, meeting, Action.UPDATE, {"state": [before, meeting.state]})
    approvers = scoping.users_with_perm_for(APPROVE_MEETINGS, meeting.area_id)
    if meeting.created_by_id:
        approvers = approvers.exclude(pk=meeting.created_by_id)
    notify(users=approvers, kind="musdes-diajukan", url=meeting_url(meeting),
           title=_("Musyawarah menunggu persetujuan: %(title)s") % {"title": meeting.title},
           body=_("%(area)s, %(date)s.") % {"area": meeting.area.name, "date": f"{meeting.held_on:%d/%m/%Y}"})
    return meeting


@transaction.atomic
def decide_meeting(*, actor, meeting: Meeting, approve: bool, note: str = "") -> Meeting:
    """The kabupaten approves a submitted musdes (its proposals then go into the DTKS proposal export) or sends
    it back with a note saying what to fix. Someone other than its creator decides."""
    meeting = _locked(meeting)
    if actor is not None and not scoping.has_perm_for(actor, APPROVE_MEETINGS, meeting.area_id):
        raise PermissionDenied(_("Anda tidak berwenang menyetujui musyawarah di wilayah ini."))
    if meeting.kind != MeetingKind.MUSDES:
        raise ValidationError(_("Hanya musyawarah desa/kelurahan yang disetujui kabupaten."))
    if meeting.state != MeetingState.SUBMITTED:
        raise ValidationError(_("Musyawarah ini tidak sedang menunggu persetujuan."))
    if actor is not None and meeting.created_by_id == actor.pk:
        raise ValidationError(_("Musyawarah harus disetujui oleh orang lain, bukan yang mencatatnya."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Sebutkan apa yang perlu diperbaiki.")})
    before = {"state": meeting.state, "decision_note": meeting.decision_note}
    meeting.state = MeetingState.APPROVED if approve else MeetingState.REJECTED
    meeting.decided_by = _person(actor)
    meeting.decided_at = timezone.now()
    meeting.decision_note = note
    meeting.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _audit(actor, meeting, Action.UPDATE, diff(before, {"state": meeting.state, "decision_note": note}))
    if approve:
        from .verification import verify_proposals

        verify_proposals(actor=actor, meeting=meeting)
    if meeting.created_by_id:
        title = (_("Musyawarah disetujui: %(title)s") if approve
                 else _("Musyawarah dikembalikan: %(title)s")) % {"title": meeting.title}
        notify(users=[meeting.created_by], kind="musdes-diputuskan", url=meeting_url(meeting), title=title,
               body=note)
    return meeting


# ---------------------------------------------------------------------------------------------------- reads


def household_rows(meeting: Meeting):
    """The meeting's household decisions with each household's head(s) (``household.heads``), in a fixed
    number of queries."""
    return meeting.households.select_related("household").prefetch_related(
        Prefetch("household__members",
                 queryset=Person.objects.filter(relation=Relation.HEAD, merged_into__isnull=True).order_by("id"),
                 to_attr="heads"))


def head_of(household: Household) -> Person | None:
    heads = getattr(household, "heads", None)
    if heads is None:
        heads = list(household.members.filter(relation=Relation.HEAD, merged_into__isnull=True).order_by("id"))
    return heads[0] if heads else None


def find_household(user, meeting: Meeting, number: str) -> Household | None:
    """The household of the meeting's desa whose KK number, or one of whose members' NIK, is ``number``,
    among those the user may see."""
    found = Household.objects.for_user(user).filter(desa_id=meeting.area_id)
    by_kk = found.filter(no_kk=number).first()
    return by_kk or found.filter(members__nik=number).distinct().first()


def minutes_number(meeting: Meeting) -> str:
    """The berita acara's number, which the DTKS proposal quotes: the meeting's id, its kind and year."""
    return f"{meeting.pk}/BA-{meeting.kind.upper()}/{meeting.held_on:%Y}"


DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def date_in_words(day: datetime.date) -> str:
    """25 November 2026, with Indonesian month names whatever the reader's language (official documents)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_in_words(day: datetime.date) -> str:
    """'hari Rabu tanggal 25 November 2026', as a berita acara opens."""
    return f"hari {DAYS[day.weekday()]} tanggal {date_in_words(day)}"


def _is_kelurahan(code: str) -> bool:
    # Kemendagri numbers kelurahan 1001.. and desa 2001.. within a kecamatan.
    return level_of(code) == Level.VILLAGE and code.rsplit(".", 1)[1].startswith("1")


def _chain(area: Area) -> dict[int, Area]:
    """{level: area} of the area and its ancestors (loaded with select_related)."""
    chain: dict[int, Area] = {}
    node: Area | None = area
    while node is not None:
        chain[node.level] = node
        node = node.parent if node.parent_id else None
    return chain


def letterhead(meeting: Meeting) -> pdf.Letterhead:
    chain = _chain(meeting.area)
    regency, province = chain.get(Level.REGENCY), chain.get(Level.PROVINCE)
    office = (f"DINAS SOSIAL {regency.name}" if regency
              else f"DINAS SOSIAL PROVINSI {province.name}" if province else "DINAS SOSIAL")
    unit = ""
    if meeting.kind == MeetingKind.MUSDES:
        desa = meeting.area
        kind = "KELURAHAN" if _is_kelurahan(desa.code) else "DESA"
        unit = f"PEMERINTAH {kind} {desa.name.upper()}"
        if Level.DISTRICT in chain:
            unit += f" · KECAMATAN {chain[Level.DISTRICT].name.upper()}"
    return pdf.Letterhead(office=office, unit=unit)


TITLES = {
    MeetingKind.MUSDES: "BERITA ACARA MUSYAWARAH DESA/KELURAHAN",
    MeetingKind.RAKOR: "BERITA ACARA RAPAT KOORDINASI",
    MeetingKind.BIMTEK: "BERITA ACARA BIMBINGAN TEKNIS",
}
_HELD = {
    MeetingKind.MUSDES: "Musyawarah {area}",
    MeetingKind.RAKOR: "rapat koordinasi di {area}",
    MeetingKind.BIMTEK: "bimbingan teknis/pelatihan di {area}",
}


def _area_words(area: Area) -> str:
    chain = _chain(area)
    parts = []
    for level, label in ((Level.VILLAGE, "Kelurahan" if _is_kelurahan(area.code) else "Desa"),
                         (Level.DISTRICT, "Kecamatan"), (Level.REGENCY, ""), (Level.PROVINCE, "Provinsi")):
        if level in chain:
            parts.append(f"{label} {chain[level].name}".strip())
    return ", ".join(parts)


def _participant_kind(p: Participant) -> str:
    if p.pillar_type:
        return str(PillarType(p.pillar_type).label)
    return str(ParticipantRole(p.role).label)


@dataclass
class Minutes:
    """The berita acara as bytes, and the persons (heads of the households listed) it shows, for the audit."""

    content: bytes
    person_ids: list[int]


def berita_acara(meeting: Meeting) -> Minutes:
    """The berita acara of a meeting. Always in Bahasa Indonesia: it is filed with the desa and the kabupaten
    whatever language the officer's screen uses. NIK and KK are masked: the full numbers travel only in the
    DTKS proposal, to those who may reveal them."""
    with translation.override("id"):
        return _berita_acara(meeting)


def _berita_acara(meeting: Meeting) -> Minutes:
    meeting = Meeting.objects.select_related("area__parent__parent__parent", "decided_by").get(pk=meeting.pk)
    participants = list(meeting.participants.select_related("area").order_by("name", "id"))
    households = list(household_rows(meeting)) if meeting.kind == MeetingKind.MUSDES else []
    actions = list(meeting.actions.select_related("owner"))
    present = [p for p in participants if p.attended]
    area = meeting.area
    is_musdes = meeting.kind == MeetingKind.MUSDES
    place_name = area.name

    held = _HELD[meeting.kind].format(area=_area_words(area))
    opening = (f"Pada {day_in_words(meeting.held_on)}, bertempat di {meeting.place or area.name}, telah "
               f"dilaksanakan {held} dengan judul \u201c{meeting.title}\u201d, yang "
               f"dihadiri oleh {len(present)} orang peserta sebagaimana daftar hadir di bawah ini.")
    fields = [
        pdf.Field("Judul", meeting.title),
        pdf.Field("Jenis", str(MeetingKind(meeting.kind).label)),
        pdf.Field("Hari/tanggal", f"{DAYS[meeting.held_on.weekday()]}, {date_in_words(meeting.held_on)}"),
        pdf.Field("Tempat", meeting.place or "–"),
        pdf.Field("Wilayah", _area_words(area)),
        pdf.Field("Agenda", meeting.agenda or "–"),
        pdf.Field("Peserta", f"{len(participants)} orang diundang/tercatat, {len(present)} orang hadir"),
    ]
    body: list[pdf.TableSection | pdf.TextSection] = [pdf.TableSection(
        heading="A. Daftar hadir",
        columns=["No", "Nama", "Unsur/jenis", "Asal wilayah", "Kehadiran"],
        rows=[[str(i), p.name, _participant_kind(p), p.area.name if p.area_id else "–",
               "Hadir" if p.attended else "Tidak hadir"] for i, p in enumerate(participants, start=1)],
        note=f"Hadir {len(present)} dari {len(participants)} peserta.",
    )]
    person_ids: list[int] = []
    letter = "B"
    if is_musdes:
        rows = []
        counts: dict[str, int] = {}
        for i, row in enumerate(households, start=1):
            head = head_of(row.household)
            if head is not None:
                person_ids.append(head.pk)
            h = row.household
            counts[row.decision] = counts.get(row.decision, 0) + 1
            rows.append([str(i), head.name if head else "–", mask_nik(h.no_kk) or "–",
                         mask_nik(head.nik) if head and head.nik else "–",
                         f"{h.address} RT/RW {h.rt_rw}".strip(), str(ProposalKind(row.decision).label),
                         row.reason or "–"])
        summary = ", ".join(f"{ProposalKind(k).label}: {counts[k]}" for k in ProposalKind.values if k in counts)
        body.append(pdf.TableSection(
            heading="B. Keluarga yang dibahas",
            columns=["No", "Kepala keluarga", "No. KK", "NIK", "Alamat", "Keputusan", "Alasan"],
            rows=rows, note=(f"{summary}. " if summary else "") + "NIK dan No. KK disamarkan.",
        ))
        letter = "C"
    body.append(pdf.TextSection(heading=f"{letter}. Hasil dan keputusan", text=meeting.notes or "–"))
    letter = chr(ord(letter) + 1)
    body.append(pdf.TableSection(
        heading=f"{letter}. Rencana tindak lanjut",
        columns=["No", "Tindak lanjut", "Penanggung jawab", "Tenggat", "Status"],
        rows=[[str(i), a.description, a.owner.name if a.owner_id else a.owner_name or "–",
               f"{a.due_date:%d/%m/%Y}" if a.due_date else "–",
               f"Selesai {timezone.localtime(a.done_at):%d/%m/%Y}" if a.done_at else "Belum"]
              for i, a in enumerate(actions, start=1)],
    ))
    if is_musdes and meeting.state in (MeetingState.APPROVED, MeetingState.REJECTED) and meeting.decided_at:
        verb = "Disetujui" if meeting.state == MeetingState.APPROVED else "Dikembalikan untuk diperbaiki"
        by = f" oleh {meeting.decided_by.get_full_name() or meeting.decided_by.get_username()}" \
            if meeting.decided_by else ""
        text = f"{verb}{by} pada {date_in_words(timezone.localtime(meeting.decided_at).date())}."
        if meeting.decision_note:
            text += f"\n{meeting.decision_note}"
        body.append(pdf.TextSection(heading="Keputusan Dinas Sosial", text=text))

    if is_musdes:
        head = next((p for p in present if p.role == ParticipantRole.VILLAGE_HEAD), None)
        pillar = (next((p for p in present if p.pillar_type == PillarType.TKSK), None)
                  or next((p for p in present if p.pillar_type), None))
        kind = "Lurah" if _is_kelurahan(area.code) else "Kepala Desa"
        signatories = [
            pdf.Signatory(f"{kind} {area.name}", head.name if head else ""),
            pdf.Signatory("Ketua/Perwakilan BPD" if kind == "Kepala Desa" else "Perwakilan LPM/tokoh masyarakat"),
            pdf.Signatory(f"{_participant_kind(pillar)} (perwakilan pilar sosial)" if pillar
                          else "Perwakilan pilar sosial (TKSK/pendamping)", pillar.name if pillar else ""),
        ]
    else:
        signatories = [pdf.Signatory("Pimpinan rapat" if meeting.kind == MeetingKind.RAKOR else "Penyelenggara"),
                       pdf.Signatory("Notulis")]
    state = str(MeetingState(meeting.state).label) if is_musdes else ""
    content = pdf.minutes_document(
        letterhead=letterhead(meeting),
        title=TITLES[MeetingKind(meeting.kind)],
        number=minutes_number(meeting),
        opening=opening,
        fields=fields,
        body=body,
        closing="Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
        place_date=f"{place_name}, {date_in_words(meeting.held_on)}",
        signatories=signatories,
        footer=f"Sinergi · berita acara {minutes_number(meeting)}" + (f" · status: {state}" if state else ""),
    )
    return Minutes(content, person_ids)


# ---------------------------------------------------------------------------------------- attendance report

OTHER_COLUMN = ""


@dataclass
class AttendanceReport:
    kind: str
    since: datetime.date
    until: datetime.date
    column_level: int
    # (code, label); OTHER_COLUMN ("") collects participants without an area at the column's level.
    columns: list[tuple[str, str]]
    # (label, [count per column], total)
    rows: list[tuple[str, list[int], int]]
    column_totals: list[int] = field(default_factory=list)
    total: int = 0


def _row_order() -> list[tuple[str, str]]:
    """Row keys in display order: pillar types, then the non-pillar roles (village head, staff, ...)."""
    return [("type", v) for v in PillarType.values] + [("role", v) for v in ParticipantRole.values]


def attendance_report(user, *, since: datetime.date, until: datetime.date,
                      kind: str = MeetingKind.BIMTEK) -> AttendanceReport:
    """Participants present at the meetings of ``kind`` held between ``since`` and ``until`` in the user's
    scope, counted by pillar type (or, for people who are not pillars, by role) and by the area they come from:
    its kecamatan, or its kabupaten for a user with a province in scope. One aggregate query, and one for the
    column names."""
    province_wide = any(level_of(code) == Level.PROVINCE for code in scoping.areas_for(user, scoping.VIEW_REGISTRY))
    column_level = Level.REGENCY if province_wide else Level.DISTRICT
    width = 5 if province_wide else 8  # "11.06" / "11.06.07"
    meetings = Meeting.objects.for_user(user).filter(kind=kind, held_on__gte=since, held_on__lte=until)
    grouped = (Participant.objects.filter(attended=True, meeting__in=meetings.values("pk"))
               .values("pillar_type", "role", column=Substr("area_id", 1, width))
               .annotate(n=Count("pk")).order_by())
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for item in grouped:
        key = ("type", item["pillar_type"]) if item["pillar_type"] else ("role", item["role"])
        code = item["column"] or ""
        if not code or level_of(code) != column_level:
            code = OTHER_COLUMN
        counts.setdefault(key, {})
        counts[key][code] = counts[key].get(code, 0) + item["n"]
    codes = sorted({code for by_column in counts.values() for code in by_column if code != OTHER_COLUMN})
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    columns = [(code, names.get(code, code)) for code in codes]
    if any(OTHER_COLUMN in by_column for by_column in counts.values()):
        columns.append((OTHER_COLUMN, _("Lainnya/tidak diketahui")))
    labels = {("type", v): str(label) for v, label in PillarType.choices}
    labels.update({("role", v): str(label) for v, label in ParticipantRole.choices})
    rows = []
    for key in _row_order():
        if key in counts:
            cells = [counts[key].get(code, 0) for code, _label in columns]
            rows.append((labels[key], cells, sum(cells)))
    column_totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
    return AttendanceReport(kind=kind, since=since, until=until, column_level=column_level, columns=columns,
                            rows=rows, column_totals=column_totals, total=sum(column_totals))


def attendance_xlsx(report: AttendanceReport, *, title: str) -> bytes:
    """The report as one sheet: title in A1, header in row 3, a row per type, totals in the last row and
    column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kehadiran"
    sheet["A1"] = neutralise(title)
    sheet["A1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    header = [_("Jenis peserta"), *[label for _code, label in report.columns], _("Jumlah")]
    for column, value in enumerate(header, start=1):
        sheet.cell(row=3, column=column, value=neutralise(str(value))).font = bold
    line = 4
    for label, cells, total in report.rows:
        for column, value in enumerate([neutralise(label), *cells, total], start=1):
            sheet.cell(row=line, column=column, value=value)
        line += 1
    for column, value in enumerate([_("Jumlah"), *report.column_totals, report.total], start=1):
        sheet.cell(row=line, column=column, value=value).font = bold
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

