"""The synthetic-population generator (registry.synth) and its ``generate`` command."""

from __future__ import annotations

from collections import Counter, defaultdict
from io import StringIO
from statistics import median

import pytest
from django.core.management import CommandError, call_command

from sinergi.areas.models import Area, subtree_q
from sinergi.audit.models import AuditEntry
from sinergi.core.names import search_key
from sinergi.core.nik import check_nik, parse_kk, parse_nik
from sinergi.registry.models import Household, Membership, Person
from sinergi.registry.synth import REFERENCE_DATE, AlreadyGenerated, GenerateResult, generate

# The ``areas`` fixture (conftest) loads Lhoong 11.06.01 and Darul Imarah 11.06.07 (Aceh Besar) and
# 32.12.01 (Indramayu, Jawa Barat) with their ancestors.
ACEH = "11.06.01"
JABAR = "32.12.01"


def _persons(area: str):
    return Person.objects.filter(subtree_q("household__desa_id", area))


def _fingerprint(area: str) -> list[tuple]:
    return list(
        _persons(area)
        .order_by("household__no_kk", "nik", "name", "birth_date")
        .values_list("household__no_kk", "household__address", "nik", "name", "birth_date", "relation")
    )


@pytest.mark.django_db
def test_same_seed_gives_the_same_population(areas):
    calls = []
    first = generate(area_code=ACEH, households=200, seed=7, progress=lambda done, total: calls.append((done, total)))
    assert isinstance(first, GenerateResult)
    assert first.households == 200 == Household.objects.filter(subtree_q("desa_id", ACEH)).count()
    assert first.persons == _persons(ACEH).count() > 400
    assert calls[-1] == (200, 200)
    before = _fingerprint(ACEH)

    again = generate(area_code=ACEH, households=200, seed=7, replace=True)
    assert (again.households, again.persons) == (first.households, first.persons)
    assert _fingerprint(ACEH) == before

    generate(area_code=ACEH, households=200, seed=8, replace=True)
    assert _fingerprint(ACEH) != before


@pytest.mark.django_db
def test_nik_and_kk_agree_with_the_record_and_are_unique(areas):
    generate(area_code=ACEH, households=200, seed=1)
    rows = list(_persons(ACEH).values_list("nik", "birth_date", "sex", "household__desa__parent_id"))
    niks = [nik for nik, *_ in rows if nik]
    assert len(niks) == len(set(niks))
    # Only a few (babies not yet registered) have no NIK.
    assert len(rows) - len(niks) <= 0.03 * len(rows)
    for nik, born, sex, kecamatan in rows:
        if not nik:
            assert (REFERENCE_DATE - born).days < 2 * 366
            continue
        info = parse_nik(nik)
        assert info.kecamatan_code == kecamatan
        assert check_nik(nik, birth_date=born, sex=sex) == []
    kks = list(Household.objects.filter(subtree_q("desa_id", ACEH)).values_list("no_kk", "desa__parent_id"))
    assert len({kk for kk, _ in kks}) == len(kks)
    for kk, kecamatan in kks:
        assert parse_kk(kk).kecamatan_code == kecamatan


@pytest.mark.django_db
def test_households_are_plausible_families(areas):
    generate(area_code=ACEH, households=200, seed=3)
    members = defaultdict(list)
    for person in _persons(ACEH).only("household_id", "relation", "sex", "birth_date", "marital_status", "name",
                                      "name_key"):
        members[person.household_id].append(person)
        assert person.name_key == search_key(person.name)
    for people in members.values():
        heads = [p for p in people if p.relation == "1"]
        assert len(heads) == 1
        spouses = [p for p in people if p.relation in ("2", "3")]
        if spouses:
            assert heads[0].marital_status == "2"
            assert all(s.marital_status == "2" and s.sex != heads[0].sex for s in spouses)
        mothers = [p for p in people if p.relation == "3" or (p.relation == "1" and p.sex == "P")]
        for child in (p for p in people if p.relation == "4"):
            for mother in mothers:
                assert (child.birth_date - mother.birth_date).days >= 15 * 365, (mother.name, child.name)
    # Every person has exactly one current membership, in their own household, with their relation.
    memberships = {m.person_id: m for m in Membership.objects.filter(subtree_q("household__desa_id", ACEH))}
    persons = list(_persons(ACEH).values_list("pk", "household_id", "relation"))
    assert len(memberships) == len(persons)
    for pk, household_id, relation in persons:
        assert (memberships[pk].household_id, memberships[pk].relation, memberships[pk].left_at) == (
            household_id, relation, None,
        )
    assert not Household.objects.filter(subtree_q("desa_id", ACEH), address_key="").exists()


