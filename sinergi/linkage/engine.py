"""The linkage engine behind ``sinergi link``: one CSV of records in, one cluster per person out (issue 5).

Pipeline, each step a function below:

1. :func:`read_records` streams the input CSV (header :data:`REQUIRED_COLUMNS`, optionally ``sumber``) and
   normalises every record into a few flat columns: the name through :mod:`sinergi.linkage.names`, the NIK
   and KK through :mod:`sinergi.core.nik` (a NIK that Excel damaged, or that cannot be a NIK, is *missing*:
   it is never evidence), the birth date through :mod:`sinergi.core.dates`, the sex from its many spellings,
   and the desa as a dotted code (names are resolved with :class:`sinergi.imports.desa.DesaResolver` for the
   kabupaten most of the file's codes and NIKs point to). The NIK adds what it encodes: kecamatan, birth
   date and sex, used where the record lacks them and compared with them where it has them (a NIK that
   contradicts its own row is often a copied one: a head's NIK typed on a member's row).
2. Candidate pairs come from blocking rules that are all tied to a NIK, a KK or an area
   (:data:`BLOCKING_RULES`), so the number of pairs grows with the size of a desa or a kecamatan, not with the
   file: near-linear in the number of records.
3. Splink (on DuckDB, or on Spark with ``backend="spark"``) computes a comparison vector per pair (:func:`comparisons`) and scores it with its
   Fellegi-Sunter model, trained as Splink does: u by random sampling, m by expectation maximisation.
4. Fellegi-Sunter weighs each field on its own; the hard cases are interactions (same household and same
   name but another birth date are twins, not a typo; the same NIK with another sex and age is a copied
   NIK). An interaction model, gradient-boosted trees over the comparison vector and the Fellegi-Sunter
   weight, trained on labelled pairs (:func:`train_model` labels them from
   :mod:`sinergi.linkage.synthetic`), gives the final match probability. Every feature is a comparison
   level, so the model is evaluated once per distinct comparison vector, not once per pair.
5. :func:`cluster` joins records along edges above the threshold, strongest first, but refuses a merge
   that would put two records the model confidently separates into one cluster, or that would make a
   cluster larger than :data:`MAX_CLUSTER_SIZE`.

The trained model (the Splink settings with their m/u parameters, and the trees) is one JSON document
(:class:`Model`), so a run with a saved model (``--model FILE``) is repeatable and needs no training.

Framework-free: no Django. Progress goes to a callback (``sinergi link`` prints it on stderr).
"""

from __future__ import annotations

import copy
import csv
import json
import logging
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sinergi.core.dates import DateParseError, parse_date
from sinergi.core.nik import NikError, looks_excel_damaged, normalise_excel_nik, parse_nik
from sinergi.imports.clean import SEX_WORDS
from sinergi.imports.desa import DesaResolver, Village
from sinergi.linkage.names import parse_name

__all__ = [
    "BACKENDS",
    "BLOCKING_RULES",
    "BackendUnavailable",
    "DEFAULT_THRESHOLD",
    "Evidence",
    "ReviewResult",
    "ScoredPair",
    "MAX_CLUSTER_SIZE",
    "MODEL_FORMAT",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "InputError",
    "LinkResult",
    "Model",
    "Prepared",
    "cluster",
    "comparisons",
    "default_model",
    "link",
    "link_for_review",
    "link_file",
    "read_records",
    "score_pairs",
    "spark_session",
    "spark_sql",
    "train_model",
    "write_clusters",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "alamat", "rt", "rw",
    "kode_desa",
)  # fmt: skip
OPTIONAL_COLUMNS: tuple[str, ...] = ("sumber",)

MODEL_FORMAT = "sinergi-linkage/1"
DEFAULT_THRESHOLD = 0.5
# Below this probability a pair is "confidently separated": clustering never joins its two records, even
# through other records (A-B and B-C strong, A-C separated: the weaker of the two merges is refused).
SEPARATE_BELOW = 0.05
# Why a cap: a person is listed once per programme (five lists here, a few more in real kabupaten) and now
# and then twice in one list, so a true cluster has a handful of records. Larger components are chains, and
# the classic chain is fuzzy NIK agreement: NIKs of people born on the same day in the same kecamatan share
# their first 12 digits and differ only in the serial, so "NIK one digit apart" links neighbours of a
# neighbour until everyone born on 01-01-1960 in a kecamatan (heaped dates) is one "person". Merges are
# taken strongest first, so the cap cuts the weakest links of such a chain.
MAX_CLUSTER_SIZE = 10

# Dates are read against a fixed day, so results do not depend on when a file is linked.
TODAY = date(2026, 7, 1)

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


class InputError(ValueError):
    """A malformed input file; the message names the file, and the row and column when there is one."""


# ---------------------------------------------------------------------------------------------------------
# Reading and normalising
# ---------------------------------------------------------------------------------------------------------

# The normalised columns handed to Splink, in order (unique_id first).
FEATURE_COLUMNS: tuple[str, ...] = (
    "unique_id", "name_key", "given", "sorted_key", "initials", "first4", "last4", "newborn_of", "nik",
    "nik_kec", "nik_serial", "nik_ok", "kk", "sex", "dob", "dob_year", "dob_md", "dob_heaped", "tempat",
    "alamat", "rt", "rw", "desa", "kec", "kab", "src",
)  # fmt: skip

_HEAPED_DAYS = frozenset({(1, 1), (31, 12), (1, 7)})
_SPACES = str.maketrans({"\u00a0": " "})


@dataclass
class Prepared:
    """The input, read: ``ids`` as written and one list per :data:`FEATURE_COLUMNS` entry."""

    ids: list[str]
    columns: dict[str, list[Any]]
    problems: Counter = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.ids)

    def arrow(self):
        import pyarrow as pa

        return pa.table({name: self.columns[name] for name in FEATURE_COLUMNS})


def _text(value: str) -> str:
    return " ".join(value.translate(_SPACES).split()).upper()


def _digits16(raw: str) -> str | None:
    """A NIK/KK as 16 digits, or None: empty, damaged by Excel (digits lost) or not 16 digits."""
    if not raw or looks_excel_damaged(raw):
        return None
    value, _problem = normalise_excel_nik(raw)
    return value


