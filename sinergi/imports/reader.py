"""Read DTKS/SIKS-NG exports and programme recipient lists (CSV or XLSX) as they really are, without Django.

The spreadsheets a Dinas Sosial receives are made for printing, not for machines: a title and a subtitle
above the table, a header split over two merged rows, a row of column numbers "(1) (2) (3)", blank spacer
rows and columns, a JUMLAH row and a signature block under the data, several sheets (some hidden), and
CSV files in whatever encoding and delimiter the operator's Excel happened to use. This module turns such
a file into a header list and a stream of rows of strings, and says in Bahasa Indonesia what it skipped.

Usage::

    with open_table(path) as table:
        print(table.info.headers)
        for row in table:          # Row(number=5, values={"NIK": "3201...", ...}, raw={...})
            ...
    table.info.warnings            # complete once the rows have been read (totals, formulas, ...)

Design rules:

* Streaming. Only the first rows (:data:`SAMPLE_ROWS` non-empty ones) are read eagerly to find the header;
  everything after is read one row at a time, so a file of a million rows needs little memory. XLSX sheets
  are parsed with openpyxl's streaming worksheet parser (the shared-strings table is the one part held in
  memory).
* Row numbers are the ones Excel shows, so an operator can find the row: the XLSX row number, or for CSV
  the record number Excel displays (equal to the line number unless a quoted cell contains a line break).
* Values are strings, as displayed and with surrounding whitespace removed; the unmodified cell value is in
  :attr:`Row.raw`. XLSX numbers lose a spurious ``.0`` only when all their digits are intact: an integer
  stored with 16+ digits is shown in full, but a float above 2**53, or a 16+ digit number with at most 12
  significant digits (what is left of a NIK after Excel showed it as ``3.20101E+15``), is shown in
  scientific notation, so that :mod:`sinergi.core.nik` reports it instead of accepting wrong digits.
  Dates become ``yyyy-mm-dd`` (``yyyy-mm-dd hh:mm:ss`` with a time). Nothing is repaired.
* A file that cannot be read at all raises :class:`UnreadableFile` with a message naming the file and what
  to do. Everything else is a warning in :attr:`TableInfo.warnings`; rows are never dropped silently.

The file type comes from the content, not the name: uploads are often misnamed (an HTML page called
``.xls``, a CSV called ``.xlsx``, a temporary file without an extension).

Known limits:

* Merged cells are listed after the data in an XLSX sheet, so openpyxl's read-only mode does not report
  them. Title and two-row header detection work without them (only the first cell of a merged range has
  a value). In the data, a value merged down over several rows (a KK number over the family's members)
  is copied into each of those rows (with a warning), using a byte search for the merge list before
  streaming, which costs one extra decompression of the sheet.
* Of Excel's number formats only all-zero ones ("000", used for RT/RW and codes) are applied. Thousands
  separators, currency and percentages are not: the reader gives the stored number (``1500000``,
  ``0.25``), which is what the import needs anyway. Non-integral numbers use "." as decimal separator.
* Formula results are read as the program that last saved the file stored them. Files written by scripts
  (openpyxl, some web exports) have formulas without results; those cells are read empty, with a warning.
* XLSX shared strings (every distinct text of the workbook) are held in memory by openpyxl.
* Excel 97-2003 ``.xls``, ``.xlsb``, ``.ods`` and password-protected files are refused with instructions
  to save as ``.xlsx``; nothing here decrypts or converts.
* Header detection is a heuristic: the first row among the first :data:`SAMPLE_ROWS` non-empty ones that
  fills at least 60% of the widest row, mostly with text and without long numbers. A file without any
  header row is refused rather than guessed; ``header_row`` overrides the detection.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import math
import re
import struct
import warnings as pywarnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

__all__ = [
    "SAMPLE_ROWS",
    "Row",
    "Table",
    "TableInfo",
    "UnreadableFile",
    "open_table",
]

# Non-empty rows read eagerly to find the header and the table's width.
SAMPLE_ROWS = 50
# Bytes read to recognise the file type, the encoding and the CSV delimiter.
_SAMPLE_BYTES = 64 * 1024
# A CSV "line" longer than this is not a line: the file is binary or has an unclosed quote.
_MAX_LINE_BYTES = 4 * 1024 * 1024
# Rows held back at the end of the table (possible totals or signature lines) before being given up on.
_PENDING_LIMIT = 200
# Row numbers listed in one warning; the rest are counted.
_LISTED_ROWS = 20
# Share of the widest row a header row must fill, and the share of its cells that must be text.
_HEADER_MIN_FILL = 0.6
_HEADER_MIN_TEXT = 0.7

_DELIMITERS = ",;\t|"

_CODE_MISSING = "missing"
_CODE_EMPTY = "empty"
_CODE_NOT_TABLE = "not_table"
_CODE_XLS = "xls"
_CODE_ENCRYPTED = "encrypted"
_CODE_CORRUPT = "corrupt"
_CODE_NO_SHEET = "no_sheet"
_CODE_NO_HEADER = "no_header"
_CODE_NO_DATA = "no_data"


class UnreadableFile(Exception):
    """The file cannot be read at all. ``str(error)`` is a user-facing message in Bahasa Indonesia.

    ``code`` says why, for callers that want to react differently: ``missing`` (cannot be opened),
    ``empty``, ``not_table`` (PDF, image,
    archive, Word, binary data), ``xls`` (Excel 97-2003), ``encrypted``, ``corrupt``, ``no_sheet``,
    ``no_header``, ``no_data``.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class TableInfo:
    """What was found in the file. Row numbers are 1-based, as Excel shows them.

    ``headers`` are the column names as written, with whitespace (also line breaks inside a header cell)
    collapsed to single spaces; a header split over two merged rows becomes ``"ALAMAT / Desa"``, a blank
    header cell with data under it becomes ``"Kolom C"`` and a repeated name gets a suffix: ``"Nama (2)"``.
    ``columns`` maps each header to its column letter, for messages ("kolom D").

    ``warnings`` (Bahasa Indonesia) is complete only after the rows have been read, because totals rows,
    formulas without a value and similar findings are only seen while streaming.
    """

    file_name: str
    kind: Literal["csv", "xlsx"]
    header_row: int
    headers: list[str]
    columns: dict[str, str]
    data_start_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Row:
    """One data row. ``values`` has every header as key and the displayed text (stripped, ``""`` if empty).

    ``raw`` has the original cell values: the unstripped text for CSV; for XLSX what openpyxl read
    (``int``, ``float``, ``datetime``, ``bool``, ``str`` or ``None``), so a caller can tell a number from
    text that looks like one.
    """

    number: int
    values: dict[str, str]
    raw: dict[str, object]


# --------------------------------------------------------------------------------------------------------
# Opening
# --------------------------------------------------------------------------------------------------------


def open_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    name: str | None = None,
) -> Table:
    """Open a CSV or XLSX file; raise :class:`UnreadableFile` if it cannot be read at all.

    ``sheet`` chooses an XLSX sheet by name (hidden sheets too); by default the first visible sheet with a
    table is read. ``header_row`` forces the header's row number instead of detecting it. ``name`` is the
    file name used in messages (default: the path's name; pass the original name of an uploaded file).

    Use the result as a context manager, or call :meth:`Table.close`; it also closes itself when its rows
    have all been read.
    """
    path = Path(path)
    display = name or path.name
    try:
        fh = open(path, "rb")  # noqa: SIM115 - owned by the Table, closed by Table.close()
    except OSError as exc:
        raise UnreadableFile(
            f"File '{display}' tidak bisa dibuka ({exc.strerror or exc}). Unggah ulang filenya.",
            code=_CODE_MISSING,
        ) from exc
    try:
        head = fh.read(_SAMPLE_BYTES)
        fh.seek(0)
        kind = _sniff(head, fh, display, path.suffix.lower())
        if kind == "xlsx":
            return _open_xlsx(fh, display, sheet, header_row)
        return _open_csv(fh, head, display, header_row, path.suffix.lower())
    except BaseException:
        fh.close()
        raise


