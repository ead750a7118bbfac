"""Import targets and the header mapping suggestion (no database)."""

from __future__ import annotations

import pytest

from sinergi.imports.columns import (
    REQUIRED,
    SYNONYMS,
    TARGET_KEYS,
    TARGETS,
    Target,
    apply_mapping,
    header_key,
    suggest_mapping,
    target,
    unmapped_required,
)

EXPORT_HEADERS = [
    "NO_KK", "NIK", "NAMA", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "HUB_KRT", "ALAMAT", "RT", "RW",
    "KODE_DESA", "DESA_KELURAHAN", "KECAMATAN",
]  # fmt: skip


def test_targets_in_order_with_levels():
    assert TARGET_KEYS == (
        "no_kk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "hubungan", "status_kawin",
        "pekerjaan", "alamat", "rt", "rw", "desa", "kecamatan",
    )  # fmt: skip
    assert [t.key for t in TARGETS] == list(TARGET_KEYS)
    household = {t.key for t in TARGETS if t.level == "household"}
    assert household == {"no_kk", "alamat", "rt", "rw", "desa", "kecamatan"}
    assert all(t.level in ("household", "person") and t.label and t.help for t in TARGETS)


def test_target_lookup():
    assert isinstance(target("desa"), Target)
    assert (target("desa").key, target("desa").level) == ("desa", "household")
    assert target("nik").label == "NIK"
    with pytest.raises(KeyError):
        target("nomor_hp")


def test_synonyms_cover_exactly_the_targets():
    assert set(SYNONYMS) == set(TARGET_KEYS)


@pytest.mark.parametrize(
    ("target_key", "header"),
    [(key, spelling) for key, spellings in SYNONYMS.items() for spelling in spellings],
)
def test_every_synonym_maps_to_its_target(target_key, header):
    assert suggest_mapping([header]) == {target_key: header}


@pytest.mark.parametrize(
    ("target_key", "header"),
    [
        ("nik", "NIK"), ("nik", "No. NIK"), ("nik", "NO NIK"), ("nik", "NOMOR INDUK KEPENDUDUKAN"),
        ("nik", "NIK KTP"), ("nik", "NIK PENERIMA"), ("nik", "NIK KRT"), ("nik", "NIK ART"), ("nik", "NIK ANGGOTA"),
        ("no_kk", "No KK"), ("no_kk", "NO. KK"), ("no_kk", "NOMOR KK"), ("no_kk", "NOMOR KARTU KELUARGA"),
        ("no_kk", "NKK"), ("no_kk", "NO_KK"), ("no_kk", "KK"),
        ("nama", "NAMA"), ("nama", "NAMA LENGKAP"), ("nama", "NAMA KRT"), ("nama", "NAMA PENERIMA"),
        ("nama", "NAMA ART"), ("nama", "NAMA ANGGOTA"), ("nama", "NAMA KPM"), ("nama", "NAMA PENGURUS"),
        ("tanggal_lahir", "Tgl Lahir"), ("tanggal_lahir", "TANGGAL LAHIR"), ("tanggal_lahir", "TGL_LAHIR"),
        ("tanggal_lahir", "TGL. LAHIR"),
        ("tempat_lahir", "TEMPAT LAHIR"), ("tempat_lahir", "TMP LAHIR"), ("tempat_lahir", "TPT LAHIR"),
        ("jenis_kelamin", "JENIS KELAMIN"), ("jenis_kelamin", "JK"), ("jenis_kelamin", "L/P"),
        ("jenis_kelamin", "SEX"), ("jenis_kelamin", "KELAMIN"),
        ("hubungan", "HUB_KRT"), ("hubungan", "HUBUNGAN DENGAN KRT"), ("hubungan", "HUBUNGAN KELUARGA"),
        ("hubungan", "SHDK"), ("hubungan", "STATUS HUBUNGAN DALAM KELUARGA"), ("hubungan", "HUB. KELUARGA"),
        ("status_kawin", "STATUS KAWIN"), ("status_kawin", "STATUS PERKAWINAN"), ("status_kawin", "STA_KAWIN"),
        ("pekerjaan", "PEKERJAAN"), ("pekerjaan", "JENIS PEKERJAAN"),
        ("alamat", "ALAMAT"), ("alamat", "ALAMAT LENGKAP"), ("alamat", "JALAN/DUSUN"), ("alamat", "DUSUN"),
        ("alamat", "DUSUN/LINGKUNGAN"),
        ("rt", "RT"), ("rw", "RW"),
        ("desa", "Desa/Kel"), ("desa", "DESA"), ("desa", "KELURAHAN"), ("desa", "DESA/KELURAHAN"),
        ("desa", "DESA_KELURAHAN"), ("desa", "NAMA DESA"), ("desa", "GAMPONG"), ("desa", "KODE_DESA"),
        ("desa", "KODE DESA"), ("desa", "KODE WILAYAH"), ("desa", "KD_DESA"), ("desa", "KODE_DESA_KEMENDAGRI"),
        ("kecamatan", "KECAMATAN"), ("kecamatan", "KEC"), ("kecamatan", "NAMA KECAMATAN"),
    ],
)  # fmt: skip
def test_the_briefs_spellings_are_synonyms(target_key, header):
    # Pinned separately from SYNONYMS so that shortening that table cannot drop one of them unnoticed.
    assert suggest_mapping([header]) == {target_key: header}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("No. NIK", "NO NIK"),
        ("TGL_LAHIR", "TGL LAHIR"),
        ("Desa/Kel", "DESA KEL"),
        ("  nama   lengkap ", "NAMA LENGKAP"),
        ("Tgl. Lahir (dd-mm-yyyy)", "TGL LAHIR DD MM YYYY"),
        ("Hub. Keluarga:", "HUB KELUARGA"),
        ("(1) NIK", "NIK"),
        ("1. NIK", "NIK"),
        ("3) Nama", "NAMA"),
        ("Nama (2)", "NAMA"),
        ("Nama 2.", "NAMA"),
        ("Jénis Kelamin", "JENIS KELAMIN"),
        ("ALAMAT / DESA", "ALAMAT DESA"),
        ("NO_KK\n", "NO KK"),
        ("(5)", ""),
    ],
)
def test_header_key(raw, expected):
    assert header_key(raw) == expected


