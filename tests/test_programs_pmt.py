"""The PMT arithmetic on its own: desil boundaries, scores, explanations, variables, weights checking."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sinergi.programs import pmt

TODAY = dt.date(2026, 11, 25)


def facts(**overrides) -> pmt.Facts:
    base = dict(housing={"floor": "semen", "wall": "tembok", "roof": "seng", "water_source": "sumur_terlindung",
                         "lighting": "pln_meteran", "cooking_fuel": "lpg_3kg", "toilet": "sendiri",
                         "land_ownership": "milik_sendiri"},
                assets=frozenset({"has_phone", "has_tv"}), size=4, children=2, head_education="1", head_works=True)
    base.update(overrides)
    return pmt.Facts(**base)


def default_score(f: pmt.Facts) -> float:
    return pmt.score(pmt.DEFAULT_WEIGHTS, pmt.DEFAULT_INTERCEPT, pmt.variables(f))


# ---------------------------------------------------------------------------------------------------- desils


@pytest.mark.parametrize(("n", "expected"), [
    (1, [1]),
    (9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    (11, [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    (25, [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 9, 9, 10, 10]),
])
def test_desil_boundaries(n, expected):
    scores = [float(i) for i in range(n)]  # already poorest first
    assert pmt.desils(scores) == expected
    # floor(10 × rank / n) + 1, whatever order the scores come in
    reversed_scores = list(reversed(scores))
    assert pmt.desils(reversed_scores) == list(reversed(expected))


def test_desil_sizes_are_as_equal_as_n_allows():
    for n in range(10, 200):
        sizes = [pmt.desils([float(i) for i in range(n)]).count(d) for d in range(1, 11)]
        assert max(sizes) - min(sizes) <= 1 and sum(sizes) == n


def test_empty_input_has_no_desils():
    assert pmt.desils([]) == []


def test_ties_are_broken_by_position_that_is_household_id():
    # Ten households with the same score: the lowest id is the poorest rank.
    assert pmt.desils([5.0] * 10) == list(range(1, 11))
    # Two equal scores straddling a desil boundary: the earlier one gets the lower desil, every time.
    scores = [1.0, 2.0, 3.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert pmt.desils(scores) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert pmt.desils(scores) == pmt.desils(list(scores))


def test_desil_of_rank_is_the_documented_rule():
    for n in (1, 7, 10, 33):
        for rank in range(n):
            assert pmt.desil_of_rank(rank, n) == math.floor(10 * rank / n) + 1


# ---------------------------------------------------------------------------------------------- score, explain


def test_explanation_contributions_add_up_to_the_score():
    f = facts(assets=frozenset({"has_car", "has_refrigerator"}), elderly=1, disabled=1, land_area_m2=2500,
              formal_worker=True, head_education="3")
    values = pmt.variables(f)
    rows = pmt.explain(pmt.DEFAULT_WEIGHTS, pmt.DEFAULT_INTERCEPT, values)
    total = pmt.DEFAULT_INTERCEPT + sum(contribution for *_rest, contribution in rows)
    assert total == pytest.approx(pmt.score(pmt.DEFAULT_WEIGHTS, pmt.DEFAULT_INTERCEPT, values), abs=1e-12)
    assert {code for code, *_rest in rows} == set(pmt.DEFAULT_WEIGHTS)
    contributions = [abs(row[4]) for row in rows]
    assert contributions == sorted(contributions, reverse=True)
    by_code = {row[0]: row for row in rows}
    assert by_code["has_car"][1:] == ("Punya mobil", 1.0, 0.30, 0.30)
    assert by_code["ln_size"][2] == pytest.approx(math.log(4))
    assert by_code["share_children"][2] == 0.5
    assert by_code["land_ha"][2] == 0.25


def test_score_does_not_depend_on_the_order_of_the_weights():
    f = facts(assets=frozenset(code for code, _label in pmt.ASSET_FLAGS), land_area_m2=12345, elderly=2)
    forward = pmt.score(pmt.DEFAULT_WEIGHTS, 0.1, pmt.variables(f))
    backward = pmt.score(dict(reversed(list(pmt.DEFAULT_WEIGHTS.items()))), 0.1, pmt.variables(f))
    assert forward == backward


def test_car_and_ceramic_floor_score_above_a_bamboo_walled_house():
    better = facts(housing={**facts().housing, "floor": "keramik"}, assets=frozenset({"has_car", "has_tv"}))
    bamboo = facts(housing={**facts().housing, "wall": "bambu", "floor": "tanah"})
    assert default_score(better) > default_score(facts()) > default_score(bamboo)


def test_dependants_lower_the_score_and_education_and_formal_work_raise_it():
    assert default_score(facts(size=7, children=4)) < default_score(facts(size=4, children=2))
    assert default_score(facts(elderly=2)) < default_score(facts())
    assert default_score(facts(disabled=1)) < default_score(facts())
    assert default_score(facts(head_education="5")) > default_score(facts(head_education="3")) > default_score(
        facts())
    assert default_score(facts(formal_worker=True)) > default_score(facts())
    assert default_score(facts(head_works=False)) < default_score(facts())


def test_land_counts_in_hectares_up_to_the_cap():
    assert pmt.variables(facts(land_area_m2=5_000))["land_ha"] == 0.5
    assert pmt.variables(facts(land_area_m2=900_000))["land_ha"] == pmt.LAND_HA_CAP
    assert "land_ha" not in pmt.variables(facts(land_area_m2=None))


def test_a_lone_person_or_an_empty_household_has_no_size_term():
    assert "ln_size" not in pmt.variables(facts(size=1, children=0))
    assert pmt.variables(facts(size=0, children=0, head_works=False, housing={}, assets=frozenset())) == {}


# --------------------------------------------------------------------------------------------------- facts


def test_facts_from_members_counts_ages_on_the_day():
    members = [
        pmt.Member(dt.date(1960, 11, 25), "1", "2", "Petani/pekebun", ""),  # 66: elderly, head with SMP
        pmt.Member(dt.date(1966, 11, 26), "3", "1", "Mengurus rumah tangga", "fisik"),  # 59 tomorrow 60
        pmt.Member(dt.date(2011, 11, 25), "4", "", "Pelajar/mahasiswa", ""),  # 15 today: not a child
        pmt.Member(dt.date(2011, 11, 26), "4", "", "Pelajar/mahasiswa", ""),  # 14: a child
        pmt.Member(None, "6", "", "", ""),  # age unknown: neither
    ]
    f = pmt.facts_from(housing={"floor": "tanah"}, assets=["has_tv"], land_area_m2=None, members=members,
                       today=TODAY)
    assert (f.size, f.children, f.elderly, f.disabled) == (5, 1, 1, 1)
    assert f.head_education == "2" and f.head_works and not f.formal_worker
    assert f.assets == frozenset({"has_tv"})


def test_age_cutoffs_handle_29_february():
    assert pmt.years_before(dt.date(2028, 2, 29), 15) == dt.date(2013, 2, 28)
    assert pmt.age_cutoffs(TODAY) == (dt.date(2011, 11, 25), dt.date(1966, 11, 25))


@pytest.mark.parametrize(("text", "kind"), [
    ("", pmt.NOT_WORKING), ("Belum/tidak bekerja", pmt.NOT_WORKING), ("Mengurus rumah tangga", pmt.NOT_WORKING),
    ("Pelajar/mahasiswa", pmt.NOT_WORKING), ("Petani/pekebun", pmt.WORKING), ("Buruh harian lepas", pmt.WORKING),
    ("Pegawai negeri sipil", pmt.FORMAL), ("TNI", pmt.FORMAL), ("POLRI", pmt.FORMAL), ("Guru", pmt.FORMAL),
    ("Karyawan swasta", pmt.FORMAL), ("Pensiunan", pmt.FORMAL), ("Guru honorer", pmt.WORKING),
    ("Karyawan kontrak", pmt.WORKING), ("Wiraswasta", pmt.WORKING),
])
def test_occupation_kind(text, kind):
    assert pmt.occupation_kind(text) == kind


# --------------------------------------------------------------------------------------------------- weights


def test_unknown_variables_and_non_numbers_are_refused_by_name():
    with pytest.raises(pmt.UnknownVariables) as caught:
        pmt.check_weights({"has_car": 0.3, "punya_kulkas": 0.1, "floor.marmer": 0.2, "has_tv": "0,04"})
    assert caught.value.unknown == ["floor.marmer", "punya_kulkas"]
    assert caught.value.not_numbers == ["has_tv"]
    with pytest.raises(pmt.UnknownVariables):
        pmt.check_weights(["has_car"])
    with pytest.raises(pmt.UnknownVariables):
        pmt.Scorer({"has_car": True}, 0.0)
    assert pmt.check_weights({"has_car": 1}) == {"has_car": 1.0}


def test_the_default_model_uses_only_known_variables_and_says_it_is_illustrative():
    assert pmt.check_weights(pmt.DEFAULT_WEIGHTS)
    assert "BUKAN" in pmt.DEFAULT_NAME and "resmi" in pmt.DEFAULT_NAME
    assert pmt.DEFAULT_VERSION == "contoh-2026.1"


def test_variables_follow_the_registry_code_lists():
    from sinergi.registry import codes

    choices = {"floor": codes.Floor, "wall": codes.Wall, "roof": codes.Roof, "water_source": codes.WaterSource,
               "lighting": codes.Lighting, "cooking_fuel": codes.CookingFuel, "toilet": codes.Toilet,
               "land_ownership": codes.LandOwnership}
    assert list(pmt.HOUSING_CATEGORIES) == codes.HOUSING_FIELDS
    for field, (_label, answers) in pmt.HOUSING_CATEGORIES.items():
        assert [code for code, _answer in answers] == list(choices[field].values)
    assert [name for name, _label in pmt.ASSET_FLAGS] == [name for name, _label in codes.ASSET_FIELDS]
    assert {c for codes_ in pmt.HEAD_EDUCATION.values() for c in codes_} <= set(codes.Education.values)


def test_every_variable_has_a_label_and_a_group():
    for variable in pmt.VARIABLES.values():
        assert variable.label and variable.group in pmt.GROUP_LABELS
    assert pmt.VARIABLES["floor.tanah"].label == "Lantai: tanah"
    assert pmt.VARIABLES["floor.tanah"].label_in(str.upper) == "LANTAI: TANAH"


def test_the_fast_path_gives_the_very_same_float_as_the_explained_score():
    import random

    rng = random.Random(7)
    weights = {code: round(rng.uniform(-0.5, 0.5), 3) for code in pmt.VARIABLES}
    weights["has_tv"] = 0.0  # a zero weight adds nothing on either path
    scorer = pmt.Scorer(weights, 12.5)
    for _i in range(500):
        housing = {field: rng.choice([code for code, _a in answers] + ["", "tidak-dikenal"])
                   for field, (_label, answers) in pmt.HOUSING_CATEGORIES.items()}
        assets = [rng.random() < 0.4 for _flag in pmt.ASSET_FLAGS]
        size = rng.randint(0, 9)
        owned = frozenset(name for (name, _l), has in zip(pmt.ASSET_FLAGS, assets, strict=True) if has)
        f = pmt.Facts(housing=housing, assets=owned,
                      land_area_m2=rng.choice([None, 0, 350, 12_000, 90_000]), size=size,
                      children=rng.randint(0, size), elderly=rng.randint(0, 2), disabled=rng.randint(0, 1),
                      head_education=rng.choice(["", "0", "1", "2", "3", "4", "5", "6"]),
                      head_works=rng.random() < 0.7, formal_worker=rng.random() < 0.2)
        fast = scorer.score_parts(list(housing.values()), assets, f.land_area_m2, f.size, f.children, f.elderly,
                                  f.disabled, f.head_education, f.head_works, f.formal_worker)
        assert fast == scorer(f) == pmt.score(weights, 12.5, pmt.variables(f))
