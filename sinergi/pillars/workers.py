"""The workers' registry: every write to a pillar worker is one of these operations (keyword-only, validated, one
transaction, audited with ``source="pillars"`` on the worker's kabupaten).

Permissions: registering needs ``pillars.add_pillarworker``, changing and deactivating
``pillars.change_pillarworker`` (MANAGE_WORKERS), both over the worker's home area (a kabupaten/kota). A system
actor (``actor=None``: CLI, demo data) is trusted.

**The linked account and its role (the account-link rule).** A worker may be linked to a user account. When it
is, the account should hold the default role matching the worker's pillar type (``PILLAR_ROLE``: data, one row
per type that has a role; other types get no role) over each of the worker's work areas, so a PSM's login sees
the desa the decree gives them. After every write the operations bring the account in line:

* for each work area, an ``Assignment(user, role, area)`` is created when the user does not already hold that
  role there (directly or through an area above it);
* the assignments a worker's operations created are the worker's own. They are remembered in the worker's audit
  trail (``assignments_owned`` in its entries: the audit log is the history, and the model stays as it is).
  When a work area goes away, the account is unlinked or changed, the type changes, or the worker is
  deactivated, the worker's own assignments that are no longer needed are switched off (``active=False``,
  never deleted), unless another active worker of the same account still needs the same role there. A work
  area given back later switches the worker's own assignment on again;
* an assignment the worker did not create (an admin made it by hand, or another worker did) is never changed:
  not switched off when the worker leaves the area, and not switched on when an admin switched it off.

The role follows the worker's status, not the SK dates: an expired SK does not switch the role off by itself;
deactivating the worker does.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import Area, Level
from sinergi.audit.log import diff, record
from sinergi.audit.models import Action, AuditEntry

from .models import MANAGE_WORKERS, PillarType, PillarWorker, WorkArea, WorkerStatus

ADD_WORKERS = "pillars.add_pillarworker"
SOURCE = "pillars"

# Pillar type -> code of the role its linked account receives over the work areas. Types without an entry (Tagana,
# Karang Taruna, P3MD, ...) have no matching default role and get none; an installation adds a row when it
# creates a role for them.
PILLAR_ROLE: dict[str, str] = {
    PillarType.TKSK: "tksk",
    PillarType.PKH_FACILITATOR: "pendamping-pkh",
    PillarType.PSM: "psm",
    PillarType.SLRT: "slrt",
}

# What update_worker may change. Deactivation has its own operation (it needs a reason).
EDITABLE = ["name", "pillar_type", "sk_number", "sk_start", "sk_end", "phone", "user", "status"]
_SNAPSHOT = ["name", "pillar_type", "sk_number", "sk_start", "sk_end", "phone", "status", "user_id"]

# Spaces, dashes, dots and brackets people type between digit groups; dropped before checking.
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
# An Indonesian number as written: 0812..., 62812... or +62812... (mobile, or a landline with its area code).
_PHONE = re.compile(r"(?:\+62|62|0)[1-9][0-9]{6,12}")


def clean_phone(phone: str) -> str:
    """The number with separators dropped ('0812-3456-7890' -> '081234567890'); only digits and a leading +
    remain. Empty stays empty. ValidationError for anything else."""
    value = _PHONE_SEPARATORS.sub("", phone or "")
    if value and not _PHONE.fullmatch(value):
        raise ValidationError({"phone": _("Nomor HP tidak valid. Tulis angka saja, misalnya 081234567890 atau "
                                          "+6281234567890.")})
    return value


def _require(actor, perm: str, home_area_code: str) -> None:
    if actor is not None and not scoping.has_perm_for(actor, perm, home_area_code):
        raise PermissionDenied(_("Anda tidak berwenang mengelola petugas pilar kabupaten/kota ini."))


def _check_home_area(home_area) -> None:
    if not isinstance(home_area, Area) or home_area.level != Level.REGENCY:
        raise ValidationError({"home_area": _("Petugas pilar dikelola oleh kabupaten/kota.")})


def _check_areas(home_area: Area, areas) -> list[Area]:
    """The work areas, each once, in code order: desa or kecamatan inside the home kabupaten, at least one."""
    chosen = sorted({a.code: a for a in areas or []}.values(), key=lambda a: a.code)
    if not chosen:
        raise ValidationError({"areas": _("Pilih minimal satu wilayah tugas (desa/kelurahan atau kecamatan).")})
    wrong_level = [a.name for a in chosen if a.level not in (Level.DISTRICT, Level.VILLAGE)]
    if wrong_level:
        raise ValidationError({"areas": _("Wilayah tugas harus desa/kelurahan atau kecamatan: %(names)s")
                               % {"names": ", ".join(wrong_level)}})
    outside = [a.name for a in chosen if not home_area.covers(a.code)]
    if outside:
        raise ValidationError({"areas": _("Wilayah tugas harus di dalam %(home)s: %(names)s")
                               % {"home": home_area.name, "names": ", ".join(outside)}})
    return chosen


def _check_user(user) -> None:
    if user is None:
        return
    if not isinstance(user, get_user_model()) or user.pk is None or not user.is_active:
        raise ValidationError({"user": _("Akun pengguna harus akun yang sudah ada dan aktif.")})


def _snapshot(worker: PillarWorker) -> dict[str, Any]:
    return {field: getattr(worker, field) for field in _SNAPSHOT}


# ------------------------------------------------------------------------------------------------ operations


@transaction.atomic
def register_worker(*, actor, home_area: Area, name: str, pillar_type: str, sk_number: str = "",
                    sk_start: datetime.date | None = None, sk_end: datetime.date | None = None, phone: str = "",
                    user=None, areas: list[Area]) -> PillarWorker:
    """Register a worker managed by ``home_area`` (a kabupaten/kota) with its work areas; the linked account, if
    any, receives the role of its type over them (see the module's account-link rule)."""
    _check_home_area(home_area)
    _require(actor, ADD_WORKERS, home_area.code)
    chosen = _check_areas(home_area, areas)
    _check_user(user)
    worker = PillarWorker(name=(name or "").strip(), pillar_type=pillar_type, sk_number=(sk_number or "").strip(),
                          sk_start=sk_start, sk_end=sk_end, phone=clean_phone(phone), user=user,
                          home_area=home_area, status=WorkerStatus.ACTIVE)
    worker.full_clean()
    worker.save()
    WorkArea.objects.bulk_create([WorkArea(worker=worker, area=area) for area in chosen])
    changes = diff({}, _snapshot(worker))
    changes["areas"] = [[], [a.code for a in chosen]]
    changes.update(_sync_account(actor=actor, worker=worker, codes=[a.code for a in chosen]))
    record(actor=actor, action=Action.CREATE, obj=worker, area_code=worker.home_area_id, source=SOURCE,
           changes=changes)
    return worker


@transaction.atomic
def update_worker(*, actor, worker: PillarWorker, changes: dict[str, Any],
                  areas: list[Area] | None = None) -> dict[str, list[Any]]:
    """Apply ``changes`` (fields of ``EDITABLE``) and, when ``areas`` is given, replace the work areas. Returns
    {field: [old, new]} of what changed (``areas`` as code lists; ``assignments_*`` when the linked account's
    roles changed); nothing is written when nothing changed. Setting the status to inactive goes through
    :func:`deactivate_worker`; setting it back to active is a change like the others."""
    worker = PillarWorker.objects.select_for_update(of=("self",)).select_related("home_area").get(pk=worker.pk)
    _require(actor, MANAGE_WORKERS, worker.home_area_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown)))
    if changes.get("status", worker.status) == WorkerStatus.INACTIVE and worker.status != WorkerStatus.INACTIVE:
        raise ValidationError({"status": _("Menonaktifkan petugas memerlukan alasan penonaktifan.")})
    before = _snapshot(worker)
    for field, value in changes.items():
        if field in ("name", "sk_number"):
            value = (value or "").strip()
        elif field == "phone":
            # A number stored before this check (with dashes, say) stays as it is until someone changes it.
            value = worker.phone if value == worker.phone else clean_phone(value)
        elif field == "user" and value is not None and value.pk != worker.user_id:
            _check_user(value)
        setattr(worker, field, value)
    worker.full_clean()
    old_codes = sorted(worker.work_areas.values_list("area_id", flat=True))
    new_codes = old_codes
    chosen: list[Area] = []
    if areas is not None:
        chosen = _check_areas(worker.home_area, areas)
        new_codes = [a.code for a in chosen]
    changed = diff(before, _snapshot(worker))
    if new_codes != old_codes:
        changed["areas"] = [old_codes, new_codes]
    if not changed:
        return {}
    worker.save()
    if new_codes != old_codes:
        WorkArea.objects.filter(worker=worker).exclude(area_id__in=new_codes).delete()
        WorkArea.objects.bulk_create([WorkArea(worker=worker, area=a) for a in chosen if a.code not in old_codes])
    changed.update(_sync_account(actor=actor, worker=worker, codes=new_codes))
    record(actor=actor, action=Action.UPDATE, obj=worker, area_code=worker.home_area_id, source=SOURCE,
           changes=changed)
    return changed