def test_export_headers_reimport_with_code_for_desa():
    mapping = suggest_mapping(EXPORT_HEADERS)
    assert mapping == {
        "no_kk": "NO_KK",
        "nik": "NIK",
        "nama": "NAMA",
        "jenis_kelamin": "JENIS_KELAMIN",
        "tempat_lahir": "TEMPAT_LAHIR",
        "tanggal_lahir": "TANGGAL_LAHIR",
        "hubungan": "HUB_KRT",
        "alamat": "ALAMAT",
        "rt": "RT",
        "rw": "RW",
        "desa": "KODE_DESA",
        "kecamatan": "KECAMATAN",
    }
    assert "DESA_KELURAHAN" not in mapping.values()
    assert unmapped_required(mapping, "dtks") == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_real_export_reimports_in_both_languages(language):
    from django.utils import translation

    from sinergi.registry.export import COLUMNS

    with translation.override(language):
        headers = [str(label) for _key, label in COLUMNS]
    mapping = suggest_mapping(headers)
    # The export's own column keys are the target keys, except that its village code fills "desa" and its
    # village name column stays unused.
    expected = {key: header for (key, _label), header in zip(COLUMNS, headers, strict=True) if key != "desa"}
    expected["desa"] = expected.pop("kode_desa")
    assert mapping == {key: expected[key] for key in TARGET_KEYS if key in expected}


def test_code_column_wins_for_desa_wherever_it_is():
    assert suggest_mapping(["NAMA DESA", "NIK", "KODE DESA"])["desa"] == "KODE DESA"
    assert suggest_mapping(["DESA", "Kode Desa/Kel"])["desa"] == "Kode Desa/Kel"
    assert suggest_mapping(["DESA", "NIK"])["desa"] == "DESA"


def test_competing_headers():
    # Both exact: the left-most.
    assert suggest_mapping(["NIK", "NO NIK"]) == {"nik": "NIK"}
    assert suggest_mapping(["Nama", "Nama (2)"]) == {"nama": "Nama"}
    # An exact synonym beats a word-rule match even when the latter is further left.
    assert suggest_mapping(["NIK CALON PENERIMA", "NIK"]) == {"nik": "NIK"}
    assert suggest_mapping(["TGL LAHIR (DD/MM/YYYY)", "TANGGAL LAHIR"]) == {"tanggal_lahir": "TANGGAL LAHIR"}
    # A member row that repeats its head's columns is the member's row.
    assert suggest_mapping(["NIK KRT", "NAMA KRT", "NIK ART", "NAMA ART"]) == {
        "nik": "NIK ART",
        "nama": "NAMA ART",
    }
    assert suggest_mapping(["NAMA KEPALA KELUARGA", "NAMA"]) == {"nama": "NAMA"}
    # An ALAMAT column over a DUSUN column.
    assert suggest_mapping(["DUSUN", "ALAMAT"]) == {"alamat": "ALAMAT"}


def test_each_header_and_target_used_once():
    headers = ["NIK", "NIK", "NO KK", "NKK", "NAMA", "DESA", "KODE DESA", "KELURAHAN"]
    mapping = suggest_mapping(headers)
    assert mapping == {"no_kk": "NO KK", "nik": "NIK", "nama": "NAMA", "desa": "KODE DESA"}
    assert len(set(mapping.values())) == len(mapping)


