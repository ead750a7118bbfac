"""The import file reader: CSV and XLSX as Dinas Sosial really sends them (no database).

Every file is generated in ``tmp_path``; there are no binary fixtures. openpyxl cannot compute formulas, so a
workbook it writes has formulas without stored results; the test for stored results adds one to the sheet
XML, which is what Excel does when it saves.
"""

from __future__ import annotations

import datetime
import os
import random
import re
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sinergi.core.nik import looks_excel_damaged
from sinergi.imports.reader import Row, TableInfo, UnreadableFile, _display, open_table

NIK_1 = "3201010101900001"
NIK_2 = "3201014202850002"


def read_all(path: Path, **kwargs) -> tuple[TableInfo, list[Row]]:
    with open_table(path, **kwargs) as table:
        rows = list(table)
    return table.info, rows


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def values(rows: list[Row], header: str) -> list[str]:
    return [row.values[header] for row in rows]


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def patch_sheet_xml(path: Path, sheet: str, old: str, new: str) -> None:
    """Replace text in one worksheet's XML, keeping every other member of the XLSX archive."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    xml = members[sheet].decode()
    assert old in xml
    members[sheet] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# --- CSV encodings --------------------------------------------------------------------------------------


def test_utf8(tmp_path):
    path = write_text(
        tmp_path / "kpm.csv", f"NIK,Nama,Desa\n{NIK_1},Siti Aisyah,Cibeureum\n{NIK_2},Ketut Ayu,Sukamaju\n"
    )
    info, rows = read_all(path)
    assert (info.kind, info.encoding, info.delimiter) == ("csv", "utf-8", ",")
    assert info.headers == ["NIK", "Nama", "Desa"]
    assert info.columns == {"NIK": "A", "Nama": "B", "Desa": "C"}
    assert (info.header_row, info.data_start_row) == (1, 2)
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].values == {"NIK": NIK_1, "Nama": "Siti Aisyah", "Desa": "Cibeureum"}
    assert info.warnings == []


def test_utf8_with_bom(tmp_path):
    path = write_text(tmp_path / "kpm.csv", f"NIK;Nama\n{NIK_1};Muhammad Rizky\n", "utf-8-sig")
    info, rows = read_all(path)
    assert info.encoding == "utf-8-sig"
    assert info.headers == ["NIK", "Nama"]  # no BOM glued to the first header
    assert rows[0].values["NIK"] == NIK_1


def test_utf16_tab_delimited(tmp_path):
    # Excel's "Unicode Text (*.txt)": UTF-16 LE with BOM, tab-delimited, CRLF.
    text = f"NIK\tNama\tDésa\r\n{NIK_1}\tI Gusti Ngurah Rai\tUbud\r\n{NIK_2}\tNur Halimah, S.Pd\tKuta\r\n"
    path = tmp_path / "kpm.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    info, rows = read_all(path)
    assert (info.encoding, info.delimiter) == ("utf-16-le", "\t")
    assert info.headers == ["NIK", "Nama", "Désa"]
    assert values(rows, "Nama") == ["I Gusti Ngurah Rai", "Nur Halimah, S.Pd"]
    assert [row.number for row in rows] == [2, 3]


def big_cp1252_lines(accent_line: int, total: int) -> list[str]:
    lines = ["NIK;Nama;Desa"]
    for number in range(2, total + 1):
        village = "Désa Cikoneng" if number == accent_line else "Cikoneng"
        lines.append(f"{3201010101900000 + number};Warga {number};{village}")
    return lines


def test_cp1252_detected_from_the_start(tmp_path):
    lines = big_cp1252_lines(accent_line=5000, total=6000)
    lines[0] = "NIK;Nama;Désa"
    path = write_text(tmp_path / "ansi.csv", "\r\n".join(lines) + "\r\n", "cp1252")
    info, rows = read_all(path)
    assert info.encoding == "cp1252"
    assert info.headers == ["NIK", "Nama", "Désa"]
    row = next(row for row in rows if row.number == 5000)
    assert row.values["Désa"] == "Désa Cikoneng"
    assert any("Windows-1252" in warning for warning in info.warnings)


def test_cp1252_byte_deep_in_a_utf8_looking_file(tmp_path):
    # The first 64 KiB are plain ASCII, so the file looks like UTF-8 until line 5000.
    lines = big_cp1252_lines(accent_line=5000, total=6000)
    path = write_text(tmp_path / "campur.csv", "\n".join(lines) + "\n", "cp1252")
    assert path.read_bytes().find(b"\xe9") > 64 * 1024
    info, rows = read_all(path)
    assert info.encoding == "utf-8"
    assert len(rows) == 5999
    row = next(row for row in rows if row.number == 5000)
    assert row.values["Desa"] == "Désa Cikoneng"
    assert any(
        w.startswith("Baris 5000 berisi karakter yang tidak tersimpan sebagai UTF-8") for w in info.warnings
    )


# --- CSV structure --------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path, delimiter):
    rows_text = [
        ["No", "NIK", "Nama", "Alamat", "Nominal"],
        ["1", NIK_1, "Siti", "Jl. Merdeka No. 5, RT 01", "1.500.000,50"],
        ["2", NIK_2, "Budi", "Dusun Krajan", "750.000"],
        ["3", "3201010101900003", "Ani", "Jl. Sudirman, Gg. Mawar", "1.250.000"],
    ]
    text = "\n".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows_text
    )
    path = write_text(tmp_path / "kpm.csv", text + "\n")
    info, rows = read_all(path)
    assert info.delimiter == delimiter
    assert info.headers == rows_text[0]
    assert values(rows, "Alamat") == ["Jl. Merdeka No. 5, RT 01", "Dusun Krajan", "Jl. Sudirman, Gg. Mawar"]


def test_quoted_newline_keeps_excel_row_numbers(tmp_path):
    text = f'NIK,Nama,Alamat\n{NIK_1},Siti,"Jl. Melati 3\nRT 02/RW 05"\n\n{NIK_2},Budi,Dusun Krajan\n'
    path = write_text(tmp_path / "kpm.csv", text)
    info, rows = read_all(path)
    assert rows[0].values["Alamat"] == "Jl. Melati 3\nRT 02/RW 05"
    # Excel shows the two-line cell in row 2, the blank line as row 3 and Budi in row 4 (file line 5).
    assert [row.number for row in rows] == [2, 4]


def test_title_rows_above_the_header(tmp_path):
    text = (
        "DAFTAR PENERIMA PKH DESA SUKAMAJU TAHUN 2026;;;;\n"
        "Kecamatan Cibinong;;;;\n"
        ";;;;\n"
        "No;NIK;Nama;Tanggal Lahir;Keterangan\n"
        f"1;{NIK_1};Siti;17/05/1980;\n"
        f"2;{NIK_2};Budi;02/02/1985;Lansia\n"
    )
    path = write_text(tmp_path / "pkh.csv", text)
    info, rows = read_all(path)
    assert info.header_row == 4
    assert info.data_start_row == 5
    assert info.headers == ["No", "NIK", "Nama", "Tanggal Lahir", "Keterangan"]
    assert [row.number for row in rows] == [5, 6]
    assert rows[0].values["Keterangan"] == ""
    assert "Baris 1-2 dianggap judul dan dilewati; header (nama kolom) ada di baris 4." in info.warnings


def test_excel_sep_line(tmp_path):
    path = write_text(tmp_path / "kpm.csv", f"sep=;\nNIK;Nama, Gelar\n{NIK_1};Dr. Siti, M.Kes\n")
    info, rows = read_all(path)
    assert info.delimiter == ";"
    assert info.headers == ["NIK", "Nama, Gelar"]
    assert rows[0].number == 2  # Excel hides the sep= line


def test_csv_named_xlsx_is_read_as_csv(tmp_path):
    path = write_text(tmp_path / "kpm.xlsx", f"NIK,Nama\n{NIK_1},Siti\n")
    info, rows = read_all(path)
    assert info.kind == "csv"
    assert any("berakhiran .xlsx" in warning for warning in info.warnings)


def test_header_row_can_be_given(tmp_path):
    text = f"Data per 1 Januari 2026,dari SIKS-NG,versi 2\nNIK,Nama,Desa\n{NIK_1},Siti,Cibeureum\n"
    path = write_text(tmp_path / "kpm.csv", text)
    info, rows = read_all(path, header_row=2)
    assert info.headers == ["NIK", "Nama", "Desa"]
    assert rows[0].number == 3


def test_repeated_header_and_duplicate_or_blank_names(tmp_path):
    text = (
        "NIK,Nama,Nama,,Desa,\n"
        f"{NIK_1},Siti,Aisyah,catatan,Cibeureum,\n"
        "NIK,Nama,Nama,,Desa,\n"  # the header again, as in a list glued together from printed pages
        f"{NIK_2},Budi,Santoso,,Sukamaju,\n"
    )
    info, rows = read_all(write_text(tmp_path / "kpm.csv", text))
    assert info.headers == ["NIK", "Nama", "Nama (2)", "Kolom D", "Desa"]  # trailing empty column dropped
    assert [row.number for row in rows] == [2, 4]
    assert rows[0].values["Kolom D"] == "catatan"
    assert "Baris 3 berisi ulang nama kolom (header) dan dilewati." in info.warnings
    assert any("'Nama' di kolom C menjadi 'Nama (2)'" in warning for warning in info.warnings)


def test_unclosed_quote_names_the_row(tmp_path):
    text = f'NIK,Nama\n{NIK_1},Siti\n{NIK_2},"Budi\n' + ("x" * 200 + "\n") * 1000
    with pytest.raises(UnreadableFile, match=r"'rusak\.csv' tidak bisa dibaca mulai baris 3.*tanda kutip"):
        read_all(write_text(tmp_path / "rusak.csv", text))


# --- XLSX -----------------------------------------------------------------------------------------------


def test_xlsx_sheets_visible_and_hidden(tmp_path):
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    guide["A1"] = "Isi data penerima di sheet berikutnya."
    data = wb.create_sheet("Data KPM")
    data.append(["NIK", "Nama"])
    data.append([NIK_1, "Siti"])
    recap = wb.create_sheet("Rekap")
    recap.append(["Desa", "Jumlah KPM"])
    recap.append(["Cibeureum", 1])
    secret = wb.create_sheet("Lookup")
    secret.append(["Kode", "Desa"])
    secret.append(["3201010001", "Cibeureum"])
    secret.sheet_state = "hidden"
    path = save(wb, tmp_path / "kpm.xlsx")

    info, rows = read_all(path)
    assert info.kind == "xlsx"
    assert info.sheet == "Data KPM"
    assert info.sheets == ["Petunjuk", "Data KPM", "Rekap"]
    assert info.hidden_sheets == ["Lookup"]
    assert rows[0].values == {"NIK": NIK_1, "Nama": "Siti"}
    assert "Sheet tersembunyi 'Lookup' dilewati." in info.warnings
    assert any("Sheet 'Petunjuk' tidak berisi tabel" in warning for warning in info.warnings)
    assert any("Sheet lain: 'Rekap'" in warning for warning in info.warnings)

    info, rows = read_all(path, sheet="Rekap")
    assert (info.sheet, rows[0].values) == ("Rekap", {"Desa": "Cibeureum", "Jumlah KPM": "1"})
    info, rows = read_all(path, sheet="lookup")  # hidden, but asked for by name (any case)
    assert rows[0].values["Kode"] == "3201010001"
    assert any("tersembunyi" in warning and "dipilih" in warning for warning in info.warnings)
    with pytest.raises(UnreadableFile, match=r"Sheet 'Data' tidak ada di file 'kpm\.xlsx'.*'Data KPM'"):
        open_table(path, sheet="Data")


def test_xlsx_title_rows_merged_cells_and_two_row_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PENERIMA BANSOS SEMBAKO"
    ws.merge_cells("A1:G1")
    ws["A2"] = "DESA SUKAMAJU KECAMATAN CIBINONG TAHUN 2026"
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["NO", "NIK", "NAMA", "ALAMAT", None, None, "KET"])
    ws.append([None, None, None, "DESA", "RT", "RW"])
    for cells in ("A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:G5"):
        ws.merge_cells(cells)
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    ws.append([1, NIK_1, "SITI", "Sukamaju", "001", "002", None])
    ws.append([2, NIK_2, "BUDI", "Sukamaju", "003", "002", "Lansia"])
    info, rows = read_all(save(wb, tmp_path / "sembako.xlsx"))
    assert info.header_row == 4
    assert info.headers == ["NO", "NIK", "NAMA", "ALAMAT / DESA", "ALAMAT / RT", "ALAMAT / RW", "KET"]
    assert info.data_start_row == 7
    assert [row.number for row in rows] == [7, 8]
    assert rows[1].values == {
        "NO": "2",
        "NIK": NIK_2,
        "NAMA": "BUDI",
        "ALAMAT / DESA": "Sukamaju",
        "ALAMAT / RT": "003",
        "ALAMAT / RW": "002",
        "KET": "Lansia",
    }
    assert "Baris 1-2 dianggap judul dan dilewati; header (nama kolom) ada di baris 4." in info.warnings
    assert "Baris 6 berisi nomor kolom (1, 2, 3, ...) dan dilewati." in info.warnings
    assert any(warning.startswith("Header terdiri dari dua baris (baris 4-5)") for warning in info.warnings)


def test_xlsx_empty_rows_and_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    # The table starts in B3, has an empty spacer column D, formatted but empty columns to the right, and
    # blank rows in the middle.
    ws["B3"], ws["C3"], ws["E3"] = "NIK", "Nama", "Desa"
    ws["B4"], ws["C4"], ws["E4"] = NIK_1, "Siti", "Cibeureum"
    ws["B7"], ws["C7"], ws["E7"] = NIK_2, "Budi", "Sukamaju"
    for column in "FGHIJ":
        ws[f"{column}5"].number_format = "@"
        ws[f"{column}3"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    ws["K20"] = ""
    info, rows = read_all(save(wb, tmp_path / "kosong.xlsx"))
    assert info.header_row == 3
    assert info.headers == ["NIK", "Nama", "Desa"]
    assert info.columns == {"NIK": "B", "Nama": "C", "Desa": "E"}
    assert [row.number for row in rows] == [4, 7]
    assert values(rows, "Desa") == ["Cibeureum", "Sukamaju"]


def test_xlsx_totals_row_and_signature_are_skipped(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "NIK", "Nama", "Nominal"])
    for number in range(1, 1004):
        ws.append([number, str(3201010101900000 + number), f"Warga {number}", 600000])
    ws.append([None, "JUMLAH", None, 600000 * 1003])  # row 1005
    ws.append([])
    ws.append([None, None, "Mengetahui,"])
    ws.append([None, None, "Kepala Desa Sukamaju"])
    info, rows = read_all(save(wb, tmp_path / "total.xlsx"))
    assert len(rows) == 1003
    assert rows[-1].number == 1004
    assert "Baris total di baris 1005 dilewati." in info.warnings
    assert any(
        warning.startswith("Baris 1007-1008 di bawah tabel dianggap catatan kaki")
        for warning in info.warnings
    )


def test_xlsx_sum_row_without_label_is_skipped_only_at_the_end(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "Anggota", "Nominal"])
    ws.append([NIK_1, "Siti", 4, 600000])
    ws.append([None, None, 2, 300000])  # mid-table: a row with a missing NIK and name is still data
    ws.append([NIK_2, "Budi", 3, 900000])
    ws.append([None, None, 9, 1800000])  # after the last data row: the sums
    info, rows = read_all(save(wb, tmp_path / "jumlah.xlsx"))
    assert [row.number for row in rows] == [2, 3, 4]
    assert any(
        warning.startswith("Baris 5 hanya berisi angka setelah baris data terakhir")
        for warning in info.warnings
    )


def test_xlsx_formulas(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Tahap 1", "Tahap 2", "Total"])
    ws.append([NIK_1, 200000, 400000, "=B2+C2"])
    ws.append([NIK_2, 200000, 400000, "=B3+C3"])
    path = save(wb, tmp_path / "rumus.xlsx")
    # openpyxl saves formulas without results; give row 2 the result Excel would have stored.
    patch_sheet_xml(path, "xl/worksheets/sheet1.xml", "<f>B2+C2</f><v />", "<f>B2+C2</f><v>600000</v>")
    info, rows = read_all(path)
    assert values(rows, "Total") == ["600000", ""]
    assert rows[1].raw["Total"] is None
    assert any(
        w.startswith("Sel berisi rumus yang hasilnya tidak tersimpan") and "baris 3 (kolom D)" in w
        for w in info.warnings
    )


def test_xlsx_nik_stored_as_number(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "Kode"])
    ws.append([int(NIK_1), "Siti", 7])
    ws.append([3.20101e15, "Budi", 12])  # what is left of a NIK after Excel showed it as 3.20101E+15
    ws.append([NIK_2, "Ani", 123])
    ws["C2"].number_format = ws["C3"].number_format = ws["C4"].number_format = "000"
    info, rows = read_all(save(wb, tmp_path / "nik.xlsx"))
    assert values(rows, "NIK") == [NIK_1, "3.20101E+15", NIK_2]
    assert looks_excel_damaged(rows[1].values["NIK"])
    assert rows[1].raw["NIK"] == 3.20101e15
    assert rows[0].raw["NIK"] == int(NIK_1)
    assert values(rows, "Kode") == ["007", "012", "123"]  # shown with the cell's "000" format


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3201010101900001.0, "3201010101900001"),  # a float holding all 16 digits exactly
        (9101010101900001.0, "9.1010101019E+15"),  # above 2**53: the last digit may be rounded away
        (3.20101e15, "3.20101E+15"),
        (1500000.0, "1500000"),
        (0.1 + 0.2, "0.3"),
        (-42, "-42"),
        (True, "TRUE"),
        (datetime.datetime(1980, 5, 17), "1980-05-17"),
        (datetime.datetime(2026, 1, 2, 8, 30), "2026-01-02 08:30:00"),
        (datetime.time(7, 5), "07:05:00"),
    ],
)
def test_cell_display(value, shown):
    assert _display(value, 0) == shown


def test_xlsx_dates(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Tanggal Lahir", "Tanggal Lahir (teks)"])
    ws.append([NIK_1, datetime.date(1980, 5, 17), "17-05-1980"])
    ws.append([NIK_2, datetime.datetime(1985, 2, 2), None])
    ws.row_dimensions[3].hidden = True
    info, rows = read_all(save(wb, tmp_path / "tanggal.xlsx"))
    assert values(rows, "Tanggal Lahir") == ["1980-05-17", "1985-02-02"]
    assert rows[0].values["Tanggal Lahir (teks)"] == "17-05-1980"  # text stays as typed
    assert isinstance(rows[0].raw["Tanggal Lahir"], datetime.datetime)
    assert "Baris 3 disembunyikan atau tersaring (filter) di Excel, tetapi tetap dibaca." in info.warnings


def test_xlsx_values_outside_the_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama"])
    for number in range(60):
        ws.append([str(3201010101900100 + number), f"Warga {number}"])
    ws["D55"] = "pindah ke desa lain"
    info, rows = read_all(save(wb, tmp_path / "lebar.xlsx"))
    assert info.headers == ["NIK", "Nama"]
    assert len(rows) == 60
    assert any(w.startswith("Baris 55 berisi nilai di kolom tanpa nama (D)") for w in info.warnings)


# --- Files that cannot be read --------------------------------------------------------------------------


def ole_file(*streams: str) -> bytes:
    """A minimal OLE2 compound file: header, then the directory sector listing ``streams``."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 0x1A, 0x3E, 3, 0xFFFE)  # version, byte order
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # directory starts at sector 0
    directory = bytearray(512)
    for index, stream in enumerate(["Root Entry", *streams]):
        encoded = stream.encode("utf-16-le") + b"\x00\x00"
        directory[index * 128 : index * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, index * 128 + 64, len(encoded))
    return bytes(header + directory)


