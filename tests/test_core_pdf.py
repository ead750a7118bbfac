"""PDF documents (sinergi/core/pdf.py), read back with pypdf: no database, no Django."""

from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QRECI, QR8bitByte
from reportlab.lib.units import cm

from sinergi.core import pdf
from sinergi.core.pdf import Field, Letterhead, TableSection, qr_drawing, referral_letter, tables_document

LETTERHEAD = Letterhead(
    office="DINAS SOSIAL KABUPATEN ACEH BESAR",
    unit="Sistem Layanan dan Rujukan Terpadu (SLRT)",
    address="Jl. Bandara Sultan Iskandar Muda, Kota Jantho",
)
PAYLOAD = "https://sinergi.example/lacak/SLRT-2025-000123"


def letter_kwargs(**overrides) -> dict:
    kwargs = {
        "letterhead": LETTERHEAD,
        "title": "SURAT RUJUKAN",
        "number": "460/123/SLRT/2025",
        "date_text": "Kota Jantho, 12 Juni 2025",
        "recipient_lines": ["Kepala Puskesmas Darul Imarah", "di Tempat"],
        "intro": "Dengan hormat, bersama ini kami rujuk warga berikut:",
        "fields": [
            Field("Nama", "Cut Nyak Meutia"),
            Field("NIK", "1106074512800001"),
            Field("Alamat", "Gampong Lam Ujong"),
        ],
        "body_paragraphs": [
            "Mohon diberikan pemeriksaan kesehatan lanjutan.",
            "Atas perhatiannya kami ucapkan terima kasih.",
        ],
        "signer_title": "Kepala Dinas Sosial",
        "signer_name": "Drs. Muhammad Yasir",
        "qr_payload": PAYLOAD,
        "qr_caption": "SLRT-2025-000123 Pindai untuk melihat status",
    }
    kwargs.update(overrides)
    return kwargs


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in read(data).pages]


def squashed(text: str) -> str:
    """Whitespace-free, so assertions do not depend on where a line wrapped."""
    return re.sub(r"\s+", "", text)


# Referral letter


def test_letter_is_one_page_and_says_everything_it_was_given():
    kwargs = letter_kwargs()
    data = referral_letter(**kwargs)
    assert data.startswith(b"%PDF")
    texts = page_texts(data)
    assert len(texts) == 1
    text = squashed(texts[0])
    expected = [
        LETTERHEAD.office,
        LETTERHEAD.unit,
        LETTERHEAD.address,
        "SURAT RUJUKAN",
        "Nomor: 460/123/SLRT/2025",
        "Kota Jantho, 12 Juni 2025",
        "Kepada Yth.",
        "Kepala Puskesmas Darul Imarah",
        "di Tempat",
        kwargs["intro"],
        *kwargs["body_paragraphs"],
        "Kepala Dinas Sosial",
        "Drs. Muhammad Yasir",
        "SLRT-2025-000123",
        "Pindai untuk melihat status",
    ]
    for field in kwargs["fields"]:
        expected += [field.label, field.value]
    for snippet in expected:
        assert squashed(snippet) in text, snippet


def test_letter_markup_in_user_input_is_printed_literally():
    data = referral_letter(
        **letter_kwargs(
            fields=[Field("Nama", "<b>Siti & Co</b>"), Field("Catatan <i>", "a < b && c > d")],
            recipient_lines=["Yayasan <font size=40>X</font> & Mitra"],
            body_paragraphs=["Tanda &amp; tetap &amp; apa adanya."],
            signer_name="<u>Teuku</u>",
        )
    )
    text = squashed(page_texts(data)[0])
    for literal in [
        "<b>Siti & Co</b>",
        "Catatan <i>",
        "a < b && c > d",
        "Yayasan <font size=40>X</font> & Mitra",
        "Tanda &amp; tetap &amp; apa adanya.",
        "<u>Teuku</u>",
    ]:
        assert squashed(literal) in text, literal


def test_letter_keeps_newlines_and_drops_control_characters():
    data = referral_letter(
        **letter_kwargs(fields=[Field("Alamat", "Gampong Lam Ujong\nKec. Darul\x00 Imarah\x07")])
    )
    text = page_texts(data)[0]
    assert "Gampong Lam Ujong\nKec. Darul Imarah" in text


def test_letter_output_is_identical_for_identical_input():
    first = referral_letter(**letter_kwargs())
    second = referral_letter(**letter_kwargs())
    assert first == second


