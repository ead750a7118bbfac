from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from sinergi.accounts import scoping
from sinergi.registry.forms import SearchForm
from sinergi.registry.summary import summary_by_child

from .models import Area


@login_required
def area_detail(request, code: str):
    """An area page with per-child counts. Areas that do not overlap the user's scope do not exist for them."""
    area = get_object_or_404(Area.objects.select_related("parent__parent__parent"), code=code)
    if not scoping.overlaps(request.user, scoping.VIEW_REGISTRY, area.code):
        raise Http404
    ancestors = list(Area.objects.filter(code__in=area.ancestor_codes()).order_by("code"))
    rows = summary_by_child(request.user, area)
    return render(request, "areas/detail.html", {
        "area": area, "ancestors": ancestors, "rows": rows,
        "form": SearchForm(initial={"area": area.code}),
        "can_export": scoping.has_perm_anywhere(request.user, scoping.EXPORT_REGISTRY),
        "totals": (sum(r.households for r in rows), sum(r.persons for r in rows)),
    })
