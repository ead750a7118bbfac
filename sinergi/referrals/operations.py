"""Every write of the SLRT desk, the providers and the grievance handling is one of these operations:
keyword-only, validated, one transaction, an audit entry, and the notifications that keep a referral from being
forgotten between offices."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.nik import parse_nik
from sinergi.notifications.operations import notify
from sinergi.registry import operations as registry_operations
from sinergi.registry.models import Household, Person

from .models import (
    CHANGE_GRIEVANCES,
    HANDLE_REFERRALS,
    OPEN_CASES,
    OPEN_STATES,
    SUPERVISE_REFERRALS,
    VIEW_GRIEVANCES,
    Attachment,
    Case,
    CaseStatus,
    Channel,
    Grievance,
    GrievanceCategory,
    GrievanceEvent,
    GrievanceState,
    Need,
    Ppks,
    Referral,
    ReferralEvent,
    ServiceProvider,
    ServiceType,
    State,
)
from .tracking import new_tracking

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Scans and photos only: the first bytes decide, never the name the browser sent.
ATTACHMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def _require(actor, perm: str, area_code: str, message: str | None = None) -> None:
    if actor is not None and not scoping.has_perm_for(actor, perm, area_code):
        raise PermissionDenied(message or _("Anda tidak berwenang di wilayah ini."))


def _codes(values: Iterable[str], choices, field: str) -> list[str]:
    valid = {c for c, _label in choices}
    values = list(dict.fromkeys(v for v in values if v))
    unknown = [v for v in values if v not in valid]
    if unknown:
        raise ValidationError({field: _("Kode tidak dikenal: %s") % ", ".join(unknown)})
    return values


def _audit(actor, obj, *, household_id: int | None, area_code: str, changes: dict[str, Any],
           action: Action = Action.UPDATE, source: str = "slrt") -> None:
    record(actor=actor, action=action, obj=obj, household_id=household_id, area_code=area_code, changes=changes,
           source=source)


# ---------------------------------------------------------------------------------------------------- the desk


@transaction.atomic
def register_walk_in(*, actor, desa: Area, no_kk: str, address: str, rt: str = "", rw: str = "", nik: str,
                     name: str, sex: str, birth_date: datetime.date | None = None, birth_place: str = "",
                     relation: str = "1") -> Person:
    """A resident who is not in the registry yet: their household (or the existing one with that KK, when the
    desk may change it) and the person, through the registry's own operations so history starts here."""
    if nik and Person.objects.filter(nik=nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah terdaftar: cari warga dengan NIK tersebut.")})
    household = Household.objects.filter(no_kk=no_kk).first() if no_kk else None
    if household is not None:
        if actor is not None and not scoping.has_perm_for(actor, scoping.CHANGE_REGISTRY, household.desa_id):
            raise ValidationError({"no_kk": _("No. KK ini terdaftar di wilayah lain; hubungi Dinas Sosial.")})
    else:
        household = registry_operations.create_household(actor=actor, desa=desa, no_kk=no_kk, address=address,
                                                         rt=rt, rw=rw, source="slrt")
    return registry_operations.add_person(actor=actor, household=household, source="slrt", nik=nik, name=name,
                                          sex=sex, birth_date=birth_date, birth_place=birth_place,
                                          relation=relation)


@transaction.atomic
def open_case(*, actor, person: Person, complaint: str, needs: Iterable[str], ppks: Iterable[str] = (),
              channel: str = Channel.WALK_IN) -> Case:
    household = person.household
    _require(actor, OPEN_CASES, household.desa_id, _("Anda tidak berwenang mencatat layanan di wilayah ini."))
    if not complaint.strip():
        raise ValidationError({"complaint": _("Tuliskan keluhan atau permasalahan warga.")})
    needs = _codes(needs, Need.choices, "needs")
    if not needs:
        raise ValidationError({"needs": _("Pilih sedikitnya satu kebutuhan.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Cara datang tidak dikenal.")})
    case = Case.objects.create(
        number=new_tracking("TMP"), person=person, household=household, desa_id=household.desa_id,
        channel=channel, complaint=complaint.strip(), needs=needs, ppks=_codes(ppks, Ppks.choices, "ppks"),
        opened_by=actor,
    )
    # Sequential by database id: readable at the desk ("SLRT-2026-000123"), unique without a counter table.
    case.number = f"SLRT-{case.opened_at:%Y}-{case.pk:06d}"
    case.save(update_fields=["number"])
    _audit(actor, case, household_id=household.pk, area_code=household.desa_id, action=Action.CREATE,
           changes={"person": str(person.pk), "needs": needs, "ppks": case.ppks, "channel": channel})
    return case


def _open_for_work(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Layanan ini sudah ditutup."))


@transaction.atomic
def assess_case(*, actor, case: Case, assessment: str, decision: str, plan: str,
                ppks: Iterable[str] | None = None, needs: Iterable[str] | None = None) -> Case:
    """The back office's assessment. Re-assessing overwrites it; the audit log keeps every earlier version."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, OPEN_CASES, case.desa_id)
    _open_for_work(case)
    if not assessment.strip() or not decision.strip():
        raise ValidationError(_("Isi hasil asesmen dan keputusannya."))
    before = {"assessment": case.assessment, "decision": case.decision, "plan": case.plan,
              "ppks": case.ppks, "needs": case.needs}
    case.assessment, case.decision, case.plan = assessment.strip(), decision.strip(), plan.strip()
    if ppks is not None:
        case.ppks = _codes(ppks, Ppks.choices, "ppks")
    if needs is not None:
        case.needs = _codes(needs, Need.choices, "needs") or case.needs
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.ASSESSED
    case.assessed_by, case.assessed_at = actor, timezone.now()
    case.save()
    after = {"assessment": case.assessment, "decision": case.decision, "plan": case.plan,
             "ppks": case.ppks, "needs": case.needs}
    _audit(actor, case, household_id=case.household_id, area_code=case.desa_id,
           changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return case


def _sniff(head: bytes) -> str | None:
    for signature, content_type in ATTACHMENT_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


@transaction.atomic
def add_attachment(*, actor, case: Case, upload, label: str) -> Attachment:
    _require(actor, OPEN_CASES, case.desa_id)
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya 10 MB.")
                               % {"name": upload.name, "size": round(upload.size / 1024 / 1024, 1)}})
    head = upload.read(16)
    upload.seek(0)
    content_type = _sniff(head)
    if content_type is None:
        raise ValidationError({"file": _("Berkas %(name)s bukan PDF, JPEG atau PNG. Pindai surat sebagai PDF "
                                         "atau foto.") % {"name": upload.name}})
    attachment = Attachment(case=case, label=(label or upload.name).strip()[:200], content_type=content_type,
                            size=upload.size, uploaded_by=actor)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _audit(actor, attachment, household_id=case.household_id, area_code=case.desa_id, action=Action.CREATE,
           changes={"case": case.number, "label": attachment.label, "size": attachment.size})
    return attachment


@transaction.atomic
def close_case(*, actor, case: Case, note: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, OPEN_CASES, case.desa_id)
    _open_for_work(case)
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan hasil akhir layanan sebelum menutup.")})
    if case.referrals.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(_("Masih ada rujukan yang berjalan; tunggu hingga selesai, ditolak atau "
                                "dikembalikan."))
    case.status, case.closed_at, case.closing_note = CaseStatus.CLOSED, timezone.now(), note.strip()
    case.save()
    _audit(actor, case, household_id=case.household_id, area_code=case.desa_id,
           changes={"status": [CaseStatus.REFERRED, CaseStatus.CLOSED], "note": case.closing_note})
    return case


def _case_url(case: Case) -> str:
    return reverse("referrals:case", args=[case.pk])


def _referral_url(referral: Referral) -> str:
    return reverse("referrals:referral", args=[referral.pk])


# ------------------------------------------------------------------------------------------------ referrals


@transaction.atomic
def refer(*, actor, case: Case, provider: ServiceProvider, service: ServiceType, reason: str) -> Referral:
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, OPEN_CASES, case.desa_id)
    _open_for_work(case)
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan rujukan untuk penyedia layanan.")})
    if not provider.active or not ServiceProvider.objects.serving(case.desa_id).filter(pk=provider.pk).exists():
        raise ValidationError({"provider": _("%(provider)s tidak melayani desa warga ini.")
                               % {"provider": provider.name}})
    if not service.active or not provider.services.filter(pk=service.pk).exists():
        raise ValidationError({"service": _("%(provider)s tidak memberikan layanan %(service)s.")
                               % {"provider": provider.name, "service": service.name}})
    now = timezone.now()
    referral = Referral.objects.create(
        case=case, provider=provider, service=service, reason=reason.strip(), tracking=new_tracking("RJK"),
        created_by=actor, created_at=now, updated_at=now, due_at=now + datetime.timedelta(days=service.sla_days),
    )
    ReferralEvent.objects.create(referral=referral, to_state=State.SUBMITTED, actor=actor, at=now)
    if case.status != CaseStatus.REFERRED:
        case.status = CaseStatus.REFERRED
        case.save(update_fields=["status"])
    _audit(actor, referral, household_id=case.household_id, area_code=case.desa_id, action=Action.CREATE,
           changes={"case": case.number, "provider": provider.name, "service": service.name,
                    "due_at": referral.due_at})
    notify(users=provider.staff.all(), kind="rujukan-baru", url=_referral_url(referral),
           title=_("Rujukan baru %(tracking)s: %(service)s") % {"tracking": referral.tracking,
                                                                   "service": service.name},
           body=_("Batas waktu: %(days)s hari.") % {"days": service.sla_days},
           phones=[provider.phone] if provider.phone else ())
    return referral


PROVIDER, DESK = "provider", "desk"

# from state → {to state: (who may do it, whether a note is required)}. Everything not listed is forbidden.
TRANSITIONS: dict[str, dict[str, tuple[str, bool]]] = {
    State.SUBMITTED: {State.ACCEPTED: (PROVIDER, False), State.REJECTED: (PROVIDER, True)},
    State.ACCEPTED: {State.IN_PROGRESS: (PROVIDER, False), State.COMPLETED: (PROVIDER, True),
                     State.RETURNED: (PROVIDER, True)},
    State.IN_PROGRESS: {State.COMPLETED: (PROVIDER, True), State.RETURNED: (PROVIDER, True)},
    State.COMPLETED: {},
    State.REJECTED: {},
    State.RETURNED: {},
}


def allowed_transitions(*, actor, referral: Referral) -> list[str]:
    """The states this user may move the referral to now (what the page offers as buttons)."""
    return [to for to, (who, _note) in TRANSITIONS[referral.state].items() if _may(actor, referral, who)]


def _may(actor, referral: Referral, who: str) -> bool:
    if actor is None:
        return True
    if who == PROVIDER:
        return (scoping.has_perm_for(actor, HANDLE_REFERRALS, referral.case.desa_id)
                and referral.provider.staff.filter(pk=actor.pk).exists())
    return scoping.has_perm_for(actor, OPEN_CASES, referral.case.desa_id)


@transaction.atomic
def transition(*, actor, referral: Referral, to_state: str, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update(of=("self",)).select_related(
        "case", "provider", "service").get(pk=referral.pk)
    rule = TRANSITIONS[referral.state].get(to_state)
    if rule is None:
        raise ValidationError(_("Rujukan berstatus %(from)s tidak dapat diubah menjadi %(to)s.") % {
            "from": State(referral.state).label, "to": State(to_state).label if to_state in State.values else to_state})
    who, note_required = rule
    if not _may(actor, referral, who):
        raise PermissionDenied(_("Hanya petugas penyedia layanan yang dapat mengubah status rujukan ini."))
    note = note.strip()
    if note_required and not note:
        raise ValidationError({"note": _("Tuliskan hasil layanan atau alasannya.")})
    now = timezone.now()
    from_state = referral.state
    referral.state, referral.updated_at = to_state, now
    if to_state == State.COMPLETED:
        referral.completed_at, referral.outcome = now, note
    elif to_state in (State.REJECTED, State.RETURNED):
        referral.state_reason = note
    referral.save()
    ReferralEvent.objects.create(referral=referral, from_state=from_state, to_state=to_state, note=note,
                                 actor=actor, at=now)
    case = referral.case
    _audit(actor, referral, household_id=case.household_id, area_code=case.desa_id,
           changes={"state": [from_state, to_state], "note": note})
    desk = [case.opened_by] if case.opened_by_id else []
    notify(users=desk, kind="rujukan-status", url=_case_url(case),
           title=_("Rujukan %(tracking)s: %(state)s") % {"tracking": referral.tracking,
                                                           "state": State(to_state).label},
           body=note)
    if to_state == State.COMPLETED:
        _follow_up_task(actor=actor, referral=referral)
    return referral


def _follow_up_task(*, actor, referral: Referral):
    """After a provider reports the service done, the pillar covering the resident's desa checks with the
    resident that it really reached them; the outcome lands on the household page."""
    from sinergi.pillars.models import TaskKind
    from sinergi.pillars.operations import create_task

    case = referral.case
    task = create_task(
        actor=actor, kind=TaskKind.REFERRAL_FOLLOW_UP, desa=case.desa, household=case.household, person=case.person,
        title=_("Tindak lanjut rujukan %(tracking)s: %(service)s") % {"tracking": referral.tracking,
                                                                        "service": referral.service.name},
        details=_("Pastikan warga benar-benar menerima layanan. Hasil dari penyedia: %(outcome)s")
        % {"outcome": referral.outcome},
        source=f"referral:{referral.pk}", source_url=_referral_url(referral),
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    notify(users=[w.user for w in task.assignees.select_related("user") if w.user_id], kind="tugas-baru",
           url=reverse("pillars:task", args=[task.pk]), title=task.title)
    return task


@transaction.atomic
def request_follow_up(*, actor, case: Case, title: str, details: str = "", due_date: datetime.date | None = None):
    """A follow-up visit asked by the desk itself (before or without a referral)."""
    from sinergi.pillars.models import TaskKind
    from sinergi.pillars.operations import create_task

    _require(actor, OPEN_CASES, case.desa_id)
    if not title.strip():
        raise ValidationError({"title": _("Tuliskan apa yang perlu ditindaklanjuti.")})
    task = create_task(actor=actor, kind=TaskKind.REFERRAL_FOLLOW_UP, desa=case.desa, household=case.household,
                       person=case.person, title=title.strip(), details=details.strip(),
                       source=f"case:{case.pk}", source_url=_case_url(case), due_date=due_date)
    notify(users=[w.user for w in task.assignees.select_related("user") if w.user_id], kind="tugas-baru",
           url=reverse("pillars:task", args=[task.pk]), title=task.title)
    return task


@transaction.atomic
def escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """The daily SLA check: each overdue open referral is escalated once to the supervisors over its desa.
    Re-running the same day (or twice by mistake) escalates nothing again."""
    now = now or timezone.now()
    overdue = list(Referral.objects.select_for_update(of=("self",)).overdue(now).filter(escalated_at__isnull=True)
                   .select_related("case", "provider", "service").order_by("due_at"))
    for referral in overdue:
        referral.escalated_at = now
        referral.save(update_fields=["escalated_at"])
        case = referral.case
        days = (now - referral.due_at).days
        record(actor=None, action=Action.UPDATE, obj=referral, household_id=None, area_code=case.desa_id,
               changes={"escalated_at": now, "overdue_days": days}, source="sla")
        recipients = list(scoping.users_with_perm_for(SUPERVISE_REFERRALS, case.desa_id))
        if case.opened_by_id:
            recipients.append(case.opened_by)
        notify(users=recipients, kind="rujukan-terlambat", url=_referral_url(referral),
               title=_("Rujukan %(tracking)s lewat batas waktu (%(provider)s)")
               % {"tracking": referral.tracking, "provider": referral.provider.name},
               body=_("Layanan %(service)s, status %(state)s, batas waktu %(due)s.")
               % {"service": referral.service.name, "state": State(referral.state).label,
                  "due": timezone.localtime(referral.due_at).strftime("%d/%m/%Y")})
    return len(overdue)


# ----------------------------------------------------------------------------------------------- grievances


def grievance_area(*, desa_code: str = "", regency_code: str = "") -> Area:
    """A grievance belongs to the desa the reporter named, or to the kabupaten when they did not know it."""
    code = desa_code or regency_code
    area = Area.objects.filter(code=code).first()
    if area is None or area.level not in (Level.VILLAGE, Level.REGENCY):
        raise ValidationError({"desa": _("Pilih kabupaten/kota dan, bila tahu, desa/kelurahan.")})
    return area


@transaction.atomic
def submit_grievance(*, actor, category: str, description: str, area: Area, reporter_name: str = "",
                     reporter_contact: str = "", subject_nik: str = "") -> Grievance:
    """A grievance from the public form (actor None) or entered by staff for a walk-in or phone call."""
    if actor is not None:
        _require(actor, CHANGE_GRIEVANCES, area.code)
    if category not in GrievanceCategory.values:
        raise ValidationError({"category": _("Pilih kategori pengaduan.")})
    if len(description.strip()) < 10:
        raise ValidationError({"description": _("Ceritakan pengaduan Anda (sedikitnya 10 huruf).")})
    subject_nik = subject_nik.strip().replace(" ", "")
    if subject_nik:
        try:
            parse_nik(subject_nik)
        except ValueError as exc:
            raise ValidationError({"subject_nik": str(exc)}) from exc
    now = timezone.now()
    grievance = Grievance.objects.create(
        tracking=new_tracking("ADU"), category=category, description=description.strip(),
        reporter_name=reporter_name.strip()[:150], reporter_contact=reporter_contact.strip()[:100],
        subject_nik=subject_nik, area=area, channel="publik" if actor is None else "petugas",
        # Only a person of the grievance's own area is linked automatically: the form must not become a way to
        # attach (and so show staff) someone elsewhere by typing their NIK.
        person=(Person.objects.filter(subtree_q("household__desa_id", area.code), nik=subject_nik,
                                      merged_into__isnull=True).first()
                if subject_nik else None),
        created_by=actor, created_at=now, updated_at=now,
    )
    GrievanceEvent.objects.create(grievance=grievance, to_state=GrievanceState.RECEIVED, actor=actor, at=now)
    record(actor=actor, action=Action.CREATE, obj=grievance, area_code=area.code,
           changes={"category": category, "channel": grievance.channel},
           source="public" if actor is None else "slrt")
    notify(users=scoping.users_with_perm_for(CHANGE_GRIEVANCES, area.code), kind="pengaduan-baru",
           url=reverse("referrals:grievance", args=[grievance.pk]),
           title=_("Pengaduan baru %(tracking)s: %(category)s")
           % {"tracking": grievance.tracking, "category": GrievanceCategory(category).label})
    return grievance


GRIEVANCE_TRANSITIONS: dict[str, dict[str, bool]] = {  # to state → note required
    GrievanceState.RECEIVED: {GrievanceState.IN_PROGRESS: False, GrievanceState.CLOSED: True},
    GrievanceState.IN_PROGRESS: {GrievanceState.RESOLVED: True, GrievanceState.CLOSED: True},
    GrievanceState.RESOLVED: {},
    GrievanceState.CLOSED: {},
}


@transaction.atomic
def update_grievance(*, actor, grievance: Grievance, to_state: str, note: str = "") -> Grievance:
    grievance = Grievance.objects.select_for_update().get(pk=grievance.pk)
    _require(actor, CHANGE_GRIEVANCES, grievance.area_id)
    rule = GRIEVANCE_TRANSITIONS[grievance.state]
    if to_state not in rule:
        raise ValidationError(_("Pengaduan berstatus %(from)s tidak dapat diubah menjadi %(to)s.") % {
            "from": GrievanceState(grievance.state).label,
            "to": GrievanceState(to_state).label if to_state in GrievanceState.values else to_state})
    note = note.strip()
    if rule[to_state] and not note:
        raise ValidationError({"note": _("Tuliskan tindak lanjut atau alasannya.")})
    from_state = grievance.state
    grievance.state, grievance.updated_at = to_state, timezone.now()
    grievance.save(update_fields=["state", "updated_at"])
    GrievanceEvent.objects.create(grievance=grievance, from_state=from_state, to_state=to_state, note=note,
                                  actor=actor, at=grievance.updated_at)
    record(actor=actor, action=Action.UPDATE, obj=grievance, area_code=grievance.area_id,
           changes={"state": [from_state, to_state], "note": note}, source="slrt")
    return grievance


@transaction.atomic
def note_grievance(*, actor, grievance: Grievance, note: str) -> GrievanceEvent:
    """A handling note that does not change the state (a call made, a document asked for)."""
    grievance = Grievance.objects.select_for_update().get(pk=grievance.pk)
    _require(actor, CHANGE_GRIEVANCES, grievance.area_id)
    if not note.strip():
        raise ValidationError({"note": _("Catatan kosong.")})
    now = timezone.now()
    grievance.updated_at = now
    grievance.save(update_fields=["updated_at"])
    event = GrievanceEvent.objects.create(grievance=grievance, from_state=grievance.state,
                                          to_state=grievance.state, note=note.strip(), actor=actor, at=now)
    record(actor=actor, action=Action.UPDATE, obj=grievance, area_code=grievance.area_id,
           changes={"note": note.strip()}, source="slrt")
    return event


@transaction.atomic
def link_grievance_person(*, actor, grievance: Grievance, person: Person) -> Grievance:
    grievance = Grievance.objects.select_for_update().get(pk=grievance.pk)
    _require(actor, CHANGE_GRIEVANCES, grievance.area_id)
    if actor is not None and not scoping.has_perm_for(actor, scoping.VIEW_REGISTRY, person.household.desa_id):
        raise PermissionDenied(_("Warga ini di luar wilayah Anda."))
    if grievance.state in (GrievanceState.RESOLVED, GrievanceState.CLOSED):
        raise ValidationError(_("Pengaduan ini sudah ditutup."))
    previous = grievance.person_id
    grievance.person = person
    grievance.updated_at = timezone.now()
    grievance.save(update_fields=["person", "updated_at"])
    record(actor=actor, action=Action.UPDATE, obj=grievance, area_code=grievance.area_id,
           changes={"person": [str(previous) if previous else "", str(person.pk)]}, source="slrt")
    return grievance


@transaction.atomic
def propose_change_from_grievance(*, actor, grievance: Grievance, changes: dict[str, Any], reason: str,
                                  about_household: bool = False):
    """A "data salah" grievance becomes a change request on the linked person (or their household); it is
    approved by someone else and then applied with the grievance as the history entry's source."""
    _require(actor, CHANGE_GRIEVANCES, grievance.area_id)
    if grievance.person_id is None:
        raise ValidationError(_("Hubungkan pengaduan dengan warga yang dimaksud terlebih dahulu."))
    if grievance.state in (GrievanceState.RESOLVED, GrievanceState.CLOSED):
        raise ValidationError(_("Pengaduan ini sudah ditutup."))
    person = grievance.person
    request = registry_operations.propose_change(
        actor=actor, household=person.household, person=None if about_household else person, changes=changes,
        reason=reason, source=grievance.source)
    if grievance.state == GrievanceState.RECEIVED:
        update_grievance(actor=actor, grievance=grievance, to_state=GrievanceState.IN_PROGRESS,
                         note=_("Usulan perubahan data #%(id)s diajukan.") % {"id": request.pk})
    else:
        note_grievance(actor=actor, grievance=grievance,
                       note=_("Usulan perubahan data #%(id)s diajukan.") % {"id": request.pk})
    notify(users=scoping.users_with_perm_for(registry_operations.APPROVE_CHANGES, person.household.desa_id),
           kind="usulan-perubahan", url=reverse("registry:change", args=[request.pk]),
           title=_("Usulan perubahan data #%(id)s menunggu persetujuan") % {"id": request.pk})
    return request


def on_change_request_decided(sender, *, request, actor, **kwargs) -> None:
    """Write the decision on the grievance the change request came from, so the grievance shows it."""
    if not request.source.startswith("grievance:"):
        return
    grievance = Grievance.objects.filter(pk=request.source.split(":", 1)[1]).first()
    if grievance is None:
        return
    verb = _("disetujui dan diterapkan") if request.state == "disetujui" else _("ditolak")
    note = _("Usulan perubahan data #%(id)s %(verb)s.") % {"id": request.pk, "verb": verb}
    if request.decision_note:
        note += " " + request.decision_note
    now = timezone.now()
    Grievance.objects.filter(pk=grievance.pk).update(updated_at=now)
    GrievanceEvent.objects.create(grievance=grievance, from_state=grievance.state, to_state=grievance.state,
                                  note=note, actor=actor, at=now)


def grievance_staff(area_code: str):
    return scoping.users_with_perm_for(VIEW_GRIEVANCES, area_code)
