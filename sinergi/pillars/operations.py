"""Every write to tasks is one of these operations: keyword-only, validated, one transaction, one audit entry.
Entries carry the task's household, so a task's creation and outcome appear in that household's history.

A system actor (``actor=None``: CLI, background jobs) is trusted; a person must hold the permission the
operation names.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import diff, record
from sinergi.audit.models import Action

from . import coverage
from .models import REASSIGN_TASKS, Outcome, PillarWorker, Task, TaskStatus
from .signals import task_closed


def is_assignee(user, task: Task) -> bool:
    """The user's account is linked to one of the task's workers. Reads ``assignees.all()`` so a prefetched
    task costs no query."""
    if user is None or not user.is_authenticated:
        return False
    return any(worker.user_id == user.pk for worker in task.assignees.all())


def can_reassign(user, task: Task) -> bool:
    """Supervising a task (reassigning, cancelling, completing it for someone) is ``pillars.change_task`` over
    its desa."""
    return scoping.has_perm_for(user, REASSIGN_TASKS, task.desa_id)


def can_complete(user, task: Task) -> bool:
    return task.is_open and (is_assignee(user, task) or can_reassign(user, task))


def _closed() -> ValidationError:
    return ValidationError(_("Tugas ini sudah ditutup."))


def _audit_source(actor) -> str:
    return "web" if actor is not None else "system"


def _locked(task: Task) -> Task:
    """The task as it is now in the database, locked until the transaction ends, so two people completing it
    at once are serialised and the second one finds it closed."""
    return Task.objects.select_for_update().get(pk=task.pk)


def _check_source_url(url: str) -> None:
    # Rendered as a link on the task page: only site paths and web addresses, never javascript: and the like.
    if url and not (url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))):
        raise ValidationError({"source_url": _("Tautan asal harus berupa alamat di Sinergi atau alamat web.")})


@transaction.atomic
def create_task(*, actor, kind: str, title: str, desa: Area, household=None, person=None, details: str = "",
                source: str = "", source_url: str = "", due_date: datetime.date | None = None,
                assignee_types: Iterable[str] | None = None) -> Task:
    """Create a task in ``desa`` and assign every worker covering it (of ``assignee_types`` when given).

    When nobody covers the desa the task is still created, unassigned (``task.unassigned``), and waits for a
    supervisor who sees it through their scope.

    No permission is checked here: the caller is another context that has already checked its own (the referral
    desk checks its permission to refer, a verification campaign its own), or the system (``actor=None``).
    """
    if not isinstance(desa, Area) or desa.level != Level.VILLAGE:
        raise ValidationError({"desa": _("Tugas harus ditempatkan di desa/kelurahan.")})
    if person is not None:
        if household is None:
            household = person.household
        elif person.household_id != household.pk:
            raise ValidationError({"person": _("Jiwa ini bukan anggota keluarga yang dipilih.")})
    _check_source_url(source_url)
    try:
        workers = list(coverage.workers_covering(desa, types=assignee_types))
    except ValueError as exc:
        raise ValidationError({"assignee_types": _("Jenis pilar tidak dikenal.")}) from exc
    authenticated = actor is not None and actor.is_authenticated
    task = Task(kind=kind, title=title.strip(), details=details.strip(), desa=desa, household=household,
                person=person, source=source, source_url=source_url, due_date=due_date,
                created_by=actor if authenticated else None)
    task.full_clean()
    task.save()
    task.assignees.set(workers)
    record(actor=actor, action=Action.CREATE, obj=task, household_id=task.household_id, area_code=desa.code,
           source=source or _audit_source(actor),
           changes=diff({}, {"kind": task.kind, "title": task.title, "desa_id": desa.code,
                             "household_id": task.household_id, "person_id": task.person_id, "source": source,
                             "due_date": due_date, "assignees": [str(w.pk) for w in workers]}))
    return task


@transaction.atomic
def reassign_task(*, actor, task: Task, workers: list[PillarWorker]) -> Task:
    """Replace the task's assignees. Returns the task as stored; the same set again writes nothing."""
    task = _locked(task)
    if actor is not None and not can_reassign(actor, task):
        raise PermissionDenied(_("Anda tidak berwenang mengalihkan tugas di wilayah ini."))
    if not task.is_open:
        raise _closed()
    # Fresh rows: the status and SK dates that count are the stored ones, not those of the caller's objects.
    chosen = list(PillarWorker.objects.filter(pk__in={w.pk for w in workers}).order_by("pk"))
    if not chosen:
        raise ValidationError({"workers": _("Pilih minimal satu petugas.")})
    today = timezone.localdate()
    inactive = [w.name for w in chosen if not w.is_active_on(today)]
    if inactive:
        raise ValidationError({"workers": _("Petugas tidak aktif atau SK-nya tidak berlaku: %(names)s")
                               % {"names": ", ".join(inactive)}})
    old = sorted(task.assignees.values_list("pk", flat=True))
    new = [w.pk for w in chosen]
    if old == new:
        return task
    task.assignees.set(chosen)
    record(actor=actor, action=Action.UPDATE, obj=task, household_id=task.household_id, area_code=task.desa_id,
           source=_audit_source(actor), changes={"assignees": [[str(i) for i in old], [str(i) for i in new]]})
    return task


@transaction.atomic
def complete_task(*, actor, task: Task, outcome: str, note: str = "") -> Task:
    """Record the outcome and close the task. Allowed for a user linked to one of its workers, or a holder of
    ``pillars.change_task`` over its desa. A closed task raises ValidationError: completing twice never writes
    twice. Returns the task as stored."""
    task = _locked(task)
    if actor is not None and not (is_assignee(actor, task) or can_reassign(actor, task)):
        raise PermissionDenied(_("Anda tidak ditugaskan pada tugas ini."))
    if not task.is_open:
        raise _closed()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Pilih hasil tindak lanjut.")})
    note = note.strip()
    if outcome == Outcome.OTHER and not note:
        raise ValidationError({"outcome_note": _("Jelaskan hasilnya pada catatan.")})
    return _close(actor=actor, task=task, status=TaskStatus.DONE, outcome=outcome, note=note)


@transaction.atomic
def cancel_task(*, actor, task: Task, reason: str) -> Task:
    """Close a task that no longer needs doing; for holders of ``pillars.change_task`` over its desa. The
    reason is kept as the task's note."""
    task = _locked(task)
    if actor is not None and not can_reassign(actor, task):
        raise PermissionDenied(_("Anda tidak berwenang membatalkan tugas di wilayah ini."))
    if not task.is_open:
        raise _closed()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Sebutkan alasan pembatalan.")})
    return _close(actor=actor, task=task, status=TaskStatus.CANCELLED, outcome="", note=reason)


def _close(*, actor, task: Task, status: str, outcome: str, note: str) -> Task:
    before = {"status": task.status, "outcome": task.outcome, "outcome_note": task.outcome_note}
    task.status, task.outcome, task.outcome_note = status, outcome, note
    task.done_at = timezone.now()
    task.done_by = actor if actor is not None and actor.is_authenticated else None
    task.save(update_fields=["status", "outcome", "outcome_note", "done_at", "done_by"])
    record(actor=actor, action=Action.UPDATE, obj=task, household_id=task.household_id, area_code=task.desa_id,
           source=_audit_source(actor),
           changes=diff(before, {"status": status, "outcome": outcome, "outcome_note": note}))
    task_closed.send(sender=Task, task=task, actor=actor)
    return task

