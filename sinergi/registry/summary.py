"""Counts of households and persons per child area, inside the user's scope: one GROUP BY per table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from sinergi.areas.models import Area, Level, subtree_q

from .codes import HouseholdStatus, PersonStatus
from .models import Household, Person

# Length of the dotted code of each level: 11, 11.06, 11.06.01, 11.06.01.2001
CODE_LENGTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}


@dataclass
class Row:
    area: Area
    households: int = 0
    persons: int = 0


def summary_by_child(user, area: Area) -> list[Row]:
    if area.level == Level.VILLAGE:
        children = [area]
        length = CODE_LENGTH[Level.VILLAGE]
    else:
        children = list(area.children.all())
        length = CODE_LENGTH[Level(area.level + 1)]
    households = (
        Household.objects.for_user(user).filter(subtree_q("desa_id", area.code), status=HouseholdStatus.ACTIVE)
        .annotate(child=Substr("desa_id", 1, length)).values("child").annotate(n=Count("id"))
    )
    persons = (
        Person.objects.for_user(user).filter(subtree_q("household__desa_id", area.code), status=PersonStatus.ACTIVE,
                                             merged_into__isnull=True)
        .annotate(child=Substr("household__desa_id", 1, length)).values("child").annotate(n=Count("id"))
    )
    h_counts = {r["child"]: r["n"] for r in households}
    p_counts = {r["child"]: r["n"] for r in persons}
    return [Row(area=c, households=h_counts.get(c.code, 0), persons=p_counts.get(c.code, 0)) for c in children]


def households_of_desa(user, desa: Area):
    """The desa's households in scope, with head's name and active member count, in one query per page."""
    head = (Person.objects.filter(household=OuterRef("pk"), relation="1", merged_into__isnull=True).order_by("id")
            .values("name")[:1])
    return (
        Household.objects.for_user(user).filter(desa=desa)
        .annotate(head_name=Subquery(head),
                  member_count=Count("members", filter=Q(members__status=PersonStatus.ACTIVE,
                                                        members__merged_into__isnull=True)))
        .order_by("address", "rt", "id")
    )