class Table:
    """An open file: :attr:`info`, then iterate once over its data :class:`Row` objects."""

    def __init__(
        self,
        info: TableInfo,
        rows: Iterator[Row],
        closers: list[Callable[[], object]],
    ) -> None:
        self.info = info
        self._rows = rows
        self._closers = closers
        self._closed = False

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        if self._closed:
            raise StopIteration
        try:
            return next(self._rows)
        except BaseException:  # the end of the rows, or an error: either way the file is done with
            self.close()
            raise

    def close(self) -> None:
        """Release the file. Safe to call more than once; warnings found so far stay in ``info``."""
        if self._closed:
            return
        self._closed = True
        close = getattr(self._rows, "close", None)
        try:
            if close is not None:
                close()
        finally:
            for closer in self._closers:
                closer()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --------------------------------------------------------------------------------------------------------
# Recognising the file type
# --------------------------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
)
_SAVE_AS_XLSX = "Buka file di Excel, pilih File > Simpan Sebagai > 'Buku Kerja Excel (*.xlsx)', lalu unggah file .xlsx itu."
_ASK_FOR_TABLE = "Unggah file Excel (.xlsx) atau CSV berisi tabel datanya."


def _sniff(head: bytes, fh: IO[bytes], name: str, suffix: str) -> Literal["csv", "xlsx"]:
    """Return how to read the file, or raise :class:`UnreadableFile` saying what it really is."""
    if not head:
        raise UnreadableFile(
            f"File '{name}' kosong (0 byte). Periksa apakah file yang dipilih sudah benar, lalu unggah ulang.",
            code=_CODE_EMPTY,
        )
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(fh, name)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(fh, name)
    for magic, what in _OTHER_MAGICS:
        if head.startswith(magic):
            raise _other_error(what, name)
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_start.startswith(b"<"):
        start = text_start[:4096]
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise UnreadableFile(
                f"File '{name}' berformat 'XML Spreadsheet 2003', bukan CSV atau XLSX. {_SAVE_AS_XLSX}",
                code=_CODE_NOT_TABLE,
            )
        if any(tag in start for tag in (b"<html", b"<!doctype html", b"<table", b"<head", b"<body")):
            raise UnreadableFile(
                f"File '{name}' sebenarnya halaman web (HTML), walaupun namanya seperti file Excel; beberapa "
                f"aplikasi mengekspor data dengan cara ini. {_SAVE_AS_XLSX}",
                code=_CODE_NOT_TABLE,
            )
    if not _looks_like_text(head):
        if suffix in (".xlsx", ".xlsm", ".xls"):
            raise UnreadableFile(
                f"File '{name}' bernama {suffix} tetapi isinya bukan file Excel yang bisa dibaca (mungkin rusak, "
                f"terpotong saat diunduh, atau bukan file Excel). Buka di Excel dan simpan ulang sebagai .xlsx, "
                f"atau unggah CSV.",
                code=_CODE_NOT_TABLE,
            )
        raise UnreadableFile(
            f"File '{name}' bukan file CSV atau XLSX (isinya data biner yang tidak dikenali). {_ASK_FOR_TABLE}",
            code=_CODE_NOT_TABLE,
        )
    return "csv"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return True
    if b"\x00" in head:
        return False
    # Control characters other than tab, line breaks, form feed and the old DOS end-of-file mark.
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c\x1a") + head.count(b"\x7f")
    return controls <= len(head) // 100


def _sniff_zip(fh: IO[bytes], name: str) -> Literal["xlsx"]:
    try:
        with zipfile.ZipFile(fh) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"File '{name}' berbentuk arsip ZIP/XLSX tetapi rusak atau tidak lengkap (mungkin terpotong saat "
            f"diunduh), sehingga tidak bisa dibuka. Unduh atau simpan ulang filenya, lalu unggah lagi.",
            code=_CODE_CORRUPT,
        ) from exc
    finally:
        fh.seek(0)
    present = set(names)
    if "xl/workbook.xml" in present:
        return "xlsx"
    if "xl/workbook.bin" in present:
        raise UnreadableFile(
            f"File '{name}' berformat Excel Binary (.xlsb), yang tidak bisa dibaca. {_SAVE_AS_XLSX}",
            code=_CODE_NOT_TABLE,
        )
    if "content.xml" in present and "mimetype" in present:
        raise UnreadableFile(
            f"File '{name}' berformat OpenDocument (misalnya .ods dari LibreOffice atau WPS). Buka file itu lalu "
            f"simpan sebagai 'Excel 2007-365 (.xlsx)' atau CSV, kemudian unggah ulang.",
            code=_CODE_NOT_TABLE,
        )
    if "word/document.xml" in present or any(n.startswith("ppt/") for n in names):
        raise UnreadableFile(
            f"File '{name}' adalah dokumen Word atau PowerPoint, bukan tabel. {_ASK_FOR_TABLE}",
            code=_CODE_NOT_TABLE,
        )
    files = [n for n in names if not n.endswith("/")]
    if not files:
        raise UnreadableFile(
            f"File '{name}' adalah arsip ZIP yang kosong. {_ASK_FOR_TABLE}", code=_CODE_EMPTY
        )
    shown = ", ".join(f"'{n}'" for n in files[:3])
    raise UnreadableFile(
        f"File '{name}' adalah arsip ZIP berisi {len(files)} file (misalnya {shown}), bukan file Excel. "
        f"Ekstrak arsip itu dulu, lalu unggah file .xlsx atau .csv yang ada di dalamnya.",
        code=_CODE_NOT_TABLE,
    )


def _ole_error(fh: IO[bytes], name: str) -> UnreadableFile:
    """Say what an OLE2 compound file (old Office formats, and every encrypted Office file) contains."""
    streams = {stream.lower() for stream in _ole_stream_names(fh)}
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        return UnreadableFile(
            f"File '{name}' dilindungi kata sandi (terenkripsi), sehingga isinya tidak bisa dibaca. Buka file di "
            f"Excel dengan kata sandinya, hapus kata sandi (File > Info > Proteksi Buku Kerja > Enkripsi dengan "
            f"Kata Sandi, kosongkan isiannya), simpan, lalu unggah ulang.",
            code=_CODE_ENCRYPTED,
        )
    if "workbook" in streams or "book" in streams:
        return UnreadableFile(
            f"File '{name}' berformat Excel 97-2003 (.xls), yang tidak bisa dibaca. {_SAVE_AS_XLSX}",
            code=_CODE_XLS,
        )
    if "worddocument" in streams or "powerpoint document" in streams:
        return UnreadableFile(
            f"File '{name}' adalah dokumen Word atau PowerPoint versi lama, bukan tabel. {_ASK_FOR_TABLE}",
            code=_CODE_NOT_TABLE,
        )
    return UnreadableFile(
        f"File '{name}' berformat Microsoft Office lama (misalnya Excel 97-2003 .xls), yang tidak bisa dibaca. "
        f"{_SAVE_AS_XLSX} Jika file itu dilindungi kata sandi, hapus dulu kata sandinya.",
        code=_CODE_XLS,
    )