def _nik_info(nik: str | None):
    if nik is None:
        return None
    try:
        return parse_nik(nik)
    except NikError:
        return None


def _number(raw: str) -> str | None:
    text = raw.strip().lstrip("0")
    if not text:
        return None
    return text if text.isdigit() else _text(raw)


def _open_rows(path: Path, progress: Progress) -> Iterator[tuple[int, list[str], dict[str, int]]]:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"{path}: tidak dapat dibaca ({exc.strerror}).") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}: file kosong; baris pertama harus judul kolom.")
            names = [name.strip().lower() for name in header]
            missing = [name for name in REQUIRED_COLUMNS if name not in names]
            if missing:
                raise InputError(
                    f"{path}, baris 1 (judul): kolom {', '.join(missing)} tidak ada; "
                    f"yang diharapkan: {','.join(REQUIRED_COLUMNS)} dan boleh ditambah sumber."
                )
            duplicated = [name for name, count in Counter(names).items() if count > 1 and name]
            if duplicated:
                raise InputError(f"{path}, baris 1 (judul): kolom {', '.join(duplicated)} muncul dua kali.")
            index = {
                name: names.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in names
            }
            width = len(header)
            for row in reader:
                line = reader.line_num
                if len(row) != width:
                    if not row:
                        continue  # a blank line
                    raise InputError(
                        f"{path}, baris {line}: {len(row)} nilai, padahal judul punya {width} kolom "
                        "(pemisah kurang atau lebih, atau tanda kutip tidak ditutup)."
                    )
                yield line, row, index
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}, baris {_undecodable_line(path)}: bukan UTF-8 (bita 0x{exc.object[exc.start]:02x}); "
                "simpan file sebagai CSV UTF-8."
            ) from exc
        except csv.Error as exc:
            raise InputError(f"{path}, baris {reader.line_num}: CSV tidak terbaca ({exc}).") from exc
    progress(f"selesai membaca {path}")


