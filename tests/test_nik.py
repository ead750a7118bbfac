"""NIK and KK parsing, consistency warnings, Excel recovery and masking (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core.nik import (
    KkError,
    KkInfo,
    NikError,
    NikInfo,
    NikWarning,
    check_nik,
    clean_digits,
    looks_excel_damaged,
    make_kk,
    make_nik,
    mask_nik,
    normalise_excel_nik,
    parse_kk,
    parse_nik,
)

# 11.06.01, born 1 January 1990, man, serial 0001 / the same data for a woman.
MALE_NIK = "1106010101900001"
FEMALE_NIK = "1106014101900001"
TODAY = date(2025, 6, 15)

kecamatan_codes = st.tuples(st.integers(11, 94), st.integers(1, 99), st.integers(1, 99)).map(
    lambda parts: "{:02d}.{:02d}.{:02d}".format(*parts)
)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(["L", "P"])
serials = st.integers(1, 9999)


# --- clean_digits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1106010101900001", "1106010101900001"),
        (" 1106 0101 0190 0001 ", "1106010101900001"),
        ("11.06.01-010190-0001", "1106010101900001"),
        ("'1106010101900001", "1106010101900001"),
        ("\u20191106010101900001", "1106010101900001"),
        ("\ufeff1106\u00a0010101900001", "1106010101900001"),
        ("11O6010101900001", "11O6010101900001"),  # letter O is not "fixed" to zero
        ("1106010101900001.0", "11060101019000010"),  # a float suffix is normalise_excel_nik's job
        ("3.20101E+15", "320101E+15"),
        ("", ""),
    ],
)
def test_clean_digits(raw, expected):
    assert clean_digits(raw) == expected


@given(st.text())
def test_clean_digits_is_idempotent(raw):
    once = clean_digits(raw)
    assert clean_digits(once) == once


# --- parse_nik ------------------------------------------------------------------------------------------


def test_parse_male_nik():
    assert parse_nik(MALE_NIK) == NikInfo(
        nik=MALE_NIK,
        kecamatan_code="11.06.01",
        birth_day=1,
        birth_month=1,
        birth_yy=90,
        sex="L",
        serial=1,
    )


def test_parse_female_nik_removes_forty_from_day():
    info = parse_nik(FEMALE_NIK)
    assert (info.birth_day, info.birth_month, info.birth_yy, info.sex) == (1, 1, 90, "P")


@pytest.mark.parametrize(("dd", "day", "sex"), [("31", 31, "L"), ("41", 1, "P"), ("71", 31, "P")])
def test_parse_day_boundaries(dd, day, sex):
    info = parse_nik(f"110601{dd}0190" + "0001")
    assert (info.birth_day, info.sex) == (day, sex)


def test_parse_nik_cleans_separators_and_exposes_codes():
    info = parse_nik("'11.06.01 010190 0001")
    assert info.nik == MALE_NIK
    assert info.province_code == "11"
    assert info.regency_code == "11.06"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "NIK kosong"),
        ("110601010190001", "harus 16 digit, tetapi yang diisi 15 digit"),
        ("11060101019000011", "yang diisi 17 digit"),
        ("11O6010101900001", "hanya boleh berisi angka"),
        ("\uff11106010101900001", "hanya boleh berisi angka"),  # full-width digit
        ("3.20101E+15", "notasi ilmiah"),
        ("1106010100900001", "Bulan pada NIK .* adalah 00; harus 01 sampai 12"),
        ("1106010113900001", "Bulan pada NIK .* adalah 13; harus 01 sampai 12"),
        ("1106010101900000", "0000"),
    ],
)
def test_parse_nik_rejects_malformed_with_message(raw, fragment):
    with pytest.raises(NikError, match=fragment):
        parse_nik(raw)


@pytest.mark.parametrize("dd", ["00", "32", "39", "40", "72", "99"])
def test_parse_nik_rejects_impossible_day(dd):
    with pytest.raises(NikError, match="01-31 untuk laki-laki atau 41-71 untuk perempuan"):
        parse_nik(f"110601{dd}0190" + "0001")


@pytest.mark.parametrize("ddmmyy", ["300290", "310490", "710490", "290201", "690201"])
def test_parse_nik_rejects_day_not_in_month(ddmmyy):
    with pytest.raises(NikError, match="tidak ada di kalender"):
        parse_nik(f"110601{ddmmyy}0001")


def test_nik_error_is_value_error():
    assert issubclass(NikError, ValueError)


# --- birth_date_candidates ------------------------------------------------------------------------------


def test_candidates_newest_first():
    info = parse_nik("1106010101100001")  # 01-01-10
    assert info.birth_date_candidates(TODAY) == [date(2010, 1, 1), date(1910, 1, 1)]


def test_candidates_exclude_future():
    info = parse_nik(MALE_NIK)  # 01-01-90: 2090 is in the future
    assert info.birth_date_candidates(TODAY) == [date(1990, 1, 1)]


def test_candidates_include_today():
    info = parse_nik(make_nik(kecamatan_code="11.06.01", birth_date=TODAY, sex="L", serial=1))
    assert info.birth_date_candidates(TODAY)[0] == TODAY


def test_feb_29_year_00_is_only_2000():
    info = parse_nik("1106012902000001")  # 1900 was not a leap year
    assert info.birth_date_candidates(TODAY) == [date(2000, 2, 29)]


def test_feb_29_woman_in_leap_year_has_both_centuries():
    info = parse_nik("1106016902040001")  # 69 = 29 + 40
    assert info.sex == "P"
    assert info.birth_date_candidates(TODAY) == [date(2004, 2, 29), date(1904, 2, 29)]


def test_feb_29_before_either_century_is_empty():
    assert parse_nik("1106012902960001").birth_date_candidates(date(1950, 1, 1)) == []


# --- check_nik ------------------------------------------------------------------------------------------


def test_check_consistent_nik_has_no_warnings():
    assert check_nik(MALE_NIK, birth_date=date(1990, 1, 1), sex="L", known_kecamatan={"11.06.01"}) == []


def test_check_without_context_has_no_warnings():
    assert check_nik(FEMALE_NIK) == []


def test_check_malformed_nik_gives_single_invalid_warning():
    warnings = check_nik("110601010190001", birth_date=date(1990, 1, 1), sex="L")
    assert len(warnings) == 1
    assert warnings[0].code == "invalid"
    with pytest.raises(NikError) as exc:
        parse_nik("110601010190001")
    assert warnings[0].message == str(exc.value)


def test_check_unknown_kecamatan_with_container():
    warnings = check_nik(MALE_NIK, known_kecamatan={"11.06.02"})
    assert [w.code for w in warnings] == ["unknown_kecamatan"]
    assert "11.06.01" in warnings[0].message


def test_check_kecamatan_with_predicate_receives_dotted_code():
    seen = []

    def known(code: str) -> bool:
        seen.append(code)
        return True

    assert check_nik(MALE_NIK, known_kecamatan=known) == []
    assert seen == ["11.06.01"]


def test_check_birth_date_mismatch_compares_two_digit_year():
    # 2090 has the same DDMMYY as 1990, which is all a NIK can say.
    assert check_nik(MALE_NIK, birth_date=date(2090, 1, 1)) == []
    warnings = check_nik(MALE_NIK, birth_date=date(1990, 1, 2))
    assert [w.code for w in warnings] == ["birth_date_mismatch"]
    assert "02-01-1990" in warnings[0].message


def test_check_woman_birth_date_uses_real_day():
    assert check_nik(FEMALE_NIK, birth_date=date(1990, 1, 1), sex="P") == []


def test_check_sex_mismatch():
    warnings = check_nik(FEMALE_NIK, sex="L")
    assert warnings == [NikWarning(code="sex_mismatch", message=warnings[0].message)]
    assert "perempuan" in warnings[0].message


def test_check_sex_is_case_insensitive():
    assert check_nik(FEMALE_NIK, sex="p") == []


def test_check_rejects_unknown_sex_argument():
    with pytest.raises(ValueError, match="Jenis kelamin"):
        check_nik(MALE_NIK, sex="X")


def test_check_reports_all_warnings_in_order():
    warnings = check_nik(MALE_NIK, birth_date=date(1991, 1, 1), sex="P", known_kecamatan=set())
    assert [w.code for w in warnings] == ["unknown_kecamatan", "birth_date_mismatch", "sex_mismatch"]


# --- Excel damage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["3.20101E+15", "3,20101E+15", "3.20101e+15", "3.2010101019E+15", " 3E15 "])
def test_scientific_notation_is_damaged_and_unrecoverable(raw):
    assert looks_excel_damaged(raw)
    nik, reason = normalise_excel_nik(raw)
    assert nik is None
    assert "notasi ilmiah" in reason


@pytest.mark.parametrize("raw", ["3201010101900001", "3201010101900001.0", "E+15", "SITI"])
def test_plain_values_are_not_excel_damaged(raw):
    assert not looks_excel_damaged(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "3201010101900001",
        "3201010101900001.0",
        "3201010101900001,0",
        "3201010101900001.00",
        "'3201010101900001",
        "3201 0101 0190 0001",
        " 3201-0101-0190-0001 ",
        3201010101900001,
        3201010101900001.0,
    ],
)
def test_excel_forms_recovered_exactly(raw):
    assert normalise_excel_nik(raw) == ("3201010101900001", None)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("320101010190001", "15 digit"),
        ("32010101019000011", "17 digit"),
        ("320101010190001.0", "15 digit"),
        ("3201010101900001.5", "desimal"),
        ("NIK 3201010101900001", "hanya boleh berisi angka"),
        ("", "kosong"),
        ("   ", "kosong"),
        (None, "kosong"),
        (3201010101900001.5, "bilangan bulat"),
        (-3201010101900001, "bilangan bulat"),
        # Above 2**53 a float's last digit may already have been rounded: every Papua NIK (91..).
        ("9171010101900002.0", "digit terakhirnya mungkin sudah berubah"),
        (9171010101900002.0, "digit terakhirnya mungkin sudah berubah"),
    ],
)
def test_excel_forms_not_recoverable(raw, fragment):
    nik, reason = normalise_excel_nik(raw)
    assert nik is None
    assert fragment in reason


def test_large_nik_as_text_or_int_is_exact():
    assert normalise_excel_nik("9171010101900001") == ("9171010101900001", None)
    assert normalise_excel_nik(9171010101900001) == ("9171010101900001", None)


def test_thousands_grouping_is_not_mistaken_for_a_decimal_fraction():
    # The last group is all zeros, but the dots separate thousands: nothing may be cut off.
    assert normalise_excel_nik("3.201.010.101.901.000") == ("3201010101901000", None)


# --- mask_nik -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1106010101900007", "1106**********07"),
        ("", ""),
        ("123456", "******"),
        ("1234567", "1234*67"),
        ("1", "*"),
    ],
)
def test_mask_nik(raw, expected):
    assert mask_nik(raw) == expected


@given(st.text(alphabet="0123456789 .-'", max_size=40))
def test_mask_never_reveals_more_than_six_digits(raw):
    masked = mask_nik(raw)
    assert len(masked) == len(raw)
    assert sum(ch.isdigit() for ch in masked) <= 6
    assert all(m in ("*", r) for m, r in zip(masked, raw, strict=True))


# --- make_nik / round trip ------------------------------------------------------------------------------


def test_make_nik_examples():
    assert make_nik(kecamatan_code="11.06.01", birth_date=date(1990, 1, 1), sex="L", serial=1) == MALE_NIK
    assert make_nik(kecamatan_code="110601", birth_date=date(1990, 1, 1), sex="P", serial=1) == FEMALE_NIK


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kecamatan_code": "11.06"},
        {"kecamatan_code": "1106011"},
        {"kecamatan_code": "11-06-01"},
        {"birth_date": date(1899, 12, 31)},
        {"birth_date": date(2100, 1, 1)},
        {"sex": "X"},
        {"serial": 0},
        {"serial": 10000},
        {"serial": True},
        {"serial": 1.0},
    ],
)
def test_make_nik_validates_arguments(kwargs):
    arguments = {"kecamatan_code": "11.06.01", "birth_date": date(1990, 1, 1), "sex": "L", "serial": 1}
    with pytest.raises(ValueError):
        make_nik(**(arguments | kwargs))


@given(kecamatan_codes, birth_dates, sexes, serials)
def test_make_then_parse_round_trip(kecamatan_code, birth_date, sex, serial):
    nik = make_nik(kecamatan_code=kecamatan_code, birth_date=birth_date, sex=sex, serial=serial)
    info = parse_nik(nik)
    assert len(nik) == 16
    assert info.nik == nik
    assert info.kecamatan_code == kecamatan_code
    assert (info.birth_day, info.birth_month, info.birth_yy) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    )
    assert info.sex == sex
    assert info.serial == serial
    assert birth_date in info.birth_date_candidates(date(2100, 1, 1))


@given(kecamatan_codes, birth_dates, sexes, serials)
def test_check_consistent_data_gives_no_warnings(kecamatan_code, birth_date, sex, serial):
    nik = make_nik(kecamatan_code=kecamatan_code, birth_date=birth_date, sex=sex, serial=serial)
    assert check_nik(nik, birth_date=birth_date, sex=sex, known_kecamatan={kecamatan_code}) == []


@given(kecamatan_codes, birth_dates, sexes, serials)
def test_check_flipped_sex_gives_sex_mismatch(kecamatan_code, birth_date, sex, serial):
    nik = make_nik(kecamatan_code=kecamatan_code, birth_date=birth_date, sex=sex, serial=serial)
    flipped = "P" if sex == "L" else "L"
    warnings = check_nik(nik, birth_date=birth_date, sex=flipped, known_kecamatan={kecamatan_code})
    assert [w.code for w in warnings] == ["sex_mismatch"]


@given(kecamatan_codes, birth_dates, sexes, serials)
def test_excel_recovery_of_float_text_round_trips_below_2_53(kecamatan_code, birth_date, sex, serial):
    nik = make_nik(kecamatan_code=kecamatan_code, birth_date=birth_date, sex=sex, serial=serial)
    recovered, reason = normalise_excel_nik(nik + ".0")
    if int(nik) <= 2**53:
        assert (recovered, reason) == (nik, None)
    else:
        assert recovered is None


# --- KK -------------------------------------------------------------------------------------------------


def test_parse_kk():
    assert parse_kk("1106011503120004") == KkInfo(
        kk="1106011503120004",
        kecamatan_code="11.06.01",
        issue_day=15,
        issue_month=3,
        issue_yy=12,
        serial=4,
    )


def test_kk_day_has_no_female_offset():
    with pytest.raises(KkError, match="harus 01 sampai 31"):
        parse_kk("1106014101900001")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Nomor KK kosong"),
        ("110601150312004", "15 digit"),
        ("1106011513120004", "Bulan"),
        ("1106013002120004", "tidak ada di kalender"),
        ("1106011503120000", "0000"),
        ("3.20101E+15", "notasi ilmiah"),
        ("11060115031200A4", "hanya boleh berisi angka"),
    ],
)
def test_parse_kk_rejects_malformed(raw, fragment):
    with pytest.raises(KkError, match=fragment):
        parse_kk(raw)


def test_kk_issue_date_candidates():
    assert parse_kk("1106011503120004").issue_date_candidates(TODAY) == [date(2012, 3, 15), date(1912, 3, 15)]


def test_make_kk_validates_arguments():
    with pytest.raises(ValueError):
        make_kk(kecamatan_code="11.06.01", issued=date(2012, 3, 15), serial=0)
    with pytest.raises(ValueError):
        make_kk(kecamatan_code="1106", issued=date(2012, 3, 15), serial=1)


@given(kecamatan_codes, birth_dates, serials)
def test_make_kk_then_parse_round_trip(kecamatan_code, issued, serial):
    info = parse_kk(make_kk(kecamatan_code=kecamatan_code, issued=issued, serial=serial))
    assert info.kecamatan_code == kecamatan_code
    assert (info.issue_day, info.issue_month, info.issue_yy, info.serial) == (
        issued.day,
        issued.month,
        issued.year % 100,
        serial,
    )
