"""The fields an import fills, and a suggested mapping from a file's headers to them, without Django.

Files reach the Dinas Sosial from DTKS/SIKS-NG, from programme lists (PKH, BPNT, PBI-JK) and from villages
(BLT-DD lists typed by hand), and each names its columns its own way: "NO. KK", "NOKK", "Nomor Kartu
Keluarga", "NoKK". :func:`suggest_mapping` proposes which header fills which target so the operator only
has to confirm it; the operator can always change it.

A wrong suggestion is worse than none: an unmapped column is visible on the mapping screen, while a column
mapped to the wrong field quietly fills the register with the wrong data (a mother's name as the person's
name, a kecamatan code as a village). Hence the rules:

* an exact synonym (after :func:`header_key`, ignoring spaces) is trusted;
* otherwise a header is mapped only when it names the target and every other word in it is on a short list
  of qualifiers that do not change the meaning ("NIK PESERTA", "TGL LAHIR (DD/MM/YYYY)"). Anything else
  ("NAMA IBU KANDUNG", "STATUS PEKERJAAN", "TEMPAT/TGL LAHIR", "RT/RW") stays unmapped;
* a header split over two rows by the reader ("ALAMAT / DESA") is read by its lower part when the upper
  part is only a group name such as ALAMAT or IDENTITAS.

Our own export (:data:`sinergi.registry.export.COLUMNS`, in Indonesian and in English) must re-import with
the suggestion unchanged; the tests check that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "REQUIRED",
    "SYNONYMS",
    "TARGETS",
    "TARGET_KEYS",
    "Target",
    "apply_mapping",
    "header_key",
    "suggest_mapping",
    "target",
    "unmapped_required",
]

Level = Literal["household", "person"]


@dataclass(frozen=True)
class Target:
    """A field the import can fill. ``label`` and ``help`` are shown on the mapping screen."""

    key: str
    label: str
    level: Level
    help: str


TARGETS: tuple[Target, ...] = (
    Target(
        "no_kk",
        "Nomor KK",
        "household",
        "Nomor Kartu Keluarga, 16 digit. Baris dengan nomor KK yang sama dianggap satu keluarga.",
    ),
    Target("nik", "NIK", "person", "Nomor Induk Kependudukan, 16 digit, sesuai KTP atau KK."),
    Target("nama", "Nama", "person", "Nama lengkap sesuai KTP atau KK."),
    Target("jenis_kelamin", "Jenis kelamin", "person", "L (laki-laki) atau P (perempuan)."),
    Target("tempat_lahir", "Tempat lahir", "person", "Kota atau kabupaten tempat lahir."),
    Target("tanggal_lahir", "Tanggal lahir", "person", "Tanggal lahir, misalnya 17/08/1980 atau 1980-08-17."),
    Target(
        "hubungan",
        "Hubungan dalam keluarga",
        "person",
        "Status hubungan dalam keluarga (SHDK) sesuai KK: kepala keluarga, istri, anak, dan seterusnya.",
    ),
    Target(
        "status_kawin", "Status perkawinan", "person", "Belum kawin, kawin, cerai hidup, atau cerai mati."
    ),
    Target("pekerjaan", "Pekerjaan", "person", "Pekerjaan utama."),
    Target("alamat", "Alamat", "household", "Jalan, dusun atau lingkungan tempat tinggal keluarga."),
    Target("rt", "RT", "household", "Nomor RT."),
    Target("rw", "RW", "household", "Nomor RW."),
    Target(
        "desa",
        "Desa/kelurahan",
        "household",
        "Kode desa Kemendagri (misalnya 11.06.07.2001) atau nama desa/kelurahan. Kode lebih pasti: nama desa "
        "yang sama bisa ada di beberapa kecamatan.",
    ),
    Target(
        "kecamatan",
        "Kecamatan",
        "household",
        "Nama kecamatan. Hanya dipakai untuk membedakan desa bernama sama di kecamatan yang berbeda.",
    ),
)
TARGET_KEYS: tuple[str, ...] = tuple(t.key for t in TARGETS)
_BY_KEY: dict[str, Target] = {t.key: t for t in TARGETS}

REQUIRED: dict[str, tuple[str, ...]] = {
    # A DTKS row creates or updates a household, so it needs the KK and the village as well as the person.
    "dtks": ("nik", "nama", "no_kk", "desa"),
    # A programme list only names recipients, who are looked up in the register by NIK.
    "program": ("nik", "nama"),
}

# Header spellings seen in DTKS/SIKS-NG exports, PKH/BPNT/PBI lists and village lists, plus the headers of
# our own export in both languages. Compared after header_key() with spaces removed, so "NO_KK", "NO. KK",
# "No KK" and "NoKK" are one entry.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "no_kk": (
        "No KK", "NO. KK", "NOMOR KK", "NOMOR KARTU KELUARGA", "NO KARTU KELUARGA", "NO. KARTU KELUARGA",
        "KARTU KELUARGA", "NKK", "NO_KK", "NOKK", "NOMOR_KK", "KK", "KK_NO",
    ),
    "nik": (
        "NIK", "No. NIK", "NO NIK", "NOMOR NIK", "NOMOR INDUK KEPENDUDUKAN", "NIK KTP", "NO KTP", "NO. KTP",
        "NOMOR KTP", "NIK PENERIMA", "NIK KRT", "NIK ART", "NIK ANGGOTA", "NIK KPM", "NIK PENGURUS",
        "NIK PESERTA", "NIK KEPALA KELUARGA",
    ),
    "nama": (
        "NAMA", "NAMA LENGKAP", "NAMA KRT", "NAMA PENERIMA", "NAMA ART", "NAMA ANGGOTA", "NAMA KPM",
        "NAMA PENGURUS", "NAMA PESERTA", "NAMA PENERIMA MANFAAT", "NAMA ANGGOTA KELUARGA",
        "NAMA KEPALA KELUARGA", "NAMA SESUAI KTP", "NAME",
    ),
    "jenis_kelamin": (
        "JENIS KELAMIN", "JK", "L/P", "SEX", "KELAMIN", "JNS KELAMIN", "JNS KEL", "JNSKEL", "JENKEL",
        "JENIS_KELAMIN", "GENDER",
    ),
    "tempat_lahir": ("TEMPAT LAHIR", "TMP LAHIR", "TPT LAHIR", "TMPT LAHIR", "TMPLAHIR", "TMP LHR", "BIRTH_PLACE"),
    "tanggal_lahir": (
        "Tgl Lahir", "TANGGAL LAHIR", "TGL_LAHIR", "TGL. LAHIR", "TGLLAHIR", "TGL LHR", "BIRTH_DATE",
    ),
    "hubungan": (
        "HUB_KRT", "HUB KRT", "HUBUNGAN DENGAN KRT", "HUBUNGAN KELUARGA", "SHDK", "STATUS HUBUNGAN DALAM KELUARGA",
        "HUB. KELUARGA", "HUB KEL", "HUBUNGAN", "STATUS HUBUNGAN", "HUBUNGAN DENGAN KEPALA KELUARGA",
        "HUBUNGAN DENGAN KEPALA RUMAH TANGGA", "RELATION_TO_HEAD",
    ),
    "status_kawin": (
        "STATUS KAWIN", "STATUS PERKAWINAN", "STA_KAWIN", "STS KAWIN", "STAT KAWIN", "STATUS NIKAH",
        "STATUS PERNIKAHAN",
    ),
    "pekerjaan": ("PEKERJAAN", "JENIS PEKERJAAN", "PEKERJAAN UTAMA"),
    "alamat": (
        "ALAMAT", "ALAMAT LENGKAP", "ALAMAT RUMAH", "ALAMAT DOMISILI", "ALAMAT KTP", "JALAN/DUSUN", "DUSUN",
        "DUSUN/LINGKUNGAN", "ADDRESS",
    ),
    "rt": ("RT", "NO RT", "NOMOR RT"),
    "rw": ("RW", "NO RW", "NOMOR RW"),
    "desa": (
        # Codes first: a code names one village, a name may exist in several kecamatan.
        "KODE_DESA", "KODE DESA", "KODE WILAYAH", "KD_DESA", "KODE_DESA_KEMENDAGRI", "KODE DESA/KELURAHAN",
        "KODE KELURAHAN", "VILLAGE_CODE",
        "Desa/Kel", "DESA", "KELURAHAN", "DESA/KELURAHAN", "DESA_KELURAHAN", "KEL/DESA", "KELURAHAN/DESA",
        "NAMA DESA", "NAMA KELURAHAN", "NAMA DESA/KELURAHAN", "GAMPONG", "NAMA GAMPONG", "NAGARI", "VILLAGE",
    ),
    "kecamatan": ("KECAMATAN", "KEC", "NAMA KECAMATAN", "DISTRICT"),
}  # fmt: skip

# A numbering before or after the name: "(1)", "1.", "1)"; and the "(2)" the reader appends to a repeated name.
_LEADING_NUMBER = re.compile(r"^\s*(?:\(\s*\d{1,3}\s*\)|\d{1,3}\s*[.)])\s*")
_TRAILING_NUMBER = re.compile(r"\s*(?:\(\s*\d{1,3}\s*\)|\s\d{1,3}\s*\.)\s*$")
_NON_WORD = re.compile(r"[^0-9A-Z]+")
# How the reader joins the two rows of a two-row header ("ALAMAT / DESA").
_GROUP_SEPARATOR = " / "


def header_key(text: str) -> str:
    """Normalised header for comparisons: "No. NIK" -> "NO NIK", "TGL_LAHIR" -> "TGL LAHIR".

    Uppercase ASCII without accents, every run of punctuation and whitespace one space, and a leading or
    trailing numbering ("(1) NIK", "1. NIK", "NIK (2)") removed.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).upper())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _TRAILING_NUMBER.sub("", _LEADING_NUMBER.sub("", folded))
    return _NON_WORD.sub(" ", folded).strip()


