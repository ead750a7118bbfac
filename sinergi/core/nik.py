"""Indonesian NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga) numbers, without Django.

Layout of both numbers (16 digits, no check digit)::

    PP KK CC  DDMMYY  SSSS
    |  |  |   |       serial 0001-9999
    |  |  |   date: birth date for a NIK (day + 40 for women), issue date for a KK
    province, kabupaten/kota, kecamatan (dotted "11.06.01" in the area tables)

Because there is no check digit, a typo usually still produces a well-formed number. This module therefore
separates two questions:

* :func:`parse_nik` / :func:`parse_kk` answer "can this be a NIK/KK at all?" and raise on impossibilities.
* :func:`check_nik` answers "does it agree with the rest of the record?" and only *warns*: the Dukcapil
  record is authoritative, and NIKs issued with a wrong birth date or kecamatan really exist, so the
  application must never refuse or rewrite them.

Nothing here guesses or "repairs" a number. Excel damage is detected and reported, and only forms whose
digits are provably intact (a ``.0`` suffix, a leading apostrophe, grouping spaces) are recovered.

User-facing messages are in Bahasa Indonesia because they are shown verbatim in forms and import reports.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date

__all__ = [
    "KkError",
    "KkInfo",
    "NikError",
    "NikInfo",
    "NikWarning",
    "check_nik",
    "clean_digits",
    "looks_excel_damaged",
    "make_kk",
    "make_nik",
    "mask_nik",
    "normalise_excel_nik",
    "parse_kk",
    "parse_nik",
]

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
SEX_MALE = "L"
SEX_FEMALE = "P"
SEXES = (SEX_MALE, SEX_FEMALE)

# The two-digit year cannot say which century it means; every living person was born in one of these two.
_CENTURIES = (1900, 2000)

# Separators people and spreadsheets put inside numbers. Unicode dashes, spaces, zero-width characters and
# the byte-order mark (the first cell of a UTF-8 CSV) are included because text copied from PDFs, Word
# and exports carries them, and none of them carries a digit.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]+")
# Excel's "force text" prefix; the typographic variants appear after a round trip through Word.
_APOSTROPHES = "'\u2018\u2019"

# Excel shows numbers with more than 11 digits in scientific notation, and stores at most 15 significant
# digits, so once a NIK looks like this its trailing digits are gone for good.
_SCIENTIFIC = re.compile(r"^[" + _APOSTROPHES + r"]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
# A float rendered as text ("3201010101900001.0"); Indonesian-locale spreadsheets use a decimal comma.
# Only a plain run of digits qualifies: in "3.201.010.101.901.000" the dots group thousands.
_ZERO_FRACTION = re.compile(r"^(?P<int>[" + _APOSTROPHES + r"]?\d+)[.,]0+$")
# Floats hold integers exactly only up to 2**53; above that (every Papua NIK, 91xx...) the digits of a
# "....0" string may already have been rounded to a neighbouring even number.
_FLOAT_EXACT_LIMIT = 2**53
# A non-zero fraction means the cell went through arithmetic; "17 digit" would be a misleading reason.
_NONZERO_FRACTION = re.compile(r"^[" + _APOSTROPHES + r"]?\d{16}[.,]\d+$")

_KECAMATAN_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_KECAMATAN_DIGITS = re.compile(r"^\d{6}$")
_ASCII_DIGITS = frozenset("0123456789")


class NikError(ValueError):
    """The text cannot be a NIK. ``str(error)`` is a user-facing message in Bahasa Indonesia."""


class KkError(ValueError):
    """The text cannot be a KK number. ``str(error)`` is a user-facing message in Bahasa Indonesia."""


# --------------------------------------------------------------------------------------------------------
# Cleaning and Excel damage
# --------------------------------------------------------------------------------------------------------


def clean_digits(raw: str) -> str:
    """Remove whitespace, dots, dashes and leading apostrophes; change nothing else.

    Only characters that never carry digit information are removed, so the result is still exactly what
    the user typed: a letter O stays a letter O and a 15-digit number stays 15 digits. Idempotent.
    """
    return _SEPARATORS.sub("", raw).lstrip(_APOSTROPHES)


def looks_excel_damaged(raw: str) -> bool:
    """True when ``raw`` is a number in scientific notation, e.g. ``"3.20101E+15"`` or ``"3,20101E+15"``.

    Such a value has lost digits (Excel keeps 15 significant digits at most, and usually displays 6), so it
    can never be turned back into the original NIK.
    """
    if "e" not in raw and "E" not in raw:  # the common case, decided without a regex
        return False
    return bool(_SCIENTIFIC.match(re.sub(r"\s+", "", raw)))


def normalise_excel_nik(raw: str | int | float | None) -> tuple[str | None, str | None]:
    """Recover a NIK from a spreadsheet cell, but only when its digits are provably intact.

    Returns ``(nik, None)`` with the 16-digit string, or ``(None, reason)`` with a message in Bahasa
    Indonesia. Recovered forms: a text ``.0``/``,0`` suffix, a leading apostrophe, grouping spaces, dots or
    dashes, and integer cell values. Only the *format* is recovered; call :func:`parse_nik` or
    :func:`check_nik` on the result to validate its contents.

    Not detectable here: a NIK typed into an Excel cell formatted as a number has its 16th digit replaced
    by 0 before it is ever saved, and the result looks like a valid NIK. Import templates must format the
    column as text.
    """
    if raw is None or isinstance(raw, bool):
        return None, "NIK kosong."
    from_float = False
    if isinstance(raw, float):
        if not raw.is_integer() or raw < 0:
            return None, f"NIK {raw!r} bukan bilangan bulat positif; periksa kembali isi sel."
        if raw > _FLOAT_EXACT_LIMIT:
            return None, _float_rounding_reason()
        text = str(int(raw))
    elif isinstance(raw, int):
        if raw < 0:
            return None, f"NIK {raw!r} bukan bilangan bulat positif; periksa kembali isi sel."
        text = str(raw)
    else:
        text = raw.strip()
        if len(text) == NIK_LENGTH and text.isascii() and text.isdigit():
            return text, None  # already clean: most cells of most files
    if not text:
        return None, "NIK kosong."
    if looks_excel_damaged(text):
        return None, (
            f"NIK {text!r} tersimpan sebagai notasi ilmiah oleh Excel dan sebagian digitnya sudah hilang. "
            "Ubah format kolom menjadi Teks, lalu ketik ulang NIK dari KTP atau KK."
        )
    fraction = _ZERO_FRACTION.match(text)
    if fraction:
        text = fraction["int"]
        from_float = True
    elif _NONZERO_FRACTION.match(text):
        return None, f"NIK {text!r} berisi angka desimal; NIK harus 16 digit tanpa koma."
    digits = clean_digits(text)
    if not digits:
        return None, "NIK kosong."
    bad = _first_non_digit(digits)
    if bad is not None:
        return None, f"NIK hanya boleh berisi angka, tetapi ada karakter {bad!r}."
    if len(digits) != NIK_LENGTH:
        return None, _length_message("NIK", len(digits))
    if from_float and int(digits) > _FLOAT_EXACT_LIMIT:
        return None, _float_rounding_reason()
    return digits, None


def _float_rounding_reason() -> str:
    return (
        "NIK ini pernah disimpan sebagai angka desimal dan terlalu besar untuk disimpan tepat, sehingga "
        "digit terakhirnya mungkin sudah berubah. Ketik ulang NIK dari KTP atau KK."
    )


def _first_non_digit(text: str) -> str | None:
    # str.isdigit() would accept Arabic-Indic and full-width digits, which no database lookup will match.
    return next((ch for ch in text if ch not in _ASCII_DIGITS), None)


def _length_message(label: str, length: int) -> str:
    return f"{label} harus {NIK_LENGTH} digit, tetapi yang diisi {length} digit."


# --------------------------------------------------------------------------------------------------------
# Shared 16-digit structure
# --------------------------------------------------------------------------------------------------------


def _dotted(code6: str) -> str:
    return f"{code6[0:2]}.{code6[2:4]}.{code6[4:6]}"


def _kecamatan_digits(kecamatan_code: str) -> str:
    if _KECAMATAN_DOTTED.match(kecamatan_code):
        return kecamatan_code.replace(".", "")
    if _KECAMATAN_DIGITS.match(kecamatan_code):
        return kecamatan_code
    raise ValueError(f"Kode kecamatan {kecamatan_code!r} harus berbentuk 11.06.01 atau 110601.")


# Longest length of each month in any year; only 29 February then depends on the year.
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _date_possible(day: int, month: int, yy: int) -> bool:
    """Whether day/month exists in 19yy or 20yy (only 29 February depends on the century)."""
    if not (1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month]):
        return False
    return not (month == 2 and day == 29) or any(calendar.isleap(century + yy) for century in _CENTURIES)


def _valid_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _date_candidates(day: int, month: int, yy: int, today: date) -> list[date]:
    found = [
        date(century + yy, month, day)
        for century in reversed(_CENTURIES)
        if _valid_date(century + yy, month, day)
    ]
    return [d for d in found if d <= today]


def _split16(raw: str, label: str, error: type[ValueError]) -> tuple[str, str, int, int, int, int]:
    """Clean and structurally check a 16-digit number; returns (digits, kecamatan6, dd, mm, yy, serial)."""
    if looks_excel_damaged(raw):
        raise error(
            f"{label} tersimpan sebagai notasi ilmiah oleh Excel (misalnya 3.20101E+15) dan sebagian "
            "digitnya sudah hilang. Ketik ulang dari dokumen aslinya."
        )
    digits = clean_digits(raw)
    if not digits:
        raise error(f"{label} kosong.")
    bad = _first_non_digit(digits)
    if bad is not None:
        raise error(f"{label} hanya boleh berisi angka, tetapi ada karakter {bad!r}.")
    if len(digits) != NIK_LENGTH:
        raise error(_length_message(label, len(digits)))
    serial = int(digits[12:16])
    if serial == 0:
        raise error(f"Nomor urut {label} (4 digit terakhir) tidak boleh 0000.")
    return digits, digits[0:6], int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), serial


def _check_month(label: str, month: int, error: type[ValueError]) -> None:
    if not 1 <= month <= 12:
        raise error(f"Bulan pada {label} (digit ke-9 dan ke-10) adalah {month:02d}; harus 01 sampai 12.")


# --------------------------------------------------------------------------------------------------------
# NIK
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NikInfo:
    """The parts of a structurally valid NIK.

    ``birth_day`` is the real day of the month (the +40 for women already removed), ``birth_yy`` the
    two-digit year as an int (0-99), ``sex`` is ``"L"`` or ``"P"``.
    """

    nik: str
    kecamatan_code: str
    birth_day: int
    birth_month: int
    birth_yy: int
    sex: str
    serial: int

    @property
    def province_code(self) -> str:
        return self.kecamatan_code[:2]

    @property
    def regency_code(self) -> str:
        """Kabupaten/kota code, dotted: ``"11.06"``."""
        return self.kecamatan_code[:5]

    def birth_date_candidates(self, today: date) -> list[date]:
        """Birth dates the NIK can stand for: 20yy and 19yy, newest first, none after ``today``.

        29 February yields only the century whose year is a leap year (for yy = 00, only 2000).
        """
        return _date_candidates(self.birth_day, self.birth_month, self.birth_yy, today)


def parse_nik(raw: str) -> NikInfo:
    """Parse a NIK after :func:`clean_digits`; raise :class:`NikError` if it cannot be a NIK.

    Rejected: anything but exactly 16 ASCII digits, month 00 or above 12, day (after removing the +40
    for women) 00 or beyond the month's length in both centuries, and serial 0000. Province or
    kecamatan codes that do not exist are *not* rejected here; see :func:`check_nik`.
    """
    digits, kecamatan6, dd, month, yy, serial = _split16(raw, "NIK", NikError)
    sex = SEX_FEMALE if dd > FEMALE_DAY_OFFSET else SEX_MALE
    day = dd - FEMALE_DAY_OFFSET if sex == SEX_FEMALE else dd
    if not 1 <= day <= 31:
        raise NikError(
            f"Tanggal lahir pada NIK (digit ke-7 dan ke-8) adalah {dd:02d}; harus 01-31 untuk laki-laki "
            "atau 41-71 untuk perempuan."
        )
    _check_month("NIK", month, NikError)
    if not _date_possible(day, month, yy):
        raise NikError(f"Tanggal lahir pada NIK ({day:02d}-{month:02d}-{yy:02d}) tidak ada di kalender.")
    return NikInfo(
        nik=digits,
        kecamatan_code=_dotted(kecamatan6),
        birth_day=day,
        birth_month=month,
        birth_yy=yy,
        sex=sex,
        serial=serial,
    )


@dataclass
class NikWarning:
    """An inconsistency worth showing to an operator; ``message`` is in Bahasa Indonesia.

    ``code`` is one of ``invalid``, ``unknown_kecamatan``, ``birth_date_mismatch``, ``sex_mismatch``.
    """

    code: str
    message: str


KnownKecamatan = Callable[[str], bool] | Container[str]


def check_nik(
    nik: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    known_kecamatan: KnownKecamatan | None = None,
) -> list[NikWarning]:
    """Compare a NIK with the rest of a record and return the inconsistencies; never raises for any NIK.

    A malformed NIK yields a single ``invalid`` warning. Otherwise, in this order:

    * ``unknown_kecamatan`` when ``known_kecamatan`` is given and does not know the dotted code
      (``"11.06.01"``). It may be a predicate or any container such as a set of codes.
    * ``birth_date_mismatch`` when ``birth_date`` is given and its day, month or two-digit year differs.
    * ``sex_mismatch`` when ``sex`` (``"L"`` or ``"P"``, any case) differs from the NIK's.

    Mismatches are warnings, not errors: Dukcapil has issued NIKs that disagree with the holder's data and
    the NIK stays the holder's identifier regardless. ``ValueError`` is raised only for a ``sex``
    argument other than L/P, which is a bug in the caller, not bad data.
    """
    expected_sex = _normalise_sex(sex) if sex is not None else None
    try:
        info = parse_nik(nik)
    except NikError as exc:
        return [NikWarning(code="invalid", message=str(exc))]

    warnings: list[NikWarning] = []
    if known_kecamatan is not None and not _is_known(known_kecamatan, info.kecamatan_code):
        warnings.append(
            NikWarning(
                code="unknown_kecamatan",
                message=f"Kode kecamatan {info.kecamatan_code} pada NIK tidak ditemukan di data wilayah.",
            )
        )
    if birth_date is not None and (info.birth_day, info.birth_month, info.birth_yy) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        warnings.append(
            NikWarning(
                code="birth_date_mismatch",
                message=(
                    f"Tanggal lahir pada NIK ({info.birth_day:02d}-{info.birth_month:02d}-{info.birth_yy:02d}) "
                    f"tidak sama dengan tanggal lahir yang tercatat ({birth_date:%d-%m-%Y})."
                ),
            )
        )
    if expected_sex is not None and expected_sex != info.sex:
        warnings.append(
            NikWarning(
                code="sex_mismatch",
                message=(
                    f"NIK menunjukkan jenis kelamin {_sex_label(info.sex)}, tetapi yang tercatat "
                    f"{_sex_label(expected_sex)}."
                ),
            )
        )
    return warnings


def _is_known(known: KnownKecamatan, code: str) -> bool:
    # Checked in this order because a plain function is not a Container but a set is not callable;
    # an object that is both is treated as a predicate.
    if callable(known):
        return bool(known(code))
    return code in known


def _normalise_sex(sex: str) -> str:
    value = sex.strip().upper()
    if value not in SEXES:
        raise ValueError(f"Jenis kelamin {sex!r} tidak dikenal; gunakan 'L' atau 'P'.")
    return value


def _sex_label(sex: str) -> str:
    return "laki-laki" if sex == SEX_MALE else "perempuan"


def mask_nik(nik: str) -> str:
    """Hide a NIK for display: ``"1106**********07"``; the first 4 and last 2 characters stay visible.

    The result has the input's length. Inputs shorter than 7 characters are masked completely, because
    showing 4 + 2 of them would reveal most or all of the value.
    """
    if len(nik) < 7:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


def make_nik(*, kecamatan_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Build a NIK (for synthetic data and tests). Raises ``ValueError`` on invalid arguments.

    ``kecamatan_code`` may be dotted (``"11.06.01"``) or six digits. ``birth_date`` must lie in
    1900-2099, the range a two-digit year can be read back into.
    """
    code6 = _kecamatan_digits(kecamatan_code)
    _check_century(birth_date, "Tanggal lahir")
    sex_value = _normalise_sex(sex)
    _check_serial(serial)
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex_value == SEX_FEMALE else 0)
    return f"{code6}{day:02d}{birth_date:%m}{birth_date.year % 100:02d}{serial:04d}"


