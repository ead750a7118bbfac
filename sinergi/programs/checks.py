"""The targeting checks ("temuan"): overlaps, duplicates, inclusion and exclusion errors over one kabupaten/kota.

:func:`run_checks` looks at the current cycle of every active programme in the kabupaten/kota
(``Cycle.objects.current()``) and its active enrolments, finds the cases below, and keeps them as
:class:`~sinergi.programs.models.Finding` rows, one per deterministic key, so a checker's decision survives the
next run.

Every check is a handful of set-based queries that return only the flagged rows (through the ORM, on SQLite and
PostgreSQL alike), never a loop over households: a kabupaten has a million persons. Python only groups the
flagged rows and writes their evidence. Where a set is small by nature (persons sharing a NIK, deceased or moved
persons, persons with a disability), it is read first and the rest looked up by id, which keeps PostgreSQL on
index lookups instead of scans. Writing is diffed against what is stored, and on PostgreSQL new findings go in
through COPY (see :func:`_merge`); the per-kind timings at 1M persons are in bench/programs.py.

What each kind means (``FindingKind``):

* ``tumpang-tindih``: a household (rule level keluarga) or person (level jiwa) actively enrolled in two
  programmes a :class:`StackingRule` forbids together (the rule is symmetric). When either programme pays per
  household, the jiwa level is checked per household too: a household programme covers every member. The
  amount at stake is the annual amount in the rule's ``program_a``: by convention the programme that yields
  (the seeded rules name BLT Dana Desa first, "for poor families not yet receiving PKH or Sembako").
* ``ganda``: the same person twice in one programme's current cycle. Person programmes: two enrolled persons
  with the same valid NIK. Household programmes: a valid NIK among the members of two enrolled households.
  Linkage (issue 5) has no stored clusters yet, so NIK equality is the identity used here; two enrolled
  households with the same No. KK cannot occur (``household_kk_unique``). One finding per extra enrolment:
  the earliest enrolment is the original, each later one is flagged, naming the original.
* ``lintas-kabupaten``: a NIK covered by an enrolment here (as the enrolled person, or as a member of an
  enrolled household) and by one in the current cycle of another kabupaten/kota of the installation. One
  finding per person here. Its amount is what this kabupaten pays that person (person programmes) plus its
  household programmes once per household (on the first such member), so sums over findings stay exact.
* ``inklusi-aset``, ``inklusi-desil``, ``inklusi-meninggal``, ``inklusi-pindah``, ``inklusi-pekerjaan``:
  a recipient the programme excludes, each checked only when the programme lists the exclusion (Program
  .exclusions; desil: Program.max_desil), with the rules of :mod:`sinergi.programs.eligibility`: assets and
  occupations are the household's (person programmes too), a household without a welfare ranking is not
  flagged for its desil (nothing to compare), a person programme's recipient is deceased or moved by their
  own status (or the household moved away or dissolved), a household programme's when no member is active
  any more (all deceased: meninggal, otherwise pindah) or the household moved away or dissolved. One finding
  per programme and household; a person programme's deceased or moved recipient gets their own.
* ``eksklusi-miskin``: an active household of the kabupaten/kota with desil 1–2 without any active enrolment
  in any current cycle. ``eksklusi-ppks``: an active household, desil 4 or below or not ranked, receiving
  nothing, with a lansia tunggal (its only active member is 60 or older) or an active member with a
  disability. The registry records the kind of disability, not its severity, so any disability counts. A
  desil 1–2 PPKS household gets both findings: each names a reason to enrol it. Exclusion findings carry
  no amount (no payment is wrong; one is missing).

Keys start with the kabupaten/kota code (``11.06:inklusi-desil:PKH:-:123:``), so a run touches only its own
findings, and a household enrolled in the cycles of two kabupaten gets a finding from each. A
lintas-kabupaten key leaves the programmes out: the person stays one finding whatever they hold this tahap.

A run is one transaction: a cancel or an error leaves the findings exactly as the previous run left them.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.log import user_or_none as _user
from sinergi.audit.models import Action
from sinergi.core.jobs import Cancelled, Progress, clear_cancel, progress_of, request_cancel
from sinergi.core.nik import NikError, parse_nik
from sinergi.registry.codes import HouseholdStatus, PersonStatus
from sinergi.registry.models import Household, Person

from . import perms
from .eligibility import LARGE_LAND_M2, is_civil_servant
from .models import (
    CheckRun,
    Cycle,
    Enrolment,
    EnrolmentStatus,
    Exclusion,
    Finding,
    FindingKind,
    FindingState,
    Program,
    StackingRule,
    StackLevel,
    Unit,
)

logger = logging.getLogger(__name__)

KINDS: list[str] = list(FindingKind.values)
POOR_DESIL = 2  # eksklusi-miskin: desil 1 and 2
PPKS_DESIL = 4  # eksklusi-ppks: desil up to 4, or not ranked
ELDERLY_AGE = 60
HOUSEHOLD_GONE = (HouseholdStatus.MOVED_AWAY, HouseholdStatus.DISSOLVED)
BATCH_SIZE = 2000

# CheckRun.status values (the model keeps a free-text status; these are the ones written here).
RUN_RUNNING = "running"
RUN_DONE = "done"
RUN_CANCELLED = "cancelled"
RUN_FAILED = "failed"
RUN_STATUS_LABELS = {
    RUN_RUNNING: gettext_lazy("sedang berjalan"),
    RUN_DONE: gettext_lazy("selesai"),
    RUN_CANCELLED: gettext_lazy("dibatalkan"),
    RUN_FAILED: gettext_lazy("gagal"),
}
# A running run whose progress has not moved for this long lost its worker (a restart): it may be closed by hand.
STALE_AFTER = datetime.timedelta(minutes=15)

ProgressCallback = Callable[[str, int, int], None]


def progress_key(run: CheckRun) -> str:
    return f"temuan:{run.pk}"


def finding_key(regency_code: str, kind: str, program: str = "", other: str = "", household: int | None = None,
                person: int | None = None) -> str:
    """``<kabupaten>:<kind>:<programme>:<other programme>:<household>:<person>``, empty parts as ``-`` / ``""``."""
    return f"{regency_code}:{kind}:{program or '-'}:{other or '-'}:{household or ''}:{person or ''}"


@dataclass
class Detected:
    """One finding as the checks see it now, before it is merged with what is stored."""

    kind: str
    household_id: int
    evidence: dict[str, Any]
    desa_id: str | None = None  # filled for all at once before saving when the check did not read it
    program_id: int | None = None
    other_program_id: int | None = None
    person_id: int | None = None
    amount: int = 0
    key: str = ""
    # False when the programmes are facts of the finding rather than its identity (lintas-kabupaten: the same
    # person in two kabupaten stays one finding whichever programmes they hold this tahap).
    keyed_by_program: bool = True


@dataclass
class _Scope:
    """What a run looks at: the kabupaten/kota, its current cycles and their programmes, and what was found."""

    regency: Area
    today: datetime.date
    cycles: dict[int, Cycle]
    programs: dict[int, Program]
    other_cycles: dict[int, Cycle]
    codes: dict[int, str]  # every programme's code, for keys and evidence
    found: dict[str, Detected] = field(default_factory=dict)
    duplicates: list | None = None  # see _duplicate_holders
    left: tuple | None = None  # see _left_households
    unserved: dict | None = None  # see _unserved
    departed: tuple | None = None  # see _departed

    @property
    def cycle_ids(self) -> list[int]:
        return list(self.cycles)

    def active(self):
        """Active enrolments in this kabupaten/kota's current cycles."""
        return Enrolment.objects.filter(cycle_id__in=self.cycle_ids, status=EnrolmentStatus.ACTIVE)

    def programs_excluding(self, code: str) -> list[Program]:
        return [p for p in self.programs.values() if code in (p.exclusions or [])]

    def code(self, program_id: int | None) -> str:
        return self.codes[program_id] if program_id else ""

    def add(self, item: Detected, merge: Callable[[Detected, Detected], None] | None = None) -> None:
        """Keep ``item`` under its key; when the key is taken already, ``merge(kept, item)`` (or the new wins)."""
        programs = (self.code(item.program_id), self.code(item.other_program_id)) if item.keyed_by_program \
            else ("", "")
        item.key = finding_key(self.regency.code, item.kind, *programs, item.household_id, item.person_id)
        item.evidence = {"kabupaten": self.regency.code, **item.evidence}
        kept = self.found.get(item.key)
        if kept is not None and merge is not None:
            merge(kept, item)
        else:
            self.found[item.key] = item