def _ole_stream_names(fh: IO[bytes]) -> list[str]:
    """Names in the first directory sector of an OLE2 compound file; ``[]`` when it cannot be parsed.

    The first sector holds the root entry and the first three streams, which is where both
    ``EncryptedPackage`` and ``Workbook`` are in files written by Excel.
    """
    try:
        fh.seek(0)
        header = fh.read(512)
        if len(header) < 512:
            return []
        sector_size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
        first_directory_sector = struct.unpack_from("<I", header, 0x30)[0]
        if sector_size not in (512, 4096) or first_directory_sector >= 0xFFFFFFFA:
            return []
        fh.seek((first_directory_sector + 1) * sector_size)
        directory = fh.read(sector_size)
    except (OSError, struct.error, ValueError, OverflowError):
        return []
    finally:
        fh.seek(0)
    names = []
    for offset in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, offset + 64)[0]
        if 2 <= length <= 64 and length % 2 == 0:
            names.append(directory[offset : offset + length - 2].decode("utf-16-le", errors="replace"))
    return names


def _other_error(what: str, name: str) -> UnreadableFile:
    if what == "pdf":
        return UnreadableFile(
            f"File '{name}' adalah PDF. Data di dalam PDF tidak bisa diimpor; minta file Excel (.xlsx) atau CSV "
            f"aslinya, misalnya hasil unduhan dari SIKS-NG, bukan hasil cetak atau pindaian.",
            code=_CODE_NOT_TABLE,
        )
    if what == "image":
        return UnreadableFile(
            f"File '{name}' adalah gambar atau foto, bukan tabel. {_ASK_FOR_TABLE}", code=_CODE_NOT_TABLE
        )
    return UnreadableFile(
        f"File '{name}' adalah arsip terkompresi (RAR, 7z atau gzip), bukan file Excel. Ekstrak arsip itu dulu, lalu "
        f"unggah file .xlsx atau .csv yang ada di dalamnya.",
        code=_CODE_NOT_TABLE,
    )


# --------------------------------------------------------------------------------------------------------
# Source rows (shared by CSV and XLSX)
# --------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _SourceRow:
    """A row as found in the file: ``cells`` are displayed and stripped, ``raw`` are the original values."""

    number: int
    cells: list[str]
    raw: list[object]
    no_cached_value: tuple[int, ...] = ()  # 0-based columns of formulas without a stored result
    hidden: bool = False

    def filled(self) -> list[str]:
        return [cell for cell in self.cells if cell]

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


class _RowNotes:
    """Row numbers for one kind of warning: lists the first few, counts the rest, in bounded memory."""

    def __init__(self, render: Callable[[str], str]) -> None:
        self._render = render
        self.numbers: list[int] = []
        self.total = 0
        self.columns: list[str] = []

    def add(self, number: int, columns: Iterable[str] = ()) -> None:
        self.total += 1
        if len(self.numbers) < _LISTED_ROWS:
            self.numbers.append(number)
        for column in columns:
            if column not in self.columns and len(self.columns) < _LISTED_ROWS:
                self.columns.append(column)

    def message(self) -> str | None:
        if not self.total:
            return None
        return self._render(_describe_rows(self.numbers, self.total))


def _describe_rows(numbers: list[int], total: int) -> str:
    """``"5, 7-9 dan 12 baris lain"``: consecutive numbers are shown as ranges."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    text = ", ".join(parts)
    if total > len(numbers):
        text += f" dan {total - len(numbers)} baris lain"
    return text


def _column_index(letters: str) -> int:
    """Excel's column letters to a 0-based index: A -> 0, AA -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _column_letter(index: int) -> str:
    """0-based column index to Excel's letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------------

# cp1252 leaves five bytes undefined; they are kept as the Latin-1 control characters of the same value, so
# decoding can never fail.
_CP1252_HIGH = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CP1252_TABLE = str.maketrans({chr(byte): char for byte, char in _CP1252_HIGH.items()})
_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.IGNORECASE)


def _decode_cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when every other byte of the start is NUL, as in ASCII text in UTF-16."""
    sample = head[:2000]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.7 and even < 0.1:
        return "utf-16-le"
    if even > 0.7 and odd < 0.1:
        return "utf-16-be"
    return None