@pytest.mark.parametrize(
    ("file_name", "content", "code", "pattern"),
    [
        ("kosong.csv", b"", "empty", r"File 'kosong\.csv' kosong \(0 byte\)"),
        ("spasi.csv", b"\r\n ;;; \r\n\r\n", "empty", r"File 'spasi\.csv' tidak berisi data"),
        (
            "laporan.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "not_table",
            r"File 'laporan\.pdf' adalah PDF",
        ),
        (
            "data.xlsx",
            random.Random(1).randbytes(4096),
            "not_table",
            r"File 'data\.xlsx' bernama \.xlsx tetapi isinya bukan file Excel",
        ),
        (
            "lama.xls",
            ole_file("Workbook", "\x05SummaryInformation"),
            "xls",
            r"File 'lama\.xls' berformat Excel 97-2003 \(\.xls\).*Simpan Sebagai",
        ),
        (
            "lama2.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
            "xls",
            r"File 'lama2\.xls' berformat Microsoft Office lama",
        ),
        (
            "rahasia.xlsx",
            ole_file("EncryptionInfo", "EncryptedPackage"),
            "encrypted",
            r"File 'rahasia\.xlsx' dilindungi kata sandi",
        ),
        (
            "siks.xls",
            b"<html><body><table><tr><td>NIK</td></tr></table></body></html>",
            "not_table",
            r"File 'siks\.xls' sebenarnya halaman web \(HTML\)",
        ),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "not_table", r"File 'foto\.jpg' adalah gambar"),
    ],
)
def test_unreadable_files(tmp_path, file_name, content, code, pattern):
    path = tmp_path / file_name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=pattern) as caught:
        open_table(path)
    assert caught.value.code == code