def _undecodable_line(path: Path) -> int:
    """The first line of ``path`` that is not UTF-8 (the reader decodes in blocks, so it cannot say)."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def read_records(path: str | Path, *, progress: Progress = _quiet) -> Prepared:
    """Read and normalise the input CSV, streaming; raise :class:`InputError` on a malformed file."""
    path = Path(path)
    return _read(_open_rows(path, progress), path, progress)


def _read(lines: Iterable[tuple[int, list[str], dict[str, int]]], path: Path, progress: Progress) -> Prepared:
    ids: list[str] = []
    seen: dict[str, int] = {}
    cols: dict[str, list[Any]] = {name: [] for name in FEATURE_COLUMNS}
    raw_desa: list[str] = []
    problems: Counter = Counter()
    started = time.perf_counter()
    for line, row, index in lines:
        record_id = row[index["id"]]
        if not record_id.strip():
            raise InputError(f"{path}, baris {line}, kolom id: id kosong; setiap catatan perlu id.")
        if record_id in seen:
            raise InputError(
                f"{path}, baris {line}, kolom id: id {record_id!r} sudah dipakai di baris {seen[record_id]}."
            )
        seen[record_id] = line
        ids.append(record_id)
        _normalise(row, index, cols, raw_desa, problems)
        if len(ids) % 200_000 == 0:
            progress(f"{len(ids):,} catatan terbaca ({time.perf_counter() - started:.0f} dtk)")
    _resolve_desa(cols, raw_desa, problems)
    progress(f"{len(ids):,} catatan terbaca dalam {time.perf_counter() - started:.1f} dtk")
    return Prepared(ids=ids, columns=cols, problems=problems)


def _normalise(
    row: list[str],
    index: Mapping[str, int],
    cols: dict[str, list[Any]],
    raw_desa: list[str],
    problems: Counter,
) -> None:
    get = row.__getitem__
    cols["unique_id"].append(len(cols["unique_id"]))
    # Name.
    parts = parse_name(get(index["nama"]))
    if parts.newborn_of:
        mother = parse_name(parts.newborn_of)
        cols["name_key"].append("BY " + parts.newborn_of)
        cols["given"].append(None)
        cols["sorted_key"].append(None)
        cols["initials"].append(None)
        cols["first4"].append("BY" + mother.tokens[0][:2] if mother.tokens else None)
        cols["last4"].append("BY" + mother.tokens[-1][:2] if mother.tokens else None)
        cols["newborn_of"].append(parts.newborn_of)
    elif parts.key:
        cols["name_key"].append(parts.key)
        cols["given"].append(parts.given)
        cols["sorted_key"].append(parts.sorted_key)
        cols["initials"].append(parts.initials)
        cols["first4"].append(parts.tokens[0][:4])
        cols["last4"].append(parts.tokens[-1][:4])
        cols["newborn_of"].append(None)
    else:
        for name in ("name_key", "given", "sorted_key", "initials", "first4", "last4", "newborn_of"):
            cols[name].append(None)
    # NIK and KK: damaged or impossible numbers are missing, never evidence.
    raw_nik = get(index["nik"]).strip()
    nik = _digits16(raw_nik)
    info = _nik_info(nik)
    if raw_nik and info is None:
        problems["nik_unusable"] += 1
        nik = None
    cols["nik"].append(nik)
    cols["nik_kec"].append(info.kecamatan_code if info else None)
    cols["nik_serial"].append(nik[12:] if info else None)
    kk = _digits16(get(index["no_kk"]).strip())
    cols["kk"].append(kk)
    # Sex, from the column or else from the NIK.
    sex = SEX_WORDS.get(_text(get(index["jenis_kelamin"]).replace("-", " ")))
    # Birth date, from the column or else from the NIK.
    dob: date | None = None
    year_only = False
    raw_date = get(index["tanggal_lahir"]).strip()
    if raw_date:
        try:
            parsed = parse_date(raw_date, today=TODAY)
        except DateParseError:
            parsed = None
            problems["date_unreadable"] += 1
        if parsed is not None and parsed.value is not None:
            dob = parsed.value
            year_only = parsed.precision != "day"
    nik_ok = None
    if info is not None:
        candidates = info.birth_date_candidates(TODAY)
        if dob is not None and not year_only:
            nik_ok = int(dob in candidates and (sex is None or sex == info.sex))
        elif dob is None and candidates:
            dob = (
                candidates[-1]
                if len(candidates) > 1 and (TODAY - candidates[0]).days < 365 * 3
                else candidates[0]
            )
        if sex is None:
            sex = info.sex
    cols["nik_ok"].append(nik_ok)
    cols["sex"].append(sex)
    if dob is None:
        cols["dob"].append(None)
        cols["dob_year"].append(None)
        cols["dob_md"].append(None)
        cols["dob_heaped"].append(None)
    else:
        cols["dob"].append(None if year_only else dob.isoformat())
        cols["dob_year"].append(dob.year)
        cols["dob_md"].append(None if year_only else f"{dob.month:02d}-{dob.day:02d}")
        cols["dob_heaped"].append(year_only or (dob.day, dob.month) in _HEAPED_DAYS)
    cols["tempat"].append(_text(get(index["tempat_lahir"])) or None)
    cols["alamat"].append(_text(get(index["alamat"])) or None)
    cols["rt"].append(_number(get(index["rt"])))
    cols["rw"].append(_number(get(index["rw"])))
    raw_desa.append(get(index["kode_desa"]))
    cols["src"].append(_text(get(index["sumber"])) or None if "sumber" in index else None)


def _village_code(raw: str) -> str | None:
    digits = raw.strip().replace(".", "")
    if digits.endswith(",0"):
        digits = digits[:-2]
    if len(digits) == 12 and digits.endswith("0") and "." not in raw:  # "1106072001.0" went through Excel
        digits = digits[:10]
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


def _resolve_desa(cols: dict[str, list[Any]], raw_desa: list[str], problems: Counter) -> None:
    """Desa codes as dotted codes; names resolved in the kabupaten most codes (or NIKs) of the file are in."""
    codes: dict[str, str | None] = {}
    for raw in set(raw_desa):
        codes[raw] = _village_code(raw)
    regencies = Counter(code[:5] for raw, code in codes.items() if code)
    if not regencies:
        regencies = Counter(kec[:5] for kec in cols["nik_kec"] if kec)
    names = [raw for raw, code in codes.items() if code is None and raw.strip()]
    if names and regencies:
        resolver = _resolver(regencies.most_common(1)[0][0])
        for raw in names:
            if resolver is not None:
                found = resolver.resolve(raw)
                if found.code:
                    codes[raw] = found.code
                    continue
            problems["desa_unresolved"] += 1
            codes[raw] = "?" + _text(raw)  # still groups the records that write it alike
    for raw in raw_desa:
        code = codes.get(raw) or (("?" + _text(raw)) if raw.strip() else None)
        cols["desa"].append(code)
        known = code is not None and not code.startswith("?")
        cols["kec"].append(code[:8] if known else None)
        cols["kab"].append(code[:5] if known else None)
    # Records without a usable desa are still blocked on their NIK's kecamatan.
    for i, kec in enumerate(cols["kec"]):
        if kec is None and cols["nik_kec"][i]:
            cols["kec"][i] = cols["nik_kec"][i]
            cols["kab"][i] = cols["nik_kec"][i][:5]


def _resolver(regency: str) -> DesaResolver | None:
    from sinergi.linkage.synthetic import load_regency  # the vendored area tables, read without Django

    try:
        found = load_regency(regency)
    except (ValueError, OSError):
        return None
    villages = [Village(code=d.code, name=d.name, district=d.kecamatan_name) for d in found.desa]
    return DesaResolver(villages, regency_code=regency, regency_name=found.name)


# ---------------------------------------------------------------------------------------------------------
# The Splink model: comparisons and blocking
# ---------------------------------------------------------------------------------------------------------


def _level(sql: str, label: str, *, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    return level


_ELSE = _level("ELSE", "other")


def _jw(column: str, at_least: float) -> str:
    return f'jaro_winkler_similarity("{column}_l", "{column}_r") >= {at_least}'


def comparisons() -> list[dict[str, Any]]:
    """The comparison of each field, as Splink comparison dicts (levels from most to least alike)."""
    name = {
        "output_column_name": "name",
        "comparison_levels": [
            _level('"name_key_l" IS NULL OR "name_key_r" IS NULL', "missing", null=True),
            _level('"name_key_l" = "name_key_r"', "equal key"),
            _level('"given_l" = "given_r"', "equal given name, fathers differ"),
            _level('"sorted_key_l" = "sorted_key_r"', "same words, other order"),
            _level(
                '("newborn_of_l" IS NULL) <> ("newborn_of_r" IS NULL)', "newborn record against a named one"
            ),
            _level(_jw("given", 0.95), "JW >= 0.95"),
            _level(_jw("given", 0.88), "JW >= 0.88"),
            _level('"initials_l" = "initials_r" AND "first4_l" = "first4_r"', "initials agree"),
            _level(
                'contains("given_l", "given_r") OR contains("given_r", "given_l")',
                "one name within the other",
            ),
            _level(_jw("name_key", 0.75), "JW >= 0.75"),
            _ELSE,
        ],
    }
    nik = {
        "output_column_name": "nik",
        "comparison_levels": [
            _level('"nik_l" IS NULL OR "nik_r" IS NULL', "missing", null=True),
            _level('"nik_l" = "nik_r"', "equal"),
            # Twins and same-day neighbours share the first 12 digits (kecamatan, birth date) and differ in
            # the serial, often by one: that is not the same evidence as a typo elsewhere in the number.
            _level(
                'damerau_levenshtein("nik_l", "nik_r") <= 1 AND "nik_serial_l" = "nik_serial_r"',
                "one typo outside the serial",
            ),
            _level('damerau_levenshtein("nik_l", "nik_r") <= 1', "serials one typo apart"),
            _level(
                'substr("nik_l", 1, 12) = substr("nik_r", 1, 12)', "same kecamatan and date, other serial"
            ),
            _level('"nik_kec_l" = "nik_kec_r" AND "nik_serial_l" = "nik_serial_r"', "same kecamatan, serial"),
            _level('"nik_l" = "kk_r" OR "kk_l" = "nik_r"', "one's NIK is the other's KK"),
            _ELSE,
        ],
    }
    nik_ok = {
        "output_column_name": "nik_ok",
        "comparison_levels": [
            _level('"nik_ok_l" IS NULL OR "nik_ok_r" IS NULL', "unknown", null=True),
            _level('"nik_ok_l" = 1 AND "nik_ok_r" = 1', "both NIKs agree with their rows"),
            _level('"nik_ok_l" = 0 AND "nik_ok_r" = 0', "both disagree"),
            _ELSE,
        ],
    }
    dob = {
        "output_column_name": "dob",
        "comparison_levels": [
            _level('"dob_year_l" IS NULL OR "dob_year_r" IS NULL', "missing", null=True),
            _level('"dob_l" = "dob_r" AND NOT "dob_heaped_l"', "equal"),
            _level('"dob_l" = "dob_r"', "equal, heaped day (1 Jan, 1 Jul, 31 Dec)"),
            _level(
                '"dob_year_l" = "dob_year_r" AND ("dob_md_l" IS NULL OR "dob_md_r" IS NULL)',
                "same year, one year only",
            ),
            _level(
                '"dob_year_l" = "dob_year_r" AND substr("dob_md_l", 1, 2) = substr("dob_md_r", 1, 2)',
                "same month",
            ),
            _level(
                '"dob_year_l" = "dob_year_r" AND substr("dob_md_l", 1, 2) = substr("dob_md_r", 4, 2) '
                'AND substr("dob_md_l", 4, 2) = substr("dob_md_r", 1, 2)',
                "day and month swapped",
            ),
            _level(
                '"dob_year_l" = "dob_year_r" AND ("dob_heaped_l" OR "dob_heaped_r")', "same year, one heaped"
            ),
            _level('"dob_year_l" = "dob_year_r"', "same year"),
            _level(
                '"dob_md_l" = "dob_md_r" AND abs("dob_year_l" - "dob_year_r") <= 1', "a year apart, same day"
            ),
            _level('abs("dob_year_l" - "dob_year_r") <= 1', "one year apart"),
            _level('abs("dob_year_l" - "dob_year_r") <= 2', "two years apart"),
            _level('abs("dob_year_l" - "dob_year_r") <= 5', "up to five years apart"),
            _ELSE,
        ],
    }
    sex = {
        "output_column_name": "sex",
        "comparison_levels": [
            _level('"sex_l" IS NULL OR "sex_r" IS NULL', "missing", null=True),
            _level('"sex_l" = "sex_r"', "equal"),
            _ELSE,
        ],
    }
    kk = {
        "output_column_name": "kk",
        "comparison_levels": [
            _level('"kk_l" IS NULL OR "kk_r" IS NULL', "missing", null=True),
            _level('"kk_l" = "kk_r"', "equal"),
            _level('damerau_levenshtein("kk_l", "kk_r") <= 1', "one typo"),
            _ELSE,
        ],
    }
    area = {
        "output_column_name": "area",
        "comparison_levels": [
            _level('"desa_l" IS NULL OR "desa_r" IS NULL', "missing", null=True),
            _level('"desa_l" = "desa_r"', "same desa"),
            _level('"kec_l" = "kec_r"', "same kecamatan"),
            _level('"kab_l" = "kab_r"', "same kabupaten"),
            _ELSE,
        ],
    }
    rtrw = {
        "output_column_name": "rtrw",
        "comparison_levels": [
            _level('"rw_l" IS NULL OR "rw_r" IS NULL', "missing", null=True),
            _level('"rw_l" = "rw_r" AND "rt_l" = "rt_r"', "same RT and RW"),
            _level('"rw_l" = "rw_r"', "same RW"),
            _ELSE,
        ],
    }
    tempat = {
        "output_column_name": "tempat",
        "comparison_levels": [
            _level('"tempat_l" IS NULL OR "tempat_r" IS NULL', "missing", null=True),
            _level('"tempat_l" = "tempat_r"', "equal"),
            _level(_jw("tempat", 0.88), "JW >= 0.88"),
            _ELSE,
        ],
    }
    alamat = {
        "output_column_name": "alamat",
        "comparison_levels": [
            _level('"alamat_l" IS NULL OR "alamat_r" IS NULL', "missing", null=True),
            _level('"alamat_l" = "alamat_r"', "equal"),
            _level(_jw("alamat", 0.9), "JW >= 0.9"),
            _level(_jw("alamat", 0.75), "JW >= 0.75"),
            _ELSE,
        ],
    }
    source = {
        "output_column_name": "src",
        "comparison_levels": [
            _level('"src_l" IS NULL OR "src_r" IS NULL', "missing", null=True),
            _level('"src_l" = "src_r"', "same list"),
            _ELSE,
        ],
    }
    return [name, nik, nik_ok, dob, sex, kk, area, rtrw, tempat, alamat, source]


# Every rule is tied to a NIK, a KK or an area, so blocks have the size of a desa's or a kecamatan's share of
# a name or a birth date, whatever the size of the file.
BLOCKING_RULES: tuple[str, ...] = (
    "l.nik = r.nik",
    "l.kk = r.kk",
    "l.desa = r.desa AND l.last4 = r.last4",
    "l.desa = r.desa AND l.first4 = r.first4 AND l.dob_year = r.dob_year",
    "l.kec = r.kec AND l.dob = r.dob AND l.sex = r.sex",
    "l.kab = r.kab AND l.name_key = r.name_key AND l.dob_year = r.dob_year",
    "l.kec = r.kec AND l.sorted_key = r.sorted_key",
)


def _settings(**extra: Any) -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "probability_two_random_records_match": 0.0001,
        "max_iterations": 10,
        "em_convergence": 0.001,
        **extra,
    }


def _db_api(threads: int | None = None):
    import duckdb
    from splink import DuckDBAPI

    # Splink logs every training step and untrained level at INFO/WARNING; the engine reports its own.
    logging.getLogger("splink").setLevel(logging.ERROR)

    connection = duckdb.connect(":memory:")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return DuckDBAPI(connection)


def _train_splink(prepared: Prepared, progress: Progress, seed: int) -> dict[str, Any]:
    """Fellegi-Sunter parameters as Splink trains them: lambda from near-certain rules, u by random
    sampling, m by EM on two blocking rules that leave each other's fields free."""
    from splink import Linker

    started = time.perf_counter()
    db_api = _db_api()
    table = db_api.register(prepared.arrow(), dataset_display_name="records")
    linker = Linker(table, _settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        ["l.nik = r.nik AND l.dob = r.dob", "l.kk = r.kk AND l.name_key = r.name_key"], recall=0.8
    )
    progress(f"Fellegi-Sunter: u dari sampel acak ({time.perf_counter() - started:.1f} dtk)")
    linker.training.estimate_u_using_random_sampling(max_pairs=3e5, seed=seed)
    progress(f"Fellegi-Sunter: m dengan EM ({time.perf_counter() - started:.1f} dtk)")
    for rule in ("l.nik = r.nik", "l.desa = r.desa AND l.dob = r.dob", "l.kk = r.kk AND l.first4 = r.first4"):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, record_sample_proportion=1.0)
    progress(f"Fellegi-Sunter terlatih dalam {time.perf_counter() - started:.1f} dtk")
    return linker.misc.save_model_to_json()


