"""Birth dates as found in DTKS/SIKS-NG exports and village spreadsheets, without Django.

One entry point, :func:`parse_date`, for the importer and (later) record linkage. It accepts:

* ``date``/``datetime`` objects (what openpyxl returns for cells formatted as dates);
* Excel serial numbers (``27618``, ``27618.5``, or the same as text), 1900 date system;
* numeric dates, always day first: ``12/08/1975``, ``12-08-1975``, ``12.08.1975``, ``1/8/1975``,
  ``12/08/75``; ISO order when the first group has four digits: ``1975-08-12``, ``1975/08/12``;
  eight digits ``19750812`` (yyyymmdd) or ``12081975`` (ddmmyyyy);
* Indonesian and English month names and abbreviations in any case, including the pre-1972 spellings
  (Djanuari, Pebruari, Djuni, Djuli, Nopember): ``12 Agustus 1975``, ``12-AGT-1975``, ``12-Aug-75``,
  ``12 Agust. 1975``, ``12 Agustus '75``;
* partial dates: ``Agustus 1975`` and ``08/1975`` (month precision), ``1975``, ``th 1975``, ``thn 1975``,
  ``tahun 1975`` (year precision).

Surrounding spaces, Excel's leading apostrophe and a trailing time (``" 00:00:00"``, ``"T00:00:00"``)
are removed first. Anything else raises :class:`DateParseError`; nothing is guessed.

Rules, stated here because the import page and its report must be able to quote them:

* **Day first.** ``05/08/1975`` is 5 August, never May 8 (Indonesian convention). When the second group
  cannot be a month but the first can (``08/25/1975``) the file is probably in US order; that is an
  error, not a silent swap, because the same file's ``08/05/1975`` rows would be misread undetected.
* **Two-digit years.** ``yy`` means 20yy when 20yy <= ``today.year + pivot_years``, otherwise 19yy. With
  the default ``pivot_years=0`` and today in 2025, ``25`` is 2025 and ``26`` is 1926. The rule looks at
  the year only, so it can be stated in one sentence; a date it places after ``today`` (``01/12/25`` read
  in June 2025) is reported as a future date rather than quietly moved to 1925.
* **No future dates, no impossible years.** A birth date after ``today`` is an error, and so is a year
  before 1880, which cannot be the birth year of a living person.
* **Partial dates.** By documented convention a year-only value is stored as 1 July of that year and a
  month-only value as the 15th of that month, the middle of the period, which minimises the worst-case
  error of ages and of date comparisons in record linkage. ``precision`` says which parts are real. The
  stored value is never after ``today`` (``Juni 2025`` read on 3 June 2025 gives 3 June 2025).
* **8-digit numbers** are yyyymmdd when that is a valid date between 1900 and today, otherwise ddmmyyyy.
  (With years limited to 1880..2100 no 8-digit string is a valid date both ways.)
* **Bare numbers** (cells or text): 4 digits from 1000 to 2100 are a year (an elderly person's year of
  birth typed into a General cell arrives as the number 1950; as a serial it would silently become
  4 May 1905), 8 digits are a date as above, 6 and 7 digits are rejected (all far-future serials: really
  ddmmyy or ddmmyyyy without separators), and anything else is an Excel serial. Consequently an integer
  serial from 1000 to 2100 (26 September 1902 to 30 September 1905) does not round-trip; with a time
  fraction it does, because a number with a fraction is always a serial.
* **Excel serials** use the 1900 date system: serial 1 is 1 January 1900. Excel counts a 29 February 1900
  that never existed (serial 60, kept for Lotus 1-2-3 compatibility), so serial 60 is an error and
  serials from 61 on are one day earlier than a plain day count. A fraction is the time of day and is
  ignored; a number with a fraction is always a serial.

User-facing messages are in Bahasa Indonesia because they are shown verbatim in forms and import reports.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from numbers import Integral, Real
from typing import Literal

__all__ = [
    "EARLIEST_BIRTH_YEAR",
    "MONTH_NAMES_ID",
    "DateParseError",
    "ParsedDate",
    "Precision",
    "format_id",
    "format_long_id",
    "parse_date",
]

Precision = Literal["day", "month", "year"]

# Nobody born earlier is alive; an earlier year is a typo (1875 for 1975) or a placeholder.
EARLIEST_BIRTH_YEAR = 1880

# Spelled out rather than taken from the locale: servers rarely have id_ID installed, and strftime("%B")
# would silently produce English there.
MONTH_NAMES_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Every spelling seen in exports and hand-typed sheets: Indonesian, English, the pre-1972 (Soewandi)
# spellings that survive in old records and in the way older staff type, and the usual abbreviations.
# An explicit table instead of prefix matching, so that a misspelling is reported instead of guessed.
_MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("januari", "january", "djanuari", "jan", "djan"),
    ("februari", "pebruari", "february", "feb", "peb", "febr", "pebr"),
    ("maret", "march", "mar", "mrt"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "djuni", "jun"),
    ("juli", "july", "djuli", "jul"),
    ("agustus", "august", "agt", "agu", "ags", "agst", "agus", "agust", "aug"),
    ("september", "sep", "sept"),
    ("oktober", "october", "okt", "oct"),
    ("nopember", "november", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
_MONTH_WORDS: dict[str, int] = {
    word: number for number, words in enumerate(_MONTH_SPELLINGS, start=1) for word in words
}

# Excel's largest date, 31 December 9999.
_EXCEL_SERIAL_MAX = 2958465
# Serial 60 is Excel's 29 February 1900, which never existed (inherited from Lotus 1-2-3).
_EXCEL_FAKE_LEAP_DAY = 60
# Day zero for serials before the fake leap day, and for serials after it (one day earlier to skip it).
_EXCEL_EPOCH_BEFORE_BUG = date(1899, 12, 31)
_EXCEL_EPOCH_AFTER_BUG = date(1899, 12, 30)
# A bare 4-digit number in this range is a year, not an Excel serial (serials 1000..2100 are dates in
# 1902-1905, which nobody in a welfare registry was born on; "1875" is a typo for a year, not a serial).
_YEAR_AS_NUMBER = range(1000, 2101)
# Plausible years when deciding which way to read 8 digits.
_YEAR_IN_8_DIGITS = range(EARLIEST_BIRTH_YEAR, 2101)
_YYYYMMDD_FROM = date(1900, 1, 1)

_ACCEPTED = (
    "Format yang diterima: 12/08/1975, 12-08-1975, 12.08.1975, 12/08/75, 1975-08-12, 19750812, "
    "12081975, 12 Agustus 1975, 12-Agt-1975, Agustus 1975, 08/1975, 1975, atau nomor tanggal Excel "
    "(misalnya 27618)."
)

# Characters that carry nothing: zero-width characters and the byte-order mark of a UTF-8 CSV.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
# Unicode dashes from Word/PDF copies, and typographic apostrophes after a round trip through Word.
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u00b4": "'"})
# A time after the date: exports from SQL, openpyxl's str(datetime), "12/8/1975 12:00:00 AM".
_TIME_SUFFIX = re.compile(
    r"(?:\s+|(?<=\d)T)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"\s*(?:[AP]\.?M\.?|WIB|WITA|WIT|Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_SPACES_AROUND_SEPARATOR = re.compile(r"\s*([/.\-,])\s*")

_DIGITS = re.compile(r"^\d+$")
_ZERO_FRACTION = re.compile(r"^(\d+)[.,]0+$")
# "27618.5" as text. At least three digits before the point, so "12.08" (a date without a year) is not
# read as serial 12, and "08.1975" is left to the month/year pattern.
_FRACTIONAL_SERIAL = re.compile(r"^(\d{3,7})[.,]\d+$")
_YEAR_WORD = re.compile(r"^(?:th|thn|tahun)\.?\s?(\d{4})$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$")
_MY = re.compile(r"^(\d{1,2})([/.\-])(\d{4})$")
_DAY_MONTH_NAME_YEAR = re.compile(
    r"^(\d{1,2})([ /.\-]?)([a-z]+)\.?[ /.\-,]*('?)(\d{4}|\d{2})$", re.IGNORECASE
)
_MONTH_NAME_YEAR = re.compile(r"^([a-z]+)\.?[ /.\-,]*('?)(\d{4}|\d{2})$", re.IGNORECASE)


class DateParseError(ValueError):
    """The value cannot be read as a birth date. ``str(error)`` is a user-facing message in Bahasa Indonesia.

    ``raw`` is the offending value as shown in the message. ``code`` is a stable reason for import
    statistics: ``format`` (layout not recognised), ``month_name``, ``us_format``, ``impossible`` (no such
    day or month), ``too_old``, ``future``, ``excel_range``, ``excel_1900_bug``.
    """

    def __init__(self, message: str, raw: str = "", code: str = "format") -> None:
        super().__init__(message)
        self.raw = raw
        self.code = code

    def __reduce__(self):  # keep raw and code across pickling (multiprocessing imports)
        return (type(self), (str(self), self.raw, self.code))


@dataclass(frozen=True)
class ParsedDate:
    """A parsed birth date.

    ``value`` is the date; for partial dates it is the conventional middle of the period (1 July, or the
    15th of the month; see the module docstring) and ``precision`` says which parts are real.
    ``source_format`` names the layout that matched (``"dd/mm/yyyy"``, ``"dd-mon-yy"``, ``"yyyymmdd"``,
    ``"excel-serial"``, ``"date"``...) for import reports; it describes the layout, not the digit widths:
    ``1/8/1975`` is ``"dd/mm/yyyy"`` too. ``value`` is typed optional for callers that build empty
    instances; :func:`parse_date` always fills it.
    """

    value: date | None
    precision: Precision
    source_format: str


RawDate = str | int | float | Decimal | date | datetime | None


def parse_date(raw: RawDate, *, today: date, pivot_years: int = 0) -> ParsedDate | None:
    """Parse a birth date from an export or spreadsheet cell; ``None`` for an empty cell.

    ``today`` is required so that results do not depend on when the import runs (and so tests can fix
    it). ``pivot_years`` shifts the two-digit year boundary (see the module docstring): a negative value
    sends recent two-digit years to the 1900s, for lists where ``20`` surely means 1920.

    Raises :class:`DateParseError` for anything that is not an unambiguous, possible birth date.
    """
    if isinstance(today, datetime):
        today = today.date()
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return _checked_day(raw.date(), "datetime", shown=_shown(raw), today=today)
    if isinstance(raw, date):
        return _checked_day(raw, "date", shown=_shown(raw), today=today)
    if isinstance(raw, bool):
        # bool is an int; a TRUE/FALSE cell in a birth date column is bad data, not serial 1 or 0.
        raise DateParseError(f"Tanggal lahir '{raw}' bukan tanggal. {_ACCEPTED}", str(raw))
    if isinstance(raw, Integral):
        return _from_number(int(raw), shown=str(raw), today=today)
    if isinstance(raw, Real | Decimal):
        return _from_float(float(raw), shown=_shown(raw), today=today)
    if isinstance(raw, str):
        return _from_text(raw, today=today, pivot_years=pivot_years)
    # time, timedelta, ...: a date column that holds something else is bad data, not a programming error,
    # and the importer only catches DateParseError.
    raise DateParseError(f"Tanggal lahir '{raw}' bukan tanggal. {_ACCEPTED}", str(raw))


def format_id(d: date) -> str:
    """``"12/08/1975"``: the short Indonesian form (also the export format)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_long_id(d: date) -> str:
    """``"12 Agustus 1975"``: the long Indonesian form; no leading zero on the day (Django's ``j F Y``)."""
    return f"{d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _from_text(raw: str, *, today: date, pivot_years: int) -> ParsedDate | None:
    # Cached: a file of a million rows has a few tens of thousands of distinct birth dates. ParsedDate is
    # frozen, so sharing results is safe; errors are not cached (lru_cache does not keep exceptions).
    text = _DASHES.sub("-", _INVISIBLE.sub("", raw)).translate(_APOSTROPHES).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    if not text:
        return None
    shown = text
    # The time pattern needs something before it, so the text cannot become empty here.
    text = _TIME_SUFFIX.sub("", text).strip()
    text = _SPACES_AROUND_SEPARATOR.sub(r"\1", re.sub(r"\s+", " ", text))

    if match := _YEAR_WORD.match(text):
        return _year_only(int(match[1]), "yyyy", shown=shown, today=today)
    if _DIGITS.match(text):
        return _from_digits(text, shown=shown, today=today)
    if match := _ZERO_FRACTION.match(text):
        return _from_digits(match[1], shown=shown, today=today)
    if match := _FRACTIONAL_SERIAL.match(text):
        return _from_excel_serial(int(match[1]), shown=shown, today=today)
    if match := _ISO.match(text):
        year, sep, month, day = int(match[1]), match[2], int(match[3]), int(match[4])
        return _full_date(day, month, year, f"yyyy{sep}mm{sep}dd", shown=shown, today=today)
    if match := _DMY.match(text):
        first, sep, second, year_text = int(match[1]), match[2], int(match[3]), match[4]
        year, yy = _year_from_text(year_text, today, pivot_years)
        layout = f"dd{sep}mm{sep}{'yy' if yy is not None else 'yyyy'}"
        _reject_us_order(first, second, shown)
        return _full_date(first, second, year, layout, shown=shown, today=today, yy=yy)
    if match := _MY.match(text):
        month, sep, year = int(match[1]), match[2], int(match[3])
        return _month_only(month, year, f"mm{sep}yyyy", shown=shown, today=today)
    if match := _DAY_MONTH_NAME_YEAR.match(text):
        day, sep, word, year_text = int(match[1]), match[2], match[3], match[5]
        month = _month_from_word(word, shown)
        year, yy = _year_from_text(year_text, today, pivot_years)
        width = "yy" if yy is not None else "yyyy"
        layout = f"dd{sep}mon{sep}{width}" if sep.strip() else f"dd month {width}"
        return _full_date(day, month, year, layout, shown=shown, today=today, yy=yy)
    if match := _MONTH_NAME_YEAR.match(text):
        month = _month_from_word(match[1], shown)
        year, yy = _year_from_text(match[3], today, pivot_years)
        layout = "month yy" if yy is not None else "month yyyy"
        return _month_only(month, year, layout, shown=shown, today=today, yy=yy)
    raise DateParseError(f"Tanggal lahir '{shown}' tidak dapat dibaca. {_ACCEPTED}", shown)


