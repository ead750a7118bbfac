"""Report queries on the pillars: coverage gaps and workload per desa, and task activity by pillar type and
area. Each report runs a fixed number of aggregate queries, however many desa, workers or tasks it counts.

Coverage counts the workers active on the day (status active, SK covering it) whose work areas include the desa
itself or its whole kecamatan, as ``coverage.workers_covering`` does for one desa.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.registry.codes import HouseholdStatus
from sinergi.registry.models import Household

from .coverage import kecamatan_of
from .models import (
    VIEW_TASKS,
    PillarType,
    PillarWorker,
    Task,
    TaskStatus,
    Visit,
    WorkArea,
    WorkerStatus,
    sk_covers,
)

# The pillar types every desa should have, in the order of the coverage table's columns. A TKSK usually covers
# a desa through its kecamatan.
KEY_TYPES: list[str] = [PillarType.PSM, PillarType.PKH_FACILITATOR, PillarType.TKSK, PillarType.P3MD]

# Households (active, in the registry) in the desa a worker covers, above which the worker is flagged as
# overloaded. Starting points to tune per kabupaten, not rules: a PSM or a Pendamping PKH accompanies about 250
# families; a TKSK is alone for a whole kecamatan; a Pendamping Desa serves a few desa. Types without an entry
# are listed but never flagged.
OVERLOAD_THRESHOLDS: dict[str, int] = {
    PillarType.PSM: 250,
    PillarType.PKH_FACILITATOR: 250,
    PillarType.TKSK: 5000,
    PillarType.P3MD: 2000,
}

# Length of a dotted code per level: 11, 11.06, 11.06.01, 11.06.01.2001.
CODE_LENGTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}


def kabupaten_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def _type_label(value: str) -> str:
    return str(PillarType(value).label) if value in PillarType.values else value


# ------------------------------------------------------------------------------------ coverage and workload


@dataclass
class DesaCoverage:
    desa: Area
    households: int
    counts: list[int]  # active workers covering the desa, per KEY_TYPES

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(zip(key_type_labels(), self.counts, strict=True))

    def count(self, pillar_type: str) -> int:
        return self.counts[KEY_TYPES.index(pillar_type)]


@dataclass
class KecamatanCoverage:
    kecamatan: Area
    desa: list[DesaCoverage] = field(default_factory=list)

    @property
    def lacking(self) -> list[int]:
        """Desa without any worker of each key type."""
        return [sum(1 for d in self.desa if d.counts[i] == 0) for i in range(len(KEY_TYPES))]

    @property
    def lacking_cells(self) -> list[tuple[str, int]]:
        return list(zip(key_type_labels(), self.lacking, strict=True))


@dataclass
class WorkerLoad:
    worker: PillarWorker
    areas: list[Area]
    households: int
    threshold: int | None

    @property
    def overloaded(self) -> bool:
        return self.threshold is not None and self.households > self.threshold


@dataclass
class CoverageReport:
    area: Area
    on: datetime.date
    groups: list[KecamatanCoverage]
    loads: list[WorkerLoad]

    @property
    def types(self) -> list[tuple[str, str]]:
        return [(t, _type_label(t)) for t in KEY_TYPES]

    @property
    def desa_total(self) -> int:
        return sum(len(g.desa) for g in self.groups)

    @property
    def lacking(self) -> list[int]:
        return [sum(g.lacking[i] for g in self.groups) for i in range(len(KEY_TYPES))]

    @property
    def lacking_cells(self) -> list[tuple[str, int]]:
        return list(zip(key_type_labels(), self.lacking, strict=True))

    def lacking_of(self, pillar_type: str) -> int:
        return self.lacking[KEY_TYPES.index(pillar_type)]

    def desa(self, code: str) -> DesaCoverage:
        return next(d for g in self.groups for d in g.desa if d.desa.code == code)

    @property
    def overloaded(self) -> list[WorkerLoad]:
        return [load for load in self.loads if load.overloaded]


def key_type_labels() -> list[str]:
    """KEY_TYPES' labels in the active language."""
    return [_type_label(t) for t in KEY_TYPES]


