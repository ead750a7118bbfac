"""Birth date parsing for DTKS/SIKS-NG exports and village spreadsheets (no database)."""

from __future__ import annotations

import pickle
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core.dates import (
    MONTH_NAMES_ID,
    DateParseError,
    ParsedDate,
    format_id,
    format_long_id,
    parse_date,
)

TODAY = date(2025, 6, 15)
AUG_12_1975 = date(1975, 8, 12)


def parse(raw, **kwargs):
    kwargs.setdefault("today", TODAY)
    return parse_date(raw, **kwargs)


def excel_serial(d: date) -> int:
    """Independent oracle: Excel's serial for dates from 1 March 1900 (after the fake leap day)."""
    return (d - date(1899, 12, 30)).days


def excel_serial_date(serial: int) -> date:
    return date(1899, 12, 30) + timedelta(days=serial)


# Integer serials in this range are read as years (see the module docstring).
YEAR_LIKE_SERIALS = range(1000, 2101)


# --- empty ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n", "'", " ' ", "\ufeff", float("nan")])
def test_empty_is_none(raw):
    assert parse(raw) is None


# --- one test per accepted format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "source_format"),
    [
        # Python objects, as openpyxl returns them
        (date(1975, 8, 12), AUG_12_1975, "date"),
        (datetime(1975, 8, 12, 0, 0), AUG_12_1975, "datetime"),
        (datetime(1975, 8, 12, 23, 59), AUG_12_1975, "datetime"),
        # numeric, day first
        ("12/08/1975", AUG_12_1975, "dd/mm/yyyy"),
        ("12-08-1975", AUG_12_1975, "dd-mm-yyyy"),
        ("12.08.1975", AUG_12_1975, "dd.mm.yyyy"),
        ("1/8/1975", date(1975, 8, 1), "dd/mm/yyyy"),
        ("5/08/1975", date(1975, 8, 5), "dd/mm/yyyy"),
        ("05/08/1975", date(1975, 8, 5), "dd/mm/yyyy"),  # day first: 5 August, not May 8
        ("12 / 08 / 1975", AUG_12_1975, "dd/mm/yyyy"),
        ("12/08/75", AUG_12_1975, "dd/mm/yy"),
        ("12-08-75", AUG_12_1975, "dd-mm-yy"),
        ("1-8-75", date(1975, 8, 1), "dd-mm-yy"),
        ("12.08.75", AUG_12_1975, "dd.mm.yy"),
        # ISO order when the first group has four digits
        ("1975-08-12", AUG_12_1975, "yyyy-mm-dd"),
        ("1975/08/12", AUG_12_1975, "yyyy/mm/dd"),
        ("1975-8-1", date(1975, 8, 1), "yyyy-mm-dd"),
        # eight digits
        ("19750812", AUG_12_1975, "yyyymmdd"),
        ("12081975", AUG_12_1975, "ddmmyyyy"),
        ("01021990", date(1990, 2, 1), "ddmmyyyy"),
        ("20121999", date(1999, 12, 20), "ddmmyyyy"),
        (19750812, AUG_12_1975, "yyyymmdd"),
        ("18950101", date(1895, 1, 1), "yyyymmdd"),  # 1880-1899 is accepted when no other reading exists
        # month names, Indonesian and English, any case
        ("12 Agustus 1975", AUG_12_1975, "dd month yyyy"),
        ("12 agustus 1975", AUG_12_1975, "dd month yyyy"),
        ("12 AGUSTUS 1975", AUG_12_1975, "dd month yyyy"),
        ("12 Agt 1975", AUG_12_1975, "dd month yyyy"),
        ("12-AGT-1975", AUG_12_1975, "dd-mon-yyyy"),
        ("12-Aug-1975", AUG_12_1975, "dd-mon-yyyy"),
        ("12-Aug-75", AUG_12_1975, "dd-mon-yy"),
        ("12/Agu/1975", AUG_12_1975, "dd/mon/yyyy"),
        ("12 Agust. 1975", AUG_12_1975, "dd month yyyy"),
        ("12 August 1975", AUG_12_1975, "dd month yyyy"),
        ("12 Agustus, 1975", AUG_12_1975, "dd month yyyy"),
        ("12 Agustus '75", AUG_12_1975, "dd month yy"),
        ("12 Agustus \u201975", AUG_12_1975, "dd month yy"),
        ("12Agt1975", AUG_12_1975, "dd month yyyy"),
        ("1 Januari 1960", date(1960, 1, 1), "dd month yyyy"),
        ("1 Djanuari 1960", date(1960, 1, 1), "dd month yyyy"),
        ("12 Pebruari 1980", date(1980, 2, 12), "dd month yyyy"),
        ("12 Peb 1980", date(1980, 2, 12), "dd month yyyy"),
        ("12 Februari 1980", date(1980, 2, 12), "dd month yyyy"),
        ("12 Feb 1980", date(1980, 2, 12), "dd month yyyy"),
        ("3 Maret 1950", date(1950, 3, 3), "dd month yyyy"),
        ("3 Mrt 1950", date(1950, 3, 3), "dd month yyyy"),
        ("3 March 1950", date(1950, 3, 3), "dd month yyyy"),
        ("3 Apr 1950", date(1950, 4, 3), "dd month yyyy"),
        ("3 Mei 1950", date(1950, 5, 3), "dd month yyyy"),
        ("3 May 1950", date(1950, 5, 3), "dd month yyyy"),
        ("3 Djuni 1950", date(1950, 6, 3), "dd month yyyy"),
        ("3 Jun 1950", date(1950, 6, 3), "dd month yyyy"),
        ("3 Djuli 1950", date(1950, 7, 3), "dd month yyyy"),
        ("3 Juli 1950", date(1950, 7, 3), "dd month yyyy"),
        ("3 Sept 1950", date(1950, 9, 3), "dd month yyyy"),
        ("3 Sep 1950", date(1950, 9, 3), "dd month yyyy"),
        ("3 Okt 1950", date(1950, 10, 3), "dd month yyyy"),
        ("3 Oktober 1950", date(1950, 10, 3), "dd month yyyy"),
        ("3 Oct 1950", date(1950, 10, 3), "dd month yyyy"),
        ("3 Nopember 1950", date(1950, 11, 3), "dd month yyyy"),
        ("3 Nop 1950", date(1950, 11, 3), "dd month yyyy"),
        ("3 November 1950", date(1950, 11, 3), "dd month yyyy"),
        ("3 Des 1950", date(1950, 12, 3), "dd month yyyy"),
        ("3 Desember 1950", date(1950, 12, 3), "dd month yyyy"),
        ("3 Dec 1950", date(1950, 12, 3), "dd month yyyy"),
        # cleaning: spaces, Excel's apostrophe, a trailing time, Unicode dashes and invisible characters
        ("  12/08/1975  ", AUG_12_1975, "dd/mm/yyyy"),
        ("'12/08/1975", AUG_12_1975, "dd/mm/yyyy"),
        ("\u201912/08/1975", AUG_12_1975, "dd/mm/yyyy"),
        ("12/08/1975 00:00:00", AUG_12_1975, "dd/mm/yyyy"),
        ("12/08/1975 0:00", AUG_12_1975, "dd/mm/yyyy"),
        ("12/8/1975 12:00:00 AM", AUG_12_1975, "dd/mm/yyyy"),
        ("1975-08-12 00:00:00", AUG_12_1975, "yyyy-mm-dd"),
        ("1975-08-12 00:00:00.000", AUG_12_1975, "yyyy-mm-dd"),
        ("1975-08-12T00:00:00", AUG_12_1975, "yyyy-mm-dd"),
        ("1975-08-12T00:00:00+07:00", AUG_12_1975, "yyyy-mm-dd"),
        ("12\u201308\u20131975", AUG_12_1975, "dd-mm-yyyy"),
        ("\ufeff12/08/1975", AUG_12_1975, "dd/mm/yyyy"),
        ("12\u00a0Agustus\u00a01975", AUG_12_1975, "dd month yyyy"),
    ],
)
def test_day_precision_formats(raw, expected, source_format):
    assert parse(raw) == ParsedDate(expected, "day", source_format)