class _CsvSource:
    """Decoding and delimiter detection for a text file, and its rows as :class:`_SourceRow` objects."""

    def __init__(self, fh: IO[bytes], head: bytes, name: str) -> None:
        self._fh = fh
        self._name = name
        self.warnings: list[str] = []
        self.non_utf8 = _RowNotes(
            lambda rows: (
                f"Baris {rows} berisi karakter yang tidak tersimpan sebagai UTF-8; dibaca sebagai "
                f"Windows-1252. Periksa huruf beraksen (misalnya é) di baris itu."
            )
        )
        # NUL characters (code 0) are debris of damaged files or exports; PostgreSQL cannot store them in text,
        # so they are removed and the rows named.
        self.nul_chars = _RowNotes(
            lambda rows: (
                f"Baris {rows} berisi karakter NUL (kode 0, biasanya sisa file yang rusak); karakter itu dihapus. "
                f"Periksa isi baris itu."
            )
        )
        self._nul_seen = False
        self._fallback_seen = False
        self._cr_only = False
        self._bom = 0
        self._text: IO[str] | None = None

        if head.startswith(codecs.BOM_UTF8):
            self.encoding, self._bom = "utf-8-sig", 3
        elif head.startswith(codecs.BOM_UTF16_LE):
            self.encoding, self._bom = "utf-16-le", 2
        elif head.startswith(codecs.BOM_UTF16_BE):
            self.encoding, self._bom = "utf-16-be", 2
        else:
            self.encoding = _utf16_without_bom(head) or "utf-8"

        if self.wide:
            usable = head[self._bom :]
            sample = usable[: len(usable) - len(usable) % 2].decode(self.encoding, errors="replace")
            if len(head) == _SAMPLE_BYTES:
                sample = sample[: sample.rfind("\n") + 1] or sample  # drop a line that may be cut
        else:
            # Every line is decoded on its own, as UTF-8 when it is valid UTF-8 and as Windows-1252 otherwise,
            # so files pasted together from several sources still read correctly. The sample only decides
            # what to call the file and whether a non-UTF-8 line deserves a warning.
            body = head[self._bom :]
            self._cr_only = b"\r" in body and b"\n" not in body
            pieces = body.splitlines(keepends=True)
            if len(head) == _SAMPLE_BYTES and len(pieces) > 1:
                pieces.pop()  # may end inside a multi-byte character
            utf8_accents = ansi = 0
            for piece in pieces:
                if piece.isascii():
                    continue
                try:
                    piece.decode("utf-8")
                    utf8_accents += 1
                except UnicodeDecodeError:
                    ansi += 1
            if ansi and not utf8_accents and self.encoding == "utf-8":
                self.encoding = "cp1252"
                self.warnings.append(
                    "File tidak tersimpan sebagai UTF-8; dibaca sebagai Windows-1252 (ANSI). Jika ada huruf yang "
                    "tampak aneh, simpan ulang dari Excel sebagai 'CSV UTF-8 (Dibatasi koma)'."
                )
            sample = "".join(self._decode_line(piece) for piece in pieces)
        lines = sample.splitlines(keepends=True)
        sep_line = _SEP_LINE.match(lines[0]) if lines else None
        self._skip_first = sep_line is not None
        if sep_line is not None:
            # Excel's "sep=;" hint line: it sets the delimiter and is not shown as a row.
            self.delimiter = sep_line[1]
        else:
            self.delimiter = _detect_delimiter(lines)

    @property
    def wide(self) -> bool:
        return self.encoding.startswith("utf-16")

    def _decode_line(self, line: bytes) -> str:
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            self._fallback_seen = True
            return _decode_cp1252(line)

    def _lines(self) -> Iterator[str]:
        fh = self._fh
        fh.seek(self._bom)
        if self.wide:
            text = io.TextIOWrapper(fh, encoding=self.encoding, errors="replace", newline="")
            self._text = text
            while line := text.readline(_MAX_LINE_BYTES):
                if len(line) == _MAX_LINE_BYTES and not line.endswith(("\n", "\r")):
                    raise self._too_long()
                if "\x00" in line:
                    self._nul_seen = True
                yield line
            return
        for line in self._byte_lines():
            if b"\x00" in line:
                self._nul_seen = True
            yield self._decode_line(line)

    def _byte_lines(self) -> Iterator[bytes]:
        fh = self._fh
        if not self._cr_only:
            while line := fh.readline(_MAX_LINE_BYTES):
                if len(line) == _MAX_LINE_BYTES and not line.endswith(b"\n"):
                    raise self._too_long()
                yield line
            return
        # Old Mac-style files end lines with a bare CR, which binary readline does not split on.
        rest = b""
        while chunk := fh.read(1 << 20):
            pieces = (rest + chunk).split(b"\r")
            rest = pieces.pop()
            for piece in pieces:
                yield piece + b"\r"
            if len(rest) > _MAX_LINE_BYTES:
                raise self._too_long()
        if rest:
            yield rest

    def _too_long(self) -> UnreadableFile:
        return UnreadableFile(
            f"File '{self._name}' berisi baris yang sangat panjang (lebih dari 4 MB), jadi bukan tabel CSV yang "
            f"bisa dibaca. Periksa apakah file yang dipilih sudah benar, atau simpan ulang dari Excel sebagai CSV.",
            code=_CODE_NOT_TABLE,
        )

    def rows(self) -> Iterator[_SourceRow]:
        lines = self._lines()
        if self._skip_first:
            next(lines, None)
        self._fallback_seen = False
        reader = csv.reader(lines, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=False)
        number = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UnreadableFile(
                    f"File '{self._name}' tidak bisa dibaca mulai baris {number + 1}: ada sel yang tidak tertutup "
                    f'dengan benar ({exc}). Biasanya penyebabnya tanda kutip (") yang tidak ditutup; periksa baris '
                    f"itu di Excel atau editor teks, perbaiki, lalu unggah ulang.",
                    code=_CODE_CORRUPT,
                ) from exc
            number += 1
            if self._fallback_seen:
                self._fallback_seen = False
                if self.encoding != "cp1252":
                    self.non_utf8.add(number)
            if self._nul_seen:
                self._nul_seen = False
                fields = [value.replace("\x00", "") for value in fields]
                self.nul_chars.add(number)
            yield _SourceRow(number, [value.strip() for value in fields], list(fields))

    def close(self) -> None:
        if self._text is not None:
            self._text.detach()
            self._text = None


def _detect_delimiter(lines: list[str]) -> str:
    """Comma, semicolon, tab or pipe: the one that splits the most rows into the same number of cells."""
    sample = "".join(lines[:1000])
    sniffed: str | None = None
    try:
        sniffed = csv.Sniffer().sniff("".join(lines[:30]), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    scores = {delimiter: _delimiter_score(sample, delimiter) for delimiter in _DELIMITERS}
    best = max(scores.values())
    if best == (0, 0):
        return sniffed or ","
    if sniffed in scores and scores[sniffed] == best:
        return sniffed
    return max(_DELIMITERS, key=lambda delimiter: scores[delimiter])


def _delimiter_score(sample: str, delimiter: str) -> tuple[int, int]:
    """(rows having the most common cell count, that count); title rows and one-cell rows are ignored."""
    widths = []
    try:
        for fields in csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False):
            if fields:  # blank lines come as []; a line of delimiters only still counts
                widths.append(len(fields))
    except csv.Error:
        return (0, 0)
    multi = [width for width in widths if width > 1]
    if not multi:
        return (0, 0)
    width, count = Counter(multi).most_common(1)[0]
    return (count, width)


def _open_csv(fh: IO[bytes], head: bytes, name: str, header_row: int | None, suffix: str) -> Table:
    source = _CsvSource(fh, head, name)
    warnings = list(source.warnings)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        warnings.append(f"Nama file berakhiran {suffix}, tetapi isinya teks CSV; file dibaca sebagai CSV.")
    rows = source.rows()
    try:
        layout = _prepare(rows, header_row, name, where="")
    except BaseException:
        source.close()
        raise
    info = TableInfo(
        file_name=name,
        kind="csv",
        encoding=source.encoding,
        delimiter=source.delimiter,
        header_row=layout.header_row,
        headers=layout.headers,
        columns=layout.columns,
        data_start_row=layout.data_start_row,
        warnings=[*warnings, *layout.warnings],
    )
    streamer = _Streamer(info, layout, extra_notes=[source.non_utf8, source.nul_chars])
    return Table(info, streamer.rows(), [rows.close, source.close, fh.close])


# --------------------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------------------

_NO_CACHED_VALUE = object()
_MERGE_REF = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)"'
)


def _open_xlsx(fh: IO[bytes], name: str, sheet: str | None, header_row: int | None) -> Table:
    book = _XlsxBook(fh, name)
    try:
        table = book.open(sheet, header_row)
    except BaseException:
        book.close()
        raise
    table._closers.append(fh.close)
    return table


@dataclass
class _Sheet:
    title: str
    sheet_state: str
    path: str  # of the worksheet XML inside the archive


