"""Every write to the registry is one of these named operations: keyword-only, validated, one transaction,
one audit entry (which is also the household's change history)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level
from sinergi.audit.log import diff, record
from sinergi.audit.models import Action
from sinergi.core.names import normalise_name, search_key
from sinergi.core.nik import check_nik, parse_kk, parse_nik

from .models import ChangeRequest, ChangeState, Household, Membership, Person

HOUSEHOLD_FIELDS = [
    "no_kk", "address", "rt", "rw", "lat", "lng", "status",
    "floor", "wall", "roof", "water_source", "lighting", "cooking_fuel", "toilet", "land_ownership",
    "has_lpg_5_5kg", "has_refrigerator", "has_ac", "has_water_heater", "has_phone", "has_tv", "has_gold_10g",
    "has_computer", "has_bicycle", "has_motorcycle", "has_car", "has_boat", "has_land",
    "land_area_m2",
]
PROPOSE_CHANGES = "registry.add_changerequest"
APPROVE_CHANGES = "registry.approve_changerequest"

# Sent after a change request was approved or rejected (and, when approved, applied), inside the transaction:
# the app that proposed it (a grievance, a verification) follows up without the registry knowing it.
change_request_decided = Signal()

PERSON_FIELDS = [
    "nik", "name", "sex", "birth_place", "birth_date", "relation", "marital_status", "religion", "education",
    "occupation", "disability", "chronic_illness", "status",
]


def _require(actor, perm: str, area_code: str) -> None:
    """System actors (None: CLI, generator) are trusted; people must hold the permission over the area."""
    if actor is not None and not scoping.has_perm_for(actor, perm, area_code):
        raise PermissionDenied(_("Anda tidak berwenang mengubah data di wilayah ini."))


def _reject_unknown(fields: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown)))


def address_key(household: Household, desa: Area | None = None) -> str:
    desa = desa or household.desa
    district = desa.parent if desa.parent_id else None
    parts = [household.address, f"RT {household.rt}" if household.rt else "", f"RW {household.rw}" if household.rw else "",
             desa.name, district.name if district else ""]
    return normalise_name(" ".join(p for p in parts if p))[:300]


def _validate_number(field: str, value: str, parse) -> None:
    """NIK/KK format errors become a field error carrying the parser's specific message."""
    if value:
        try:
            parse(value)
        except ValueError as exc:
            raise ValidationError({field: str(exc)}) from exc


