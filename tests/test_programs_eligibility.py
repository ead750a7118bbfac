"""The eligibility rules on plain data: desil, exclusions, components with their ages and cap, amounts, stacking.

The programmes are the seeded catalogue's (sinergi.programs.catalogue), so a change of the seed that breaks a
rule shows here."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.programs import catalogue
from sinergi.programs.eligibility import (
    LARGE_LAND_M2,
    ComponentRule,
    HouseholdSnapshot,
    MemberSnapshot,
    ProgramRules,
    StackingPair,
    age_on,
    amount_for,
    decide,
    forbidden_pairs,
    is_civil_servant,
)


def rules(code: str) -> ProgramRules:
    (row,) = [p for p in catalogue.PROGRAMS if p[0] == code]
    _code, _name, _funding, unit, benefit, max_components, max_desil, exclusions, _basis, _order = row
    components = tuple(ComponentRule(c, amount, rule, order) for program, c, _n, amount, rule, order
                       in catalogue.COMPONENTS if program == code)
    return ProgramRules(code=code, unit=unit, benefit_per_year=benefit, max_desil=max_desil,
                        exclusions=tuple(exclusions), components=components, max_components=max_components)


PKH, SEMBAKO, PBI, PIP, YAPI = (rules(c) for c in ("PKH", "SEMBAKO", "PBI-JK", "PIP", "ATENSI-YAPI"))


def member(n: int, age: int | None, **kwargs) -> MemberSnapshot:
    return MemberSnapshot(id=n, age=age, **kwargs)


def family(*members: MemberSnapshot, desil: int | None = 2, **kwargs) -> HouseholdSnapshot:
    return HouseholdSnapshot(desil=desil, members=members, **kwargs)


PARENTS = (member(1, 40, sex="L", occupation="Petani"), member(2, 36, sex="P", occupation="Mengurus rumah tangga"))


def codes(decision) -> list[str]:
    return [r.code for r in decision.reasons]


# ------------------------------------------------------------------------------------------------------ desil


def test_a_poor_family_with_a_pupil_receives_pkh_for_that_component():
    decision = decide(PKH, family(*PARENTS, member(3, 9)))
    assert decision.eligible and decision.reasons == []
    assert decision.components == {"sd": 1}
    assert decision.member_components == {3: ["sd"]}
    assert decision.annual_amount == 900_000


@pytest.mark.parametrize(("desil", "eligible"), [(1, True), (4, True), (5, False), (7, False)])
def test_desil_above_the_programme_limit_is_not_eligible(desil, eligible):
    decision = decide(SEMBAKO, family(*PARENTS, desil=desil))
    assert decision.eligible is eligible
    if not eligible:
        assert codes(decision) == ["desil"]
        assert decision.reasons[0].message == f"Desil {desil} di atas batas program (desil 4)."
        assert decision.annual_amount == 0


def test_unknown_desil_is_not_eligible_with_its_own_reason():
    decision = decide(SEMBAKO, family(*PARENTS, desil=None))
    assert not decision.eligible
    assert codes(decision) == ["no-desil"]
    assert "belum ada peringkat" in decision.reasons[0].message


def test_a_programme_without_desil_limit_ignores_a_missing_score():
    decision = decide(YAPI, family(member(1, 10), desil=None))
    assert decision.eligible
    assert decision.annual_amount == 2_400_000


def test_sembako_pays_the_flat_benefit():
    assert decide(SEMBAKO, family(*PARENTS)).annual_amount == 2_400_000


# ------------------------------------------------------------------------------------------------- exclusions


@pytest.mark.parametrize("occupation", ["Pegawai Negeri Sipil", "PNS", "pns", "ASN", "TNI", "Anggota TNI AD",
                                        "POLRI", "Polisi", "Guru PNS", "TNI/Polri", "pegawai negeri"])
def test_civil_servants_soldiers_and_police_are_recognised(occupation):
    assert is_civil_servant(occupation)


@pytest.mark.parametrize("occupation", ["Guru", "Guru honorer", "Petani", "Pensnya", "Tani", "Kasnawi", "",
                                        "Buruh harian lepas"])
def test_other_occupations_are_not_civil_servants(occupation):
    assert not is_civil_servant(occupation)


def test_a_household_with_an_asn_member_is_excluded():
    household = family(member(1, 40, occupation="Pegawai Negeri Sipil", name="Rahmat"), member(2, 9))
    decision = decide(PKH, household)
    assert not decision.eligible
    assert codes(decision) == ["asn-tni-polri"]
    assert "Rahmat" in decision.reasons[0].message


def test_an_honorary_teacher_is_not_excluded():
    decision = decide(PKH, family(member(1, 40, occupation="Guru"), member(2, 9)))
    assert decision.eligible


def test_a_deceased_civil_servant_no_longer_excludes_the_family():
    household = family(member(1, 60, occupation="PNS", status="meninggal"), member(2, 55), member(3, 12))
    assert decide(PKH, household).eligible


def test_car_excludes_where_the_programme_says_so_only():
    household = family(*PARENTS, member(3, 9), has_car=True)
    assert codes(decide(PKH, household)) == ["mobil"]
    assert decide(PBI, household).eligible  # PBI-JK does not list the car


def test_air_conditioner_and_large_land_exclude_a_programme_that_lists_them():
    local = ProgramRules(code="PRO-ABES", unit="keluarga", benefit_per_year=1_200_000, max_desil=3,
                         exclusions=("ac", "lahan-luas"))
    assert codes(decide(local, family(*PARENTS, has_ac=True))) == ["ac"]
    assert decide(local, family(*PARENTS, land_area_m2=LARGE_LAND_M2 - 1)).eligible
    decision = decide(local, family(*PARENTS, land_area_m2=LARGE_LAND_M2))
    assert codes(decision) == ["lahan-luas"]
    assert "5000 m²" in decision.reasons[0].message
    assert decide(local, family(*PARENTS, land_area_m2=None)).eligible


def test_several_reasons_are_all_given():
    household = family(member(1, 40, occupation="TNI"), member(2, 9), desil=6, has_car=True)
    assert codes(decide(PKH, household)) == ["desil", "asn-tni-polri", "mobil"]


def test_a_household_whose_members_all_died_is_not_eligible():
    household = family(member(1, 80, status="meninggal"), member(2, 78, status="meninggal"))
    decision = decide(SEMBAKO, household)
    assert not decision.eligible
    assert codes(decision) == ["household-deceased"]


def test_a_household_whose_members_died_or_moved_is_not_eligible():
    household = family(member(1, 80, status="meninggal"), member(2, 30, status="pindah"))
    assert codes(decide(SEMBAKO, household)) == ["household-empty"]


@pytest.mark.parametrize("status", ["pindah", "bubar"])
def test_a_moved_or_dissolved_household_is_not_eligible(status):
    assert codes(decide(SEMBAKO, family(*PARENTS, status=status))) == ["household-moved"]


def test_one_deceased_member_does_not_exclude_the_household():
    assert decide(SEMBAKO, family(member(1, 80, status="meninggal"), member(2, 50))).eligible


# ------------------------------------------------------------------------------------------------ components


def test_age_is_counted_in_completed_years_on_the_exact_birthday():
    born = dt.date(2019, 7, 10)
    assert age_on(born, dt.date(2026, 7, 9)) == 6
    assert age_on(born, dt.date(2026, 7, 10)) == 7
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert age_on(None, dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize(("age", "component"), [
    (0, "anak-usia-dini"), (6, "anak-usia-dini"), (7, "sd"), (12, "sd"), (13, "smp"), (15, "smp"), (16, "sma"),
    (18, "sma"), (19, None), (69, None), (70, "lansia"), (95, "lansia"),
])
def test_pkh_age_boundaries_are_inclusive(age, component):
    decision = decide(PKH, family(*PARENTS, member(3, age)))
    assert decision.member_components.get(3, [None])[0] == component
    assert decision.eligible is (component is not None)


def test_the_day_before_the_seventh_birthday_is_still_early_childhood():
    today = dt.date(2026, 7, 10)
    day_before = decide(PKH, family(member(3, age_on(dt.date(2019, 7, 11), today))))
    birthday = decide(PKH, family(member(3, age_on(dt.date(2019, 7, 10), today))))
    assert day_before.components == {"anak-usia-dini": 1}
    assert birthday.components == {"sd": 1}


def test_a_member_without_birth_date_qualifies_for_no_age_component():
    decision = decide(PKH, family(*PARENTS, member(3, None)))
    assert not decision.eligible
    assert codes(decision) == ["no-component"]


def test_disability_component_any_code():
    decision = decide(PKH, family(member(1, 45, disability="netra"), member(2, 40)))
    assert decision.components == {"disabilitas-berat": 1}
    assert decision.annual_amount == 2_400_000


def test_the_pregnancy_component_never_qualifies_from_the_registry():
    decision = decide(PKH, family(member(1, 40, sex="L"), member(2, 25, sex="P")))
    assert not decision.eligible
    assert "ibu-hamil" not in str(decision.member_components)


def test_a_member_counts_once_at_their_best_component():
    decision = decide(PKH, family(member(1, 10, disability="fisik")))
    assert decision.member_components == {1: ["disabilitas-berat", "sd"]}
    assert decision.components == {"disabilitas-berat": 1}
    assert decision.annual_amount == 2_400_000


def test_max_components_keeps_the_highest_amounts():
    household = family(member(1, 72), member(2, 3), member(3, 8), member(4, 10), member(5, 14), member(6, 17))
    decision = decide(PKH, household)
    # lansia 2.4M, usia dini 3M, sd 0.9M ×2, smp 1.5M, sma 2M: the four highest are kept.
    assert decision.components == {"anak-usia-dini": 1, "lansia": 1, "sma": 1, "smp": 1}
    assert decision.annual_amount == 3_000_000 + 2_400_000 + 2_000_000 + 1_500_000
    assert len(decision.member_components) == 6


def test_deceased_members_earn_no_component():
    decision = decide(PKH, family(*PARENTS, member(3, 9, status="meninggal")))
    assert not decision.eligible
    assert decision.member_components == {}


# -------------------------------------------------------------------------------------------- person programmes


def test_person_programme_pays_each_eligible_person():
    household = family(member(1, 40), member(2, 38), member(3, 80, status="meninggal"),
                       member(4, 20, status="pindah"))
    decision = decide(PBI, household)
    assert decision.eligible
    assert [p.member_id for p in decision.eligible_persons] == [1, 2]
    assert decision.annual_amount == 2 * 504_000
    by_id = {p.member_id: p for p in decision.persons}
    assert [r.code for r in by_id[3].reasons] == ["meninggal"]
    assert [r.code for r in by_id[4].reasons] == ["pindah"]


def test_person_programme_with_components_pays_each_pupil_their_level():
    decision = decide(PIP, family(*PARENTS, member(3, 8), member(4, 14), member(5, 17), member(6, 20)))
    assert [(p.member_id, p.components, p.annual_amount) for p in decision.eligible_persons] == [
        (3, {"sd": 1}, 450_000), (4, {"smp": 1}, 750_000), (5, {"sma": 1}, 1_800_000)]
    assert decision.components == {"sd": 1, "smp": 1, "sma": 1}
    assert decision.annual_amount == 3_000_000


def test_person_programme_household_exclusions_apply_to_everyone():
    decision = decide(PBI, family(member(1, 40, occupation="Polisi"), member(2, 38)))
    assert not decision.eligible
    assert decision.eligible_persons == []
    assert codes(decision) == ["asn-tni-polri"]


def test_person_programme_without_anyone_eligible_says_so():
    assert codes(decide(PIP, family(*PARENTS))) == ["no-member"]


# --------------------------------------------------------------------------------------------------- amounts


def test_amount_for_given_components_applies_the_cap():
    assert amount_for(PKH, {"ibu-hamil": 1, "sd": 2}) == 3_000_000 + 2 * 900_000
    assert amount_for(PKH, {"sd": 6}) == 4 * 900_000
    assert amount_for(PKH, {"tidak-ada": 3}) == 0
    assert amount_for(SEMBAKO, {}) == 2_400_000
    assert amount_for(PIP, {"smp": 1, "sd": 1}) == 750_000


# -------------------------------------------------------------------------------------------------- stacking


STACKING = [StackingPair(a, b, allowed, level, note) for a, b, allowed, level, note in catalogue.STACKING]


def test_forbidden_pairs_are_found_in_either_order():
    assert forbidden_pairs({"PKH", "BLT-DD"}, STACKING) == [("BLT-DD", "PKH")]
    assert forbidden_pairs({"PKH", "SEMBAKO", "BLT-DD"}, STACKING) == [("BLT-DD", "PKH"), ("BLT-DD", "SEMBAKO")]
    reversed_rule = [StackingPair("SEMBAKO", "BLT-DD", False)]
    assert forbidden_pairs({"BLT-DD", "SEMBAKO"}, reversed_rule) == [("BLT-DD", "SEMBAKO")]


def test_allowed_and_unruled_pairs_are_not_forbidden():
    assert forbidden_pairs({"PKH", "SEMBAKO", "PBI-JK"}, STACKING) == []
    assert forbidden_pairs({"PIP", "ATENSI-YAPI"}, STACKING) == []
    assert forbidden_pairs(set(), STACKING) == []
