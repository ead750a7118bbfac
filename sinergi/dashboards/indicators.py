"""What the desa map can colour: one aggregate query per indicator over one kabupaten/kota, through the scoping
of the model it counts, and which kabupaten/kota a user may open on the map."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.programs.perms import PROGRAMS_VIEW
from sinergi.registry.codes import HouseholdStatus, PersonStatus
from sinergi.registry.models import Household, Person


def _households(user, kab_code: str) -> dict[str, int]:
    rows = (Household.objects.for_user(user).filter(subtree_q("desa_id", kab_code), status=HouseholdStatus.ACTIVE)
            .order_by().values_list("desa_id").annotate(n=Count("id")))
    return dict(rows)


def _persons(user, kab_code: str) -> dict[str, int]:
    # Merged-away persons (record linkage) are no persons of their own: never counted.
    rows = (Person.objects.for_user(user)
            .filter(subtree_q("household__desa_id", kab_code), status=PersonStatus.ACTIVE,
                    merged_into__isnull=True)
            .order_by().values_list("household__desa_id").annotate(n=Count("id")))
    return dict(rows)


def _poorest_four_desils(user, kab_code: str) -> dict[str, int]:
    # WelfareScore is one row per household (the recompute replaces them all at once): the current ranking.
    # ``desil`` is the kabupaten/kota desil, the one that compares desa of one kabupaten/kota.
    programs = scoping.scope_q(user, PROGRAMS_VIEW, "desa_id")
    if programs is None:
        return {}
    rows = (Household.objects.for_user(user).filter(programs)
            .filter(subtree_q("desa_id", kab_code), status=HouseholdStatus.ACTIVE, welfare__desil__lte=4)
            .order_by().values_list("desa_id").annotate(n=Count("id")))
    return dict(rows)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    perms: tuple[str, ...]  # a desa shows a value when the user holds every one of these over it
    counts: Callable[[object, str], dict[str, int]]  # (user, kabupaten code) -> {desa code: value}

    def available_to(self, user) -> bool:
        return all(scoping.has_perm_anywhere(user, perm) for perm in self.perms)

    def visible(self, user, desa_code: str) -> bool:
        return all(scoping.has_perm_for(user, perm, desa_code) for perm in self.perms)


INDICATORS = [
    Indicator("keluarga", _("Keluarga terdaftar"), (scoping.VIEW_REGISTRY,), _households),
    Indicator("jiwa", _("Jiwa terdaftar"), (scoping.VIEW_REGISTRY,), _persons),
    Indicator("desil-1-4", _("Keluarga desil 1–4"), (scoping.VIEW_REGISTRY, PROGRAMS_VIEW), _poorest_four_desils),
]
DEFAULT = INDICATORS[0].key


def indicators_for(user) -> list[Indicator]:
    return [i for i in INDICATORS if i.available_to(user)]


def choose(user, key: str | None) -> Indicator:
    """The indicator asked for, or the default one when the key is unknown or not available to the user."""
    available = indicators_for(user)
    return next((i for i in available if i.key == key), available[0])


def kabupaten_in_scope(user) -> list[Area]:
    """The kabupaten/kota the user may view (part of) in the registry, in code order: one query, none without
    a scope. An assignment on a province opens its kabupaten/kota; one on a kecamatan or desa, its own."""
    scope = scoping.areas_for(user, scoping.VIEW_REGISTRY)
    if not scope:
        return []
    conditions = [subtree_q("code", code) for code in scope if len(code) == 2]
    regencies = {code[:5] for code in scope if len(code) >= 5}
    if regencies:
        conditions.append(Q(code__in=sorted(regencies)))
    return list(Area.objects.filter(reduce(or_, conditions), level=Level.REGENCY).order_by("code"))