def test_letter_metadata():
    meta = read(referral_letter(**letter_kwargs())).metadata
    assert meta.title == "SURAT RUJUKAN"
    assert meta.author == "Sinergi"


def test_letter_qr_code_is_drawn_and_depends_on_the_payload():
    long_payload = "https://sinergi.example/lacak/" + "A" * 170
    assert len(long_payload) == 200
    data = referral_letter(**letter_kwargs(qr_payload=long_payload))
    other = referral_letter(**letter_kwargs(qr_payload=long_payload[:-1] + "B"))
    assert data != other
    # The QR modules are drawn as filled rectangles: a 200-character code has hundreds of them.
    content = read(data).pages[0].get_contents().get_data()
    assert len(re.findall(rb"\bre\b", content)) > 200


def test_long_letter_is_shrunk_to_one_page():
    data = referral_letter(
        **letter_kwargs(
            fields=[Field(f"Kolom {i}", "nilai " * 12) for i in range(25)],
            body_paragraphs=["Paragraf panjang untuk menguji penyusutan halaman. " * 30] * 6,
        )
    )
    texts = page_texts(data)
    assert len(texts) == 1
    # Everything is still there, the signature and QR caption included.
    assert "Drs.MuhammadYasir" in squashed(texts[0])
    assert "Pindaiuntukmelihatstatus" in squashed(texts[0])


# QR drawing


def test_qr_drawing_encodes_exactly_the_payload():
    drawing = qr_drawing(PAYLOAD)
    (widget,) = drawing.contents
    assert isinstance(widget, QrCodeWidget)
    assert widget.value == PAYLOAD
    assert drawing.width == drawing.height == pytest.approx(3 * cm)
    assert widget.barWidth == widget.barHeight == pytest.approx(3 * cm)


def test_qr_drawing_size():
    drawing = qr_drawing(PAYLOAD, size_cm=2.5)
    assert drawing.width == pytest.approx(2.5 * cm)


def test_qr_drawing_declares_utf8_for_non_ascii_payloads():
    payload = "Pemohon: Siti Nurhalizah, Meunasah Baro — lacak é"
    (widget,) = qr_drawing(payload).contents
    eci, data = widget.value
    assert isinstance(eci, QRECI) and eci.data == 26
    assert isinstance(data, QR8bitByte) and data.data == payload.encode("utf-8")


def test_qr_drawing_refuses_an_empty_payload():
    with pytest.raises(ValueError):
        qr_drawing("")


def test_letter_passes_the_payload_unchanged_to_the_qr_drawing(monkeypatch):
    seen = []
    real = pdf.qr_drawing

    def spy(payload, *args, **kwargs):
        seen.append(payload)
        return real(payload, *args, **kwargs)

    monkeypatch.setattr(pdf, "qr_drawing", spy)
    payload = PAYLOAD + "?a=1&b=<2>"
    referral_letter(**letter_kwargs(qr_payload=payload))
    assert seen == [payload]


def test_letter_refuses_an_empty_qr_payload():
    with pytest.raises(ValueError, match="QR payload"):
        referral_letter(**letter_kwargs(qr_payload=""))


# Tables document


def many_rows(count: int) -> list[list[str]]:
    return [[str(i), f"Penerima {i}", f"Gampong {i % 17}", str(i * 3)] for i in range(1, count + 1)]


COLUMNS = ["No", "Nama Penerima", "Gampong", "Jumlah"]


def test_long_table_splits_and_repeats_its_header():
    data = tables_document(
        letterhead=LETTERHEAD,
        title="LAPORAN BULANAN",
        subtitle="Juni 2025",
        sections=[TableSection(heading="A. Penerima bantuan", columns=COLUMNS, rows=many_rows(300))],
        footer="Dicetak oleh Sinergi",
    )
    assert data.startswith(b"%PDF")
    texts = page_texts(data)
    assert len(texts) > 1
    second = texts[1]
    for column in COLUMNS:
        assert column in second
    # Page 2 goes on from where page 1 stopped, and nothing is lost or doubled across the pages.
    assert "Penerima 1\n" not in second
    every = "\n".join(texts)
    for i in (1, 150, 300):
        assert f"Penerima {i}" in every
    assert len(re.findall(r"Penerima \d+\b", every)) == 300
    assert "Halaman 1" in texts[0]
    assert "Halaman 2" in second
    for text in texts:
        assert "Dicetak oleh Sinergi" in text