# ------------------------------------------------------------------------------------------------- the run


def run_checks(*, actor, regency: Area, on_progress: ProgressCallback | None = None,
               run: CheckRun | None = None, today: datetime.date | None = None) -> CheckRun:
    """Run every check over ``regency`` and merge the results into the stored findings; returns the CheckRun.

    ``actor`` needs ``programs.change_program`` on the kabupaten/kota (None: the system, e.g. the CLI or a
    benchmark). ``run`` is the CheckRun created by :func:`start_checks` for a background run; without it one is
    created here. ``on_progress(kind, done, total)`` is called after each kind. A cancel requested through
    :func:`cancel_checks` is honoured between kinds and rolls the whole run back.

    Merge rules: a finding still detected gets the new evidence, amount and ``last_seen_at``; a new one is
    created open; an open or confirmed finding no longer detected becomes resolved ("Tidak terdeteksi lagi …");
    a dismissed one stays dismissed however often it is detected again (the checker decided on these facts);
    a resolved one detected again is re-opened, since what was fixed is back.
    """
    if not isinstance(regency, Area) or regency.level != Level.REGENCY:
        raise ValidationError({"regency": _("Pemeriksaan dijalankan per kabupaten/kota.")})
    if actor is not None and not scoping.has_perm_for(actor, perms.PROGRAMS_MANAGE, regency.code):
        if run is not None:
            _close(run, RUN_FAILED)  # its starter lost the right meanwhile: the run must not stay "running"
        raise PermissionDenied(_("Anda tidak berwenang menjalankan pemeriksaan di wilayah ini."))
    if run is None:
        run = CheckRun.objects.create(regency=regency, started_by=_user(actor), status=RUN_RUNNING)
    elif run.status != RUN_RUNNING:
        return run  # a task delivered twice: the first delivery ran it
    total = len(KINDS) + 1
    progress = Progress(progress_key(run), phase="persiapan", total=total)
    try:
        # Stored data (reasons, evidence labels) is in the installation's language, whoever started the run.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            # One run per kabupaten/kota at a time: two runs merging into the same findings would race.
            Area.objects.select_for_update().filter(pk=regency.pk).first()
            _without_jit()
            scope = _scope(regency, today or timezone.localdate())
            for done, kind in enumerate(KINDS, start=1):
                progress.advance(done - 1, phase=kind)
                CHECKS[kind](scope)
                if on_progress is not None:
                    on_progress(kind, done, total)
            progress.advance(len(KINDS), phase="simpan")
            _fill_desa(scope)
            counts = {kind: 0 for kind in KINDS}
            for item in scope.found.values():
                counts[item.kind] += 1
            summary = _merge(scope, timezone.now())
            progress.advance(total, phase="simpan")
            run.counts, run.status, run.finished_at = counts, RUN_DONE, timezone.now()
            run.save(update_fields=["counts", "status", "finished_at"])
            record(actor=actor, action=Action.UPDATE, obj=run, area_code=regency.code, source=_source(actor),
                   object_label=f"{_('Pemeriksaan sasaran')} {regency.code}",
                   changes={"counts": counts, **summary})
        if on_progress is not None:
            on_progress("simpan", total, total)
    except Cancelled:
        _close(run, RUN_CANCELLED)
    except Exception:
        logger.exception("targeting checks %s for %s failed", run.pk, regency.code)
        _close(run, RUN_FAILED)
        raise
    run.refresh_from_db()
    return run