def _compact(key: str) -> str:
    return key.replace(" ", "")


def _exact_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for target_key, spellings in SYNONYMS.items():
        for spelling in spellings:
            other = index.setdefault(_compact(header_key(spelling)), target_key)
            # Removing spaces must not make two targets' synonyms equal; fail at import, not in a file.
            if other != target_key:
                raise ValueError(f"Synonym {spelling!r} of {target_key} collides with one of {other}.")
    return index


_EXACT = _exact_index()


# ---------------------------------------------------------------------------------------------------------
# Word rules for headers that are not a listed synonym
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """``needs``: each set must share a word with the header; ``allowed``: words that may appear besides."""

    target: str
    needs: tuple[frozenset[str], ...]
    allowed: frozenset[str]
    check: Callable[[frozenset[str]], bool] | None = None

    def matches(self, words: frozenset[str]) -> bool:
        if not all(words & need for need in self.needs):
            return False
        if not words <= self.allowed.union(*self.needs):
            return False
        return self.check is None or self.check(words)


def _words(*text: str) -> frozenset[str]:
    return frozenset(" ".join(text).split())


# Who a column is about. A row that has both a head's and a member's NIK is the member's row (the head's
# columns repeat the family's context), so head-qualified columns rank after the others.
_HEAD_WORDS = _words("KRT KEPALA PENGURUS PENERIMA KPM KK")
_MEMBER_WORDS = _words("ART ANGGOTA")
_PERSON_QUALIFIERS = _words(
    "PENERIMA KRT ART ANGGOTA KPM PENGURUS KEPALA KELUARGA RUMAH TANGGA PESERTA CALON PM"
)
_NUMBER_WORDS = _words("NO NOMOR NOMER NMR")
_CODE_WORDS = _words("KODE KD CODE")
_DESA_WORDS = _words("DESA KELURAHAN GAMPONG NAGARI PEKON VILLAGE")
_DATE_FORMAT_WORDS = _words("DD MM YYYY YY HH BB BLN BULAN TTTT THN TAHUN FORMAT")

