"""The DTKS proposal (usulan DTKS) of approved village meetings, in the layout the SIKS-NG operator keys in or
uploads: one row per household a musdes proposed to add (BARU), remove (HAPUS) or correct (PERBAIKAN), with its
head of family and the berita acara that decided it.

Like the registry export (``registry/export.py``, whose ``neutralise`` it uses) every cell is text: NIK and KK
can never become 3.20101E+15, and a name typed as ``=HYPERLINK(...)`` stays a name. The numbers are written in
full only when the user may reveal the NIK of every row's desa (an official proposal needs them); otherwise
they are masked and the file's first line says so, which also keeps a masked file from being uploaded as if it
were complete.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from sinergi.accounts import scoping
from sinergi.areas.models import Area, Level, subtree_q
from sinergi.core.nik import mask_nik
from sinergi.registry.codes import Relation
from sinergi.registry.export import neutralise
from sinergi.registry.models import Person

from .meetings import minutes_number
from .models import MeetingHousehold, MeetingKind, MeetingState, ProposalKind

# The SIKS-NG proposal layout (usulan baru / hapus / perbaikan data DTKS from a musyawarah desa/kelurahan):
# one row per household, its head of family (hubungan "1" on the KK), the Kemendagri codes and names of its
# area, and the berita acara number and date that support it. Column names as the proposal sheet prints them.
PROPOSAL_COLUMNS = [
    "NO",
    "JENIS USULAN",  # BARU / HAPUS / PERBAIKAN (see PROPOSAL_KINDS)
    "KODE PROVINSI", "PROVINSI",
    "KODE KABUPATEN", "KABUPATEN",
    "KODE KECAMATAN", "KECAMATAN",
    "KODE DESA", "DESA",
    "NO KK",
    "NIK",  # of the head of family
    "NAMA KEPALA KELUARGA",
    "ALAMAT", "RT", "RW",
    "ALASAN",  # the musdes's reason
    "NOMOR BERITA ACARA",  # meetings.minutes_number: "<meeting id>/BA-MUSDES/<year>"
    "TANGGAL MUSYAWARAH",  # dd/mm/yyyy
]
PROPOSAL_KINDS = {ProposalKind.ADD: "BARU", ProposalKind.REMOVE: "HAPUS", ProposalKind.CORRECT: "PERBAIKAN"}
MASKED_NOTE = ("CATATAN: NIK dan NO KK disamarkan karena Anda tidak berwenang membuka NIK di semua desa pada "
               "berkas ini. Berkas ini tidak dapat diunggah ke SIKS-NG.")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Proposal:
    area: Area
    decisions: list[MeetingHousehold]
    reveal: bool

    @property
    def masked(self) -> bool:
        """Rows whose NIK and KK are masked (an empty proposal has nothing to mask)."""
        return bool(self.decisions) and not self.reveal

    @property
    def person_ids(self) -> list[int]:
        return [head.pk for row in self.decisions if (head := _head(row)) is not None]

    @property
    def meeting_ids(self) -> list[int]:
        return sorted({row.meeting_id for row in self.decisions})


def _head(row: MeetingHousehold) -> Person | None:
    heads = row.household.heads
    return heads[0] if heads else None


def proposal(user, *, area: Area, since: datetime.date | None = None) -> Proposal:
    """The proposing decisions of approved musdes in ``area`` (approved on or after ``since`` when given),
    which must lie in the user's export scope (the caller checks). Three queries whatever the size."""
    in_scope = scoping.filter_for(MeetingHousehold.objects.all(), user, scoping.EXPORT_REGISTRY, "meeting__area_id")
    decisions = (
        in_scope.filter(
            subtree_q("meeting__area_id", area.code),
            meeting__kind=MeetingKind.MUSDES, meeting__state=MeetingState.APPROVED,
            decision__in=list(PROPOSAL_KINDS),
        )
        .select_related("meeting__area__parent__parent__parent", "household")
        .prefetch_related(Prefetch("household__members", to_attr="heads",
                                   queryset=Person.objects.filter(relation=Relation.HEAD, merged_into__isnull=True)
                                   .order_by("id")))
        .order_by("meeting__area_id", "meeting__held_on", "meeting_id", "id")
    )
    if since is not None:
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        decisions = decisions.filter(meeting__decided_at__gte=start)
    rows = list(decisions)
    reveal = bool(rows) and all(scoping.has_perm_for(user, scoping.REVEAL_NIK, row.meeting.area_id)
                                for row in rows)
    return Proposal(area=area, decisions=rows, reveal=reveal)