# ---------------------------------------------------------------------------------------------------------
# The interaction model: gradient-boosted trees, stored as plain JSON
# ---------------------------------------------------------------------------------------------------------


def _feature_names() -> list[str]:
    # Splink's per-comparison weights (one value per comparison level) stand for the comparison vector.
    return [f"mw_{c['output_column_name']}" for c in comparisons()] + ["match_weight"]


@dataclass
class Trees:
    """A binary gradient-boosted tree ensemble: ``baseline`` + the sum of one leaf value per tree is the
    log-odds of a match. Each tree is parallel arrays (feature, threshold, left, right, leaf, value);
    a sample goes left when ``x[feature] <= threshold``."""

    baseline: float
    trees: list[dict[str, list]]

    def predict(self, x) -> Any:
        import numpy as np

        x = np.asarray(x, dtype=np.float64)
        raw = np.full(len(x), self.baseline)
        rows = np.arange(len(x))
        for tree in self.trees:
            feature = np.asarray(tree["feature"], dtype=np.int64)
            threshold = np.asarray(tree["threshold"], dtype=np.float64)
            left = np.asarray(tree["left"], dtype=np.int64)
            right = np.asarray(tree["right"], dtype=np.int64)
            leaf = np.asarray(tree["leaf"], dtype=bool)
            value = np.asarray(tree["value"], dtype=np.float64)
            node = np.zeros(len(x), dtype=np.int64)
            for _ in range(64):
                active = ~leaf[node]
                if not active.any():
                    break
                goes_left = x[rows, feature[node]] <= threshold[node]
                node = np.where(active, np.where(goes_left, left[node], right[node]), node)
            raw += value[node]
        return 1.0 / (1.0 + np.exp(-raw))

    @classmethod
    def from_sklearn(cls, model) -> Trees:
        trees = []
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            trees.append(
                {
                    "feature": nodes["feature_idx"].tolist(),
                    "threshold": nodes["num_threshold"].tolist(),
                    "left": nodes["left"].tolist(),
                    "right": nodes["right"].tolist(),
                    "leaf": nodes["is_leaf"].astype(bool).tolist(),
                    "value": nodes["value"].tolist(),
                }
            )
        return cls(baseline=float(model._baseline_prediction.ravel()[0]), trees=trees)


