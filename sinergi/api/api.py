"""JSON API for other OPDs (Bappeda, Diskominfo, Dukcapil). Bearer tokens; every read scoped and audited like
the web pages. OpenAPI at /api/v1/docs (the docs page loads no CDN asset: see urls)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.security import HttpBearer

from sinergi.accounts import scoping
from sinergi.accounts.models import ApiToken
from sinergi.areas.models import subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.nik import clean_digits, mask_nik
from sinergi.registry.models import Household, Person


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.authenticate(token)
        if found is None or not scoping.has_perm_anywhere(found.user, scoping.USE_API):
            return None
        found.touch()
        request.user = found.user
        return found.user


api = NinjaAPI(title="Sinergi API", version="1", auth=TokenAuth(), urls_namespace="api",
               description="Data keluarga dan jiwa sesuai wilayah token. NIK disamarkan kecuali token berhak.")


class PersonOut(Schema):
    id: int
    nik: str
    name: str
    sex: str
    birth_date: date | None
    relation: str
    status: str
    household_id: int


class HouseholdOut(Schema):
    id: int
    no_kk: str
    desa_code: str
    desa_name: str
    address: str
    rt: str
    rw: str
    status: str
    members: list[PersonOut]


class HouseholdFilter(Schema):
    no_kk: str | None = None
    area: str | None = None
    limit: int = 50
    offset: int = 0


def _person_out(user, person: Person, desa_code: str) -> PersonOut:
    reveal = scoping.has_perm_for(user, scoping.REVEAL_NIK, desa_code)
    return PersonOut(id=person.pk, nik=person.nik if reveal else mask_nik(person.nik), name=person.name,
                     sex=person.sex, birth_date=person.birth_date, relation=person.relation, status=person.status,
                     household_id=person.household_id)


def _household_out(user, household: Household) -> HouseholdOut:
    reveal = scoping.has_perm_for(user, scoping.REVEAL_NIK, household.desa_id)
    return HouseholdOut(
        id=household.pk, no_kk=household.no_kk if reveal else mask_nik(household.no_kk),
        desa_code=household.desa_id, desa_name=household.desa.name, address=household.address, rt=household.rt,
        rw=household.rw, status=household.status,
        # Filtered here, not in SQL: the members are prefetched (a record merged into another is not a member).
        members=[_person_out(user, p, household.desa_id) for p in household.members.all() if p.merged_into_id is None],
    )


@api.get("/households", response=list[HouseholdOut], summary="Daftar keluarga (filter No. KK atau wilayah)")
def list_households(request, filters: Query[HouseholdFilter]):
    qs = Household.objects.for_user(request.user).select_related("desa").prefetch_related("members")
    if filters.no_kk:
        qs = qs.filter(no_kk=clean_digits(filters.no_kk))
    elif filters.area:
        qs = qs.filter(subtree_q("desa_id", filters.area))
    else:
        return []
    limit = max(1, min(filters.limit, 500))
    households = list(qs.order_by("id")[max(0, filters.offset): max(0, filters.offset) + limit])
    record(actor=request.user, action=Action.API, object_type="registry.household",
           object_id=f"{len(households)} rows", area_code=filters.area or "", source="api",
           changes={"households": [str(h.pk) for h in households]})
    return [_household_out(request.user, h) for h in households]


@api.get("/households/{household_id}", response=HouseholdOut, summary="Satu keluarga beserta anggotanya")
def get_household(request, household_id: int):
    household = get_object_or_404(
        Household.objects.for_user(request.user).select_related("desa").prefetch_related("members"), pk=household_id
    )
    record(actor=request.user, action=Action.API, obj=household, household_id=household.pk,
           area_code=household.desa_id, source="api")
    return _household_out(request.user, household)


@api.get("/persons", response=list[PersonOut], summary="Cari jiwa berdasarkan NIK (16 angka)")
def find_person(request, nik: str):
    digits = clean_digits(nik)
    if len(digits) != 16 or not digits.isdigit():
        raise Http404
    persons = list(Person.objects.for_user(request.user).filter(nik=digits, merged_into__isnull=True)
                   .select_related("household")[:20])
    for person in persons:
        record(actor=request.user, action=Action.API, obj=person, household_id=person.household_id,
               area_code=person.household.desa_id, object_label=person.masked_nik, source="api")
    return [_person_out(request.user, p, p.household.desa_id) for p in persons]