def export_area(user, code: str) -> Area | None:
    """The kabupaten or kecamatan ``code`` when it lies in the user's export scope, else None."""
    area = Area.objects.filter(code=code, level__in=[Level.REGENCY, Level.DISTRICT]).first()
    if area is None or not scoping.has_perm_for(user, scoping.EXPORT_REGISTRY, area.code):
        return None
    return area


def export_areas(user) -> list[Area]:
    """The areas a user may export a proposal for, as offered on the meetings page: their export areas at
    kabupaten or kecamatan level and the kabupaten/kecamatan right under them."""
    scope = scoping.areas_for(user, scoping.EXPORT_REGISTRY)
    if not scope:
        return []
    return list(Area.objects.filter(Q(code__in=scope) | Q(parent_id__in=scope),
                                    level__in=[Level.REGENCY, Level.DISTRICT]).order_by("code"))


def _chain(area: Area) -> dict[int, Area]:
    chain: dict[int, Area] = {}
    node: Area | None = area
    while node is not None:
        chain[node.level] = node
        node = node.parent if node.parent_id else None
    return chain


def rows(result: Proposal) -> Iterator[list[str]]:
    """The data rows (without the header), every value a neutralised string."""
    for number, row in enumerate(result.decisions, start=1):
        household, meeting, head = row.household, row.meeting, _head(row)
        chain = _chain(meeting.area)

        def code_name(level: int, chain=chain) -> list[str]:
            area = chain.get(level)
            return [area.code, area.name] if area else ["", ""]

        no_kk = household.no_kk or ""
        nik = head.nik if head is not None else ""
        yield [neutralise(str(value)) for value in (
            number, PROPOSAL_KINDS[ProposalKind(row.decision)],
            *code_name(Level.PROVINCE), *code_name(Level.REGENCY), *code_name(Level.DISTRICT),
            *code_name(Level.VILLAGE),
            no_kk if result.reveal else mask_nik(no_kk),
            nik if result.reveal else mask_nik(nik),
            head.name if head is not None else "",
            household.address, household.rt, household.rw,
            " ".join(row.reason.split()),
            minutes_number(meeting), f"{meeting.held_on:%d/%m/%Y}",
        )]


def _lines(result: Proposal) -> Iterator[list[str]]:
    if result.masked:
        yield [MASKED_NOTE]
    yield list(PROPOSAL_COLUMNS)
    yield from rows(result)


class _Echo:
    def write(self, value):
        return value


def csv_stream(lines: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")  # the delimiter Indonesian-locale Excel opens directly
    yield "\ufeff"  # BOM: Excel on Windows reads UTF-8 only with it
    for line in lines:
        yield writer.writerow(line)


def xlsx_bytes(lines: Iterable[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("USULAN")
    for line in lines:
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "@"  # text: Excel must never turn a NIK into 3.20101E+15
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def response(result: Proposal, *, fmt: str, filename: str):
    if fmt == "xlsx":
        content = HttpResponse(xlsx_bytes(_lines(result)), content_type=XLSX_CONTENT_TYPE)
        content["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return content
    stream = StreamingHttpResponse(csv_stream(_lines(result)), content_type="text/csv; charset=utf-8")
    stream["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return stream
