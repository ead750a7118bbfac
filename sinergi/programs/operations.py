"""Every write of the programmes' catalogue side: cycles (tahap), their recipient lists and their distributions.

Each operation is keyword-only, checks that the actor may manage programmes in the cycle's kabupaten/kota
(``actor=None`` is the system: CLI, import hook), validates with a message in Bahasa Indonesia, writes in one
transaction and records an audit entry; bulk operations record one entry that summarises them.

A cycle's list changes only while it is open. Once frozen it is the snapshot paid in that tahap: additions and
removals are refused with the name of the next open tahap, where they belong. The bulk operations work in
chunks of :data:`CHUNK` rows with set-based inserts and report progress through ``on_progress(done)``, which
the background tasks connect to :class:`sinergi.core.jobs.Progress` (whose ``Cancelled`` rolls the whole
operation back).
"""

from __future__ import annotations

import calendar
import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.log import user_or_none as _user
from sinergi.audit.models import Action
from sinergi.core import bulk
from sinergi.imports.models import ImportBatch, ImportRow, Kind, Outcome, Status
from sinergi.registry.codes import HouseholdStatus
from sinergi.registry.models import Household, Person

from . import eligibility, perms
from .models import (
    Cycle,
    CycleState,
    Distribution,
    DistributionState,
    Enrolment,
    EnrolmentStatus,
    Program,
    StackingRule,
    StackLevel,
)

logger = logging.getLogger(__name__)

CHUNK = 2000
ProgressCallback = Callable[[int], None] | None

SOURCE_MANUAL = "manual"
SOURCE_IMPORT = "impor"
SOURCE_ELIGIBILITY = "kelayakan"
# Sources are stored data, the same whatever language the user who caused them reads.
SOURCE_CYCLE = "tahap {code}"
IMPORTED_OUTCOMES = (Outcome.NEW, Outcome.UPDATED, Outcome.UNCHANGED)


def require_manage(actor, regency_code: str) -> None:
    if actor is not None and not scoping.has_perm_for(actor, perms.PROGRAMS_MANAGE, regency_code):
        raise PermissionDenied(_("Anda tidak berwenang mengelola program di wilayah ini."))


def _locked(cycle: Cycle) -> Cycle:
    """The cycle row locked for this transaction (its list's writers queue up), not its programme or area:
    other tahap of the programme and the kabupaten's imports go on."""
    return Cycle.objects.select_for_update(of=("self",)).select_related("program", "regency").get(pk=cycle.pk)


def next_open_cycle(cycle: Cycle) -> Cycle | None:
    """The open tahap of the same programme and kabupaten/kota that follows ``cycle``, if one was opened."""
    return (Cycle.objects.filter(program_id=cycle.program_id, regency_id=cycle.regency_id, state=CycleState.OPEN,
                                 starts_on__gte=cycle.starts_on).exclude(pk=cycle.pk)
            .order_by("starts_on", "id").first())


def require_open(cycle: Cycle, *, removing: bool = False) -> None:
    """Refuse a change of a frozen or closed list, naming the tahap where the change belongs. Never redirects
    silently: who adds a recipient must know which tahap pays them."""
    if cycle.state == CycleState.OPEN:
        return
    state = CycleState(cycle.state).label.lower()
    following = next_open_cycle(cycle)
    if following is None:
        raise ValidationError(_("Tahap %(cycle)s sudah %(state)s; buka tahap berikutnya untuk mengubah daftar "
                                "penerima.") % {"cycle": cycle.code, "state": state})
    message = (_("Tahap %(cycle)s sudah %(state)s; keluarkan dari tahap %(next)s.") if removing
               else _("Tahap %(cycle)s sudah %(state)s; tambahkan ke tahap %(next)s."))
    raise ValidationError(message % {"cycle": cycle.code, "state": state, "next": following.code})


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Tuliskan alasannya.")})
    if len(reason) > 300:
        raise ValidationError({field: _("Alasan paling panjang 300 karakter.")})
    return reason


def _in_regency(area_code: str, regency_code: str) -> bool:
    return area_code.startswith(regency_code + ".")