def _year_from_text(text: str, today: date, pivot_years: int) -> tuple[int, int | None]:
    """The full year and, when it was written with two digits, those two digits (for messages)."""
    if len(text) == 4:
        return int(text), None
    yy = int(text)
    return (2000 + yy if 2000 + yy <= today.year + pivot_years else 1900 + yy), yy


def _month_from_word(word: str, shown: str) -> int:
    month = _MONTH_WORDS.get(word.lower())
    if month is None:
        raise DateParseError(
            f"Nama bulan '{word}' pada tanggal lahir '{shown}' tidak dikenal. Tulis nama bulan lengkap "
            f"(Januari sampai Desember) atau singkatannya (Jan, Feb, Mar, Apr, Mei, Jun, Jul, Agt, Sep, Okt, "
            f"Nov, Des). {_ACCEPTED}",
            shown,
            "month_name",
        )
    return month


def _reject_us_order(first: int, second: int, shown: str) -> None:
    if 1 <= first <= 12 and 13 <= second <= 31:
        raise DateParseError(
            f"Bulan {second} pada tanggal lahir '{shown}' tidak mungkin (bulan hanya 1 sampai 12). Tanggal "
            "ini tampaknya ditulis dalam format Amerika (bulan/tanggal/tahun). Tanggal tidak ditebak: "
            "periksa format tanggal pada berkas, karena tanggal lain di berkas yang sama (misalnya "
            f"08/05/1975) bisa terbaca terbalik tanpa terdeteksi. {_ACCEPTED}",
            shown,
            "us_format",
        )


