"""The linkage engine behind ``sinergi link``: one CSV of records in, one cluster per person out (issue 5).

Pipeline, each step a function below:

1. :func:`read_records` reads the input CSV (header :data:`REQUIRED_COLUMNS`, optionally ``sumber``) with
   pyarrow and normalises every distinct raw value once (lists repeat names, NIKs and dates) into a few flat
   columns: the name through :mod:`sinergi.linkage.names`, the NIK
   and KK through :mod:`sinergi.core.nik` (a NIK that Excel damaged, or that cannot be a NIK, is *missing*:
   it is never evidence), the birth date through :mod:`sinergi.core.dates`, the sex from its many spellings,
   and the desa as a dotted code (names are resolved with :class:`sinergi.imports.desa.DesaResolver` for the
   kabupaten most of the file's codes and NIKs point to). The NIK adds what it encodes: kecamatan, birth
   date and sex, used where the record lacks them and compared with them where it has them (a NIK that
   contradicts its own row is often a copied one: a head's NIK typed on a member's row). Each record also
   gets how crowded its name is in its kecamatan (:func:`_name_crowd`).
2. Candidate pairs come from blocking rules that are all tied to a NIK, a KK or an area and, for areas, to a
   name part and a birth-date part (:data:`BLOCKING_RULES`), so the number of pairs stays near-linear in the
   number of records even as the desa of one kabupaten fill up.
3. Splink (on DuckDB, or on Spark with ``backend="spark"``) computes a comparison vector per pair
   (:func:`comparisons`) and scores it with its Fellegi-Sunter model, trained as Splink does: u by random
   sampling, m by expectation maximisation. On DuckDB the pairs stay in the database (:func:`_scored_on_duckdb`).
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
(:class:`Model`), so a run with a saved model (``--model FILE``) is repeatable and needs no training. Sinergi
ships one (:func:`default_model`); :func:`link_for_review` gives the application scored pairs with the
level and weight of every field, for its review queue.

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    "retrain_with_decisions",
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
_TODAY_ORDINAL = TODAY.toordinal()

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
    "nik_kec", "nik_serial", "nik_ok", "kk", "sex", "dob", "dob_year", "dob_md", "dob_heaped", "name_crowd", "tempat",
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

        # ``in_focus`` only for a focused run (link_for_review): the blocking rules then need it.
        names = [*FEATURE_COLUMNS, *(["in_focus"] if "in_focus" in self.columns else [])]
        return pa.table({name: self.columns[name] for name in names})


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
    """Read and normalise the input CSV; raise :class:`InputError` on a malformed file.

    pyarrow reads a well-formed file in one pass, in C++. A file it refuses (a short row, bytes that are
    not UTF-8, an empty or repeated id) is read again by Python's csv module, which names the line and
    column of the first problem; the two readers agree on every well-formed file (RFC 4180 quoting)."""
    path = Path(path)
    started = time.perf_counter()
    table = _fast_table(path)
    if table is None:
        table = _checked_table(path, progress)
    progress(f"{table.num_rows:,} catatan terbaca dalam {time.perf_counter() - started:.1f} dtk")
    return _prepare(table, progress)


def prepare_rows(rows: Iterable[Mapping[str, str]], *, progress: Progress = _quiet) -> Prepared:
    """:func:`read_records` for rows already in memory (dicts with the input columns)."""
    import pyarrow as pa

    rows = list(rows)
    columns = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    table = pa.table(
        {name: pa.array([row.get(name, "") or "" for row in rows], pa.string()) for name in columns}
    )
    problem = _id_problem(table)
    if problem is not None:
        line, message = _id_problem_line(table["id"].to_pylist())
        raise InputError(f"<rows>, baris {line}, kolom id: {message}")
    return _prepare(table, progress)


def _header(path: Path) -> list[str] | None:
    """The header's column names, or None when the Python reader must look at the file."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if header is None:
        return None
    names = [name.strip().lower() for name in header]
    if any(name not in names for name in REQUIRED_COLUMNS) or len(set(names)) != len(names):
        return None
    return names