_RULES: tuple[_Rule, ...] = (
    # "NIK ... KK" may be the KK number or the head's NIK: unmapped.
    _Rule(
        "nik",
        (_words("NIK"),),
        _NUMBER_WORDS | _PERSON_QUALIFIERS | _words("KTP E EKTP INDUK KEPENDUDUKAN 16 DIGIT SESUAI"),
    ),
    _Rule(
        "no_kk",
        (_words("KK NKK KARTU"),),
        _NUMBER_WORDS | _words("KELUARGA KRT KPM PENERIMA PESERTA 16 DIGIT"),
        # KARTU alone could be any card (KKS, KIS, KIP).
        check=lambda words: bool(words & _words("KK NKK")) or "KELUARGA" in words,
    ),
    _Rule("nama", (_words("NAMA NAME"),), _PERSON_QUALIFIERS | _words("LENGKAP SESUAI KTP KK MANFAAT")),
    _Rule(
        "tanggal_lahir",
        (_words("LAHIR LHR"), _words("TGL TANGGAL TANGAL TG")),
        _DATE_FORMAT_WORDS | _words("SESUAI KTP"),
    ),
    _Rule("tempat_lahir", (_words("LAHIR LHR"), _words("TEMPAT TMP TPT TMPT")), _words("SESUAI KTP")),
    _Rule(
        "jenis_kelamin",
        (_words("KELAMIN JK JENKEL SEX GENDER"),),
        _words("JENIS JNS L P"),
        # "JENIS KELAMIN (L/P)" is the column; "JENIS KELAMIN / L" is one of two tick-box columns.
        check=lambda words: ("L" in words) == ("P" in words),
    ),
    _Rule(
        "hubungan",
        (_words("HUB HUBUNGAN SHDK"),),
        _words("KRT KK KELUARGA DENGAN DGN KEPALA RUMAH TANGGA STATUS STAT DALAM"),
    ),
    _Rule(
        "status_kawin",
        (_words("KAWIN PERKAWINAN NIKAH PERNIKAHAN"), _words("STATUS STA STS STAT")),
        frozenset(),
    ),
    _Rule("pekerjaan", (_words("PEKERJAAN"),), _words("JENIS UTAMA")),
    _Rule(
        "alamat",
        (_words("ALAMAT"),),
        _words("LENGKAP RUMAH TEMPAT TINGGAL DOMISILI JALAN JLN JL KTP KK SESUAI DUSUN LINGKUNGAN"),
    ),
    _Rule("rt", (_words("RT"),), _NUMBER_WORDS),
    _Rule("rw", (_words("RW"),), _NUMBER_WORDS),
    _Rule("desa", (_CODE_WORDS, _DESA_WORDS), _words("KEL DS KEMENDAGRI DAGRI PERMENDAGRI WILAYAH")),
    _Rule("desa", (_DESA_WORDS,), _words("NAMA KEL DS")),
    _Rule("kecamatan", (_words("KECAMATAN KEC DISTRICT"),), _words("NAMA")),
)