# --------------------------------------------------------------------------------------------------------
# Numbers: years, 8-digit dates, Excel serials
# --------------------------------------------------------------------------------------------------------


def _from_float(value: float, *, shown: str, today: date) -> ParsedDate | None:
    if math.isnan(value):
        return None  # pandas and some CSV readers represent an empty cell as NaN
    if math.isinf(value) or value < 0:
        raise DateParseError(f"Tanggal lahir '{shown}' bukan tanggal. {_ACCEPTED}", shown, "excel_range")
    if value.is_integer():
        return _from_number(int(value), shown=shown, today=today)
    # A fraction is a time of day, which only serials have.
    return _from_excel_serial(math.floor(value), shown=shown, today=today)


def _from_number(value: int, *, shown: str, today: date) -> ParsedDate:
    if value < 0:
        raise DateParseError(f"Tanggal lahir '{shown}' bukan tanggal. {_ACCEPTED}", shown, "excel_range")
    return _from_digits(str(value), shown=shown, today=today)


def _from_digits(digits: str, *, shown: str, today: date) -> ParsedDate:
    number = int(digits)
    if len(digits) == 8:
        return _eight_digits(digits, shown=shown, today=today)
    if len(digits) > 8:
        raise DateParseError(
            f"Tanggal lahir '{shown}' terlalu banyak digit ({len(digits)}) untuk sebuah tanggal; mungkin "
            f"kolomnya tertukar (misalnya berisi NIK). {_ACCEPTED}",
            shown,
        )
    if len(digits) == 4 and number in _YEAR_AS_NUMBER:
        return _year_only(number, "yyyy", shown=shown, today=today)
    if len(digits) in (6, 7):
        # As serials these are all far in the future (or beyond Excel's range); they are really dates
        # typed without separators (ddmmyy, or ddmmyyyy whose leading zero a number cell dropped), and
        # "1121975" can be 1/12 or 11/2, so they are not guessed.
        raise DateParseError(
            f"Tanggal lahir '{shown}' tidak dapat dibaca: angka {len(digits)} digit bukan nomor tanggal "
            "Excel yang masuk akal. Jika maksudnya tanggal, tulis dengan pemisah (misalnya 12/08/1975); jika "
            f"berasal dari sel angka Excel, angka 0 di depan mungkin sudah hilang. {_ACCEPTED}",
            shown,
        )
    return _from_excel_serial(number, shown=shown, today=today)


