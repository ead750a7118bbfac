"""Dirty import files as a Dinas Sosial receives them, written from a list of row dicts (no binary fixtures).

* :func:`person_rows` builds valid DTKS-style rows (synthetic NIK/KK from :mod:`sinergi.core.nik`) for the
  villages it is given; tests then damage single cells.
* :func:`write_csv` writes them in the encodings and delimiters Excel and other tools produce.
* :func:`write_xlsx` writes them the way a printout-oriented spreadsheet looks: title rows with merged
  cells above the header, spacer rows and columns, a JUMLAH row, an instructions sheet first, a hidden
  sheet, formulas without stored results (openpyxl cannot compute them), NIKs typed as numbers.

A row dict maps header -> value. Missing headers are empty cells. Values may be ``str`` or, for XLSX,
``int``/``float``/``date``/``datetime`` cells.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from sinergi.core.nik import make_kk, make_nik

HEADER = [
    "NO KK", "NIK", "NAMA", "JENIS KELAMIN", "TEMPAT LAHIR", "TGL LAHIR", "HUB KRT", "ALAMAT", "RT", "RW",
    "DESA/KEL", "KECAMATAN",
]  # fmt: skip
TITLE_ROWS = ("DAFTAR KELUARGA PENERIMA MANFAAAT", "KABUPATEN ACEH BESAR TAHUN 2026")
# Columns Excel damages when they are not formatted as text.
NUMBER_COLUMNS = ("NO KK", "NIK")
SMALL_NUMBER_COLUMNS = ("RT", "RW")
# What a printout writes once per family, in cells merged over the family's rows.
FAMILY_COLUMNS = ("NO KK", "ALAMAT", "RT", "RW", "DESA/KEL", "KECAMATAN")
PETUNJUK_LINES = (
    "PETUNJUK PENGISIAN",
    "Isi NIK dan nomor KK sebagai teks, 16 digit, sesuai KTP atau KK.",
    "Tanggal lahir ditulis hari/bulan/tahun, misalnya 12/08/1975.",
    "Desa diisi kode Kemendagri atau nama desa.",
    "Jangan mengubah judul kolom pada sheet DATA.",
)

_HEADS = ("Teuku Muhammad Nasir", "Zulkifli Ahmad", "Muhammad Yusuf", "Abdul Rahman", "Ismail Hasan")
_WIVES = ("Cut Nyak Dhien", "Siti Aminah", "Nurhayati", "Rahmah Daud", "Fatimah Zahra")
_CHILDREN = ("Fitriani", "Rizki Maulana", "Putri Ayu", "Fajar Ramadhan", "Nurul Hidayah", "Aulia Rahman")


def person_rows(
    n: int,
    villages: Sequence[Any],
    *,
    family_size: int = 3,
    start_serial: int = 1,
    kecamatan_code: str = "11.06.07",
    kecamatan_name: str = "Darul Imarah",
    desa_as: str = "code",
    header: Sequence[str] = HEADER,
) -> list[dict[str, Any]]:
    """``n`` valid rows in families of ``family_size`` (head, wife, children), one family per village in turn.

    ``villages`` are objects with ``code`` and ``name`` (Area rows of Darul Imarah). ``desa_as`` is "code" or
    "name": what the DESA/KEL column holds. NIK and KK serials start at ``start_serial`` so that two calls
    in one test do not collide. Only the headers in ``header`` are filled.
    """
    rows = []
    for position in range(n):
        family, member = divmod(position, family_size)
        village = villages[family % len(villages)]
        kk = make_kk(kecamatan_code=kecamatan_code, issued=date(2015, 3, 2), serial=start_serial + family)
        if member == 0:
            born = date(1960 + family % 25, 1 + family % 12, 1 + family % 28)
            sex, relation, name = "L", "KEPALA KELUARGA", _HEADS[family % len(_HEADS)]
        elif member == 1:
            born = date(1965 + family % 25, 1 + (family + 3) % 12, 2 + family % 27)
            sex, relation, name = "P", "ISTRI", _WIVES[family % len(_WIVES)]
        else:
            born = date(2000 + member, 1 + member % 12, 3 + member % 25)
            sex, relation, name = "LP"[member % 2], "ANAK", _CHILDREN[(family + member) % len(_CHILDREN)]
        row = {
            "NO KK": kk,
            "NIK": make_nik(
                kecamatan_code=kecamatan_code, birth_date=born, sex=sex, serial=start_serial + position
            ),
            "NAMA": name,
            "JENIS KELAMIN": sex,
            "TEMPAT LAHIR": "Aceh Besar",
            "TGL LAHIR": born.strftime("%d/%m/%Y"),
            "HUB KRT": relation,
            "ALAMAT": f"Dusun Mesjid No. {family + 1}",
            "RT": f"{family % 5 + 1:03d}",
            "RW": "002",
            "DESA/KEL": village.code if desa_as == "code" else village.name,
            "KECAMATAN": kecamatan_name,
        }
        rows.append({key: value for key, value in row.items() if key in header})
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[dict[str, Any]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    bom: bool = False,
) -> Path:
    """A CSV as a spreadsheet program saves it; CRLF line ends, fields quoted only when needed.

    ``encoding``: "utf-8", "utf-8-sig" (Excel's "CSV UTF-8"), "utf-16" (Excel's "Unicode text": UTF-16 LE
    with a BOM; pass ``delimiter="\\t"`` as Excel does) or "cp1252" (Excel's "CSV" on a Western Windows).
    ``bom`` adds a UTF-8 BOM to a "utf-8" file. Characters the encoding lacks raise, so a test cannot
    silently write something other than what it asserts.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(row.get(column)) for column in header])
    text = out.getvalue()
    if encoding == "utf-16":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
        if bom and encoding == "utf-8":
            data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    return path


