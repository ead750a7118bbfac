"""Pages of record linkage: the review queue (pairs side by side with the engine's per-field explanation, decided
with the keyboard), one pair, the runs of the engine per kabupaten/kota with their progress, and the merges with
their unmerge.

Thin: reads go through ``for_user`` querysets (a pair or merge is visible when both of its records are); every
POST calls one operation of :mod:`.operations`. A user without the permission anywhere, or an object outside
their scope, gets a 404. Seeing pairs and merges is seeing personal data: each page view is audited with the
persons shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Abs
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.core.jobs import progress_of
from sinergi.core.nik import mask_nik
from sinergi.core.templatetags.sinergi import tanggal
from sinergi.core.views import run_operation
from sinergi.registry.models import Person

from . import explain, operations, perms, records
from .forms import SORTS, AcceptForm, QueueFilterForm, RejectForm, RunForm
from .models import CandidatePair, LinkRun, Merge, PairState, RunState

PAGE_SIZE = 20
MERGES_PAGE_SIZE = 30
RUNS_SHOWN = 5  # per kabupaten/kota on the runs page
ORDERS = {
    "peluang": (F("probability").desc(), "id"),
    "ragu": (Abs(F("probability") - Value(0.5)).asc(), "id"),
    "terbaru": ("-created_at", "-id"),
}
PAIR_RELATED = (
    "desa",
    "run",
    "person_a__household__desa__parent",
    "person_b__household__desa__parent",
    "decided_by",
    "merge",
    "superseded_by",
)


def _require_anywhere(user, perm: str) -> None:
    if not scoping.has_perm_anywhere(user, perm):
        raise Http404


def _regencies(user, perm: str) -> list[Area]:
    """The kabupaten/kota the user holds ``perm`` over as a whole."""
    codes = scoping.areas_for(user, perm)
    if not codes:
        return []
    q = Q(pk__in=[c for c in codes if c.count(".") == 1])
    for code in codes:
        if "." not in code:
            q |= Q(level=Level.REGENCY) & subtree_q("code", code)
    return list(Area.objects.filter(q, level=Level.REGENCY).order_by("code"))


def _can_review(user, *persons: Person) -> bool:
    return all(
        scoping.has_perm_for(user, perms.REVIEW_PAIRS, p.household.desa_id)
        and scoping.has_perm_for(user, scoping.CHANGE_REGISTRY, p.household.desa_id)
        for p in persons
    )


def _scope_code(user) -> str:
    codes = scoping.areas_for(user, perms.VIEW_PAIRS)
    return codes[0] if codes else ""


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# ------------------------------------------------------------------------------------------ side by side


# The rows of the comparison table: label, how to show a record's value, and the engine's comparison.
@dataclass
class Row:
    key: str
    label: str
    a: Any
    b: Any
    line: explain.Line | None
    nik: bool = False


def _sources(persons: list[Person]) -> dict[int, str]:
    """The list each record first came from (one query for the whole page)."""
    if not persons:
        return {}
    found = (
        Person.objects.filter(pk__in=[p.pk for p in persons])
        .annotate(source=records.first_source())
        .values_list("pk", "source")
    )
    return {pk: source or "" for pk, source in found}


def _place(person: Person) -> str:
    desa = person.household.desa
    district = desa.parent.name if desa.parent_id else ""
    return f"{desa.name}, {district}" if district else desa.name


def side_by_side(pair: CandidatePair, sources: dict[int, str]) -> list[Row]:
    a, b = pair.person_a, pair.person_b
    lines = {line.comparison: line for line in explain.lines(pair.evidence)}
    registry_label = _("registri")

    def row(key, label, value, comparison=None, nik=False):
        return Row(key, label, value(a), value(b), lines.pop(comparison, None) if comparison else None, nik)

    rows = [
        row("name", _("Nama"), lambda p: p.name, "name"),
        row("nik", "NIK", lambda p: p.masked_nik or "–", "nik", nik=True),
        row("nik_ok", _("NIK dan data barisnya"), lambda p: "", "nik_ok"),
        row("kk", _("No. KK"), lambda p: p.household.masked_kk or "–", "kk", nik=True),
        row("sex", _("Jenis kelamin"), lambda p: p.get_sex_display(), "sex"),
        row("dob", _("Tanggal lahir"), lambda p: tanggal(p.birth_date), "dob"),
        row("tempat", _("Tempat lahir"), lambda p: p.birth_place or "–", "tempat"),
        row("alamat", _("Alamat"), lambda p: p.household.address or "–", "alamat"),
        row("rtrw", _("RT/RW"), lambda p: p.household.rt_rw, "rtrw"),
        row("area", _("Desa"), _place, "area"),
        row("src", _("Sumber"), lambda p: sources.get(p.pk) or registry_label, "src"),
        row("relation", _("Hubungan dalam KK"), lambda p: p.get_relation_display(), None),
    ]
    if not rows[2].line:
        rows.pop(2)
    for comparison, line in lines.items():  # comparisons this page does not know yet
        rows.append(Row(comparison, line.label, "", "", line))
    return rows


def _decorate(pairs: list[CandidatePair], user) -> None:
    persons = [p.person_a for p in pairs] + [p.person_b for p in pairs]
    sources = _sources(persons)
    for pair in pairs:
        pair.rows = side_by_side(pair, sources)
        pair.keep_default = operations.default_keep(pair.person_a, pair.person_b).pk
        pair.can_review = pair.state == PairState.PENDING and _can_review(user, pair.person_a, pair.person_b)
        pair.percent = int(pair.probability * 100)  # 99.6 % is not "100 %": never round up to certainty


# ------------------------------------------------------------------------------------------------- queue


class _Queue:
    """The pending pairs the request's user may see, filtered and ordered by the query string."""

    def __init__(self, request):
        user = request.user
        _require_anywhere(user, perms.VIEW_PAIRS)
        self.pending = CandidatePair.objects.for_user(user).filter(state=PairState.PENDING)
        desa = [
            (row["desa_id"], f"{row['desa__name']} ({row['n']})")
            for row in self.pending.order_by()
            .values("desa_id", "desa__name")
            .annotate(n=Count("id"))
            .order_by("desa__name", "desa_id")
        ]
        runs = [
            (
                str(run.pk),
                _("#%(pk)s · %(regency)s · %(day)s")
                % {"pk": run.pk, "regency": run.regency.name, "day": tanggal(run.created_at)},
            )
            for run in LinkRun.objects.for_user(user)
            .filter(state=RunState.DONE)
            .select_related("regency")[:20]
        ]
        self.form = QueueFilterForm(request.GET or None, desa=desa, runs=runs)
        self.form.is_valid()
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        self.notice = ""
        if self.form.errors:
            fields = ", ".join(
                str(self.form.fields[name].label) for name in self.form.errors if name in self.form.fields
            )
            self.notice = _("Saringan yang tidak sah diabaikan: %(fields)s.") % {"fields": fields}
        self.desa = data.get("desa") or ""
        self.low, self.high = data.get("min"), data.get("max")
        if self.low is not None and self.high is not None and self.low > self.high:
            self.low, self.high = self.high, self.low
        self.run = data.get("proses") or ""
        self.sort = data.get("urut") or "peluang"
        pairs = self.pending
        if self.desa:
            pairs = pairs.filter(desa_id=self.desa)
        if self.low is not None:
            pairs = pairs.filter(probability__gte=self.low)
        if self.high is not None:
            pairs = pairs.filter(probability__lte=self.high)
        if self.run:
            pairs = pairs.filter(run_id=int(self.run))
        self.pairs = pairs.select_related(*PAIR_RELATED).order_by(*ORDERS[self.sort])

    def params(self) -> dict[str, str]:
        values = {
            "desa": self.desa,
            "min": "" if self.low is None else f"{self.low:g}",
            "max": "" if self.high is None else f"{self.high:g}",
            "proses": self.run,
            "urut": self.sort if self.sort != "peluang" else "",
        }
        return {k: v for k, v in values.items() if v}


