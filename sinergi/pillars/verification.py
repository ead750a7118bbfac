"""Verification and validation (verivali) in the field: rounds of verification tasks, and the field form's
submission, which records the visit, proposes registry changes for a supervisor's approval and closes the task.

The field form may be sent twice (a weak connection drops the answer, the pillar presses Kirim again): the
phone's draft carries a random ``client_token``, and a second submission with the same token returns the first
verification instead of writing again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.registry import operations as registry_operations
from sinergi.registry.codes import HouseholdStatus, PersonStatus
from sinergi.registry.models import Household, Person

from .coverage import coverage_of
from .models import (
    CREATE_TASKS,
    Outcome,
    PillarWorker,
    Task,
    TaskKind,
    TaskStatus,
    Verification,
    VerificationOutcome,
    Visit,
    VisitPurpose,
)
from .operations import can_complete, complete_task

# The task's outcome for each verification outcome (the task list and the activity page read the task).
TASK_OUTCOME = {
    VerificationOutcome.CONFIRMED: Outcome.DATA_CONFIRMED,
    VerificationOutcome.CHANGED: Outcome.DATA_CHANGED,
    VerificationOutcome.NOT_FOUND: Outcome.NOT_FOUND,
    VerificationOutcome.MOVED: Outcome.MOVED,
    VerificationOutcome.DIED: Outcome.DECEASED,
}
ROUND_LIMIT = 5000


@transaction.atomic
def start_round(*, actor, title: str, desa_codes: Sequence[str], due_date: datetime.date | None = None,
                source: str = "") -> int:
    """One verification task per active household of the chosen desa (a DTKS update round, say), each assigned
    to the pillars covering its desa. Written in bulk: a kecamatan's few thousand households take one request."""
    if not title.strip():
        raise ValidationError({"title": _("Beri nama putaran verifikasi (mis. Pemutakhiran DTKS 2026 tahap II).")})
    villages = list(Area.objects.filter(code__in=desa_codes, level=Level.VILLAGE))
    if not villages:
        raise ValidationError({"desa": _("Pilih sedikitnya satu desa/kelurahan.")})
    for village in villages:
        if actor is not None and not scoping.has_perm_for(actor, CREATE_TASKS, village.code):
            raise PermissionDenied(_("Anda tidak berwenang membuat tugas di %(desa)s.") % {"desa": village.name})
    households = list(Household.objects.filter(desa__in=villages, status=HouseholdStatus.ACTIVE)
                      .values_list("pk", "desa_id").order_by("desa_id", "pk"))
    if len(households) > ROUND_LIMIT:
        raise ValidationError(_("%(n)s keluarga: terlalu banyak untuk satu putaran (batas %(limit)s). Bagi per "
                                "kecamatan.") % {"n": len(households), "limit": ROUND_LIMIT})
    tasks = _verification_tasks(actor=actor, households=households, title=title.strip(), source=source,
                                due_date=due_date)
    record(actor=actor, action=Action.CREATE, object_type="pillars.task", object_id=f"{len(tasks)} rows",
           area_code=villages[0].code if len(villages) == 1 else villages[0].parent_id,
           changes={"round": title.strip(), "desa": [v.code for v in villages], "tasks": len(tasks),
                    "source": source}, source="pillars")
    return len(tasks)


def _verification_tasks(*, actor, households: list[tuple[int, str]], title: str, source: str,
                        due_date: datetime.date | None) -> list[Task]:
    """Bulk-create one verification task per (household id, desa code), skipping households that already have
    one from the same source, each assigned to the workers covering its desa."""
    existing = set(Task.objects.filter(source=source, household_id__in=[pk for pk, _desa in households])
                   .values_list("household_id", flat=True)) if source else set()
    households = [(pk, desa) for pk, desa in households if pk not in existing]
    covering = coverage_of(sorted({desa for _pk, desa in households}))
    tasks = Task.objects.bulk_create([
        Task(kind=TaskKind.VERIFICATION, title=title, desa_id=desa, household_id=pk, source=source,
             due_date=due_date, created_by=actor if actor is not None else None)
        for pk, desa in households
    ])
    Through = Task.assignees.through
    Through.objects.bulk_create([Through(task_id=task.pk, pillarworker_id=worker.pk)
                                 for task in tasks for worker in covering.get(task.desa_id, [])])
    return tasks


@transaction.atomic
def verify_proposals(*, actor, meeting) -> int:
    """A village meeting's new and corrected households are verified in the field before they go to SIKS-NG:
    called when the kabupaten approves the meeting, with that approval as the authority."""
    from .models import ProposalKind

    rows = list(meeting.households.filter(decision__in=[ProposalKind.ADD, ProposalKind.CORRECT])
                .values_list("household_id", "household__desa_id"))
    tasks = _verification_tasks(
        actor=actor, households=rows, source=f"musdes:{meeting.pk}",
        title=(_("Verifikasi usulan musyawarah: %(title)s") % {"title": meeting.title})[:200],
        due_date=timezone.localdate() + datetime.timedelta(days=14))
    return len(tasks)


def _person_changes(person: Person, outcome: str, edits: dict[str, Any]) -> dict[str, Any]:
    changes = {k: v for k, v in edits.items() if v not in (None, "")}
    if outcome == VerificationOutcome.DIED:
        changes["status"] = PersonStatus.DECEASED
    return changes


