"""The SLRT monthly report (laporan bulanan SLRT): who came to the desk, where they were referred, how long the
providers took, and what was left overdue at the end of the month.

The figures are computed once into a ``MonthlyReport``; ``tables`` turns it into the report's tables, which the
HTML page, the PDF (``as_sections``) and the XLSX (``as_xlsx``) all show, so the three can never disagree.

Months are calendar months in the office's time zone (settings.TIME_ZONE, Asia/Jakarta): a resident served at
00:30 WIB on the 1st belongs to that month even though it is still the previous day in UTC.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.core.pdf import Letterhead, TableSection, tables_document
from sinergi.registry.export import neutralise

from .models import OPEN_STATES, VIEW_CASES, Case, Need, Ppks, Referral, ReferralEvent, State

NO_CATEGORY = "-"
CLOSED_STATES = [State.COMPLETED, State.REJECTED, State.RETURNED]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Number = int | float | None


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ProviderRow:
    label: str
    total: int = 0
    completed: int = 0
    rejected: int = 0
    returned: int = 0
    open: int = 0


@dataclass(frozen=True)
class DurationRow:
    label: str
    count: int
    median_days: float | None
    p90_days: float | None


@dataclass
class MonthlyReport:
    area_code: str
    area_label: str
    year: int
    month: int
    start: datetime.datetime
    end: datetime.datetime
    # When "the end of the month" is taken for the overdue figures: the end itself, or now for the running month.
    as_of: datetime.datetime
    visitors: int
    by_ppks: list[CountRow]
    by_need: list[CountRow]
    providers: list[ProviderRow]
    provider_total: ProviderRow
    durations: list[DurationRow]
    duration_total: DurationRow
    overdue: int
    overdue_escalated: int
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def period_label(self) -> str:
        """The month as "November 2026", its name in the active language."""
        return month_label(self.year, self.month)

    @property
    def is_running(self) -> bool:
        return self.as_of < self.end


def month_label(year: int, month: int) -> str:
    return formats.date_format(datetime.date(year, month, 1), "F Y")


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the calendar month in the office's time zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, following


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks: numpy's default (``method="linear"``, Hyndman & Fan
    type 7, also ``statistics.quantiles(method="inclusive")``). Days 1, 2, 3, 4, 10 give a median of 3 and a p90
    of 4 + 0.6 × (10 − 4) = 7.6; nearest-rank would report 10, letting one slow case stand for the tenth."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def area_label(area: Area) -> str:
    # Kabupaten and provinces carry their kind in the name ("Kabupaten Aceh Besar"); kecamatan and desa do not.
    if area.level >= Level.DISTRICT:
        return f"{area.get_level_display()} {area.name}"
    return area.name


def monthly_report(*, user, area_code: str, year: int, month: int,
                   now: datetime.datetime | None = None) -> MonthlyReport:
    """The month's figures for the cases and referrals of ``area_code`` that ``user`` may see (VIEW_CASES).

    Five queries whatever the number of rows: the area, the month's cases, referrals per provider and state,
    the month's completions, the overdue figures.
    """
    scope = scoping.scope_q(user, VIEW_CASES, "case__desa_id")
    if scope is None or not scoping.overlaps(user, VIEW_CASES, area_code):
        raise PermissionDenied
    area = Area.objects.get(code=area_code)
    start, end = month_bounds(year, month)
    now = now or timezone.now()
    as_of = min(end, now)
    referrals = Referral.objects.filter(scope, subtree_q("case__desa_id", area_code))

    by_ppks, by_need, visitors = _visitors(user, area_code, start, end)
    providers, provider_total = _providers(referrals.filter(created_at__gte=start, created_at__lt=end))
    durations, duration_total = _durations(
        referrals.filter(state=State.COMPLETED, completed_at__gte=start, completed_at__lt=end))
    overdue = _overdue(referrals, as_of)

    return MonthlyReport(
        area_code=area.code, area_label=area_label(area), year=year, month=month, start=start, end=end,
        as_of=as_of, visitors=visitors, by_ppks=by_ppks, by_need=by_need, providers=providers,
        provider_total=provider_total, durations=durations, duration_total=duration_total,
        overdue=overdue["overdue"], overdue_escalated=overdue["escalated"], generated_at=now,
    )


def _visitors(user, area_code: str, start, end) -> tuple[list[CountRow], list[CountRow], int]:
    cases = Case.objects.for_user(user).filter(subtree_q("desa_id", area_code), opened_at__gte=start,
                                               opened_at__lt=end)
    # The codes live in JSON lists, which SQLite and PostgreSQL unnest differently; a kabupaten desk opens a few
    # hundred cases a month, so reading two short lists per case and counting in Python is cheap and portable.
    ppks_counts: Counter[str] = Counter()
    need_counts: Counter[str] = Counter()
    visitors = 0
    for ppks, needs in cases.values_list("ppks", "needs"):
        visitors += 1
        # set(): a code listed twice on one case is still one visitor in that category.
        ppks_codes = set(ppks or [])
        ppks_counts.update(ppks_codes or [NO_CATEGORY])
        need_counts.update(set(needs or []))
    ppks_rows = _count_rows(Ppks.choices, ppks_counts)
    ppks_rows.append(CountRow(NO_CATEGORY, _("Tanpa kategori PPKS"), ppks_counts[NO_CATEGORY]))
    return ppks_rows, _count_rows(Need.choices, need_counts), visitors


def _count_rows(choices, counts: Counter[str]) -> list[CountRow]:
    """Every category in the regulation's order, zeros included, so months compare row by row; codes no longer
    among the choices still show (under their code) rather than silently vanish from the total."""
    known = {code for code, _label in choices}
    rows = [CountRow(code, str(label), counts[code]) for code, label in choices]
    rows += [CountRow(code, code, n) for code, n in sorted(counts.items())
             if code not in known and code != NO_CATEGORY]
    return rows


def _providers(referrals) -> tuple[list[ProviderRow], ProviderRow]:
    # The outcome is the referral's state today: a referral made this month and completed next month shows as
    # completed when the report is printed again later.
    grouped = (referrals.values("provider_id", "provider__name", "state").annotate(n=Count("pk"))
               .order_by("provider__name", "provider_id"))
    counts: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for row in grouped:
        names[row["provider_id"]] = row["provider__name"]
        counts.setdefault(row["provider_id"], defaultdict(int))[row["state"]] += row["n"]
    rows = [_provider_row(names[pk], by_state) for pk, by_state in counts.items()]
    total = ProviderRow(
        label=_("Jumlah"),
        total=sum(r.total for r in rows), completed=sum(r.completed for r in rows),
        rejected=sum(r.rejected for r in rows), returned=sum(r.returned for r in rows),
        open=sum(r.open for r in rows),
    )
    return rows, total


def _provider_row(label: str, by_state: dict[str, int]) -> ProviderRow:
    return ProviderRow(
        label=label, total=sum(by_state.values()), completed=by_state[State.COMPLETED],
        rejected=by_state[State.REJECTED], returned=by_state[State.RETURNED],
        open=sum(by_state[s] for s in OPEN_STATES),
    )


def _durations(completed) -> tuple[list[DurationRow], DurationRow]:
    # Medians and percentiles are computed in Python: SQLite has no percentile aggregate, and a kabupaten
    # completes at most a few thousand referrals a month, so two timestamps per referral is a small read.
    per_service: dict[int, list[float]] = defaultdict(list)
    names: dict[int, str] = {}
    every: list[float] = []
    for service_id, name, created_at, completed_at in completed.values_list(
            "service_id", "service__name", "created_at", "completed_at"):
        days = (completed_at - created_at).total_seconds() / 86400
        per_service[service_id].append(days)
        # Service names are seeded from the catalogue, marked for translation there.
        names[service_id] = _(name)
        every.append(days)
    rows = sorted((_duration_row(names[pk], values) for pk, values in per_service.items()), key=lambda r: r.label)
    return rows, _duration_row(_("Semua layanan"), every)


def _duration_row(label: str, values: list[float]) -> DurationRow:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return DurationRow(label=label, count=len(values), median_days=rounded(percentile(values, 0.5)),
                       p90_days=rounded(percentile(values, 0.9)))


def _overdue(referrals, as_of: datetime.datetime) -> dict[str, int]:
    """Referrals still open at ``as_of`` whose deadline had passed by then.

    "Open at as_of" is read from history, not from today's state, so last month's report does not shrink as
    overdue referrals are finally closed: a referral counts unless it was completed (completed_at) or reached a
    closing state (its ReferralEvent) before ``as_of``.
    """
    closed_before = ReferralEvent.objects.filter(referral=OuterRef("pk"), to_state__in=CLOSED_STATES,
                                                 at__lt=as_of)
    return (referrals.filter(created_at__lt=as_of, due_at__lt=as_of)
            .exclude(completed_at__lt=as_of).exclude(Exists(closed_before))
            .aggregate(overdue=Count("pk"), escalated=Count("pk", filter=Q(escalated_at__lt=as_of))))


# ------------------------------------------------------------------------------------------------- the tables


@dataclass(frozen=True)
class Table:
    """One table of the report with raw values: numbers stay numbers for the spreadsheet."""

    heading: str
    columns: list[str]
    rows: list[list[str | Number]]
    note: str = ""


def title(report: MonthlyReport) -> str:
    return _("Laporan Bulanan SLRT %(period)s") % {"period": report.period_label}


def subtitle(report: MonthlyReport) -> str:
    return f"{report.area_label} ({report.area_code})"


def tables(report: MonthlyReport) -> list[Table]:
    running = ""
    if report.is_running:
        running = _("Bulan berjalan: angka keterlambatan per %(when)s.") % {
            "when": formats.date_format(timezone.localtime(report.as_of), "SHORT_DATETIME_FORMAT")}
    count = _("Jumlah")
    total = report.duration_total
    summary = Table(_("Ringkasan"), [_("Uraian"), _("Nilai")], [
        [_("Pengunjung (layanan baru dibuka)"), report.visitors],
        [_("Rujukan dibuat"), report.provider_total.total],
        [_("Rujukan selesai pada bulan ini"), total.count],
        [_("Median waktu penyelesaian (hari)"), total.median_days],
        [_("Persentil ke-90 waktu penyelesaian (hari)"), total.p90_days],
        [_("Rujukan terbuka yang lewat batas waktu pada akhir bulan"), report.overdue],
        [_("… di antaranya sudah dieskalasi"), report.overdue_escalated],
    ], running)
    several = _("Satu layanan dengan beberapa %(what)s dihitung pada setiap %(what)s tersebut.")
    ppks = Table(_("Pengunjung per kategori PPKS"), [_("Kategori PPKS"), count],
                 [[r.label, r.count] for r in report.by_ppks], several % {"what": _("kategori")})
    needs = Table(_("Pengunjung per kebutuhan"), [_("Kebutuhan"), count],
                  [[r.label, r.count] for r in report.by_need], several % {"what": _("kebutuhan")})
    provider_rows = [[r.label, r.total, r.completed, r.rejected, r.returned, r.open] for r in report.providers]
    if provider_rows:
        t = report.provider_total
        provider_rows.append([t.label, t.total, t.completed, t.rejected, t.returned, t.open])
    providers = Table(
        _("Rujukan per penyedia layanan"),
        [_("Penyedia layanan"), count, str(State.COMPLETED.label), str(State.REJECTED.label),
         str(State.RETURNED.label), _("Masih berjalan")],
        provider_rows,
        _("Rujukan yang dibuat pada bulan ini, menurut statusnya saat laporan dibuat."),
    )
    duration_rows = [[r.label, r.count, r.median_days, r.p90_days] for r in report.durations]
    if duration_rows:
        duration_rows.append([total.label, total.count, total.median_days, total.p90_days])
    durations = Table(
        _("Waktu penyelesaian rujukan"),
        [_("Jenis layanan"), _("Rujukan selesai"), _("Median (hari)"), _("Persentil ke-90 (hari)")],
        duration_rows,
        _("Rujukan yang selesai pada bulan ini, dari rujukan dibuat sampai dinyatakan selesai. "
          "Persentil dengan interpolasi linear."),
    )
    return [summary, ppks, needs, providers, durations]


def format_value(value: str | Number) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return formats.number_format(value, 1)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def as_sections(report: MonthlyReport) -> list[TableSection]:
    return [TableSection(t.heading, list(t.columns), [[format_value(v) for v in row] for row in t.rows], t.note)
            for t in tables(report)]


def letterhead(area: Area) -> Letterhead:
    """The kop surat of the Dinas Sosial the area belongs to: the kabupaten's, or the province's for a
    province-wide report. ``area`` must have its ancestors loaded for areas below the kabupaten."""
    unit = _("Sistem Layanan dan Rujukan Terpadu (SLRT)")
    if area.level == Level.PROVINCE:
        return Letterhead(office=f"DINAS SOSIAL PROVINSI {area.name.upper()}", unit=unit)
    regency = area
    while regency.level > Level.REGENCY:
        regency = regency.parent
    return Letterhead(office=f"DINAS SOSIAL {regency.name.upper()}", unit=unit)


def as_pdf(report: MonthlyReport, *, letterhead: Letterhead) -> bytes:
    generated = formats.date_format(timezone.localtime(report.generated_at), "SHORT_DATETIME_FORMAT")
    return tables_document(
        letterhead=letterhead, title=title(report), subtitle=subtitle(report), sections=as_sections(report),
        footer=_("Sinergi · laporan bulanan SLRT %(area)s · dibuat %(when)s") % {
            "area": report.area_code, "when": generated},
    )


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(heading: str) -> str:
    # Excel refuses these characters and names over 31 characters (a translated heading may be longer).
    return _SHEET_FORBIDDEN.sub(" ", heading)[:31].strip() or "Tabel"


HEADER_ROW = 4


def as_xlsx(report: MonthlyReport) -> bytes:
    """One sheet per table: the title in A1, area and period in A2, the column headers (bold) in row 4."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables(report):
        sheet = workbook.create_sheet(sheet_name(table.heading))
        sheet["A1"] = neutralise(title(report))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = neutralise(f"{subtitle(report)} · {table.heading}")
        for column, name in enumerate(table.columns, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=column, value=neutralise(str(name)))
            cell.font = bold
        for offset, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row, start=1):
                # Labels include provider names typed by officers: text that looks like a formula stays text.
                cell = sheet.cell(row=HEADER_ROW + offset, column=column,
                                  value=neutralise(value) if isinstance(value, str) else value)
                if isinstance(value, float):
                    cell.number_format = "0.0"
        if table.note:
            sheet.cell(row=HEADER_ROW + len(table.rows) + 2, column=1, value=neutralise(table.note))
        sheet.column_dimensions["A"].width = 48
        for column in range(2, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
