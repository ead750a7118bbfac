"""Background forms of the bulk list operations: enrol the eligible, remove many, plan the payments, copy a
large list into a new tahap, put an imported list on its tahap.

The ``start_*`` functions are what views (and the import hook) call: they check the right and the tahap's state
at once, so the user hears "no" on the spot, mark the job as queued on its progress row and enqueue it. The
tasks are thin and idempotent: they look the tahap up again and call the operation, which skips whatever is
already done, so a task delivered twice changes nothing the second time. Progress rows are keyed
``programs:cycle:<id>:<job>``; the cycle page polls them, which survives a reload.

A progress row's ``phase`` is ``<state>`` or ``<state>|<message>`` with the states below; the message is stored
data (in the installation's language), shown once the job has ended.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from sinergi.areas.models import subtree_q
from sinergi.core.jobs import Cancelled, Progress, clear_cancel, progress_of
from sinergi.core.models import JobProgress
from sinergi.imports.models import ImportBatch
from sinergi.registry.codes import HouseholdStatus
from sinergi.registry.models import Household

from . import operations
from .models import Cycle, CycleState, Enrolment, EnrolmentStatus

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, CANCELLED, FAILED = "menunggu", "berjalan", "selesai", "dibatalkan", "gagal"
UNFINISHED = (QUEUED, RUNNING)
# A job whose row has not moved for this long is taken as dead (worker restarted): it may be started again.
STALE_AFTER = datetime.timedelta(minutes=30)

ENROL, REMOVE, PLAN, COPY = "kelayakan", "keluarkan", "rencana", "salin"
JOBS = (ENROL, REMOVE, PLAN, COPY)


def progress_key(cycle_id: int, job: str) -> str:
    return f"programs:cycle:{cycle_id}:{job}"


def import_job(batch_id: int) -> str:
    return f"impor-{batch_id}"


def job_state(row: JobProgress | None) -> tuple[str, str]:
    """(state, message) of a progress row; ("", "") when there is none."""
    if row is None:
        return "", ""
    state, _sep, message = row.phase.partition("|")
    return state, message


def is_running(row: JobProgress | None) -> bool:
    return (row is not None and job_state(row)[0] in UNFINISHED
            and row.updated_at > timezone.now() - STALE_AFTER)


def _queue(key: str, total: int = 0) -> None:
    if is_running(progress_of(key)):
        raise ValidationError(_("Proses ini sedang berjalan untuk tahap ini; tunggu hingga selesai atau "
                                "batalkan."))
    Progress(key, phase=QUEUED, total=total)
    clear_cancel(key)


def _end(key: str, state: str, message: str = "", **fields: Any) -> None:
    phase = f"{state}|{message}" if message else state
    JobProgress.objects.filter(key=key).update(phase=phase[:100], updated_at=timezone.now(), **fields)


def _actor(actor_id: int | None):
    return get_user_model().objects.filter(pk=actor_id).first() if actor_id else None


def _actor_id(actor) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _run(key: str, cycle_id: int, actor_id: int | None, total: int,
         work: Callable[[Any, Cycle, Callable[[int], None]], str]) -> str:
    """Run ``work(actor, cycle, advance)`` under the progress row; return and store how it ended."""
    with translation.override(settings.LANGUAGE_CODE):
        cycle = Cycle.objects.select_related("program", "regency").filter(pk=cycle_id).first()
        if cycle is None:
            _end(key, FAILED, _("Tahap tidak ditemukan."))
            return FAILED
        progress = Progress(key, phase=RUNNING, total=total)
        try:
            message = work(_actor(actor_id), cycle, progress.advance)
        except Cancelled:
            _end(key, CANCELLED, _("Dibatalkan; tidak ada yang berubah."))
            return CANCELLED
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else _("Tidak berwenang.")
            _end(key, FAILED, text)
            return FAILED
        except Exception:
            logger.exception("%s failed", key)
            _end(key, FAILED, _("Gagal karena kesalahan sistem; tidak ada yang berubah. Hubungi admin."))
            raise
        _end(key, DONE, message, **({"done": total} if total else {}))
        return DONE


def _regency_households(cycle: Cycle, desa_codes: Iterable[str] | None) -> int:
    codes = [c for c in desa_codes or () if c]
    query = Household.objects.filter(status=HouseholdStatus.ACTIVE)
    if codes:
        area = subtree_q("desa_id", codes[0])
        for code in codes[1:]:
            area |= subtree_q("desa_id", code)
        return query.filter(area).count()
    return query.filter(subtree_q("desa_id", cycle.regency_id)).count()


# ------------------------------------------------------------------------------------------------ enrol eligible


@task()
def enrol_eligible_job(cycle_id: int, actor_id: int | None = None, desa_codes: list[str] | None = None) -> str:
    def work(actor, cycle, advance):
        result = operations.enrol_eligible(actor=actor, cycle=cycle, desa_codes=desa_codes, on_progress=advance)
        return _("%(enrolled)s penerima baru dari %(households)s keluarga diperiksa.") % result

    cycle = Cycle.objects.filter(pk=cycle_id).first()
    total = _regency_households(cycle, desa_codes) if cycle else 0
    return _run(progress_key(cycle_id, ENROL), cycle_id, actor_id, total, work)


def start_enrol_eligible(*, actor, cycle: Cycle, desa_codes: list[str] | None = None) -> str:
    operations.require_manage(actor, cycle.regency_id)
    operations.require_open(cycle)
    key = progress_key(cycle.pk, ENROL)
    _queue(key)
    enrol_eligible_job.enqueue(cycle.pk, _actor_id(actor), list(desa_codes or []) or None)
    return key


# --------------------------------------------------------------------------------------------- remove enrolments


@task()
def remove_enrolments_job(cycle_id: int, actor_id: int | None, enrolment_ids: list[int], reason: str) -> str:
    def work(actor, cycle, advance):
        removed = operations.remove_enrolments(actor=actor, cycle=cycle, enrolment_ids=enrolment_ids,
                                               reason=reason, on_progress=advance)
        return _("%(n)s penerima dikeluarkan.") % {"n": removed}

    return _run(progress_key(cycle_id, REMOVE), cycle_id, actor_id, len(enrolment_ids), work)


def start_remove_enrolments(*, actor, cycle: Cycle, enrolment_ids: Iterable[int], reason: str) -> str:
    operations.require_manage(actor, cycle.regency_id)
    operations.require_open(cycle, removing=True)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasannya.")})
    ids = sorted({int(i) for i in enrolment_ids})
    key = progress_key(cycle.pk, REMOVE)
    _queue(key, total=len(ids))
    remove_enrolments_job.enqueue(cycle.pk, _actor_id(actor), ids, reason.strip())
    return key


# -------------------------------------------------------------------------------------------- plan distributions


@task()
def plan_distributions_job(cycle_id: int, actor_id: int | None, planned_on: str, channel: str = "",
                           amount_per_enrolment: int | None = None) -> str:
    def work(actor, cycle, advance):
        planned = operations.plan_distributions(
            actor=actor, cycle=cycle, amount_per_enrolment=amount_per_enrolment,
            planned_on=datetime.date.fromisoformat(planned_on), channel=channel, on_progress=advance)
        return _("%(n)s penyaluran direncanakan.") % {"n": planned}

    total = Enrolment.objects.filter(cycle_id=cycle_id, status=EnrolmentStatus.ACTIVE,
                                     distributions__isnull=True).count()
    return _run(progress_key(cycle_id, PLAN), cycle_id, actor_id, total, work)


def start_plan_distributions(*, actor, cycle: Cycle, planned_on: datetime.date, channel: str = "",
                             amount_per_enrolment: int | None = None) -> str:
    operations.require_manage(actor, cycle.regency_id)
    if cycle.state != CycleState.FROZEN:
        raise ValidationError(_("Bekukan daftar penerima tahap ini sebelum merencanakan penyaluran.")
                              if cycle.state == CycleState.OPEN else _("Tahap ini sudah ditutup."))
    if amount_per_enrolment is not None and amount_per_enrolment <= 0:
        raise ValidationError({"amount_per_enrolment": _("Jumlah harus lebih dari nol.")})
    key = progress_key(cycle.pk, PLAN)
    _queue(key)
    plan_distributions_job.enqueue(cycle.pk, _actor_id(actor), planned_on.isoformat(), channel,
                                   amount_per_enrolment)
    return key


# ---------------------------------------------------------------------------------------- copy a previous list


@task()
def copy_enrolments_job(cycle_id: int, actor_id: int | None, copy_from_id: int) -> str:
    def work(actor, cycle, advance):
        copy_from = Cycle.objects.get(pk=copy_from_id)
        copied = operations.copy_enrolments(actor=actor, cycle=cycle, copy_from=copy_from, on_progress=advance)
        return _("%(n)s penerima disalin dari tahap %(code)s.") % {"n": copied, "code": copy_from.code}

    total = Enrolment.objects.filter(cycle_id=copy_from_id, status=EnrolmentStatus.ACTIVE).count()
    return _run(progress_key(cycle_id, COPY), cycle_id, actor_id, total, work)


def start_copy_enrolments(*, actor, cycle: Cycle, copy_from: Cycle) -> str:
    operations.require_manage(actor, cycle.regency_id)
    operations.require_open(cycle)
    key = progress_key(cycle.pk, COPY)
    _queue(key)
    copy_enrolments_job.enqueue(cycle.pk, _actor_id(actor), copy_from.pk)
    return key


# ------------------------------------------------------------------------------------------ an imported list


@task()
def enrol_from_import_job(cycle_id: int, actor_id: int | None, batch_id: int) -> str:
    batch = ImportBatch.objects.get(pk=batch_id)
    outcome = {}

    def work(actor, cycle, advance):
        result = operations.enrol_from_import(actor=actor, batch=batch, cycle=cycle, on_progress=advance)
        outcome["note"] = operations.import_result_note(cycle, result)
        return outcome["note"]

    state = _run(progress_key(cycle_id, import_job(batch_id)), cycle_id, actor_id, batch.rows_total, work)
    with translation.override(settings.LANGUAGE_CODE):
        if state == DONE:
            operations.note_on_batch(batch, outcome["note"])
        else:
            message = job_state(progress_of(progress_key(cycle_id, import_job(batch_id))))[1]
            operations.note_on_batch(batch, _("Daftar ini tidak dimasukkan ke tahap: %(reason)s")
                                     % {"reason": message})
    return state


def start_enrol_from_import(*, actor, batch: ImportBatch, cycle: Cycle) -> str:
    operations.require_manage(actor, cycle.regency_id)
    operations.require_open(cycle)
    key = progress_key(cycle.pk, import_job(batch.pk))
    _queue(key, total=batch.rows_total)
    enrol_from_import_job.enqueue(cycle.pk, _actor_id(actor), batch.pk)
    return key
