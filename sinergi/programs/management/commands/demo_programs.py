"""Demo data for the programmes: a local programme, a welfare ranking, two tahap of six programmes with
realistic recipients and targeting errors, the first tahap paid, and the targeting checks run over it.

``sinergi demo-programs [--regency 11.06] [--seed 7]``, after ``sinergi generate`` filled the kabupaten (``make
demo`` runs both). What it adds to the kabupaten/kota:

* the local programme PRO-ABES ("Pro Abes", Aceh Besar's own programme, APBD kabupaten/kota, per household;
  Rp1.200.000 a year is a demo value, not the regulation's) with two stacking rules: not together with BLT
  Dana Desa (BLT-DD gives way), meant to go with PBI-JK;
* the welfare ranking (``welfare.recompute_welfare``) when some household of the kabupaten has none;
* for PKH, SEMBAKO, PBI-JK, PIP, BLT-DD and PRO-ABES: tahap 2026-T1 (January–June, frozen, one payment per
  recipient: most disbursed, a few returned with the reasons payers give) and 2026-T2 (July–December, open: a
  copy of T1 with some recipients taken off and some new ones added);
* the targeting checks (``checks.run_checks``) over the kabupaten.

Recipients follow the desil as real lists do, with their real faults: mostly desil 1–4 (coverage falling with
the desil), a few percent inclusion errors (desil 7 and above, car owners), BLT Dana Desa paid to some PKH
families and Pro Abes to some BLT-DD families (the overlaps the checks must find), and a share of desil-1
families on no list at all (exclusion errors). PKH and PIP components come from the members' ages, disabilities
and the catalogue's rules (``eligibility``).

Seeded (the same data and seed give the same lists), synthetic people only, written set-based (a 20,000-household
kabupaten takes seconds). Idempotent: a programme whose 2026-T1 already exists in the kabupaten is skipped, the
ranking and the checks run only when something is missing, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sinergi.areas.models import Area, Level, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core import bulk
from sinergi.registry.codes import HouseholdStatus
from sinergi.registry.models import Household, Person

from ... import eligibility, operations
from ...models import (
    CheckRun,
    Cycle,
    Distribution,
    DistributionState,
    Enrolment,
    EnrolmentStatus,
    Funding,
    Program,
    StackingRule,
    StackLevel,
    Unit,
)

SOURCE = "demo"
# Ages for the components are taken on the day the open tahap starts (also the generator's reference day).
T1 = ("2026-T1", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
T2 = ("2026-T2", dt.date(2026, 7, 1), dt.date(2026, 12, 31))
PLANNED_ON, PAID_ON = dt.date(2026, 3, 2), dt.date(2026, 3, 16)
PROGRAMS = ["PKH", "SEMBAKO", "PBI-JK", "PIP", "BLT-DD", "PRO-ABES"]

PRO_ABES = {
    "code": "PRO-ABES", "name": "Pro Abes", "funding": Funding.APBD_REGENCY, "unit": Unit.HOUSEHOLD,
    "benefit_per_year": 1_200_000, "max_desil": 3, "order": 70,
    "exclusions": ["asn-tni-polri", "mobil", "meninggal", "pindah"],
    "description": "Bantuan sosial Kabupaten Aceh Besar untuk keluarga miskin. Data demo: nilai manfaat "
                   "Rp100.000 per bulan adalah contoh, bukan ketetapan.",
    "legal_basis": "Contoh untuk demo (Peraturan Bupati tentang bantuan sosial daerah)",
}
STACKING = [
    # program A (gives way when forbidden), program B, allowed, note
    ("BLT-DD", "PRO-ABES", False, "Demo: BLT Dana Desa untuk keluarga miskin yang belum menerima Pro Abes."),
    ("PRO-ABES", "PBI-JK", True, "Demo: penerima Pro Abes didaftarkan sebagai peserta PBI-JK."),
]

# Probability that a household of desil 1..10 is on the list (PIP: a household with pupils; BLT-DD: one that
# has neither PKH nor Sembako). The tail above each programme's desil limit is the inclusion error that lists
# carry when they are updated from old data.
COVERAGE = {
    "PKH": (0.55, 0.45, 0.30, 0.15, 0.04, 0.02, 0.010, 0.005, 0, 0),
    "SEMBAKO": (0.70, 0.60, 0.45, 0.25, 0.06, 0.03, 0.015, 0.010, 0.005, 0),
    "PBI-JK": (0.85, 0.80, 0.70, 0.55, 0.35, 0.08, 0.030, 0.020, 0.010, 0.005),
    "PIP": (0.60, 0.50, 0.40, 0.25, 0.05, 0.02, 0.010, 0, 0, 0),
    "BLT-DD": (0.35, 0.30, 0.20, 0.05, 0.01, 0.005, 0.003, 0, 0, 0),
    "PRO-ABES": (0.10, 0.08, 0.05, 0.01, 0, 0, 0, 0, 0, 0),
}
LEFT_OUT_DESIL_1 = 0.10  # desil-1 families on no list: exclusion errors
BLT_WITH_PKH = 0.04  # PKH families also paid BLT Dana Desa (the village did not check the PKH list)
PRO_ABES_WITH_BLT = 0.05  # BLT-DD families also on Pro Abes
CARS_ON_SEMBAKO = 0.003  # car owners put on Sembako (share of all households)
MINIMUM_PLANTED = 2  # each planted error at least this often, so a small demo kabupaten shows every kind
T2_REMOVED = 0.03
T2_ADDED = 0.03
REMOVAL_REASONS = ["Graduasi: keluarga sudah sejahtera mandiri", "Tidak memenuhi syarat lagi (hasil verifikasi "
                   "lapangan)", "Mengundurkan diri"]
RETURNED = 0.015
RETURN_REASONS = ["Rekening KKS tidak aktif (dormant)", "KPM tidak ditemukan di alamat", "KPM pindah domisili",
                  "KPM meninggal dunia, belum dilaporkan ke Dukcapil", "Kartu KKS hilang, belum diganti"]
CHANNELS = {"PKH": "BSI (Bank Himbara)", "SEMBAKO": "BSI (Bank Himbara)", "PIP": "BSI (rekening SimPel)",
            "BLT-DD": "Tunai melalui kas desa", "PRO-ABES": "Bank Aceh Syariah"}


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _planted(share: float, population: int) -> int:
    return max(MINIMUM_PLANTED, round(share * population)) if population else 0


class Command(BaseCommand):
    help = ("Isi data demo program: program daerah Pro Abes, peringkat kesejahteraan, tahap 2026-T1 (dibekukan, "
            "tersalur) dan 2026-T2 (terbuka) untuk enam program dengan kesalahan sasaran yang realistis, lalu "
            "pemeriksaan sasaran. Jalankan setelah generate; aman dijalankan ulang.")

    def add_arguments(self, parser):
        parser.add_argument("--regency", default="11.06", help="Kode kabupaten/kota (bawaan 11.06, Aceh Besar).")
        parser.add_argument("--seed", type=int, default=7, help="Seed acak (bawaan 7).")

    def handle(self, *args, regency: str, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo tidak dibuat dalam mode production.")
        area = Area.objects.filter(code=regency.strip(), level=Level.REGENCY).first()
        if area is None:
            raise CommandError(f"Kabupaten/kota {regency} belum dimuat (jalankan load-areas).")
        households = Household.objects.filter(subtree_q("desa_id", area.code), status=HouseholdStatus.ACTIVE)
        if not households.exists():
            raise CommandError(f"Belum ada keluarga di {area.code}: jalankan dulu generate --area {area.code}.")

        with transaction.atomic():
            programs = self._catalogue(area)
        if households.filter(welfare__isnull=True).exists():
            from ... import welfare

            ranked = welfare.recompute_welfare(actor=None)
            self.stdout.write(f"Peringkat kesejahteraan: {_number(ranked.get(area.code, 0))} keluarga di "
                              f"{area.code}.")

        missing = [code for code in PROGRAMS
                   if not Cycle.objects.filter(program=programs[code], regency=area, code=T1[0]).exists()]
        if missing:
            with transaction.atomic():
                lists = self._choose(area, programs, random.Random(seed))
                for code in missing:
                    self._programme(area, programs[code], lists, random.Random(f"{seed}:{code}"))
        else:
            self.stdout.write("Tahap demo semua program sudah ada; dilewati.")

        if missing or not CheckRun.objects.filter(regency=area, status="done").exists():
            from ... import checks

            run = checks.run_checks(actor=None, regency=area)
            found = ", ".join(f"{kind} {n}" for kind, n in sorted((run.counts or {}).items()) if n)
            self.stdout.write(f"Pemeriksaan sasaran {area.code}: {found or 'tidak ada temuan'}.")

    # ------------------------------------------------------------------------------------------ catalogue

    def _catalogue(self, area: Area) -> dict[str, Program]:
        """PRO-ABES and its stacking rules, when missing; never overwrites what an admin edited."""
        defaults = dict(PRO_ABES, area=area)
        code = defaults.pop("code")
        pro_abes, created = Program.objects.get_or_create(code=code, defaults=defaults)
        if created:
            record(actor=None, action=Action.CREATE, obj=pro_abes, area_code=area.code, source=SOURCE,
                   changes={"name": pro_abes.name, "benefit_per_year": pro_abes.benefit_per_year})
        programs = {p.code: p for p in Program.objects.filter(code__in=PROGRAMS)}
        unknown = sorted(set(PROGRAMS) - set(programs))
        if unknown:
            raise CommandError(f"Program katalog tidak ditemukan: {', '.join(unknown)} (jalankan migrate).")
        pairs = {frozenset(pair) for pair in StackingRule.objects.values_list("program_a__code", "program_b__code")}
        for a, b, allowed, note in STACKING:
            if frozenset((a, b)) not in pairs:
                rule = StackingRule.objects.create(program_a=programs[a], program_b=programs[b], allowed=allowed,
                                                   level=StackLevel.HOUSEHOLD, note=note)
                record(actor=None, action=Action.CREATE, obj=rule, area_code=area.code, source=SOURCE,
                       changes={"allowed": allowed, "note": note})
        return programs

    # ------------------------------------------------------------------------------------------ recipients

    def _snapshots(self, area: Area) -> dict[int, eligibility.HouseholdSnapshot]:
        """Every active household of the kabupaten as eligibility sees it, in two queries."""
        members: dict[int, list[eligibility.MemberSnapshot]] = defaultdict(list)
        rows = (Person.objects.filter(subtree_q("household__desa_id", area.code))
                .order_by("household_id", "relation", "birth_date", "id")
                .values_list("household_id", "id", "birth_date", "sex", "disability", "status", "occupation"))
        day = T2[1]
        for household_id, pk, born, sex, disability, status, occupation in rows:
            members[household_id].append(eligibility.MemberSnapshot(
                id=pk, age=eligibility.age_on(born, day), sex=sex, disability=disability, status=status,
                occupation=occupation))
        households = (Household.objects.filter(subtree_q("desa_id", area.code), status=HouseholdStatus.ACTIVE)
                      .order_by("pk").values_list("pk", "welfare__desil", "has_car", "has_ac", "land_area_m2"))
        return {pk: eligibility.HouseholdSnapshot(id=pk, desil=desil, has_car=car, has_ac=ac, land_area_m2=land,
                                                  members=tuple(members[pk]))
                for pk, desil, car, ac, land in households}

    def _choose(self, area: Area, programs: dict[str, Program], rng: random.Random) -> dict[str, list[int]]:
        """Every programme's T1 list (household ids), drawn in a fixed order from one seeded generator."""
        self.snapshots = snapshots = self._snapshots(area)
        self.rules = {code: operations.program_rules(programs[code]) for code in PROGRAMS}
        ranked = [h for h in snapshots.values() if h.desil is not None]

        def drawn(code: str, pool) -> list[int]:
            return [h.id for h in pool if rng.random() < COVERAGE[code][h.desil - 1]]

        desil_1 = [h.id for h in ranked if h.desil == 1]
        left_out = set(rng.sample(desil_1, min(len(desil_1), _planted(LEFT_OUT_DESIL_1, len(desil_1)))))
        pool = [h for h in ranked if h.id not in left_out]
        chosen: dict[str, list[int]] = {}

        chosen["PKH"] = drawn("PKH", [h for h in pool if self._qualifies("PKH", h.id)])
        sembako = drawn("SEMBAKO", pool)
        on_sembako = set(sembako)
        cars = sorted((h for h in pool if h.has_car and h.id not in on_sembako), key=lambda h: (h.desil, h.id))
        sembako += [h.id for h in cars[:_planted(CARS_ON_SEMBAKO, len(snapshots))]]
        chosen["SEMBAKO"] = sorted(sembako)
        for code in ("PBI-JK", "PIP"):
            chosen[code] = drawn(code, [h for h in pool if self._qualifies(code, h.id)])
        national = set(chosen["PKH"]) | set(chosen["SEMBAKO"])
        blt = set(drawn("BLT-DD", [h for h in pool if h.id not in national]))
        with_pkh = sorted(set(chosen["PKH"]) - blt)
        blt |= set(rng.sample(with_pkh, min(len(with_pkh), _planted(BLT_WITH_PKH, len(chosen["PKH"])))))
        chosen["BLT-DD"] = sorted(blt)
        pro_abes = set(drawn("PRO-ABES", [h for h in pool if h.id not in blt]))
        pro_abes |= set(rng.sample(chosen["BLT-DD"], min(len(blt), _planted(PRO_ABES_WITH_BLT, len(blt)))))
        chosen["PRO-ABES"] = sorted(pro_abes)
        self.left_out = left_out
        return chosen

    def _persons(self, code: str, household_id: int) -> list[int]:
        """The members a person programme enrols: every active member (PBI-JK), the pupils (PIP)."""
        members = self.snapshots[household_id].members
        if code == "PIP":
            return [m.id for m in members if eligibility.qualifying_components(self.rules["PIP"], m)]
        return [m.id for m in members if m.active]

    def _qualifies(self, code: str, household_id: int) -> bool:
        """Whether the household has anyone the programme could pay: PKH needs a component, PIP a pupil."""
        if code == "PKH":
            return bool(eligibility.paid_components(self.rules["PKH"], self.snapshots[household_id]))
        if code in ("PBI-JK", "PIP"):
            return bool(self._persons(code, household_id))
        return True

    # --------------------------------------------------------------------------------------------- writing

    def _enrolments(self, cycle: Cycle, program: Program, household_ids: list[int]) -> int:
        """The households (household programme) or their members (person programme) on the list, set-based,
        with one audit entry for the lot."""
        rules = self.rules[program.code]
        rows = []
        for pk in household_ids:
            snapshot = self.snapshots[pk]
            for person_id in self._persons(program.code, pk) if program.per_person else [None]:
                components = eligibility.paid_components(rules, snapshot, person_id)
                rows.append(Enrolment(cycle=cycle, program=program, household_id=pk, person_id=person_id,
                                      components=components, annual_amount=eligibility.amount_for(rules, components),
                                      source=SOURCE))
        bulk.insert(Enrolment, rows, batch_size=2000)
        record(actor=None, action=Action.CREATE, object_type="programs.enrolment", object_id=f"{len(rows)} rows",
               object_label=str(cycle), area_code=cycle.regency_id, source=SOURCE,
               changes={"cycle": cycle.code, "program": program.code, "recipients": len(rows)})
        return len(rows)

    def _programme(self, area: Area, program: Program, lists: dict[str, list[int]], rng: random.Random) -> None:
        """T1 written, frozen and paid; T2 opened as its copy, then a few recipients off and a few on."""
        code = program.code
        t1 = operations.create_cycle(actor=None, program=program, regency=area, code=T1[0], starts_on=T1[1],
                                     ends_on=T1[2], name=f"{code} tahap 1 2026")
        households = lists[code]
        enrolled = self._enrolments(t1, program, households)
        operations.freeze_cycle(actor=None, cycle=t1)
        paid = returned = 0
        if code in CHANNELS:  # PBI-JK's premium goes to BPJS Kesehatan, not to the family: no payments here
            paid = operations.plan_distributions(actor=None, cycle=t1, planned_on=PLANNED_ON, channel=CHANNELS[code])
            ids = sorted(Distribution.objects.filter(enrolment__cycle=t1, state=DistributionState.PLANNED)
                         .values_list("pk", flat=True))
            came_back = sorted(rng.sample(ids, min(len(ids), round(RETURNED * len(ids)))))
            for pk in came_back:
                operations.record_returned(actor=None, distribution=Distribution(pk=pk),
                                           reason=rng.choice(RETURN_REASONS))
            returned = len(came_back)
            # The ids, not a queryset: record_disbursed nests a queryset twice, which PostgreSQL planned as a
            # nested loop that ran for minutes on a freshly filled table.
            operations.record_disbursed(actor=None, distributions=sorted(set(ids) - set(came_back)),
                                        disbursed_on=PAID_ON, reference=f"{code}-{T1[0]}")

        t2 = operations.create_cycle(actor=None, program=program, regency=area, code=T2[0], starts_on=T2[1],
                                     ends_on=T2[2], name=f"{code} tahap 2 2026", copy_from=t1)
        active = sorted(t2.enrolments.filter(status=EnrolmentStatus.ACTIVE).values_list("pk", flat=True))
        leaving = rng.sample(active, min(len(active), round(T2_REMOVED * len(active))))
        removed = 0
        for index, reason in enumerate(REMOVAL_REASONS):
            removed += operations.remove_enrolments(actor=None, cycle=t2, enrolment_ids=leaving[index::3],
                                                    reason=reason)
        # Newly registered poor families join the open list (never the planted left-out ones).
        on_list = set(households)
        newcomers = [h.id for h in self.snapshots.values()
                     if h.desil is not None and h.desil <= 2 and h.id not in on_list and h.id not in self.left_out
                     and self._qualifies(code, h.id)]
        joining = sorted(rng.sample(newcomers, min(len(newcomers), round(T2_ADDED * len(households)))))
        added = self._enrolments(t2, program, joining)
        self.stdout.write(f"{code}: {T1[0]} {_number(enrolled)} penerima (dibekukan; {_number(paid)} penyaluran, "
                          f"{_number(returned)} dikembalikan), {T2[0]} terbuka: {_number(removed)} dikeluarkan, "
                          f"{_number(added)} ditambahkan.")

