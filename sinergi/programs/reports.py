"""The overlap reports: which households receive two programmes at once, how many, and the Rupiah involved.

* :func:`overlap_matrix` — programme × programme over one area: households enrolled in both, the stacking status
  of the pair, and for pairs that may not be held together the Rupiah at stake per year. The diagonal is each
  programme's own household count and annual amount.
* :func:`overlap_breakdown` — one pair per child area (kabupaten → kecamatan → desa): the drill-down.
* :func:`overlap_households` — one pair in one desa: the households themselves, for the list that links to the
  household page.
* :func:`as_xlsx` — the matrix (and a pair's breakdown) as a spreadsheet, every text cell formula-safe.

What counts: active enrolments of each programme's *current* cycle per kabupaten/kota (``Cycle.objects.current``,
the list in preparation once a new tahap is open), inside the requested area and the user's scope for
``perms.PROGRAMS_VIEW``. A person programme (PBI-JK, PIP) counts the household of the enrolled person, and its
amount is the sum over the household's enrolled members.

**Rupiah at stake.** A StackingRule ``(program_a, program_b, allowed=False)`` names in ``program_a`` the
programme that has to give way when a household holds both: BLT Dana Desa is for poor families who receive
neither PKH nor Sembako, so for ``BLT-DD + PKH`` it is BLT-DD's money that is wrongly paid. The amount at stake
of a forbidden pair is therefore the annual amount of the rule's ``program_a`` enrolments in the households
holding both, the same figure in both cells of the pair.

Sizes: the matrix is one aggregate query (each household's combination of programmes, then households and amounts
per combination and programme; Python adds up the pairs) plus the area, the current cycles, the programmes and
the rules; a kabupaten of 1M enrolments takes a few seconds on PostgreSQL (bench/programs.py), never a query per
cell.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.registry.export import neutralise
from sinergi.registry.models import Household, Person

from . import perms
from .models import Cycle, Enrolment, EnrolmentStatus, Finding, FindingState, Program, StackingRule

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Length of the dotted code of each level: 11, 11.06, 11.06.01, 11.06.01.2001
CODE_LENGTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}


class Stacking:
    """How two programmes relate: the same programme (diagonal), a rule forbids holding both, a rule says they
    are meant to be held together, or no rule says anything."""

    SAME = "sama"
    FORBIDDEN = "terlarang"
    ALLOWED = "komplementer"
    UNREGULATED = "tidak-diatur"


def stacking_label(status: str) -> str:
    return {
        Stacking.SAME: _("Program yang sama"),
        Stacking.FORBIDDEN: _("Tidak boleh diterima bersamaan"),
        Stacking.ALLOWED: _("Memang diterima bersamaan"),
        Stacking.UNREGULATED: _("Tidak diatur"),
    }[status]


@dataclass(frozen=True)
class Pair:
    """Two programmes and what the stacking rules say about holding both."""

    program_a: Program
    program_b: Program
    stacking: str
    # Forbidden pairs: the programme that must give way (the rule's program_a); None otherwise.
    yielding: Program | None = None
    note: str = ""

    @property
    def forbidden(self) -> bool:
        return self.stacking == Stacking.FORBIDDEN

    @property
    def same(self) -> bool:
        return self.stacking == Stacking.SAME

    @property
    def label(self) -> str:
        return stacking_label(self.stacking)


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: row programme × column programme."""

    pair: Pair
    households: int = 0
    # Annual Rupiah of the row programme's enrolments in those households (the diagonal: the programme's total).
    amount: int = 0
    # Forbidden pairs: annual Rupiah of the yielding programme's enrolments in those households; else 0.
    at_stake: int = 0

    @property
    def row(self) -> Program:
        return self.pair.program_a

    @property
    def column(self) -> Program:
        return self.pair.program_b