def coverage_report(user, area: Area, *, on: datetime.date | None = None) -> CoverageReport:
    """Desa of ``area`` (a kabupaten or kecamatan) × KEY_TYPES: how many active workers cover each, and the
    workload of every worker covering any of them. Three queries: the desa, the work areas of those workers
    (all of them, also outside ``area``, so the workload is whole), and the households per desa."""
    on = on or timezone.localdate()
    villages = list(Area.objects.filter(subtree_q("code", area.code), level=Level.VILLAGE)
                    .select_related("parent").order_by("code"))
    covering = WorkArea.objects.filter(subtree_q("area_id", area.code)).values("worker_id")
    workers = PillarWorker.objects.for_user(user).active_on(on).filter(pk__in=covering)
    rows = list(WorkArea.objects.filter(worker__in=workers).select_related("worker", "area")
                .order_by("worker_id", "area_id"))

    kabupaten = {kabupaten_of(area.code)} | {kabupaten_of(r.area_id) for r in rows}
    households = dict(
        Household.objects.for_user(user)
        .filter(reduce(or_, (subtree_q("desa_id", code) for code in sorted(kabupaten))),
                status=HouseholdStatus.ACTIVE)
        .order_by().values("desa_id").annotate(n=Count("id")).values_list("desa_id", "n")
    )

    # Coverage: {area code: {(worker id, type)}}; a desa counts its own and its kecamatan's workers once each.
    by_area: dict[str, set[tuple[int, str]]] = {}
    for row in rows:
        by_area.setdefault(row.area_id, set()).add((row.worker_id, row.worker.pillar_type))
    groups: dict[str, KecamatanCoverage] = {}
    for desa in villages:
        present = by_area.get(desa.code, set()) | by_area.get(desa.parent_id, set())
        counts = [sum(1 for _pk, kind in present if kind == t) for t in KEY_TYPES]
        group = groups.setdefault(desa.parent_id, KecamatanCoverage(kecamatan=desa.parent))
        group.desa.append(DesaCoverage(desa=desa, households=households.get(desa.code, 0), counts=counts))

    # Workload: households in every desa each worker covers, a kecamatan counting all of its desa.
    per_kecamatan: dict[str, int] = {}
    for code, n in households.items():
        per_kecamatan[kecamatan_of(code)] = per_kecamatan.get(kecamatan_of(code), 0) + n
    areas_of: dict[int, list[WorkArea]] = {}
    for row in rows:
        areas_of.setdefault(row.worker_id, []).append(row)
    loads = []
    for worker_rows in areas_of.values():
        worker = worker_rows[0].worker
        kecamatan = {r.area_id for r in worker_rows if r.area.level == Level.DISTRICT}
        total = sum(per_kecamatan.get(k, 0) for k in kecamatan) + sum(
            households.get(r.area_id, 0) for r in worker_rows
            if r.area.level == Level.VILLAGE and kecamatan_of(r.area_id) not in kecamatan
        )
        loads.append(WorkerLoad(worker=worker, areas=[r.area for r in worker_rows], households=total,
                                threshold=OVERLOAD_THRESHOLDS.get(worker.pillar_type)))
    loads.sort(key=lambda load: (-load.households, load.worker.name, load.worker.pk))
    return CoverageReport(area=area, on=on, groups=list(groups.values()), loads=loads)


def uncovered_desa(area_code: str, *, on: datetime.date | None = None) -> tuple[int, int]:
    """(desa without any active worker, desa) under ``area_code``, in one query: the area page's summary."""
    on = on or timezone.localdate()
    covered = WorkArea.objects.filter(
        Q(area_id=OuterRef("code")) | Q(area_id=OuterRef("parent_id")), worker__status=WorkerStatus.ACTIVE,
    ).filter(sk_covers(on, prefix="worker__"))
    totals = Area.objects.filter(subtree_q("code", area_code), level=Level.VILLAGE).aggregate(
        total=Count("code"), uncovered=Count("code", filter=~Exists(covered)),
    )
    return totals["uncovered"] or 0, totals["total"] or 0


# ------------------------------------------------------------------------------------------------- activity


@dataclass
class Cell:
    done: int = 0
    open: int = 0
    overdue: int = 0
    visits: int = 0

    def add(self, other: Cell) -> None:
        self.done += other.done
        self.open += other.open
        self.overdue += other.overdue
        self.visits += other.visits


@dataclass
class ActivityRow:
    key: str  # a pillar type, "" for tasks without a worker, "total" for the distinct tasks
    label: str
    cells: list[tuple[Area, Cell]]
    total: Cell


@dataclass
class ActivityReport:
    area: Area
    start: datetime.date
    end: datetime.date
    columns: list[Area]
    rows: list[ActivityRow]  # per pillar type with any activity, in the types' order
    unassigned: ActivityRow | None
    total: ActivityRow

    def cell(self, pillar_type: str, column: str) -> Cell:
        """The counts of one type (or "" for tasks without a worker) in one column; zeros when nothing."""
        row = next((r for r in [*self.rows, *([self.unassigned] if self.unassigned else [])]
                    if r.key == pillar_type), None)
        if row is None:
            return Cell()
        return next((c for a, c in row.cells if a.code == column), Cell())


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return begin, finish


