from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sinergi.accounts import scoping
from sinergi.areas.models import Area
from sinergi.registry.forms import SearchForm
from sinergi.registry.summary import summary_by_child


@login_required
def home(request):
    scope = scoping.areas_for(request.user, scoping.VIEW_REGISTRY)
    areas = list(Area.objects.filter(code__in=scope).select_related("parent"))
    blocks = [(area, summary_by_child(request.user, area)) for area in areas]
    return render(request, "dashboards/home.html", {"form": SearchForm(), "blocks": blocks, "has_scope": bool(scope)})