@login_required
@require_GET
def queue(request):
    listing = _Queue(request)
    page = Paginator(listing.pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    pairs = list(page.object_list)
    _decorate(pairs, request.user)
    here = request.get_full_path()
    for index, pair in enumerate(pairs):
        # After a decision the queue comes back (same filters) at the pair that followed this one.
        following = pairs[index + 1] if index + 1 < len(pairs) else (pairs[index - 1] if index else None)
        pair.next_url = f"{here}#pair-{following.pk}" if following is not None else here
    operations.record_pairs_view(
        actor=request.user, pairs=pairs, area_code=listing.desa or _scope_code(request.user)
    )
    return render(
        request,
        "linkage/queue.html",
        {
            "listing": listing,
            "form": listing.form,
            "page": page,
            "pairs": pairs,
            "notice": listing.notice,
            "sorts": SORTS,
            "floor": operations.REVIEW_FLOOR,
            "can_run": scoping.has_perm_anywhere(request.user, perms.RUN_LINKAGE),
        },
    )


@login_required
@require_GET
def pair_detail(request, pk: int):
    pair = get_object_or_404(
        CandidatePair.objects.for_user(request.user).select_related(*PAIR_RELATED), pk=pk
    )
    _decorate([pair], request.user)
    operations.record_pairs_view(actor=request.user, pairs=[pair], area_code=pair.desa_id)
    return render(
        request,
        "linkage/pair.html",
        {
            "pair": pair,
            "reject_form": RejectForm(auto_id="reject-%s"),
            "can_reveal_a": scoping.has_perm_for(
                request.user, scoping.REVEAL_NIK, pair.person_a.household.desa_id
            ),
            "can_reveal_b": scoping.has_perm_for(
                request.user, scoping.REVEAL_NIK, pair.person_b.household.desa_id
            ),
            "household_a": scoping.has_perm_for(
                request.user, scoping.VIEW_REGISTRY, pair.person_a.household.desa_id
            ),
            "household_b": scoping.has_perm_for(
                request.user, scoping.VIEW_REGISTRY, pair.person_b.household.desa_id
            ),
        },
    )


def _pair_for_decision(request, pk: int) -> CandidatePair:
    """A viewer without the right to decide gets the same 404 as a stranger."""
    return get_object_or_404(
        CandidatePair.objects.for_user(request.user, perms.REVIEW_PAIRS).select_related(
            "person_a__household", "person_b__household"
        ),
        pk=pk,
    )


@login_required
@require_POST
def pair_accept(request, pk: int):
    pair = _pair_for_decision(request, pk)
    form = AcceptForm(request.POST)
    keep_id = form.cleaned_data.get("keep") if form.is_valid() else None
    keep = {pair.person_a_id: pair.person_a, pair.person_b_id: pair.person_b}.get(keep_id)
    if keep_id is not None and keep is None:
        messages.error(request, _("Catatan yang dipertahankan harus salah satu dari pasangan ini."))
        return redirect(_next_url(request, reverse("linkage:pair", args=[pair.pk])))

    def done(merge) -> str:
        return _(
            "Digabung: %(keep)s dipertahankan, %(drop)s digabungkan ke dalamnya (penggabungan #%(pk)s, dapat "
            "dibatalkan)."
        ) % {
            "keep": operations.person_label(merge.keep),
            "drop": operations.person_label(merge.drop),
            "pk": merge.pk,
        }

    run_operation(request, lambda: operations.accept_pair(actor=request.user, pair=pair, keep=keep), done)
    return redirect(_next_url(request, reverse("linkage:pair", args=[pair.pk])))


@login_required
@require_POST
def pair_reject(request, pk: int):
    pair = _pair_for_decision(request, pk)
    form = RejectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_operation(
        request,
        lambda: operations.reject_pair(actor=request.user, pair=pair, note=note),
        _("Ditandai bukan orang yang sama; pasangan ini tidak akan diusulkan lagi."),
    )
    return redirect(_next_url(request, reverse("linkage:pair", args=[pair.pk])))


# -------------------------------------------------------------------------------------------------- runs


def phase_label(progress) -> str:
    phase = progress.phase if progress is not None else ""
    return {
        "antre": _("Menunggu giliran di antrean…"),
        "baca": _("Membaca registri…"),
        "nilai": _("Menilai pasangan kandidat…"),
        "simpan": _("Menyimpan antrean tinjauan…"),
        "selesai": _("Selesai."),
    }.get(phase, phase)


@login_required
@require_GET
def runs(request):
    _require_anywhere(request.user, perms.VIEW_PAIRS)
    regencies = _regencies(request.user, perms.VIEW_PAIRS)
    shown = list(
        LinkRun.objects.for_user(request.user)
        .filter(regency__in=regencies)
        .select_related("regency", "started_by")
        .order_by("-created_at", "-id")[: RUNS_SHOWN * len(regencies)]
    )
    sections = []
    for area in regencies:
        area_runs = [run for run in shown if run.regency_id == area.code][:RUNS_SHOWN]
        active = next((run for run in area_runs if run.active), None)
        progress = progress_of(active.progress_key) if active is not None else None
        sections.append(
            {
                "area": area,
                "runs": area_runs,
                "active": active,
                "progress": progress,
                "phase_label": phase_label(progress),
                "stale": active is not None and operations.run_is_stale(active, progress),
                "can_run": scoping.has_perm_for(request.user, perms.RUN_LINKAGE, area.code),
                "has_done": any(run.state == RunState.DONE for run in area_runs)
                or operations.last_done_run(area.code) is not None,
            }
        )
    return render(request, "linkage/runs.html", {"sections": sections, "floor": operations.REVIEW_FLOOR})


@login_required
@require_POST
def run_start(request):
    form = RunForm(request.POST)
    code = form.cleaned_data["kabupaten"] if form.is_valid() else ""
    regency = Area.objects.filter(code=code, level=Level.REGENCY).first()
    if regency is None or not scoping.has_perm_for(request.user, perms.RUN_LINKAGE, regency.code):
        raise Http404
    incremental = form.cleaned_data.get("jenis") == "baru"
    run_operation(
        request,
        lambda: operations.start_link_run(actor=request.user, regency=regency, incremental=incremental),
        _("Pencocokan dimulai; kemajuannya tampil di bawah. Halaman ini boleh ditutup."),
    )
    return redirect("linkage:runs")


@login_required
@require_GET
def run_progress(request, pk: int):
    """Polled by the progress bar. Reads only (see NoSessionSaveMiddleware): a run may hold the SQLite lock."""
    run = get_object_or_404(LinkRun.objects.for_user(request.user).select_related("regency"), pk=pk)
    request.sinergi_skip_session_save = True
    progress = progress_of(run.progress_key)
    response = render(
        request,
        "linkage/_progress.html",
        {
            "run": run,
            "progress": progress,
            "stale": operations.run_is_stale(run, progress),
            "phase_label": phase_label(progress),
            "can_run": scoping.has_perm_for(request.user, perms.RUN_LINKAGE, run.regency_id),
        },
    )
    if not run.active:
        response["HX-Refresh"] = "true"  # finished: reload the page, which shows the counts
    return response


@login_required
@require_POST
def run_cancel(request, pk: int):
    run = get_object_or_404(LinkRun.objects.for_user(request.user, perms.RUN_LINKAGE), pk=pk)
    try:
        cancelled = operations.cancel_link_run(actor=request.user, run=run)
    except PermissionDenied as exc:
        raise Http404 from exc
    if cancelled:
        messages.info(
            request,
            _("Pembatalan diminta; pencocokan berhenti dan antrean tinjauan tetap seperti sebelumnya."),
        )
    return redirect("linkage:runs")


# ------------------------------------------------------------------------------------------------ merges

MERGE_RELATED = ("keep__household__desa", "drop__household__desa", "actor", "undone_by", "pair")


@login_required
@require_GET
def merges(request):
    _require_anywhere(request.user, perms.VIEW_PAIRS)
    found = Merge.objects.for_user(request.user).select_related(*MERGE_RELATED).order_by("-created_at", "-id")
    state = request.GET.get("status", "")
    if state == "aktif":
        found = found.filter(undone_at__isnull=True)
    elif state == "dibatalkan":
        found = found.filter(undone_at__isnull=False)
    else:
        state = ""
    page = Paginator(found, MERGES_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    for merge in shown:
        merge.can_unmerge = merge.active and _can_review(request.user, merge.keep, merge.drop)
    operations.record_merges_view(actor=request.user, merges=shown, area_code=_scope_code(request.user))
    return render(
        request,
        "linkage/merges.html",
        {"page": page, "merges": shown, "state": state, "here": request.get_full_path()},
    )


def _model_label(label: str) -> str:
    from django.apps import apps

    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


def _moved_rows(moved: dict) -> list[dict[str, Any]]:
    return [
        {"label": _model_label(label), "field": field, "ids": ids, "count": len(ids)}
        for label, fields in (moved or {}).items()
        for field, ids in fields.items()
    ]


def _filled_rows(filled: dict) -> list[tuple[str, Any, Any]]:
    rows = []
    for name, values in (filled or {}).items():
        try:
            label = str(Person._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a field removed since the merge: show its name
            label = name
        old, new = values if isinstance(values, list) and len(values) == 2 else ("", values)
        if name == "nik":
            old, new = mask_nik(old or ""), mask_nik(new or "")
        rows.append((label, old or "–", new or "–"))
    return rows


@login_required
@require_GET
def merge_detail(request, pk: int):
    merge = get_object_or_404(
        Merge.objects.for_user(request.user).select_related(
            *MERGE_RELATED, "keep__household__desa__parent", "drop__household__desa__parent"
        ),
        pk=pk,
    )
    operations.record_merge_view(actor=request.user, merge=merge)
    moved = merge.moved or {}
    return render(
        request,
        "linkage/merge.html",
        {
            "merge": merge,
            "repointed": _moved_rows(moved.get("repointed")),
            "kept": _moved_rows(moved.get("kept")),
            "filled": _filled_rows(moved.get("filled")),
            "membership": moved.get("membership"),
            "superseded": moved.get("superseded") or [],
            "can_unmerge": merge.active and _can_review(request.user, merge.keep, merge.drop),
            "household_keep": scoping.has_perm_for(
                request.user, scoping.VIEW_REGISTRY, merge.keep.household.desa_id
            ),
            "household_drop": scoping.has_perm_for(
                request.user, scoping.VIEW_REGISTRY, merge.drop.household.desa_id
            ),
        },
    )


@login_required
@require_POST
def merge_undo(request, pk: int):
    merge = get_object_or_404(Merge.objects.for_user(request.user, perms.REVIEW_PAIRS), pk=pk)

    def done(_result) -> str:
        merge.refresh_from_db()
        if merge.unmerge_report:
            return _(
                "Penggabungan dibatalkan; %(n)s hal tidak dikembalikan karena sudah berubah (lihat rincian)."
            ) % {"n": len(merge.unmerge_report)}
        return _(
            "Penggabungan dibatalkan: kedua catatan kembali seperti semula dan pasangannya kembali ke antrean."
        )

    run_operation(request, lambda: operations.unmerge(actor=request.user, merge=merge), done)
    return redirect(_next_url(request, reverse("linkage:merge", args=[merge.pk])))