@pytest.mark.parametrize(
    ("header", "target_key"),
    [
        ("NIK PESERTA PKH", None),
        ("Nomor NIK (16 digit)", "nik"),
        ("NIK CALON PENERIMA", "nik"),
        ("NIK KEPALA KELUARGA", "nik"),
        ("NOMOR KK KPM", "no_kk"),
        ("No. Kartu Keluarga (KK)", "no_kk"),
        ("NAMA LENGKAP SESUAI KTP", "nama"),
        ("Nama Anggota Rumah Tangga", "nama"),
        ("NAMA KK", "nama"),
        ("Tanggal Lahir (dd/mm/yyyy)", "tanggal_lahir"),
        ("Tempat Lahir Sesuai KTP", "tempat_lahir"),
        ("JENIS KELAMIN (L/P)", "jenis_kelamin"),
        ("JK (L/P)", "jenis_kelamin"),
        ("Tanggal Lahir (Tgl/Bln/Thn)", "tanggal_lahir"),
        ("Hubungan dengan Kepala Keluarga", "hubungan"),
        ("STS. PERKAWINAN", "status_kawin"),
        ("Alamat Tempat Tinggal", "alamat"),
        ("NO. RT", "rt"),
        ("Kode Desa Kemendagri", "desa"),
        ("Nama Desa/Kelurahan", "desa"),
        ("Nama Kec.", "kecamatan"),
    ],
)
def test_word_rules(header, target_key):
    assert suggest_mapping([header]) == ({target_key: header} if target_key else {})


@pytest.mark.parametrize(
    "header",
    [
        "NAMA IBU KANDUNG", "NO", "NO URUT", "KETERANGAN", "NOMINAL", "TAHAP", "NAMA PROGRAM", "NIK IBU",
        "NIK KK", "NIK/KK", "STATUS NIK", "KET NIK", "JUMLAH KK", "ID KK", "NAMA IBU", "NAMA AYAH",
        "TEMPAT/TGL LAHIR", "TTL", "TEMPAT, TANGGAL LAHIR", "TAHUN LAHIR", "UMUR", "RT/RW", "STATUS PEKERJAAN",
        "KEPALA DESA", "ALAMAT DESA", "KODE KECAMATAN", "KODE DESA BPS", "KARTU", "NO KKS", "NO HP", "JENIS BANTUAN",
        "JENIS KELAMIN / L", "STATUS KAWIN / KAWIN", "TEMPAT / TGL LAHIR", "Kolom C", "", "   ",
    ],
)  # fmt: skip
def test_headers_that_must_not_map(header):
    assert suggest_mapping([header]) == {}


def test_two_row_headers_from_the_reader():
    headers = ["NO", "NIK", "NAMA", "ALAMAT / DESA", "ALAMAT / RT", "ALAMAT / RW", "KET"]
    assert suggest_mapping(headers) == {
        "nik": "NIK",
        "nama": "NAMA",
        "rt": "ALAMAT / RT",
        "rw": "ALAMAT / RW",
        "desa": "ALAMAT / DESA",
    }
    birth = ["TEMPAT, TANGGAL LAHIR / TEMPAT", "TEMPAT, TANGGAL LAHIR / TANGGAL"]
    assert suggest_mapping(birth) == {"tempat_lahir": birth[0], "tanggal_lahir": birth[1]}
    assert suggest_mapping(["IDENTITAS KRT / NIK", "IDENTITAS ART / NIK"]) == {"nik": "IDENTITAS ART / NIK"}
    # Separate words typed by hand still read as a whole.
    assert suggest_mapping(["Desa / Kelurahan", "No / KK"]) == {
        "no_kk": "No / KK",
        "desa": "Desa / Kelurahan",
    }


def test_programme_list():
    headers = [
        "NO",
        "ID PENGURUS",
        "NAMA PENGURUS",
        "NIK",
        "NO KK",
        "ALAMAT",
        "KELURAHAN",
        "KECAMATAN",
        "TAHAP",
    ]
    assert suggest_mapping(headers) == {
        "no_kk": "NO KK",
        "nik": "NIK",
        "nama": "NAMA PENGURUS",
        "alamat": "ALAMAT",
        "desa": "KELURAHAN",
        "kecamatan": "KECAMATAN",
    }


def test_mapping_follows_target_order():
    mapping = suggest_mapping(["KECAMATAN", "DESA", "NAMA", "NIK"])
    assert list(mapping) == ["nik", "nama", "desa", "kecamatan"]


def test_apply_mapping():
    mapping = {"nik": "NIK", "nama": "Nama KPM", "desa": "Desa"}
    row = {"NIK": "1106074107800001", "Nama KPM": "SITI AMINAH", "No": "1"}
    assert apply_mapping(mapping, row) == {"nik": "1106074107800001", "nama": "SITI AMINAH", "desa": ""}
    assert apply_mapping({}, row) == {}


def test_unmapped_required():
    assert REQUIRED == {"dtks": ("nik", "nama", "no_kk", "desa"), "program": ("nik", "nama")}
    assert unmapped_required({}, "dtks") == ["nik", "nama", "no_kk", "desa"]
    assert unmapped_required({"nik": "NIK", "desa": "DESA"}, "dtks") == ["nama", "no_kk"]
    assert unmapped_required({"nik": "NIK", "nama": "NAMA"}, "program") == []
    assert unmapped_required({"nama": "NAMA"}, "program") == ["nik"]
    with pytest.raises(ValueError, match="tidak dikenal"):
        unmapped_required({}, "bansos")