def _without_jit() -> None:
    """PostgreSQL compiles a query to machine code (JIT) once its estimated cost is high, which the checks'
    anti-joins reach at a few thousand households: compiling then takes a second or more for a query that runs
    in tens of milliseconds. Off for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _source(actor) -> str:
    return "web" if _user(actor) is not None else "system"


def _close(run: CheckRun, status: str) -> None:
    CheckRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())


def _scope(regency: Area, today: datetime.date) -> _Scope:
    current = list(Cycle.objects.current().filter(program__active=True).select_related("program"))
    cycles = {c.pk: c for c in current if c.regency_id == regency.code}
    others = {c.pk: c for c in current if c.regency_id != regency.code}
    programs = {c.program_id: c.program for c in cycles.values()}
    return _Scope(regency=regency, today=today, cycles=cycles, programs=programs, other_cycles=others,
                  codes=dict(Program.objects.values_list("id", "code")))


def _date_text(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _merge(scope: _Scope, now: datetime.datetime) -> dict[str, int]:
    """Settle the detected findings against the stored ones of this kabupaten/kota; returns what changed.

    Only what differs is written: new findings are inserted, changed ones updated, and the unchanged majority
    of a re-run only gets its ``last_seen_at`` (one narrow UPDATE per chunk)."""
    stored = {key: values for key, *values in Finding.objects.filter(key__startswith=f"{scope.regency.code}:")
              .values_list("key", "id", "state", "evidence", "amount_at_stake", "desa_id", "program_id",
                           "other_program_id")}
    new: list[Detected] = []
    changed: list[Detected] = []
    seen: list[int] = []
    reopened: list[int] = []
    for key, item in scope.found.items():
        old = stored.pop(key, None)
        if old is None:
            new.append(item)
            continue
        pk, state, *facts = old
        if facts != [item.evidence, item.amount, item.desa_id, item.program_id, item.other_program_id]:
            changed.append(item)
        else:
            seen.append(pk)
        if state == FindingState.RESOLVED:
            reopened.append(pk)
    gone = [pk for pk, state, *_facts in stored.values() if state in (FindingState.OPEN, FindingState.CONFIRMED)]

    _insert(new, now)
    Finding.objects.bulk_create([_finding(item, now) for item in changed], batch_size=BATCH_SIZE,
                                update_conflicts=True, unique_fields=["key"],
                                update_fields=["evidence", "amount_at_stake", "desa", "program", "other_program",
                                               "last_seen_at"])
    _touch(seen, now)
    day = _date_text(timezone.localdate(now))
    for chunk in _chunks(reopened):
        Finding.objects.filter(pk__in=chunk).update(
            state=FindingState.OPEN, decided_by=None, decided_at=now,
            reason=_("Terdeteksi lagi pada pemeriksaan %(date)s.") % {"date": day})
    for chunk in _chunks(gone):
        Finding.objects.filter(pk__in=chunk).update(
            state=FindingState.RESOLVED, decided_by=None, decided_at=now,
            reason=_("Tidak terdeteksi lagi pada pemeriksaan %(date)s.") % {"date": day})
    return {"detected": len(scope.found), "created": len(new), "updated": len(changed), "reopened": len(reopened),
            "resolved": len(gone)}


def _touch(pks: list[int], now: datetime.datetime) -> None:
    """``last_seen_at = now`` for unchanged findings: on PostgreSQL one statement with the ids as one array."""
    if connection.vendor == "postgresql" and pks:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE programs_finding SET last_seen_at = %s WHERE id = ANY(%s)", [now, pks])
        return
    for chunk in _chunks(pks):
        Finding.objects.filter(pk__in=chunk).update(last_seen_at=now)


def _finding(item: Detected, now: datetime.datetime) -> Finding:
    return Finding(key=item.key, kind=item.kind, state=FindingState.OPEN, program_id=item.program_id,
                   other_program_id=item.other_program_id, household_id=item.household_id, person_id=item.person_id,
                   desa_id=item.desa_id, evidence=item.evidence, amount_at_stake=item.amount, first_seen_at=now,
                   last_seen_at=now)


_COPY_SQL = ("COPY programs_finding (key, kind, state, program_id, other_program_id, household_id, person_id, desa_id, "
             "evidence, amount_at_stake, first_seen_at, last_seen_at, reason) FROM STDIN")


def _insert(items: list[Detected], now: datetime.datetime) -> None:
    """New findings. On PostgreSQL through COPY: a first run over a kabupaten writes tens of thousands, and
    COPY takes a fraction of the time of INSERT statements built row by row."""
    if not items:
        return
    if connection.vendor != "postgresql":
        Finding.objects.bulk_create([_finding(item, now) for item in items], batch_size=BATCH_SIZE)
        return
    with connection.cursor() as cursor, cursor.cursor.copy(_COPY_SQL) as copy:
        for item in items:
            copy.write_row((item.key, item.kind, FindingState.OPEN.value, item.program_id, item.other_program_id,
                            item.household_id, item.person_id, item.desa_id, json.dumps(item.evidence),
                            item.amount, now, now, ""))


# ------------------------------------------------------------------------------------ background runs


def start_checks(*, actor, regency: Area, enqueue: bool = True) -> CheckRun:
    """Start a run in the background (the page polls its progress); refused while one is running."""
    if not isinstance(regency, Area) or regency.level != Level.REGENCY:
        raise ValidationError({"regency": _("Pilih kabupaten/kota.")})
    if actor is not None and not scoping.has_perm_for(actor, perms.PROGRAMS_MANAGE, regency.code):
        raise PermissionDenied(_("Anda tidak berwenang menjalankan pemeriksaan di wilayah ini."))
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=regency.pk).first()
        if CheckRun.objects.filter(regency=regency, status=RUN_RUNNING).exists():
            raise ValidationError(_("Pemeriksaan untuk %(name)s sedang berjalan.") % {"name": regency.name})
        run = CheckRun.objects.create(regency=regency, started_by=_user(actor), status=RUN_RUNNING)
        record(actor=actor, action=Action.CREATE, obj=run, area_code=regency.code, source=_source(actor),
               object_label=f"{_('Pemeriksaan sasaran')} {regency.code}", changes={"status": RUN_RUNNING})
    Progress(progress_key(run), phase="antre", total=len(KINDS) + 1)
    clear_cancel(progress_key(run))
    if enqueue:
        from .tasks_checks import run_targeting_checks

        transaction.on_commit(lambda: run_targeting_checks.enqueue(run.pk))
    return run


def cancel_checks(*, actor, run: CheckRun) -> bool:
    """Ask a running run to stop; it stops after the kind it is checking and changes nothing. A run whose
    worker is gone (no progress for :data:`STALE_AFTER`) is closed at once. False when it was not running."""
    if actor is not None and not scoping.has_perm_for(actor, perms.PROGRAMS_MANAGE, run.regency_id):
        raise PermissionDenied(_("Anda tidak berwenang di wilayah ini."))
    if run.status != RUN_RUNNING:
        return False
    request_cancel(progress_key(run))
    progress = progress_of(progress_key(run))
    stale = progress is None or progress.updated_at < timezone.now() - STALE_AFTER
    if stale:
        _close(run, RUN_CANCELLED)
    record(actor=actor, action=Action.UPDATE, obj=run, area_code=run.regency_id, source=_source(actor),
           object_label=f"{_('Pemeriksaan sasaran')} {run.regency_id}",
           changes={"cancel_requested": [False, True], "closed_as_stale": stale})
    return True


# ------------------------------------------------------------------------------------------------- helpers

ENROLMENT_FIELDS = ("id", "program_id", "cycle_id", "household_id", "person_id", "annual_amount")


class _Row(NamedTuple):
    """An enrolment as the checks read it (a tuple: hundreds of thousands are made in a run)."""

    id: int
    program_id: int
    cycle_id: int
    household_id: int
    person_id: int | None
    amount: int
    desa_id: str | None = None


def _rows(queryset, *extra: str, desa: bool = False) -> list[tuple[_Row, tuple]]:
    """Enrolment rows with extra columns, ordered so evidence lists come out the same every run.

    Without ``desa`` the query does not join the households: for the few flagged rows the desa is looked up
    afterwards (:func:`_fill_desa`), which spares every check a join with all the kabupaten's households."""
    width = len(ENROLMENT_FIELDS) + (1 if desa else 0)
    fields = (*ENROLMENT_FIELDS, "household__desa_id") if desa else ENROLMENT_FIELDS
    return [(_Row(*values[:width]), values[width:])
            for values in queryset.order_by("id").values_list(*fields, *extra)]