@pytest.mark.django_db
def test_existing_data_is_kept_unless_replace(areas):
    generate(area_code=ACEH, households=50, seed=1)
    with pytest.raises(AlreadyGenerated, match="--replace"):
        generate(area_code=ACEH, households=50, seed=2)
    # A desa inside the generated kecamatan counts as generated too.
    desa = Household.objects.filter(subtree_q("desa_id", ACEH)).values_list("desa_id", flat=True).first()
    with pytest.raises(AlreadyGenerated):
        generate(area_code=desa, households=5, seed=2)
    assert Household.objects.filter(subtree_q("desa_id", ACEH)).count() == 50

    generate(area_code=ACEH, households=30, seed=2, replace=True)
    assert Household.objects.filter(subtree_q("desa_id", ACEH)).count() == 30
    # One append-only audit entry per run; replacing does not remove the earlier one.
    entries = AuditEntry.objects.filter(object_type="registry.generate", object_id=ACEH).order_by("id")
    assert [e.changes["households"] for e in entries] == [50, 30]
    assert entries[1].changes["persons"] == _persons(ACEH).count()
    assert entries[1].source == "generate" and entries[1].actor is None


@pytest.mark.django_db
def test_a_kabupaten_is_spread_over_its_desa_and_numbers_continue_in_a_kecamatan(areas):
    generate(area_code="11.06", households=300, seed=5)
    desa = set(Household.objects.filter(subtree_q("desa_id", "11.06")).values_list("desa_id", flat=True))
    assert {code[:8] for code in desa} == {"11.06.01", "11.06.07"}
    assert len(desa) > 10
    sizes = [Household.objects.filter(desa_id=code).count() for code in sorted(desa)]
    assert max(sizes) > 2 * min(sizes)  # desa differ in size

    # Another desa of an already populated kecamatan, generated separately: NIK/KK serials continue.
    other = Area.objects.filter(parent_id="32.12.01").order_by("code").first()
    generate(area_code=other.code, households=40, seed=5)
    neighbour = Area.objects.filter(parent_id="32.12.01").order_by("code")[1]
    generate(area_code=neighbour.code, households=40, seed=5)
    niks = list(_persons("32.12.01").exclude(nik="").values_list("nik", flat=True))
    assert len(niks) == len(set(niks))


@pytest.mark.django_db
def test_unknown_or_empty_areas_are_refused(areas):
    with pytest.raises(ValueError, match="tidak dikenal"):
        generate(area_code="99.99", households=10, seed=1)
    Area.objects.create(code="11.99", level=2, name="Kabupaten Kosong", parent_id="11")
    with pytest.raises(ValueError, match="Tidak ada desa"):
        generate(area_code="11.99", households=10, seed=1)


@pytest.mark.django_db
def test_names_and_religion_follow_the_region(areas):
    generate(area_code=ACEH, households=150, seed=4)
    generate(area_code=JABAR, households=150, seed=4)

    def words(area):
        return {w for key in _persons(area).values_list("name_key", flat=True) for w in key.split()}

    aceh, sunda = words(ACEH), words(JABAR)
    sundanese = {"ASEP", "DEDE", "UJANG", "CECEP", "EUIS", "NENG", "IIS", "YAYAN", "DADANG", "ENTIN", "IMAS"}
    acehnese = {"ZULKIFLI", "NURDIN", "SAFRIZAL", "FITRIANI", "NURHAYATI", "RAHMAT", "MUNAWAR", "ZAHARA"}
    assert len(sunda & sundanese) >= 4 and not aceh & sundanese
    assert len(aceh & acehnese) >= 4
    # Aceh is (almost) entirely Muslim.
    religions = list(_persons(ACEH).values_list("religion", flat=True))
    assert religions.count("1") >= 0.98 * len(religions)
    # Names are mostly written in capitals, as in DTKS extracts.
    names = list(_persons(JABAR).values_list("name", flat=True))
    assert sum(n == n.upper() for n in names) > 0.7 * len(names)


