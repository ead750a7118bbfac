"""The welfare ranking page: the PMT model in force and its older versions, the last recompute, the desil
distribution of an area, and for managers the recompute job with its progress bar and cancel button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.core.views import run_operation

from . import perms, pmt, welfare
from .models import PmtModel

PHASE_LABELS = {
    welfare.QUEUED: gettext_lazy("Menunggu giliran"),
    welfare.READING: gettext_lazy("Membaca data keluarga dan menghitung skor"),
    welfare.RANKING: gettext_lazy("Menghitung desil"),
    welfare.SAVING: gettext_lazy("Menyimpan peringkat"),
    welfare.DONE: gettext_lazy("Selesai"),
    welfare.CANCELLED: gettext_lazy("Dibatalkan"),
    welfare.FAILED: gettext_lazy("Gagal"),
}


def signed(value: float, digits: int = 3) -> str:
    """+0,140 / −0,150 / 0 in the active language's number format: a weight or a contribution with its direction."""
    if not value:
        return "0"
    text = formats.number_format(abs(value), decimal_pos=digits)
    return ("+" if value > 0 else "−") + text


def _require_viewer(request) -> list[str]:
    scope = scoping.areas_for(request.user, perms.PROGRAMS_VIEW)
    if not scope:
        raise Http404
    return scope


def _common_area(scope: list[str]) -> str:
    """The smallest area holding the whole scope (a facilitator of two desa: their kecamatan); the first scope
    area when they share no province."""
    parts = [code.split(".") for code in scope]
    common = []
    for level in zip(*parts, strict=False):
        if len(set(level)) > 1:
            break
        common.append(level[0])
    return ".".join(common) or scope[0]


def _weights_table(model: PmtModel) -> tuple[list[dict], str]:
    """The model's weights with plain labels, grouped (housing, assets, members) and largest first within a group;
    plus the problem with the weights, if any."""
    try:
        weights = welfare.validate_model(model)
        problem = ""
    except ValidationError as exc:  # shown on the page; the recompute refuses such a model itself
        raw = model.weights if isinstance(model.weights, dict) else {}
        weights = {code: float(w) for code, w in raw.items()
                   if code in pmt.VARIABLES and isinstance(w, int | float) and not isinstance(w, bool)}
        problem = " ".join(exc.messages)
    groups = list(pmt.GROUP_LABELS)
    rows = []
    for code, weight in weights.items():
        variable = pmt.VARIABLES[code]
        rows.append({"code": code, "label": variable.label_in(_), "group": _(pmt.GROUP_LABELS[variable.group]),
                     "order": groups.index(variable.group), "weight": weight,
                     "weight_text": signed(weight)})
    rows.sort(key=lambda r: (r["order"], -r["weight"], r["code"]))
    return rows, problem


def _area_for(request, scope: list[str]) -> tuple[Area, str]:
    """The area asked for by ?wilayah= when the user may look at it; otherwise their own, with a note."""
    code = request.GET.get("wilayah", "").strip()
    note = ""
    if code:
        area = Area.objects.filter(code=code[:13]).select_related("parent__parent__parent").first()
        if area is not None and scoping.overlaps(request.user, perms.PROGRAMS_VIEW, area.code):
            return area, note
        note = _("Wilayah %s tidak ditemukan atau di luar wilayah kerja Anda; yang ditampilkan wilayah Anda.") % code[:20]
    area = Area.objects.select_related("parent__parent__parent").filter(code=_common_area(scope)).first()
    if area is None:
        raise Http404
    return area, note


def _ancestors(user, area: Area) -> list[Area]:
    """The area's ancestors the user may open (for the breadcrumbs), from the province down."""
    chain, node = [], area.parent
    while node is not None:
        chain.append(node)
        node = node.parent if node.level > Level.PROVINCE else None
    return [a for a in reversed(chain) if scoping.overlaps(user, perms.PROGRAMS_VIEW, a.code)]


def _job_context(request) -> dict:
    progress = welfare.job_progress()
    return {
        "progress": progress,
        "running": welfare.is_running(progress),
        "phase_label": PHASE_LABELS.get(progress.phase, progress.phase) if progress else "",
        "can_manage": scoping.has_perm_anywhere(request.user, perms.PROGRAMS_MANAGE),
    }


@login_required
@require_GET
def welfare_page(request):
    scope = _require_viewer(request)
    area, note = _area_for(request, scope)
    models = list(PmtModel.objects.order_by("-active", "-created_at", "-pk"))
    active = models[0] if models and models[0].active else None
    weights, problem = _weights_table(active) if active else ([], "")
    older = [{"model": m, "weights": _weights_table(m)[0]} for m in models if not m.active]
    rows = welfare.desil_table(request.user, area.code, area=area)
    totals = [sum(row.counts[d] for row in rows) for d in range(10)]
    return render(request, "programs/welfare/page.html", {
        "model": active, "weights": weights, "problem": problem, "older": older,
        "last": welfare.last_recompute(), "area": area, "area_note": note, "ancestors": _ancestors(request.user, area),
        "rows": rows, "totals": totals, "total": sum(totals), "desils": range(1, 11),
        "province_desil": welfare.desil_field(area) == "desil_province",
        **_job_context(request),
    })


@login_required
@require_GET
def welfare_progress(request):
    """Polled by the progress bar. Reads only (see NoSessionSaveMiddleware): the job may hold the SQLite lock."""
    _require_viewer(request)
    request.sinergi_skip_session_save = True
    context = _job_context(request)
    response = render(request, "programs/welfare/_progress.html", context)
    if not context["running"]:
        # The job ended: reload the whole page, which now shows the new ranking (or says why there is none).
        response["HX-Refresh"] = "true"
    return response


def _require_manager(request) -> None:
    if not scoping.has_perm_anywhere(request.user, perms.PROGRAMS_MANAGE):
        raise Http404


@login_required
@require_POST
def welfare_recompute(request):
    _require_manager(request)
    run_operation(request, lambda: welfare.start_recompute(actor=request.user),
                  _("Perhitungan ulang peringkat dimulai. Halaman ini boleh ditutup; proses tetap berjalan di server."))
    return redirect("programs:welfare")


@login_required
@require_POST
def welfare_cancel(request):
    _require_manager(request)
    run_operation(request, lambda: welfare.cancel_recompute(actor=request.user),
                  lambda cancelled: (_("Pembatalan diminta; peringkat sebelumnya tetap berlaku.") if cancelled
                                     else _("Tidak ada perhitungan ulang yang sedang berjalan.")))
    return redirect("programs:welfare")