def _fast_table(path: Path):
    """The input's columns as strings, read by pyarrow; None when the file needs the careful reader."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = _header(path)
    if names is None:
        return None
    wanted = [name for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in names]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                include_columns=wanted,
                check_utf8=True,
            ),
        )
    except (pa.ArrowException, OSError, ValueError):  # any refusal: the careful reader names the problem
        return None
    if _id_problem(table) is not None:
        return None
    table = table.combine_chunks()
    if "sumber" not in names:
        table = table.append_column("sumber", pa.array([""] * table.num_rows, pa.string()))
    return table.select([*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS])


def _id_problem(table) -> str | None:
    import pyarrow.compute as pc

    ids = table["id"]
    if pc.any(pc.equal(pc.utf8_trim_whitespace(ids), "")).as_py():
        return "empty"
    if pc.count_distinct(ids).as_py() != len(ids):
        return "repeated"
    return None


def _id_problem_line(ids: list[str], first_line: int = 2) -> tuple[int, str]:
    seen: dict[str, int] = {}
    for line, record_id in enumerate(ids, start=first_line):
        if not record_id.strip():
            return line, "id kosong; setiap catatan perlu id."
        if record_id in seen:
            return line, f"id {record_id!r} sudah dipakai di baris {seen[record_id]}."
        seen[record_id] = line
    raise AssertionError("no id problem")


def _checked_table(path: Path, progress: Progress):
    """The input read row by row by Python's csv module: slower, and every problem named by its line."""
    import pyarrow as pa

    columns = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    values: dict[str, list[str]] = {name: [] for name in columns}
    seen: dict[str, int] = {}
    for line, row, index in _open_rows(path, progress):
        record_id = row[index["id"]]
        if not record_id.strip():
            raise InputError(f"{path}, baris {line}, kolom id: id kosong; setiap catatan perlu id.")
        if record_id in seen:
            raise InputError(
                f"{path}, baris {line}, kolom id: id {record_id!r} sudah dipakai di baris {seen[record_id]}."
            )
        seen[record_id] = line
        for name in columns:
            values[name].append(row[index[name]] if name in index else "")
    return pa.table({name: pa.array(values[name], pa.string()) for name in columns})


# Below this many distinct values a process pool costs more than it saves.
_PARALLEL_FROM = 50_000