@dataclass
class Matrix:
    area: Area
    programs: list[Program]
    cells: dict[tuple[int, int], Cell]
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    def cell(self, row: Program, column: Program) -> Cell:
        return self.cells[(row.pk, column.pk)]

    @property
    def rows(self) -> list[tuple[Program, list[Cell]]]:
        return [(row, [self.cell(row, column) for column in self.programs]) for row in self.programs]

    @property
    def pairs(self) -> list[Cell]:
        """Each unordered pair of two different programmes once (row before column in the matrix order), as the
        cell whose row is the yielding programme when the pair is forbidden."""
        found = []
        for i, a in enumerate(self.programs):
            for b in self.programs[i + 1:]:
                cell = self.cell(a, b)
                if cell.pair.yielding is not None and cell.pair.yielding.pk == b.pk:
                    cell = self.cell(b, a)
                found.append(cell)
        return found

    @property
    def forbidden(self) -> list[Cell]:
        return [c for c in self.pairs if c.pair.forbidden and c.households]

    @property
    def at_stake(self) -> int:
        return sum(c.at_stake for c in self.forbidden)

    @property
    def forbidden_households(self) -> int:
        """Household-pairs, not distinct households: a family holding BLT-DD, PKH and Sembako counts twice."""
        return sum(c.households for c in self.forbidden)


@dataclass(frozen=True)
class AreaRow:
    """One child area of a pair's breakdown."""

    area: Area
    households: int = 0
    amount_a: int = 0
    amount_b: int = 0
    at_stake: int = 0


# ------------------------------------------------------------------------------------------------- the queries


def current_cycle_ids(area_code: str) -> list[int]:
    """The ids of the current cycles of the kabupaten/kota ``area_code`` lies in (or, for a province, contains).

    Read first (one small query) rather than nested as a subquery: with the ids as literals PostgreSQL estimates
    the enrolments it will read and hash-joins the households, where the nested subquery's one-row estimate led
    it to a nested loop of index lookups, three times slower at 200k enrolments."""
    regency = ".".join(area_code.split(".")[:2])
    return list(Cycle.objects.current().filter(subtree_q("regency_id", regency)).values_list("id", flat=True))


def current_enrolments(user, area_code: str) -> QuerySet | None:
    """Active enrolments of the current cycles under ``area_code`` that ``user`` may see; None when the user may
    see no programme data at all."""
    scope = scoping.scope_q(user, perms.PROGRAMS_VIEW, "household__desa_id")
    if scope is None:
        return None
    return Enrolment.objects.filter(scope, subtree_q("household__desa_id", area_code),
                                    status=EnrolmentStatus.ACTIVE, cycle_id__in=current_cycle_ids(area_code))


def _rules() -> dict[frozenset[int], StackingRule]:
    return {frozenset((r.program_a_id, r.program_b_id)): r for r in StackingRule.objects.all()}


def _pair(a: Program, b: Program, rules: dict[frozenset[int], StackingRule], programs: dict[int, Program]) -> Pair:
    if a.pk == b.pk:
        return Pair(a, b, Stacking.SAME)
    rule = rules.get(frozenset((a.pk, b.pk)))
    if rule is None:
        return Pair(a, b, Stacking.UNREGULATED)
    if rule.allowed:
        return Pair(a, b, Stacking.ALLOWED, note=rule.note)
    return Pair(a, b, Stacking.FORBIDDEN, yielding=programs[rule.program_a_id], note=rule.note)


def stacking_of(program_a: Program, program_b: Program) -> Pair:
    """What the rules say about ``program_a`` + ``program_b`` (one query)."""
    rule = StackingRule.objects.filter(Q(program_a=program_a, program_b=program_b)
                                       | Q(program_a=program_b, program_b=program_a)).first()
    rules = {} if rule is None else {frozenset((rule.program_a_id, rule.program_b_id)): rule}
    return _pair(program_a, program_b, rules, {program_a.pk: program_a, program_b.pk: program_b})


def _run(per_household: QuerySet, columns: list[str], outer: str, params: tuple = ()) -> list[tuple]:
    """``outer`` (SQL reading ``hp``) over the per-household programme totals ``per_household``.

    ``per_household`` is built by the ORM (scope, area, current cycles), so the filters stay the app's own; what
    is around it is plain SQL because the ORM cannot window or self-join a grouped queryset. A CTE with a
    column list reads the same on SQLite and PostgreSQL.

    PostgreSQL's JIT is switched off for this one statement: at 1M enrolments its estimated cost sets off the
    full JIT compilation, which took 4 of the 5.6 s in EXPLAIN ANALYZE (bench/programs.py) and gains nothing
    on a query that reads each row once."""
    inner, inner_params = per_household.query.get_compiler(using=per_household.db).as_sql()
    sql = f"WITH hp ({', '.join(columns)}) AS ({inner}) {outer}"  # noqa: S608 (only the ORM's SQL, fixed text)
    connection = connections[per_household.db]
    with transaction.atomic(using=per_household.db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, (*inner_params, *params))
        return cursor.fetchall()


