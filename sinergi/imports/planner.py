"""Decide, chunk by chunk, what each cleaned row does to the registry, and (when writing) do it in bulk.

The same code answers the preview ("what would happen", nothing written) and performs the commit, so the
counts a user approves are computed by the rules that then apply. At commit time the rows are planned again
against the registry as it is then: it may have changed since the check.

Matching: a person by NIK; a row without NIK by KK + name key + birth date among the NIK-less members of that
KK (newborns and people without a NIK yet); a household by KK. A person whose KK changed is moved, with the
membership history and an entry in both households' history.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import ENTRY_COLUMNS, entry_row
from sinergi.audit.log import diff as changed_fields
from sinergi.audit.models import Action, AuditEntry
from sinergi.core import bulk
from sinergi.core.names import search_key as _search_key
from sinergi.core.nik import mask_nik
from sinergi.registry import codes
from sinergi.registry.models import Household, Membership, Person

from .clean import Problem
from .models import Outcome

# Names repeat across a file (and a kabupaten): their search key is computed once per distinct name.
search_key = functools.lru_cache(maxsize=65536)(_search_key)


def created_fields(values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [None, value]} of a new record: what ``audit.log.diff({}, values)`` gives, without the diffing."""
    return {f: [None, v.isoformat() if isinstance(v, date) else v] for f, v in values.items() if v is not None}


# Target key -> registry field, for the columns an import may set.
HOUSEHOLD_TARGETS = {"desa": "desa_id", "alamat": "address", "rt": "rt", "rw": "rw"}
PERSON_TARGETS = {
    "nama": "name", "jenis_kelamin": "sex", "tempat_lahir": "birth_place", "tanggal_lahir": "birth_date",
    "hubungan": "relation", "status_kawin": "marital_status", "pekerjaan": "occupation",
}

# What planning and writing read of existing rows: loading only these keeps the lookups cheap (a household has
# ~40 columns). Everything the planner touches must be listed, or Django fetches it row by row.
HOUSEHOLD_LOADED = ["id", "no_kk", "desa_id", "address", "rt", "rw"]
PERSON_LOADED = ["id", "nik", "name_key", "household_id", *PERSON_TARGETS.values(),
                 *(f"household__{f}" for f in HOUSEHOLD_LOADED)]


