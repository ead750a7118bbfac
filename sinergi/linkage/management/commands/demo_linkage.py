"""Demo data for record linkage: realistic duplicates planted in the generated registry, and one full run so the
review queue has something to review.

``sinergi demo-linkage [--regency 11.06] [--seed 11]``, after ``sinergi generate`` filled the kabupaten (``make
demo`` runs both). Through the registry's own operations (so each planted record has its history), about 150
records:

* **the same person again** (``tanpa-nik``): re-registered as the head of a new household in the same kecamatan,
  without NIK, as an operator would who did not find the first record;
* **a NIK typo** (``salah-ketik-nik``): the same person with one digit of the NIK's serial mistyped;
* **another spelling** (``ejaan``): Muhammad written Muh./M./Mohd., a title added (H., Hj., Teuku, Cut), or the
  old spelling (Joesoef, Djamal), without NIK;
* **a heaped birth date** (``tanggal-asal``): 1 January of the same year, as when only the year was known (in
  the same desa);
* **a newborn** (``bayi``): "BY NY <mother>" in the household of a child under two, the record from before the
  baby was named;

and hard negatives the queue must not present as one person: **twins** (``kembar``: same household, same birth
date, another name, the NIK one serial apart) and **father and son with the same name** (``ayah-anak``).

Seeded: the same registry and seed plant the same records. Idempotent: a kabupaten whose records were planted
already (the audit log knows the source ``demo-linkage``) gets nothing new, and the run is made only when the
kabupaten has no finished run.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sinergi.areas.models import Area, Level
from sinergi.audit.models import AuditEntry
from sinergi.core.nik import make_nik, parse_nik
from sinergi.linkage import operations
from sinergi.linkage.models import CandidatePair, PairState
from sinergi.linkage.records import persons_of
from sinergi.registry import operations as registry
from sinergi.registry.models import Household, Person

SOURCE = "demo-linkage"
TODAY = dt.date(2026, 7, 1)
# kind -> how many; the positives are one person twice, the negatives two people.
PLAN = {
    "tanpa-nik": 45,
    "salah-ketik-nik": 25,
    "ejaan": 30,
    "tanggal-asal": 20,
    "bayi": 12,
    "kembar": 10,
    "ayah-anak": 10,
}
NEGATIVE = {"kembar", "ayah-anak"}
MUHAMMAD = ("MUHAMMAD", "MUHAMAD", "MOHAMMAD")
MUHAMMAD_SHORT = ["MUH.", "M.", "MOHD.", "MHD"]
OLD_SPELLING = [("U", "OE"), ("J", "DJ"), ("C", "TJ"), ("Y", "J")]
TWIN_NAMES = {
    "L": ["HASAN", "HUSEIN", "FAJAR", "RIZKI", "ILHAM"],
    "P": ["NAILA", "NAURA", "ZAHRA", "AULIA", "DINDA"],
}


def _age(born: dt.date | None) -> int:
    if born is None:
        return -1
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


def _valid(nik: str) -> bool:
    try:
        parse_nik(nik)
    except ValueError:
        return False
    return True


def spelling_variant(name: str, sex: str, rng: random.Random) -> str | None:
    """Another way the same name is written: Muhammad abbreviated, a title, or the old spelling."""
    words = name.upper().split()
    if not words:
        return None
    if words[0].rstrip(".") in MUHAMMAD and len(words) > 1:
        return " ".join([rng.choice(MUHAMMAD_SHORT), *words[1:]])
    choice = rng.random()
    if choice < 0.4:
        title = rng.choice(["H.", "TEUKU"] if sex == "L" else ["HJ.", "CUT"])
        if words[0].rstrip(".") in ("H", "HJ", "TEUKU", "CUT", "T", "TGK"):
            return None
        return " ".join([title, *words])
    for modern, old in rng.sample(OLD_SPELLING, len(OLD_SPELLING)):
        for i, word in enumerate(words):
            if modern in word[1:] or (modern != "Y" and word.startswith(modern)):
                changed = list(words)
                changed[i] = word.replace(modern, old, 1)
                return " ".join(changed)
    return None


class Command(BaseCommand):
    help = "Tanam catatan ganda yang realistis di registri hasil generate dan jalankan satu pencocokan penuh."

    def add_arguments(self, parser):
        parser.add_argument("--regency", default="11.06", help="kode kabupaten/kota (bawaan 11.06)")
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **opts):
        regency = Area.objects.filter(code=opts["regency"], level=Level.REGENCY).first()
        if regency is None:
            raise CommandError(
                f"Kabupaten/kota {opts['regency']} tidak ada (jalankan sinergi load-areas dulu)."
            )
        if not persons_of(regency.code).exists():
            raise CommandError(f"Registri {regency.name} kosong: jalankan sinergi generate dulu.")
        planted_before = AuditEntry.objects.filter(source=SOURCE, area_code__startswith=f"{regency.code}.")
        if planted_before.exists():
            self.stdout.write(
                f"{regency.name}: catatan ganda sudah ditanam sebelumnya; tidak ada yang ditambah."
            )
            planted: dict[str, list[tuple[int, int]]] = {}
        else:
            planted = self._plant(regency, random.Random(opts["seed"]))
            counts = ", ".join(f"{kind} {len(pairs)}" for kind, pairs in planted.items())
            self.stdout.write(
                f"{regency.name}: {sum(len(p) for p in planted.values())} catatan ditanam ({counts})."
            )
        if operations.last_done_run(regency.code) is not None:
            self.stdout.write("Sudah ada pencocokan yang selesai; tidak dijalankan lagi.")
            return
        started = time.perf_counter()
        run = operations.start_link_run(actor=None, regency=regency, incremental=False, enqueue=False)
        run = operations.execute_run(run)
        self.stdout.write(
            f"Pencocokan #{run.pk}: {run.state}, {run.records:,} catatan, {run.pairs_queued:,} "
            f"pasangan masuk antrean ({time.perf_counter() - started:.0f} dtk)."
        )
        if planted:
            self._report(planted)

    # ------------------------------------------------------------------------------------------ planting

    def _plant(self, regency: Area, rng: random.Random) -> dict[str, list[tuple[int, int]]]:
        people = list(persons_of(regency.code).select_related("household").order_by("pk"))
        households = {h.pk: h for h in Household.objects.filter(pk__in={p.household_id for p in people})}
        by_household: dict[int, list[Person]] = defaultdict(list)
        for person in people:
            person.household = households[person.household_id]
            by_household[person.household_id].append(person)
        desa_by_kecamatan: dict[str, list[Area]] = defaultdict(list)
        for desa in Area.objects.filter(code__startswith=f"{regency.code}.", level=Level.VILLAGE).order_by(
            "code"
        ):
            desa_by_kecamatan[desa.parent_id].append(desa)
        adults = [p for p in people if _age(p.birth_date) >= 17 and p.nik and _valid(p.nik)]
        rng.shuffle(adults)
        used: set[int] = set()
        taken_niks = set(
            Person.objects.filter(nik__startswith=regency.code.replace(".", "")).values_list("nik", flat=True)
        )
        planted: dict[str, list[tuple[int, int]]] = {kind: [] for kind in PLAN}

        def pick(condition):
            for person in adults:
                if person.pk not in used and condition(person):
                    used.add(person.pk)
                    return person
            return None

        def elsewhere(person: Person) -> Area:
            desa = person.household.desa_id
            siblings = desa_by_kecamatan[desa.rsplit(".", 1)[0]] or [person.household.desa]
            return rng.choice(siblings)

        def new_household(desa: Area, like: Household) -> Household:
            return registry.create_household(
                actor=None, desa=desa, no_kk="", address=like.address, rt=like.rt, rw=like.rw, source=SOURCE
            )

        def again(person: Person, **fields) -> Person:
            values = {
                "name": person.name,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "birth_place": person.birth_place,
                "relation": "1",
                **fields,
            }
            household = fields.pop("household", None) or new_household(elsewhere(person), person.household)
            values.pop("household", None)
            return registry.add_person(actor=None, household=household, source=SOURCE, **values)

        with transaction.atomic():
            for _ in range(PLAN["tanpa-nik"]):
                person = pick(lambda p: True)
                if person:
                    planted["tanpa-nik"].append((person.pk, again(person).pk))
            for _ in range(PLAN["salah-ketik-nik"]):
                person = pick(lambda p: True)
                if person is None:
                    continue
                for _attempt in range(10):
                    position = rng.randrange(12, 16)
                    digit = str((int(person.nik[position]) + rng.randrange(1, 10)) % 10)
                    typo = person.nik[:position] + digit + person.nik[position + 1 :]
                    if typo not in taken_niks and _valid(typo):
                        taken_niks.add(typo)
                        household = new_household(person.household.desa, person.household)
                        planted["salah-ketik-nik"].append(
                            (person.pk, again(person, nik=typo, household=household).pk)
                        )
                        break
            for _ in range(PLAN["ejaan"]):
                person = pick(lambda p: spelling_variant(p.name, p.sex, random.Random(p.pk)) is not None)
                if person:
                    name = spelling_variant(person.name, person.sex, random.Random(person.pk))
                    planted["ejaan"].append((person.pk, again(person, name=name).pk))
            for _ in range(PLAN["tanggal-asal"]):
                person = pick(lambda p: (p.birth_date.month, p.birth_date.day) != (1, 1))
                if person:
                    # In the same desa: with a heaped date only the name and the year agree, and the engine
                    # proposes such pairs within a desa (across desa it needs the same birth date).
                    heaped = dt.date(person.birth_date.year, 1, 1)
                    household = new_household(person.household.desa, person.household)
                    planted["tanggal-asal"].append(
                        (person.pk, again(person, birth_date=heaped, household=household).pk)
                    )
            self._newborns(people, by_household, used, rng, planted)
            self._twins_and_namesakes(people, by_household, used, rng, planted, taken_niks)
        return {kind: pairs for kind, pairs in planted.items() if pairs}

    def _newborns(self, people, by_household, used, rng, planted) -> None:
        babies = [p for p in people if 0 <= _age(p.birth_date) < 2 and p.pk not in used]
        rng.shuffle(babies)
        for baby in babies:
            if len(planted["bayi"]) >= PLAN["bayi"]:
                return
            mothers = [
                m for m in by_household[baby.household_id] if m.sex == "P" and m.relation in ("1", "2", "3")
            ]
            if not mothers:
                continue
            used.add(baby.pk)
            record = registry.add_person(
                actor=None,
                household=baby.household,
                source=SOURCE,
                name=f"BY NY {mothers[0].name.upper()}",
                sex=baby.sex,
                birth_date=baby.birth_date,
                birth_place=baby.birth_place,
                relation="4",
            )
            planted["bayi"].append((baby.pk, record.pk))

    def _twins_and_namesakes(self, people, by_household, used, rng, planted, taken_niks) -> None:
        children = [
            p
            for p in people
            if 3 <= _age(p.birth_date) < 15
            and p.nik
            and _valid(p.nik)
            and p.pk not in used
            and p.relation == "4"
        ]
        rng.shuffle(children)
        for child in children:
            if len(planted["kembar"]) >= PLAN["kembar"]:
                break
            serial = int(child.nik[12:])
            twin_nik = child.nik[:12] + f"{serial + 1:04d}"
            if twin_nik in taken_niks or not _valid(twin_nik):
                continue
            taken_niks.add(twin_nik)
            used.add(child.pk)
            given = rng.choice([n for n in TWIN_NAMES[child.sex] if n not in child.name.upper()])
            surname = child.name.upper().split()[-1:] if len(child.name.split()) > 1 else []
            twin = registry.add_person(
                actor=None,
                household=child.household,
                source=SOURCE,
                nik=twin_nik,
                name=" ".join([given, *surname]),
                sex=child.sex,
                birth_date=child.birth_date,
                birth_place=child.birth_place,
                relation="4",
            )
            planted["kembar"].append((child.pk, twin.pk))
        fathers = [
            p
            for p in people
            if p.relation == "1"
            and p.sex == "L"
            and 45 <= _age(p.birth_date) <= 70
            and p.nik
            and _valid(p.nik)
            and p.pk not in used
        ]
        rng.shuffle(fathers)
        for father in fathers:
            if len(planted["ayah-anak"]) >= PLAN["ayah-anak"]:
                break
            born = dt.date(
                father.birth_date.year + rng.randrange(22, 30), rng.randrange(1, 13), rng.randrange(1, 29)
            )
            kecamatan = father.household.desa_id.rsplit(".", 1)[0]
            for serial in range(1, 60):
                son_nik = make_nik(kecamatan_code=kecamatan, birth_date=born, sex="L", serial=serial)
                if son_nik not in taken_niks:
                    break
            taken_niks.add(son_nik)
            used.add(father.pk)
            son = registry.add_person(
                actor=None,
                household=father.household,
                source=SOURCE,
                nik=son_nik,
                name=father.name,
                sex="L",
                birth_date=born,
                birth_place=father.birth_place,
                relation="4",
            )
            planted["ayah-anak"].append((father.pk, son.pk))

    # -------------------------------------------------------------------------------------------- report

    def _report(self, planted: dict[str, list[tuple[int, int]]]) -> None:
        """How the queue treats the planted records: duplicates should be in it, hard negatives low in it."""
        wanted = {tuple(sorted(pair)): kind for kind, pairs in planted.items() for pair in pairs}
        found = {
            (a, b): p
            for a, b, p in CandidatePair.objects.filter(state=PairState.PENDING).values_list(
                "person_a_id", "person_b_id", "probability"
            )
            if (a, b) in wanted
        }
        queued, confident = Counter(), Counter()
        for pair, kind in wanted.items():
            if pair in found:
                queued[kind] += 1
                confident[kind] += found[pair] >= 0.5
        for kind, pairs in planted.items():
            what = "dua orang berbeda" if kind in NEGATIVE else "orang yang sama"
            self.stdout.write(
                f"  {kind} ({what}): {queued[kind]} dari {len(pairs)} di antrean, {confident[kind]} "
                "dengan peluang ≥ 0,5"
            )