# Upper rows of a two-row header that only group the columns below them.
_GROUP_NAMES = frozenset(
    header_key(name)
    for name in (
        "ALAMAT", "ALAMAT LENGKAP", "ALAMAT DOMISILI", "ALAMAT KTP", "ALAMAT SESUAI KTP", "DOMISILI",
        "TEMPAT TINGGAL", "WILAYAH", "LOKASI", "IDENTITAS", "IDENTITAS KRT", "IDENTITAS ART",
        "IDENTITAS PENERIMA", "IDENTITAS KPM", "DATA", "DATA KRT", "DATA ART", "DATA KPM", "DATA PENERIMA",
        "DATA KELUARGA", "DATA PRIBADI", "DATA INDIVIDU", "KEPALA KELUARGA", "KEPALA RUMAH TANGGA",
        "ANGGOTA KELUARGA", "ANGGOTA RUMAH TANGGA", "KRT", "ART", "KPM", "PENERIMA", "PENGURUS", "PESERTA",
    )
)  # fmt: skip
_BIRTH_PARTS = _words("TEMPAT TMP TPT TMPT TGL TANGGAL")


def _classify_key(key: str) -> tuple[str, int] | None:
    """(target, quality) for one normalised header; quality 0 is a synonym, 1 a word rule."""
    exact = _EXACT.get(_compact(key))
    if exact is not None:
        return exact, 0
    words = frozenset(key.split())
    for rule in _RULES:
        if rule.matches(words):
            return rule.target, 1
    return None


