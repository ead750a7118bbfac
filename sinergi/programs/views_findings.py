"""Pages of the targeting checks: the findings list of the user's scope (with its Excel download), one finding with
its evidence, history and decisions, and the runs of the checks per kabupaten/kota with their progress.

Thin: reads go through ``for_user`` querysets; every POST calls one operation of :mod:`.findings` or
:mod:`.checks`. A user without the permission anywhere, or a finding outside their scope, gets a 404.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action, AuditEntry
from sinergi.core.formatting import rupiah
from sinergi.core.jobs import progress_of
from sinergi.core.nik import mask_nik
from sinergi.core.views import errors_text, run_operation
from sinergi.registry.codes import Disability, PersonStatus
from sinergi.registry.export import neutralise
from sinergi.registry.models import Person

from . import checks, findings, perms
from .forms_findings import ALL_STATES, SORTS, FindingFilterForm, NoteForm, ReasonForm, ResolveForm, RunForm
from .models import CheckRun, Finding, FindingKind, FindingState, Program

PAGE_SIZE = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXPLANATIONS = {
    FindingKind.OVERLAP: gettext_lazy(
        "Keluarga atau jiwa ini menerima dua program yang menurut aturan penerimaan ganda tidak boleh diterima "
        "bersamaan; salah satunya semestinya tidak diberikan."),
    FindingKind.DUPLICATE: gettext_lazy(
        "Orang yang sama (NIK sama) tercatat dua kali dalam daftar penerima satu program pada tahap yang sama; "
        "penerimaan yang tercatat belakangan ditandai."),
    FindingKind.CROSS_REGENCY: gettext_lazy(
        "NIK yang sama menerima bantuan di kabupaten/kota ini dan juga di kabupaten/kota lain."),
    FindingKind.INCLUSION_ASSET: gettext_lazy(
        "Penerima memiliki aset yang dikecualikan oleh program (mobil, AC, atau lahan luas)."),
    FindingKind.INCLUSION_DESIL: gettext_lazy(
        "Peringkat kesejahteraan (desil) keluarga penerima di atas batas yang ditetapkan program."),
    FindingKind.INCLUSION_DECEASED: gettext_lazy(
        "Penerima sudah meninggal dunia menurut data registri, tetapi masih terdaftar sebagai penerima."),
    FindingKind.INCLUSION_MOVED: gettext_lazy(
        "Penerima sudah pindah keluar wilayah (atau keluarganya pindah/bubar), tetapi masih terdaftar sebagai "
        "penerima."),
    FindingKind.INCLUSION_OCCUPATION: gettext_lazy(
        "Ada anggota keluarga penerima yang bekerja sebagai ASN, TNI atau Polri, yang dikecualikan oleh program."),
    FindingKind.EXCLUSION_POOR: gettext_lazy(
        "Keluarga termiskin (desil 1–2) ini tidak menerima program apa pun pada tahap berjalan."),
    FindingKind.EXCLUSION_PPKS: gettext_lazy(
        "Keluarga dengan lansia tunggal atau anggota penyandang disabilitas, desil 4 ke bawah atau belum "
        "berperingkat, tidak menerima program apa pun."),
}
STATE_ORDER = [FindingState.OPEN, FindingState.CONFIRMED, FindingState.DISMISSED, FindingState.RESOLVED]


# ----------------------------------------------------------------------------------------------- helpers


def _require_anywhere(user, perm: str) -> None:
    if not scoping.has_perm_anywhere(user, perm):
        raise Http404


def _url_or_none(name: str, *args) -> str | None:
    """Pages of other parts of the programmes context (a cycle's page) may not exist in every installation."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _head_name():
    return Subquery(Person.objects.filter(household_id=OuterRef("household_id"), relation="1",
                                          merged_into__isnull=True).order_by("id").values("name")[:1])


def _head_nik():
    return Subquery(Person.objects.filter(household_id=OuterRef("household_id"), relation="1",
                                          merged_into__isnull=True).order_by("id").values("nik")[:1])


def _area_choices(user, selected: Area | None) -> list[tuple[str, str]]:
    """Kecamatan and desa for the area filter: the kecamatan in the user's scope, the desa of a kecamatan they
    hold or have chosen, and the desa they hold; only areas overlapping the scope. Any other overlapping area
    still works through ?wilayah=."""
    scope = scoping.areas_for(user, perms.FINDINGS_VIEW)
    q = Q(code__in=[code for code in scope if code.count(".") >= 2])
    for code in scope:
        if code.count(".") <= 1:
            q |= Q(level=Level.DISTRICT) & subtree_q("code", code)
        elif code.count(".") == 2:
            q |= Q(parent_id=code)
    if selected is not None and selected.level >= Level.DISTRICT:
        q |= Q(parent_id=".".join(selected.code.split(".")[:3]), level=Level.VILLAGE)
    choices = []
    for area in Area.objects.filter(q).order_by("code"):
        if scoping.overlaps(user, perms.FINDINGS_VIEW, area.code):
            prefix = "— " if area.level == Level.VILLAGE else ""
            choices.append((area.code, f"{prefix}{area.name} ({area.code})"))
    if selected is not None and selected.code not in {code for code, _label in choices}:
        choices.insert(0, (selected.code, f"{selected.name} ({selected.code})"))
    return choices


class _Listing:
    """The filtered findings of the request's user: shared by the page and its Excel download."""

    def __init__(self, request):
        user = request.user
        _require_anywhere(user, perms.FINDINGS_VIEW)
        self.notice = ""
        code = request.GET.get("wilayah", "").strip()
        self.area = None
        if code:
            area = Area.objects.select_related("parent").filter(code=code).first()
            if area is None or not scoping.overlaps(user, perms.FINDINGS_VIEW, code):
                self.notice = _("Wilayah %(code)s tidak dikenal atau di luar wilayah Anda; semua wilayah Anda "
                                "ditampilkan.") % {"code": code[:20]}
            else:
                self.area = area
        self.programs = list(Program.objects.order_by("order", "code").values_list("pk", "code", "name"))
        self.form = FindingFilterForm(request.GET, programs=[(str(pk), f"{c} – {n}") for pk, c, n in self.programs],
                                      areas=_area_choices(user, self.area))
        self.kind = self.form.value("jenis")
        self.state = self.form.value("status", FindingState.OPEN)
        self.program = self.form.value("program")
        self.sort = self.form.value("urut", "desa")
        base = Finding.objects.for_user(user)
        if self.area is not None:
            base = base.filter(subtree_q("desa_id", self.area.code))
        if self.state != ALL_STATES:
            base = base.filter(state=self.state)
        if self.program:
            base = base.filter(Q(program_id=int(self.program)) | Q(other_program_id=int(self.program)))
        self.base = base
        self.findings = base.filter(kind=self.kind) if self.kind else base

    def params(self) -> dict[str, str]:
        values = {"jenis": self.kind, "status": self.state, "program": self.program,
                  "wilayah": self.area.code if self.area else "", "urut": self.sort}
        return {k: v for k, v in values.items() if v}

    def ordered(self):
        return (self.findings.select_related("desa__parent", "program", "other_program", "person", "household")
                .annotate(head_name=_head_name()).order_by(*SORTS[self.sort]))

    def counts(self) -> tuple[list[dict[str, Any]], int, int]:
        """Per kind (ignoring the kind filter, so the tabs show what else there is), and the shown totals."""
        rows = {row["kind"]: row for row in self.base.order_by().values("kind").annotate(
            n=Count("id"), amount=Sum("amount_at_stake"))}
        per_kind = [{"kind": kind, "label": label, "n": rows.get(kind, {}).get("n", 0),
                     "amount": rows.get(kind, {}).get("amount") or 0, "active": kind == self.kind}
                    for kind, label in FindingKind.choices]
        shown = [row for row in per_kind if not self.kind or row["active"]]
        return per_kind, sum(r["n"] for r in shown), sum(r["amount"] for r in shown)


def _manageable_regencies(user) -> list[Area]:
    codes = scoping.areas_for(user, perms.PROGRAMS_MANAGE)
    if not codes:
        return []
    q = Q(pk__in=[c for c in codes if c.count(".") == 1])
    for code in codes:
        if "." not in code:
            q |= Q(level=Level.REGENCY) & subtree_q("code", code)
    return list(Area.objects.filter(q, level=Level.REGENCY).order_by("code"))


def _audit_view(request, shown: list[Finding], area_code: str) -> None:
    if not shown:
        return
    record(actor=request.user, action=Action.VIEW, object_type="programs.finding", object_id=f"{len(shown)} rows",
           area_code=area_code, changes={"findings": [f.pk for f in shown],
                                         "households": sorted({f.household_id for f in shown})})


# -------------------------------------------------------------------------------------------- evidence


def _name_map(finding: Finding) -> dict[int, Person]:
    ids = set()

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "person" and isinstance(item, int):
                    ids.add(item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(finding.evidence)
    if finding.person_id:
        ids.add(finding.person_id)
    return {p.pk: p for p in Person.objects.filter(pk__in=ids)}


def _person_html(person_id, people: dict[int, Person], fallback: str = "") -> str:
    person = people.get(person_id)
    if person is None:
        return format_html("{}", fallback or "–")
    nik = format_html(' <span class="nik">{}</span>', person.masked_nik) if person.nik else ""
    return format_html("{}{}", person.name, nik)


def _household_html(user, household_id: int | None, desa_code: str = "") -> str:
    if not household_id:
        return "–"
    label = _("Keluarga #%(id)s") % {"id": household_id}
    if desa_code and not scoping.has_perm_for(user, scoping.VIEW_REGISTRY, desa_code):
        return format_html("{} ({})", label, desa_code)
    return format_html('<a href="{}">{}</a>', reverse("registry:household", args=[household_id]), label)


def _enrolment_rows(items: list[dict], programs: dict[str, str]) -> str:
    parts = []
    for item in items or []:
        cycle_url = _url_or_none("programs:cycle", item.get("cycle_id")) if item.get("cycle_id") else None
        cycle = format_html('<a href="{}">{}</a>', cycle_url, item.get("cycle", "")) if cycle_url \
            else format_html("{}", item.get("cycle", ""))
        name = programs.get(item.get("program", ""), item.get("program", ""))
        parts.append(format_html("{} · {} {} · {}/{}", name, _("tahap"), cycle, rupiah(item.get("amount", 0)),
                                 _("tahun")))
    return format_html_join("", "<div>{}</div>", ((p,) for p in parts)) if parts else "–"


def _members_html(members: list[dict], people: dict[int, Person], extra: Callable[[dict], str]) -> str:
    return format_html_join("", "<div>{} {}</div>", ((_person_html(m.get("person"), people, m.get("name", "")),
                                                      extra(m)) for m in members or [])) or "–"


def _status_label(code: str) -> str:
    return str(PersonStatus(code).label) if code in PersonStatus.values else (code or "–")


def evidence_facts(user, finding: Finding) -> list[tuple[str, str]]:
    """The evidence as (label, HTML) rows a checker reads: names, masked NIKs, programmes, amounts, links."""
    ev = finding.evidence if isinstance(finding.evidence, dict) else {}
    programs = dict(Program.objects.values_list("code", "name"))
    people = _name_map(finding)
    facts: list[tuple[str, str]] = []

    def add(label, value):
        if value not in (None, "", []):
            facts.append((str(label), value))

    kind = finding.kind
    if ev.get("program"):
        add(_("Program"), format_html("{} ({})", programs.get(ev["program"], ev["program"]), ev["program"]))
    if ev.get("enrolments"):
        add(_("Penerimaan"), _enrolment_rows(ev["enrolments"], programs))
    if kind == FindingKind.OVERLAP:
        add(_("Program lain"), format_html("{} ({})", programs.get(ev.get("other_program"), ev.get("other_program")),
                                           ev.get("other_program")))
        add(_("Penerimaan program lain"), _enrolment_rows(ev.get("other_enrolments"), programs))
        add(_("Tingkat aturan"), _("jiwa") if ev.get("level") == "jiwa" else _("keluarga"))
        add(_("Dasar aturan"), ev.get("note"))
        if finding.person_id:
            add(_("Jiwa"), _person_html(finding.person_id, people))
    elif kind == FindingKind.DUPLICATE:
        add(_("Jiwa"), _person_html(ev.get("person"), people, ev.get("name", "")))
        add(_("NIK"), format_html('<span class="nik">{}</span>', mask_nik(ev.get("nik", ""))))
        originals = [ev.get("original", {})] + [a.get("original", {}) for a in ev.get("also", [])]
        add(_("Sudah terdaftar lebih dulu"), format_html_join("", "<div>{} · {} · {}</div>", (
            (_person_html(o.get("person"), people, o.get("name", "")),
             _household_html(user, o.get("household"), o.get("desa", "")),
             _enrolment_rows([o], programs)) for o in originals if o)))
    elif kind == FindingKind.CROSS_REGENCY:
        add(_("Jiwa"), _person_html(ev.get("person"), people, ev.get("name", "")))
        add(_("NIK"), format_html('<span class="nik">{}</span>', mask_nik(ev.get("nik", ""))))
        add(_("Juga menerima di"), format_html_join("", "<div>{} {} · {} · {}</div>", (
            (_("kabupaten/kota"), e.get("kabupaten", ""), _household_html(user, e.get("household"), e.get("desa", "")),
             _enrolment_rows([e], programs)) for e in ev.get("elsewhere", []))))
    elif kind == FindingKind.INCLUSION_ASSET:
        labels = {"mobil": _("mobil"), "ac": _("AC"), "lahan-luas": _("lahan luas")}
        add(_("Aset pengecualian"), ", ".join(str(labels.get(a, a)) for a in ev.get("assets", [])))
        if "lahan-luas" in ev.get("assets", []):
            add(_("Luas lahan"), _("%(area)s m² (batas %(limit)s m²)") % {
                "area": formats.number_format(ev.get("land_area_m2") or 0, force_grouping=True),
                "limit": formats.number_format(ev.get("large_land_m2") or 0, force_grouping=True)})
    elif kind == FindingKind.INCLUSION_DESIL:
        add(_("Desil keluarga"), str(ev.get("desil")))
        add(_("Batas program"), _("desil %(max)s") % {"max": ev.get("max_desil")})
        add(_("Model PMT"), ev.get("pmt_model"))
    elif kind in (FindingKind.INCLUSION_DECEASED, FindingKind.INCLUSION_MOVED):
        if finding.person_id:
            add(_("Penerima"), format_html("{} · {}", _person_html(finding.person_id, people, ev.get("name", "")),
                                           _status_label(ev.get("person_status", ""))))
        if ev.get("household_status") and ev.get("household_status") != "aktif":
            add(_("Status keluarga"), {"pindah": _("Pindah keluar wilayah"), "bubar": _("Bubar")}.get(
                ev["household_status"], ev["household_status"]))
        if ev.get("members"):
            add(_("Anggota keluarga"), _members_html(ev["members"], people,
                                                     lambda m: format_html("· {}", _status_label(m.get("status")))))
    elif kind == FindingKind.INCLUSION_OCCUPATION:
        add(_("Anggota ASN/TNI/Polri"), _members_html(ev.get("members", []), people,
                                                      lambda m: format_html("· {}", m.get("occupation", ""))))
    elif kind == FindingKind.EXCLUSION_POOR:
        add(_("Desil keluarga"), str(ev.get("desil")))
        add(_("Model PMT"), ev.get("pmt_model"))
    elif kind == FindingKind.EXCLUSION_PPKS:
        add(_("Desil keluarga"), str(ev["desil"]) if ev.get("desil") is not None else _("belum berperingkat"))
        rows = []
        for item in ev.get("ppks", []):
            if item.get("ppks") == "lansia-tunggal":
                what = _("lansia tunggal, %(age)s tahun") % {"age": item.get("age")}
            else:
                code = item.get("disability", "")
                what = str(Disability(code).label) if code in Disability.values else code
            rows.append((_person_html(item.get("person"), people, item.get("name", "")), what))
        add(_("PPKS"), format_html_join("", "<div>{} · {}</div>", rows))
    add(_("Kabupaten/kota pemeriksa"), ev.get("kabupaten"))
    return facts


def summary(finding: Finding) -> str:
    """One plain sentence of the evidence, for the list and the Excel file (NIKs masked)."""
    ev = finding.evidence if isinstance(finding.evidence, dict) else {}
    kind = finding.kind
    if kind == FindingKind.OVERLAP:
        return _("%(a)s dan %(b)s tidak boleh diterima bersamaan (tingkat %(level)s).") % {
            "a": ev.get("program"), "b": ev.get("other_program"), "level": ev.get("level")}
    if kind == FindingKind.DUPLICATE:
        original = ev.get("original", {})
        return _("NIK %(nik)s sudah terdaftar di %(program)s tahap %(cycle)s atas nama %(name)s (keluarga #%(h)s).") % {
            "nik": mask_nik(ev.get("nik", "")), "program": ev.get("program"), "cycle": original.get("cycle"),
            "name": original.get("name"), "h": original.get("household")}
    if kind == FindingKind.CROSS_REGENCY:
        places = ", ".join(sorted({f"{e.get('program')} ({e.get('kabupaten')})" for e in ev.get("elsewhere", [])}))
        return _("NIK %(nik)s juga menerima %(places)s.") % {"nik": mask_nik(ev.get("nik", "")), "places": places}
    if kind == FindingKind.INCLUSION_ASSET:
        text = _("Aset: %(assets)s.") % {"assets": ", ".join(ev.get("assets", []))}
        if "lahan-luas" in ev.get("assets", []):
            text += " " + _("Lahan %(area)s m².") % {"area": ev.get("land_area_m2")}
        return text
    if kind == FindingKind.INCLUSION_DESIL:
        return _("Desil %(desil)s, batas program desil %(max)s.") % {"desil": ev.get("desil"),
                                                                     "max": ev.get("max_desil")}
    if kind in (FindingKind.INCLUSION_DECEASED, FindingKind.INCLUSION_MOVED):
        if finding.person_id:
            return _("%(name)s: %(status)s.") % {"name": ev.get("name"),
                                                 "status": _status_label(ev.get("person_status", ""))}
        if ev.get("household_status") in ("pindah", "bubar"):
            return _("Keluarga berstatus %(status)s.") % {"status": ev.get("household_status")}
        return _("Tidak ada anggota keluarga yang aktif: %(members)s.") % {"members": ", ".join(
            f"{m.get('name')} ({_status_label(m.get('status', ''))})" for m in ev.get("members", []))}
    if kind == FindingKind.INCLUSION_OCCUPATION:
        return ", ".join(f"{m.get('name')} ({m.get('occupation')})" for m in ev.get("members", []))
    if kind == FindingKind.EXCLUSION_POOR:
        return _("Desil %(desil)s, tidak menerima program apa pun.") % {"desil": ev.get("desil")}
    if kind == FindingKind.EXCLUSION_PPKS:
        parts = []
        for item in ev.get("ppks", []):
            if item.get("ppks") == "lansia-tunggal":
                parts.append(_("lansia tunggal %(name)s (%(age)s tahun)") % {"name": item.get("name"),
                                                                             "age": item.get("age")})
            else:
                parts.append(_("disabilitas: %(name)s") % {"name": item.get("name")})
        return "; ".join(parts)
    return ""


def _history(finding: Finding) -> list[dict[str, Any]]:
    """Who decided what, when, why: the audit entries of the finding, and the runs' own marks."""
    events = [{"at": finding.first_seen_at, "who": _("pemeriksaan otomatis"), "what": _("Terdeteksi pertama kali"),
               "why": ""}]
    labels = dict(FindingState.choices)
    entries = AuditEntry.objects.filter(object_type="programs.finding", object_id=str(finding.pk),
                                        action=Action.UPDATE).order_by("created_at", "id")
    for entry in entries:
        changes = entry.changes or {}
        state = changes.get("state")
        if isinstance(state, list) and len(state) == 2:
            what = _("%(from)s → %(to)s") % {"from": labels.get(state[0], state[0]),
                                             "to": labels.get(state[1], state[1])}
        elif "task" in changes:
            what = _("Verifikasi pilar diminta")
        else:
            continue
        events.append({"at": entry.created_at, "who": entry.actor_label or _("sistem"), "what": what,
                       "why": changes.get("reason") or changes.get("note") or ""})
    if finding.decided_by_id is None and finding.decided_at is not None:
        events.append({"at": finding.decided_at, "who": _("pemeriksaan otomatis"),
                       "what": labels.get(finding.state, finding.state), "why": finding.reason})
    return sorted(events, key=lambda e: e["at"])


# ----------------------------------------------------------------------------------------------- pages


@login_required
@require_GET
def finding_list(request):
    listing = _Listing(request)
    page = Paginator(listing.ordered(), PAGE_SIZE).get_page(request.GET.get("page"))
    per_kind, total, amount = listing.counts()
    regencies = _manageable_regencies(request.user)
    runs = checks.latest_runs([a.code for a in regencies]) if regencies else {}
    shown = list(page.object_list)
    scope = scoping.areas_for(request.user, perms.FINDINGS_VIEW)
    _audit_view(request, shown, listing.area.code if listing.area else scope[0])
    for finding in shown:
        finding.summary = summary(finding)
    return render(request, "programs/findings/list.html", {
        "listing": listing, "form": listing.form, "page": page, "findings": shown, "per_kind": per_kind,
        "total": total, "amount": amount, "params": listing.params(), "notice": listing.notice,
        "runs": [_run_summary(area, runs.get(area.code)) for area in regencies],
    })


def _run_summary(area: Area, run: CheckRun | None) -> dict[str, Any]:
    return {"area": area, "run": run, "total": sum((run.counts or {}).values()) if run else 0,
            "status_label": checks.RUN_STATUS_LABELS.get(run.status, run.status) if run else ""}


@login_required
@require_GET
def finding_xlsx(request):
    listing = _Listing(request)
    reveal_by_desa: dict[str, bool] = {}

    def reveal(desa_code: str) -> bool:
        if desa_code not in reveal_by_desa:
            reveal_by_desa[desa_code] = scoping.has_perm_for(request.user, scoping.REVEAL_NIK, desa_code)
        return reveal_by_desa[desa_code]

    exported: list[int] = []
    content = _xlsx(listing.ordered().annotate(head_nik=_head_nik()).iterator(chunk_size=2000), reveal, exported)
    scope = scoping.areas_for(request.user, perms.FINDINGS_VIEW)
    record(actor=request.user, action=Action.EXPORT, object_type="programs.finding",
           object_id=f"{len(exported)} rows", area_code=listing.area.code if listing.area else scope[0],
           changes={"format": "xlsx", "filters": listing.params(), "nik_unmasked": any(reveal_by_desa.values()),
                    "findings": exported})
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="temuan-{stamp}.xlsx"'
    return response


XLSX_COLUMNS = [
    gettext_lazy("Kecamatan"), gettext_lazy("Kode desa"), gettext_lazy("Desa/kelurahan"), gettext_lazy("Jenis temuan"),
    gettext_lazy("Status"), gettext_lazy("Program"), gettext_lazy("Program lain"), gettext_lazy("No. KK"),
    gettext_lazy("Nama"), gettext_lazy("NIK"), gettext_lazy("Nilai terdampak per tahun (Rp)"),
    gettext_lazy("Bukti"), gettext_lazy("Pertama terdeteksi"), gettext_lazy("Terakhir terdeteksi"),
    gettext_lazy("Alasan/catatan"), gettext_lazy("Nomor temuan"),
]


def _xlsx(rows: Iterable[Finding], reveal: Callable[[str], bool], exported: list[int]) -> bytes:
    """Text cells typed as text (NIK and KK never become numbers), every text neutralised against formulas,
    the amount a number so the sheet can sum it. Rows are streamed; ``exported`` collects their ids."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("TEMUAN")
    bold = Font(bold=True)
    header = []
    for title in XLSX_COLUMNS:
        cell = WriteOnlyCell(sheet, value=neutralise(str(title)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    kinds, states = dict(FindingKind.choices), dict(FindingState.choices)

    def text(value) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=neutralise(str(value or "")))
        cell.number_format = "@"
        cell.data_type = "s"
        return cell

    def day(moment) -> str:
        return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")

    for f in rows:
        exported.append(f.pk)
        shown = reveal(f.desa_id)
        nik = f.person.nik if f.person_id else (f.head_nik or "")
        kk = f.household.no_kk
        sheet.append([
            text(f.desa.parent.name if f.desa.parent_id else ""), text(f.desa_id), text(f.desa.name),
            text(kinds.get(f.kind, f.kind)), text(states.get(f.state, f.state)),
            text(f.program.code if f.program_id else ""), text(f.other_program.code if f.other_program_id else ""),
            text(kk if shown else mask_nik(kk)), text(f.person.name if f.person_id else (f.head_name or "")),
            text(nik if shown else mask_nik(nik)), WriteOnlyCell(sheet, value=int(f.amount_at_stake or 0)),
            text(summary(f)), text(day(f.first_seen_at)), text(day(f.last_seen_at)), text(f.reason),
            WriteOnlyCell(sheet, value=f.pk),
        ])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _finding_for(request, pk: int, perm: str = perms.FINDINGS_VIEW) -> Finding:
    return get_object_or_404(Finding.objects.for_user(request.user, perm).select_related(
        "desa__parent__parent", "program", "other_program", "household", "person", "decided_by", "task"), pk=pk)


@login_required
@require_GET
def finding_detail(request, pk: int):
    finding = _finding_for(request, pk)
    can_decide = findings.can_decide(request.user, finding)
    targets = findings.allowed_targets(finding) if can_decide else frozenset()
    record(actor=request.user, action=Action.VIEW, obj=finding, household_id=finding.household_id,
           area_code=finding.desa_id, changes={"persons": [finding.person_id] if finding.person_id else []})
    task = finding.task
    return render(request, "programs/findings/detail.html", {
        "finding": finding, "explanation": EXPLANATIONS.get(finding.kind, ""),
        "facts": evidence_facts(request.user, finding), "history": _history(finding), "task": task,
        "can_decide": can_decide,
        # Several forms on one page: each its own element ids (the field names stay what the POST expects).
        "confirm_form": NoteForm(auto_id="confirm-%s") if FindingState.CONFIRMED in targets else None,
        "dismiss_form": ReasonForm(auto_id="dismiss-%s") if FindingState.DISMISSED in targets else None,
        "resolve_form": ResolveForm(auto_id="resolve-%s") if FindingState.RESOLVED in targets else None,
        "reopen_form": ReasonForm(auto_id="reopen-%s") if FindingState.OPEN in targets else None,
        "can_verify": can_decide and finding.state in findings.VERIFIABLE_STATES
        and (task is None or not task.is_open),
        "household_url": reverse("registry:household", args=[finding.household_id])
        if scoping.has_perm_for(request.user, scoping.VIEW_REGISTRY, finding.desa_id) else None,
    })


def _finding_post(request, pk: int, form_class, write: Callable[[Finding, dict], object], done: str):
    """A decision on a finding: a viewer without the right to decide gets the same 404 as a stranger."""
    finding = _finding_for(request, pk, perms.FINDINGS_DECIDE)
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        run_operation(request, lambda: write(finding, form.cleaned_data if form is not None else {}), done)
    return redirect("programs:finding", pk=finding.pk)


@login_required
@require_POST
def finding_confirm(request, pk: int):
    return _finding_post(request, pk, NoteForm, lambda f, data: findings.confirm_finding(
        actor=request.user, finding=f, note=data["note"]), _("Temuan dikonfirmasi."))


@login_required
@require_POST
def finding_dismiss(request, pk: int):
    return _finding_post(request, pk, ReasonForm, lambda f, data: findings.dismiss_finding(
        actor=request.user, finding=f, reason=data["reason"]), _("Temuan dibatalkan; pemeriksaan berikutnya tidak "
                                                                 "akan membukanya lagi."))


@login_required
@require_POST
def finding_resolve(request, pk: int):
    return _finding_post(request, pk, ResolveForm, lambda f, data: findings.resolve_finding(
        actor=request.user, finding=f, note=data["note"]), _("Temuan ditandai selesai."))


@login_required
@require_POST
def finding_reopen(request, pk: int):
    return _finding_post(request, pk, ReasonForm, lambda f, data: findings.reopen_finding(
        actor=request.user, finding=f, reason=data["reason"]), _("Temuan dibuka kembali."))


@login_required
@require_POST
def finding_verify(request, pk: int):
    return _finding_post(request, pk, None, lambda f, data: findings.request_verification(
        actor=request.user, finding=f), _("Tugas verifikasi dikirim ke pilar yang bertugas di desa ini."))


# ------------------------------------------------------------------------------------------- check runs


def phase_label(progress) -> str:
    phase = progress.phase if progress is not None else ""
    if phase == "antre":
        return _("Menunggu giliran di antrean…")
    if phase == "persiapan":
        return _("Menyiapkan…")
    if phase == "simpan":
        return _("Menyimpan temuan…")
    if phase in FindingKind.values:
        return _("Memeriksa: %(kind)s") % {"kind": FindingKind(phase).label}
    return phase


def _runs_for(user):
    return scoping.filter_for(CheckRun.objects.all(), user, perms.PROGRAMS_MANAGE, "regency_id")


@login_required
@require_GET
def check_runs(request):
    regencies = _manageable_regencies(request.user)
    if not regencies:
        raise Http404
    runs = checks.latest_runs([a.code for a in regencies])
    rows = []
    for area in regencies:
        run = runs.get(area.code)
        progress = progress_of(checks.progress_key(run)) if run is not None and run.status == checks.RUN_RUNNING \
            else None
        rows.append({**_run_summary(area, run), "progress": progress, "phase_label": phase_label(progress),
                     "stale": run is not None and checks.run_is_stale(run, progress),
                     "counts": [(kind, label, (run.counts or {}).get(kind, 0)) for kind, label in FindingKind.choices]
                     if run else []})
    return render(request, "programs/findings/checks.html", {"rows": rows})


@login_required
@require_POST
def check_run_start(request):
    form = RunForm(request.POST)
    code = form.cleaned_data["kabupaten"] if form.is_valid() else ""
    regency = Area.objects.filter(code=code, level=Level.REGENCY).first()
    if regency is None or not scoping.has_perm_for(request.user, perms.PROGRAMS_MANAGE, regency.code):
        raise Http404
    run_operation(request, lambda: checks.start_checks(actor=request.user, regency=regency),
                  _("Pemeriksaan dimulai; kemajuannya tampil di bawah. Halaman ini boleh ditutup."))
    return redirect("programs:finding_checks")


@login_required
@require_GET
def check_run_progress(request, pk: int):
    """Polled by the progress bar. Reads only (see NoSessionSaveMiddleware): a run holds the SQLite lock."""
    run = get_object_or_404(_runs_for(request.user).select_related("regency"), pk=pk)
    request.sinergi_skip_session_save = True
    progress = progress_of(checks.progress_key(run))
    response = render(request, "programs/findings/_progress.html", {
        "run": run, "progress": progress, "stale": checks.run_is_stale(run, progress),
        "phase_label": phase_label(progress)})
    if run.status != checks.RUN_RUNNING:
        response["HX-Refresh"] = "true"  # finished: reload the page, which shows the counts
    return response


@login_required
@require_POST
def check_run_cancel(request, pk: int):
    run = get_object_or_404(_runs_for(request.user), pk=pk)
    try:
        cancelled = checks.cancel_checks(actor=request.user, run=run)
    except PermissionDenied as exc:
        raise Http404 from exc
    if cancelled:
        messages.info(request, _("Pembatalan diminta; pemeriksaan berhenti sebelum jenis berikutnya dan temuan tetap "
                                 "seperti sebelumnya."))
    return redirect("programs:finding_checks")