@dataclass
class Model:
    """A trained model: Splink settings with m/u parameters, and the interaction trees; JSON both ways."""

    splink: dict[str, Any]
    trees: Trees
    features: list[str]
    trained_on: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": MODEL_FORMAT,
                "trained_on": self.trained_on,
                "features": self.features,
                "splink": self.splink,
                "trees": {"baseline": self.trees.baseline, "trees": self.trees.trees},
            },
            ensure_ascii=False,
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: file model tidak terbaca ({exc}).") from exc
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise InputError(
                f"{path}: bukan model pencocokan Sinergi (format yang diharapkan {MODEL_FORMAT})."
            )
        if data["features"] != _feature_names():
            raise InputError(f"{path}: model dilatih dengan perbandingan lain; latih ulang.")
        trees = Trees(baseline=data["trees"]["baseline"], trees=data["trees"]["trees"])
        return cls(
            splink=data["splink"], trees=trees, features=data["features"], trained_on=data["trained_on"]
        )


# ---------------------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Pairs:
    """Scored candidate pairs (row numbers of the input, left < right) as numpy arrays."""

    left: Any
    right: Any
    match_weight: Any
    probability: Any


BACKENDS = ("duckdb", "spark")


def _prediction_settings(splink_model: dict[str, Any], *, levels: bool = False) -> dict[str, Any]:
    settings = dict(splink_model)
    settings["retain_intermediate_calculation_columns"] = True
    # The explanation re-evaluates the level conditions on the compared columns (see _level_sql).
    settings["retain_matching_columns"] = levels
    settings["blocking_rules_to_generate_predictions"] = _settings()["blocking_rules_to_generate_predictions"]
    return settings


def _level_sql(splink_model: dict[str, Any], dialect=lambda condition: condition) -> list[str]:
    """Per comparison, a SQL expression giving the index of the level a pair reached (in the model's list
    of levels). Splink 5 keeps each comparison's weight, not its level, and weights cannot tell the null
    level (weight 0) from a level that weighs nothing, so the conditions are evaluated again, in order."""
    expressions = []
    for comparison in splink_model["comparisons"]:
        cases, otherwise = [], "NULL"
        for index, level in enumerate(comparison["comparison_levels"]):
            if level["sql_condition"].strip().upper() == "ELSE":
                otherwise = str(index)
            else:
                cases.append(f"WHEN {dialect(level['sql_condition'])} THEN {index}")
        expressions.append(f"CASE {' '.join(cases)} ELSE {otherwise} END")
    return expressions


def _level_names(splink_model: dict[str, Any]) -> list[str]:
    return [f"level_{c['output_column_name']}" for c in splink_model["comparisons"]]