class _XlsxBook:
    """A workbook read with openpyxl's reader pieces, and streaming access to its sheets.

    ``openpyxl.load_workbook(read_only=True)`` is not used as a whole, for two reasons: it scans every sheet
    that lacks a ``<dimension>`` element (files written by scripts) completely when the workbook is opened,
    building a tree of all its rows; and its rows hide the difference between an empty cell and a formula
    whose result was never stored (both ``None`` with ``data_only=True``). So the workbook, shared strings
    and styles are loaded by openpyxl's ``ExcelReader`` steps, and sheets are parsed with openpyxl's worksheet
    parser, dropping finished rows from the XML tree as it goes. These are openpyxl internals (pinned to
    3.x in pyproject.toml); the tests exercise all of them.
    """

    def __init__(self, fh: IO[bytes], name: str) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self._name = name
        self._styles: dict[int, int] = {}
        self.sheets: list[_Sheet] = []
        self._archive: zipfile.ZipFile | None = None
        try:
            with pywarnings.catch_warnings():
                # "Workbook contains no default style", "Data Validation extension is not supported" ...
                pywarnings.simplefilter("ignore")
                reader = ExcelReader(fh, read_only=True, data_only=True)
                self._archive = reader.archive
                reader.read_manifest()
                reader.read_strings()
                reader.read_workbook()
                apply_stylesheet(reader.archive, reader.wb)
                for sheet, rel in reader.parser.find_sheets():
                    if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                        self.sheets.append(_Sheet(sheet.name, sheet.state or "visible", rel.target))
            self.wb = reader.wb
            self.shared_strings = reader.shared_strings
        except Exception as exc:
            self.close()
            raise UnreadableFile(
                f"File '{name}' tampak seperti file Excel (.xlsx), tetapi rusak atau tidak lengkap sehingga tidak "
                f"bisa dibuka. Buka di Excel lalu simpan ulang (atau unduh ulang dari sumbernya), kemudian unggah "
                f"lagi.",
                code=_CODE_CORRUPT,
            ) from exc

    @property
    def archive(self) -> zipfile.ZipFile:
        if self._archive is None:
            raise ValueError("The workbook is closed.")
        return self._archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def open(self, sheet: str | None, header_row: int | None) -> Table:
        worksheets = self.sheets
        visible = [ws for ws in worksheets if ws.sheet_state == "visible"]
        hidden = [ws.title for ws in worksheets if ws.sheet_state != "visible"]
        warnings: list[str] = []
        if sheet is not None:
            chosen = self._find_sheet(worksheets, sheet)
            if chosen.sheet_state != "visible":
                warnings.append(f"Sheet '{chosen.title}' tersembunyi di Excel, tetapi dibaca karena dipilih.")
            warnings += [
                f"Sheet tersembunyi '{title}' dilewati." for title in hidden if title != chosen.title
            ]
            rows = self.sheet_rows(chosen)
            try:
                layout = _prepare(rows, header_row, self._name, where=f", sheet '{chosen.title}'")
            except BaseException:
                rows.close()
                raise
        else:
            if not visible:
                raise UnreadableFile(
                    f"File '{self._name}' tidak punya sheet yang terlihat. Tampilkan sheet datanya di Excel "
                    f"(klik kanan tab sheet > Tampilkan) atau pilih sheet yang ingin dibaca.",
                    code=_CODE_NO_SHEET,
                )
            warnings += [f"Sheet tersembunyi '{title}' dilewati." for title in hidden]
            try:
                chosen, rows, layout = self._first_table(visible, header_row, warnings)
            except UnreadableFile as exc:
                if not hidden:
                    raise
                listed = ", ".join(f"'{title}'" for title in hidden)
                raise UnreadableFile(
                    f"{exc} File ini juga punya sheet tersembunyi ({listed}); jika datanya ada di sana, pilih "
                    f"sheet itu.",
                    code=exc.code,
                ) from exc
            others = [ws.title for ws in visible[visible.index(chosen) + 1 :]]
            if others:
                listed = ", ".join(f"'{title}'" for title in others)
                warnings.append(
                    f"File berisi beberapa sheet; yang dibaca hanya sheet '{chosen.title}'. Sheet lain: {listed}. "
                    f"Jika data ada di sheet lain, pilih sheet tersebut."
                )
        info = TableInfo(
            file_name=self._name,
            kind="xlsx",
            sheet=chosen.title,
            sheets=[ws.title for ws in visible],
            hidden_sheets=hidden,
            header_row=layout.header_row,
            headers=layout.headers,
            columns=layout.columns,
            data_start_row=layout.data_start_row,
            warnings=[*warnings, *layout.warnings],
        )
        streamer = _Streamer(info, layout, extra_notes=[], merges=self.vertical_merges(chosen))
        return Table(info, streamer.rows(), [rows.close, self.close])

    def _find_sheet(self, worksheets: list[_Sheet], wanted: str) -> _Sheet:
        for ws in worksheets:
            if ws.title == wanted:
                return ws
        folded = wanted.strip().casefold()
        for ws in worksheets:
            if ws.title.strip().casefold() == folded:
                return ws
        listed = ", ".join(f"'{ws.title}'" for ws in worksheets) or "(tidak ada)"
        raise UnreadableFile(
            f"Sheet '{wanted}' tidak ada di file '{self._name}'. Sheet yang tersedia: {listed}.",
            code=_CODE_NO_SHEET,
        )

    def _first_table(
        self, visible: list[_Sheet], header_row: int | None, warnings: list[str]
    ) -> tuple[_Sheet, Iterator[_SourceRow], _Layout]:
        first_error: UnreadableFile | None = None
        for ws in visible:
            rows = self.sheet_rows(ws)
            try:
                layout = _prepare(rows, header_row, self._name, where=f", sheet '{ws.title}'")
            except UnreadableFile as exc:
                rows.close()
                if exc.code not in (_CODE_EMPTY, _CODE_NO_HEADER, _CODE_NO_DATA):
                    raise
                first_error = first_error or exc
                continue
            except BaseException:
                rows.close()
                raise
            if len(layout.headers) < 2 and ws is not visible[-1]:
                # One column of sentences is an instructions sheet ("Petunjuk pengisian"), not the data:
                # a list needs at least a number and a name. Look further.
                rows.close()
                continue
            skipped = [w.title for w in visible[: visible.index(ws)]]
            if skipped:
                listed = ", ".join(f"'{title}'" for title in skipped)
                warnings.append(
                    f"Sheet {listed} tidak berisi tabel data dan dilewati; yang dibaca sheet '{ws.title}'."
                )
            return ws, rows, layout
        assert first_error is not None
        if len(visible) > 1:
            raise UnreadableFile(
                f"Tidak ada sheet berisi tabel data di file '{self._name}'. Sheet pertama: {first_error}",
                code=first_error.code,
            )
        raise first_error

    def vertical_merges(self, ws: _Sheet) -> dict[int, list[tuple[int, int]]]:
        """Cells merged over several rows: first row -> [(0-based column, last row)].

        The merge list comes after the cell data in the sheet's XML, so it is found by a plain byte search
        over the (decompressed) sheet before the rows are streamed; nothing is kept but the matches.
        """
        merges: dict[int, list[tuple[int, int]]] = {}
        tail = b""
        try:
            with self.archive.open(ws.path) as source:
                while chunk := source.read(1 << 18):
                    data = tail + chunk
                    end = 0
                    if b"mergeCell" in data:
                        for match in _MERGE_REF.finditer(data):
                            end = match.end()
                            first_column, first_row, last_column, last_row = match.groups()
                            if int(last_row) > int(first_row):
                                column = _column_index(first_column.decode())
                                merges.setdefault(int(first_row), []).append((column, int(last_row)))
                    tail = data[max(end, len(data) - 256) :]
        except Exception:  # a damaged sheet is reported by sheet_rows(), with its row number
            return {}
        return merges

    def sheet_rows(self, ws: _Sheet) -> Iterator[_SourceRow]:
        from openpyxl.worksheet._reader import DATA_TAG, ROW_TAG
        from openpyxl.xml.functions import iterparse

        wb = self.wb
        parser_class = _sheet_parser_class()
        source = self.archive.open(ws.path)
        try:
            parser = parser_class(
                source,
                self.shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            sheet_data = None
            previous = 0
            number = 0
            try:
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        if element.tag == DATA_TAG:
                            sheet_data = element
                        continue
                    if element.tag != ROW_TAG:
                        continue
                    hidden = element.get("hidden") in ("1", "true")
                    number, cells = parser.parse_row(element)
                    element.clear()
                    if sheet_data is not None:
                        sheet_data.clear()  # finished rows would otherwise stay in the tree
                    if number > previous + 1:
                        yield _SourceRow(previous + 1, [], [])  # rows absent from the file are empty
                    previous = number
                    yield self._row(number, cells, hidden)
            except UnreadableFile:
                raise
            except Exception as exc:
                raise UnreadableFile(
                    f"File '{self._name}', sheet '{ws.title}', rusak sekitar baris {number + 1} dan tidak bisa "
                    f"dibaca lebih lanjut. Buka di Excel lalu simpan ulang, kemudian unggah lagi.",
                    code=_CODE_CORRUPT,
                ) from exc
        finally:
            source.close()

    def _row(self, number: int, cells: list[dict], hidden: bool) -> _SourceRow:
        width = 0
        for cell in cells:
            if cell["value"] is not None and cell["column"] > width:
                width = cell["column"]
        display = [""] * width
        raw: list[object] = [None] * width
        missing: list[int] = []
        for cell in cells:
            value = cell["value"]
            if value is None or cell["column"] > width:
                continue
            index = cell["column"] - 1
            if value is _NO_CACHED_VALUE:
                missing.append(index)
                continue
            raw[index] = value
            display[index] = _display(value, self._zero_padding(cell["style_id"])).strip()
        return _SourceRow(number, display, raw, tuple(missing), hidden)

    def _zero_padding(self, style_id: int) -> int:
        """Width of a number format made only of zeros ("000" for RT/RW, 16 zeros for a NIK), else 0."""
        if not style_id:
            return 0
        cached = self._styles.get(style_id)
        if cached is not None:
            return cached
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        width = 0
        try:
            format_id = self.wb._cell_styles[style_id].numFmtId
            if format_id < BUILTIN_FORMATS_MAX_SIZE:
                number_format = BUILTIN_FORMATS.get(format_id, "General")
            else:
                number_format = self.wb._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
            if re.fullmatch(r"0{2,}", number_format or ""):
                width = len(number_format)
        except (IndexError, AttributeError, KeyError):
            width = 0
        self._styles[style_id] = width
        return width


@functools.cache
def _sheet_parser_class() -> type:
    """openpyxl's worksheet parser, marking formula cells that have no stored result."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class _SheetParser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                stored = element.find(VALUE_TAG)
                # An empty <v/> is a stored empty text only for text results; openpyxl writes
                # formulas with an empty <v/> and no type.
                if stored is None or (
                    not stored.text and element.get("t", "n") not in ("str", "s", "inlineStr")
                ):
                    cell["value"] = _NO_CACHED_VALUE
            return cell

    return _SheetParser


# Floats hold integers exactly only up to 2**53.
_FLOAT_EXACT_LIMIT = 2**53
# A number of 16+ digits with at most this many significant digits cannot be a NIK or KK (their serial
# is never 0000) and is what is left after Excel showed it as 3.20101E+15 and it was typed or exported back.
_DAMAGED_SIGNIFICANT = 12


def _display(value: object, zero_padding: int) -> str:
    """A cell value as text: numbers without a spurious ".0", dates as ISO, booleans as Excel writes them."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if isinstance(value, int):
        return _format_integer(value, zero_padding)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        if not value.is_integer():
            # Excel keeps 15 significant digits, so 0.1 + 0.2 is shown as 0.3.
            return f"{value:.15g}".replace("e", "E")
        if abs(value) > _FLOAT_EXACT_LIMIT:
            return f"{value:.15G}"  # the last digits may already be rounded: keep it visibly inexact
        return _format_integer(int(value), zero_padding)
    return str(value)


def _format_integer(value: int, zero_padding: int) -> str:
    digits = str(abs(value))
    significant = digits.rstrip("0")
    if len(digits) >= 16 and len(significant) <= _DAMAGED_SIGNIFICANT:
        # Lossless, and what Excel shows: 3201010000000000 -> "3.20101E+15".
        mantissa = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
        return f"{'-' if value < 0 else ''}{mantissa}E+{len(digits) - 1}"
    text = str(value)
    if zero_padding and value >= 0:
        text = text.zfill(zero_padding)
    return text


# --------------------------------------------------------------------------------------------------------
# Finding the header
# --------------------------------------------------------------------------------------------------------

_NUMBER_LIKE = re.compile(r"^['\u2018\u2019]?[+-]?(?:Rp\.?\s*)?\d[\d.,'\s]*(?:[eE][+-]?\d+)?%?$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$")
_LONG_NUMBER = re.compile(r"^['\u2018\u2019]?(?:\d{8,}|\d+(?:[.,]\d+)?[eE][+-]?\d+)$")
_TOTAL_LABEL = re.compile(r"^(?:grand\s*|sub\s*)?(?:jumlah|total)\b", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,3})\)?\.?$")
_WHITESPACE = re.compile(r"\s+")