def _eight_digits(digits: str, *, shown: str, today: date) -> ParsedDate:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if _exists(year, month, day) and _YYYYMMDD_FROM <= date(year, month, day) <= today:
        return ParsedDate(date(year, month, day), "day", "yyyymmdd")
    # Not a usable yyyymmdd: read it the way its year digits point, so the error (if any) is about the
    # reading the writer meant rather than about a year 230.
    if int(digits[4:]) in _YEAR_IN_8_DIGITS:
        dd, mm, yyyy = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        _reject_us_order(dd, mm, shown)
        return _full_date(dd, mm, yyyy, "ddmmyyyy", shown=shown, today=today)
    if year in _YEAR_IN_8_DIGITS:
        return _full_date(day, month, year, "yyyymmdd", shown=shown, today=today)
    raise DateParseError(
        f"Tanggal lahir '{shown}' berisi 8 angka, tetapi bukan tanggal yyyymmdd (misalnya 19750812) "
        f"maupun ddmmyyyy (misalnya 12081975). {_ACCEPTED}",
        shown,
    )


def _from_excel_serial(serial: int, *, shown: str, today: date) -> ParsedDate:
    if not 1 <= serial <= _EXCEL_SERIAL_MAX:
        raise DateParseError(
            f"Tanggal lahir '{shown}' dibaca sebagai nomor tanggal Excel, tetapi di luar rentang Excel "
            f"(1 sampai {_EXCEL_SERIAL_MAX}). {_ACCEPTED}",
            shown,
            "excel_range",
        )
    if serial == _EXCEL_FAKE_LEAP_DAY:
        raise DateParseError(
            f"Tanggal lahir '{shown}' adalah nomor tanggal Excel untuk 29 Februari 1900, tanggal yang tidak "
            "pernah ada (kesalahan lama Excel). Ketik ulang tanggal lahir dari dokumen aslinya.",
            shown,
            "excel_1900_bug",
        )
    epoch = _EXCEL_EPOCH_BEFORE_BUG if serial < _EXCEL_FAKE_LEAP_DAY else _EXCEL_EPOCH_AFTER_BUG
    value = epoch + timedelta(days=serial)
    return _checked_day(value, "excel-serial", shown=shown, today=today)