def _comparison_vectors(
    prepared: Prepared,
    splink_model: dict[str, Any],
    progress: Progress,
    backend: str = "duckdb",
    *,
    levels: bool = False,
):
    """All candidate pairs with their comparison vector and Fellegi-Sunter weight (a pyarrow table); with
    ``levels``, also the index of the level each comparison reached as ``level_<name>``, for explanations."""
    if backend == "spark":
        return _spark_comparison_vectors(prepared, splink_model, progress, levels=levels)
    from splink import Linker

    db_api = _db_api()
    table = db_api.register(prepared.arrow(), dataset_display_name="records")
    linker = Linker(table, _prediction_settings(splink_model, levels=levels), log_level=None)
    started = time.perf_counter()
    predictions = linker.inference.predict()
    gammas = ", ".join(f'coalesce("{name}", 0) AS "{name}"' for name in _feature_names()[:-1])
    if levels:
        gammas += "".join(
            f', {sql} AS "{name}"'
            for sql, name in zip(_level_sql(splink_model), _level_names(splink_model), strict=True)
        )
    query = f"SELECT unique_id_l, unique_id_r, match_weight, {gammas} FROM {predictions.physical_name}"  # noqa: S608 - our names
    result = db_api._con.sql(query).to_arrow_table()
    progress(
        f"{result.num_rows:,} pasangan kandidat dibandingkan dalam {time.perf_counter() - started:.1f} dtk"
    )
    return result


# ---------------------------------------------------------------------------------------------------------
# The Spark backend: the same saved model, comparisons computed by Splink on Spark
# ---------------------------------------------------------------------------------------------------------


class BackendUnavailable(InputError):
    """The chosen backend cannot run here (pyspark or Java missing)."""


def spark_sql(condition: str) -> str:
    """A comparison level's SQL as Spark reads it.

    The model stores the conditions as written for DuckDB: identifiers in double quotes (in Spark SQL a
    string literal) and DuckDB's name for Jaro-Winkler; Splink's Spark backend registers the Java
    implementation as ``jaro_winkler``. The two implementations differ in one detail: DuckDB rounds half
    transpositions down, the Java library does not, so a pair such as 'KRUENG' / 'DSN KRUENG' scores 0.756
    on DuckDB and 0.728 on Spark and can land one address level apart (tests/test_linkage_spark.py checks
    that clusters stay identical on a sample and that only Jaro-Winkler levels ever differ)."""
    condition = condition.replace("jaro_winkler_similarity(", "jaro_winkler(")
    return re.sub(r'"([A-Za-z_][A-Za-z0-9_]*)"', r"`\1`", condition)


def _spark_settings(splink_model: dict[str, Any], *, levels: bool = False) -> dict[str, Any]:
    settings = copy.deepcopy(_prediction_settings(splink_model, levels=levels))
    settings.pop("sql_dialect", None)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = spark_sql(level["sql_condition"])
    return settings


def spark_session(*, cores: int = 2, memory: str = "2g"):
    """A local Spark session configured for Splink (its similarity functions' jar) on a small machine.

    Local mode here; on a cluster, create the session as the cluster wants and pass it to :func:`link`."""
    import shutil

    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise BackendUnavailable(
            "backend spark perlu paket pyspark: pasang dengan pip install 'sinergi[spark]'."
        ) from exc
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise BackendUnavailable("backend spark perlu Java 17 (JAVA_HOME atau java di PATH).")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    scratch = tempfile.mkdtemp(prefix="sinergi-spark-")
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("sinergi-link")
        .config("spark.driver.memory", memory)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.local.dir", scratch)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(os.path.join(scratch, "checkpoints"))
    return session


def _spark_comparison_vectors(
    prepared: Prepared, splink_model: dict[str, Any], progress: Progress, *, levels: bool = False
):
    from splink import Linker
    from splink.backends.spark import SparkAPI

    logging.getLogger("splink").setLevel(logging.ERROR)
    started = time.perf_counter()
    session = spark_session()
    progress(f"sesi Spark siap ({time.perf_counter() - started:.1f} dtk)")
    db_api = SparkAPI(
        spark_session=session, num_partitions_on_repartition=session.sparkContext.defaultParallelism
    )
    # A session outlives one run (getOrCreate): no fixed table name, so a second run in it does not collide.
    table = db_api.register(session.createDataFrame(prepared.arrow()))
    linker = Linker(table, _spark_settings(splink_model, levels=levels), log_level=None)
    predictions = linker.inference.predict()
    columns = ["unique_id_l", "unique_id_r", "match_weight", *_feature_names()[:-1]]
    frame = session.table(predictions.physical_name)
    if levels:
        from pyspark.sql.functions import expr

        frame = frame.select(
            *columns,
            *(
                expr(sql).alias(name)
                for sql, name in zip(
                    _level_sql(splink_model, spark_sql), _level_names(splink_model), strict=True
                )
            ),
        )
    else:
        frame = frame.select(*columns)
    frame = frame.fillna(0, subset=_feature_names()[:-1])
    # Pairs come back in the partitions' order; sorting makes the clustering's tie-breaks the same as DuckDB's.
    result = frame.orderBy("unique_id_l", "unique_id_r").toArrow()
    progress(
        f"{result.num_rows:,} pasangan kandidat dibandingkan di Spark dalam {time.perf_counter() - started:.1f} dtk"
    )
    return result


def _vector_matrix(vectors) -> Any:
    import numpy as np

    names = _feature_names()
    return np.column_stack([vectors.column(name).to_numpy(zero_copy_only=False) for name in names]).astype(
        np.float64
    )


def score_pairs(
    prepared: Prepared, model: Model, *, progress: Progress = _quiet, backend: str = "duckdb"
) -> Pairs:
    """Candidate pairs of ``prepared`` scored by ``model`` (the trees, once per distinct vector)."""
    import numpy as np

    vectors = _comparison_vectors(prepared, model.splink, progress, backend)
    x = _vector_matrix(vectors)
    # Every feature is a comparison level (and the weight a function of them): few distinct vectors.
    distinct, inverse = np.unique(x, axis=0, return_inverse=True)
    probability = model.trees.predict(distinct)[inverse.ravel()]
    progress(f"model interaksi: {len(distinct):,} vektor perbandingan berbeda")
    return Pairs(
        left=vectors.column("unique_id_l").to_numpy(),
        right=vectors.column("unique_id_r").to_numpy(),
        match_weight=x[:, -1],
        probability=probability,
    )


