from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from sinergi.accounts import scoping
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.pillars import activity as pillar_reports
from sinergi.pillars.coverage import workers_covering
from sinergi.pillars.models import VIEW_WORKERS, PillarType
from sinergi.registry.forms import SearchForm
from sinergi.registry.summary import households_of_desa, summary_by_child

from .models import Area, Level


@login_required
def area_detail(request, code: str):
    """An area page with per-child counts. Areas that do not overlap the user's scope do not exist for them."""
    area = get_object_or_404(Area.objects.select_related("parent__parent__parent"), code=code)
    if not scoping.overlaps(request.user, scoping.VIEW_REGISTRY, area.code):
        raise Http404
    ancestors = list(Area.objects.filter(code__in=area.ancestor_codes()).order_by("code"))
    rows = summary_by_child(request.user, area)
    households = None
    if area.level == Level.VILLAGE:
        households = Paginator(households_of_desa(request.user, area), 50).get_page(request.GET.get("page"))
        # Heads' names are personal data: the list shown is logged like a search result.
        record(actor=request.user, action=Action.VIEW, object_type="registry.household_list", object_id=area.code,
               area_code=area.code, changes={"households": [str(h.pk) for h in households]})
    # Pillars: who works in a desa (one query), and on kecamatan/kabupaten pages the desa nobody covers, for
    # those who see the kabupaten's workers (one query).
    pillars = list(workers_covering(area)) if area.level == Level.VILLAGE else None
    # The desa page names the key pillar types nobody covers here: the gap the Dinas has to fill.
    missing_pillars = ([PillarType(t).label for t in pillar_reports.KEY_TYPES
                        if t not in {w.pillar_type for w in pillars}] if pillars is not None else [])
    pillar_gaps = None
    if area.level in (Level.REGENCY, Level.DISTRICT) and scoping.has_perm_for(
            request.user, VIEW_WORKERS, pillar_reports.kabupaten_of(area.code)):
        pillar_gaps = pillar_reports.uncovered_desa(area.code)
    return render(request, "areas/detail.html", {
        "households": households, "pillars": pillars, "pillar_gaps": pillar_gaps,
        "missing_pillars": missing_pillars,
        "area": area, "ancestors": ancestors, "rows": rows,
        "form": SearchForm(initial={"area": area.code}),
        "can_export": scoping.has_perm_anywhere(request.user, scoping.EXPORT_REGISTRY),
        "totals": (sum(r.households for r in rows), sum(r.persons for r in rows)),
    })