def activity_report(user, area: Area, *, start: datetime.date, end: datetime.date,
                    today: datetime.date | None = None) -> ActivityReport:
    """Tasks by pillar type (rows) × the areas right under ``area`` (columns: kecamatan of a kabupaten,
    kabupaten of a province, desa of a kecamatan), inside the user's ``pillars.view_task`` scope:

    * done: closed as done during [start, end];
    * open: still open now, given on or before ``end``;
    * overdue: of those, past their due date today.

    A task counts once in each of its workers' types (two PSM on one task: once for PSM); the total row counts
    each task once, and tasks without a worker have their own row. Visits during the period are counted the same
    way. Five queries: the columns, tasks by type, tasks in total, visits by type, visits in total."""
    today = today or timezone.localdate()
    child_level = Level(min(area.level + 1, Level.VILLAGE))
    length = CODE_LENGTH[child_level]
    columns = [area] if area.level == Level.VILLAGE else list(Area.objects.filter(parent=area).order_by("code"))
    begin, finish = _bounds(start, end)

    def task_counts(queryset, prefix: str, group: list[str], extra: Q | None = None):
        done = Q(**{f"{prefix}status": TaskStatus.DONE, f"{prefix}done_at__gte": begin, f"{prefix}done_at__lt": finish})
        still_open = Q(**{f"{prefix}status": TaskStatus.OPEN, f"{prefix}created_at__lt": finish})
        overdue = still_open & Q(**{f"{prefix}due_date__lt": today})
        task = f"{prefix}pk" if prefix else "pk"
        counts = {
            "done": Count(task, filter=done, distinct=True),
            "open": Count(task, filter=still_open, distinct=True),
            "overdue": Count(task, filter=overdue, distinct=True),
        }
        if extra is not None:
            counts.update({f"u_{k}": Count(task, filter=f & extra, distinct=True)
                           for k, f in (("done", done), ("open", still_open), ("overdue", overdue))})
        return (queryset.filter(done | still_open).order_by().values(*group).annotate(**counts))

    through = Task.assignees.through
    task_scope = scoping.scope_q(user, VIEW_TASKS, "task__desa_id")
    desa_scope = scoping.scope_q(user, VIEW_TASKS, "desa_id")
    visit_scope = scoping.scope_q(user, VIEW_TASKS, "visit__desa_id")
    by_type: dict[tuple[str, str], Cell] = {}
    totals: dict[str, Cell] = {}
    unassigned: dict[str, Cell] = {}
    if task_scope is not None:
        typed = through.objects.filter(task_scope, subtree_q("task__desa_id", area.code)).annotate(
            col=Substr("task__desa_id", 1, length), kind=F("pillarworker__pillar_type"))
        for r in task_counts(typed, "task__", ["kind", "col"]):
            by_type[(r["kind"], r["col"])] = Cell(done=r["done"], open=r["open"], overdue=r["overdue"])
        tasks = Task.objects.filter(desa_scope, subtree_q("desa_id", area.code)).annotate(
            col=Substr("desa_id", 1, length), assigned=Exists(through.objects.filter(task_id=OuterRef("pk"))))
        for r in task_counts(tasks, "", ["col"], extra=Q(assigned=False)):
            totals[r["col"]] = Cell(done=r["done"], open=r["open"], overdue=r["overdue"])
            unassigned[r["col"]] = Cell(done=r["u_done"], open=r["u_open"], overdue=r["u_overdue"])

        visits = Visit.workers.through.objects.filter(
            visit_scope, subtree_q("visit__desa_id", area.code), visit__visited_on__gte=start,
            visit__visited_on__lte=end,
        ).annotate(col=Substr("visit__desa_id", 1, length), kind=F("pillarworker__pillar_type"))
        for r in visits.order_by().values("kind", "col").annotate(n=Count("visit_id", distinct=True)):
            by_type.setdefault((r["kind"], r["col"]), Cell()).visits = r["n"]
        all_visits = Visit.objects.filter(desa_scope, subtree_q("desa_id", area.code), visited_on__gte=start,
                                          visited_on__lte=end).annotate(col=Substr("desa_id", 1, length))
        for r in all_visits.order_by().values("col").annotate(n=Count("pk")):
            totals.setdefault(r["col"], Cell()).visits = r["n"]

    def row(key: str, label: str, source: dict[str, Cell]) -> ActivityRow:
        cells, total = [], Cell()
        for column in columns:
            cell = source.get(column.code, Cell())
            cells.append((column, cell))
            total.add(cell)
        return ActivityRow(key=key, label=label, cells=cells, total=total)

    present = {kind for kind, _col in by_type}
    rows = [row(kind, label, {col: c for (k, col), c in by_type.items() if k == kind})
            for kind, label in PillarType.choices if kind in present]
    unassigned_row = row("", "", unassigned)
    has_unassigned = bool(unassigned_row.total.done or unassigned_row.total.open)
    return ActivityReport(area=area, start=start, end=end, columns=columns, rows=rows,
                          unassigned=unassigned_row if has_unassigned else None, total=row("total", "", totals))