def test_zip_that_is_not_xlsx(tmp_path):
    path = tmp_path / "kiriman.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("desa_a.xlsx", b"...")
        archive.writestr("desa_b.xlsx", b"...")
    with pytest.raises(
        UnreadableFile, match=r"arsip ZIP berisi 2 file \(misalnya 'desa_a\.xlsx', 'desa_b\.xlsx'\)"
    ):
        open_table(path)


def test_truncated_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["NIK", "Nama"])
    path = save(wb, tmp_path / "putus.xlsx")
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(UnreadableFile, match=r"'putus\.xlsx'.*rusak") as caught:
        open_table(path)
    assert caught.value.code == "corrupt"


def test_no_header_and_no_data(tmp_path):
    numbers = "\n".join(f"{3201010101900000 + n},{n},{n * 1000}" for n in range(10))
    with pytest.raises(UnreadableFile, match=r"tidak ditemukan baris nama kolom \(header\)") as caught:
        open_table(write_text(tmp_path / "angka.csv", numbers))
    assert caught.value.code == "no_header"

    with pytest.raises(
        UnreadableFile, match=r"'hanya_header\.csv' hanya berisi header \(baris 2\)"
    ) as caught:
        open_table(write_text(tmp_path / "hanya_header.csv", "DAFTAR KPM\nNIK;Nama;Desa\n;;\n"))
    assert caught.value.code == "no_data"


