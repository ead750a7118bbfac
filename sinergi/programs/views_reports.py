"""The overlap pages: the programme × programme matrix, one pair's drill-down by area down to the households of
a desa, and the XLSX download of both. Reads only; the figures come from :mod:`sinergi.programs.reports`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import record
from sinergi.audit.models import Action

from . import perms
from . import reports as overlap
from .models import Program

HOUSEHOLDS_PER_PAGE = 50


def _scope(user) -> list[str]:
    """The user's PROGRAMS_VIEW areas; a user without any gets the same 404 as for a missing page."""
    scope = scoping.areas_for(user, perms.PROGRAMS_VIEW)
    if not scope:
        raise Http404
    return scope


def _area(request, scope: list[str]) -> Area:
    """``?wilayah=`` or the user's default area; unknown or wholly out of scope is 404 (the same answer, so the
    page does not reveal which codes exist)."""
    code = request.GET.get("wilayah", "").strip() or overlap.default_area_code(scope)
    area = Area.objects.filter(code=code).first()
    if area is None or not scoping.overlaps(request.user, perms.PROGRAMS_VIEW, area.code):
        raise Http404
    return area


def _program(code: str) -> Program:
    return get_object_or_404(Program, code=code)


def _ancestors(area: Area) -> list[Area]:
    # Every ancestor of an area the user overlaps overlaps the user too, so each can be a link.
    return list(Area.objects.filter(code__in=area.ancestor_codes()).order_by("code"))


def _area_choices(scope: list[str], current: Area) -> list[tuple[str, str]]:
    """The user's areas and the kabupaten/kecamatan right under them; any other area works through the links."""
    areas = Area.objects.filter(Q(code__in=scope) | Q(parent_id__in=scope, level__lte=Level.DISTRICT))
    choices = [(a.code, f"{'— ' if a.code not in scope else ''}{overlap.area_label(a)}") for a in areas.order_by("code")]
    if current.code not in {code for code, _label in choices}:
        choices.insert(0, (current.code, overlap.area_label(current)))
    return choices


@login_required
@require_GET
def overlap_matrix(request):
    scope = _scope(request.user)
    area = _area(request, scope)
    matrix = overlap.overlap_matrix(user=request.user, area_code=area.code)
    return render(request, "programs/reports/overlap.html", {
        "matrix": matrix, "area": area, "ancestors": _ancestors(area), "area_choices": _area_choices(scope, area),
        "area_label": overlap.area_label(area),
    })


@login_required
@require_GET
def overlap_pair(request, program_a: str, program_b: str):
    scope = _scope(request.user)
    area = _area(request, scope)
    first, second = _program(program_a), _program(program_b)
    pair = overlap.stacking_of(first, second)
    context = {"pair": pair, "area": area, "ancestors": _ancestors(area), "area_label": overlap.area_label(area)}
    if area.level == Level.VILLAGE:
        households = overlap.overlap_households(user=request.user, desa_code=area.code, program_a=first,
                                                program_b=second)
        page = Paginator(households, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
        # Heads' names are personal data: the page shown is logged like a search result.
        record(actor=request.user, action=Action.VIEW, object_type="programs.overlap_households",
               object_id=f"{area.code}:{first.code}+{second.code}", area_code=area.code,
               changes={"households": [str(h.pk) for h in page]})
        context["page"] = page
        # Findings have their own permission: the desk and the OPD see the programmes but not the findings.
        context["can_see_findings"] = scoping.has_perm_for(request.user, perms.FINDINGS_VIEW, area.code)
    else:
        rows = overlap.overlap_breakdown(user=request.user, area_code=area.code, program_a=first, program_b=second)
        context["rows"] = rows
        context["totals"] = overlap.AreaRow(area, sum(r.households for r in rows), sum(r.amount_a for r in rows),
                                            sum(r.amount_b for r in rows), sum(r.at_stake for r in rows))
    return render(request, "programs/reports/pair.html", context)


@login_required
@require_GET
def overlap_xlsx(request):
    """The matrix of ``?wilayah=``; with ``?a=<code>&b=<code>`` also that pair's breakdown by area."""
    scope = _scope(request.user)
    area = _area(request, scope)
    codes = (request.GET.get("a", "").strip(), request.GET.get("b", "").strip())
    pair = breakdown = None
    if any(codes):
        first, second = _program(codes[0]), _program(codes[1])
        pair = overlap.stacking_of(first, second)
        breakdown = overlap.overlap_breakdown(user=request.user, area_code=area.code, program_a=first,
                                              program_b=second)
    matrix = overlap.overlap_matrix(user=request.user, area_code=area.code)
    content = overlap.as_xlsx(matrix, pair=pair, breakdown=breakdown)
    suffix = f"-{codes[0]}-{codes[1]}" if pair is not None else ""
    record(actor=request.user, action=Action.EXPORT, object_type="programs.overlap",
           object_id=f"{area.code}{suffix}"[:64], area_code=area.code,
           changes={"format": "xlsx", **({"program_a": codes[0], "program_b": codes[1]} if pair else {})})
    response = HttpResponse(content, content_type=overlap.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tumpang-tindih-{area.code}{suffix}.xlsx"'
    return response