def _combinations(per_household: QuerySet) -> list[tuple[str, int, int, int]]:
    """(the household's programme ids as "3,5,9" in any order, programme, households, that programme's amount)
    per combination of programmes held and programme: a window over each household's rows, then one grouping.

    A few hundred rows, from which Python adds up every pair: no self-join of the households' rows, whose size
    grows with the square of the programmes a household holds (1.3M joined rows at 1M enrolments)."""
    concat = ("string_agg(CAST(program_id AS TEXT), ',')" if connections[per_household.db].vendor == "postgresql"
              else "group_concat(CAST(program_id AS TEXT), ',')")
    outer = (f"SELECT held, program_id, COUNT(*), SUM(amount) FROM (SELECT program_id, amount, {concat} "  # noqa: S608
             "OVER (PARTITION BY household_id) AS held FROM hp) x GROUP BY held, program_id")
    return _run(per_household, ["household_id", "program_id", "amount"], outer)


def _programs_for(area: Area, present: set[int]) -> list[Program]:
    """Active programmes that run in the area (national ones, and local ones of an area above or below it), and
    any programme that has enrolments there even if it is no longer active."""
    local = Q(area__isnull=True) | Q(area_id__in=[area.code, *area.ancestor_codes()]) | subtree_q("area_id",
                                                                                                  area.code)
    return list(Program.objects.filter((Q(active=True) & local) | Q(pk__in=present)).order_by("order", "code"))


def overlap_matrix(*, user, area_code: str) -> Matrix:
    """The programme × programme matrix of ``area_code`` as ``user`` may see it (five queries: area, current
    cycles, aggregate, programmes, rules). Nothing in scope gives a matrix of zeros."""
    area = Area.objects.get(code=area_code)
    enrolments = current_enrolments(user, area_code)
    counts: dict[tuple[int, int], tuple[int, int]] = {}
    if enrolments is not None:
        per_household = (enrolments.values("household_id", "program_id")
                         .annotate(amount=Sum("annual_amount")).order_by())
        totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        for held, program, households, amount in _combinations(per_household):
            for other in {int(pk) for pk in held.split(",")}:
                total = totals[(program, other)]
                total[0] += households
                total[1] += int(amount or 0)
        counts = {pair: (households, amount) for pair, (households, amount) in totals.items()}
    programs = _programs_for(area, {a for a, _b in counts})
    by_id = {p.pk: p for p in programs}
    rules = _rules()
    cells: dict[tuple[int, int], Cell] = {}
    for a in programs:
        for b in programs:
            pair = _pair(a, b, rules, by_id)
            households, amount = counts.get((a.pk, b.pk), (0, 0))
            at_stake = 0
            if pair.forbidden:
                at_stake = counts.get((pair.yielding.pk, b.pk if pair.yielding.pk == a.pk else a.pk), (0, 0))[1]
            cells[(a.pk, b.pk)] = Cell(pair, households, amount, at_stake)
    return Matrix(area=area, programs=programs, cells=cells)


def child_areas(user, area: Area) -> list[Area]:
    """The areas one level down that overlap the user's scope; a desa is its own only child."""
    if area.level == Level.VILLAGE:
        return [area]
    return [child for child in Area.objects.filter(parent_id=area.code).order_by("code")
            if scoping.overlaps(user, perms.PROGRAMS_VIEW, child.code)]