@pytest.mark.parametrize(
    ("raw", "expected", "source_format"),
    [
        ("Agustus 1975", date(1975, 8, 15), "month yyyy"),
        ("agt 1975", date(1975, 8, 15), "month yyyy"),
        ("AUG-1975", date(1975, 8, 15), "month yyyy"),
        ("Agustus '75", date(1975, 8, 15), "month yy"),
        ("Pebruari 1980", date(1980, 2, 15), "month yyyy"),
        ("08/1975", date(1975, 8, 15), "mm/yyyy"),
        ("8/1975", date(1975, 8, 15), "mm/yyyy"),
        ("08-1975", date(1975, 8, 15), "mm-yyyy"),
        ("08.1975", date(1975, 8, 15), "mm.yyyy"),
    ],
)
def test_month_precision_is_the_15th(raw, expected, source_format):
    assert parse(raw) == ParsedDate(expected, "month", source_format)


@pytest.mark.parametrize(
    "raw",
    ["1975", "'1975", " 1975 ", "th 1975", "Th. 1975", "thn 1975", "THN 1975", "tahun 1975", 1975, 1975.0],
)
def test_year_precision_is_1_july(raw):
    assert parse(raw) == ParsedDate(date(1975, 7, 1), "year", "yyyy")


def test_year_1880_is_accepted():
    assert parse("1880") == ParsedDate(date(1880, 7, 1), "year", "yyyy")