def test_message_uses_the_uploaded_name(tmp_path):
    path = tmp_path / "tmpa8f3k2"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile, match=r"File 'Penerima PKH Desa Sukamaju\.pdf' adalah PDF"):
        open_table(path, name="Penerima PKH Desa Sukamaju.pdf")


# --- Streaming and closing ------------------------------------------------------------------------------


def test_large_csv_is_streamed(tmp_path):
    path = tmp_path / "besar.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("No;NIK;Nama;Alamat;Desa;Tanggal Lahir\r\n")
        for number in range(1, 200_001):
            out.write(
                f"{number};{3201010000000000 + number};Warga Nomor {number};Jl. Raya {number % 97} RT 0{number % 9};"
                f"Sukamaju;{1 + number % 28:02d}-0{1 + number % 9}-19{50 + number % 50}\r\n"
            )
    assert path.stat().st_size > 15_000_000
    tracemalloc.start()
    try:
        count = 0
        last = None
        with open_table(path) as table:
            for row in table:
                count += 1
                last = row
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert last is not None and last.number == 200_001
    assert last.values["NIK"] == str(3201010000000000 + 200_000)
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_xlsx_is_streamed(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["NIK", "Nama", "Desa", "Nominal"])
    for number in range(1, 15_001):
        # Few distinct texts: openpyxl keeps the shared strings in memory, everything else must stream.
        ws.append([3201010000000000 + number, f"Warga {number % 100}", "Sukamaju", 600000])
    path = save(wb, tmp_path / "besar.xlsx")
    tracemalloc.start()
    try:
        with open_table(path) as table:
            count = sum(1 for _row in table)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 15_000
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_file_is_closed(tmp_path, suffix):
    if suffix == "csv":
        path = write_text(
            tmp_path / "kpm.csv", "NIK,Nama\n" + "".join(f"{3201010101900000 + n},W{n}\n" for n in range(100))
        )
    else:
        wb = openpyxl.Workbook()
        wb.active.append(["NIK", "Nama"])
        for n in range(100):
            wb.active.append([str(3201010101900000 + n), f"W{n}"])
        path = save(wb, tmp_path / "kpm.xlsx")
    before = open_fds()
    with open_table(path) as table:
        next(table)  # stop reading early
    assert open_fds() == before
    table = open_table(path)
    assert len(list(table)) == 100  # reading to the end closes it too
    assert open_fds() == before
    with pytest.raises(UnreadableFile):
        open_table(path, header_row=500)
    assert open_fds() == before