def overlap_breakdown(*, user, area_code: str, program_a: Program, program_b: Program) -> list[AreaRow]:
    """Households holding both programmes per child area of ``area_code``, with both programmes' annual amounts
    and the Rupiah at stake (forbidden pairs). The rows add up to the matrix cell of the same pair and area.
    ``program_a == program_b`` gives the programme's own households per child area (the diagonal)."""
    area = Area.objects.get(code=area_code)
    children = child_areas(user, area)
    pair = stacking_of(program_a, program_b)
    enrolments = current_enrolments(user, area_code)
    found: dict[str, tuple[int, int, int]] = {}
    if enrolments is not None and children:
        length = CODE_LENGTH[Level(min(area.level + 1, Level.VILLAGE))]
        per_household = (enrolments.filter(program__in=[program_a, program_b])
                         .annotate(child=Substr("household__desa_id", 1, length))
                         .values("household_id", "program_id", "child")
                         .annotate(amount=Sum("annual_amount")).order_by())
        # Two programmes only: a self-join of their households' rows stays small.
        for child, households, amount_a, amount_b in _run(
                per_household, ["household_id", "program_id", "child", "amount"],
                "SELECT a.child, COUNT(*), SUM(a.amount), SUM(b.amount) FROM hp a "
                "JOIN hp b ON b.household_id = a.household_id WHERE a.program_id = %s AND b.program_id = %s "
                "GROUP BY a.child", (program_a.pk, program_b.pk)):
            found[child] = (households, int(amount_a or 0), int(amount_b or 0))
    rows = []
    for child in children:
        households, amount_a, amount_b = found.get(child.code, (0, 0, 0))
        at_stake = 0
        if pair.forbidden:
            at_stake = amount_a if pair.yielding.pk == program_a.pk else amount_b
        rows.append(AreaRow(child, households, amount_a, amount_b, at_stake))
    return rows


def _enrolled(program: Program, cycle_ids: list[int]):
    return Enrolment.objects.filter(household=OuterRef("pk"), program=program, status=EnrolmentStatus.ACTIVE,
                                    cycle_id__in=cycle_ids)


def _amount(program: Program, cycle_ids: list[int]) -> Subquery:
    return Subquery(_enrolled(program, cycle_ids).order_by().values("household")
                    .annotate(total=Sum("annual_amount")).values("total")[:1])


def overlap_households(*, user, desa_code: str, program_a: Program, program_b: Program) -> QuerySet:
    """The households of one desa (inside the user's scope) holding both programmes in their current cycles,
    annotated for the list: ``head_name``, ``head_nik`` (show it masked), ``amount_a``, ``amount_b``,
    ``open_findings``. One query for the current cycles here, then one per page however many households."""
    cycles = current_cycle_ids(desa_code)
    head = Person.objects.filter(household=OuterRef("pk"), relation="1", merged_into__isnull=True).order_by("id")
    open_findings = (Finding.objects.filter(household=OuterRef("pk"), state=FindingState.OPEN).order_by()
                     .values("household").annotate(n=Count("pk")).values("n")[:1])
    return (Household.objects.for_user(user, perms.PROGRAMS_VIEW).filter(desa_id=desa_code)
            .filter(Exists(_enrolled(program_a, cycles)), Exists(_enrolled(program_b, cycles)))
            .annotate(head_name=Subquery(head.values("name")[:1]), head_nik=Subquery(head.values("nik")[:1]),
                      amount_a=_amount(program_a, cycles), amount_b=_amount(program_b, cycles),
                      open_findings=Subquery(open_findings))
            .order_by("address", "rt", "id"))


# ----------------------------------------------------------------------------------------------------- labels


def area_label(area: Area) -> str:
    # Kabupaten and provinces carry their kind in the name ("Kabupaten Aceh Besar"); kecamatan and desa do not.
    if area.level >= Level.DISTRICT:
        return f"{area.get_level_display()} {area.name}"
    return area.name


def default_area_code(scope: list[str]) -> str:
    """The area a user's matrix opens on: their one scope area, or the deepest area containing all of them (a
    facilitator of two desa sees their kecamatan, limited to their desa), else the first."""
    if len(scope) == 1:
        return scope[0]
    split = [code.split(".") for code in scope]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return ".".join(common) if common else scope[0]


# ------------------------------------------------------------------------------------------------------- XLSX


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 4


def _sheet_name(heading: str) -> str:
    # Excel refuses these characters and names over 31 characters (a translated heading may be longer).
    return _SHEET_FORBIDDEN.sub(" ", heading)[:31].strip() or "Tabel"