def _is_number_like(text: str) -> bool:
    return bool(_NUMBER_LIKE.match(text))


def _is_text(text: str) -> bool:
    return bool(text) and not _NUMBER_LIKE.match(text) and not _DATE_LIKE.match(text)


def _looks_like_header(row: _SourceRow, need: int) -> bool:
    filled = row.filled()
    if len(filled) < need:
        return False
    if sum(1 for cell in filled if _is_text(cell)) < _HEADER_MIN_TEXT * len(filled):
        return False
    return not any(_LONG_NUMBER.match(cell) for cell in filled)


def _find_header(rows: list[_SourceRow]) -> int | None:
    """Index of the header among non-empty rows: the first wide row of mostly text."""
    widest = max(len(row.filled()) for row in rows)
    if widest <= 1:
        # One column: a title is as wide as the header, so take the last text row before the first value.
        last_text = None
        for index, row in enumerate(rows):
            if _is_text(row.filled()[0]) and not _LONG_NUMBER.match(row.filled()[0]):
                last_text = index
            elif last_text is not None:
                return last_text
        return next((i for i, row in enumerate(rows) if _is_text(row.filled()[0])), None)
    need = max(2, math.ceil(widest * _HEADER_MIN_FILL))
    return next((index for index, row in enumerate(rows) if _looks_like_header(row, need)), None)


def _two_row_header(top: _SourceRow, sub: _SourceRow) -> bool:
    """A header over two rows: group names above (with merged, so blank, cells) and sub-names below."""
    if sub.number != top.number + 1:
        return False
    top_filled, sub_filled = top.filled(), sub.filled()
    if len(top_filled) < 2 or len(sub_filled) < 2:
        return False
    if not all(_is_text(cell) for cell in [*top_filled, *sub_filled]):
        return False
    width = max(len(top.cells), len(sub.cells))
    top_only = any(top.cell(i) and not sub.cell(i) for i in range(width))  # merged down: "No", "NIK"
    sub_only = any(sub.cell(i) and not top.cell(i) for i in range(width))  # under a merged group name
    return top_only and sub_only


def _combine_header(top: _SourceRow, sub: _SourceRow, width: int) -> list[str]:
    names = []
    group = ""
    for index in range(width):
        upper, lower = top.cell(index), sub.cell(index)
        if upper:
            group = upper if lower else ""
            names.append(f"{upper} / {lower}" if lower else upper)
        elif lower:
            names.append(f"{group} / {lower}" if group else lower)
        else:
            group = ""
            names.append("")
    return names


def _is_column_numbers(row: _SourceRow) -> bool:
    """A row such as "1 2 3 4" or "(1) (2) (3)" under a government table's header."""
    numbers = []
    for cell in row.filled():
        match = _COLUMN_NUMBER.match(cell)
        if not match:
            return False
        numbers.append(int(match[1]))
    return (
        len(numbers) >= 3
        and numbers[0] in (0, 1)
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    )