# ---------------------------------------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------------------------------------


def cluster(
    size: int,
    pairs: Pairs,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    separate_below: float = SEPARATE_BELOW,
    max_size: int = MAX_CLUSTER_SIZE,
) -> list[int]:
    """Cluster number per record (the smallest row number in its cluster).

    Edges at or above ``threshold`` are merged strongest first (ties by row numbers, so the result does
    not depend on the order Splink returned pairs in). A merge is refused when the two clusters hold a
    pair the model scored below ``separate_below`` (looked at only among pairs that Fellegi-Sunter found
    alike, a positive weight: the others cannot be reached through strong edges anyway), or when the
    merged cluster would exceed ``max_size`` (see :data:`MAX_CLUSTER_SIZE`).
    """
    import numpy as np

    parent = list(range(size))
    members: dict[int, list[int]] = {}
    apart: dict[int, set[int]] = {}
    separated = np.nonzero((pairs.probability < separate_below) & (pairs.match_weight > 0))[0]
    for a, b in zip(pairs.left[separated].tolist(), pairs.right[separated].tolist(), strict=True):
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strong = np.nonzero(pairs.probability >= threshold)[0]
    order = strong[np.lexsort((pairs.right[strong], pairs.left[strong], -pairs.probability[strong]))]
    for a, b in zip(pairs.left[order].tolist(), pairs.right[order].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        group_a = members.get(ra, [ra])
        group_b = members.get(rb, [rb])
        if len(group_a) + len(group_b) > max_size:
            continue
        if len(group_a) > len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        if any(find(other) == rb for record in group_a for other in apart.get(record, ())):
            continue
        parent[ra] = rb
        members[rb] = group_b + group_a
        members.pop(ra, None)
    first: dict[int, int] = {}
    return [first.setdefault(find(i), i) for i in range(size)]


# ---------------------------------------------------------------------------------------------------------
# Training, linking, writing
# ---------------------------------------------------------------------------------------------------------


def train_model(
    *, records: int = 50_000, seed: int = 20260701, regency: str = "11.06", progress: Progress = _quiet
) -> Model:
    """Train on a synthetic kabupaten from :mod:`sinergi.linkage.synthetic` (seeded: same model every time).

    The Fellegi-Sunter parameters are trained without labels, as Splink does; the trees learn from the
    candidate pairs labelled with the generator's truth.
    """
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    from sinergi.linkage.synthetic import generate, persons_for_records

    started = time.perf_counter()
    data = generate(persons=persons_for_records(records), seed=seed, regency=regency)
    prepared = prepare_rows(data.records)
    progress(f"melatih dengan {len(prepared):,} catatan sintetis")
    splink_model = _train_splink(prepared, progress, seed)
    vectors = _comparison_vectors(prepared, splink_model, progress)
    x = _vector_matrix(vectors)
    person = [data.truth[record_id] for record_id in prepared.ids]
    left = vectors.column("unique_id_l").to_numpy()
    right = vectors.column("unique_id_r").to_numpy()
    y = np.fromiter(
        (person[a] == person[b] for a, b in zip(left.tolist(), right.tolist(), strict=True)), bool
    )
    classifier = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0,
        early_stopping=False, random_state=0,
    )  # fmt: skip
    # One OpenMP thread: on a shared 2-core machine sklearn's threads spin against other processes and the
    # fit takes several times longer; a few hundred thousand rows of 12 features fit in seconds on one.
    with threadpool_limits(limits=1, user_api="openmp"):
        classifier.fit(x, y)
    progress(
        f"model interaksi: {len(y):,} pasangan berlabel ({int(y.sum()):,} cocok) "
        f"dalam {time.perf_counter() - started:.1f} dtk"
    )
    trained_on = {"generator": "sinergi.linkage.synthetic", "records": len(prepared), "seed": seed,
                  "regency": regency, "pairs": len(y), "matches": int(y.sum())}  # fmt: skip
    return Model(splink=splink_model, trees=Trees.from_sklearn(classifier), features=_feature_names(),
                 trained_on=trained_on)  # fmt: skip


def prepare_rows(rows: Iterable[Mapping[str, str]], *, progress: Progress = _quiet) -> Prepared:
    """:func:`read_records` for rows already in memory (dicts with the input columns)."""
    columns = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    index = {name: i for i, name in enumerate(columns)}
    lines = ((line, [row.get(name, "") for name in columns], index) for line, row in enumerate(rows, start=2))
    return _read(lines, Path("<rows>"), progress)


@dataclass
class LinkResult:
    ids: list[str]
    clusters: list[int]
    pairs: int
    seconds: float
    problems: Counter

    def cluster_ids(self) -> list[str]:
        return [f"C{number + 1:08d}" for number in self.clusters]


def link(
    prepared: Prepared,
    model: Model,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _quiet,
    backend: str = "duckdb",
) -> LinkResult:
    """Cluster ``prepared`` with ``model``. ``backend`` computes the comparison vectors (DuckDB in-process, or
    Spark for national-scale files); the trees and the clustering are the same for both."""
    if backend not in BACKENDS:
        raise BackendUnavailable(f"backend {backend!r} tidak dikenal; pilih {' atau '.join(BACKENDS)}.")
    started = time.perf_counter()
    if len(prepared) < 2:
        return LinkResult(prepared.ids, list(range(len(prepared))), 0, 0.0, prepared.problems)
    pairs = score_pairs(prepared, model, progress=progress, backend=backend)
    clusters = cluster(len(prepared), pairs, threshold=threshold)
    count = len(set(clusters))
    progress(
        f"{count:,} klaster untuk {len(prepared):,} catatan dalam {time.perf_counter() - started:.1f} dtk"
    )
    return LinkResult(
        prepared.ids, clusters, len(pairs.left), time.perf_counter() - started, prepared.problems
    )


