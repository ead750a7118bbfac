"""Resolving a desa/kelurahan written as a code or a name (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.imports import desa
from sinergi.imports.desa import DesaResolver, Resolution, Village, _distance, _within_one_edit

REGENCY = "Kabupaten Aceh Besar"

# Hand-made from Aceh Besar's real villages. Invented to cover cases the real list lacks here: a second
# Lambaro (11.06.21.2099) and a kelurahan and desa both called Jantho in one kecamatan (15.1001/15.2001).
VILLAGES = [
    Village("11.06.07.2001", "Lampeuneurut Ujong Blang", "Darul Imarah"),
    Village("11.06.07.2002", "Lampeuneurut Gampong", "Darul Imarah"),
    Village("11.06.07.2003", "Lamreung", "Darul Imarah"),
    Village("11.06.07.2004", "Lamcot", "Darul Imarah"),
    Village("11.06.07.2028", "Gue Gajah", "Darul Imarah"),
    Village("11.06.10.2001", "Lambaro", "Ingin Jaya"),
    Village("11.06.10.2028", "Bineh Blang", "Ingin Jaya"),
    Village("11.06.10.2045", "Lamcot", "Ingin Jaya"),
    Village("11.06.10.2049", "Lamdaya", "Ingin Jaya"),
    Village("11.06.21.2006", "Miruk", "Krueng Barona Jaya"),
    Village("11.06.21.2007", "Lam Gapang", "Krueng Barona Jaya"),
    Village("11.06.21.2099", "Lambaro", "Krueng Barona Jaya"),
    Village("11.06.02.2015", "Lampaya", "Lhoknga"),
    Village("11.06.05.2015", "Lamraya", "Montasik"),
    Village("11.06.08.2005", "Gampong Baro", "Peukan Bada"),
    Village("11.06.11.2007", "Cot Mancang", "Kuta Baro"),
    Village("11.06.15.1001", "Jantho", "Kota Jantho"),
    Village("11.06.15.2001", "Jantho", "Kota Jantho"),
]


@pytest.fixture
def resolver() -> DesaResolver:
    return DesaResolver(VILLAGES, regency_code="11.06", regency_name=REGENCY)


def ok(code: str, matched_name: str | None = None) -> Resolution:
    return Resolution(code, None, matched_name)


# --- codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "11.06.07.2003",
        "1106072003",
        "1106072003.0",  # a number that went through Excel as a float
        "1106072003,0",  # the same with Indonesian Excel's decimal comma
        "'1106072003",  # Excel's text prefix
        "\u20181106072003",
        " 11 06 07 2003 ",
        "11.06.07.2003 ",
    ],
)
def test_codes(resolver, raw):
    assert resolver.resolve(raw) == ok("11.06.07.2003")


def test_code_of_another_regency(resolver):
    result = resolver.resolve("1171012001")
    assert (result.code, result.reason) == (None, desa.OTHER_REGENCY)
    assert "'1171012001' (11.71.01.2001)" in result.problem
    assert "milik kabupaten/kota lain (kode 11.71)" in result.problem
    assert "impor ini untuk Kabupaten Aceh Besar" in result.problem


def test_unknown_code_in_the_regency(resolver):
    result = resolver.resolve("11.06.07.2999")
    assert (result.code, result.reason) == (None, desa.UNKNOWN_CODE)
    assert "Kode desa '11.06.07.2999' tidak ada dalam daftar desa Kabupaten Aceh Besar" in result.problem


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("11.06.07", "'11.06.07' adalah kode kecamatan, bukan kode desa"),
        ("110607", "'110607' adalah kode kecamatan"),
        ("11.06.07.20", "Kode desa '11.06.07.20' tidak dikenali"),
        ("11060720011", "tidak dikenali"),
        ("1.10607E+09", "notasi ilmiah"),
    ],
)
def test_malformed_codes(resolver, raw, phrase):
    result = resolver.resolve(raw)
    assert (result.code, result.reason) == (None, desa.INVALID_CODE)
    assert phrase in result.problem


# --- exact names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Lamreung", "11.06.07.2003"),
        ("LAMREUNG", "11.06.07.2003"),
        ("  lamreung ", "11.06.07.2003"),
        ("Lamréung", "11.06.07.2003"),
        ("Desa Lamreung", "11.06.07.2003"),
        ("Ds. Lamreung", "11.06.07.2003"),
        ("DS LAMREUNG", "11.06.07.2003"),
        ("Gampong Lamreung", "11.06.07.2003"),
        ("Gp. Lamreung", "11.06.07.2003"),
        ("Kel. Miruk", "11.06.21.2006"),
        ("Kelurahan/Desa Miruk", "11.06.21.2006"),
        ("Pekon Miruk", "11.06.21.2006"),
        ("Gue-Gajah", "11.06.07.2028"),
        ("gue gajah.", "11.06.07.2028"),
        # Joined and split spellings.
        ("Lam Reung", "11.06.07.2003"),
        ("LAMGAPANG", "11.06.21.2007"),
        ("Lampeuneurut  Gampong", "11.06.07.2002"),
        ("LAMPEUNEURUTGAMPONG", "11.06.07.2002"),
        ("BinehBlang", "11.06.10.2028"),
        # Spelling before 1972.
        ("Tjot Mantjang", "11.06.11.2007"),
        # A village whose name starts with a type word keeps it, and can be written without it.
        ("Gampong Baro", "11.06.08.2005"),
        ("Baro", "11.06.08.2005"),
    ],
)
def test_exact_names(resolver, raw, code):
    assert resolver.resolve(raw) == ok(code)


def test_dusun_is_not_a_desa_prefix(resolver):
    result = resolver.resolve("Dusun Lamreung")
    assert result.code is None
    assert "Desa 'Dusun Lamreung' tidak ditemukan di Kabupaten Aceh Besar." in result.problem


def test_same_name_in_two_kecamatan(resolver):
    result = resolver.resolve("Lambaro")
    assert (result.code, result.reason) == (None, desa.AMBIGUOUS)
    assert result.problem == (
        "Desa 'Lambaro' ada di lebih dari satu kecamatan: Lambaro (Kec. Ingin Jaya, kode 11.06.10.2001); "
        "Lambaro (Kec. Krueng Barona Jaya, kode 11.06.21.2099). Isi kolom kecamatan atau pakai kode desa."
    )
    assert resolver.resolve("Lambaro", "Ingin Jaya") == ok("11.06.10.2001")
    assert resolver.resolve("LAMBARO", "Kec. Krueng Barona Jaya") == ok("11.06.21.2099")
    assert resolver.resolve("Lambaro", "KECAMATAN KRUENG BARONA JAYA") == ok("11.06.21.2099")
    assert resolver.resolve("Lambaro", "kruengbaronajaya") == ok("11.06.21.2099")
    assert resolver.resolve("Lambaro", "11.06.10") == ok("11.06.10.2001")
    assert resolver.resolve("Lambaro", "110621") == ok("11.06.21.2099")
    # A kecamatan one edit off still picks among the candidates.
    assert resolver.resolve("Lamcot", "Ingin Jya") == ok("11.06.10.2045")
    assert resolver.resolve("Lamcot", "Darul Imarrah") == ok("11.06.07.2004")


def test_kecamatan_that_does_not_settle_it(resolver):
    wrong = resolver.resolve("Lamcot", "Montasik")
    assert (wrong.code, wrong.reason) == (None, desa.AMBIGUOUS)
    assert "Desa 'Lamcot' ada di lebih dari satu kecamatan" in wrong.problem
    assert (
        "Kolom kecamatan berisi 'Montasik' (Kecamatan Montasik), tetapi desa itu tidak ada di sana"
        in wrong.problem
    )
    unknown = resolver.resolve("Lamcot", "Sukajadi")
    assert (unknown.code, unknown.reason) == (None, desa.AMBIGUOUS)
    assert "Kecamatan 'Sukajadi' tidak dikenal di Kabupaten Aceh Besar" in unknown.problem


def test_kecamatan_is_not_needed_for_a_unique_name(resolver):
    assert resolver.resolve("Lamreung", "") == ok("11.06.07.2003")
    assert resolver.resolve("Lamreung", "Darul Imarah") == ok("11.06.07.2003")


def test_kelurahan_and_desa_of_one_name_in_one_kecamatan(resolver):
    result = resolver.resolve("Jantho", "Kota Jantho")
    assert (result.code, result.reason) == (None, desa.AMBIGUOUS)
    assert "Di Kecamatan Kota Jantho pun ada lebih dari satu" in result.problem
    assert "tulis 'Kelurahan Jantho' atau 'Desa Jantho'" in result.problem
    assert resolver.resolve("Kelurahan Jantho") == ok("11.06.15.1001")
    assert resolver.resolve("Kel. Jantho") == ok("11.06.15.1001")
    assert resolver.resolve("Desa Jantho") == ok("11.06.15.2001")


def test_numerals_stay_apart():
    villages = [
        Village("12.07.28.1007", "Lubuk Pakam I,II", "Lubuk Pakam"),
        Village("12.07.28.1008", "Lubuk Pakam III", "Lubuk Pakam"),
    ]
    resolver = DesaResolver(villages, regency_code="1207", regency_name="Kabupaten Deli Serdang")
    assert resolver.resolve("Lubuk Pakam I II") == ok("12.07.28.1007")
    assert resolver.resolve("LUBUK PAKAM III") == ok("12.07.28.1008")


# --- spelling variants ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "name"),
    [
        ("Lamrueng", "11.06.07.2003", "Lamreung"),  # transposition
        ("Lamreeung", "11.06.07.2003", "Lamreung"),  # insertion
        ("Ds. Lamrung", "11.06.07.2003", "Lamreung"),  # deletion, after the prefix
        ("Lampeneurut Gampong", "11.06.07.2002", "Lampeuneurut Gampong"),
        ("Bineh Blanq", "11.06.10.2028", "Bineh Blang"),  # substitution
        ("Lam Gapaang", "11.06.21.2007", "Lam Gapang"),
    ],
)
def test_one_edit_is_accepted_and_reported(resolver, raw, code, name):
    assert resolver.resolve(raw) == ok(code, matched_name=name)


def test_one_edit_from_several_is_ambiguous(resolver):
    # LAMSAYA is one substitution from Lampaya, Lamraya and Lamdaya.
    result = resolver.resolve("Lamsaya")
    assert (result.code, result.reason) == (None, desa.AMBIGUOUS)
    assert "Desa 'Lamsaya' tidak ada dalam daftar Kabupaten Aceh Besar, dan namanya mirip dengan lebih" in (
        result.problem
    )
    for described in (
        "Lampaya (Kec. Lhoknga, kode 11.06.02.2015)",
        "Lamraya (Kec. Montasik, kode 11.06.05.2015)",
        "Lamdaya (Kec. Ingin Jaya, kode 11.06.10.2049)",
    ):
        assert described in result.problem
    # Restricted to the row's kecamatan, one remains.
    assert resolver.resolve("Lamsaya", "Ingin Jaya") == ok("11.06.10.2049", matched_name="Lamdaya")


def test_one_edit_inside_the_kecamatan_only(resolver):
    result = resolver.resolve("Lamdeya", "Montasik")
    assert result.code is None
    assert "tidak ditemukan" in result.problem


def test_short_names_need_an_exact_match(resolver):
    # MIRUK has five letters: one edit is too much of it to accept, but it is suggested.
    for raw in ("Miruuk", "Mirak"):
        result = resolver.resolve(raw)
        assert result.code is None
        assert "Mungkin maksud Anda: Miruk (Kec. Krueng Barona Jaya)." in result.problem


def test_unknown_with_suggestions(resolver):
    result = resolver.resolve("Lamreuengg")
    assert result == Resolution(
        None,
        "Desa 'Lamreuengg' tidak ditemukan di Kabupaten Aceh Besar. Mungkin maksud Anda: Lamreung "
        "(Kec. Darul Imarah). Pakai nama sesuai daftar Kemendagri atau kode desa.",
        reason=desa.UNKNOWN,
    )
    shortened = resolver.resolve("Lampeuneurut")
    assert shortened.code is None
    assert (
        "Mungkin maksud Anda: Lampeuneurut Gampong (Kec. Darul Imarah), Lampeuneurut Ujong Blang "
        "(Kec. Darul Imarah)." in shortened.problem
    )


def test_unknown_without_suggestions(resolver):
    assert resolver.resolve("Xyz") == Resolution(
        None,
        "Desa 'Xyz' tidak ditemukan di Kabupaten Aceh Besar. Pakai nama sesuai daftar Kemendagri atau kode desa.",
        reason=desa.UNKNOWN,
    )


def test_every_ambiguity_says_lebih_dari_satu(resolver):
    # The importer tells ambiguous rows from unknown ones by reason, or by this phrase in the message.
    cases = [("Lambaro", ""), ("Lamcot", "Montasik"), ("Lamcot", "Sukajadi"), ("Jantho", ""), ("Lamsaya", "")]
    for raw, kecamatan in cases:
        result = resolver.resolve(raw, kecamatan)
        assert result.reason == desa.AMBIGUOUS
        assert "lebih dari satu" in result.problem
    assert "lebih dari satu" not in resolver.resolve("Xyz").problem


@pytest.mark.parametrize("raw", ["", "   ", "\t"])
def test_empty(resolver, raw):
    assert resolver.resolve(raw) == Resolution(None, "Desa/kelurahan kosong.", reason=desa.EMPTY)


def test_punctuation_only_is_empty(resolver):
    assert resolver.resolve("-") == Resolution(None, "Desa/kelurahan kosong (isinya '-').", reason=desa.EMPTY)


# --- cache and construction -------------------------------------------------------------------------------


def test_cache_returns_the_same_answer_without_recomputing(resolver, monkeypatch):
    first = resolver.resolve("Lamcot", "Ingin Jaya")
    unknown = resolver.resolve("Xyz")
    monkeypatch.setattr(resolver, "_resolve", lambda *args: pytest.fail("recomputed a cached value"))
    assert resolver.resolve("Lamcot", "Ingin Jaya") is first
    assert resolver.resolve("Xyz") is unknown
    assert first == ok("11.06.10.2045")


def test_cache_is_per_kecamatan(resolver):
    assert resolver.resolve("Lamcot", "Darul Imarah") == ok("11.06.07.2004")
    assert resolver.resolve("Lamcot", "Ingin Jaya") == ok("11.06.10.2045")
    assert resolver.resolve("Lamcot").code is None


def test_regency_code_forms():
    assert DesaResolver(VILLAGES, regency_code="1106", regency_name=REGENCY).resolve("Lamreung").code == (
        "11.06.07.2003"
    )
    with pytest.raises(ValueError):
        DesaResolver(VILLAGES, regency_code="11.6", regency_name=REGENCY)


@pytest.mark.parametrize(
    "village",
    [
        Village("11.71.01.2001", "Peuniti", "Baiturrahman"),  # another regency
        Village("1106072003", "Lamreung", "Darul Imarah"),  # not dotted
        Village("11.06.07.2003", "Lamreung lagi", "Darul Imarah"),  # a code twice
    ],
)
def test_bad_village_lists_are_a_bug(village):
    with pytest.raises(ValueError):
        DesaResolver([*VILLAGES, village], regency_code="11.06", regency_name=REGENCY)


def test_no_villages():
    result = DesaResolver([], regency_code="11.06", regency_name=REGENCY).resolve("Lamreung")
    assert result.code is None
    assert "tidak ditemukan di Kabupaten Aceh Besar" in result.problem


# --- the edit-distance helpers ----------------------------------------------------------------------------

_LETTERS = st.text(alphabet="ABLMR", max_size=8)


@given(_LETTERS, _LETTERS)
def test_within_one_edit_agrees_with_the_distance(a, b):
    assert _within_one_edit(a, b) == (_distance(a, b, 1) <= 1)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("LAMREUNG", "LAMRUENG", 1), ("LAMREUNG", "LAMREUNG", 0), ("ABC", "CBA", 2), ("LAMCOT", "LAMDAYA", 4)],
)
def test_distance(a, b, distance):
    assert _distance(a, b, 5) == distance
    # Past the limit the answer is only "more than the limit".
    assert _distance(a, b, 0) == min(distance, 1)


@given(
    st.lists(st.text(alphabet="ABLMR", min_size=6, max_size=9), min_size=1, max_size=12, unique=True),
    _LETTERS,
)
def test_symmetric_delete_finds_every_single_edit(names, query):
    villages = [Village(f"11.06.01.{2001 + i}", name, "Lhoong") for i, name in enumerate(names)]
    resolver = DesaResolver(villages, regency_code="11.06", regency_name=REGENCY)
    expected = sorted(v.code for v in villages if _within_one_edit(query, v.name))
    assert [v.code for v in resolver._near(query)] == expected