def _map_distinct(function: Callable[[str], Any], values: list[str]) -> list[Any]:
    """``function`` over ``values`` (the distinct values of a column), on two processes for long lists."""
    if len(values) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [function(value) for value in values]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the loaded modules (names, NIK, dates) instead of importing them again.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(function, values, chunksize=max(1000, len(values) // 16)))


def _distinct(column) -> tuple[Any, list[str]]:
    """(row -> value number as a numpy array, the distinct values) of a string column."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column).combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _column(values: list[Any], rows, kind) -> Any:
    """The per-row column of ``values`` (one per distinct raw value) picked by ``rows``."""
    import pyarrow as pa

    return pa.array(values, kind).take(rows)


def _prepare(raw, progress: Progress) -> Prepared:
    """Normalise the raw string columns (a pyarrow table) into :data:`FEATURE_COLUMNS`.

    Lists repeat themselves: a person is in several lists under the same name, NIK and birth date, and a
    kabupaten has a few hundred desa. Each distinct raw value is normalised once (by the Python functions
    below, on two processes for long lists) and the results are spread over the rows by pyarrow; the
    logic that combines several fields (a birth date taken from the NIK, a NIK that contradicts its row)
    runs on numpy arrays."""
    import numpy as np
    import pyarrow as pa

    started = time.perf_counter()
    problems: Counter = Counter()
    count = raw.num_rows
    cols: dict[str, Any] = {"unique_id": pa.array(np.arange(count, dtype=np.int64))}

    rows, values = _distinct(raw["nama"])
    names = _map_distinct(_name_columns, values)
    for j, name in enumerate(
        ("name_key", "given", "sorted_key", "initials", "first4", "last4", "newborn_of")
    ):
        cols[name] = _column([parts[j] for parts in names], rows, pa.string())
    progress(f"{len(values):,} nama berbeda dinormalkan ({time.perf_counter() - started:.1f} dtk)")

    nik_rows, values = _distinct(raw["nik"])
    niks = _map_distinct(_nik_columns, values)
    nik = [n[0] for n in niks]
    cols["nik"] = _column(nik, nik_rows, pa.string())
    cols["nik_kec"] = _column([n[1] for n in niks], nik_rows, pa.string())
    cols["nik_serial"] = _column([n[0][12:] if n[0] else None for n in niks], nik_rows, pa.string())
    has_nik = np.array([n[0] is not None for n in niks], bool)[nik_rows]
    nik_sex = np.array([n[2] or "" for n in niks], object)[nik_rows]
    first = np.array([n[3] for n in niks], np.int64)[nik_rows]  # newest candidate birth date, or 0
    last = np.array([n[4] for n in niks], np.int64)[nik_rows]
    candidates = np.array([n[5] for n in niks], np.int64)[nik_rows]
    problems["nik_unusable"] += int(np.array([n[6] for n in niks], bool)[nik_rows].sum())
    kk_rows, values = _distinct(raw["no_kk"])
    cols["kk"] = _column([_digits16(value.strip()) for value in values], kk_rows, pa.string())
    progress(f"{len(niks):,} NIK berbeda dibaca ({time.perf_counter() - started:.1f} dtk)")

    sex_rows, values = _distinct(raw["jenis_kelamin"])
    sex = np.array([SEX_WORDS.get(_text(value.replace("-", " "))) or "" for value in values], object)[
        sex_rows
    ]
    date_rows, values = _distinct(raw["tanggal_lahir"])
    dates = _map_distinct(_date_columns, values)
    dob = np.array([d[0] for d in dates], np.int64)[date_rows]  # date ordinal, or 0
    year_only = np.array([d[1] for d in dates], bool)[date_rows]
    problems["date_unreadable"] += int(np.array([d[2] for d in dates], bool)[date_rows].sum())

    # The NIK against its row, and the NIK standing in for a missing birth date or sex.
    full_date = (dob > 0) & ~year_only
    checked = has_nik & full_date
    agrees = ((dob == first) | ((candidates > 1) & (dob == last))) & ((sex == "") | (sex == nik_sex))
    nik_ok = pa.array(agrees.astype(np.int64), mask=~checked)
    from_nik = has_nik & (dob == 0) & (candidates > 0)
    recent = (candidates > 1) & (_TODAY_ORDINAL - first < 365 * 3)
    dob = np.where(from_nik, np.where(recent, last, first), dob)
    sex = np.where(has_nik & (sex == ""), nik_sex, sex)
    cols["nik_ok"] = nik_ok
    cols["sex"] = pa.array(sex, pa.string(), mask=sex == "")
    # Distinct birth dates (a few tens of thousands) to their text columns.
    key = np.where(dob > 0, dob * 2 + year_only, 0)
    distinct_keys, key_rows = np.unique(key, return_inverse=True)
    texts = [_dob_columns(int(k)) for k in distinct_keys.tolist()]
    key_rows = key_rows.ravel()
    for j, (name, kind) in enumerate(
        (("dob", pa.string()), ("dob_year", pa.int64()), ("dob_md", pa.string()), ("dob_heaped", pa.bool_()))
    ):
        cols[name] = _column([t[j] for t in texts], key_rows, kind)
    progress(f"{len(dates):,} tanggal lahir berbeda dibaca ({time.perf_counter() - started:.1f} dtk)")

    for name, source, function in (
        ("tempat", "tempat_lahir", _text), ("alamat", "alamat", _text), ("rt", "rt", _number),
        ("rw", "rw", _number), ("src", "sumber", _text),
    ):  # fmt: skip
        value_rows, values = _distinct(raw[source])
        cols[name] = _column([function(value) or None for value in values], value_rows, pa.string())
    _resolve_desa(cols, raw["kode_desa"], problems)
    cols["name_crowd"] = _name_crowd(cols)
    for name in ("nik_unusable", "date_unreadable"):
        if not problems[name]:
            del problems[name]
    progress(f"{count:,} catatan dinormalkan dalam {time.perf_counter() - started:.1f} dtk")
    return Prepared(ids=raw["id"].to_pylist(), columns=cols, problems=problems)


def _name_crowd(cols: dict[str, Any]):
    """Per record: how many people of its name live in its kecamatan, counted as the distinct birth years
    among the records with that name there (a person listed five times counts once; NULL without a name
    or an area).

    Why: "same name, same desa" is strong evidence for a rare name and weak for SITI AMINAH, and how weak
    depends on how many SITI AMINAH the kecamatan has, which grows as lists cover more of the population.
    The trees see this count (as a comparison, :func:`comparisons`), so a model learns how crowding weakens
    name agreement instead of learning one density."""
    import pyarrow as pa

    table = pa.table({"kec": cols["kec"], "name_key": cols["name_key"], "dob_year": cols["dob_year"]})
    counts = (
        table.filter(
            pa.compute.and_(pa.compute.is_valid(table["kec"]), pa.compute.is_valid(table["name_key"]))
        )
        .group_by(["kec", "name_key"])
        .aggregate([("dob_year", "count_distinct")])
    )
    joined = table.append_column("row", pa.array(range(table.num_rows), pa.int64())).join(
        counts, ["kec", "name_key"], join_type="left outer"
    )
    joined = joined.sort_by("row")
    return joined["dob_year_count_distinct"].combine_chunks().cast(pa.int64())


def _name_columns(raw: str) -> tuple:
    """name_key, given, sorted_key, initials, first4, last4, newborn_of."""
    parts = parse_name(raw)
    if parts.newborn_of:
        mother = parse_name(parts.newborn_of)
        return (
            "BY " + parts.newborn_of, None, None, None,
            "BY" + mother.tokens[0][:2] if mother.tokens else None,
            "BY" + mother.tokens[-1][:2] if mother.tokens else None,
            parts.newborn_of,
        )  # fmt: skip
    if parts.key:
        return (
            parts.key, parts.given, parts.sorted_key, parts.initials, parts.tokens[0][:4], parts.tokens[-1][:4],
            None,
        )  # fmt: skip
    return (None,) * 7


def _nik_columns(raw: str) -> tuple:
    """(nik, kecamatan, sex, newest and oldest birth date it allows as ordinals, how many, unusable) of a raw
    NIK. Damaged by Excel or impossible: missing (None), never evidence."""
    raw = raw.strip()
    if len(raw) == 16 and raw.isascii() and raw.isdigit():
        return _plain_nik_columns(raw)
    return _nik_columns_parsed(raw)


def _nik_columns_parsed(raw: str) -> tuple:
    nik = _digits16(raw)
    info = _nik_info(nik)
    if info is None:
        return None, None, None, 0, 0, 0, bool(raw)
    candidates = info.birth_date_candidates(TODAY)
    ordinals = [d.toordinal() for d in candidates] or [0]
    return nik, info.kecamatan_code, info.sex, ordinals[0], ordinals[-1], len(candidates), False


# NIK digits 7-12 (day + 40 for women, month, two-digit year) -> (sex, newest, oldest, how many), or None when
# no calendar has that day. A million records hold a few hundred thousand NIKs but only tens of thousands of
# such birth parts, so each is worked out once, by parse_nik itself on a NIK made of it.
_BIRTH_PARTS: dict[str, tuple | None] = {}


def _plain_nik_columns(nik: str) -> tuple:
    """:func:`_nik_columns_parsed` for a NIK of exactly 16 ASCII digits (nearly all of them), without the
    cleaning and parsing: the same result (tests/test_linkage_engine.py compares both)."""
    birth = _BIRTH_PARTS.get(nik[6:12], False)
    if birth is False:
        parsed = _nik_columns_parsed(f"110101{nik[6:12]}0001")
        birth = _BIRTH_PARTS[nik[6:12]] = parsed[2:6] if parsed[0] else None
    if birth is None or nik[12:] == "0000":
        return None, None, None, 0, 0, 0, True
    return (nik, f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}", *birth, False)


def _date_columns(raw: str) -> tuple[int, bool, bool]:
    """(birth date as an ordinal or 0, known to the year only, unreadable) of a raw birth date."""
    raw = raw.strip()
    if not raw:
        return 0, False, False
    try:
        parsed = parse_date(raw, today=TODAY)
    except DateParseError:
        return 0, False, True
    if parsed.value is None:
        return 0, False, False
    return parsed.value.toordinal(), parsed.precision != "day", False


def _dob_columns(key: int) -> tuple:
    """dob, dob_year, dob_md, dob_heaped of a birth date coded as ordinal * 2 + year_only (0: unknown)."""
    if key == 0:
        return None, None, None, None
    day, year_only = date.fromordinal(key // 2), bool(key % 2)
    return (
        None if year_only else day.isoformat(),
        day.year,
        None if year_only else f"{day.month:02d}-{day.day:02d}",
        year_only or (day.day, day.month) in _HEAPED_DAYS,
    )


def _village_code(raw: str) -> str | None:
    digits = raw.strip().replace(".", "")
    if digits.endswith(",0"):
        digits = digits[:-2]
    if len(digits) == 12 and digits.endswith("0") and "." not in raw:  # "1106072001.0" went through Excel
        digits = digits[:10]
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


def _resolve_desa(cols: dict[str, Any], raw_desa, problems: Counter) -> None:
    """Desa codes as dotted codes; names resolved in the kabupaten most codes (or NIKs) of the file are in."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows, values = _distinct(raw_desa)
    codes: dict[str, str | None] = {raw: _village_code(raw) for raw in values}
    regencies = Counter(code[:5] for raw, code in codes.items() if code)
    if not regencies:
        kec = cols["nik_kec"].drop_null()
        if len(kec):
            counts = pc.value_counts(pc.utf8_slice_codeunits(kec, 0, 5)).to_pylist()
            regencies = Counter({c["values"]: c["counts"] for c in counts})
    names = [raw for raw, code in codes.items() if code is None and raw.strip()]
    regency = regencies.most_common(1)[0][0] if regencies else None
    if names and regency:
        resolver = _resolver(regency)
        for raw in names:
            if resolver is not None:
                found = resolver.resolve(raw)
                if found.code:
                    codes[raw] = found.code
                    continue
            problems["desa_unresolved"] += 1
            codes[raw] = "?" + _text(raw)  # still groups the records that write it alike
    desa = [codes.get(raw) or (("?" + _text(raw)) if raw.strip() else None) for raw in values]
    known = [code is not None and not code.startswith("?") for code in desa]
    cols["desa"] = _column(desa, rows, pa.string())
    kec = _column([code[:8] if ok else None for code, ok in zip(desa, known, strict=True)], rows, pa.string())
    kab = _column([code[:5] if ok else None for code, ok in zip(desa, known, strict=True)], rows, pa.string())
    # Records without a usable desa are still blocked on their NIK's kecamatan; a desa name that could not
    # be resolved was looked up in the file's kabupaten, so that is still where the record is.
    from_nik = pc.and_(pc.is_null(kec), pc.is_valid(cols["nik_kec"]))
    cols["kec"] = pc.if_else(from_nik, cols["nik_kec"], kec)
    kab = pc.if_else(from_nik, pc.utf8_slice_codeunits(cols["nik_kec"], 0, 5), kab)
    if regency is not None:
        named = _column([bool(code and code.startswith("?")) for code in desa], rows, pa.bool_())
        kab = pc.if_else(pc.and_(pc.is_null(kab), named), pa.scalar(regency), kab)
    cols["kab"] = kab


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
    crowd = {
        "output_column_name": "crowd",
        "comparison_levels": [
            _level('"name_crowd_l" IS NULL OR "name_crowd_r" IS NULL', "missing", null=True),
            _level('"name_key_l" <> "name_key_r"', "names differ"),
            _level(
                'greatest("name_crowd_l", "name_crowd_r") <= 1', "one person of this name in the kecamatan"
            ),
            _level('greatest("name_crowd_l", "name_crowd_r") <= 2', "two"),
            _level('greatest("name_crowd_l", "name_crowd_r") <= 4', "three or four"),
            _level('greatest("name_crowd_l", "name_crowd_r") <= 8', "five to eight"),
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
    return [name, nik, nik_ok, dob, sex, kk, area, rtrw, tempat, alamat, crowd, source]


# Every rule is tied to a NIK, a KK or an area, so a block is a desa's, a kecamatan's or a kabupaten's share
# of a name and a birth date. When a file grows, it is the desa that get denser (a kabupaten has a fixed
# number of them), so a rule on a desa and a name alone ("same desa, same surname") grows with the square
# of the file: at a million records in one kabupaten it alone made 16M pairs. Each rule therefore pairs
# an area with a name part AND a part of the birth date, and the rules on the birth date skip heaped
# dates (01-01, 31-12, 01-07, the year alone), which a whole kecamatan shares; a heaped record is still
# reached through its NIK, its KK and its name. Measured on the generator's lists (bench/linkage.py):
# 7.5M candidate pairs at 1M records, and 99.4 % of the true pairs inside the blocks at 300k.
BLOCKING_RULES: tuple[str, ...] = (
    "l.nik = r.nik",
    # A household in five lists is forty records; its members of the other sex are never the same person.
    "l.kk = r.kk AND l.sex = r.sex",
    "l.desa = r.desa AND l.last4 = r.last4 AND l.dob_year = r.dob_year",
    "l.desa = r.desa AND l.first4 = r.first4 AND l.dob_year = r.dob_year",
    "l.desa = r.desa AND l.sorted_key = r.sorted_key",
    "l.desa = r.desa AND l.dob_md = r.dob_md AND l.sex = r.sex AND NOT l.dob_heaped",
    "l.kec = r.kec AND l.dob = r.dob AND l.sex = r.sex",
    # Movers between kecamatan: the same name and birth date, or a name part and a birth date not heaped.
    "l.kab = r.kab AND l.name_key = r.name_key AND l.dob = r.dob",
    "l.kab = r.kab AND l.dob = r.dob AND l.first4 = r.first4 AND NOT l.dob_heaped",
    "l.kab = r.kab AND l.dob = r.dob AND l.last4 = r.last4 AND NOT l.dob_heaped",
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
    # All candidate pairs compared; the arrays hold only those clustering or review needs.
    candidates: int = 0


BACKENDS = ("duckdb", "spark")


def _prediction_settings(
    splink_model: dict[str, Any], *, levels: bool = False, focus: bool = False
) -> dict[str, Any]:
    settings = dict(splink_model)
    settings["retain_intermediate_calculation_columns"] = True
    # The explanation re-evaluates the level conditions on the compared columns (see _level_sql).
    settings["retain_matching_columns"] = levels
    rules = list(BLOCKING_RULES)
    if focus:
        # Only pairs touching a record in focus are compared at all: an incremental run costs what its new
        # records cost, not what the whole kabupaten costs.
        rules = [f"({rule}) AND (l.in_focus OR r.in_focus)" for rule in rules]
    settings["blocking_rules_to_generate_predictions"] = rules
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
    focus = "in_focus" in prepared.columns
    linker = Linker(table, _prediction_settings(splink_model, levels=levels, focus=focus), log_level=None)
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


def _spark_settings(
    splink_model: dict[str, Any], *, levels: bool = False, focus: bool = False
) -> dict[str, Any]:
    settings = copy.deepcopy(_prediction_settings(splink_model, levels=levels, focus=focus))
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
    focus = "in_focus" in prepared.columns
    linker = Linker(table, _spark_settings(splink_model, levels=levels, focus=focus), log_level=None)
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
    prepared: Prepared,
    model: Model,
    *,
    progress: Progress = _quiet,
    backend: str = "duckdb",
    keep_from: float = DEFAULT_THRESHOLD,
) -> Pairs:
    """The candidate pairs of ``prepared`` that clustering needs, scored by ``model``: those at or above
    ``keep_from`` and those the model confidently separates although Fellegi-Sunter found them alike
    (see :func:`cluster`). The rest, most pairs, are only counted (``Pairs.candidates``)."""
    return _scored(prepared, model, progress, backend, keep_from=keep_from, levels=False)[0]


def _interesting(probability, match_weight, keep_from: float):
    return (probability >= keep_from) | ((probability < SEPARATE_BELOW) & (match_weight > 0))


def _scored(
    prepared: Prepared, model: Model, progress: Progress, backend: str, *, keep_from: float, levels: bool
):
    """(Pairs, the pyarrow table of the kept pairs with their ``level_`` columns when ``levels``)."""
    import numpy as np

    if backend == "duckdb":
        return _scored_on_duckdb(prepared, model, progress, keep_from=keep_from, levels=levels)
    vectors = _comparison_vectors(prepared, model.splink, progress, backend, levels=levels)
    x = _vector_matrix(vectors)
    # Every feature is a comparison level (and the weight a function of them): few distinct vectors.
    distinct, inverse = np.unique(x, axis=0, return_inverse=True)
    probability = model.trees.predict(distinct)[inverse.ravel()]
    progress(f"model interaksi: {len(distinct):,} vektor perbandingan berbeda")
    kept = np.nonzero(_interesting(probability, x[:, -1], keep_from))[0]
    vectors = vectors.take(kept)
    pairs = Pairs(
        left=vectors.column("unique_id_l").to_numpy(),
        right=vectors.column("unique_id_r").to_numpy(),
        match_weight=x[kept, -1],
        probability=probability[kept],
        candidates=len(x),
    )
    return pairs, vectors


def _scored_on_duckdb(
    prepared: Prepared, model: Model, progress: Progress, *, keep_from: float, levels: bool
):
    """Scoring inside DuckDB: Splink's predictions stay in the database; only their distinct comparison
    vectors (tens of thousands for millions of pairs) go through the trees, and only the pairs clustering
    needs come back to Python. A million records make tens of millions of candidate pairs: holding them
    in Python as arrays, or finding their distinct vectors with numpy, took most of the run."""
    import pyarrow as pa
    from splink import Linker

    db_api = _db_api()
    connection = db_api._con
    table = db_api.register(prepared.arrow(), dataset_display_name="records")
    focus = "in_focus" in prepared.columns
    linker = Linker(table, _prediction_settings(model.splink, levels=levels, focus=focus), log_level=None)
    started = time.perf_counter()
    predictions = linker.inference.predict().physical_name
    features = _feature_names()[:-1]
    coalesced = ", ".join(f'coalesce("{name}", 0) AS "{name}"' for name in features)
    # Our own names and Splink's table name only: nothing from the input reaches the SQL text.
    distinct = f"CREATE TEMP TABLE vectors AS SELECT DISTINCT {coalesced}, match_weight FROM {predictions}"  # noqa: S608
    connection.execute(distinct)
    vectors = connection.sql("SELECT * FROM vectors").to_arrow_table()
    x = _vector_matrix(vectors)
    probability = model.trees.predict(x)
    candidates = connection.sql(f"SELECT count(*) FROM {predictions}").fetchall()[0][0]  # noqa: S608
    progress(
        f"{candidates:,} pasangan kandidat, {len(x):,} vektor perbandingan berbeda "
        f"({time.perf_counter() - started:.1f} dtk)"
    )
    keep = _interesting(probability, x[:, -1], keep_from)
    scored = vectors.filter(pa.array(keep)).append_column("probability", pa.array(probability[keep]))
    connection.register("scored", scored)
    on = " AND ".join(f'coalesce(p."{name}", 0) = s."{name}"' for name in features)
    extra = ""
    if levels:
        extra = "".join(
            f', {sql} AS "{name}"'
            for sql, name in zip(_level_sql(model.splink), _level_names(model.splink), strict=True)
        )
    query = (
        f"SELECT p.unique_id_l, p.unique_id_r, p.match_weight, s.probability{extra} "  # noqa: S608
        f"FROM {predictions} p JOIN scored s ON {on} AND p.match_weight = s.match_weight "
        "ORDER BY p.unique_id_l, p.unique_id_r"
    )
    kept = connection.sql(query).to_arrow_table()
    progress(f"{kept.num_rows:,} pasangan untuk pengelompokan ({time.perf_counter() - started:.1f} dtk)")
    pairs = Pairs(
        left=kept.column("unique_id_l").to_numpy(),
        right=kept.column("unique_id_r").to_numpy(),
        match_weight=kept.column("match_weight").to_numpy(),
        probability=kept.column("probability").to_numpy(),
        candidates=candidates,
    )
    return pairs, kept


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
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Most groups of strong edges are small and hold no separated pair: every merge in them would succeed, so
    # each is a cluster as it is, found by scipy in one pass. Only the others (a chain over the cap, or a
    # separated pair inside) go through the guarded merges, one edge at a time.
    left, right = pairs.left.astype(np.int64), pairs.right.astype(np.int64)
    strong = pairs.probability >= threshold
    graph = coo_matrix(
        (np.ones(int(strong.sum()), np.int8), (left[strong], right[strong])), shape=(size, size)
    )
    count, component = connected_components(graph, directed=False)
    separated = (pairs.probability < separate_below) & (pairs.match_weight > 0)
    separated &= component[left] == component[right]
    guarded = np.bincount(component, minlength=count) > max_size
    guarded[component[left[separated]]] = True
    first = np.full(count, size, np.int64)
    np.minimum.at(first, component, np.arange(size, dtype=np.int64))
    result = first[component]
    in_guarded = guarded[component]
    if in_guarded.any():
        edges = strong & guarded[component[left]]
        apart_pairs = separated & guarded[component[left]]
        find = _guarded_merges(
            size,
            left[edges],
            right[edges],
            pairs.probability[edges],
            left[apart_pairs],
            right[apart_pairs],
            max_size,
        )
        smallest: dict[int, int] = {}
        nodes = np.nonzero(in_guarded)[0].tolist()  # ascending: the first seen of a cluster is its smallest
        result[nodes] = [smallest.setdefault(find(i), i) for i in nodes]
    return result.tolist()


def _guarded_merges(size: int, left, right, probability, apart_left, apart_right, max_size: int):
    """Merge along the edges strongest first (ties by row numbers), refusing a merge over ``max_size`` or
    one that would join a separated pair; returns the union-find's ``find``."""
    import numpy as np

    parent = list(range(size))
    members: dict[int, list[int]] = {}
    apart: dict[int, set[int]] = {}
    for a, b in zip(apart_left.tolist(), apart_right.tolist(), strict=True):
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = np.lexsort((right, left, -probability))
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
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
    return find


# ---------------------------------------------------------------------------------------------------------
# Training, linking, writing
# ---------------------------------------------------------------------------------------------------------


# Trained at the density it links: trained on 50,000 records (a thin kabupaten) the model scored pairwise F1
# 0.983 on 300,000; on 200,000, 0.993 at 300,000 but 0.985 at a million; on 500,000, 0.991 at a million. The
# shipped model (``make linkage-model``, about 6 minutes) uses these defaults.
TRAINING_RECORDS = 500_000


def train_model(
    *,
    records: int = TRAINING_RECORDS,
    seed: int = 20260701,
    regency: str = "11.06",
    progress: Progress = _quiet,
) -> Model:
    """Train on a synthetic kabupaten from :mod:`sinergi.linkage.synthetic` (seeded: same model every time).

    The Fellegi-Sunter parameters are trained without labels, as Splink does; the trees learn from the
    candidate pairs labelled with the generator's truth.
    """
    started = time.perf_counter()
    prepared, truth = _synthetic(records, seed, regency, progress)
    splink_model = _train_splink(prepared, progress, seed)
    x, y = _labelled_pairs(prepared, truth, splink_model, progress)
    trees = _fit_trees(x, y)
    progress(
        f"model interaksi: {len(y):,} pasangan berlabel ({int(y.sum()):,} cocok) "
        f"dalam {time.perf_counter() - started:.1f} dtk"
    )
    trained_on = {"generator": "sinergi.linkage.synthetic", "records": len(prepared), "seed": seed,
                  "regency": regency, "pairs": len(y), "matches": int(y.sum())}  # fmt: skip
    return Model(splink=splink_model, trees=trees, features=_feature_names(), trained_on=trained_on)


# How much one reviewer's decision counts against one generated pair: a decision is one pair of real data,
# checked by a person, where the generator's pairs are many and only as real as its error model.
DECISION_WEIGHT = 20.0


def retrain_with_decisions(
    model: Model,
    decisions: Iterable[tuple[Sequence[float], bool]],
    *,
    records: int = TRAINING_RECORDS,
    seed: int = 20260701,
    regency: str = "11.06",
    weight: float = DECISION_WEIGHT,
    progress: Progress = _quiet,
) -> Model:
    """``model`` with its trees trained again on the generated pairs *and* reviewers' decisions.

    ``decisions``: (feature vector in :func:`_feature_names` order, same person?) per decided pair, as the
    review queue stores them. The Fellegi-Sunter part stays as it is, so the decisions' vectors (computed
    with it) keep their meaning; only the trees learn, each decision counting ``weight`` generated pairs."""
    import numpy as np

    decided = [(list(map(float, vector)), bool(same)) for vector, same in decisions]
    width = len(_feature_names())
    if any(len(vector) != width for vector, _same in decided):
        raise InputError(f"setiap keputusan perlu {width} nilai perbandingan, sesuai model.")
    started = time.perf_counter()
    prepared, truth = _synthetic(records, seed, regency, progress)
    x, y = _labelled_pairs(prepared, truth, model.splink, progress)
    sample_weight = np.ones(len(y))
    if decided:
        x = np.vstack([x, _snapped(np.array([vector for vector, _same in decided], dtype=np.float64), x)])
        y = np.concatenate([y, np.array([same for _vector, same in decided], dtype=bool)])
        sample_weight = np.concatenate([sample_weight, np.full(len(decided), float(weight))])
    trees = _fit_trees(x, y, sample_weight)
    accepted = sum(same for _vector, same in decided)
    progress(
        f"model interaksi dilatih ulang dengan {len(decided):,} keputusan peninjau ({accepted:,} orang yang sama) "
        f"dalam {time.perf_counter() - started:.1f} dtk"
    )
    trained_on = {**model.trained_on, "decisions": len(decided), "decisions_same": accepted,
                  "decision_weight": weight}  # fmt: skip
    return Model(splink=model.splink, trees=trees, features=model.features, trained_on=trained_on)


def _snapped(decided, x):
    """Each decision's values moved to the nearest value the generated pairs have in that column.

    A comparison's weight takes one value per level, but a stored decision carries it rounded (or computed
    elsewhere, a few ulps apart); the trees bin every distinct value, so an unsnapped decision sits in a bin of
    its own and the trees learn the rounding, not the pair."""
    import numpy as np

    snapped = decided.copy()
    for column in range(x.shape[1]):
        values = np.unique(x[:, column])
        at = (
            np.clip(np.searchsorted(values, decided[:, column]), 1, len(values) - 1)
            if len(values) > 1
            else None
        )
        if at is None:
            snapped[:, column] = values[0] if len(values) else decided[:, column]
            continue
        below, above = values[at - 1], values[at]
        snapped[:, column] = np.where(decided[:, column] - below <= above - decided[:, column], below, above)
    return snapped


def _synthetic(records: int, seed: int, regency: str, progress: Progress):
    from sinergi.linkage.synthetic import generate, persons_for_records

    data = generate(persons=persons_for_records(records), seed=seed, regency=regency)
    prepared = prepare_rows(data.records)
    progress(f"melatih dengan {len(prepared):,} catatan sintetis")
    return prepared, data.truth


def _labelled_pairs(
    prepared: Prepared, truth: Mapping[str, str], splink_model: dict[str, Any], progress: Progress
):
    """The candidate pairs' feature vectors under ``splink_model``, labelled with the generator's truth."""
    import numpy as np

    vectors = _comparison_vectors(prepared, splink_model, progress)
    x = _vector_matrix(vectors)
    person = [truth[record_id] for record_id in prepared.ids]
    left = vectors.column("unique_id_l").to_numpy()
    right = vectors.column("unique_id_r").to_numpy()
    y = np.fromiter(
        (person[a] == person[b] for a, b in zip(left.tolist(), right.tolist(), strict=True)), bool
    )
    return x, y


def _fit_trees(x, y, sample_weight=None) -> Trees:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    classifier = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0,
        early_stopping=False, random_state=0,
    )  # fmt: skip
    # One OpenMP thread: on a shared 2-core machine sklearn's threads spin against other processes and the
    # fit takes several times longer; a few hundred thousand rows of 12 features fit in seconds on one.
    with threadpool_limits(limits=1, user_api="openmp"):
        classifier.fit(x, y, sample_weight=sample_weight)
    return Trees.from_sklearn(classifier)


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
        prepared.ids, clusters, pairs.candidates, time.perf_counter() - started, prepared.problems
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
    """The model shipped with Sinergi (``sinergi/linkage/data/model.json``, made by ``make linkage-model``:
    :func:`train_model` with its defaults, on synthetic lists only), loaded once per process."""
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

    ``focus``: when given, only pairs with at least one record in it are compared at all (an incremental run
    links new records against everything, without re-proposing or even re-scoring old pairs). ``at_least``:
    the lowest probability kept. The clusters are computed over the compared pairs, as :func:`link` does."""
    import numpy as np
    import pyarrow as pa

    prepared = prepare_rows(rows, progress=progress)
    ids = prepared.ids
    if len(prepared) < 2:
        return ReviewResult(clusters={i: i for i in ids}, pairs=[], candidate_pairs=0)
    in_focus = None
    if focus is not None:
        wanted = set(focus)
        in_focus = np.fromiter((record_id in wanted for record_id in ids), bool, len(ids))
        prepared.columns["in_focus"] = pa.array(in_focus)
    pairs, vectors = _scored(
        prepared, model, progress, backend, keep_from=min(at_least, threshold), levels=True
    )
    probability = pairs.probability
    numbers = cluster(len(prepared), pairs, threshold=threshold)
    clusters = {record_id: ids[number] for record_id, number in zip(ids, numbers, strict=True)}

    keep = probability >= at_least
    if in_focus is not None:
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
    progress(f"{len(scored):,} pasangan untuk ditinjau dari {pairs.candidates:,} pasangan kandidat")
    return ReviewResult(clusters=clusters, pairs=scored, candidate_pairs=pairs.candidates)