def _fill_desa(scope: _Scope) -> None:
    """The desa of each finding is its household's, read by id for the households the checks flagged."""
    missing = sorted({item.household_id for item in scope.found.values() if not item.desa_id})
    desa: dict[int, str] = {}
    for chunk in _chunks(missing):
        desa.update(Household.objects.filter(pk__in=chunk).values_list("pk", "desa_id"))
    for item in scope.found.values():
        if not item.desa_id:
            item.desa_id = desa[item.household_id]


def _fact(scope: _Scope, row: _Row) -> dict[str, Any]:
    cycle = scope.cycles.get(row.cycle_id) or scope.other_cycles.get(row.cycle_id)
    return {"enrolment": row.id, "program": scope.code(row.program_id), "cycle_id": row.cycle_id,
            "cycle": cycle.code if cycle else "", "person": row.person_id, "amount": row.amount}


def _valid_nik(nik: str) -> bool:
    try:
        parse_nik(nik)
    except NikError:
        return False
    return True


def _per_program_household(rows: Iterable[tuple[_Row, tuple]]) -> dict[tuple[int, int], list[tuple[_Row, tuple]]]:
    grouped: dict[tuple[int, int], list[tuple[_Row, tuple]]] = defaultdict(list)
    for row, extra in rows:
        grouped[(row.program_id, row.household_id)].append((row, extra))
    return grouped


def _flag_per_household(scope: _Scope, kind: str, rows, evidence: Callable[[list], dict[str, Any]]) -> None:
    for (program_id, household_id), group in _per_program_household(rows).items():
        first = group[0][0]
        scope.add(Detected(kind=kind, program_id=program_id, household_id=household_id, desa_id=first.desa_id,
                           amount=sum(r.amount for r, _x in group),
                           evidence={"program": scope.code(program_id),
                                     "enrolments": [_fact(scope, r) for r, _x in group], **evidence(group)}))


# ------------------------------------------------------------------------------------------------- checks