def _ids_in_chunks(queryset: QuerySet, size: int = CHUNK) -> Iterable[list[int]]:
    """Primary keys in ascending chunks (keyset, no OFFSET: rows change as the caller works)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        last = ids[-1]
        yield ids


# ------------------------------------------------------------------------------------------- rules and snapshots


def program_rules(program: Program) -> eligibility.ProgramRules:
    components = tuple(eligibility.ComponentRule(c.code, c.amount_per_year, c.rule or {}, c.order)
                       for c in program.components.all())
    return eligibility.ProgramRules(
        code=program.code, unit=program.unit, benefit_per_year=program.benefit_per_year,
        max_desil=program.max_desil, exclusions=tuple(program.exclusions or ()), components=components,
        max_components=program.max_components)


def household_snapshots(household_ids: Iterable[int], *,
                        day: datetime.date) -> dict[int, eligibility.HouseholdSnapshot]:
    """What :mod:`eligibility` needs of these households, ages on ``day``: two queries for any number."""
    ids = list(household_ids)
    members: dict[int, list[eligibility.MemberSnapshot]] = defaultdict(list)
    rows = (Person.objects.filter(household_id__in=ids, merged_into__isnull=True)
            .order_by("household_id", "relation", "birth_date", "id")
            .values_list("household_id", "id", "birth_date", "sex", "disability", "status", "occupation", "name"))
    for household_id, pk, born, sex, disability, status, occupation, name in rows:
        members[household_id].append(eligibility.MemberSnapshot(
            id=pk, age=eligibility.age_on(born, day), sex=sex, disability=disability, status=status,
            occupation=occupation, name=name))
    households = Household.objects.filter(pk__in=ids).values_list(
        "id", "welfare__desil", "has_car", "has_ac", "land_area_m2", "status")
    return {pk: eligibility.HouseholdSnapshot(id=pk, desil=desil, has_car=car, has_ac=ac, land_area_m2=land,
                                              status=status, members=tuple(members[pk]))
            for pk, desil, car, ac, land, status in households}


def stacking_pairs(program: Program) -> list[eligibility.StackingPair]:
    """The rules that forbid holding ``program`` together with another one."""
    rows = (StackingRule.objects.filter(Q(program_a=program) | Q(program_b=program), allowed=False)
            .values_list("program_a__code", "program_b__code", "allowed", "level", "note"))
    return [eligibility.StackingPair(a, b, allowed, level, note) for a, b, allowed, level, note in rows]


def _held(program: Program, pairs: list[eligibility.StackingPair], household_ids: list[int]):
    """Programmes the households (and persons) hold in their current tahap that may clash with ``program``."""
    others = {p.program_a if p.program_b == program.code else p.program_b for p in pairs}
    by_household: dict[int, set[str]] = defaultdict(set)
    by_person: dict[int, set[str]] = defaultdict(set)
    if others:
        rows = (Enrolment.objects.active().filter(household_id__in=household_ids, program__code__in=others,
                                                  cycle__in=Cycle.objects.current())
                .values_list("household_id", "person_id", "program__code"))
        for household_id, person_id, code in rows:
            by_household[household_id].add(code)
            if person_id:
                by_person[person_id].add(code)
    return by_household, by_person


def _clashes(code: str, held: set[str], pairs: list[eligibility.StackingPair], level: str) -> bool:
    level_pairs = [p for p in pairs if p.level == level]
    return any(code in pair for pair in eligibility.forbidden_pairs(held | {code}, level_pairs))


# ------------------------------------------------------------------------------------------------------- cycles


@transaction.atomic
def create_cycle(*, actor, program: Program, regency: Area, code: str, starts_on: datetime.date,
                 ends_on: datetime.date, name: str = "", copy_from: Cycle | None = None) -> Cycle:
    """Open a tahap. ``copy_from`` (a tahap of the same programme and kabupaten/kota) starts the new list as a
    copy of its active recipients, source "tahap <code>"."""
    require_manage(actor, regency.code)
    if regency.level != Level.REGENCY:
        raise ValidationError({"regency": _("Tahap dibuat per kabupaten/kota.")})
    if not program.active:
        raise ValidationError({"program": _("Program %(program)s tidak aktif.") % {"program": program.code}})
    if program.area_id and not (regency.code == program.area_id or _in_regency(regency.code, program.area_id)
                                or _in_regency(program.area_id, regency.code)):
        raise ValidationError({"regency": _("Program daerah %(program)s tidak berlaku di %(regency)s.")
                               % {"program": program.code, "regency": regency.name}})
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Tuliskan kode tahap, misalnya 2026-T1.")})
    if len(code) > 20:
        raise ValidationError({"code": _("Kode tahap paling panjang 20 karakter.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if Cycle.objects.filter(program=program, regency=regency, code__iexact=code).exists():
        raise ValidationError({"code": _("Tahap %(code)s program ini sudah ada di kabupaten/kota ini.")
                               % {"code": code}})
    if copy_from is not None and (copy_from.program_id != program.pk or copy_from.regency_id != regency.code):
        raise ValidationError({"copy_from": _("Daftar hanya dapat disalin dari tahap program dan kabupaten/kota "
                                              "yang sama.")})
    cycle = Cycle.objects.create(program=program, regency=regency, code=code, name=(name or "").strip()[:120],
                                 starts_on=starts_on, ends_on=ends_on)
    changes: dict[str, Any] = {"program": program.code, "regency": regency.code, "code": code,
                               "starts_on": starts_on, "ends_on": ends_on}
    if copy_from is not None:
        changes["copy_from"] = copy_from.code
        changes["copied"] = _copy_enrolments(actor=actor, cycle=cycle, copy_from=copy_from, on_progress=None)
    record(actor=actor, action=Action.CREATE, obj=cycle, area_code=regency.code, changes=changes)
    return cycle


@transaction.atomic
def copy_enrolments(*, actor, cycle: Cycle, copy_from: Cycle, on_progress: ProgressCallback = None) -> int:
    """Carry the active recipients of ``copy_from`` into the open ``cycle``; who is already on it is skipped,
    so a repeated run adds nothing. What :func:`create_cycle` does with ``copy_from``, for the background task
    that copies a large list into a tahap created empty."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle)
    if copy_from.program_id != cycle.program_id or copy_from.regency_id != cycle.regency_id or copy_from == cycle:
        raise ValidationError({"copy_from": _("Daftar hanya dapat disalin dari tahap lain program dan "
                                              "kabupaten/kota yang sama.")})
    copied = _copy_enrolments(actor=actor, cycle=cycle, copy_from=copy_from, on_progress=on_progress)
    record(actor=actor, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id,
           changes={"copy_from": copy_from.code, "copied": copied})
    return copied


