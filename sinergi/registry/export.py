"""Exports of registry rows: CSV or XLSX, NIK/KK as text, every cell safe from formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from sinergi.core.nik import mask_nik

from .models import Person

COLUMNS = [
    ("no_kk", _("NO_KK")), ("nik", _("NIK")), ("nama", _("NAMA")), ("jenis_kelamin", _("JENIS_KELAMIN")),
    ("tempat_lahir", _("TEMPAT_LAHIR")), ("tanggal_lahir", _("TANGGAL_LAHIR")), ("hubungan", _("HUB_KRT")),
    ("alamat", _("ALAMAT")), ("rt", _("RT")), ("rw", _("RW")), ("kode_desa", _("KODE_DESA")),
    ("desa", _("DESA_KELURAHAN")), ("kecamatan", _("KECAMATAN")),
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell starting like a formula gets a leading apostrophe so spreadsheets show it as text (OWASP CSV
    injection guidance); the apostrophe is what Excel itself shows for text typed that way."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def rows(persons: Iterable[Person], *, reveal: bool) -> Iterator[list[str]]:
    for p in persons:
        h = p.household
        yield [neutralise(str(v)) for v in (
            h.no_kk if reveal else mask_nik(h.no_kk),
            p.nik if reveal else mask_nik(p.nik),
            p.name, p.sex, p.birth_place,
            p.birth_date.strftime("%d/%m/%Y") if p.birth_date else "",
            p.relation, h.address, h.rt, h.rw, h.desa_id, h.desa.name, h.desa.parent.name,
        )]


class _Echo:
    def write(self, value):
        return value


def csv_stream(data: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")  # the delimiter Indonesian-locale Excel opens directly
    yield "\ufeff"  # BOM: Excel on Windows reads UTF-8 only with it
    yield writer.writerow([str(label) for _key, label in COLUMNS])
    for row in data:
        yield writer.writerow(row)


def xlsx_bytes(data: Iterable[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DATA")
    ws.append([str(label) for _key, label in COLUMNS])
    for row in data:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = "@"  # text: Excel must never turn a NIK into 3.20101E+15
            cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def response(data: Iterable[list[str]], *, fmt: str, filename: str):
    """The download: XLSX built in memory (openpyxl needs the whole sheet), CSV streamed."""
    from django.http import HttpResponse, StreamingHttpResponse

    if fmt == "xlsx":
        result = HttpResponse(xlsx_bytes(data),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return result
    result = StreamingHttpResponse(csv_stream(data), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return result