def check_overlap(scope: _Scope) -> None:
    rules = StackingRule.objects.filter(allowed=False, program_a_id__in=list(scope.programs),
                                        program_b_id__in=list(scope.programs)).order_by("pk")
    active = scope.active()
    for rule in rules:
        a, b = scope.programs[rule.program_a_id], scope.programs[rule.program_b_id]
        per_person = rule.level == StackLevel.PERSON and a.unit == Unit.PERSON and b.unit == Unit.PERSON
        match = "person_id" if per_person else "household_id"
        # Both sides in one query: an enrolment in A or B with a partner in the other of the two.
        pair = [a.pk, b.pk]
        partner = (active.filter(program_id__in=pair, **{match: OuterRef(match)})
                   .exclude(program_id=OuterRef("program_id")))
        groups: dict[tuple[int, int | None], dict[int, list[_Row]]] = defaultdict(lambda: defaultdict(list))
        for row, _extra in _rows(active.filter(program_id__in=pair).filter(Exists(partner))):
            groups[(row.household_id, row.person_id if per_person else None)][row.program_id].append(row)
        for (household_id, person_id), by_program in groups.items():
            rows_a, rows_b = by_program[a.pk], by_program[b.pk]
            scope.add(Detected(
                kind=FindingKind.OVERLAP, program_id=a.pk, other_program_id=b.pk, household_id=household_id,
                person_id=person_id, desa_id=(rows_a or rows_b)[0].desa_id, amount=sum(r.amount for r in rows_a),
                evidence={"program": a.code, "other_program": b.code, "level": rule.level, "rule": rule.pk,
                          "note": rule.note, "enrolments": [_fact(scope, r) for r in rows_a],
                          "other_enrolments": [_fact(scope, r) for r in rows_b]}))


def _duplicate_niks() -> list[str]:
    """NIKs held by more than one person row: the only way one person can be enrolled twice, since a person
    row is enrolled once per cycle and belongs to one household. Usually a short list (data-entry errors), read
    first on its own: nested as a subquery, PostgreSQL's parallel workers would each compute it again."""
    # COUNT(*), not COUNT(id): PostgreSQL then answers from the NIK index alone, without visiting the table.
    return list(Person.objects.exclude(nik="").order_by().values("nik").annotate(rows=Count("*"))
                .filter(rows__gt=1).values_list("nik", flat=True))


@dataclass(frozen=True)
class _Holder:
    person_id: int
    nik: str
    household_id: int
    name: str
    desa_id: str


def _holders(persons) -> list[_Holder]:
    rows = persons.values_list("id", "nik", "household_id", "name", "household__desa_id")
    return [_Holder(*values) for values in rows if _valid_nik(values[1])]


def _duplicate_holders(scope: _Scope) -> list[_Holder]:
    """The persons sharing a valid NIK with another person row, read once per run (ganda and lintas-kabupaten)."""
    if scope.duplicates is None:
        niks = sorted(nik for nik in _duplicate_niks() if _valid_nik(nik))
        # A record merged into another (linkage) shares the kept record's NIK but is not a second person.
        scope.duplicates = [h for chunk in _chunks(niks)
                            for h in _holders(Person.objects.filter(nik__in=chunk, merged_into__isnull=True))]
    return scope.duplicates


def _chunks(values: list, size: int = 5000):
    """Id lists in pieces: SQLite refuses statements with more than a few thousand parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _coverage(holders: list[_Holder], cycle_ids: list[int]) -> dict[str, list[tuple[_Holder, _Row]]]:
    """{NIK: [(person row, enrolment covering it)]} for ``holders`` over the given cycles: their own enrolments,
    and their household's in household programmes, in enrolment order."""
    if not holders or not cycle_ids:
        return {}
    people = {h.person_id: h for h in holders}
    by_household: dict[int, list[_Holder]] = defaultdict(list)
    for holder in sorted(people.values(), key=lambda h: (h.nik, h.person_id)):
        by_household[holder.household_id].append(holder)
    enrolments = Enrolment.objects.filter(cycle_id__in=cycle_ids, status=EnrolmentStatus.ACTIVE)
    rows: dict[int, _Row] = {}
    for chunk in _chunks(sorted(people)):
        rows.update((row.id, row) for row, _x in _rows(enrolments.filter(person_id__in=chunk), desa=True))
    for chunk in _chunks(sorted(by_household)):
        rows.update((row.id, row) for row, _x in _rows(enrolments.filter(person__isnull=True,
                                                                           household_id__in=chunk), desa=True))
    covered: dict[str, list[tuple[_Holder, _Row]]] = defaultdict(list)
    for row_id in sorted(rows):
        row = rows[row_id]
        if row.person_id is not None:
            if row.person_id in people:
                covered[people[row.person_id].nik].append((people[row.person_id], row))
        else:
            for holder in by_household.get(row.household_id, []):
                covered[holder.nik].append((holder, row))
    return covered


def _merge_duplicate(kept: Detected, item: Detected) -> None:
    """A household enrolment that repeats two others (two shared NIKs) is one finding naming both."""
    kept.evidence.setdefault("also", []).append({"nik": item.evidence["nik"], "original": item.evidence["original"]})