@dataclass
class Item:
    """A row on its way through the planner: cleaned values in, outcome out."""

    number: int
    cleaned: dict[str, str]
    problems: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcome: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    person_id: int | None = None
    household_id: int | None = None
    pk: int | None = None  # the ImportRow, at commit time

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    def reject(self, code: str, target: str, message: str) -> None:
        value = self.cleaned.get(target, "")
        if target in ("nik", "no_kk"):
            value = mask_nik(value)
        self.problems.append(Problem(code, target, target, value, message).as_dict())
        self.outcome = Outcome.REJECTED


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class Planner:
    def __init__(self, *, regency: Area, kind: str, source: str, actor=None, write: bool) -> None:
        self.regency = regency
        self.kind = kind
        self.source = source
        self.actor = actor
        self.write = write
        self.seen_nik: dict[str, int] = {}
        self.kk_desa: dict[str, tuple[str, int]] = {}
        self.kk_handled: set[str] = set()
        # KK -> household created in this run (write) or that would be (preview: None).
        self.created_households: dict[str, Household | None] = {}
        self.heads: set[str] = set()
        self.claimed: set[int] = set()
        villages = Area.objects.filter(subtree_q("code", regency.code), level=Level.VILLAGE).select_related("parent")
        self.villages = {v.code: v for v in villages}

    def _in_regency(self, area_code: str) -> bool:
        return area_code.startswith(self.regency.code + ".")

    def _area_label(self, code: str) -> str:
        area = self.villages.get(code) or Area.objects.filter(code=code).select_related("parent").first()
        return f"{area.name} ({code})" if area else code

    # ------------------------------------------------------------------------------------------------
    def plan(self, items: list[Item]) -> None:
        live = [it for it in items if not it.rejected]
        self._in_file_checks(live)
        live = [it for it in live if not it.rejected]
        persons_by_nik, households_by_kk, nameless = self._lookups(live)
        actions = _Writes()
        for it in live:
            self._plan_item(it, persons_by_nik, households_by_kk, nameless, actions)
        if self.write:
            actions.apply(self)

    def _in_file_checks(self, items: list[Item]) -> None:
        for it in items:
            nik = it.cleaned.get("nik")
            if nik:
                first = self.seen_nik.setdefault(nik, it.number)
                if first != it.number:
                    it.reject("duplicate_nik", "nik",
                              f"NIK ini sudah ada di baris {first} dalam file yang sama. Hapus salah satunya.")
                    continue
            kk, desa = it.cleaned.get("no_kk"), it.cleaned.get("desa")
            if kk and desa:
                first_desa, first_row = self.kk_desa.setdefault(kk, (desa, it.number))
                if first_desa != desa:
                    it.reject("kk_two_desa", "desa",
                              f"KK ini tertulis di desa {self._area_label(first_desa)} di baris {first_row}, "
                              f"tetapi di sini {self._area_label(desa)}. Satu KK hanya di satu desa.")

    def _lookups(self, items: list[Item]):
        niks = {it.cleaned["nik"] for it in items if it.cleaned.get("nik")}
        persons_by_nik: dict[str, list[Person]] = defaultdict(list)
        # A record merged into another (linkage) is not matched: its rows belong to the kept record now.
        for p in (Person.objects.filter(nik__in=niks, merged_into__isnull=True).select_related("household")
                  .only(*PERSON_LOADED)):
            persons_by_nik[p.nik].append(p)
        kks = {it.cleaned["no_kk"] for it in items if it.cleaned.get("no_kk")}
        households_by_kk = {h.no_kk: h for h in Household.objects.filter(no_kk__in=kks).only(*HOUSEHOLD_LOADED)}
        nameless_kks = {it.cleaned["no_kk"] for it in items if not it.cleaned.get("nik") and it.cleaned.get("no_kk")}
        # Keyed (KK, name key, birth date) and (KK, name key): a row without a date matches when the name
        # alone is unambiguous within the KK.
        nameless: dict[tuple, list[Person]] = defaultdict(list)
        if nameless_kks:
            for p in (Person.objects.filter(household__no_kk__in=nameless_kks, nik="", merged_into__isnull=True)
                      .select_related("household")
                      .only(*PERSON_LOADED)):
                nameless[(p.household.no_kk, p.name_key, p.birth_date.isoformat() if p.birth_date else "")].append(p)
                nameless[(p.household.no_kk, p.name_key)].append(p)
        return persons_by_nik, households_by_kk, nameless

    def _plan_item(self, it: Item, persons_by_nik, households_by_kk, nameless, writes: _Writes) -> None:
        c = it.cleaned
        nik, kk = c.get("nik", ""), c.get("no_kk", "")
        person: Person | None = None
        if nik:
            found = persons_by_nik.get(nik, [])
            if len(found) > 1:
                it.reject("nik_invalid", "nik",
                          f"NIK ini tercatat untuk {len(found)} jiwa di registri. Satukan atau perbaiki dulu "
                          "data ganda itu, lalu impor ulang baris ini.")
                return
            person = found[0] if found else None
        elif kk and c.get("nama"):
            name_key = search_key(c["nama"])
            born = c.get("tanggal_lahir", "")
            found = nameless.get((kk, name_key, born), []) if born else nameless.get((kk, name_key), [])
            # Twins listed as "BY NY SITI" twice: each row takes the next unclaimed one, in id order, so
            # re-importing the file matches both instead of adding a third.
            person = next((p for p in found if p.pk not in self.claimed), None)
            if person is not None:
                self.claimed.add(person.pk)
        if person is not None and not self._in_regency(person.household.desa_id):
            it.reject("outside_regency", "nik",
                      f"Jiwa ini terdaftar di desa {self._area_label(person.household.desa_id)}, di luar "
                      f"{self.regency.name}. Perpindahan antarkabupaten dicatat oleh operator wilayah asal.")
            return

        household: Household | None = None
        new_household = False
        if kk:
            household = households_by_kk.get(kk)
            if household is None and kk in self.created_households:
                household = self.created_households[kk]
                if household is None:  # preview: created by an earlier row of this file
                    household = _PENDING
            elif household is None:
                new_household = True
        elif person is not None:
            household = person.household
        if household is not None and household is not _PENDING and not self._in_regency(household.desa_id):
            it.reject("outside_regency", "no_kk",
                      f"KK ini terdaftar di desa {self._area_label(household.desa_id)}, di luar {self.regency.name}.")
            return
        if household is None and not new_household:
            it.reject("not_in_registry", "nik",
                      "Jiwa ini belum ada di registri. Untuk menambahkannya, isi No. KK dan desa/kelurahan.")
            return
        if new_household and not c.get("desa"):
            it.reject("not_in_registry", "no_kk",
                      "KK ini belum ada di registri. Untuk menambahkannya, isi desa/kelurahan.")
            return
        if person is None and not c.get("jenis_kelamin"):
            it.reject("sex_missing", "jenis_kelamin",
                      "Jenis kelamin kosong dan tidak ada NIK untuk membacanya. Isi L atau P.")
            return

        changes: dict[str, Any] = {}
        household_values = {HOUSEHOLD_TARGETS[t]: c[t] for t in HOUSEHOLD_TARGETS if c.get(t)}
        if new_household:
            # The preview builds no model instances: they cost more than the whole plan of a row.
            hh = bulk.new_instance(Household, no_kk=kk, **household_values) if self.write else _PENDING
            self.created_households[kk] = hh if self.write else None
            changes["household"] = created_fields({"no_kk": kk, **household_values})
            writes.new_households.append((hh, changes["household"]))
            household = hh
        elif household is not _PENDING and kk and kk not in self.kk_handled:
            self.kk_handled.add(kk)
            diff = changed_fields({f: getattr(household, f) for f in household_values}, household_values)
            if diff:
                changes["household"] = diff
                writes.household_updates.append((household, diff))
        if kk:
            self.kk_handled.add(kk)

        person_values: dict[str, Any] = {PERSON_TARGETS[t]: c[t] for t in PERSON_TARGETS if c.get(t)}
        if "birth_date" in person_values:
            person_values["birth_date"] = _date(person_values["birth_date"])
        if person is None:
            if "relation" not in person_values:
                # No SHDK column: the first new member of a new KK heads it, anyone else is "other".
                first_of_new = new_household or (kk in self.created_households and kk not in self.heads)
                person_values["relation"] = codes.Relation.HEAD if first_of_new else codes.Relation.OTHER
            if person_values["relation"] == codes.Relation.HEAD and kk:
                self.heads.add(kk)
            new_person = bulk.new_instance(Person, nik=nik, **person_values) if self.write else None
            changes["person"] = created_fields({f: v for f, v in {"nik": nik, **person_values}.items() if v})
            writes.new_persons.append((new_person, household, changes["person"]))
            it.outcome = Outcome.NEW
            it.changes = changes
            writes.items.append((it, new_person, household))
            return

        diff = changed_fields({f: getattr(person, f) for f in person_values}, person_values)
        values = {f: v for f, v in person_values.items() if f in diff}
        moves = household is _PENDING or household.pk is None or household.pk != person.household_id
        moved_from = person.household if moves else None
        if diff or moved_from is not None:
            shown = dict(diff)
            if moved_from is not None:
                shown["household"] = [mask_nik(moved_from.no_kk), mask_nik(kk)]
            changes["person"] = shown
            writes.person_updates.append((person, diff, values, moved_from, household))
        it.outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
        it.changes = changes
        writes.items.append((it, person, household))


