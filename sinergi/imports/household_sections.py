"""The household page's "Asal data" section: which import rows created or changed this family, back to the
file and its row number."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from .models import ImportRow, Outcome, Status

ORIGIN_LIMIT = 30


def origin_context(request, household):
    rows = list(
        ImportRow.objects.filter(Q(household=household) | Q(person__household=household),
                                 batch__status=Status.COMMITTED)
        .exclude(outcome=Outcome.REJECTED)
        .select_related("batch", "person")
        .order_by("-batch__committed_at", "number")[:ORIGIN_LIMIT]
    )
    can_open = scoping.has_perm_for(request.user, scoping.IMPORT_DATA, household.desa_id[:5])
    return {"rows": rows, "limit": ORIGIN_LIMIT, "can_open": can_open}


register(Section(key="origin", title=_("Asal data (impor)"), template="imports/sections/origin.html", order=90,
                 context=origin_context))