def check_duplicate(scope: _Scope) -> None:
    for nik, pairs in sorted(_coverage(_duplicate_holders(scope), scope.cycle_ids).items()):
        by_cycle: dict[int, dict[int, tuple[_Holder, _Row]]] = defaultdict(dict)
        for holder, row in pairs:
            by_cycle[row.cycle_id].setdefault(row.id, (holder, row))  # a household enrolment once per NIK
        for entries in by_cycle.values():
            if len(entries) < 2:
                continue
            ordered = sorted(entries.values(), key=lambda pair: pair[1].id)
            original_holder, original = ordered[0]
            for holder, row in ordered[1:]:
                scope.add(Detected(
                    kind=FindingKind.DUPLICATE, program_id=row.program_id, household_id=row.household_id,
                    person_id=row.person_id, desa_id=row.desa_id, amount=row.amount,
                    evidence={"program": scope.code(row.program_id), "nik": nik, "enrolments": [_fact(scope, row)],
                              "person": holder.person_id, "name": holder.name,
                              "original": {**_fact(scope, original), "household": original_holder.household_id,
                                           "person": original_holder.person_id, "name": original_holder.name,
                                           "desa": original_holder.desa_id}}), merge=_merge_duplicate)


def check_cross_regency(scope: _Scope) -> None:
    if not scope.other_cycles or not scope.cycles:
        return
    elsewhere = Enrolment.objects.filter(cycle_id__in=list(scope.other_cycles), status=EnrolmentStatus.ACTIVE)
    # Candidates: NIKs held by two person rows, and the members of a household enrolled on both sides.
    on_both_sides = elsewhere.filter(household_id__in=scope.active().values("household_id")).values("household_id")
    holders = {h.person_id: h for h in _duplicate_holders(scope) + _holders(
        Person.objects.filter(household_id__in=on_both_sides, merged_into__isnull=True))}
    covered = _coverage(list(holders.values()), [*scope.cycles, *scope.other_cycles])
    household_amount_taken: set[int] = set()
    for nik in sorted(covered):
        pairs = covered[nik]
        mine = [(holder, row) for holder, row in pairs if row.cycle_id in scope.cycles]
        away = sorted({row.id: (holder, row) for holder, row in pairs if row.cycle_id in scope.other_cycles}
                      .values(), key=lambda pair: pair[1].id)
        if not mine or not away:
            continue
        away_facts = [{**_fact(scope, row), "kabupaten": scope.other_cycles[row.cycle_id].regency_id,
                       "household": row.household_id, "desa": row.desa_id, "person": holder.person_id}
                      for holder, row in away]
        by_person: dict[int, list[_Row]] = defaultdict(list)
        holder_of: dict[int, _Holder] = {}
        for holder, row in mine:
            by_person[holder.person_id].append(row)
            holder_of[holder.person_id] = holder
        for person_id in sorted(by_person):
            holder, rows = holder_of[person_id], sorted(by_person[person_id], key=lambda r: r.id)
            amount = 0
            for row in rows:
                if row.person_id is not None:
                    amount += row.amount
                elif row.id not in household_amount_taken:
                    household_amount_taken.add(row.id)
                    amount += row.amount
            main = max(rows, key=lambda r: (r.amount, -r.id))
            scope.add(Detected(
                kind=FindingKind.CROSS_REGENCY, program_id=main.program_id,
                other_program_id=away[0][1].program_id, household_id=holder.household_id, person_id=person_id,
                desa_id=holder.desa_id, amount=amount, keyed_by_program=False,
                evidence={"program": scope.code(main.program_id), "nik": nik, "person": person_id,
                          "name": holder.name, "enrolments": [_fact(scope, r) for r in rows],
                          "elsewhere": away_facts}))


def check_assets(scope: _Scope) -> None:
    condition = Q()
    for program in scope.programs.values():
        exclusions = set(program.exclusions or [])
        asset = Q()
        if Exclusion.CAR in exclusions:
            asset |= Q(household__has_car=True)
        if Exclusion.AIR_CONDITIONER in exclusions:
            asset |= Q(household__has_ac=True)
        if Exclusion.LARGE_LAND in exclusions:
            asset |= Q(household__land_area_m2__gte=LARGE_LAND_M2)
        if asset:
            condition |= Q(program_id=program.pk) & asset
    if not condition:
        return
    rows = _rows(scope.active().filter(condition), "household__has_car", "household__has_ac",
                 "household__land_area_m2")

    def evidence(group):
        has_car, has_ac, land = group[0][1]
        exclusions = set(scope.programs[group[0][0].program_id].exclusions or [])
        assets = [code for code, present in ((Exclusion.CAR, has_car), (Exclusion.AIR_CONDITIONER, has_ac),
                                             (Exclusion.LARGE_LAND, (land or 0) >= LARGE_LAND_M2))
                  if present and code in exclusions]
        return {"assets": [str(a) for a in assets], "land_area_m2": land, "large_land_m2": LARGE_LAND_M2}

    _flag_per_household(scope, FindingKind.INCLUSION_ASSET, rows, evidence)


def check_desil(scope: _Scope) -> None:
    condition = Q()
    for program in scope.programs.values():
        if program.max_desil is not None:
            condition |= Q(program_id=program.pk, household__welfare__desil__gt=program.max_desil)
    if not condition:
        return
    rows = _rows(scope.active().filter(condition), "household__welfare__desil", "household__welfare__model__version")
    _flag_per_household(scope, FindingKind.INCLUSION_DESIL, rows, lambda group: {
        "desil": group[0][1][0], "max_desil": scope.programs[group[0][0].program_id].max_desil,
        "pmt_model": group[0][1][1]})


def _members(household_ids: Iterable[int], *, active_only: bool = False) -> dict[int, list[dict[str, Any]]]:
    """The members of the given (flagged, so few) households, by household, in KK order."""
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(household_ids))):
        people = Person.objects.filter(household_id__in=chunk, merged_into__isnull=True)
        if active_only:
            people = people.filter(status=PersonStatus.ACTIVE)
        for pk, household_id, name, status, occupation, birth_date, disability in people.order_by(
                "household_id", "relation", "id").values_list("id", "household_id", "name", "status", "occupation",
                                                              "birth_date", "disability"):
            members[household_id].append({"person": pk, "name": name, "status": status, "occupation": occupation,
                                          "birth_date": birth_date, "disability": disability})
    return members