def _set(ws: Any, row: int, column: int, value: Any, *, text_format: bool = False) -> None:
    """One cell; a string starting with "=" stays text (what Excel keeps for a value typed after ')."""
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if text_format and isinstance(value, str):
        cell.number_format = "@"


def _sheet_of_text(ws: Any, lines: Sequence[Sequence[Any]]) -> None:
    for number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            _set(ws, number, column, value)


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    sheet_title: str = "DATA",
    title_rows: Sequence[str] = TITLE_ROWS,
    merge_title: bool = True,
    blank_rows_between: int = 0,
    blank_first_column: bool = False,
    totals_row: bool = False,
    extra_sheets: Sequence[str | tuple[str, Sequence[Sequence[Any]]]] = (),
    summary_sheet: bool = False,
    hidden_sheet_with_data: Sequence[dict[str, Any]] | bool = False,
    hidden_title: str = "ARSIP",
    formulas: bool = False,
    numbers_as_numbers: bool = False,
    merge_families: bool = False,
) -> Path:
    """A workbook laid out like a Dinas Sosial printout.

    * ``title_rows`` above the header (merged over the table's width when ``merge_title``), then one blank
      row, then the header. ``blank_rows_between`` blank rows separate consecutive data rows;
      ``blank_first_column`` leaves column A empty.
    * ``totals_row``: "JUMLAH" and the number of rows (under NAMA) below the data.
    * ``extra_sheets``: sheets placed before the data sheet. A title alone gets :data:`PETUNJUK_LINES`,
      one sentence per row in column A (an instructions sheet: only text); ``(title, rows)`` gets those rows.
    * ``summary_sheet``: a visible "REKAP" sheet with a small table after the data sheet.
    * ``hidden_sheet_with_data``: rows (same header) for a hidden sheet ``hidden_title`` after the data.
    * ``formulas``: every ALAMAT cell becomes the formula ``="<address>"``, saved without a result as
      openpyxl always does.
    * ``numbers_as_numbers``: NO KK/NIK/RT/RW digit strings become number cells (a column Excel formatted
      as General); otherwise NO KK and NIK are text cells formatted "@".
    * ``merge_families``: the household columns (:data:`FAMILY_COLUMNS`) of consecutive rows with the same
      NO KK are merged down over the family, so only the head's row holds them (needs
      ``blank_rows_between=0``).
    """
    wb = Workbook()
    first = wb.active
    sheets_before = list(extra_sheets)
    if sheets_before:
        for index, extra in enumerate(sheets_before):
            title, lines = (extra, [(line,) for line in PETUNJUK_LINES]) if isinstance(extra, str) else extra
            ws = first if index == 0 else wb.create_sheet(title)
            ws.title = title
            _sheet_of_text(ws, lines)
        ws = wb.create_sheet(sheet_title)
    else:
        ws = first
        ws.title = sheet_title
    _table(
        ws,
        header,
        rows,
        title_rows=title_rows,
        merge_title=merge_title,
        blank_rows_between=blank_rows_between,
        blank_first_column=blank_first_column,
        totals_row=totals_row,
        formulas=formulas,
        numbers_as_numbers=numbers_as_numbers,
    )
    if merge_families:
        _merge_families(
            ws,
            header,
            rows,
            offset=2 if blank_first_column else 1,
            first_data_row=ws.max_row - len(rows) + 1 - (1 if totals_row else 0),
        )
    if summary_sheet:
        rekap = wb.create_sheet("REKAP")
        counts = Counter(str(row.get("DESA/KEL", "")) for row in rows)
        _sheet_of_text(rekap, [("DESA/KEL", "JUMLAH JIWA"), *counts.items()])
    if hidden_sheet_with_data:
        hidden_rows = [] if hidden_sheet_with_data is True else list(hidden_sheet_with_data)
        hidden = wb.create_sheet(hidden_title)
        _table(
            hidden,
            header,
            hidden_rows,
            title_rows=(),
            merge_title=False,
            blank_rows_between=0,
            blank_first_column=False,
            totals_row=False,
            formulas=False,
            numbers_as_numbers=False,
        )
        hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def _table(
    ws,
    header,
    rows,
    *,
    title_rows,
    merge_title,
    blank_rows_between,
    blank_first_column,
    totals_row,
    formulas,
    numbers_as_numbers,
) -> None:
    offset = 2 if blank_first_column else 1
    width = len(header)
    number = 1
    for title in title_rows:
        _set(ws, number, offset, title)
        if merge_title and width > 1:
            ws.merge_cells(
                f"{get_column_letter(offset)}{number}:{get_column_letter(offset + width - 1)}{number}"
            )
        number += 1
    if title_rows:
        number += 1  # the blank row between the title and the table
    for column, name in enumerate(header):
        _set(ws, number, offset + column, name)
    for index, row in enumerate(rows):
        number += 1 if index == 0 else 1 + blank_rows_between
        for column, name in enumerate(header):
            value = row.get(name)
            if formulas and name == "ALAMAT" and isinstance(value, str) and value:
                ws.cell(row=number, column=offset + column, value=f'="{value}"')
                continue
            as_number = (
                numbers_as_numbers
                and name in (*NUMBER_COLUMNS, *SMALL_NUMBER_COLUMNS)
                and isinstance(value, str)
                and value.isdigit()
            )
            if as_number:
                _set(ws, number, offset + column, int(value))
            else:
                _set(ws, number, offset + column, value, text_format=name in NUMBER_COLUMNS)
    if totals_row:
        number += 1
        _set(ws, number, offset, "JUMLAH")
        name_column = header.index("NAMA") if "NAMA" in header else 1
        _set(ws, number, offset + name_column, len(rows))


def _merge_families(ws, header, rows, *, offset, first_data_row) -> None:
    start = 0
    for index in range(1, len(rows) + 1):
        if index < len(rows) and rows[index].get("NO KK") == rows[start].get("NO KK"):
            continue
        if index - start > 1:
            top, bottom = first_data_row + start, first_data_row + index - 1
            for name in FAMILY_COLUMNS:
                if name in header:
                    letter = get_column_letter(offset + header.index(name))
                    ws.merge_cells(f"{letter}{top}:{letter}{bottom}")  # openpyxl empties the cells below
        start = index
