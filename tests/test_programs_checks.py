"""The targeting checks on a planted world: every kind finds its planted cases (recall 100 %), clean households get
no finding at all, and re-runs keep decisions (dismissed stays dismissed, fixed becomes resolved, twice is once).

The world: Aceh Besar (11.06) with the national programmes seeded after migrate and a local one, current cycles
(an older cycle and an inactive programme to ignore), welfare scores written directly, and Indramayu (32.12) as
the other kabupaten of the installation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.areas.models import Area
from sinergi.audit.models import AuditEntry
from sinergi.core.jobs import progress_of, request_cancel
from sinergi.core.nik import make_kk, make_nik
from sinergi.programs import checks
from sinergi.programs.models import (
    CheckRun,
    Cycle,
    Enrolment,
    EnrolmentStatus,
    Finding,
    FindingKind,
    FindingState,
    PmtModel,
    Program,
    StackingRule,
    WelfareScore,
)
from sinergi.registry.models import Household, Person
from tests.conftest import make_household

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])

TODAY = dt.date(2026, 6, 1)
_serials = itertools.count(200)


@dataclass
class Planted:
    """The planted world: households by name, the persons that matter, and the findings a run must produce."""

    regency: Area
    other_regency: Area
    programs: dict[str, Program]
    cycles: dict[str, Cycle]
    households: dict[str, Household] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    expected: set[tuple[str, int, int | None, str]] = field(default_factory=set)
    clean: list[Household] = field(default_factory=list)

    def expect(self, kind: str, household: str, program: str = "", person: str | None = None) -> None:
        self.expected.add((kind, self.households[household].pk,
                           self.persons[person].pk if person else None, program))


def nik_for(kec: str = "11.06.07", born: dt.date = dt.date(1985, 3, 3), sex: str = "L") -> str:
    return make_nik(kecamatan_code=kec, birth_date=born, sex=sex, serial=next(_serials))


def family(desa, *members: dict, kec: str | None = None, **household_fields) -> tuple[Household, list[Person]]:
    """A household with members given as dicts (name, sex, born, relation, occupation, disability, status)."""
    kec = kec or desa.code.rsplit(".", 1)[0]
    rows = []
    for number, m in enumerate(members):
        born = m.get("born", dt.date(1985, 3, 3))
        sex = m.get("sex", "L")
        rows.append({"nik": m.get("nik") or nik_for(kec, born, sex), "name": m.get("name", f"Warga {number}"),
                     "sex": sex, "birth_date": born, "relation": m.get("relation", "1" if number == 0 else "4"),
                     "occupation": m.get("occupation", "Petani/pekebun"), "disability": m.get("disability", "")})
    household, people = make_household(desa, no_kk=make_kk(kecamatan_code=kec, issued=dt.date(2016, 5, 5),
                                                           serial=next(_serials)),
                                       address="Dusun Uji", members=rows)
    for person, m in zip(people, members, strict=True):
        if m.get("status"):
            Person.objects.filter(pk=person.pk).update(status=m["status"])
    if household_fields:
        Household.objects.filter(pk=household.pk).update(**household_fields)
    return household, people


def rank(household: Household, desil: int) -> None:
    model = PmtModel.objects.get_or_create(version="uji-checks", defaults={"name": "Model uji", "active": False})[0]
    WelfareScore.objects.create(household=household, model=model, score=float(desil), desil=desil,
                                desil_province=desil, computed_at=timezone.now())


def cycle(program: Program, regency: str, code: str = "2026-T1", starts: dt.date = dt.date(2026, 1, 1)) -> Cycle:
    return Cycle.objects.create(program=program, regency_id=regency, code=code, starts_on=starts,
                                ends_on=starts + dt.timedelta(days=89))


def enrol(cycle: Cycle, household: Household, person: Person | None = None, amount: int | None = None) -> Enrolment:
    return Enrolment.objects.create(cycle=cycle, program=cycle.program, household=household, person=person,
                                    annual_amount=1_000_000 if amount is None else amount, source="uji")


def plant(world) -> Planted:
    """Build the planted world on top of the conftest ``world``; returns what a run over 11.06 must find."""
    programs = {p.code: p for p in Program.objects.filter(code__in=["PKH", "SEMBAKO", "PBI-JK", "BLT-DD", "PIP",
                                                                    "ATENSI-YAPI"])}
    programs["PRO-ABES"] = Program.objects.create(
        code="PRO-ABES", name="Pro Aceh Besar", funding="apbd-kabkota", unit="keluarga", area_id="11.06",
        benefit_per_year=1_200_000, max_desil=4,
        exclusions=["asn-tni-polri", "mobil", "ac", "lahan-luas", "meninggal", "pindah"])
    programs["LAMA"] = Program.objects.create(code="LAMA", name="Program lama", funding="apbn", unit="keluarga",
                                              max_desil=1, active=False)
    StackingRule.objects.create(program_a=programs["ATENSI-YAPI"], program_b=programs["PIP"], allowed=False,
                                level="jiwa", note="Uji: satu anak satu bantuan pendidikan.")
    cycles = {code: cycle(p, "11.06") for code, p in programs.items()}
    old_pkh = cycle(programs["PKH"], "11.06", code="2025-T4", starts=dt.date(2025, 10, 1))
    abroad_pbi = cycle(programs["PBI-JK"], "32.12")
    w = Planted(regency=Area.objects.get(code="11.06"), other_regency=Area.objects.get(code="32.12"),
                programs=programs, cycles=cycles)
    h, p = w.households, w.persons
    x, y, far = world.desa_x, world.desa_y, world.desa_other_kec

    def clean(name: str, household: Household) -> None:
        h[name] = household
        w.clean.append(household)

    # ---- clean households: poor, enrolled in allowed combinations, no assets, alive, no civil servant
    c1, c1p = family(x, {"name": "Bukhari"}, {"name": "Ainsyah", "sex": "P", "relation": "3",
                                              "occupation": "Mengurus rumah tangga"},
                     {"name": "Rizki", "born": dt.date(2015, 1, 1), "occupation": "Pelajar/mahasiswa"})
    rank(c1, 1), enrol(cycles["PKH"], c1, amount=900_000), enrol(cycles["SEMBAKO"], c1, amount=2_400_000)
    clean("c1", c1)
    c2, c2p = family(x, {"name": "Mahyuddin", "occupation": "Guru"}, {"name": "Nurul", "sex": "P", "relation": "3",
                                                                      "occupation": "Guru honorer"})
    rank(c2, 2), enrol(cycles["PKH"], c2), enrol(cycles["PBI-JK"], c2, c2p[0]), enrol(cycles["PBI-JK"], c2, c2p[1])
    clean("c2", c2)
    c3, _ = family(x, {"name": "Jamaluddin"}, land_area_m2=4999, has_motorcycle=True, has_land=True)
    rank(c3, 3), enrol(cycles["SEMBAKO"], c3), enrol(cycles["PRO-ABES"], c3)
    clean("c3", c3)
    c4, _ = family(y, {"name": "Hasanah", "sex": "P", "disability": "netra"})
    rank(c4, 3), enrol(cycles["BLT-DD"], c4)
    clean("c4", c4)
    c5, _ = family(far, {"name": "Usman Lansia", "born": dt.date(1940, 1, 1)})
    rank(c5, 4), enrol(cycles["PKH"], c5)
    clean("c5", c5)
    c6, _ = family(x, {"name": "Fauzan", "disability": "fisik"})
    rank(c6, 5)  # receives nothing, but desil 5: neither poor nor a PPKS within the desil limit
    clean("c6", c6)
    c7, _ = family(x, {"name": "Safrizal"}, {"name": "Maryam", "sex": "P", "relation": "3"})  # unranked, no PPKS
    clean("c7", c7)
    c8, _ = family(x, {"name": "Ismail", "occupation": "POLRI", "status": "meninggal"},
                   {"name": "Halimah", "sex": "P", "relation": "3"},
                   {"name": "Anwar", "occupation": "TNI", "status": "pindah"})
    rank(c8, 2), enrol(cycles["SEMBAKO"], c8)  # the officers are deceased or gone; the widow still lives there
    clean("c8", c8)
    c9, c9p = family(x, {"name": "Yusri"}, {"name": "Anak Satu", "born": dt.date(2014, 2, 2)},
                     {"name": "Anak Dua", "born": dt.date(2012, 2, 2)})
    rank(c9, 2), enrol(cycles["PIP"], c9, c9p[1]), enrol(cycles["ATENSI-YAPI"], c9, c9p[2])
    clean("c9", c9)
    c10, _ = family(x, {"name": "Pindahan"}, status="pindah")
    rank(c10, 1)  # desil 1 but moved away: not an exclusion error here
    clean("c10", c10)
    c11, _ = family(x, {"name": "Kaya Dulu"}, has_car=True)
    rank(c11, 9), enrol(old_pkh, c11)  # only in last tahap's list: not current
    clean("c11", c11)
    c12, _ = family(x, {"name": "Program Lama"})
    rank(c12, 9), enrol(cycles["LAMA"], c12)  # an inactive programme's list is not checked
    clean("c12", c12)
    clean("home", world.home)
    clean("far", world.far)

    # ---- planted cases, one or more per kind
    h["o1"], _ = family(x, {"name": "Dua Bantuan"})
    rank(h["o1"], 2), enrol(cycles["BLT-DD"], h["o1"], amount=3_600_000), enrol(cycles["PKH"], h["o1"])
    w.expect(FindingKind.OVERLAP, "o1", "BLT-DD")
    h["o2"], o2p = family(x, {"name": "Ayah O2"}, {"name": "Anak Yatim", "born": dt.date(2013, 3, 3)})
    p["o2child"] = o2p[1]
    rank(h["o2"], 2), enrol(cycles["ATENSI-YAPI"], h["o2"], o2p[1]), enrol(cycles["PIP"], h["o2"], o2p[1])
    w.expect(FindingKind.OVERLAP, "o2", "ATENSI-YAPI", "o2child")

    shared_person_nik = nik_for(born=dt.date(1990, 4, 4))
    h["g1"], g1p = family(x, {"name": "Rahmah", "nik": shared_person_nik, "sex": "P", "born": dt.date(1990, 4, 4)})
    h["g2"], g2p = family(y, {"name": "Rahmah Ganda", "nik": shared_person_nik, "sex": "P",
                              "born": dt.date(1990, 4, 4)})
    p["g2person"] = g2p[0]
    rank(h["g1"], 2), rank(h["g2"], 2)
    enrol(cycles["PBI-JK"], h["g1"], g1p[0]), enrol(cycles["PBI-JK"], h["g2"], g2p[0])
    w.expect(FindingKind.DUPLICATE, "g2", "PBI-JK", "g2person")
    shared_member_nik = nik_for(born=dt.date(1977, 7, 7))
    h["g3"], _ = family(x, {"name": "Kepala G3"}, {"name": "Zainal", "nik": shared_member_nik,
                                                  "born": dt.date(1977, 7, 7), "relation": "7"})
    h["g4"], _ = family(y, {"name": "Zainal", "nik": shared_member_nik, "born": dt.date(1977, 7, 7)})
    rank(h["g3"], 2), rank(h["g4"], 2), enrol(cycles["SEMBAKO"], h["g3"]), enrol(cycles["SEMBAKO"], h["g4"])
    w.expect(FindingKind.DUPLICATE, "g4", "SEMBAKO")

    cross_nik = nik_for(born=dt.date(1982, 8, 8))
    h["l1"], l1p = family(x, {"name": "Perantau", "nik": cross_nik, "born": dt.date(1982, 8, 8)})
    p["l1person"] = l1p[0]
    rank(h["l1"], 2), enrol(cycles["PKH"], h["l1"], amount=2_000_000)
    w.expect(FindingKind.CROSS_REGENCY, "l1", "PKH", "l1person")
    h["l1_abroad"], l1a = family(world.desa_other_kab, {"name": "Perantau", "nik": cross_nik,
                                                        "born": dt.date(1982, 8, 8)})
    enrol(abroad_pbi, h["l1_abroad"], l1a[0], amount=504_000)

    h["a1"], _ = family(x, {"name": "Punya Mobil"}, has_car=True)
    rank(h["a1"], 3), enrol(cycles["PKH"], h["a1"])
    w.expect(FindingKind.INCLUSION_ASSET, "a1", "PKH")
    h["a2"], _ = family(x, {"name": "Punya AC"}, has_ac=True)
    rank(h["a2"], 3), enrol(cycles["PRO-ABES"], h["a2"]), enrol(cycles["SEMBAKO"], h["a2"])  # Sembako allows AC
    w.expect(FindingKind.INCLUSION_ASSET, "a2", "PRO-ABES")
    h["a3"], _ = family(x, {"name": "Tuan Tanah"}, has_land=True, land_area_m2=6000)
    rank(h["a3"], 3), enrol(cycles["PRO-ABES"], h["a3"]), enrol(cycles["SEMBAKO"], h["a3"])
    w.expect(FindingKind.INCLUSION_ASSET, "a3", "PRO-ABES")

    h["d1"], _ = family(x, {"name": "Desil Tinggi"})
    rank(h["d1"], 7), enrol(cycles["PKH"], h["d1"])
    w.expect(FindingKind.INCLUSION_DESIL, "d1", "PKH")

    h["m1"], m1p = family(x, {"name": "Masih Hidup"}, {"name": "Almarhum", "relation": "7", "status": "meninggal"})
    p["m1dead"] = m1p[1]
    rank(h["m1"], 2), enrol(cycles["PBI-JK"], h["m1"], m1p[1])
    w.expect(FindingKind.INCLUSION_DECEASED, "m1", "PBI-JK", "m1dead")
    h["m2"], _ = family(x, {"name": "Almarhum Kepala", "status": "meninggal"},
                        {"name": "Almarhumah", "sex": "P", "relation": "3", "status": "meninggal"})
    rank(h["m2"], 2), enrol(cycles["SEMBAKO"], h["m2"])
    w.expect(FindingKind.INCLUSION_DECEASED, "m2", "SEMBAKO")

    h["p1"], p1p = family(x, {"name": "Tinggal"}, {"name": "Merantau", "relation": "4", "status": "pindah"})
    p["p1moved"] = p1p[1]
    rank(h["p1"], 2), enrol(cycles["PBI-JK"], h["p1"], p1p[1])
    w.expect(FindingKind.INCLUSION_MOVED, "p1", "PBI-JK", "p1moved")
    h["p2"], _ = family(x, {"name": "Keluarga Pindah"}, status="pindah")
    rank(h["p2"], 2), enrol(cycles["PKH"], h["p2"])
    w.expect(FindingKind.INCLUSION_MOVED, "p2", "PKH")

    for name, job, program in (("j1", "Pegawai negeri sipil", "SEMBAKO"), ("j2", "POLRI", "BLT-DD"),
                               ("j3", "Anggota TNI AD", "PKH"), ("j4", "PNS", "PRO-ABES")):
        h[name], _ = family(x, {"name": f"Kepala {name}"}, {"name": f"Abdi {name}", "relation": "4",
                                                            "occupation": job})
        rank(h[name], 3), enrol(cycles[program], h[name])
        w.expect(FindingKind.INCLUSION_OCCUPATION, name, program)

    h["e1"], _ = family(far, {"name": "Miskin Terlewat"}, {"name": "Istri", "sex": "P", "relation": "3"})
    rank(h["e1"], 1)
    w.expect(FindingKind.EXCLUSION_POOR, "e1")
    h["e2"], _ = family(x, {"name": "Nenek Sendiri", "sex": "P", "born": dt.date(1950, 1, 1)})
    rank(h["e2"], 4)
    w.expect(FindingKind.EXCLUSION_PPKS, "e2")
    h["e3"], _ = family(y, {"name": "Kepala E3"}, {"name": "Anak Disabilitas", "disability": "intelektual",
                                                  "born": dt.date(2010, 1, 1)})  # not ranked yet
    w.expect(FindingKind.EXCLUSION_PPKS, "e3")
    h["e4"], _ = family(x, {"name": "Kakek Sendiri", "born": dt.date(1944, 1, 1)})
    rank(h["e4"], 2)
    w.expect(FindingKind.EXCLUSION_POOR, "e4")
    w.expect(FindingKind.EXCLUSION_PPKS, "e4")
    h["neighbour"] = world.neighbour  # Nurhayati, born 1960, alone, not ranked, receiving nothing
    w.expect(FindingKind.EXCLUSION_PPKS, "neighbour")
    return w


def found(regency: str = "11.06") -> set[tuple[str, int, int | None, str]]:
    return {(f.kind, f.household_id, f.person_id, f.program.code if f.program else "")
            for f in Finding.objects.filter(key__startswith=f"{regency}:").select_related("program")}


def run(planted: Planted, actor=None, **kwargs) -> CheckRun:
    return checks.run_checks(actor=actor, regency=planted.regency, today=TODAY, **kwargs)


@pytest.fixture
def planted(world):
    return plant(world)


def _by_kind(items) -> dict[str, set]:
    out: dict[str, set] = {}
    for item in items:
        out.setdefault(item[0], set()).add(item)
    return out


def test_every_planted_case_is_found_and_nothing_else(planted):
    result = run(planted)
    got = found()
    missing, extra = _by_kind(planted.expected - got), _by_kind(got - planted.expected)
    assert not missing, f"not found (recall < 100 %): {missing}"
    assert not extra, f"found but not planted: {extra}"
    assert {item[0] for item in planted.expected} == set(FindingKind.values), "a kind has no planted case"
    assert result.status == checks.RUN_DONE and result.finished_at is not None
    assert result.counts == {kind: len(_by_kind(planted.expected).get(kind, ())) for kind in FindingKind.values}
    assert not Finding.objects.filter(household__in=planted.clean).exists()


def test_findings_carry_desa_amount_and_evidence(planted):
    run(planted)
    h, p = planted.households, planted.persons
    overlap = Finding.objects.get(kind=FindingKind.OVERLAP, household=h["o1"])
    assert overlap.desa_id == h["o1"].desa_id and overlap.state == FindingState.OPEN
    assert overlap.amount_at_stake == 3_600_000  # BLT Dana Desa yields to PKH
    assert overlap.evidence["program"] == "BLT-DD" and overlap.evidence["other_program"] == "PKH"
    assert overlap.evidence["note"].startswith("BLT Dana Desa")
    assert [e["cycle"] for e in overlap.evidence["enrolments"] + overlap.evidence["other_enrolments"]] == \
        ["2026-T1", "2026-T1"]
    assert overlap.key == f"11.06:tumpang-tindih:BLT-DD:PKH:{h['o1'].pk}:"

    duplicate = Finding.objects.get(kind=FindingKind.DUPLICATE, program__code="PBI-JK")
    assert duplicate.person == p["g2person"]
    assert duplicate.evidence["original"]["household"] == h["g1"].pk
    assert duplicate.evidence["original"]["name"] == "Rahmah"
    household_duplicate = Finding.objects.get(kind=FindingKind.DUPLICATE, program__code="SEMBAKO")
    assert household_duplicate.household == h["g4"] and household_duplicate.evidence["original"]["household"] == \
        h["g3"].pk

    cross = Finding.objects.get(kind=FindingKind.CROSS_REGENCY)
    assert cross.amount_at_stake == 2_000_000
    assert cross.evidence["elsewhere"][0]["kabupaten"] == "32.12"
    assert cross.evidence["elsewhere"][0]["program"] == "PBI-JK"
    assert cross.other_program.code == "PBI-JK"

    land = Finding.objects.get(kind=FindingKind.INCLUSION_ASSET, household=h["a3"])
    assert land.evidence["assets"] == ["lahan-luas"] and land.evidence["land_area_m2"] == 6000
    desil = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    assert (desil.evidence["desil"], desil.evidence["max_desil"]) == (7, 4)
    household_gone = Finding.objects.get(kind=FindingKind.INCLUSION_DECEASED, person=None)
    assert {m["status"] for m in household_gone.evidence["members"]} == {"meninggal"}
    officer = Finding.objects.get(kind=FindingKind.INCLUSION_OCCUPATION, household=h["j3"])
    assert [m["occupation"] for m in officer.evidence["members"]] == ["Anggota TNI AD"]
    lonely = Finding.objects.get(kind=FindingKind.EXCLUSION_PPKS, household=h["e2"])
    assert lonely.evidence["ppks"] == [{"ppks": "lansia-tunggal", "person": lonely.household.members.get().pk,
                                        "name": "Nenek Sendiri", "age": 76}]
    assert lonely.amount_at_stake == 0 and lonely.program is None


def test_running_twice_gives_the_same_findings(planted):
    run(planted)
    first = {f.key: (f.pk, f.state, f.evidence, f.amount_at_stake, f.first_seen_at)
             for f in Finding.objects.all()}
    second_run = run(planted)
    assert {f.key: (f.pk, f.state, f.evidence, f.amount_at_stake, f.first_seen_at)
            for f in Finding.objects.all()} == first
    assert Finding.objects.filter(last_seen_at__lt=second_run.started_at).count() == 0
    entry = AuditEntry.objects.filter(object_type="programs.checkrun", object_id=str(second_run.pk)).get()
    assert entry.changes["created"] == 0 and entry.changes["resolved"] == 0
    assert entry.changes["detected"] == len(planted.expected)


def test_dismissed_stays_dismissed_and_fixed_becomes_resolved(planted):
    from sinergi.programs import findings

    run(planted)
    h = planted.households
    dismissed = Finding.objects.get(kind=FindingKind.INCLUSION_ASSET, household=h["a1"])
    findings.dismiss_finding(actor=None, finding=dismissed, reason="Mobil milik kantor tempat kepala keluarga bekerja.")
    confirmed = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    findings.confirm_finding(actor=None, finding=confirmed)
    # Fixed meanwhile: the high-desil household removed from the list, the overlap's BLT-DD ended.
    Enrolment.objects.filter(household=h["d1"]).update(status=EnrolmentStatus.REMOVED)
    Enrolment.objects.filter(household=h["o1"], program__code="BLT-DD").update(status=EnrolmentStatus.REMOVED)

    run(planted)
    dismissed.refresh_from_db(), confirmed.refresh_from_db()
    assert dismissed.state == FindingState.DISMISSED
    assert dismissed.reason == "Mobil milik kantor tempat kepala keluarga bekerja."
    assert confirmed.state == FindingState.RESOLVED
    assert confirmed.reason == "Tidak terdeteksi lagi pada pemeriksaan 01/06/2026." or \
        confirmed.reason.startswith("Tidak terdeteksi lagi pada pemeriksaan ")
    overlap = Finding.objects.get(kind=FindingKind.OVERLAP, household=h["o1"])
    assert overlap.state == FindingState.RESOLVED and overlap.decided_by is None

    run(planted)  # a dismissed finding survives any number of runs
    dismissed.refresh_from_db()
    assert dismissed.state == FindingState.DISMISSED

    # What was fixed comes back: the resolved finding is opened again.
    Enrolment.objects.filter(household=h["d1"]).update(status=EnrolmentStatus.ACTIVE)
    run(planted)
    confirmed.refresh_from_db()
    assert confirmed.state == FindingState.OPEN and confirmed.reason.startswith("Terdeteksi lagi")


def test_resolution_reason_names_the_day_of_the_run(planted):
    run(planted)
    Enrolment.objects.filter(household=planted.households["d1"]).update(status=EnrolmentStatus.REMOVED)
    run(planted)
    finding = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert finding.reason == f"Tidak terdeteksi lagi pada pemeriksaan {day}."


def test_another_kabupaten_is_untouched(planted):
    abroad_run = checks.run_checks(actor=None, regency=planted.other_regency, today=TODAY)
    assert abroad_run.counts[FindingKind.CROSS_REGENCY] == 1
    theirs = Finding.objects.get(key__startswith="32.12:", kind=FindingKind.CROSS_REGENCY)
    assert theirs.household == planted.households["l1_abroad"]
    stale = Finding.objects.create(
        key=f"32.12:inklusi-desil:PKH:-:{planted.households['l1_abroad'].pk}:", kind=FindingKind.INCLUSION_DESIL,
        household=planted.households["l1_abroad"], desa_id=planted.households["l1_abroad"].desa_id,
        first_seen_at=timezone.now(), last_seen_at=timezone.now() - dt.timedelta(days=3))
    before = {f.pk: (f.state, f.last_seen_at, f.evidence) for f in Finding.objects.filter(key__startswith="32.12:")}

    run(planted)
    run(planted)
    assert {f.pk: (f.state, f.last_seen_at, f.evidence)
            for f in Finding.objects.filter(key__startswith="32.12:")} == before
    stale.refresh_from_db()
    assert stale.state == FindingState.OPEN
    assert not Finding.objects.filter(key__startswith="11.06:", desa__code__startswith="32.").exists()


def test_a_cancelled_run_changes_nothing(planted):
    run(planted)
    Enrolment.objects.filter(household=planted.households["d1"]).update(status=EnrolmentStatus.REMOVED)
    before = {f.pk: (f.state, f.last_seen_at) for f in Finding.objects.all()}
    started = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)

    def cancel_after_first(kind, done, total):
        if done == 1:
            request_cancel(checks.progress_key(started))

    result = run(planted, run=started, on_progress=cancel_after_first)
    assert result.status == checks.RUN_CANCELLED and result.finished_at is not None
    assert {f.pk: (f.state, f.last_seen_at) for f in Finding.objects.all()} == before
    again = run(planted, run=result)  # the task delivered again after a cancel does nothing
    assert again.status == checks.RUN_CANCELLED


def test_progress_is_reported_per_kind(planted):
    seen = []
    started = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    assert progress_of(checks.progress_key(started)).phase == "antre"
    run(planted, run=started, on_progress=lambda kind, done, total: seen.append((kind, done, total)))
    total = len(FindingKind.values) + 1
    assert [s[0] for s in seen] == [*FindingKind.values, "simpan"]
    assert seen[-1] == ("simpan", total, total)
    progress = progress_of(checks.progress_key(started))
    assert (progress.done, progress.total) == (total, total)


def test_only_programme_managers_of_the_kabupaten_may_run(planted, personas):
    with pytest.raises(PermissionDenied):
        run(planted, actor=personas["kecamatan_tksk"])
    with pytest.raises(PermissionDenied):
        checks.run_checks(actor=personas["kab_admin"], regency=planted.other_regency)
    with pytest.raises(PermissionDenied):
        checks.start_checks(actor=personas["desa_operator"], regency=planted.regency, enqueue=False)
    with pytest.raises(ValidationError):
        checks.run_checks(actor=None, regency=Area.objects.get(code="11.06.07"))
    assert run(planted, actor=personas["kab_admin"]).started_by == personas["kab_admin"]
    assert run(planted, actor=personas["province_admin"]).status == checks.RUN_DONE


def test_one_run_at_a_time_per_kabupaten(planted):
    checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    with pytest.raises(ValidationError):
        checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    checks.start_checks(actor=None, regency=planted.other_regency, enqueue=False)


def test_a_run_whose_starter_lost_the_right_fails_instead_of_hanging(planted, personas):
    from sinergi.accounts.models import Assignment
    from sinergi.programs.tasks_checks import run_targeting_checks

    started = checks.start_checks(actor=personas["kab_operator"], regency=planted.regency, enqueue=False)
    Assignment.objects.filter(user=personas["kab_operator"]).update(active=False)
    with pytest.raises(PermissionDenied):
        run_targeting_checks.call(started.pk)
    started.refresh_from_db()
    assert started.status == checks.RUN_FAILED


def test_the_task_runs_a_started_run_once(planted):
    from sinergi.programs.tasks_checks import run_targeting_checks

    started = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    assert run_targeting_checks.call(started.pk) == checks.RUN_DONE
    first_seen = set(Finding.objects.values_list("pk", "last_seen_at"))
    assert run_targeting_checks.call(started.pk) == checks.RUN_DONE
    assert set(Finding.objects.values_list("pk", "last_seen_at")) == first_seen


def test_queries_do_not_grow_with_households(planted, world):
    def queries() -> int:
        """Reads: the upsert's INSERT statements come in batches (SQLite allows ~1000 parameters each)."""
        with CaptureQueriesContext(connection) as ctx:
            run(planted)
        return sum(1 for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))

    def add(count: int) -> None:
        for number in range(count):
            household, people = family(world.desa_x, {"name": f"Tambahan {number}", "occupation": "POLRI"},
                                       {"name": "Nenek", "born": dt.date(1940, 1, 1), "disability": "fisik"},
                                       has_car=True)
            rank(household, 8)
            enrol(planted.cycles["PKH"], household), enrol(planted.cycles["PBI-JK"], household, people[1])

    add(2)
    few = queries()
    add(30)
    assert queries() == few
    assert Finding.objects.filter(household__members__name="Nenek", kind=FindingKind.INCLUSION_DESIL).count() == 64
