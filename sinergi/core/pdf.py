"""Official PDF documents (SLRT referral letters, tabular reports), framework-free.

Everything here takes plain strings and returns PDF bytes, so views, background jobs and the CLI can all print
the same documents, and tests can read them back without a request or a database.

Two rules hold for every string a caller passes in:

* It is text, never markup. Names, addresses and notes come from officers and imported spreadsheets, and
  reportlab's Paragraph parses an XML-like mini-language: an ``&`` or ``<`` in a name would otherwise raise
  mid-build or silently restyle the letter. Newlines are kept as line breaks.
* The same input gives byte-identical output (reportlab's invariant mode: fixed timestamps and document id),
  so a reprinted letter is the same file, and tests and caches can compare bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QR, QRECI, QR8bitByte
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = ["Field", "Letterhead", "TableSection", "qr_drawing", "referral_letter", "tables_document"]

AUTHOR = "Sinergi"
EMPTY_TABLE_TEXT = "Tidak ada data."

_PAGE_WIDTH, _PAGE_HEIGHT = A4
# Government letters in Indonesia are bound on the left (Permendagri tata naskah dinas), hence the wider left
# margin.
_LEFT_MARGIN = 2.5 * cm
_RIGHT_MARGIN = 2.0 * cm
_TOP_MARGIN = 1.5 * cm
_BOTTOM_MARGIN = 2.0 * cm
_FRAME_WIDTH = _PAGE_WIDTH - _LEFT_MARGIN - _RIGHT_MARGIN
_FRAME_HEIGHT = _PAGE_HEIGHT - _TOP_MARGIN - _BOTTOM_MARGIN
# SimpleDocTemplate's frame pads each side by 6pt; flowables that must fit exactly use the inner size.
_FRAME_PADDING = 6
_CONTENT_WIDTH = _FRAME_WIDTH - 2 * _FRAME_PADDING
_CONTENT_HEIGHT = _FRAME_HEIGHT - 2 * _FRAME_PADDING

# C0 control characters other than tab and newline: spreadsheets carry them, reportlab's parser rejects some,
# and none of them print.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Letterhead:
    """The kop surat: the issuing office is what makes the document official, so it is always required."""

    office: str
    unit: str = ""
    address: str = ""


@dataclass(frozen=True)
class TableSection:
    """One titled table of a report; rows are already formatted strings so the PDF never guesses formats."""

    heading: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class Field:
    """A label/value line of a letter (Nama, NIK, Alamat...), kept as data so the label column aligns."""

    label: str
    value: str


def _styles() -> dict[str, ParagraphStyle]:
    # Built per document rather than shared at module level: ParagraphStyle is mutable, and a caller tweaking a
    # shared style would change every later document.
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=11, leading=14, alignment=TA_LEFT)
    bold = "Helvetica-Bold"
    return {
        "body": ParagraphStyle("body", parent=base, spaceAfter=6),
        "body_justify": ParagraphStyle("body_justify", parent=base, alignment=4, spaceAfter=6),
        "office": ParagraphStyle(
            "office", parent=base, fontName=bold, fontSize=14, leading=17, alignment=TA_CENTER
        ),
        "unit": ParagraphStyle(
            "unit", parent=base, fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "address": ParagraphStyle("address", parent=base, fontSize=9, leading=11, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=bold, fontSize=11, leading=14, spaceBefore=10
        ),
        "note": ParagraphStyle("note", parent=base, fontName="Helvetica-Oblique", fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=bold, fontSize=8.5, leading=10.5),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8, leading=10, alignment=TA_LEFT),
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_CENTER),
    }


def _markup(value: object) -> str:
    """Turns caller text into Paragraph markup that can only ever mean that text."""
    text = "" if value is None else str(value)
    text = _CONTROL_CHARS.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br/>")


def _para(value: object, style: ParagraphStyle, *, bold: bool = False, underline: bool = False) -> Paragraph:
    text = _markup(value)
    # Our own tags wrap the escaped text, so they are the only markup in the paragraph.
    if bold:
        text = f"<b>{text}</b>"
    if underline:
        text = f"<u>{text}</u>"
    return Paragraph(text, style)


def _letterhead(letterhead: Letterhead, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_para(letterhead.office.upper(), styles["office"])]
    if letterhead.unit:
        story.append(_para(letterhead.unit, styles["unit"]))
    if letterhead.address:
        story.append(_para(letterhead.address, styles["address"]))
    # The thick-over-thin double rule is the conventional kop surat border, recognised as "official" at a glance.
    story += [
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceBefore=4, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceBefore=0, spaceAfter=10),
    ]
    return story


def _document(buffer: io.BytesIO, *, title: str, subject: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_LEFT_MARGIN,
        rightMargin=_RIGHT_MARGIN,
        topMargin=_TOP_MARGIN,
        bottomMargin=_BOTTOM_MARGIN,
        title=title,
        author=AUTHOR,
        creator=AUTHOR,
        subject=subject,
        lang="id-ID",
        # Fixed timestamps and document id: identical input, identical bytes.
        invariant=1,
    )


def qr_drawing(payload: str, size_cm: float = 3.0) -> Drawing:
    """The QR code as a vector drawing: it stays sharp at any print resolution and needs no image library.

    The payload is encoded verbatim; an empty payload is refused because a blank-looking code on an official
    letter would suggest a verification link that does not exist.
    """
    if not payload:
        raise ValueError("QR payload must not be empty")
    size = size_cm * cm
    value: str | list[QR] = payload
    if not payload.isascii():
        # reportlab writes UTF-8 bytes without saying so, and scanners then guess a charset (zbar reads "é" as
        # Shift-JIS); the ECI 26 header declares UTF-8 so every scanner reads back the same text.
        value = [QRECI(26), QR8bitByte(payload)]
    # Level M survives the smudges and folds a letter carried by hand picks up, and still fits a URL with a
    # tracking number in a code small enough for the corner of a page.
    widget = QrCodeWidget(value, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.add(widget)
    return drawing


def referral_letter(
    *,
    letterhead: Letterhead,
    title: str,
    number: str,
    date_text: str,
    recipient_lines: list[str],
    intro: str,
    fields: list[Field],
    body_paragraphs: list[str],
    signer_title: str,
    signer_name: str,
    qr_payload: str,
    qr_caption: str,
) -> bytes:
    """A one-page surat rujukan (or any letter of the same shape) with a QR code to check its status.

    The letter always fits on one page: content that would overflow is scaled down rather than continued,
    because a second sheet can be separated from the first and the signature and QR code authenticate the
    fields above them.
    """
    styles = _styles()
    # Built up front so a bad payload fails here, not halfway through the layout.
    qr = qr_drawing(qr_payload)
    story: list[Flowable] = _letterhead(letterhead, styles)
    story += [
        _para(title, styles["title"], underline=True),
        _para(f"Nomor: {number}", styles["center"]),
        Spacer(1, 0.4 * cm),
        _para(date_text, styles["right"]),
        Spacer(1, 0.2 * cm),
        _para("Kepada Yth.", styles["body"]),
    ]
    # Recipient lines stay tight together, as an address block, rather than spaced like paragraphs.
    story += [_para(line, styles["body"].clone("recipient", spaceAfter=0)) for line in recipient_lines]
    story.append(Spacer(1, 0.4 * cm))
    if intro:
        story.append(_para(intro, styles["body_justify"]))
    if fields:
        story.append(_Rewrapping(lambda: _fields_table(fields, styles)))
    story += [_para(text, styles["body_justify"]) for text in body_paragraphs]
    story += [
        Spacer(1, 0.4 * cm),
        _Rewrapping(lambda: _signature_block(styles, signer_title, signer_name, qr, qr_caption)),
    ]

    buffer = io.BytesIO()
    doc = _document(buffer, title=title, subject=f"{title} {number}".strip())
    # shrink: fit the whole letter in one frame (see the docstring); the frame's own size, not the page's, so
    # nothing is scaled when the letter already fits.
    doc.build([KeepInFrame(_CONTENT_WIDTH, _CONTENT_HEIGHT, story, mode="shrink")])
    return buffer.getvalue()


class _Rewrapping(Flowable):
    """A table built anew at each wrap, so its relative widths follow the width it is offered.

    Shrinking a long letter to one page (KeepInFrame) wraps the story at the frame's width and then again at a
    wider one before scaling it down; a Table computes relative ("*", "%") widths on its first wrap only, so
    without this the fields and the signature block would stay narrow and centred in the widened frame.
    """

    def __init__(self, make: Callable[[], Flowable]) -> None:
        super().__init__()
        self._make = make
        self._flowable: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._flowable = self._make()
        self.width, self.height = self._flowable.wrapOn(self.canv, availWidth, availHeight)
        self.spaceAfter = self._flowable.getSpaceAfter()
        return self.width, self.height

    def draw(self) -> None:
        assert self._flowable is not None, "drawn before wrapped"
        self._flowable.drawOn(self.canv, 0, 0)


def _fields_table(fields: Sequence[Field], styles: dict[str, ParagraphStyle]) -> Table:
    body = styles["body"].clone("field", spaceAfter=0)
    rows = [[_para(f.label, body), _para(":", body), _para(f.value, body)] for f in fields]
    label_width = 4.5 * cm
    colon_width = 0.5 * cm
    table = Table(rows, colWidths=[label_width, colon_width, "*"])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    table.hAlign = "LEFT"
    # Indented under the intro, as field blocks are in Indonesian letters; also keeps the table off the margin.
    wrapper = Table([["", table]], colWidths=[1 * cm, "*"])
    wrapper.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    wrapper.spaceAfter = 6
    return wrapper


def _signature_block(
    styles: dict[str, ParagraphStyle], signer_title: str, signer_name: str, qr: Drawing, qr_caption: str
) -> Flowable:
    qr_cell = [qr, Spacer(1, 2), _para(qr_caption, styles["caption"])]
    signature_cell = [
        _para(signer_title, styles["signature"]),
        # Room for the wet signature and the office stamp.
        Spacer(1, 2.2 * cm),
        _para(signer_name, styles["signature"], bold=True, underline=True),
    ]
    table = Table([[qr_cell, signature_cell]], colWidths=["50%", "50%"])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    # One table row, so the QR code and the signature can never be split apart.
    return table


def tables_document(
    *,
    letterhead: Letterhead,
    title: str,
    subtitle: str,
    sections: list[TableSection],
    footer: str = "",
) -> bytes:
    """A multi-page report of titled tables (monthly recaps, lists attached to a berita acara).

    Tables split across pages with their header row repeated, so every printed page can be read on its own, and
    every page is numbered because these reports are signed and filed as loose sheets.
    """
    styles = _styles()
    story: list[Flowable] = _letterhead(letterhead, styles)
    story.append(_para(title, styles["title"]))
    if subtitle:
        story.append(_para(subtitle, styles["subtitle"]))
    story.append(Spacer(1, 0.3 * cm))
    for section in sections:
        story.extend(_section(section, styles))

    buffer = io.BytesIO()
    doc = _document(buffer, title=title, subject=subtitle or title)
    on_page = _footer_painter(footer)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _section(section: TableSection, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    columns = list(section.columns)
    if not columns:
        raise ValueError(f"section {section.heading!r} has no columns")
    for index, row in enumerate(section.rows):
        # A short or long row is a caller bug; padding or truncating would print a table that silently
        # misaligns or drops values.
        if len(row) != len(columns):
            raise ValueError(
                f"section {section.heading!r}: row {index} has {len(row)} cells, expected {len(columns)}"
            )

    header = [_para(name, styles["cell_head"]) for name in columns]
    data: list[list[object]] = [header]
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if section.rows:
        data += [[_para(cell, styles["cell"]) for cell in row] for row in section.rows]
    else:
        data.append(
            [_para(EMPTY_TABLE_TEXT, styles["cell"].clone("empty", alignment=TA_CENTER))]
            + [""] * (len(columns) - 1)
        )
        style.append(("SPAN", (0, 1), (-1, 1)))

    table = Table(data, colWidths=_column_widths(columns, section.rows), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))

    heading = _para(section.heading, styles["heading"])
    heading.keepWithNext = (
        True  # a heading alone at the bottom of a page, its table on the next, reads as lost
    )
    story: list[Flowable] = [heading, Spacer(1, 4), table]
    if section.note:
        story += [Spacer(1, 3), _para(section.note, styles["note"])]
    story.append(Spacer(1, 0.4 * cm))
    return story


def _column_widths(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    """Widths by typical content length, so a "No" column does not take as much room as "Alamat".

    Lengths are capped so one long address does not starve every other column, and floored so short headers
    like "L/P" still fit a word.
    """
    weights = []
    for index, name in enumerate(columns):
        longest = max([len(str(name))] + [len(str(row[index])) for row in rows[:500]])
        weights.append(min(max(longest, 4), 40))
    total = sum(weights)
    return [_CONTENT_WIDTH * weight / total for weight in weights]


def _footer_painter(footer: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    # The canvas draws plain strings (no markup), so footer text needs no escaping here, only the control
    # characters removed.
    footer_text = _CONTROL_CHARS.sub("", footer).replace("\r", " ").replace("\n", " ").strip()
    # Cut rather than wrap: the footer has one line, and an overlong text must not run into the page number.
    room = _FRAME_WIDTH - stringWidth("Halaman 9999", "Helvetica", 8) - 0.5 * cm
    if stringWidth(footer_text, "Helvetica", 8) > room:
        while footer_text and stringWidth(footer_text + "\u2026", "Helvetica", 8) > room:
            footer_text = footer_text[:-1]
        footer_text = footer_text.rstrip() + "\u2026"

    def paint(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        y = _BOTTOM_MARGIN / 2
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.4)
        canvas.line(_LEFT_MARGIN, y + 10, _PAGE_WIDTH - _RIGHT_MARGIN, y + 10)
        if footer_text:
            canvas.drawString(_LEFT_MARGIN, y, footer_text)
        canvas.drawRightString(_PAGE_WIDTH - _RIGHT_MARGIN, y, f"Halaman {doc.page}")
        canvas.restoreState()

    return paint


# ------------------------------------------------------------------------------------------------ berita acara


@dataclass(frozen=True)
class TextSection:
    """A titled block of running text in a berita acara (decisions, notes); newlines are kept."""

    heading: str
    text: str


@dataclass(frozen=True)
class Signatory:
    """One signature column: the capacity ("Kepala Desa Lamreung") and the name printed under the space for the
    signature; without a name a dotted line is printed, for the name to be written by hand."""

    title: str
    name: str = ""


SIGNATURE_BLANK = "(" + "." * 40 + ")"


def minutes_document(
    *,
    letterhead: Letterhead,
    title: str,
    number: str,
    opening: str,
    fields: list[Field],
    body: Sequence[TableSection | TextSection],
    closing: str,
    place_date: str,
    signatories: list[Signatory],
    footer: str = "",
) -> bytes:
    """A berita acara (minutes of a village meeting, a coordination meeting or a training): kop surat, title and
    number, the opening paragraph ("Pada hari ... telah dilaksanakan ..."), label/value fields, the body in the
    caller's order (tables of attendance and decisions, text blocks), the closing paragraph, then the place and
    date and the signature block, two or three columns a row.

    Unlike the referral letter it may run over several pages (a musdes lists every household it discussed);
    tables repeat their header row, pages are numbered, and the place, date and signatures are kept together on
    one page so a signature never stands alone on a sheet without the text it signs for.
    """
    from reportlab.platypus import KeepTogether

    if not signatories:
        # A berita acara is valid only when signed; one without signature lines cannot be filed.
        raise ValueError("a berita acara needs at least one signatory")
    styles = _styles()
    story: list[Flowable] = _letterhead(letterhead, styles)
    story.append(_para(title, styles["title"], underline=True))
    if number:
        story.append(_para(f"Nomor: {number}", styles["center"]))
    story.append(Spacer(1, 0.4 * cm))
    if opening:
        story.append(_para(opening, styles["body_justify"]))
    if fields:
        story.append(_fields_table(fields, styles))
    for block in body:
        if isinstance(block, TableSection):
            story.extend(_minutes_section(block, styles))
        else:
            heading = _para(block.heading, styles["heading"])
            heading.keepWithNext = True
            story += [heading, Spacer(1, 2), _para(block.text or "–", styles["body_justify"])]
    if closing:
        story += [Spacer(1, 0.2 * cm), _para(closing, styles["body_justify"])]
    story.append(Spacer(1, 0.4 * cm))
    story.append(KeepTogether([_para(place_date, styles["right"]), Spacer(1, 0.3 * cm),
                               *_signature_grid(signatories, styles)]))

    buffer = io.BytesIO()
    doc = _document(buffer, title=title, subject=f"{title} {number}".strip())
    on_page = _footer_painter(footer)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _minutes_section(section: TableSection, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A titled table as ``_section`` draws it, but with every column at least as wide as its longest word: a
    berita acara prints masked NIK and KK numbers, which must not break in the middle, and narrow columns
    such as "No" must not break their header."""
    columns = list(section.columns)
    if not columns:
        raise ValueError(f"section {section.heading!r} has no columns")
    for index, row in enumerate(section.rows):
        if len(row) != len(columns):
            raise ValueError(
                f"section {section.heading!r}: row {index} has {len(row)} cells, expected {len(columns)}"
            )
    data: list[list[object]] = [[_para(name, styles["cell_head"]) for name in columns]]
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if section.rows:
        data += [[_para(cell, styles["cell"]) for cell in row] for row in section.rows]
    else:
        data.append([_para(EMPTY_TABLE_TEXT, styles["cell"].clone("empty", alignment=TA_CENTER))]
                    + [""] * (len(columns) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=_fitted_widths(columns, section.rows, styles), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    heading = _para(section.heading, styles["heading"])
    heading.keepWithNext = True
    story: list[Flowable] = [heading, Spacer(1, 4), table]
    if section.note:
        story += [Spacer(1, 3), _para(section.note, styles["note"])]
    story.append(Spacer(1, 0.4 * cm))
    return story


def _fitted_widths(columns: Sequence[str], rows: Sequence[Sequence[object]],
                   styles: dict[str, ParagraphStyle]) -> list[float]:
    """Each column gets the width of its longest word (plus the cell padding), capped at a third of the page;
    the room left is shared as ``_column_widths`` shares it, by typical content length."""
    padding = 12  # reportlab's default 6pt left and right
    head, cell = styles["cell_head"], styles["cell"]
    floors = []
    for index, name in enumerate(columns):
        words = [(w, head.fontName, head.fontSize) for w in str(name).split()]
        for row in rows[:500]:
            words += [(w, cell.fontName, cell.fontSize) for w in str(row[index]).split()]
        widest = max([stringWidth(w, font, size) for w, font, size in words] or [0])
        floors.append(min(widest + padding, _CONTENT_WIDTH / 3))
    if sum(floors) >= _CONTENT_WIDTH:
        return [_CONTENT_WIDTH * f / sum(floors) for f in floors]
    shares = _column_widths(columns, rows)
    spare = _CONTENT_WIDTH - sum(floors)
    total_share = sum(shares)
    return [floor + spare * share / total_share for floor, share in zip(floors, shares, strict=True)]


def _signature_grid(signatories: Sequence[Signatory], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Rows of two or three signature columns: three when the count fills rows of three (3, 6) or when rows of
    two would need more than two rows; one signatory signs on the right, as in a letter."""
    count = len(signatories)
    per_row = 3 if count % 3 == 0 or count > 4 else 2
    rows: list[list[object]] = []
    for start in range(0, count, per_row):
        chunk = list(signatories[start:start + per_row])
        cells: list[object] = [_signature_cell(s, styles) for s in chunk]
        if count == 1:
            cells = ["", *cells]
        rows.append(cells + [""] * (per_row - len(cells)))
    width = _CONTENT_WIDTH / per_row
    table = Table(rows, colWidths=[width] * per_row)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
    ]))
    return [table]


def _signature_cell(signatory: Signatory, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    name = (
        _para(signatory.name, styles["signature"], bold=True, underline=True)
        if signatory.name.strip()
        else _para(SIGNATURE_BLANK, styles["signature"])
    )
    # Room for the wet signature (and, for the village head, the desa's stamp).
    return [_para(signatory.title, styles["signature"]), Spacer(1, 2.0 * cm), name]


__all__ += ["Signatory", "TextSection", "minutes_document"]
