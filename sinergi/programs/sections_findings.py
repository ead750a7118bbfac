"""The household page's findings section (registered with sinergi.registry.sections): the targeting checks'
findings about this household, open and confirmed first, for users who may see findings in its desa."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from . import perms
from .models import Finding, FindingState

FINDINGS_LIMIT = 20
_STATE_RANK = Case(When(state=FindingState.OPEN, then=Value(0)), When(state=FindingState.CONFIRMED, then=Value(1)),
                   When(state=FindingState.DISMISSED, then=Value(2)), default=Value(3), output_field=IntegerField())


def findings_context(request, household):
    if not scoping.has_perm_for(request.user, perms.FINDINGS_VIEW, household.desa_id):
        return None
    items = list(Finding.objects.filter(household=household).select_related("program", "other_program", "person")
                 .annotate(rank=_STATE_RANK).order_by("rank", "-last_seen_at", "id")[:FINDINGS_LIMIT + 1])
    if not items:
        return None
    return {"findings": items[:FINDINGS_LIMIT], "more": len(items) > FINDINGS_LIMIT}


register(Section(key="findings", title=_("Temuan program"), template="programs/findings/section.html", order=48,
                 context=findings_context))