@transaction.atomic
def submit_verification(*, actor, task: Task, outcome: str, notes: str, client_token: str,
                        household_changes: dict[str, Any] | None = None,
                        person_changes: dict[int, dict[str, Any]] | None = None,
                        deceased: Iterable[int] = (), visited_on: datetime.date | None = None,
                        lat: Decimal | None = None, lng: Decimal | None = None, gps_accuracy_m: int | None = None,
                        photos: Iterable = ()) -> Verification:
    """Record the field result of a verification task.

    The registry is not touched: each changed household or person becomes a change request (source
    ``verification:<task>``) that a supervisor approves; the visit, its photos and the task's outcome are
    recorded at once."""
    if not client_token or len(client_token) > 64:
        raise ValidationError(_("Formulir tidak lengkap; muat ulang halaman."))
    already = Verification.objects.filter(client_token=client_token).select_related("task").first()
    if already is not None:
        if already.task_id != task.pk:
            raise ValidationError(_("Formulir tidak lengkap; muat ulang halaman."))
        return already  # the same form, sent again after a lost answer
    Task.objects.select_for_update().filter(pk=task.pk).first()  # one submission at a time per task
    task = Task.objects.prefetch_related("assignees").select_related("household__desa").get(pk=task.pk)
    if task.kind != TaskKind.VERIFICATION or task.household_id is None:
        raise ValidationError(_("Tugas ini bukan tugas verifikasi keluarga."))
    if actor is not None and not can_complete(actor, task) and task.is_open:
        raise PermissionDenied(_("Tugas ini bukan tugas Anda."))
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Tugas ini sudah ditutup."))
    if outcome not in VerificationOutcome.values:
        raise ValidationError({"outcome": _("Pilih hasil verifikasi.")})
    visited_on = visited_on or timezone.localdate()
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Tanggal kunjungan tidak boleh di masa depan.")})
    household = task.household
    members = {p.pk: p for p in household.members.filter(merged_into__isnull=True)}
    deceased = [pk for pk in deceased if pk in members]
    if outcome == VerificationOutcome.DIED and not deceased:
        raise ValidationError({"deceased": _("Tandai anggota keluarga yang meninggal.")})
    source = f"verification:{task.pk}"
    requests = []
    household_edits = {k: v for k, v in (household_changes or {}).items() if v is not None}
    if outcome == VerificationOutcome.MOVED:
        household_edits["status"] = HouseholdStatus.MOVED_AWAY
    reason = notes.strip() or VerificationOutcome(outcome).label
    if outcome in (VerificationOutcome.CHANGED, VerificationOutcome.MOVED):
        changed = {k: v for k, v in household_edits.items()
                   if str(v) != str(getattr(household, k) if getattr(household, k) is not None else "")}
        if changed:
            requests.append(registry_operations.propose_change(
                actor=actor, household=household, changes=changed, reason=reason, source=source))
    edits_by_person = dict(person_changes or {}) if outcome == VerificationOutcome.CHANGED else {}
    for pk in deceased:
        edits_by_person.setdefault(pk, {})
    for pk, edits in edits_by_person.items():
        person = members.get(pk)
        if person is None:
            continue
        wanted = _person_changes(person, VerificationOutcome.DIED if pk in deceased else outcome, edits)
        changed = {k: v for k, v in wanted.items() if str(v) != str(getattr(person, k) or "")}
        if changed:
            requests.append(registry_operations.propose_change(
                actor=actor, household=household, person=person, changes=changed, reason=reason, source=source))
    if outcome == VerificationOutcome.CHANGED and not requests:
        raise ValidationError(_("Hasil \"data berubah\" tetapi tidak ada data yang diubah: isi perubahannya, "
                                "atau pilih \"data sesuai\"."))
    workers = [w for w in task.assignees.all() if actor is not None and w.user_id == actor.pk]
    if not workers:
        workers = list(PillarWorker.objects.filter(user=actor)[:1]) if actor is not None else []
    visit = Visit.objects.create(
        household=household, desa_id=household.desa_id, visited_on=visited_on, purpose=VisitPurpose.VERIFICATION,
        findings=f"{VerificationOutcome(outcome).label}. {notes.strip()}".strip(), task=task, lat=lat, lng=lng,
        gps_accuracy_m=gps_accuracy_m, recorded_by=actor if actor is not None else None)
    if workers:
        visit.workers.set(workers)
    from .photos import save_photo

    for upload in photos:
        save_photo(visit=visit, upload=upload)
    verification = Verification.objects.create(task=task, household=household, outcome=outcome, notes=notes.strip(),
                                               visit=visit, client_token=client_token, submitted_by=actor)
    verification.change_requests.set(requests)
    complete_task(actor=actor, task=task, outcome=TASK_OUTCOME[VerificationOutcome(outcome)],
                  note=notes.strip() or VerificationOutcome(outcome).label)
    record(actor=actor, action=Action.CREATE, obj=visit, household_id=household.pk, area_code=household.desa_id,
           changes={"verification": outcome, "change_requests": [r.pk for r in requests],
                    "photos": visit.photos.count(), "gps": bool(lat is not None)}, source="pillars")
    return verification