def test_partial_dates_in_the_current_period_are_not_after_today():
    # The conventional middle of the period would lie after today; a birth date never does.
    assert parse("Juni 2025") == ParsedDate(TODAY, "month", "month yyyy")
    assert parse("2025") == ParsedDate(TODAY, "year", "yyyy")
    assert parse("Juni 2025", today=date(2025, 6, 20)) == ParsedDate(date(2025, 6, 15), "month", "month yyyy")


# --- Excel serials --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (27618, AUG_12_1975),
        (27618.5, AUG_12_1975),
        (27618.999, AUG_12_1975),
        (27618.0, AUG_12_1975),
        (Decimal("27618.5"), AUG_12_1975),
        ("27618", AUG_12_1975),
        ("27618.5", AUG_12_1975),
        ("27618,5", AUG_12_1975),
        ("27618.0", AUG_12_1975),
        ("'27618", AUG_12_1975),
        ("1", date(1900, 1, 1)),
        ("59", date(1900, 2, 28)),
        ("61", date(1900, 3, 1)),
        (excel_serial(TODAY), TODAY),
    ],
)
def test_excel_serial(raw, expected):
    assert parse(raw) == ParsedDate(expected, "day", "excel-serial")


@pytest.mark.parametrize("raw", [60, "60", 60.25])
def test_excel_fake_29_february_1900_is_an_error(raw):
    with pytest.raises(DateParseError, match="29 Februari 1900") as excinfo:
        parse(raw)
    assert excinfo.value.code == "excel_1900_bug"


@pytest.mark.parametrize("raw", [0, "0", 0.5, -1, -27618.5, 2958466, float("inf")])
def test_excel_serial_out_of_range(raw):
    with pytest.raises(DateParseError) as excinfo:
        parse(raw)
    assert str(raw) in str(excinfo.value)


def test_numbers_that_look_like_years_are_years_unless_they_have_a_fraction():
    # A year typed into a General cell arrives as a number; reading it as a serial would give 1905.
    assert parse(1950) == ParsedDate(date(1950, 7, 1), "year", "yyyy")
    assert parse(1880.0) == ParsedDate(date(1880, 7, 1), "year", "yyyy")
    assert parse(1950.5) == ParsedDate(excel_serial_date(1950), "day", "excel-serial")
    assert parse(999) == ParsedDate(date(1902, 9, 25), "day", "excel-serial")
    assert parse(2101) == ParsedDate(date(1905, 10, 1), "day", "excel-serial")
    for number in (1000, 1000.0, "1000", 1879):
        with pytest.raises(DateParseError, match="1880") as excinfo:
            parse(number)
        assert excinfo.value.code == "too_old"