def test_tables_document_sections_headings_notes_and_empty_tables():
    data = tables_document(
        letterhead=LETTERHEAD,
        title="BERITA ACARA",
        subtitle="Penyaluran <bantuan> & verifikasi",
        sections=[
            TableSection(
                heading="1. Rekap",
                columns=["Kecamatan", "Jumlah"],
                rows=[["Darul Imarah", "12"]],
                note="Sumber: SLRT",
            ),
            TableSection(heading="2. Pengaduan", columns=["No", "Isi"], rows=[]),
        ],
        footer="Catatan kaki & <lampiran>",
    )
    texts = page_texts(data)
    text = "\n".join(texts)
    for snippet in [
        LETTERHEAD.office,
        "BERITA ACARA",
        "Penyaluran <bantuan> & verifikasi",
        "1. Rekap",
        "Darul Imarah",
        "Sumber: SLRT",
        "2. Pengaduan",
        "Tidak ada data.",
        "Catatan kaki & <lampiran>",
        "Halaman 1",
    ]:
        assert snippet in text, snippet
    assert read(data).metadata.title == "BERITA ACARA"
    assert read(data).metadata.author == "Sinergi"


def test_tables_document_is_identical_for_identical_input():
    def build() -> bytes:
        return tables_document(
            letterhead=LETTERHEAD,
            title="LAPORAN",
            subtitle="",
            sections=[TableSection(heading="Data", columns=COLUMNS, rows=many_rows(80))],
        )

    assert build() == build()