def _is_total(row: _SourceRow) -> bool:
    filled = row.filled()
    return (
        bool(filled) and bool(_TOTAL_LABEL.match(filled[0])) and all(_is_number_like(c) for c in filled[1:])
    )


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip().casefold()


@dataclass
class _Layout:
    header_row: int
    headers: list[str]
    columns: dict[str, str]
    indexes: list[int]  # 0-based source column of each header
    header_key: tuple[str, ...] | None  # folded header cells, to recognise a repeated header row
    data_start_row: int
    warnings: list[str]
    pending: list[_SourceRow]  # sample rows after the header, to be streamed first
    rest: Iterator[_SourceRow]


def _prepare(rows: Iterator[_SourceRow], header_row: int | None, name: str, *, where: str) -> _Layout:
    """Read the first rows, find the header and the columns; the other rows stay unread in ``rest``."""
    buffer: list[_SourceRow] = []
    filled: list[_SourceRow] = []
    exhausted = True
    for row in rows:
        buffer.append(row)
        if not row.filled():
            continue
        filled.append(row)
        counted = filled if header_row is None else [r for r in filled if r.number >= header_row]
        if len(counted) >= SAMPLE_ROWS:
            exhausted = False
            break
    if not filled:
        raise UnreadableFile(
            f"File '{name}'{where} tidak berisi data: semua barisnya kosong. Periksa apakah file atau sheet yang "
            f"dipilih sudah benar.",
            code=_CODE_EMPTY,
        )

    warnings: list[str] = []
    if header_row is not None:
        index = next((i for i, row in enumerate(filled) if row.number == header_row), None)
        if index is None:
            raise UnreadableFile(
                f"Baris {header_row} di file '{name}'{where} kosong, jadi tidak bisa dipakai sebagai header. "
                f"Pilih nomor baris yang berisi nama kolom.",
                code=_CODE_NO_HEADER,
            )
    else:
        found = _find_header(filled)
        if found is None:
            raise UnreadableFile(
                f"File '{name}'{where}: tidak ditemukan baris nama kolom (header) di {SAMPLE_ROWS} baris pertama "
                f"yang berisi data. Pastikan tabel punya satu baris judul kolom seperti 'NIK', 'Nama', 'Alamat' di "
                f"atas datanya, atau tentukan nomor baris header.",
                code=_CODE_NO_HEADER,
            )
        index = found

    header = filled[index]
    top: _SourceRow | None = None
    sub: _SourceRow | None = None
    if header_row is None and index > 0 and _two_row_header(filled[index - 1], header):
        top, sub = filled[index - 1], header
        index -= 1
    elif index + 1 < len(filled) and _two_row_header(header, filled[index + 1]):
        top, sub = header, filled[index + 1]
    first_header = top or header
    last_header = sub or header
    titles = [row.number for row in filled if row.number < first_header.number]
    if titles:
        span = str(titles[0]) if titles[0] == titles[-1] else f"{titles[0]}-{titles[-1]}"
        warnings.append(
            f"Baris {span} dianggap judul dan dilewati; header (nama kolom) ada di baris {first_header.number}."
        )

    after = [row for row in buffer if row.number > last_header.number]
    first_filled = next((row for row in after if row.filled()), None)
    if first_filled is not None and _is_column_numbers(first_filled):
        warnings.append(f"Baris {first_filled.number} berisi nomor kolom (1, 2, 3, ...) dan dilewati.")
        after = [row for row in after if row is not first_filled]

    sample = [row for row in after if row.filled() and not _is_total(row)]
    # Only rows that look like records can reveal data under a blank header cell: a signature block
    # placed to the right of a small table must not become a column.
    named = sum(1 for cell in [*first_header.cells, *last_header.cells] if cell)
    dense = [row for row in sample if len(row.filled()) > max(2, named // 3)] or sample
    width = max([len(last_header.cells), len(first_header.cells)] + [_last_filled(row) for row in dense])
    if top is not None and sub is not None:
        names = _combine_header(top, sub, width)
        warnings.append(
            f"Header terdiri dari dua baris (baris {top.number}-{sub.number}); nama kolomnya digabung, misalnya "
            f"'{next((n for n in names if ' / ' in n), names[0])}'."
        )
    else:
        names = [header.cell(i) for i in range(width)]
    headers, indexes, naming_warnings = _name_columns(names, dense)
    warnings += naming_warnings
    if not headers:
        raise UnreadableFile(
            f"File '{name}'{where}: baris header {header.number} tidak berisi nama kolom.",
            code=_CODE_NO_HEADER,
        )

    header_key = None if top is not None else tuple(_fold(header.cell(i)) for i in indexes)
    data_rows = [row for row in sample if tuple(_fold(row.cell(i)) for i in indexes) != header_key]
    if not data_rows and exhausted:
        raise UnreadableFile(
            f"File '{name}'{where} hanya berisi header (baris {first_header.number}) tanpa baris data di bawahnya. "
            f"Periksa apakah file atau sheet yang dipilih sudah benar.",
            code=_CODE_NO_DATA,
        )
    return _Layout(
        header_row=first_header.number,
        headers=headers,
        columns={h: _column_letter(i) for h, i in zip(headers, indexes, strict=True)},
        indexes=indexes,
        header_key=header_key,
        data_start_row=data_rows[0].number if data_rows else last_header.number + 1,
        warnings=warnings,
        pending=after,
        rest=rows,
    )


def _first_filled(row: _SourceRow) -> int:
    return next((index for index, cell in enumerate(row.cells) if cell), len(row.cells))


def _last_filled(row: _SourceRow) -> int:
    for index in range(len(row.cells) - 1, -1, -1):
        if row.cells[index]:
            return index + 1
    return 0


def _name_columns(names: list[str], sample: list[_SourceRow]) -> tuple[list[str], list[int], list[str]]:
    """Header names for the columns worth keeping: named ones, and unnamed ones that have data."""
    headers: list[str] = []
    indexes: list[int] = []
    unnamed: list[str] = []
    renamed: list[str] = []
    used: set[str] = set()
    for index, raw_name in enumerate(names):
        header = _WHITESPACE.sub(" ", raw_name).strip()
        if not header:
            if not any(row.cell(index) for row in sample):
                continue  # an empty spacer column
            header = f"Kolom {_column_letter(index)}"
            unnamed.append(_column_letter(index))
        if header.casefold() in used:
            base = header
            counter = 2
            while f"{base} ({counter})".casefold() in used:
                counter += 1
            header = f"{base} ({counter})"
            renamed.append(f"'{base}' di kolom {_column_letter(index)} menjadi '{header}'")
        used.add(header.casefold())
        headers.append(header)
        indexes.append(index)
    warnings = []
    if unnamed:
        letters = ", ".join(unnamed)
        warnings.append(
            f"Kolom {letters} tidak punya nama di baris header tetapi berisi data; kolom itu dinamai "
            f"{', '.join(repr('Kolom ' + letter) for letter in unnamed)}."
        )
    if renamed:
        warnings.append(f"Ada nama kolom yang sama lebih dari sekali: {'; '.join(renamed)}.")
    return headers, indexes, warnings


# --------------------------------------------------------------------------------------------------------
# Streaming the data rows
# --------------------------------------------------------------------------------------------------------


class _Streamer:
    """Turns source rows into :class:`Row` objects, skipping totals, repeated headers and footers.

    Rows that may be a sum row or a signature block at the end of the table are held back (at most
    :data:`_PENDING_LIMIT`) until either a normal data row follows, which shows they were data, or the file
    ends, which shows they were not.
    """

    def __init__(
        self,
        info: TableInfo,
        layout: _Layout,
        extra_notes: list[_RowNotes],
        merges: dict[int, list[tuple[int, int]]] | None = None,
    ) -> None:
        self.info = info
        self.layout = layout
        self.merges = merges or {}
        self.kept = set(layout.indexes)
        self.contiguous = layout.indexes == list(range(len(layout.indexes)))
        self.sparse_limit = max(2, len(layout.indexes) // 3)
        self.totals = _RowNotes(lambda rows: f"Baris total di baris {rows} dilewati.")
        self.sums = _RowNotes(
            lambda rows: (
                f"Baris {rows} hanya berisi angka setelah baris data terakhir; dianggap baris jumlah/total "
                f"dan dilewati."
            )
        )
        self.footers = _RowNotes(
            lambda rows: (
                f"Baris {rows} di bawah tabel dianggap catatan kaki (misalnya tanda tangan) dan dilewati. "
                f"Jika baris itu data, pindahkan ke dalam tabel tanpa baris kosong di atasnya."
            )
        )
        self.repeated = _RowNotes(lambda rows: f"Baris {rows} berisi ulang nama kolom (header) dan dilewati.")
        self.formulas = _RowNotes(self._formula_message)
        self.extra = _RowNotes(self._extra_message)
        self.filled_down = _RowNotes(
            lambda rows: (
                f"Sel gabungan (merge) ke bawah diisikan ke setiap barisnya: baris {rows} "
                f"(kolom {', '.join(self.filled_down.columns)})."
            )
        )
        self.hidden = _RowNotes(
            lambda rows: f"Baris {rows} disembunyikan atau tersaring (filter) di Excel, tetapi tetap dibaca."
        )
        self.notes = [
            *extra_notes,
            self.totals,
            self.repeated,
            self.formulas,
            self.filled_down,
            self.extra,
            self.hidden,
            self.sums,
            self.footers,
        ]

    def _formula_message(self, rows: str) -> str:
        return (
            f"Sel berisi rumus yang hasilnya tidak tersimpan di file dibaca kosong: baris {rows} "
            f"(kolom {', '.join(self.formulas.columns)}). Buka file di Excel, tunggu rumusnya dihitung, simpan, "
            f"lalu unggah ulang."
        )

    def _extra_message(self, rows: str) -> str:
        return (
            f"Baris {rows} berisi nilai di kolom tanpa nama ({', '.join(self.extra.columns)}); nilai itu diabaikan. "
            f"Beri nama kolom tersebut di baris header jika datanya diperlukan."
        )

    def rows(self) -> Iterator[Row]:
        try:
            yield from self._rows()
        finally:
            self._finish()

    def _rows(self) -> Iterator[Row]:
        layout = self.layout
        header_key = layout.header_key
        first_index = layout.indexes[0]
        kept = self.kept
        held: list[tuple[_SourceRow, _RowNotes]] = []
        after_table = False  # after a gap, a totals row or a sum row: sparse rows may be a footer
        last_data: _SourceRow | None = None
        source: Iterator[_SourceRow] = _chain(layout.pending, layout.rest)
        layout.pending = []
        merges = self.merges
        active: list[list[Any]] = []  # [column, last row, value, raw value] of vertical merges in progress
        for row in source:
            if merges or active:
                active = self._fill_down(row, merges.pop(row.number, None), active)
            if row.no_cached_value:
                # Noted whatever becomes of the row: without the value nobody can tell what it was.
                missing = [_column_letter(i) for i in row.no_cached_value if i in kept]
                if missing:
                    self.formulas.add(row.number, missing)
            filled = [cell for cell in row.cells if cell]
            if not filled:
                after_table = after_table or last_data is not None
                continue
            if _TOTAL_LABEL.match(filled[0]) and _is_total(row):
                self.totals.add(row.number)
                after_table = True
                continue
            if (
                header_key is not None
                and _fold(row.cell(first_index)) == header_key[0]
                and tuple(_fold(row.cell(i)) for i in layout.indexes) == header_key
            ):
                self.repeated.add(row.number)
                continue
            if last_data is not None and self._is_sum(row, filled, last_data):
                held.append((row, self.sums))
                after_table = True
            elif after_table and len(filled) <= self.sparse_limit:
                held.append((row, self.footers))
            else:
                for earlier, _notes in held:
                    yield self._make_row(earlier)
                held.clear()
                after_table = False
                last_data = row
                yield self._make_row(row)
                continue
            if len(held) > _PENDING_LIMIT:
                for earlier, _notes in held:
                    yield self._make_row(earlier)
                held.clear()
                after_table = False
        for row, notes in held:
            notes.add(row.number)

    def _fill_down(
        self, row: _SourceRow, starting: list[tuple[int, int]] | None, active: list[list[Any]]
    ) -> list[list[Any]]:
        """Copy the value of a cell merged over several rows into each of those rows."""
        active = [merge for merge in active if merge[1] >= row.number]
        filled: list[str] = []
        for column, _last, value, raw in active:
            if value and not row.cell(column):
                missing = column + 1 - len(row.cells)
                if missing > 0:
                    row.cells.extend([""] * missing)
                    row.raw.extend([None] * missing)
                row.cells[column] = value
                row.raw[column] = raw
                if column in self.kept:
                    filled.append(_column_letter(column))
        if filled:
            self.filled_down.add(row.number, filled)
        for column, last in starting or ():
            raw = row.raw[column] if column < len(row.raw) else None
            active.append([column, last, row.cell(column), raw])
        return active

    def _is_sum(self, row: _SourceRow, filled: list[str], last_data: _SourceRow) -> bool:
        """Only numbers, and empty where the last data row starts and where it has text (names, addresses)."""
        start = _first_filled(last_data)
        if row.cell(start) or _first_filled(row) <= start or not all(_is_number_like(c) for c in filled):
            return False
        text_columns = [i for i in self.layout.indexes if _is_text(last_data.cell(i))]
        return bool(text_columns) and not any(row.cell(i) for i in text_columns)

    def _make_row(self, row: _SourceRow) -> Row:
        cells, originals = row.cells, row.raw
        length = len(cells)
        headers = self.layout.headers
        if self.contiguous:
            # The common case: the kept columns are A, B, C, ... without gaps.
            width = len(headers)
            values = dict(zip(headers, cells, strict=False))
            raw = dict(zip(headers, originals, strict=False))
            if length < width:
                for header in headers[length:]:
                    values[header] = ""
                    raw[header] = None
            elif length > width and any(cells[width:]):
                self.extra.add(row.number, [_column_letter(i) for i in range(width, length) if cells[i]])
        else:
            values = {}
            raw = {}
            for header, index in zip(headers, self.layout.indexes, strict=True):
                if index < length:
                    values[header] = cells[index]
                    raw[header] = originals[index]
                else:
                    values[header] = ""
                    raw[header] = None
            extra = [_column_letter(i) for i in range(length) if cells[i] and i not in self.kept]
            if extra:
                self.extra.add(row.number, extra)
        if row.hidden:
            self.hidden.add(row.number)
        return Row(number=row.number, values=values, raw=raw)

    def _finish(self) -> None:
        for notes in self.notes:
            message = notes.message()
            if message and message not in self.info.warnings:
                self.info.warnings.append(message)


def _chain(first: list[_SourceRow], rest: Iterator[_SourceRow]) -> Iterator[_SourceRow]:
    yield from first
    del first[:]
    yield from rest