class _Pending:
    """Preview stand-in for a household an earlier row of the same file would create."""

    pk = None
    desa_id = ""


_PENDING: Any = _Pending()


@dataclass
class _Writes:
    # Each new record with its {field: [None, value]}, computed once by the plan for the row and the audit entry.
    new_households: list[tuple[Household, dict]] = field(default_factory=list)
    household_updates: list[tuple[Household, dict[str, list]]] = field(default_factory=list)
    new_persons: list[tuple[Person, Household, dict]] = field(default_factory=list)
    # (person, {field: [old, new]}, {field: new value}, household moved from or None, target household)
    person_updates: list[tuple[Person, dict, dict, Household | None, Household]] = field(default_factory=list)
    items: list[tuple[Item, Person, Household]] = field(default_factory=list)

    def apply(self, planner: Planner) -> None:
        from sinergi.registry.operations import address_key

        now = timezone.now()
        audit: list[tuple] = []
        source, actor = planner.source, planner.actor
        villages = planner.villages

        for hh, _created in self.new_households:
            hh.address_key = address_key(hh, villages[hh.desa_id])
        bulk.insert(Household, [hh for hh, _created in self.new_households])
        for hh, created in self.new_households:
            audit.append(entry_row(now, actor=actor, action=Action.CREATE, obj=hh, household_id=hh.pk,
                                   area_code=hh.desa_id, changes=created, source=source))

        if self.household_updates:
            fields: set[str] = {"address_key", "updated_at"}
            for hh, diff in self.household_updates:
                for f, (_old, new) in diff.items():
                    setattr(hh, f, new)
                    fields.add(f)
                hh.address_key = address_key(hh, villages[hh.desa_id])
                hh.updated_at = now
                audit.append(entry_row(now, actor=actor, action=Action.UPDATE, obj=hh, household_id=hh.pk,
                                       area_code=hh.desa_id, changes=diff, source=source))
            Household.objects.bulk_update([hh for hh, _ in self.household_updates], sorted(fields), batch_size=1000)

        persons = []
        for person, hh, _created in self.new_persons:
            person.household = hh
            person.name_key = search_key(person.name)
            persons.append(person)
        bulk.insert(Person, persons)
        bulk.insert(Membership, [bulk.new_instance(Membership, person_id=p.pk, household_id=p.household_id,
                                                      relation=p.relation) for p in persons])
        for p, _hh, created in self.new_persons:
            audit.append(entry_row(now, actor=actor, action=Action.CREATE, obj=p, household_id=p.household_id,
                                   area_code=p.household.desa_id, object_label=p.masked_nik or p.name_key,
                                   changes=created, source=source))

        if self.person_updates:
            fields = {"updated_at"}
            moved = []
            for person, diff, values, moved_from, hh in self.person_updates:
                for f, v in values.items():
                    setattr(person, f, v)
                    fields.add(f)
                if "name" in values:
                    person.name_key = search_key(person.name)
                    fields.add("name_key")
                person.updated_at = now
                label = person.masked_nik or person.name_key
                if moved_from is not None:
                    person.household = hh
                    fields.add("household")
                    moved.append(person)
                    move = {"household": [str(moved_from.pk), str(hh.pk)], "reason": "impor"}
                    for side in (moved_from, hh):
                        audit.append(entry_row(now, actor=actor, action=Action.MOVE, obj=person, household_id=side.pk,
                                               area_code=side.desa_id, object_label=label, changes=move, source=source))
                if diff:
                    audit.append(entry_row(now, actor=actor, action=Action.UPDATE, obj=person, household_id=hh.pk,
                                           area_code=hh.desa_id, object_label=label, changes=diff, source=source))
            Person.objects.bulk_update([u[0] for u in self.person_updates], sorted(fields), batch_size=1000)
            for person, _diff, values, moved_from, _hh in self.person_updates:
                if "relation" in values and moved_from is None:
                    Membership.objects.filter(person=person, left_at__isnull=True).update(relation=person.relation)
            if moved:
                Membership.objects.filter(person__in=moved, left_at__isnull=True).update(
                    left_at=now, left_reason="Pindah KK menurut impor")
                Membership.objects.bulk_create(
                    [Membership(person=p, household=p.household, relation=p.relation) for p in moved])

        bulk.insert_rows(AuditEntry, ENTRY_COLUMNS, audit)
        for it, person, hh in self.items:
            it.person_id = person.pk
            it.household_id = hh.pk if hh is not _PENDING else None