# --- two-digit years --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01/01/00", date(2000, 1, 1)),
        ("01/01/24", date(2024, 1, 1)),
        ("01/01/25", date(2025, 1, 1)),  # 2025 <= today's year: this century
        ("15/06/25", date(2025, 6, 15)),  # today itself
        ("01/01/26", date(1926, 1, 1)),  # 2026 > today's year: last century
        ("01/01/99", date(1999, 1, 1)),
        ("1 Jan '25", date(2025, 1, 1)),
        ("1 Jan '26", date(1926, 1, 1)),
    ],
)
def test_two_digit_year_boundary(raw, expected):
    assert parse(raw).value == expected


def test_two_digit_year_pivot_years():
    assert parse("01/01/20").value == date(2020, 1, 1)
    assert parse("01/01/20", pivot_years=-10).value == date(1920, 1, 1)
    assert parse("01/01/15", pivot_years=-10).value == date(2015, 1, 1)
    assert parse("01/01/26", today=date(2026, 1, 1)).value == date(2026, 1, 1)
    # A positive pivot moves the boundary forward; such a date is then in the future.
    assert parse("01/01/27").value == date(1927, 1, 1)
    with pytest.raises(DateParseError, match="2027"):
        parse("01/01/27", pivot_years=2)


def test_two_digit_year_in_this_year_but_after_today_is_a_future_error():
    # The rule looks at the year only, so 01/12/25 in June 2025 is not moved back to 1925.
    with pytest.raises(DateParseError, match="masa depan") as excinfo:
        parse("01/12/25")
    message = str(excinfo.value)
    assert "01/12/25" in message
    assert "1925" in message  # tells the user how to write what they probably meant
    assert excinfo.value.code == "future"


# --- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("31/02/1975", "impossible", "Februari 1975 hanya 28 hari"),
        ("29/02/1975", "impossible", "tidak ada di kalender"),
        ("31/04/1975", "impossible", "April 1975 hanya 30 hari"),
        ("00/01/1980", "impossible", "tanggal 0"),
        ("12/13/1975", "us_format", "Bulan 13"),  # 13 cannot be a month, 12 can: US order, not guessed
        ("25/13/1975", "impossible", "Bulan 13"),
        ("12/00/1975", "impossible", "Bulan 0"),
        ("1975-13-01", "impossible", "Bulan 13"),
        ("1975-02-30", "impossible", "Februari 1975"),
        ("19751301", "impossible", "Bulan 13"),
        ("31 Pebruari 1980", "impossible", "Februari 1980 hanya 29 hari"),
        ("13/1975", "impossible", "Bulan 13"),
        ("08/25/1975", "us_format", "format Amerika"),
        ("12/31/75", "us_format", "format Amerika"),
        ("08251975", "us_format", "format Amerika"),
        ("12/08/1875", "too_old", "1880"),
        ("1875-08-12", "too_old", "1880"),
        ("12 Agustus 1875", "too_old", "1880"),
        ("1875", "too_old", "1880"),
        ("th 1879", "too_old", "1880"),
        ("Agustus 1875", "too_old", "1880"),
        ("01/01/2030", "future", "masa depan"),
        ("16/06/2025", "future", "masa depan"),
        ("2030", "future", "masa depan"),
        ("Juli 2025", "future", "masa depan"),
        ("20300101", "future", "masa depan"),
        ("12 Agustos 1975", "month_name", "Agustos"),
        ("Foo 1975", "month_name", "Foo"),
        ("tidak tahu", "format", "Format yang diterima"),
        ("-", "format", "Format yang diterima"),
        ("12/08", "format", "Format yang diterima"),
        ("12.08", "format", "Format yang diterima"),
        ("12/08/975", "format", "Format yang diterima"),
        ("12 Agustus", "format", "Format yang diterima"),
        ("1106010101900001", "format", "NIK"),
        ("99999999", "format", "8 angka"),
        ("120875", "format", "pemisah"),
        ("8121975", "format", "angka 0 di depan"),
        ("00:00:00", "format", "Format yang diterima"),
    ],
)
def test_errors_quote_the_value(raw, code, fragment):
    with pytest.raises(DateParseError) as excinfo:
        parse(raw)
    message = str(excinfo.value)
    assert f"'{raw}'" in message
    assert fragment in message
    assert excinfo.value.code == code
    assert excinfo.value.raw == raw