def _classify(header: str) -> tuple[str, int] | None:
    whole = header_key(header)
    if not whole:
        return None
    group, separator, sub = " ".join(header.split()).partition(_GROUP_SEPARATOR)
    if not separator:
        return _classify_key(whole)
    # Word rules are not applied to the joined name: "STATUS KAWIN / KAWIN" and "JENIS KELAMIN / L" are
    # tick-box columns and "TEMPAT / TGL LAHIR" holds two values; only the lower part names a field.
    exact = _EXACT.get(_compact(whole))
    if exact is not None:
        return exact, 0
    group_key, sub_key = header_key(group), header_key(sub)
    if group_key in _GROUP_NAMES:
        found = _classify(sub)
        return (found[0], 1) if found else None
    group_words, sub_words = frozenset(group_key.split()), frozenset(sub_key.split())
    if ("LAHIR" in group_words or group_key == "TTL") and len(sub_words) == 1 and sub_words <= _BIRTH_PARTS:
        # "TEMPAT, TANGGAL LAHIR / TEMPAT" and "... / TANGGAL".
        found = _classify_key(f"{sub_key} LAHIR")
        return (found[0], 1) if found else None
    return None


def _preference(target_key: str, words: frozenset[str]) -> int:
    """Rank among headers of the same quality for one target; lower wins."""
    if target_key == "desa":
        return 0 if words & _CODE_WORDS else 1
    if target_key in ("nik", "nama"):
        return 1 if words & _HEAD_WORDS and not words & _MEMBER_WORDS else 0
    if target_key == "alamat":
        return 0 if "ALAMAT" in words else 1
    return 0


def suggest_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Suggest target key -> header (as given), in :data:`TARGETS` order.

    Each header fills at most one target and each target takes at most one header. When several headers
    qualify for a target, a listed synonym beats a word-rule match, then a member's column beats the
    head's (for NIK and name), an ALAMAT column beats a DUSUN one, and the left-most wins. For ``desa`` a
    code column beats a name column before anything else, because a code is unambiguous: our own export
    has both KODE_DESA and DESA_KELURAHAN, and only KODE_DESA is mapped.
    """
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for index, header in enumerate(headers):
        found = _classify(header)
        if found is None:
            continue
        target_key, quality = found
        preference = _preference(target_key, frozenset(header_key(header).split()))
        rank = (preference, quality, index) if target_key == "desa" else (quality, preference, index)
        if target_key not in best or rank < best[target_key][0]:
            best[target_key] = (rank, header)
    return {key: best[key][1] for key in TARGET_KEYS if key in best}


def apply_mapping(mapping: Mapping[str, str], values: Mapping[str, str]) -> dict[str, str]:
    """One row's values by target key: {target: value or ""} for every mapped target."""
    return {key: values.get(header) or "" for key, header in mapping.items()}


def unmapped_required(mapping: Mapping[str, str], kind: str) -> list[str]:
    """Required target keys of an import ``kind`` ("dtks" or "program") that ``mapping`` leaves out."""
    try:
        required = REQUIRED[kind]
    except KeyError:
        raise ValueError(
            f"Jenis impor {kind!r} tidak dikenal; pilih salah satu dari {sorted(REQUIRED)}."
        ) from None
    return [key for key in required if not mapping.get(key)]


def target(key: str) -> Target:
    """The :class:`Target` with this key; ``KeyError`` for an unknown key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"Unknown import target {key!r}; expected one of {', '.join(TARGET_KEYS)}.") from None