def _departed(scope: _Scope) -> tuple[dict[int, tuple[int, str]], dict[int, str]]:
    """({person: (household, status)} of the deceased and moved persons, {household: status} of the households
    that moved away or dissolved). Both are few in any registry: read once, then the enrolments looked up by
    id, instead of joining every enrolment with the persons and households."""
    if scope.departed is None:
        persons = {pk: (household, status) for pk, household, status in Person.objects.exclude(
            status=PersonStatus.ACTIVE).filter(merged_into__isnull=True).order_by()
            .values_list("id", "household_id", "status")}
        households = dict(Household.objects.filter(status__in=HOUSEHOLD_GONE).order_by().values_list("id", "status"))
        scope.departed = (persons, households)
    return scope.departed


def _by_ids(queryset, field: str, ids, *extra: str) -> list[tuple[_Row, tuple]]:
    rows: dict[int, tuple[_Row, tuple]] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows.update((row.id, (row, more)) for row, more in _rows(queryset.filter(**{f"{field}__in": chunk}), *extra))
    return [rows[pk] for pk in sorted(rows)]


def _left_households(scope: _Scope) -> tuple[list[tuple[_Row, tuple]], dict[int, list[dict[str, Any]]]]:
    """Household-programme enrolments whose household left (moved away, dissolved) or has no active member
    any more, with those households' members; read once for both inklusi-meninggal and inklusi-pindah."""
    if scope.left is None:
        programs = [p.pk for p in scope.programs.values() if p.unit == Unit.HOUSEHOLD
                    and {Exclusion.DECEASED, Exclusion.MOVED_AWAY} & set(p.exclusions or [])]
        rows: list[tuple[_Row, tuple]] = []
        if programs:
            persons, households = _departed(scope)
            # A household with nobody active has a deceased or moved member: candidates are the households of
            # those members and the households that left; the living are then counted in Python.
            with_departed = {household for household, _status in persons.values()} | set(households)
            candidates = scope.active().filter(program_id__in=programs, person__isnull=True)
            rows = _by_ids(candidates, "household_id", with_departed, "household__status")
        members = _members(row.household_id for row, _extra in rows)
        ordered = [(row, extra) for row, extra in rows if extra[0] in HOUSEHOLD_GONE or not any(
            m["status"] == PersonStatus.ACTIVE for m in members.get(row.household_id, []))]
        scope.left = (ordered, members)
    return scope.left


def _gone(scope: _Scope, kind: str, status: str) -> None:
    """inklusi-meninggal (status meninggal) or inklusi-pindah (status pindah)."""
    code = Exclusion.DECEASED if status == PersonStatus.DECEASED else Exclusion.MOVED_AWAY
    moved = code == Exclusion.MOVED_AWAY
    person_programs = [p.pk for p in scope.programs_excluding(code) if p.unit == Unit.PERSON]
    if person_programs:
        persons, households = _departed(scope)
        enrolled = scope.active().filter(program_id__in=person_programs, person__isnull=False)
        extra = ("person__name", "person__status", "household__status")
        rows = _by_ids(enrolled, "person_id", [pk for pk, (_h, state) in persons.items() if state == status], *extra)
        if moved:  # the person's household moved away or dissolved
            by_status = {row.id for row, _x in rows}
            rows += [(row, more) for row, more in _by_ids(enrolled, "household_id", households, *extra)
                     if row.id not in by_status]
        for row, (name, person_status, household_status) in sorted(rows, key=lambda pair: pair[0].id):
            scope.add(Detected(kind=kind, program_id=row.program_id, household_id=row.household_id,
                               person_id=row.person_id, amount=row.amount,
                               evidence={"program": scope.code(row.program_id), "enrolments": [_fact(scope, row)],
                                         "person": row.person_id, "name": name, "person_status": person_status,
                                         "household_status": household_status}))
    rows, members = _left_households(scope)
    flagged = []
    for row, (household_status,) in rows:
        exclusions = set(scope.programs[row.program_id].exclusions or [])
        if code not in exclusions:
            continue
        people = members.get(row.household_id, [])
        all_deceased = bool(people) and all(m["status"] == PersonStatus.DECEASED for m in people)
        if household_status in HOUSEHOLD_GONE:
            belongs = moved  # the household itself left: a move, whatever happened to its members
        elif moved:
            # Nobody active and not everyone deceased; when the programme does not exclude the deceased, a
            # household of deceased members has still gone from the list's point of view.
            belongs = not all_deceased or Exclusion.DECEASED not in exclusions
        else:
            belongs = all_deceased
        if belongs:
            flagged.append((row, (household_status,)))

    def evidence(group):
        people = members.get(group[0][0].household_id, [])
        return {"household_status": group[0][1][0],
                "members": [{"person": m["person"], "name": m["name"], "status": m["status"]} for m in people]}

    _flag_per_household(scope, kind, flagged, evidence)


def check_deceased(scope: _Scope) -> None:
    _gone(scope, FindingKind.INCLUSION_DECEASED, PersonStatus.DECEASED)


def check_moved(scope: _Scope) -> None:
    _gone(scope, FindingKind.INCLUSION_MOVED, PersonStatus.MOVED_AWAY)