# --------------------------------------------------------------------------------------------------------
# Validation of the resulting date
# --------------------------------------------------------------------------------------------------------


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _check_year(year: int, shown: str) -> None:
    if year < EARLIEST_BIRTH_YEAR:
        raise DateParseError(
            f"Tahun {year} pada tanggal lahir '{shown}' sebelum {EARLIEST_BIRTH_YEAR}, jadi bukan tahun "
            "lahir orang yang masih hidup. Periksa kembali angka tahunnya.",
            shown,
            "too_old",
        )


def _check_month(month: int, shown: str) -> None:
    if not 1 <= month <= 12:
        raise DateParseError(
            f"Bulan {month} pada tanggal lahir '{shown}' tidak mungkin; bulan harus 1 sampai 12.",
            shown,
            "impossible",
        )


def _future(shown: str, described: str, today: date, yy: int | None, year: int) -> DateParseError:
    message = f"Tanggal lahir '{shown}' ({described}) ada di masa depan; hari ini {format_long_id(today)}."
    if yy is not None:
        message += (
            f" Tahun dua digit '{yy:02d}' dibaca sebagai {year} menurut aturan tahun dua digit; tulis tahun "
            f"empat digit jika yang dimaksud {year - 100}."
        )
    return DateParseError(message, shown, "future")


