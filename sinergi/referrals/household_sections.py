"""The household page's SLRT section: every visit to the desk by a member, its referrals and where they stand."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from .models import VIEW_CASES, Case, Referral

CASES_LIMIT = 20


def slrt_context(request, household):
    if not scoping.has_perm_for(request.user, VIEW_CASES, household.desa_id):
        return None
    cases = list(
        Case.objects.filter(household=household)
        .select_related("person")
        .prefetch_related(Prefetch("referrals", Referral.objects.select_related("provider", "service")))
        .order_by("-opened_at")[:CASES_LIMIT]
    )
    if not cases:
        return None
    return {"cases": cases, "limit": CASES_LIMIT}


register(Section(key="slrt", title=_("Layanan SLRT dan rujukan"), template="referrals/sections/household.html",
                 order=60, context=slrt_context))