def _check_century(value: date, label: str) -> None:
    if not 1900 <= value.year <= 2099:
        raise ValueError(f"{label} {value.isoformat()} di luar rentang 1900-2099.")


def _check_serial(serial: int) -> None:
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        raise ValueError(f"Nomor urut {serial!r} harus bilangan bulat 1 sampai 9999.")


# --------------------------------------------------------------------------------------------------------
# KK
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KkInfo:
    """The parts of a structurally valid KK number; ``issue_yy`` is the two-digit year (0-99)."""

    kk: str
    kecamatan_code: str
    issue_day: int
    issue_month: int
    issue_yy: int
    serial: int

    def issue_date_candidates(self, today: date) -> list[date]:
        """Issue dates the number can stand for: 20yy and 19yy, newest first, none after ``today``."""
        return _date_candidates(self.issue_day, self.issue_month, self.issue_yy, today)


def parse_kk(raw: str) -> KkInfo:
    """Parse a KK number after :func:`clean_digits`; raise :class:`KkError` if it cannot be one.

    Same rules as :func:`parse_nik`, except that the day is never offset by 40.
    """
    digits, kecamatan6, day, month, yy, serial = _split16(raw, "Nomor KK", KkError)
    if not 1 <= day <= 31:
        raise KkError(f"Tanggal pada nomor KK (digit ke-7 dan ke-8) adalah {day:02d}; harus 01 sampai 31.")
    _check_month("nomor KK", month, KkError)
    if not _date_possible(day, month, yy):
        raise KkError(f"Tanggal pada nomor KK ({day:02d}-{month:02d}-{yy:02d}) tidak ada di kalender.")
    return KkInfo(
        kk=digits,
        kecamatan_code=_dotted(kecamatan6),
        issue_day=day,
        issue_month=month,
        issue_yy=yy,
        serial=serial,
    )


def make_kk(*, kecamatan_code: str, issued: date, serial: int) -> str:
    """Build a KK number (for synthetic data and tests). Raises ``ValueError`` on invalid arguments."""
    code6 = _kecamatan_digits(kecamatan_code)
    _check_century(issued, "Tanggal terbit")
    _check_serial(serial)
    return f"{code6}{issued:%d%m}{issued.year % 100:02d}{serial:04d}"