def test_tables_document_refuses_rows_that_do_not_match_the_columns():
    section = TableSection(heading="Rusak", columns=["A", "B"], rows=[["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="row 1 has 1 cells, expected 2"):
        tables_document(letterhead=LETTERHEAD, title="T", subtitle="", sections=[section])


def test_overlong_footer_is_cut_before_the_page_number():
    footer = "Dokumen ini dicetak dari Sinergi " * 20
    data = tables_document(
        letterhead=LETTERHEAD,
        title="T",
        subtitle="",
        sections=[TableSection(heading="Data", columns=["A"], rows=[["x"]])],
        footer=footer,
    )
    text = page_texts(data)[0]
    assert "Halaman 1" in text
    assert "Dokumen ini dicetak dari Sinergi" in text
    assert footer.strip() not in text


def test_value_types_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LETTERHEAD.office = "X"  # type: ignore[misc]


# Berita acara (minutes_document)


def minutes_kwargs(**overrides) -> dict:
    kwargs = {
        "letterhead": Letterhead(office="Dinas Sosial Kabupaten Aceh Besar", unit="PEMERINTAH DESA LAMREUNG"),
        "title": "BERITA ACARA MUSYAWARAH DESA/KELURAHAN",
        "number": "12/BA-MUSDES/2026",
        "opening": "Pada hari Rabu tanggal 25 November 2026 bertempat di Meunasah Lamreung telah dilaksanakan "
        "musyawarah desa.",
        "fields": [pdf.Field("Agenda", "Verifikasi usulan DTKS"), pdf.Field("Jumlah hadir", "7 orang")],
        "body": [
            TableSection(heading="A. Daftar hadir", columns=["No", "Nama", "Unsur", "Hadir"],
                         rows=[["1", "Cut Nyak Dhien", "Kepala desa", "Hadir"]]),
            pdf.TextSection(heading="C. Keputusan", text="Usulan disepakati.\nDiteruskan ke Dinas Sosial."),
            TableSection(heading="D. Tindak lanjut", columns=["No", "Uraian"], rows=[]),
        ],
        "closing": "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.",
        "place_date": "Lamreung, 25 November 2026",
        "signatories": [
            pdf.Signatory("Kepala Desa Lamreung", "Teuku Amir"),
            pdf.Signatory("Ketua/Perwakilan BPD"),
            pdf.Signatory("TKSK Kecamatan Darul Imarah", "Cut Aja"),
        ],
        "footer": "Sinergi · berita acara 12",
    }
    kwargs.update(overrides)
    return kwargs


def test_minutes_document_says_everything_it_was_given_in_order():
    kwargs = minutes_kwargs()
    data = pdf.minutes_document(**kwargs)
    assert data.startswith(b"%PDF")
    text = squashed("\n".join(page_texts(data)))
    expected = [
        "DINAS SOSIAL KABUPATEN ACEH BESAR", "PEMERINTAH DESA LAMREUNG", kwargs["title"],
        "Nomor: 12/BA-MUSDES/2026", kwargs["opening"], "Agenda", "Verifikasi usulan DTKS",
        "A. Daftar hadir", "Cut Nyak Dhien", "C. Keputusan", "Usulan disepakati.", "Diteruskan ke Dinas Sosial.",
        "D. Tindak lanjut", "Tidak ada data.", kwargs["closing"], "Lamreung, 25 November 2026",
        "Kepala Desa Lamreung", "Teuku Amir", "Ketua/Perwakilan BPD", pdf.SIGNATURE_BLANK,
        "TKSK Kecamatan Darul Imarah", "Cut Aja", "Halaman 1",
    ]
    positions = []
    for snippet in expected:
        assert squashed(snippet) in text, snippet
        positions.append(text.index(squashed(snippet)))
    # The body keeps the caller's order: attendance, decisions, actions, then the signatures.
    body = [positions[expected.index(s)] for s in ("A. Daftar hadir", "C. Keputusan", "D. Tindak lanjut",
                                                   "Kepala Desa Lamreung")]
    assert body == sorted(body)
    assert read(data).metadata.title == kwargs["title"]


def _x_of(data: bytes, words: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}

    def visit(text, cm_, tm, font, size):
        for word in words:
            if text.strip() == word:
                # Table cells are placed by translating the canvas: the position is the matrices' product.
                found[word] = cm_[0] * tm[4] + cm_[2] * tm[5] + cm_[4]

    for page in read(data).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_minutes_document_signatures_side_by_side_in_two_or_three_columns():
    three = pdf.minutes_document(**minutes_kwargs(signatories=[
        pdf.Signatory("Satu", "A"), pdf.Signatory("Dua", "B"), pdf.Signatory("Tiga", "C")]))
    xs = _x_of(three, ["Satu", "Dua", "Tiga"])
    assert xs["Satu"] < xs["Dua"] < xs["Tiga"]
    two = pdf.minutes_document(**minutes_kwargs(signatories=[pdf.Signatory("Satu", "A"), pdf.Signatory("Dua")]))
    xs2 = _x_of(two, ["Satu", "Dua"])
    assert xs2["Satu"] < xs2["Dua"]
    # Two columns are wider than three: the second signature sits further right than in three columns.
    assert xs2["Dua"] > xs["Dua"]


def test_minutes_document_prints_markup_literally_and_is_reproducible():
    kwargs = minutes_kwargs(opening="Warga <b>Lamreung</b> & tamu", body=[
        pdf.TextSection(heading="Catatan", text="Nama =HYPERLINK(\"x\") <script>")])
    data = pdf.minutes_document(**kwargs)
    text = "\n".join(page_texts(data))
    assert "Warga <b>Lamreung</b> & tamu" in text
    assert '<script>' in text
    assert data == pdf.minutes_document(**kwargs)


def test_minutes_document_long_body_runs_over_pages_with_the_signatures_together():
    rows = [[str(i), f"Peserta {i}", "PSM", "Hadir"] for i in range(1, 121)]
    data = pdf.minutes_document(**minutes_kwargs(body=[
        TableSection(heading="A. Daftar hadir", columns=["No", "Nama", "Unsur", "Hadir"], rows=rows)]))
    texts = page_texts(data)
    assert len(texts) > 1
    assert "Nama" in texts[1] and "Halaman 2" in texts[1]
    last = [t for t in texts if "Kepala Desa Lamreung" in t]
    assert len(last) == 1 and "Lamreung, 25 November 2026" in last[0] and "Cut Aja" in last[0]


def test_minutes_document_refuses_no_signatories():
    with pytest.raises(ValueError, match="signatory"):
        pdf.minutes_document(**minutes_kwargs(signatories=[]))


def test_minutes_document_keeps_numbers_and_short_headers_whole():
    masked = "1106**********01"
    columns = ["No", "Kepala keluarga", "No. KK", "NIK", "Alamat", "Keputusan", "Alasan"]
    rows = [[str(i), "Teuku Muhammad Nasir", masked, masked, "Dusun Mesjid RT/RW 001/002", "Usulan perbaikan",
             "Alamat dan pekerjaan berubah sejak tahun lalu, perlu diperbaiki di SIKS-NG"] for i in range(1, 4)]
    data = pdf.minutes_document(**minutes_kwargs(body=[TableSection(heading="B. Keluarga", columns=columns,
                                                                    rows=rows)]))
    text = "\n".join(page_texts(data))
    assert text.count(masked) == 6
    assert "\nNo\n" in text or " No\n" in text
