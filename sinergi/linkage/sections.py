"""The household page's linkage section (registered with sinergi.registry.sections): members merged into another
record ("Data ini telah digabung ke …"), records merged into a member, and, for reviewers, the pairs of its
members waiting in the review queue. Hidden when there is nothing to say."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from . import perms
from .models import CandidatePair, Merge, PairState

LIMIT = 20


def linkage_context(request, household):
    user = request.user
    merges = list(
        Merge.objects.filter(
            Q(keep__household=household) | Q(drop__household=household), undone_at__isnull=True
        )
        .select_related("keep__household__desa", "drop__household__desa")
        .order_by("-created_at")[:LIMIT]
    )
    reviewer = scoping.has_perm_for(user, perms.VIEW_PAIRS, household.desa_id)
    pending = []
    if reviewer:
        pending = list(
            CandidatePair.objects.for_user(user)
            .filter(
                Q(person_a__household=household) | Q(person_b__household=household), state=PairState.PENDING
            )
            .select_related("person_a", "person_b")
            .order_by("-probability", "id")[:LIMIT]
        )
    if not merges and not pending:
        return None
    for merge in merges:
        merge.dropped_here = merge.drop.household_id == household.pk
        other = merge.keep if merge.dropped_here else merge.drop
        merge.other = other
        merge.other_visible = scoping.has_perm_for(user, scoping.VIEW_REGISTRY, other.household.desa_id)
        merge.kept_rows = sum(
            len(ids) for fields in (merge.moved or {}).get("kept", {}).values() for ids in fields.values()
        )
    shown = {p.pk: p for m in merges for p in (m.keep, m.drop)}
    shown.update({p.pk: p for pair in pending for p in (pair.person_a, pair.person_b)})
    return {
        "dropped": [m for m in merges if m.dropped_here],
        "received": [m for m in merges if not m.dropped_here],
        "pending": pending,
        "reviewer": reviewer,
        # The household page's view audit lists the persons of every section's "members".
        "members": list(shown.values()),
    }


register(
    Section(
        key="linkage",
        title=_("Pencocokan data"),
        template="linkage/section.html",
        order=12,
        context=linkage_context,
    )
)