def test_format_errors_list_the_accepted_formats():
    for raw in ["tidak tahu", "12 Agustos 1975", "08/25/1975"]:
        with pytest.raises(DateParseError) as excinfo:
            parse(raw)
        assert "12/08/1975" in str(excinfo.value)
        assert "12 Agustus 1975" in str(excinfo.value)


def test_error_quotes_the_trimmed_value():
    with pytest.raises(DateParseError, match="'31/02/1975'"):
        parse("  '31/02/1975 ")


def test_future_and_too_old_python_dates_are_errors():
    with pytest.raises(DateParseError, match="16/06/2025") as excinfo:
        parse(date(2025, 6, 16))
    assert excinfo.value.code == "future"
    with pytest.raises(DateParseError, match="1870"):
        parse(datetime(1870, 1, 1))


@pytest.mark.parametrize("raw", [True, False, time(0, 0), ["12/08/1975"]])
def test_other_cell_types_are_errors(raw):
    with pytest.raises(DateParseError):
        parse(raw)


def test_error_is_a_value_error_and_pickles():
    with pytest.raises(ValueError):
        parse("31/02/1975")
    error = DateParseError("pesan", "31/02/1975", "impossible")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, as multiprocessing does
    assert (str(copy), copy.raw, copy.code) == ("pesan", "31/02/1975", "impossible")


def test_today_may_be_a_datetime():
    assert parse("12/08/1975", today=datetime(2025, 6, 15, 10, 0)).value == AUG_12_1975


def test_parsed_date_is_frozen():
    parsed = parse("12/08/1975")
    with pytest.raises(AttributeError):
        parsed.value = date(2000, 1, 1)


# --- formatting -------------------------------------------------------------------------------------------


def test_format_id():
    assert format_id(AUG_12_1975) == "12/08/1975"
    assert format_id(date(1960, 1, 1)) == "01/01/1960"
    assert format_id(date(999, 1, 1)) == "01/01/0999"


def test_format_long_id():
    assert format_long_id(AUG_12_1975) == "12 Agustus 1975"
    assert format_long_id(date(1960, 1, 1)) == "1 Januari 1960"
    assert [format_long_id(date(2000, m, 1)).split()[1] for m in range(1, 13)] == list(MONTH_NAMES_ID)


# --- round trips ------------------------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 3, 1), max_value=TODAY))
def test_round_trip(d):
    for text, source_format in [
        (format_id(d), "dd/mm/yyyy"),
        (d.isoformat(), "yyyy-mm-dd"),
        (format_long_id(d), "dd month yyyy"),
        (format_long_id(d).upper(), "dd month yyyy"),
        (f"{d.day} {MONTH_NAMES_ID[d.month - 1][:3]} {d.year}", "dd month yyyy"),
        (f"{d:%Y%m%d}", "yyyymmdd"),
        (f"{d:%d%m%Y}", "ddmmyyyy"),
        (excel_serial(d) + 0.75, "excel-serial"),
        (datetime.combine(d, time(8, 30)), "datetime"),
    ]:
        parsed = parse(text)
        assert parsed == ParsedDate(d, "day", source_format), text
    serial = excel_serial(d)
    if serial not in YEAR_LIKE_SERIALS:
        assert parse(serial) == ParsedDate(d, "day", "excel-serial")
        assert parse(float(serial)) == ParsedDate(d, "day", "excel-serial")
        assert parse(str(serial)) == ParsedDate(d, "day", "excel-serial")