def test_warning_row_lists_are_bounded(tmp_path):
    lines = ["NIK,Nama"] + [f"{3201010101900000 + n},W{n}" for n in range(300)]
    lines[100:100] = ["NIK,Nama"] * 30
    info, rows = read_all(write_text(tmp_path / "ulang.csv", "\n".join(lines)))
    assert len(rows) == 300
    warning = next(w for w in info.warnings if "berisi ulang nama kolom" in w)
    assert re.match(r"Baris 101-120 dan 10 baris lain berisi ulang", warning)


def test_signature_block_beside_a_small_table(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "NIK", "Nama", "Desa", "Keterangan"])
    ws.append([1, NIK_1, "Siti", "Cibeureum", "Lansia"])
    ws.append([2, NIK_2, "Budi", "Cibeureum", None])
    ws.append([])
    ws["H5"] = "Sukamaju, 2 Januari 2026"
    ws["H6"] = "Kepala Desa Sukamaju"
    ws["H9"] = "( H. Ahmad Sobari )"
    info, rows = read_all(save(wb, tmp_path / "ttd.xlsx"))
    assert info.headers == ["No", "NIK", "Nama", "Desa", "Keterangan"]
    assert [row.number for row in rows] == [2, 3]
    assert any(
        warning.startswith("Baris 5-6, 9 di bawah tabel dianggap catatan kaki") for warning in info.warnings
    )