def _text(value) -> str:
    return neutralise(str(value))


def as_xlsx(matrix: Matrix, *, pair: Pair | None = None, breakdown: list[AreaRow] | None = None) -> bytes:
    """The matrix as three sheets (households, Rupiah, the pairs as a list) and, given a pair, its breakdown by
    area. Title in A1, area and date in A2, column headers in row 4; numbers stay numbers, every text cell
    (programme names are typed by admins) is neutralised against formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FDECEB")
    generated = formats.date_format(timezone.localtime(matrix.generated_at), "SHORT_DATETIME_FORMAT")
    subtitle = _text(f"{area_label(matrix.area)} ({matrix.area.code}) · {generated}")

    def sheet(heading: str, columns: list[str]):
        ws = workbook.create_sheet(_sheet_name(heading))
        ws["A1"] = _text(heading)
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = subtitle
        for column, name in enumerate(columns, start=1):
            ws.cell(row=HEADER_ROW, column=column, value=_text(name)).font = bold
        ws.column_dimensions["A"].width = 36
        for column in range(2, len(columns) + 1):
            ws.column_dimensions[get_column_letter(column)].width = 16
        return ws

    codes = [p.code for p in matrix.programs]
    for heading, value in ((_("Keluarga penerima dua program"), lambda c: c.households),
                           (_("Nilai per tahun (Rp)"), lambda c: c.amount)):
        ws = sheet(heading, [_("Kode"), _("Program"), *codes])
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 36
        for offset, (row, cells) in enumerate(matrix.rows, start=1):
            ws.cell(row=HEADER_ROW + offset, column=1, value=_text(row.code))
            ws.cell(row=HEADER_ROW + offset, column=2, value=_text(row.name))
            for column, cell in enumerate(cells, start=3):
                target = ws.cell(row=HEADER_ROW + offset, column=column, value=value(cell))
                if cell.pair.forbidden and cell.households:
                    target.fill = red
        note = HEADER_ROW + len(matrix.programs) + 2
        ws.cell(row=note, column=1, value=_text(
            _("Baris × kolom: keluarga yang menerima kedua program pada tahap berjalan; diagonal: keluarga penerima "
              "program itu. Nilai: manfaat per tahun program baris pada keluarga tersebut.")))

    ws = sheet(_("Pasangan program"), [_("Program A"), _("Program B"), _("Status"), _("Keluarga"),
                                      _("Program yang harus mengalah"), _("Nilai terdampak per tahun (Rp)"),
                                      _("Dasar/keterangan")])
    for offset, cell in enumerate(matrix.pairs, start=1):
        pair_row = cell.pair
        values = [pair_row.program_a.code, pair_row.program_b.code, pair_row.label, cell.households,
                  pair_row.yielding.code if pair_row.yielding else "", cell.at_stake, pair_row.note]
        for column, value in enumerate(values, start=1):
            ws.cell(row=HEADER_ROW + offset, column=column, value=_text(value) if isinstance(value, str) else value)

    if pair is not None and breakdown is not None:
        ws = sheet(f"{pair.program_a.code} + {pair.program_b.code}",
                   [_("Kode wilayah"), _("Wilayah"), _("Keluarga"), f"{pair.program_a.code} (Rp)",
                    f"{pair.program_b.code} (Rp)", _("Nilai terdampak per tahun (Rp)")])
        for offset, row in enumerate(breakdown, start=1):
            values = [row.area.code, row.area.name, row.households, row.amount_a, row.amount_b, row.at_stake]
            for column, value in enumerate(values, start=1):
                ws.cell(row=HEADER_ROW + offset, column=column,
                        value=_text(value) if isinstance(value, str) else value)
        total = HEADER_ROW + len(breakdown) + 1
        ws.cell(row=total, column=2, value=_("Jumlah")).font = bold
        for column, attr in enumerate(("households", "amount_a", "amount_b", "at_stake"), start=3):
            ws.cell(row=total, column=column, value=sum(getattr(r, attr) for r in breakdown)).font = bold
        ws.cell(row=total + 2, column=1, value=_text(f"{pair.label}. {pair.note}".strip()))

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