def name_diversity(keys: list[str]) -> tuple[float, float]:
    """(distinct search keys per person, median over persons of how many persons carry their key, self included).

    The benchmark before names were composed (985,307 persons in three kabupaten) had 2.4 % distinct keys and a
    median of 343; the goal at 100,000 persons of Aceh Besar is >= 40 % and <= 5.
    """
    counts = Counter(keys)
    return len(counts) / len(keys), median(counts[key] for key in keys)


def median_bound(persons: int) -> float:
    """The goal "median <= 5 at 100,000 persons" at another size: a key's namesakes grow with the population.

    A person's key is carried by themselves plus (persons - 1) * p others, p the key's share, so the 4 others
    allowed at 100,000 persons are 4 * persons / 100,000 at a smaller size (0.3 at 2,000 households).
    """
    return 1 + 4 * (persons - 1) / (100_000 - 1)


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["11.06", JABAR])
def test_full_names_are_diverse_but_first_words_repeat(areas, area):
    generate(area_code=area, households=2000, seed=1)
    keys = list(_persons(area).values_list("name_key", flat=True))
    distinct, median_share = name_diversity(keys)
    # At 2,000 households (~7,400 persons) more than half the persons have a key nobody else has. The distinct
    # share falls as the population grows (here from ~88 % to ~61 % at 100,000 persons, the old pools fell from
    # 31 % to 8 %), so the goal of 40 % at 100,000 persons is at least 58 % here.
    assert median_share <= median_bound(len(keys)), (median_share, len(keys))
    assert distinct >= 0.58, distinct
    # Real registers repeat their first words: MUHAMMAD (in its spellings), SITI, NUR stay common.
    first_words = Counter(key.split()[0] for key in keys)
    assert {"MUHAMMAD", "SITI", "NUR", "NURUL"} & {word for word, _ in first_words.most_common(5)}
    assert first_words["MUHAMMAD"] + first_words["MUHAMAD"] + first_words["M"] >= 0.04 * len(keys)
    # Most names have two or three words; one-word names are mostly the older generation's.
    words = Counter(min(len(key.split()), 4) for key in keys)
    assert words[2] + words[3] >= 0.75 * len(keys) and words[1] <= 0.2 * len(keys), words
    single = [year for key, year in _persons(area).values_list("name_key", "birth_date__year") if " " not in key]
    assert median(single) < 1985, median(single)


@pytest.mark.django_db
def test_young_people_have_modern_names_and_the_old_do_not(areas):
    generate(area_code=ACEH, households=600, seed=2)
    people = list(_persons(ACEH).values_list("name_key", "birth_date__year"))
    modern = {"NAYLA", "ZAHRA", "AZKA", "ARKAN", "ALIFA", "KHANZA", "AZZAHRA", "SYAKILA", "ALFARIZI", "ALFATIH",
              "NAZWA", "KEISYA", "RAFFASYA", "ZIDAN", "DAFFA", "AQILA", "HUMAIRA"}

    def share(years) -> float:
        group = [key for key, year in people if year in years]
        return sum(bool(modern & set(key.split())) for key in group) / len(group)

    assert share(range(2010, 2027)) > 0.08, share(range(2010, 2027))
    assert share(range(1900, 1970)) < 0.02, share(range(1900, 1970))
    # Compound Islamic names: ABDUL + a name of God, NUR/NURUL + a name, SITI + a name.
    firsts = Counter(key.split()[0] for key, _ in people)
    assert firsts["ABDUL"] + firsts["ABDURRAHMAN"] + firsts["ABD"] > 0 and firsts["SITI"] > 0
    assert firsts["NUR"] + firsts["NURUL"] > 0


@pytest.mark.django_db
def test_command_prints_a_summary_and_skips_when_already_generated(areas):
    out, err = StringIO(), StringIO()
    call_command("generate", area=ACEH, households=40, seed=1, stdout=out, stderr=err)
    summary = out.getvalue().strip()
    assert summary.startswith("Selesai: 40 keluarga") and ACEH in summary and "jiwa" in summary
    assert "40/40 keluarga" in err.getvalue()

    out = StringIO()
    call_command("generate", area=ACEH, households=40, seed=1, stdout=out, stderr=StringIO())
    assert "sudah ada data" in out.getvalue() and "--replace" in out.getvalue()

    out = StringIO()
    call_command("generate", area=ACEH, households=20, seed=2, replace=True, stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("Selesai: 20 keluarga")

    with pytest.raises(CommandError, match="99.98"):
        call_command("generate", area="99.98", households=5, stdout=StringIO(), stderr=StringIO())
