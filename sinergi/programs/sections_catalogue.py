"""The household page's "Program dan bantuan" section (registered with sinergi.registry.sections): every
enrolment of the family and of its members in every tahap, where it came from, and every payment, returned ones
with their reason. For managers, a form to add the family (or a member) to an open tahap."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.registry.sections import Section, register

from . import perms
from .forms_catalogue import EnrolHouseholdForm
from .models import Component, Cycle, CycleState, Distribution, Enrolment


def household_cycles(user, household) -> list[Cycle]:
    """Open tahap of the household's kabupaten/kota the user may add it to."""
    regency = ".".join(household.desa_id.split(".")[:2])
    if not scoping.has_perm_for(user, perms.PROGRAMS_MANAGE, regency):
        return []
    return list(Cycle.objects.filter(regency_id=regency, state=CycleState.OPEN).select_related("program")
                .order_by("program__order", "program__code", "starts_on"))


def programs_context(request, household):
    if not scoping.has_perm_for(request.user, perms.PROGRAMS_VIEW, household.desa_id):
        return None
    enrolments = list(
        Enrolment.objects.filter(Q(household=household) | Q(person__household=household))
        .select_related("cycle__program", "cycle__regency", "person", "import_batch")
        .prefetch_related(Prefetch("distributions", Distribution.objects.order_by("planned_on", "id")),
                          Prefetch("cycle__program__components", Component.objects.order_by("order", "code")))
        .order_by("-cycle__starts_on", "cycle__program__order", "id")
    )
    for enrolment in enrolments:
        names = {c.code: c.name for c in enrolment.cycle.program.components.all()}
        enrolment.component_rows = [(names.get(code, code), count) for code, count in enrolment.components.items()]
    regency = ".".join(household.desa_id.split(".")[:2])
    cycles = household_cycles(request.user, household)
    form = None
    if cycles:
        per_person = any(c.program.per_person for c in cycles)
        members = ([(p.pk, p.name) for p in household.members.filter(status="aktif", merged_into__isnull=True)
                    .order_by("relation", "id")]
                   if per_person else [])
        form = EnrolHouseholdForm(auto_id="enrol_%s", cycles=[(c.pk, str(c)) for c in cycles], members=members)
    return {
        "enrolments": enrolments,
        "can_open_imports": scoping.has_perm_for(request.user, scoping.IMPORT_DATA, regency),
        "enrol_form": form,
    }


register(Section(key="programs", title=_("Program dan bantuan"), template="programs/catalogue/section.html",
                 order=40, context=programs_context))
