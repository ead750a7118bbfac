"""Turn one mapped row of a spreadsheet into registry values, or say exactly what is wrong with it.

No database access here (the desa resolver is handed in), so every pitfall can be tested directly.

Rules an operator can rely on (also in docs/import.md):

* Values are kept as written: a name is only trimmed and its inner whitespace collapsed; the search key
  (titles removed, old spelling modernised) is computed by the registry in a separate field.
* Nothing is guessed. A NIK or KK that Excel turned into scientific notation has lost digits and rejects
  the row; a desa name that matches two villages, or none, rejects the row.
* An empty cell is "no information", never "erase": it does not overwrite a registry value.
* A cell that an export protected against formula injection (a leading apostrophe before ``= + - @``) is read
  back without the apostrophe, so an export re-imports unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sinergi.core.dates import DateParseError, parse_date
from sinergi.core.nik import (
    KkError,
    NikError,
    clean_digits,
    looks_excel_damaged,
    normalise_excel_nik,
    parse_kk,
    parse_nik,
)

from .desa import AMBIGUOUS, DesaResolver

# Same limits as the registry's model fields.
MAX_LENGTHS = {"nama": 150, "tempat_lahir": 100, "pekerjaan": 100, "alamat": 255}

SEX_WORDS = {
    "L": "L", "LK": "L", "LAKI": "L", "LAKI LAKI": "L", "LAKILAKI": "L", "PRIA": "L", "M": "L", "MALE": "L", "1": "L",
    "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P", "W": "P", "F": "P", "FEMALE": "P", "2": "P",
}
# Numbers are the KK's (Dukcapil) SHDK codes, which is also what Sinergi's export writes.
RELATION_WORDS = {
    "KEPALA KELUARGA": "1", "KEPALA RUMAH TANGGA": "1", "KRT": "1", "KEPALA": "1", "KK": "1",
    "SUAMI": "2",
    "ISTRI": "3", "ISTERI": "3",
    "ANAK": "4", "ANAK KANDUNG": "4", "ANAK TIRI": "4", "ANAK ANGKAT": "4",
    "MENANTU": "5",
    "CUCU": "6",
    "ORANG TUA": "7", "ORANGTUA": "7", "AYAH": "7", "IBU": "7",
    "MERTUA": "8",
    "FAMILI LAIN": "9", "FAMILI": "9", "SAUDARA": "9", "KELUARGA LAIN": "9",
    "PEMBANTU": "10",
    "LAINNYA": "11", "LAIN LAIN": "11", "LAIN": "11",
}
RELATION_WORDS.update({str(n): str(n) for n in range(1, 12)})
MARITAL_WORDS = {
    "BELUM KAWIN": "1", "BELUM MENIKAH": "1", "TIDAK KAWIN": "1", "LAJANG": "1",
    "KAWIN": "2", "MENIKAH": "2", "KAWIN TERCATAT": "2", "KAWIN BELUM TERCATAT": "2", "KAWIN TIDAK TERCATAT": "2",
    "CERAI HIDUP": "3", "CERAI": "3",
    "CERAI MATI": "4",
    "1": "1", "2": "2", "3": "3", "4": "4",
}
_EMPTY_MARKS = {"-", "--", ".", "0", "00", "000"}
_WORDS = re.compile(r"[^A-Z0-9]+")
_NEUTRALISED = re.compile(r"^'(?=[=+\-@])")


@dataclass(slots=True)
class Problem:
    """Why a row cannot be imported. ``code`` is stable (counts in the preview); ``message`` is for people."""

    code: str
    target: str
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "target": self.target, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass(slots=True)
class CleanRow:
    cleaned: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.problems)


# Problem codes and their labels in the preview ("the first problems per kind").
PROBLEM_LABELS = {
    "nik_missing": "NIK kosong",
    "nik_damaged": "NIK rusak oleh Excel (notasi ilmiah)",
    "nik_invalid": "NIK tidak sah",
    "kk_missing": "No. KK kosong",
    "kk_damaged": "No. KK rusak oleh Excel (notasi ilmiah)",
    "kk_invalid": "No. KK tidak sah",
    "name_missing": "Nama kosong",
    "too_long": "Isian terlalu panjang",
    "sex_invalid": "Jenis kelamin tidak dikenal",
    "sex_missing": "Jenis kelamin kosong",
    "date_invalid": "Tanggal lahir tidak terbaca",
    "relation_invalid": "Hubungan keluarga tidak dikenal",
    "marital_invalid": "Status kawin tidak dikenal",
    "rt_rw_invalid": "RT/RW tidak sah",
    "desa_missing": "Desa/kelurahan kosong",
    "desa_unknown": "Desa/kelurahan tidak ditemukan",
    "desa_ambiguous": "Desa/kelurahan ganda",
    "duplicate_nik": "NIK ganda dalam file",
    "kk_two_desa": "Satu KK di dua desa",
    "outside_regency": "Terdaftar di luar wilayah impor",
    "not_in_registry": "Tidak ada di registri dan data tidak cukup untuk menambahkannya",
}


_CACHE_LIMIT = 200_000


def _remember(cache: dict, key, outcome) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = outcome


def _kk_outcome(value: str) -> tuple[str, str]:
    """("kk", digits) for a KK that can be imported, else (problem code, message)."""
    if looks_excel_damaged(value):
        return "kk_damaged", (
            f"No. KK {value!r} tersimpan sebagai notasi ilmiah oleh Excel dan sebagian digitnya sudah hilang. "
            "Ubah format kolom menjadi Teks, lalu ketik ulang nomor KK dari kartunya.")
    # The same format recovery as for NIKs (".0" suffix, apostrophe, grouping), with the KK's own words.
    digits, reason = normalise_excel_nik(value)
    if digits is None and reason and "desimal" in reason:
        return "kk_invalid", reason.replace("NIK", "No. KK")
    try:
        return "kk", parse_kk(digits or clean_digits(value)).kk
    except KkError as exc:
        return "kk_invalid", str(exc)


def words_key(text: str) -> str:
    return _WORDS.sub(" ", text.upper()).strip()


def collapse(text: str) -> str:
    if text.startswith("'"):
        text = _NEUTRALISED.sub("", text)
    return " ".join(text.split())


class RowCleaner:
    """Cleans rows of one file. ``mapping`` is {target key: header}; ``letters`` is {header: column letter}."""

    def __init__(self, *, mapping: dict[str, str], kind: str, resolver: DesaResolver | None, today: date,
                 letters: dict[str, str] | None = None) -> None:
        self.mapping = mapping
        self.kind = kind
        self.resolver = resolver
        self.today = today
        self.letters = letters or {}
        # Outcomes per distinct cell value (a file repeats its KKs and dates on many rows). Bounded: a cache
        # that fills up is emptied, so memory stays flat on any file.
        self._kk_outcomes: dict[str, tuple[str, str]] = {}
        self._date_outcomes: dict[str, tuple[str, str]] = {}

    def _column(self, target: str) -> str:
        header = self.mapping.get(target, "")
        letter = self.letters.get(header)
        return f"{header} (kolom {letter})" if letter else header

    def clean(self, values: dict[str, str], raw: dict[str, Any] | None = None) -> CleanRow:
        raw = raw or {}
        row = CleanRow()
        text = {target: collapse(values.get(header, "") or "") for target, header in self.mapping.items()}

        def problem(code: str, target: str, message: str) -> None:
            row.problems.append(Problem(code, target, self._column(target), text.get(target, ""), message))

        nik_sex = None
        if "nik" in self.mapping:
            nik_sex = self._nik(text["nik"], row, problem)
        elif self.kind == "program":
            problem("nik_missing", "nik", "Kolom NIK belum dipetakan.")
        if text.get("no_kk"):
            self._kk(text["no_kk"], row, problem)
        elif self.kind == "dtks":
            problem("kk_missing", "no_kk", "No. KK kosong. Setiap baris DTKS harus punya nomor KK.")

        name = text.get("nama", "")
        if not name:
            problem("name_missing", "nama", "Nama kosong. Isi nama lengkap seperti di KK.")
        for target, limit in MAX_LENGTHS.items():
            value = text.get(target, "")
            if len(value) > limit:
                problem("too_long", target, f"Isian {self._column(target)} {len(value)} karakter; paling banyak {limit}.")
            elif value:
                row.cleaned[target] = value

        self._sex(text.get("jenis_kelamin", ""), nik_sex, row, problem)
        self._birth_date(values, raw, row, problem)
        self._coded("hubungan", text.get("hubungan", ""), RELATION_WORDS, "relation_invalid",
                    "Hubungan keluarga {value!r} tidak dikenal. Pakai kode SHDK 1-11 atau kata seperti "
                    "'Kepala Keluarga', 'Istri', 'Anak'.", row, problem)
        self._coded("status_kawin", text.get("status_kawin", ""), MARITAL_WORDS, "marital_invalid",
                    "Status kawin {value!r} tidak dikenal. Pakai 1-4 atau 'Belum kawin', 'Kawin', 'Cerai hidup', "
                    "'Cerai mati'.", row, problem)
        for target in ("rt", "rw"):
            self._rt_rw(target, text.get(target, ""), row, problem)
        self._desa(text, row, problem)
        return row

    def _nik(self, value: str, row: CleanRow, problem) -> str | None:
        """Clean the NIK into ``row``; returns the sex it encodes, or None when it is missing or rejected."""
        if not value:
            if self.kind == "program":
                problem("nik_missing", "nik", "NIK kosong. Daftar penerima program harus ber-NIK.")
            return None
        nik, reason = normalise_excel_nik(value)
        if nik is None:
            code = "nik_damaged" if looks_excel_damaged(value) else "nik_invalid"
            problem(code, "nik", reason or "NIK tidak sah.")
            return None
        try:
            sex = parse_nik(nik).sex
        except NikError as exc:
            problem("nik_invalid", "nik", str(exc))
            return None
        row.cleaned["nik"] = nik
        return sex

    def _kk(self, value: str, row: CleanRow, problem) -> None:
        outcome = self._kk_outcomes.get(value)
        if outcome is None:
            outcome = _kk_outcome(value)
            _remember(self._kk_outcomes, value, outcome)
        kind, detail = outcome
        if kind == "kk":
            row.cleaned["no_kk"] = detail
        else:
            problem(kind, "no_kk", detail)

    def _sex(self, value: str, nik_sex: str | None, row: CleanRow, problem) -> None:
        if value:
            sex = SEX_WORDS.get(words_key(value))
            if sex is None:
                problem("sex_invalid", "jenis_kelamin",
                        f"Jenis kelamin {value!r} tidak dikenal. Pakai L atau P (Laki-laki/Perempuan).")
                return
            row.cleaned["jenis_kelamin"] = sex
        elif nik_sex is not None:
            # The NIK encodes sex (day + 40 for women): a fact of the row, not a guess.
            row.cleaned["jenis_kelamin"] = nik_sex

    def _birth_date(self, values: dict[str, str], raw: dict[str, Any], row: CleanRow, problem) -> None:
        header = self.mapping.get("tanggal_lahir")
        if not header:
            return
        cell = raw.get(header)
        # Real date and number cells carry more than their display (a time, a serial); text goes as shown.
        source = cell if isinstance(cell, int | float | date) and not isinstance(cell, bool) else values.get(header, "")
        outcome = self._date_outcomes.get(source) if isinstance(source, str) else None
        if outcome is None:
            try:
                parsed = parse_date(source if source != "" else None, today=self.today)
                outcome = ("date", parsed.value.isoformat() if parsed is not None and parsed.value is not None
                           else "")
            except DateParseError as exc:
                outcome = ("date_invalid", str(exc))
            if isinstance(source, str):
                _remember(self._date_outcomes, source, outcome)
        kind, detail = outcome
        if kind != "date":
            problem(kind, "tanggal_lahir", detail)
        elif detail:
            row.cleaned["tanggal_lahir"] = detail

    def _coded(self, target: str, value: str, words: dict[str, str], code: str, message: str, row: CleanRow,
               problem) -> None:
        if not value:
            return
        key = words_key(value)
        found = words.get(key) or words.get(key.lstrip("0"))
        if found is None:
            problem(code, target, message.format(value=value))
        else:
            row.cleaned[target] = found

    def _rt_rw(self, target: str, value: str, row: CleanRow, problem) -> None:
        if not value or value in _EMPTY_MARKS:
            return
        digits = value[:-2] if value.endswith(".0") else value
        if not digits.isdigit() or int(digits) > 999:
            problem("rt_rw_invalid", target, f"{target.upper()} {value!r} harus angka 1 sampai 999.")
            return
        if int(digits) == 0:
            return
        row.cleaned[target] = f"{int(digits):03d}"

    def _desa(self, text: dict[str, str], row: CleanRow, problem) -> None:
        if "desa" not in self.mapping or self.resolver is None:
            return
        value = text.get("desa", "")
        if not value:
            if self.kind == "dtks":
                problem("desa_missing", "desa", "Desa/kelurahan kosong. Isi nama atau kode desa.")
            return
        found = self.resolver.resolve(value, text.get("kecamatan", ""))
        if found.code is None:
            code = "desa_ambiguous" if found.reason == AMBIGUOUS else "desa_unknown"
            problem(code, "desa", found.problem or f"Desa {value!r} tidak ditemukan.")
            return
        row.cleaned["desa"] = found.code
        if found.matched_name:
            row.notes.append(f"Desa {value!r} dibaca sebagai {found.matched_name!r}.")