def _full_date(
    day: int, month: int, year: int, layout: str, *, shown: str, today: date, yy: int | None = None
) -> ParsedDate:
    _check_month(month, shown)
    _check_year(year, shown)
    if not _exists(year, month, day):
        detail = (
            "tanggal 0 tidak ada"
            if day == 0
            else f"{MONTH_NAMES_ID[month - 1]} {year} hanya {calendar.monthrange(year, month)[1]} hari"
        )
        raise DateParseError(f"Tanggal lahir '{shown}' tidak ada di kalender: {detail}.", shown, "impossible")
    value = date(year, month, day)
    if value > today:
        raise _future(shown, format_long_id(value), today, yy, year)
    return ParsedDate(value, "day", layout)


def _checked_day(value: date, layout: str, *, shown: str, today: date) -> ParsedDate:
    _check_year(value.year, shown)
    if value > today:
        raise _future(shown, format_long_id(value), today, None, value.year)
    return ParsedDate(value, "day", layout)


def _month_only(
    month: int, year: int, layout: str, *, shown: str, today: date, yy: int | None = None
) -> ParsedDate:
    _check_month(month, shown)
    _check_year(year, shown)
    if date(year, month, 1) > today:
        raise _future(shown, f"{MONTH_NAMES_ID[month - 1]} {year}", today, yy, year)
    return ParsedDate(min(date(year, month, 15), today), "month", layout)


def _year_only(year: int, layout: str, *, shown: str, today: date) -> ParsedDate:
    _check_year(year, shown)
    if date(year, 1, 1) > today:
        raise _future(shown, f"tahun {year}", today, None, year)
    return ParsedDate(min(date(year, 7, 1), today), "year", layout)


def _shown(raw: object) -> str:
    if isinstance(raw, date):
        return format_id(raw.date() if isinstance(raw, datetime) else raw)
    return str(raw)