def test_mixed_encodings_in_one_file(tmp_path):
    # A UTF-8 list with one line pasted in from an ANSI (Windows-1252) file.
    path = tmp_path / "gabungan.csv"
    path.write_bytes(
        "NIK;Nama;Désa\n".encode()
        + f"{NIK_1};Siti;Cibeureum\n".encode()
        + f"{NIK_2};André;Sukamaju\n".encode("cp1252")
        + "3201010101900003;Zoë;Sukamaju\n".encode()
    )
    info, rows = read_all(path)
    assert info.encoding == "utf-8"
    assert info.headers == ["NIK", "Nama", "Désa"]
    assert values(rows, "Nama") == ["Siti", "André", "Zoë"]
    assert any(
        warning.startswith("Baris 3 berisi karakter yang tidak tersimpan sebagai UTF-8")
        for warning in info.warnings
    )


def test_xlsx_value_merged_down_is_copied_to_each_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No KK", "NIK", "Nama", "Hubungan"])
    ws.append(["3201010101200001", NIK_1, "Siti", "Kepala Keluarga"])
    ws.append([None, NIK_2, "Ani", "Anak"])
    ws.append([None, "3201010101900003", "Budi", "Anak"])
    ws.append(["3201010101200002", "3201010101900004", "Ahmad", "Kepala Keluarga"])
    ws.merge_cells("A2:A4")
    ws.merge_cells("C5:D5")  # merged across columns only: nothing to copy
    info, rows = read_all(save(wb, tmp_path / "keluarga.xlsx"))
    assert values(rows, "No KK") == ["3201010101200001"] * 3 + ["3201010101200002"]
    assert rows[2].raw["No KK"] == "3201010101200001"
    assert rows[3].values["Hubungan"] == ""
    assert "Sel gabungan (merge) ke bawah diisikan ke setiap barisnya: baris 3-4 (kolom A)." in info.warnings