def _snapshot(obj, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


@transaction.atomic
def create_household(*, actor, desa: Area, source: str = "web", **fields: Any) -> Household:
    if desa.level != Level.VILLAGE:
        raise ValidationError({"desa": _("Keluarga harus ditempatkan di desa/kelurahan.")})
    _require(actor, scoping.CHANGE_REGISTRY, desa.code)
    _reject_unknown(fields, HOUSEHOLD_FIELDS)
    _validate_number("no_kk", fields.get("no_kk", ""), parse_kk)
    household = Household(desa=desa, **fields)
    household.address_key = address_key(household, desa)
    household.full_clean()
    household.save()
    record(actor=actor, action=Action.CREATE, obj=household, household_id=household.pk, area_code=desa.code, source=source,
           changes=diff({}, _snapshot(household, ["desa_id", *HOUSEHOLD_FIELDS])))
    return household


@transaction.atomic
def update_household(*, actor, household: Household, changes: dict[str, Any], source: str = "web",
                     desa: Area | None = None) -> dict[str, list[Any]]:
    """Apply ``changes`` (and optionally a new desa). Returns {field: [old, new]}; nothing is written when nothing
    changed, so re-applying the same data is a no-op."""
    household = Household.objects.select_for_update(of=("self",)).select_related("desa__parent").get(pk=household.pk)
    _require(actor, scoping.CHANGE_REGISTRY, household.desa_id)
    _reject_unknown(changes, HOUSEHOLD_FIELDS)
    before = _snapshot(household, ["desa_id", *HOUSEHOLD_FIELDS])
    for field, value in changes.items():
        setattr(household, field, value)
    if desa is not None and desa.code != household.desa_id:
        if desa.level != Level.VILLAGE:
            raise ValidationError({"desa": _("Keluarga harus ditempatkan di desa/kelurahan.")})
        _require(actor, scoping.CHANGE_REGISTRY, desa.code)
        household.desa = desa
    if "no_kk" in changes:
        _validate_number("no_kk", household.no_kk, parse_kk)
    household.full_clean()
    changed = diff(before, _snapshot(household, ["desa_id", *HOUSEHOLD_FIELDS]))
    if not changed:
        return {}
    household.address_key = address_key(household)
    household.save()
    record(actor=actor, action=Action.UPDATE, obj=household, household_id=household.pk,
           area_code=household.desa_id, changes=changed,
           source=source)
    return changed


@transaction.atomic
def add_person(*, actor, household: Household, source: str = "web", **fields: Any) -> Person:
    _require(actor, scoping.CHANGE_REGISTRY, household.desa_id)
    _reject_unknown(fields, PERSON_FIELDS)
    _validate_number("nik", fields.get("nik", ""), parse_nik)
    person = Person(household=household, **fields)
    person.name_key = search_key(person.name)
    person.full_clean()
    person.save()
    Membership.objects.create(person=person, household=household, relation=person.relation)
    record(actor=actor, action=Action.CREATE, obj=person, household_id=household.pk, area_code=household.desa_id, source=source,
           object_label=person.masked_nik or person.name_key, changes=diff({}, _snapshot(person, PERSON_FIELDS)))
    return person


def _refuse_merged(person: Person) -> None:
    """A record merged into another (record linkage) only keeps its history: changes go to the kept record,
    or the merge is undone first, so that an unmerge restores exactly what the merge moved."""
    if person.merged_into_id is not None:
        raise ValidationError(_("Data jiwa ini sudah digabung ke data jiwa #%(kept)s lewat pencocokan. Ubah data "
                                "yang dipertahankan itu, atau batalkan penggabungannya dulu.")
                              % {"kept": person.merged_into_id})


@transaction.atomic
def update_person(*, actor, person: Person, changes: dict[str, Any], source: str = "web") -> dict[str, list[Any]]:
    person = Person.objects.select_for_update(of=("self",)).select_related("household").get(pk=person.pk)
    _require(actor, scoping.CHANGE_REGISTRY, person.household.desa_id)
    _refuse_merged(person)
    _reject_unknown(changes, PERSON_FIELDS)
    before = _snapshot(person, PERSON_FIELDS)
    for field, value in changes.items():
        setattr(person, field, value)
    if "nik" in changes:
        _validate_number("nik", person.nik, parse_nik)
    person.full_clean()
    changed = diff(before, _snapshot(person, PERSON_FIELDS))
    if not changed:
        return {}
    person.name_key = search_key(person.name)
    person.save()
    if "relation" in changed:
        Membership.objects.filter(person=person, left_at__isnull=True).update(relation=person.relation)
    record(actor=actor, action=Action.UPDATE, obj=person, household_id=person.household_id,
           area_code=person.household.desa_id, changes=changed,
           object_label=person.masked_nik or person.name_key, source=source)
    return changed


@transaction.atomic
def move_person(*, actor, person: Person, to_household: Household, relation: str, reason: str,
                source: str = "web") -> Person:
    """Marriage, KK split, adoption: the person changes household and both households' history says so."""
    person = Person.objects.select_for_update(of=("self",)).select_related("household").get(pk=person.pk)
    _refuse_merged(person)
    from_household = person.household
    if from_household.pk == to_household.pk:
        raise ValidationError(_("Jiwa ini sudah berada di KK tujuan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Sebutkan alasan pindah KK (mis. menikah, pecah KK).")})
    _require(actor, scoping.CHANGE_REGISTRY, from_household.desa_id)
    _require(actor, scoping.CHANGE_REGISTRY, to_household.desa_id)
    now = timezone.now()
    Membership.objects.filter(person=person, left_at__isnull=True).update(left_at=now, left_reason=reason[:200])
    old_relation = person.relation
    person.household = to_household
    person.relation = relation
    person.full_clean()
    person.save()
    Membership.objects.create(person=person, household=to_household, relation=relation)
    change = {"household": [str(from_household.pk), str(to_household.pk)], "relation": [old_relation, relation],
              "reason": reason}
    label = person.masked_nik or person.name_key
    for household in (from_household, to_household):
        record(actor=actor, action=Action.MOVE, obj=person, household_id=household.pk, changes=change,
               area_code=household.desa_id,
               object_label=label, source=source)
    return person


def nik_warnings(person: Person) -> list[str]:
    if not person.nik:
        return []

    def known(code: str) -> bool:
        return Area.objects.filter(code=code, level=Level.DISTRICT).exists()

    return [w.message for w in check_nik(person.nik, birth_date=person.birth_date, sex=person.sex,
                                         known_kecamatan=known)]


def reveal_nik(*, actor, person: Person) -> str:
    """The full NIK, for a user allowed to see it in the person's area; every reveal is recorded."""
    if not scoping.has_perm_for(actor, scoping.REVEAL_NIK, person.household.desa_id):
        raise PermissionDenied(_("Anda tidak berwenang membuka NIK ini."))
    record(actor=actor, action=Action.REVEAL, obj=person, household_id=person.household_id,
           area_code=person.household.desa_id,
           object_label=person.masked_nik, changes={"field": "nik"})
    return person.nik