def check_occupation(scope: _Scope) -> None:
    """From the persons' side: active members with an official's occupation, joined to the active enrolments
    of their household in programmes excluding ASN/TNI/Polri."""
    programs = [p.pk for p in scope.programs_excluding(Exclusion.CIVIL_SERVANT)]
    if not programs:
        return
    # The registry holds few distinct occupations; deciding on those in Python (with eligibility's own rule)
    # spares the database a regular expression on every person.
    occupations = [o for o in Person.objects.filter(status=PersonStatus.ACTIVE).exclude(occupation="").order_by()
                   .values_list("occupation", flat=True).distinct() if is_civil_servant(o)]
    if not occupations:
        return
    pairs = (Person.objects.filter(status=PersonStatus.ACTIVE, occupation__in=occupations, merged_into__isnull=True,
                                   household__enrolments__cycle_id__in=scope.cycle_ids,
                                   household__enrolments__status=EnrolmentStatus.ACTIVE,
                                   household__enrolments__program_id__in=programs)
             .order_by("household__enrolments__id", "relation", "id")
             .values_list("household__enrolments__id", "household__enrolments__program_id",
                          "household__enrolments__cycle_id", "household_id", "household__enrolments__person_id",
                          "household__enrolments__annual_amount", "id", "name", "occupation"))
    rows: dict[int, _Row] = {}
    servants: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for *enrolment, person_id, name, occupation in pairs:
        row = rows.setdefault(enrolment[0], _Row(*enrolment))
        servant = {"person": person_id, "name": name, "occupation": occupation}
        if servant not in servants[row.household_id]:
            servants[row.household_id].append(servant)
    _flag_per_household(scope, FindingKind.INCLUSION_OCCUPATION, [(row, ()) for row in rows.values()],
                        lambda group: {"members": servants[group[0][0].household_id]})


def _unserved(scope: _Scope) -> dict[int, tuple[str, int | None, str | None]]:
    """{household: (desa, desil, PMT version)}: the active households of the kabupaten/kota with desil 4 or
    below or not ranked, without an active enrolment in any current cycle (of any kabupaten/kota: a family paid
    elsewhere is not left out). One anti-join, read once for both exclusion kinds."""
    if scope.unserved is None:
        every_cycle = [*scope.cycles, *scope.other_cycles]
        receiving = Enrolment.objects.filter(household_id=OuterRef("pk"), status=EnrolmentStatus.ACTIVE,
                                             cycle_id__in=every_cycle)
        households = (Household.objects.filter(subtree_q("desa_id", scope.regency.code), status=HouseholdStatus.ACTIVE)
                      .filter(~Exists(receiving))
                      .filter(Q(welfare__desil__lte=PPKS_DESIL) | Q(welfare__isnull=True)).order_by("pk"))
        scope.unserved = {pk: (desa_id, desil, model) for pk, desa_id, desil, model in households.values_list(
            "pk", "desa_id", "welfare__desil", "welfare__model__version")}
    return scope.unserved


def check_poor(scope: _Scope) -> None:
    for pk, (desa_id, desil, model) in _unserved(scope).items():
        if desil is not None and desil <= POOR_DESIL:
            scope.add(Detected(kind=FindingKind.EXCLUSION_POOR, household_id=pk, desa_id=desa_id,
                               evidence={"desil": desil, "pmt_model": model}))


def _sixty_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - ELDERLY_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - ELDERLY_AGE, day=28)


def _age(born: datetime.date | None, day: datetime.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_ppks(scope: _Scope) -> None:
    """The unserved households' active members, read by id, decide: a lansia tunggal, or a disability."""
    cutoff = _sixty_years_before(scope.today)
    unserved = _unserved(scope)
    members = _members(unserved, active_only=True)
    for pk, (desa_id, desil, _model) in unserved.items():
        people = members.get(pk, [])
        reasons = []
        if len(people) == 1 and people[0]["birth_date"] is not None and people[0]["birth_date"] <= cutoff:
            reasons.append({"ppks": "lansia-tunggal", "person": people[0]["person"], "name": people[0]["name"],
                            "age": _age(people[0]["birth_date"], scope.today)})
        reasons += [{"ppks": "disabilitas", "person": m["person"], "name": m["name"], "disability": m["disability"]}
                    for m in people if m["disability"]]
        if reasons:
            scope.add(Detected(kind=FindingKind.EXCLUSION_PPKS, household_id=pk, desa_id=desa_id,
                               evidence={"desil": desil, "ppks": reasons}))


CHECKS: dict[str, Callable[[_Scope], None]] = {
    FindingKind.OVERLAP: check_overlap,
    FindingKind.DUPLICATE: check_duplicate,
    FindingKind.CROSS_REGENCY: check_cross_regency,
    FindingKind.INCLUSION_ASSET: check_assets,
    FindingKind.INCLUSION_DESIL: check_desil,
    FindingKind.INCLUSION_DECEASED: check_deceased,
    FindingKind.INCLUSION_MOVED: check_moved,
    FindingKind.INCLUSION_OCCUPATION: check_occupation,
    FindingKind.EXCLUSION_POOR: check_poor,
    FindingKind.EXCLUSION_PPKS: check_ppks,
}


# -------------------------------------------------------------------------------------------- for pages


def latest_runs(regency_codes: Iterable[str]) -> dict[str, CheckRun]:
    """The latest run of each kabupaten/kota, in one query."""
    codes = list(regency_codes)
    latest = CheckRun.objects.filter(regency_id=OuterRef("regency_id")).order_by("-started_at", "-id").values("id")[:1]
    runs = CheckRun.objects.filter(regency_id__in=codes, id=Subquery(latest)).select_related("regency", "started_by")
    return {run.regency_id: run for run in runs}


def run_is_stale(run: CheckRun, progress) -> bool:
    return run.status == RUN_RUNNING and (progress is None or progress.updated_at < timezone.now() - STALE_AFTER)