def _copy_enrolments(*, actor, cycle: Cycle, copy_from: Cycle, on_progress: ProgressCallback) -> int:
    """INSERT … SELECT over id ranges of the source: the rows never travel through Python."""
    table = connection.ops.quote_name(Enrolment._meta.db_table)
    source = Enrolment.objects.filter(cycle=copy_from, status=EnrolmentStatus.ACTIVE)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = _user(actor)
    label = SOURCE_CYCLE.format(code=copy_from.code)[:60]
    bounds = source.aggregate(first=Min("pk"), last=Max("pk"), total=Count("pk"))
    if not bounds["total"]:
        return 0
    sql = (
        f"INSERT INTO {table} (cycle_id, program_id, household_id, person_id, components, annual_amount, "  # noqa: S608
        "status, source, import_batch_id, import_row, created_at, created_by_id, removed_at, removed_by_id, "
        "removed_reason) "
        "SELECT %s, e.program_id, e.household_id, e.person_id, e.components, e.annual_amount, %s, %s, NULL, NULL, "
        f"%s, %s, NULL, NULL, '' FROM {table} e "
        "WHERE e.cycle_id = %s AND e.status = %s AND e.id >= %s AND e.id < %s "
        f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.cycle_id = %s AND t.status = %s "
        "AND t.household_id = e.household_id "
        "AND ((e.person_id IS NULL AND t.person_id IS NULL) OR t.person_id = e.person_id))"
    )
    # Id ranges, not row counts: a range is one index scan, and gaps only make a chunk smaller.
    step = CHUNK * 5
    copied = 0
    with connection.cursor() as cursor:
        for start in range(bounds["first"], bounds["last"] + 1, step):
            cursor.execute(sql, [cycle.pk, EnrolmentStatus.ACTIVE, label, now, user.pk if user else None,
                                 copy_from.pk, EnrolmentStatus.ACTIVE, start, start + step, cycle.pk,
                                 EnrolmentStatus.ACTIVE])
            copied += max(cursor.rowcount, 0)
            if on_progress:
                on_progress(source.filter(pk__lt=start + step).count())
    return copied


@transaction.atomic
def freeze_cycle(*, actor, cycle: Cycle) -> Cycle:
    """Open → frozen: the list becomes the snapshot paid in this tahap."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    if cycle.state != CycleState.OPEN:
        raise ValidationError(_("Hanya tahap yang terbuka dapat dibekukan."))
    cycle.state, cycle.frozen_at, cycle.frozen_by = CycleState.FROZEN, timezone.now(), _user(actor)
    cycle.save(update_fields=["state", "frozen_at", "frozen_by"])
    recipients = cycle.enrolments.filter(status=EnrolmentStatus.ACTIVE).count()
    record(actor=actor, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id,
           changes={"state": [CycleState.OPEN, CycleState.FROZEN], "recipients": recipients})
    return cycle


@transaction.atomic
def close_cycle(*, actor, cycle: Cycle) -> Cycle:
    """Frozen → closed: the tahap is over. A list that was never frozen was never paid, so it cannot close."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    if cycle.state != CycleState.FROZEN:
        raise ValidationError(_("Bekukan daftar penerima sebelum menutup tahap.") if cycle.state == CycleState.OPEN
                              else _("Tahap ini sudah ditutup."))
    cycle.state = CycleState.CLOSED
    cycle.save(update_fields=["state"])
    planned = Distribution.objects.filter(enrolment__cycle=cycle, state=DistributionState.PLANNED).count()
    record(actor=actor, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id,
           changes={"state": [CycleState.FROZEN, CycleState.CLOSED], "still_planned": planned})
    return cycle