def reveal_kk(*, actor, household: Household) -> str:
    if not scoping.has_perm_for(actor, scoping.REVEAL_NIK, household.desa_id):
        raise PermissionDenied(_("Anda tidak berwenang membuka No. KK ini."))
    record(actor=actor, action=Action.REVEAL, obj=household, household_id=household.pk,
           area_code=household.desa_id,
           changes={"field": "no_kk"})
    return household.no_kk


def record_household_view(*, actor, household: Household, person_ids: list[int]) -> None:
    record(actor=actor, action=Action.VIEW, obj=household, household_id=household.pk, area_code=household.desa_id,
           changes={"persons": [str(i) for i in person_ids]})


# Fields a change request may propose (a verification's "died" or "moved away" is a status change). Coordinates
# come from the household form's map, not from proposals.
PROPOSABLE_PERSON_FIELDS = list(PERSON_FIELDS)
PROPOSABLE_HOUSEHOLD_FIELDS = [f for f in HOUSEHOLD_FIELDS if f not in ("lat", "lng")]


def _convert_proposal(model, allowed: list[str], changes: dict[str, Any], current) -> dict[str, Any]:
    """Each proposed value as the model field's Python value, validated like a form would; unchanged values are
    dropped so that approving never writes a no-op."""
    _reject_unknown(changes, allowed)
    converted: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field_name, raw in changes.items():
        field = model._meta.get_field(field_name)
        try:
            value = field.clean(raw if raw != "" or not field.null else None, current)
        except ValidationError as exc:
            errors[field_name] = exc.messages
            continue
        if field_name in ("nik", "no_kk") and value:
            try:
                (parse_nik if field_name == "nik" else parse_kk)(value)
            except ValueError as exc:
                errors[field_name] = [str(exc)]
                continue
        if _plain_value(getattr(current, field_name)) != _plain_value(value):
            converted[field_name] = value
    if errors:
        raise ValidationError(errors)
    return converted


def _plain_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _stored(value: Any) -> Any:
    return "" if value is None else _plain_value(value)


@transaction.atomic
def propose_change(*, actor, household: Household, person: Person | None = None, changes: dict[str, Any],
                   reason: str, source: str = "") -> ChangeRequest:
    """Record a correction for approval; the registry is untouched until :func:`decide_change` approves it."""
    if person is not None and person.household_id != household.pk:
        raise ValidationError(_("Jiwa ini bukan anggota KK tersebut."))
    _require(actor, PROPOSE_CHANGES, household.desa_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Sebutkan alasan perubahan dan buktinya.")})
    if person is not None:
        converted = _convert_proposal(Person, PROPOSABLE_PERSON_FIELDS, changes, person)
    else:
        converted = _convert_proposal(Household, PROPOSABLE_HOUSEHOLD_FIELDS, changes, household)
    if not converted:
        raise ValidationError(_("Usulan tidak mengubah apa pun: nilainya sama dengan data sekarang."))
    request = ChangeRequest.objects.create(
        household=household, person=person, changes={k: _stored(v) for k, v in converted.items()},
        reason=reason.strip(), source=source, proposed_by=actor if actor is not None else None,
    )
    record(actor=actor, action=Action.CREATE, obj=request, area_code=household.desa_id, source=source or "web",
           changes={"household": str(household.pk), "person": str(person.pk) if person else "",
                    "fields": sorted(converted)})
    return request


@transaction.atomic
def decide_change(*, actor, request: ChangeRequest, approve: bool, note: str = "") -> ChangeRequest:
    """Approve (and apply through the update operations, so the household's history shows the change with this
    request as its source) or reject. Someone other than the proposer decides."""
    request = ChangeRequest.objects.select_for_update(of=("self",)).select_related("household", "person").get(
        pk=request.pk)
    household = request.household
    _require(actor, APPROVE_CHANGES, household.desa_id)
    if request.state != ChangeState.PROPOSED:
        raise ValidationError(_("Usulan ini sudah diputuskan."))
    if actor is not None and request.proposed_by_id == actor.pk:
        raise ValidationError(_("Usulan harus diputuskan oleh orang lain, bukan pengusulnya."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Sebutkan alasan penolakan.")})
    source = request.source or f"change-request:{request.pk}"
    if approve:
        target = request.person or household
        model, allowed = ((Person, PROPOSABLE_PERSON_FIELDS) if request.person
                          else (Household, PROPOSABLE_HOUSEHOLD_FIELDS))
        changes = _convert_proposal(model, allowed, request.changes, target)
        if request.person is not None:
            applied = update_person(actor=actor, person=request.person, changes=changes, source=source)
        else:
            applied = update_household(actor=actor, household=household, changes=changes, source=source)
        request.applied = applied
    request.state = ChangeState.APPROVED if approve else ChangeState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    record(actor=actor, action=Action.UPDATE, obj=request, area_code=household.desa_id, source=source,
           changes={"state": [ChangeState.PROPOSED.value, request.state]})
    change_request_decided.send(sender=ChangeRequest, request=request, actor=actor)
    return request
