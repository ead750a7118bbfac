"""The household page's "Kunjungan pilar" section (visits to the family, joint ones marked) and "Bantuan yang
diserahkan" (aid the family received at hand-over events). Imported from the app's ``ready()``.

Both sections together cost one query for a family without visits or aid (the common case): whether there
is anything to show. Beyond that, a fixed number whatever the number of rows: the visits with their photo count,
their workers in one prefetch; the hand-over rows with their events."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from .models import HandOverItem, PillarWorker, Visit
from .visits import can_add_visit

VISIT_LIMIT = 30
HANDOVER_LIMIT = 30


def _visible_visits(user, household):
    # Visits stay in the scope of the desa where they happened, should the family move later.
    return scoping.filter_for(Visit.objects.filter(household=household), user, scoping.VIEW_REGISTRY, "desa_id")


def _anything(request, household) -> tuple[bool, bool]:
    """(any visit the user may see, any aid received), both in one query; remembered on the request so the
    second section does not ask again."""
    known = getattr(request, "_pillars_field_work", None)
    if known is None:
        known = request._pillars_field_work = {}
    if household.pk not in known:
        row = (
            type(household).objects.filter(pk=household.pk)
            .annotate(has_visits=Exists(_visible_visits(request.user, OuterRef("pk"))),
                      has_aid=Exists(HandOverItem.objects.filter(household=OuterRef("pk"))))
            .values_list("has_visits", "has_aid").first()
        )
        known[household.pk] = (bool(row[0]), bool(row[1])) if row else (False, False)
    return known[household.pk]


def visits_context(request, household):
    user = request.user
    has_visits, _has_aid = _anything(request, household)
    rows = list(
        _visible_visits(user, household)
        .select_related("person")
        .annotate(photo_count=Count("photos"))
        .prefetch_related(Prefetch("workers", queryset=PillarWorker.objects.order_by("pillar_type", "name", "pk")))
        .order_by("-visited_on", "-pk")[:VISIT_LIMIT]
    ) if has_visits else []
    can_add = can_add_visit(user, household)
    if not rows and not can_add:
        return None
    for visit in rows:
        visit.joint = len(visit.workers.all()) > 1
    return {"visits": rows, "can_add": can_add, "household": household, "limit": VISIT_LIMIT}


def handovers_context(request, household):
    _has_visits, has_aid = _anything(request, household)
    if not has_aid:
        return None
    rows = list(
        HandOverItem.objects.filter(household=household)
        .select_related("handover", "person")
        .order_by("-handover__held_on", "-pk")[:HANDOVER_LIMIT]
    )
    if not rows:
        return None
    user = request.user
    for row in rows:
        # The event's page lists every recipient of the event: only for those who see its whole area.
        row.can_open = scoping.has_perm_for(user, scoping.VIEW_REGISTRY, row.handover.area_id)
    return {"items": rows, "limit": HANDOVER_LIMIT}


register(Section(key="visits", title=_("Kunjungan pilar"), template="pillars/visits/section.html", order=65,
                 context=visits_context))
register(Section(key="handovers", title=_("Bantuan yang diserahkan"), template="pillars/handovers/section.html",
                 order=66, context=handovers_context))
