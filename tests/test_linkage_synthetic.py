"""The synthetic social-protection lists for the linkage benchmark (no database)."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from sinergi.core.dates import DateParseError, parse_date
from sinergi.core.nik import check_nik, looks_excel_damaged, make_kk, make_nik, parse_kk, parse_nik
from sinergi.linkage.synthetic import (
    COLUMNS,
    ERROR_KINDS,
    REFERENCE_DATE,
    SOURCES,
    Generated,
    SourceProfile,
    TruePerson,
    generate,
    generate_files,
    persons_for_records,
    records_per_person,
    write_csv,
)

SAMPLE = 5000
OLD_MARKS = re.compile(r"OE|DJ|TJ|SJ|CH|NJ")


@pytest.fixture(scope="module")
def sample() -> Generated:
    return generate(persons=SAMPLE, seed=2026)


@pytest.fixture(scope="module")
def persons(sample: Generated) -> dict[str, TruePerson]:
    return {p.person_id: p for p in sample.population.persons}


def age_days(person: TruePerson) -> int:
    return (REFERENCE_DATE - person.birth_date).days


def records_with(sample: Generated, kind: str) -> list[dict[str, str]]:
    return [r for r in sample.records if kind in sample.errors.get(r["id"], ())]


# --- Shape and determinism -----------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path):
    first, second, other = (generate(persons=1200, seed=s) for s in (5, 5, 6))
    paths = [tmp_path / f"{i}.csv" for i in range(3)]
    for path, generated in zip(paths, (first, second, other), strict=True):
        write_csv(path, generated.records)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert first.truth == second.truth and first.errors == second.errors
    assert paths[0].read_bytes() != paths[2].read_bytes()


def test_streamed_files_equal_in_memory_and_do_not_depend_on_hash_seed(tmp_path: Path):
    generated = generate(persons=800, seed=11)
    write_csv(tmp_path / "memory.csv", generated.records)
    count = generate_files(tmp_path / "stream.csv", tmp_path / "truth.csv", persons=800, seed=11)
    assert count == len(generated.records)
    assert (tmp_path / "stream.csv").read_bytes() == (tmp_path / "memory.csv").read_bytes()
    with open(tmp_path / "truth.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["id"]: r["person_id"] for r in rows} == generated.truth
    assert {r["id"]: tuple(r["errors"].split()) for r in rows if r["errors"]} == generated.errors
    # Another process with another string hash seed: no set or dict-order dependence anywhere.
    code = (
        "import sys; from sinergi.linkage.synthetic import generate_files; "
        "generate_files(sys.argv[1], sys.argv[2], persons=800, seed=11)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-c", code, tmp_path / "other.csv", tmp_path / "other_truth.csv"],
        check=True,
        env=env,
    )
    assert (tmp_path / "other.csv").read_bytes() == (tmp_path / "stream.csv").read_bytes()
    assert (tmp_path / "other_truth.csv").read_bytes() == (tmp_path / "truth.csv").read_bytes()


def test_records_have_exactly_the_cli_columns(sample: Generated, tmp_path: Path):
    assert COLUMNS == (
        "id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "alamat", "rt", "rw",
        "kode_desa", "sumber",
    )  # fmt: skip
    names = {s.name for s in SOURCES}
    for record in sample.records:
        assert tuple(record) == COLUMNS
        assert all(isinstance(value, str) for value in record.values())
        source, _, number = record["id"].rpartition("-")
        assert source == record["sumber"] and source in names and re.fullmatch(r"\d{6}", number)
    ids = [r["id"] for r in sample.records]
    assert len(ids) == len(set(ids))
    write_csv(tmp_path / "out.csv", sample.records)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as fh:
        assert [dict(r) for r in csv.DictReader(fh)] == sample.records


def test_truth_covers_every_record(sample: Generated, persons: dict[str, TruePerson]):
    assert set(sample.truth) == {r["id"] for r in sample.records}
    assert set(sample.truth.values()) <= set(persons)
    assert set(sample.errors) <= set(sample.truth)
    assert {kind for kinds in sample.errors.values() for kind in kinds} <= set(ERROR_KINDS)


def test_every_error_kind_occurs(sample: Generated):
    counts = Counter(kind for kinds in sample.errors.values() for kind in kinds)
    assert set(counts) == set(ERROR_KINDS), set(ERROR_KINDS) - set(counts)


def test_population_size_and_records_per_person(sample: Generated):
    assert len(sample.population.persons) == SAMPLE
    assert len(sample.records) / SAMPLE == pytest.approx(records_per_person(), rel=0.1)
    assert 1.55 < records_per_person() < 1.7
    assert persons_for_records(1_000_000) == round(1_000_000 / records_per_person())


def test_coverage_per_source_as_configured(sample: Generated):
    listed: dict[str, set[str]] = defaultdict(set)
    for record in sample.records:
        listed[record["sumber"]].add(sample.truth[record["id"]])
    for profile in SOURCES:
        assert len(listed[profile.name]) / SAMPLE == pytest.approx(profile.coverage, rel=0.2), profile.name
    # Programmes overlap, as targeting on one poverty ranking makes them: most listed people are in 1-3.
    per_person = Counter(
        sum(pid in people for people in listed.values()) for pid in {p for s in listed.values() for p in s}
    )
    assert sum(per_person[k] for k in (1, 2, 3)) > 0.6 * sum(per_person.values())


# --- The true population -------------------------------------------------------------------------------


def test_true_numbers_are_valid_and_agree_with_the_person(sample: Generated):
    population = sample.population
    niks = [p.nik for p in population.persons if p.nik] + [
        p.previous_nik for p in population.persons if p.previous_nik
    ]
    assert len(niks) == len(set(niks))
    for person in population.persons:
        if not person.nik:
            assert age_days(person) < 2 * 365  # only babies lack a NIK
            continue
        for nik in filter(None, (person.nik, person.previous_nik)):
            info = parse_nik(nik)
            assert check_nik(nik, birth_date=person.birth_date, sex=person.sex) == []
            expected = make_nik(kecamatan_code=info.kecamatan_code, birth_date=person.birth_date, sex=person.sex,
                                serial=info.serial)  # fmt: skip
            assert nik == expected
    for household in population.households:
        for kk in filter(None, (household.no_kk, household.previous_no_kk)):
            info = parse_kk(kk)
            issued = info.issue_date_candidates(REFERENCE_DATE)[0]
            assert kk == make_kk(kecamatan_code=info.kecamatan_code, issued=issued, serial=info.serial)
        members = [population.persons[i] for i in household.members]
        assert members[0].relation == "1"
        assert {m.household_id for m in members} == {household.household_id}
        assert {m.no_kk for m in members} == {household.no_kk}
        assert all(m.desa_code == household.address.desa.code for m in members)


def test_areas_are_real(sample: Generated):
    regency = sample.population.regency
    assert regency.code == "11.06" and regency.name == "ACEH BESAR"
    codes = {d.code for d in regency.desa}
    assert len(codes) == 604
    assert all(
        p.desa_code in codes and p.desa_code.startswith(p.kecamatan_code) for p in sample.population.persons
    )


def test_twins(sample: Generated, persons: dict[str, TruePerson]):
    pairs = [(p, persons[p.twin_id]) for p in persons.values() if p.twin_id and p.person_id < p.twin_id]
    assert len(pairs) >= 5
    for a, b in pairs:
        assert (
            a.household_id == b.household_id and a.birth_date == b.birth_date and a.person_id != b.person_id
        )
        if a.sex == b.sex and a.nik and b.nik:
            assert abs(int(a.nik) - int(b.nik)) == 1  # consecutive serials

    # Most twins have near-identical names: HASAN/HUSEN FIRDAUS, RIZKI RAMADHAN/RIZKA RAMADHANI.
    def similar(a: TruePerson, b: TruePerson) -> bool:
        words_a, words_b = (p.name.split(" BIN")[0].split() for p in (a, b))
        first_a, first_b = (
            next((w for w in words if not w.startswith("M")), words[0]) for words in (words_a, words_b)
        )
        return words_a[-1][:4] == words_b[-1][:4] and first_a[0] == first_b[0] and a.name != b.name

    assert sum(similar(a, b) for a, b in pairs) >= 0.6 * len(pairs)


def test_son_with_his_fathers_name(sample: Generated):
    persons = sample.population.persons
    found = 0
    for household in sample.population.households:
        members = [persons[i] for i in household.members]
        for son in members:
            if son.sex == "L" and son.relation in ("4", "6"):
                fathers = [
                    m
                    for m in members
                    if m.name == son.name and m.birth_date < son.birth_date and m.sex == "L"
                ]
                found += bool(fathers)
    assert found >= 5


def test_heaped_and_common_names(sample: Generated):
    persons = sample.population.persons
    older = [p for p in persons if p.birth_date.year < 1975]
    heaped = [p for p in older if (p.birth_date.month, p.birth_date.day) in ((1, 1), (12, 31))]
    assert 0.05 < len(heaped) / len(older) < 0.3
    # Heaped people share a birth date in one kecamatan: the NIK prefix is shared, only the serial differs.
    by_prefix = Counter((p.kecamatan_code, p.birth_date, p.sex) for p in heaped)
    assert max(by_prefix.values()) >= 2
    words = Counter(w for p in persons for w in set(p.name.split()))
    for common in ("MUHAMMAD", "SITI", "NUR"):
        assert words[common] / len(persons) > 0.03, common
    by_desa = Counter((p.desa_code, p.name) for p in persons)
    assert any(count >= 2 for count in by_desa.values())  # namesakes in one village


def test_babies_without_nik(sample: Generated):
    babies = [p for p in sample.population.persons if not p.nik]
    assert babies and all(age_days(p) < 2 * 365 for p in babies)
    assert any(p.mother_name for p in babies)


# --- Errors in the lists -------------------------------------------------------------------------------


def test_copied_nik(sample: Generated, persons: dict[str, TruePerson]):
    heads = {p.household_id: p for p in persons.values() if p.relation == "1"}
    copied = records_with(sample, "nik_copied")
    assert copied
    for record in copied:
        person = persons[sample.truth[record["id"]]]
        assert person.relation != "1"
        if "nik_excel" not in sample.errors[record["id"]]:
            head = heads[person.household_id]
            assert record["nik"] in {head.nik, head.previous_nik}
    # A baby without a NIK is often listed under the head's NIK.
    assert any(not persons[sample.truth[r["id"]]].nik for r in copied)


def test_excel_damaged_nik(sample: Generated, persons: dict[str, TruePerson]):
    damaged = records_with(sample, "nik_excel")
    scientific = [r for r in damaged if looks_excel_damaged(r["nik"])]
    last_zero = [r for r in damaged if not looks_excel_damaged(r["nik"])]
    assert scientific and last_zero
    assert any("," in r["nik"] for r in scientific)  # Indonesian-locale decimal comma
    for record in last_zero:
        kinds = set(sample.errors[record["id"]])
        if kinds & {"nik_copied", "nik_typo", "nik_is_kk"}:
            continue  # damaged after the other error
        person = persons[sample.truth[record["id"]]]
        true = person.previous_nik if "old_nik" in kinds else person.nik
        assert record["nik"] == true[:15] + "0" != true
    # Excel damages a sheet (one desa of one list), not single cells.
    sheets = Counter((r["sumber"], r["kode_desa"]) for r in damaged)
    assert max(sheets.values()) >= 3


def test_newborns_listed_by_mothers_name(sample: Generated, persons: dict[str, TruePerson]):
    aliases = records_with(sample, "newborn_alias")
    assert aliases
    for record in aliases:
        baby = persons[sample.truth[record["id"]]]
        assert not baby.nik and age_days(baby) < 365
        assert re.match(r"(?i)(BY|BAYI)\b", record["nama"].strip())
        # Spacing noise may join the mother's words.
        assert baby.mother_name.replace(" ", "").lower() in record["nama"].replace(" ", "").lower()


def test_movers_with_a_new_nik(sample: Generated, persons: dict[str, TruePerson]):
    stale = records_with(sample, "old_nik")
    assert stale
    assert any(r["nik"] == persons[sample.truth[r["id"]]].previous_nik for r in stale)
    # The same person also appears with the current NIK elsewhere.
    current = {(sample.truth[r["id"]], r["nik"]) for r in sample.records}
    assert any((sample.truth[r["id"]], persons[sample.truth[r["id"]]].nik) in current for r in stale)
    for record in stale:
        assert "old_address" in sample.errors[record["id"]]


def test_old_addresses_point_to_the_previous_desa(sample: Generated, persons: dict[str, TruePerson]):
    households = {h.household_id: h for h in sample.population.households}
    stale = [r for r in records_with(sample, "old_address") if "desa_as_name" not in sample.errors[r["id"]]]
    assert stale
    for record in stale:
        household = households[persons[sample.truth[record["id"]]].household_id]
        assert household.previous_address is not None
        assert record["kode_desa"].replace(".", "") == household.previous_address.desa.code.replace(".", "")


def test_old_spelling(sample: Generated, persons: dict[str, TruePerson]):
    old = records_with(sample, "old_spelling")
    assert old
    assert any(
        OLD_MARKS.search(r["nama"].upper()) and not OLD_MARKS.search(persons[sample.truth[r["id"]]].name)
        for r in old
    )
    for record in old:
        assert persons[sample.truth[record["id"]]].birth_date.year < 1972


def test_niks_valid_unless_deliberately_damaged(sample: Generated, persons: dict[str, TruePerson]):
    heads = {p.household_id: p for p in persons.values() if p.relation == "1"}
    damaging = {"nik_typo", "nik_excel", "nik_is_kk"}
    checked = 0
    for record in sample.records:
        kinds = set(sample.errors.get(record["id"], ()))
        if not record["nik"] or kinds & damaging:
            continue
        parse_nik(record["nik"])
        person = persons[sample.truth[record["id"]]]
        head = heads[person.household_id]
        assert record["nik"] in {person.nik, person.previous_nik, head.nik, head.previous_nik}
        checked += 1
    assert checked > 0.7 * len(sample.records)


def test_birth_dates_parse_and_are_exact_unless_estimated(sample: Generated, persons: dict[str, TruePerson]):
    formats = Counter()
    for record in sample.records:
        text = record["tanggal_lahir"]
        if not text:
            assert "birth_date_missing" in sample.errors.get(record["id"], ())
            continue
        try:
            parsed = parse_date(text, today=REFERENCE_DATE)
        except DateParseError as exc:  # pragma: no cover - shown on failure
            pytest.fail(f"{text!r}: {exc}")
        assert parsed is not None
        formats[parsed.source_format] += 1
        if "birth_date_estimated" not in sample.errors.get(record["id"], ()):
            assert parsed.value == persons[sample.truth[record["id"]]].birth_date, text
    assert {"yyyy-mm-dd", "dd/mm/yyyy", "dd-mm-yyyy", "excel-serial", "yyyy"} <= set(formats)
    assert any("mon" in layout or "month" in layout for layout in formats)


def test_blt_dd_is_the_dirtiest_and_dtks_the_cleanest(sample: Generated):
    rates: dict[str, float] = {}
    for profile in SOURCES:
        records = [r for r in sample.records if r["sumber"] == profile.name]
        rates[profile.name] = sum(len(sample.errors.get(r["id"], ())) for r in records) / len(records)
    assert rates["BLT-DD"] == max(rates.values())
    assert rates["DTKS"] == min(rates.values())
    blt = [r for r in sample.records if r["sumber"] == "BLT-DD"]
    assert any(r["nama"] != r["nama"].upper() for r in blt)  # typed in other cases
    assert any(not re.fullmatch(r"[\d.]+", r["kode_desa"]) for r in blt)  # desa by name


def test_source_profiles_are_checked():
    with pytest.raises(ValueError, match="name_typo"):
        replace(SOURCES[0], name_typo=1.5)
    with pytest.raises(ValueError, match="add up"):
        replace(SOURCES[0], nik_missing=0.6, nik_typo=0.6)
    with pytest.raises(ValueError, match="date formats"):
        replace(SOURCES[0], date_formats=(("mm/dd/yyyy", 1.0),))
    with pytest.raises(ValueError, match="unique"):
        generate(persons=10, seed=1, sources=(SOURCES[0], SOURCES[0]))


def test_a_clean_source_has_no_errors():
    clean = SourceProfile(name="BERSIH", coverage=0.5)
    generated = generate(persons=400, seed=3, sources=(clean,))
    assert generated.records and not generated.errors


@pytest.mark.parametrize(("regency", "typical"), [("32.12", {"ASEP", "UJANG", "DEDE", "NENG", "EUIS"}),
                                                  ("33.10", {"SRI", "EKO", "SLAMET", "AGUS", "WAHYUNI"})])  # fmt: skip
def test_other_regions_get_their_own_names(regency: str, typical: set[str]):
    generated = generate(persons=1500, seed=4, regency=regency)
    words = Counter(w for p in generated.population.persons for w in p.name.split())
    assert typical & {w for w, _ in words.most_common(40)}
    assert all(p.desa_code.startswith(regency) for p in generated.population.persons)
    assert not any(p.name.startswith(("T. ", "TEUKU ", "CUT ")) for p in generated.population.persons)