# --------------------------------------------------------------------------------------------------- enrolment


def _validate_components(program: Program, components: Mapping[str, Any]) -> dict[str, int]:
    known = set(program.components.values_list("code", flat=True))
    unknown = sorted(set(components) - known)
    if unknown:
        raise ValidationError({"components": _("Komponen tidak dikenal untuk program ini: %s")
                               % ", ".join(unknown)})
    cleaned: dict[str, int] = {}
    for code, count in components.items():
        try:
            number = int(count)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            raise ValidationError({"components": _("Jumlah komponen %s harus bilangan bulat.") % code})
        if number:
            cleaned[code] = number
    return cleaned


@transaction.atomic
def enrol(*, actor, cycle: Cycle, household: Household, person: Person | None = None,
          components: Mapping[str, int] | None = None, source: str = SOURCE_MANUAL) -> Enrolment:
    """Put one household (household programme) or one of its members (person programme) on an open list.

    Without ``components`` the registry decides them (ages on the tahap's first day); given ones (an ibu hamil
    the registry cannot know) are kept as given. Eligibility is not required here: the programme's own list
    decides, and the inclusion checks flag who should not be on it."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle)
    program = cycle.program
    if not _in_regency(household.desa_id, cycle.regency_id):
        raise ValidationError({"household": _("Keluarga ini tidak berada di %(regency)s.")
                               % {"regency": cycle.regency.name}})
    if program.per_person:
        if person is None:
            raise ValidationError({"person": _("Program %(program)s diterima per jiwa: pilih anggota keluarga.")
                                   % {"program": program.code}})
        if person.household_id != household.pk:
            raise ValidationError({"person": _("Jiwa ini bukan anggota keluarga tersebut.")})
    elif person is not None:
        raise ValidationError({"person": _("Program %(program)s diterima per keluarga, bukan per jiwa.")
                               % {"program": program.code}})
    duplicate = Enrolment.objects.filter(cycle=cycle, status=EnrolmentStatus.ACTIVE)
    duplicate = duplicate.filter(person=person) if person else duplicate.filter(household=household,
                                                                                 person__isnull=True)
    if duplicate.exists():
        who = _("Jiwa ini") if person else _("Keluarga ini")
        raise ValidationError(_("%(who)s sudah terdaftar di tahap %(cycle)s.") % {"who": who, "cycle": cycle.code})
    rules = program_rules(program)
    if components is None:
        snapshot = household_snapshots([household.pk], day=cycle.starts_on)[household.pk]
        components = eligibility.paid_components(rules, snapshot, person.pk if person else None)
    else:
        components = _validate_components(program, components)
    enrolment = Enrolment.objects.create(
        cycle=cycle, program=program, household=household, person=person, components=dict(components),
        annual_amount=eligibility.amount_for(rules, components), source=(source or SOURCE_MANUAL)[:60],
        created_by=_user(actor))
    record(actor=actor, action=Action.CREATE, obj=enrolment, household_id=household.pk,
           area_code=household.desa_id,
           changes={"program": program.code, "cycle": cycle.code, "person": person.pk if person else None,
                    "components": enrolment.components, "annual_amount": enrolment.annual_amount,
                    "source": enrolment.source})
    return enrolment


@transaction.atomic
def remove_enrolment(*, actor, enrolment: Enrolment, reason: str) -> Enrolment:
    """Take a recipient off an open list. The row stays, marked removed with who, when and why."""
    reason = _reason(reason)
    cycle = _locked(enrolment.cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle, removing=True)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("Penerima ini sudah dikeluarkan."))
    enrolment.status, enrolment.removed_at = EnrolmentStatus.REMOVED, timezone.now()
    enrolment.removed_by, enrolment.removed_reason = _user(actor), reason
    enrolment.save(update_fields=["status", "removed_at", "removed_by", "removed_reason"])
    desa_id = Household.objects.filter(pk=enrolment.household_id).values_list("desa_id", flat=True).first() or ""
    record(actor=actor, action=Action.UPDATE, obj=enrolment, household_id=enrolment.household_id,
           area_code=desa_id,
           changes={"status": [EnrolmentStatus.ACTIVE, EnrolmentStatus.REMOVED], "reason": reason,
                    "cycle": cycle.code})
    return enrolment


@transaction.atomic
def remove_enrolments(*, actor, cycle: Cycle, enrolment_ids: Iterable[int], reason: str,
                      on_progress: ProgressCallback = None) -> int:
    """Remove many recipients of one open list with one reason; ids of other cycles or already removed rows
    are ignored. Returns how many were removed."""
    reason = _reason(reason)
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle, removing=True)
    ids = sorted({int(i) for i in enrolment_ids})
    now, user = timezone.now(), _user(actor)
    removed: list[int] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        matching = Enrolment.objects.filter(cycle=cycle, status=EnrolmentStatus.ACTIVE, pk__in=chunk)
        found = list(matching.values_list("pk", flat=True))
        matching.update(status=EnrolmentStatus.REMOVED, removed_at=now, removed_by=user, removed_reason=reason)
        removed.extend(found)
        if on_progress:
            on_progress(start + len(chunk))
    if removed:
        record(actor=actor, action=Action.UPDATE, object_type="programs.enrolment",
               object_id=f"{len(removed)} rows", object_label=str(cycle), area_code=cycle.regency_id,
               changes={"cycle": cycle.code, "status": [EnrolmentStatus.ACTIVE, EnrolmentStatus.REMOVED],
                        "reason": reason, "ids": removed})
    return len(removed)


@transaction.atomic
def enrol_from_import(*, actor, batch: ImportBatch, cycle: Cycle, on_progress: ProgressCallback = None) -> dict:
    """Put the people of a committed programme list on an open list: household programmes the row's
    household, person programmes the row's person; each enrolment keeps its import batch and row number.
    Who is already on the list (or earlier in the same file) is skipped, so running it twice adds nothing."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle)
    if batch.kind != Kind.PROGRAM or batch.status != Status.COMMITTED:
        raise ValidationError(_("Hanya daftar penerima program yang sudah diterapkan dapat dimasukkan ke tahap."))
    if batch.regency_id != cycle.regency_id:
        raise ValidationError(_("Impor #%(batch)s untuk kabupaten/kota lain.") % {"batch": batch.pk})
    program = cycle.program
    rules = program_rules(program)
    counts: Counter[str] = Counter()
    seen: set[int] = set()
    user = _user(actor)
    rows = ImportRow.objects.filter(batch=batch, outcome__in=IMPORTED_OUTCOMES)
    last = done = 0
    while True:
        chunk = list(rows.filter(number__gt=last).order_by("number")
                     .values_list("number", "person_id", "household_id", "person__household_id")[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        wanted: list[tuple[int, int, int | None]] = []  # (row number, household, person)
        for number, person_id, household_id, person_household_id in chunk:
            household_id = person_household_id or household_id
            key = person_id if program.per_person else household_id
            if key is None:
                counts["unlinked"] += 1
            elif key in seen:
                counts["duplicate"] += 1
            else:
                seen.add(key)
                wanted.append((number, household_id, person_id if program.per_person else None))
        existing = Enrolment.objects.filter(cycle=cycle, status=EnrolmentStatus.ACTIVE)
        if program.per_person:
            already = set(existing.filter(person_id__in=[p for _n, _h, p in wanted]).values_list("person_id",
                                                                                                 flat=True))
        else:
            already = set(existing.filter(person__isnull=True, household_id__in=[h for _n, h, _p in wanted])
                          .values_list("household_id", flat=True))
        fresh = [w for w in wanted if (w[2] if program.per_person else w[1]) not in already]
        counts["already"] += len(wanted) - len(fresh)
        snapshots = household_snapshots({h for _n, h, _p in fresh}, day=cycle.starts_on)
        new = []
        for number, household_id, person_id in fresh:
            components = eligibility.paid_components(rules, snapshots[household_id], person_id)
            new.append(Enrolment(cycle=cycle, program=program, household_id=household_id, person_id=person_id,
                                 components=components, annual_amount=eligibility.amount_for(rules, components),
                                 source=SOURCE_IMPORT, import_batch=batch, import_row=number, created_by=user))
        bulk.insert(Enrolment, new)
        counts["enrolled"] += len(new)
        done += len(chunk)
        if on_progress:
            on_progress(done)
    counts["rows"] = done
    result = {key: counts[key] for key in ("rows", "enrolled", "already", "duplicate", "unlinked")}
    record(actor=actor, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id, source=batch.source,
           changes={"import": batch.pk, **result})
    return result


@transaction.atomic
def enrol_eligible(*, actor, cycle: Cycle, desa_codes: Iterable[str] | None = None,
                   on_progress: ProgressCallback = None) -> dict:
    """Put every active household (household programmes) or member (person programmes) of the cycle's
    kabupaten/kota that :mod:`eligibility` accepts on the open list, optionally only in the given areas (desa
    or kecamatan codes). Skipped and counted: households without a welfare score, the not eligible, who is
    already on the list, and who holds a programme that may not be received together with this one. A second
    run adds nothing."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    require_open(cycle)
    program = cycle.program
    rules = program_rules(program)
    if rules.max_desil is None and not rules.components:
        raise ValidationError(_("Program %(program)s tidak punya syarat yang dapat diperiksa dari registri "
                                "(batas desil atau komponen); masukkan penerimanya dari daftar impor.")
                              % {"program": program.code})
    area_q = subtree_q("desa_id", cycle.regency_id)
    codes = sorted({c.strip() for c in desa_codes or () if c and c.strip()})
    if codes:
        outside = [c for c in codes if not _in_regency(c, cycle.regency_id)]
        if outside:
            raise ValidationError(_("Wilayah di luar %(regency)s: %(codes)s")
                                  % {"regency": cycle.regency.name, "codes": ", ".join(outside)})
        area_q = Q()
        for code in codes:
            area_q |= subtree_q("desa_id", code)
    households = Household.objects.filter(area_q, status=HouseholdStatus.ACTIVE)
    pairs = stacking_pairs(program)
    counts: Counter[str] = Counter()
    user = _user(actor)
    done = 0
    for ids in _ids_in_chunks(households):
        snapshots = household_snapshots(ids, day=cycle.starts_on)
        existing = Enrolment.objects.filter(cycle=cycle, status=EnrolmentStatus.ACTIVE, household_id__in=ids)
        enrolled_households = set(existing.filter(person__isnull=True).values_list("household_id", flat=True))
        enrolled_persons = set(existing.filter(person__isnull=False).values_list("person_id", flat=True))
        held_households, held_persons = _held(program, pairs, ids)
        new = []
        for household_id in ids:
            snapshot = snapshots[household_id]
            if snapshot.desil is None:
                counts["no_score"] += 1
                continue
            decision = eligibility.decide(rules, snapshot)
            if not decision.eligible:
                counts["not_eligible"] += 1
                continue
            if _clashes(program.code, held_households[household_id], pairs, StackLevel.HOUSEHOLD):
                counts["stacking"] += 1
                continue
            if not program.per_person:
                if household_id in enrolled_households:
                    counts["already"] += 1
                    continue
                new.append(Enrolment(cycle=cycle, program=program, household_id=household_id,
                                     components=decision.components, annual_amount=decision.annual_amount,
                                     source=SOURCE_ELIGIBILITY, created_by=user))
                continue
            for person in decision.eligible_persons:
                if person.member_id in enrolled_persons:
                    counts["already"] += 1
                elif _clashes(program.code, held_persons[person.member_id], pairs, StackLevel.PERSON):
                    counts["stacking"] += 1
                else:
                    new.append(Enrolment(cycle=cycle, program=program, household_id=household_id,
                                         person_id=person.member_id, components=person.components,
                                         annual_amount=person.annual_amount, source=SOURCE_ELIGIBILITY,
                                         created_by=user))
        bulk.insert(Enrolment, new)
        counts["enrolled"] += len(new)
        done += len(ids)
        if on_progress:
            on_progress(done)
    counts["households"] = done
    result = {key: counts[key] for key in ("households", "enrolled", "already", "not_eligible", "no_score",
                                           "stacking")}
    record(actor=actor, action=Action.UPDATE, obj=cycle, area_code=cycle.regency_id,
           changes={"enrol_eligible": codes or [cycle.regency_id], **result})
    return result


# ----------------------------------------------------------------------------------------------- distributions


def cycle_months(starts_on: datetime.date, ends_on: datetime.date) -> Fraction:
    """Calendar months from the first to the last day inclusive: 1 Jan–31 Mar is 3, 1 Jan–15 Jan is 15/31."""
    end = ends_on + datetime.timedelta(days=1)
    months = (end.year - starts_on.year) * 12 + end.month - starts_on.month

    def shifted(count: int) -> datetime.date:
        year, month = divmod(starts_on.month - 1 + count, 12)
        year += starts_on.year
        return datetime.date(year, month + 1, min(starts_on.day, calendar.monthrange(year, month + 1)[1]))

    while months > 0 and shifted(months) > end:
        months -= 1
    anchor = shifted(months)
    rest = (end - anchor).days
    if rest == 0:
        return Fraction(months)
    span = (shifted(months + 1) - anchor).days
    return Fraction(months) + Fraction(rest, span)


def default_amount(annual_amount: int, cycle: Cycle) -> int:
    """The annual amount for the tahap's share of the year, rounded half up to whole Rupiah."""
    share = Fraction(annual_amount) * cycle_months(cycle.starts_on, cycle.ends_on) / 12
    return int(share + Fraction(1, 2))


@transaction.atomic
def plan_distributions(*, actor, cycle: Cycle, amount_per_enrolment: int | None = None,
                       planned_on: datetime.date, channel: str = "", on_progress: ProgressCallback = None) -> int:
    """One planned payment for every active recipient of a frozen tahap that has none yet; the amount is the
    given one or the recipient's annual amount for the tahap's months. Recipients whose amount comes to zero
    get no payment (a PKH household without a qualifying component)."""
    cycle = _locked(cycle)
    require_manage(actor, cycle.regency_id)
    if cycle.state != CycleState.FROZEN:
        raise ValidationError(_("Bekukan daftar penerima tahap ini sebelum merencanakan penyaluran.")
                              if cycle.state == CycleState.OPEN else _("Tahap ini sudah ditutup."))
    if amount_per_enrolment is not None and amount_per_enrolment <= 0:
        raise ValidationError({"amount_per_enrolment": _("Jumlah harus lebih dari nol.")})
    channel = (channel or "").strip()[:60]
    user = _user(actor)
    pending = Enrolment.objects.filter(cycle=cycle, status=EnrolmentStatus.ACTIVE, distributions__isnull=True)
    planned = zero = done = 0
    for ids in _ids_in_chunks(pending):
        new = []
        for pk, annual in Enrolment.objects.filter(pk__in=ids).values_list("pk", "annual_amount"):
            amount = amount_per_enrolment or default_amount(annual, cycle)
            if amount <= 0:
                zero += 1
                continue
            new.append(Distribution(enrolment_id=pk, amount=amount, planned_on=planned_on, channel=channel,
                                    updated_by=user))
        bulk.insert(Distribution, new)
        planned += len(new)
        done += len(ids)
        if on_progress:
            on_progress(done)
    record(actor=actor, action=Action.CREATE, object_type="programs.distribution", object_id=f"{planned} rows",
           object_label=str(cycle), area_code=cycle.regency_id,
           changes={"cycle": cycle.code, "planned": planned, "zero_amount": zero, "planned_on": planned_on,
                    "channel": channel, "amount": amount_per_enrolment})
    return planned


@transaction.atomic
def record_disbursed(*, actor, distributions: QuerySet | Iterable[int], disbursed_on: datetime.date,
                     reference: str = "") -> int:
    """Mark planned payments (a queryset or ids) as disbursed on a day; payments in another state are left
    alone. One audit entry per tahap touched."""
    if disbursed_on > timezone.localdate():
        raise ValidationError({"disbursed_on": _("Tanggal salur tidak boleh di masa depan.")})
    ids = (distributions.values("pk") if isinstance(distributions, QuerySet)
           else [int(i) for i in distributions])
    # The planned payments are read once, as ids grouped by tahap: an UPDATE filtered through nested
    # subqueries of the same table took minutes on PostgreSQL for a few thousand rows.
    by_cycle: dict[int, list[int]] = {}
    regency_of: dict[int, str] = {}
    for pk, cycle_id, regency_id in (Distribution.objects.filter(pk__in=ids, state=DistributionState.PLANNED)
                                     .order_by("pk")
                                     .values_list("pk", "enrolment__cycle_id", "enrolment__cycle__regency_id")):
        by_cycle.setdefault(cycle_id, []).append(pk)
        regency_of[cycle_id] = regency_id
    for regency_id in set(regency_of.values()):
        require_manage(actor, regency_id)
    reference = (reference or "").strip()[:60]
    total = 0
    for cycle_id, pks in sorted(by_cycle.items()):
        count = 0
        for start in range(0, len(pks), CHUNK):
            count += Distribution.objects.filter(pk__in=pks[start:start + CHUNK],
                                                 state=DistributionState.PLANNED).update(
                state=DistributionState.DISBURSED, disbursed_on=disbursed_on, reference=reference,
                updated_by=_user(actor), updated_at=timezone.now())
        total += count
        record(actor=actor, action=Action.UPDATE, object_type="programs.distribution",
               object_id=f"{count} rows", area_code=regency_of[cycle_id],
               changes={"cycle": cycle_id, "state": [DistributionState.PLANNED, DistributionState.DISBURSED],
                        "disbursed_on": disbursed_on, "reference": reference})
    return total


@transaction.atomic
def record_returned(*, actor, distribution: Distribution, reason: str) -> Distribution:
    """A payment that came back (KPM meninggal, tidak ditemukan, rekening tidak aktif), with the reason."""
    reason = _reason(reason)
    distribution = (Distribution.objects.select_for_update(of=("self",))
                    .select_related("enrolment__cycle", "enrolment__household").get(pk=distribution.pk))
    cycle = distribution.enrolment.cycle
    require_manage(actor, cycle.regency_id)
    if distribution.state == DistributionState.RETURNED:
        raise ValidationError(_("Penyaluran ini sudah tercatat dikembalikan."))
    before = distribution.state
    distribution.state, distribution.returned_reason, distribution.updated_by = (
        DistributionState.RETURNED, reason, _user(actor))
    distribution.save(update_fields=["state", "returned_reason", "updated_by", "updated_at"])
    household = distribution.enrolment.household
    record(actor=actor, action=Action.UPDATE, obj=distribution, household_id=household.pk,
           area_code=household.desa_id, object_label=f"{cycle} {distribution.amount}",
           changes={"state": [before, DistributionState.RETURNED], "reason": reason, "cycle": cycle.code})
    return distribution


# ------------------------------------------------------------------------------------------------- import hook


def note_on_batch(batch: ImportBatch, note: str) -> None:
    """Add a line to what the import page lists under the file (its warnings): the list's fate in the
    programmes is part of the import's story, and the import itself is never failed for it."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        info = dict(locked.info or {})
        info["warnings"] = [*info.get("warnings", []), note]
        locked.info = info
        locked.save(update_fields=["info"])
    logger.info("import %s: %s", batch.pk, note)


def import_target(batch: ImportBatch) -> tuple[Cycle | None, str]:
    """The open tahap a committed programme list belongs to, or None and the note saying why not."""
    program = Program.objects.filter(code__iexact=batch.program.strip()).first() if batch.program else None
    if program is None:
        return None, _("Program %(program)s tidak ada di katalog program, jadi daftar ini tidak dimasukkan ke "
                       "tahap mana pun.") % {"program": batch.program or "–"}
    if not batch.cycle.strip():
        return None, _("Periode/tahap tidak disebutkan, jadi daftar ini tidak dimasukkan ke tahap %(program)s "
                       "mana pun.") % {"program": program.code}
    cycle = (Cycle.objects.select_related("program", "regency")
             .filter(program=program, regency_id=batch.regency_id, code__iexact=batch.cycle.strip()).first())
    if cycle is None:
        return None, _("Tahap %(cycle)s program %(program)s belum dibuat untuk kabupaten/kota ini; buat tahapnya, "
                       "lalu masukkan daftar impor ini dari halaman tahap.") % {
            "cycle": batch.cycle, "program": program.code}
    try:
        require_open(cycle)
    except ValidationError as exc:
        return None, _("Daftar ini tidak dimasukkan ke tahap: %(reason)s") % {"reason": " ".join(exc.messages)}
    return cycle, ""


def import_result_note(cycle: Cycle, result: Mapping[str, int]) -> str:
    return _("Daftar dimasukkan ke tahap %(program)s %(cycle)s: %(enrolled)s penerima baru, %(already)s sudah "
             "terdaftar, %(skipped)s baris tanpa data registri atau ganda.") % {
        "program": cycle.program.code, "cycle": cycle.code, "enrolled": result["enrolled"],
        "already": result["already"], "skipped": result["unlinked"] + result["duplicate"]}


def on_import_committed(sender, *, batch: ImportBatch, **kwargs) -> None:
    """Receiver of :data:`sinergi.imports.pipeline.import_committed`: a committed programme list whose
    programme and period name an open tahap of the batch's kabupaten/kota is put on that tahap's list, in the
    background when the commit itself ran there (it has a task id). Otherwise nothing is enrolled and the
    import page says why."""
    if batch.kind != Kind.PROGRAM:
        return
    cycle, note = import_target(batch)
    if cycle is None:
        note_on_batch(batch, note)
        return
    actor = batch.committed_by
    if actor is not None and not scoping.has_perm_for(actor, perms.PROGRAMS_MANAGE, cycle.regency_id):
        note_on_batch(batch, _("Daftar ini tidak dimasukkan ke tahap %(cycle)s: pengimpor tidak berwenang "
                               "mengelola program di kabupaten/kota ini.") % {"cycle": cycle.code})
        return
    if batch.task_id:
        from .tasks_enrolment import start_enrol_from_import

        try:
            start_enrol_from_import(actor=actor, batch=batch, cycle=cycle)
        except ValidationError as exc:
            note_on_batch(batch, _("Daftar ini tidak dimasukkan ke tahap: %(reason)s") % {
                "reason": " ".join(exc.messages)})
        return
    try:
        result = enrol_from_import(actor=actor, batch=batch, cycle=cycle)
    except ValidationError as exc:
        note_on_batch(batch, _("Daftar ini tidak dimasukkan ke tahap: %(reason)s") % {
            "reason": " ".join(exc.messages)})
        return
    note_on_batch(batch, import_result_note(cycle, result))