@transaction.atomic
def deactivate_worker(*, actor, worker: PillarWorker, reason: str) -> PillarWorker:
    """Set the worker inactive (kept, with its history; no longer covering any desa) and switch off the roles
    its linked account received through it. The reason is kept in the audit entry. An inactive worker is
    returned as it is, without a write."""
    worker = PillarWorker.objects.select_for_update(of=("self",)).get(pk=worker.pk)
    _require(actor, MANAGE_WORKERS, worker.home_area_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Sebutkan alasan penonaktifan.")})
    if worker.status == WorkerStatus.INACTIVE:
        return worker
    worker.status = WorkerStatus.INACTIVE
    worker.save(update_fields=["status"])
    changes = {"status": [WorkerStatus.ACTIVE.value, WorkerStatus.INACTIVE.value], "reason": ["", reason]}
    codes = list(worker.work_areas.values_list("area_id", flat=True))
    changes.update(_sync_account(actor=actor, worker=worker, codes=codes))
    record(actor=actor, action=Action.UPDATE, obj=worker, area_code=worker.home_area_id, source=SOURCE,
           changes=changes)
    return worker


# ------------------------------------------------------------------------------------------- linked account


def owned_assignments(worker: PillarWorker) -> set[int]:
    """Ids of the assignments this worker's operations created: the ``assignments_owned`` of its latest audit
    entry that has one."""
    entries = AuditEntry.objects.filter(object_type="pillars.pillarworker", object_id=str(worker.pk)).order_by("-id")
    for changes in entries.values_list("changes", flat=True):
        if isinstance(changes, dict) and "assignments_owned" in changes:
            return {int(pk) for pk in changes["assignments_owned"][1]}
    return set()


def _still_needed(worker: PillarWorker, rows: list[Assignment]) -> set[int]:
    """Of ``rows``, those another active worker of the same account needs (same role, same area)."""
    if not rows:
        return set()
    others = WorkArea.objects.filter(
        worker__user_id__in={r.user_id for r in rows}, worker__status=WorkerStatus.ACTIVE,
        area_id__in={r.area_id for r in rows},
    ).exclude(worker=worker).values_list("worker__user_id", "worker__pillar_type", "area_id")
    needed = {(user_id, PILLAR_ROLE.get(kind), area) for user_id, kind, area in others}
    return {r.pk for r in rows if (r.user_id, r.role.code, r.area_id) in needed}


def _audit_assignment(actor, worker: PillarWorker, row: Assignment, before: bool | None) -> None:
    record(actor=actor, action=Action.CREATE if before is None else Action.UPDATE, obj=row,
           area_code=row.area_id, source=SOURCE,
           changes={"active": [before, row.active], "user_id": [None, str(row.user_id)],
                    "role": [None, row.role.code], "worker": [None, str(worker.pk)]})


def _sync_account(*, actor, worker: PillarWorker, codes: list[str]) -> dict[str, list[Any]]:
    """Bring the linked account's assignments in line with the worker (the module's account-link rule). Returns
    the audit changes of the worker's entry."""
    owned_before = owned_assignments(worker)
    role_code = PILLAR_ROLE.get(worker.pillar_type)
    role = None
    if worker.user_id and worker.status == WorkerStatus.ACTIVE and role_code:
        role = Role.objects.filter(code=role_code).first()
    wanted = set(codes) if role is not None else set()

    query = Q(pk__in=owned_before)
    if role is not None:
        query |= Q(user_id=worker.user_id, role=role)
    rows = list(Assignment.objects.select_for_update(of=("self",)).select_related("role").filter(query)
                .order_by("pk"))
    mine = {(r.user_id, r.role_id, r.area_id): r for r in rows if r.pk in owned_before}

    # Switch off the worker's own assignments it no longer needs, unless another worker of the account does.
    wanted_keys = {(worker.user_id, role.pk, code) for code in wanted} if role is not None else set()
    leaving = [r for key, r in mine.items() if r.active and key not in wanted_keys]
    kept = _still_needed(worker, leaving)
    deactivated = []
    for row in leaving:
        if row.pk not in kept:
            row.active = False
            row.save(update_fields=["active"])
            _audit_assignment(actor, worker, row, before=True)
            deactivated.append(row.pk)

    created, reactivated = [], []
    if role is not None:
        same_role = [r for r in rows if r.user_id == worker.user_id and r.role_id == role.pk]
        holding = [r.area_id for r in same_role if r.active]
        exact = {r.area_id: r for r in same_role}
        for code in sorted(wanted):
            row = exact.get(code)
            if row is not None and not row.active and row.pk in owned_before:
                row.active = True
                row.save(update_fields=["active"])
                _audit_assignment(actor, worker, row, before=False)
                reactivated.append(row.pk)
                holding.append(code)
            elif row is None and not any(code == a or code.startswith(a + ".") for a in holding):
                row = Assignment.objects.create(user_id=worker.user_id, role=role, area_id=code)
                _audit_assignment(actor, worker, row, before=None)
                created.append(row.pk)
                holding.append(code)
            # Otherwise the account holds the role there already (nothing to do), or an admin switched that
            # assignment off by hand (theirs to switch on again).

    if worker.user_id and (created or reactivated or deactivated):
        scoping.forget(worker.user)
    changes: dict[str, list[Any]] = {}
    owned_after = owned_before | set(created)
    if owned_after != owned_before:
        changes["assignments_owned"] = [sorted(owned_before), sorted(owned_after)]
    for key, ids in (("assignments_created", created), ("assignments_reactivated", reactivated),
                     ("assignments_deactivated", deactivated)):
        if ids:
            changes[key] = [[], ids]
    return changes