def write_clusters(path: str | Path, result: LinkResult) -> None:
    """``id,cluster_id``, every input id once in input order, UTF-8 without BOM."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("id", "cluster_id"))
        writer.writerows(zip(result.ids, result.cluster_ids(), strict=True))


def link_file(
    input_path: str | Path,
    output_path: str | Path,
    *,
    model_path: str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _quiet,
    backend: str = "duckdb",
) -> LinkResult:
    """Read, link and write; with ``model_path``, use that model, or train one and save it there.

    Training always runs on DuckDB (it learns from generated, labelled records, not from the input); only the
    input's comparisons run on the chosen backend."""
    prepared = read_records(input_path, progress=progress)
    model = load_or_train(model_path, progress=progress)
    result = link(prepared, model, threshold=threshold, progress=progress, backend=backend)
    write_clusters(output_path, result)
    return result


def load_or_train(model_path: str | Path | None, *, progress: Progress = _quiet) -> Model:
    """No path: the shipped model. A path that exists: that model. Otherwise train one and save it there."""
    if model_path is None:
        progress(f"model bawaan ({DEFAULT_MODEL_PATH.name})")
        return default_model()
    if Path(model_path).exists():
        progress(f"model {model_path}")
        return Model.load(model_path)
    model = train_model(progress=progress)
    model.save(model_path)
    progress(f"model disimpan di {model_path}")
    return model


def as_mapping(result: LinkResult) -> dict[str, str]:
    """``id -> cluster_id``, for scoring against a truth."""
    return dict(zip(result.ids, result.cluster_ids(), strict=True))


# ---------------------------------------------------------------------------------------------------------
# For the application: scored pairs with their evidence, for a review queue
# ---------------------------------------------------------------------------------------------------------

DEFAULT_MODEL_PATH = Path(__file__).with_name("data") / "model.json"


def default_model() -> Model:
    """The model shipped with Sinergi (``sinergi/linkage/data/model.json``, made by ``bench/train_model.py``
    from synthetic lists only), loaded once per process."""
    global _default_model
    if _default_model is None:
        _default_model = Model.load(DEFAULT_MODEL_PATH)
    return _default_model


_default_model: Model | None = None


@dataclass(frozen=True)
class Evidence:
    """One comparison of a pair: which level it reached (the model's label) and what that weighs, in bits
    (log2 of the Bayes factor: positive speaks for the same person, negative against, 0 when missing)."""

    comparison: str
    level: str
    weight: float


@dataclass(frozen=True)
class ScoredPair:
    left: str
    right: str
    probability: float
    match_weight: float
    evidence: tuple[Evidence, ...]


@dataclass
class ReviewResult:
    """``clusters``: every id to its cluster's representative (the id of its first record in input order),
    as :func:`cluster` groups them at ``threshold``; ``pairs``: the scored pairs kept, strongest first."""

    clusters: dict[str, str]
    pairs: list[ScoredPair]
    candidate_pairs: int


def _level_labels(splink_model: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """Per comparison: its levels in the model's order as (label, match weight in bits; 0 for the null
    level and for a level the training left without m or u, as Splink then weighs it)."""
    import math

    labels: dict[str, list[tuple[str, float]]] = {}
    for comparison in splink_model["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u and not level.get("is_null_level") else 0.0
            levels.append((level.get("label_for_charts", level["sql_condition"]), weight))
        labels[comparison["output_column_name"]] = levels
    return labels


def link_for_review(
    rows: Iterable[Mapping[str, str]],
    model: Model,
    *,
    focus: Iterable[str] | None = None,
    at_least: float = SEPARATE_BELOW,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _quiet,
    backend: str = "duckdb",
) -> ReviewResult:
    """Score every candidate pair of ``rows`` (dicts with the input columns) and explain each one kept.

    ``focus``: when given, only pairs with at least one record in it are kept (an incremental run links
    new records against everything, without re-proposing old pairs). ``at_least``: the lowest probability
    kept. The clusters are computed over all pairs, as :func:`link` does."""
    import numpy as np

    prepared = prepare_rows(rows, progress=progress)
    ids = prepared.ids
    if len(prepared) < 2:
        return ReviewResult(clusters={i: i for i in ids}, pairs=[], candidate_pairs=0)
    vectors = _comparison_vectors(prepared, model.splink, progress, backend, levels=True)
    x = _vector_matrix(vectors)
    distinct, inverse = np.unique(x, axis=0, return_inverse=True)
    probability = model.trees.predict(distinct)[inverse.ravel()]
    pairs = Pairs(
        left=vectors.column("unique_id_l").to_numpy(),
        right=vectors.column("unique_id_r").to_numpy(),
        match_weight=x[:, -1],
        probability=probability,
    )
    numbers = cluster(len(prepared), pairs, threshold=threshold)
    clusters = {record_id: ids[number] for record_id, number in zip(ids, numbers, strict=True)}

    keep = probability >= at_least
    if focus is not None:
        wanted = {record_id for record_id in focus}
        in_focus = np.fromiter((record_id in wanted for record_id in ids), bool, len(ids))
        keep &= in_focus[pairs.left] | in_focus[pairs.right]
    chosen = np.nonzero(keep)[0]
    chosen = chosen[np.argsort(-probability[chosen], kind="stable")]
    labels = _level_labels(model.splink)
    reached = {name: vectors.column(f"level_{name}").to_pylist() for name in labels}
    scored = []
    for i in chosen.tolist():
        evidence = tuple(
            Evidence(
                comparison=name,
                level=levels[reached[name][i]][0],
                weight=round(levels[reached[name][i]][1], 2),
            )
            for name, levels in labels.items()
        )
        scored.append(
            ScoredPair(
                left=ids[pairs.left[i]],
                right=ids[pairs.right[i]],
                probability=float(probability[i]),
                match_weight=float(pairs.match_weight[i]),
                evidence=evidence,
            )
        )
    progress(f"{len(scored):,} pasangan untuk ditinjau dari {len(pairs.left):,} pasangan kandidat")
    return ReviewResult(clusters=clusters, pairs=scored, candidate_pairs=len(pairs.left))
