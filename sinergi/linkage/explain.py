"""The engine's explanation of a pair in the reviewer's words: each comparison's name and the level it reached
(the model's English labels, :func:`sinergi.linkage.engine.comparisons`) as Indonesian text, with the weight's
direction. A label the engine adds later and this table does not know yet is shown as the engine wrote it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COMPARISONS = {
    "name": _("Nama"),
    "nik": _("NIK"),
    "nik_ok": _("NIK dan data barisnya"),
    "dob": _("Tanggal lahir"),
    "sex": _("Jenis kelamin"),
    "kk": _("No. KK"),
    "area": _("Wilayah"),
    "rtrw": _("RT/RW"),
    "tempat": _("Tempat lahir"),
    "alamat": _("Alamat"),
    "crowd": _("Nama yang sama di kecamatan"),
    "src": _("Sumber daftar"),
}

# Labels that mean the same in every comparison.
COMMON_LEVELS = {
    "missing": _("kosong di salah satu catatan"),
    "unknown": _("tidak dapat dinilai"),
    "equal": _("sama"),
    "other": _("berbeda"),
    "JW >= 0.95": _("sangat mirip"),
    "JW >= 0.9": _("sangat mirip"),
    "JW >= 0.88": _("mirip"),
    "JW >= 0.75": _("agak mirip"),
}

LEVELS = {
    "name": {
        "equal key": _("sama (setelah gelar dan ejaan lama diseragamkan)"),
        "equal given name, fathers differ": _("nama diri sama, nama ayah berbeda"),
        "same words, other order": _("kata-katanya sama, urutannya berbeda"),
        "newborn record against a named one": _("catatan bayi (By Ny …) dengan catatan bernama"),
        "initials agree": _("inisial dan awal nama sama"),
        "one name within the other": _("nama yang satu termuat dalam nama yang lain"),
        "JW >= 0.75": _("agak mirip (seluruh nama)"),
    },
    "nik": {
        "one typo outside the serial": _("beda satu angka (salah ketik) di luar nomor urut"),
        "serials one typo apart": _("nomor urut beda satu angka"),
        "same kecamatan and date, other serial": _("kecamatan dan tanggal lahir sama, nomor urut lain"),
        "same kecamatan, serial": _("kecamatan dan nomor urut sama, tanggal lain"),
        "one's NIK is the other's KK": _("NIK yang satu adalah No. KK yang lain"),
    },
    "nik_ok": {
        "both NIKs agree with their rows": _(
            "kedua NIK cocok dengan tanggal lahir dan jenis kelamin barisnya"
        ),
        "both disagree": _("kedua NIK tidak cocok dengan barisnya"),
        "other": _("satu NIK cocok dengan barisnya, yang lain tidak"),
    },
    "dob": {
        "equal, heaped day (1 Jan, 1 Jul, 31 Dec)": _(
            "sama, tetapi tanggal yang sering dipakai asal (1 Jan, 1 Jul, 31 Des)"
        ),
        "same year, one year only": _("tahun sama, yang satu hanya tahun"),
        "same month": _("tahun dan bulan sama, tanggal lain"),
        "day and month swapped": _("tanggal dan bulan tertukar"),
        "same year, one heaped": _("tahun sama, yang satu bertanggal asal"),
        "same year": _("tahun sama"),
        "a year apart, same day": _("beda setahun, tanggal dan bulan sama"),
        "one year apart": _("beda satu tahun"),
        "two years apart": _("beda dua tahun"),
        "up to five years apart": _("beda tiga sampai lima tahun"),
        "other": _("beda lebih dari lima tahun"),
    },
    "kk": {"one typo": _("beda satu angka")},
    "area": {
        "same desa": _("desa sama"),
        "same kecamatan": _("kecamatan sama, desa lain"),
        "same kabupaten": _("kabupaten/kota sama, kecamatan lain"),
        "other": _("kabupaten/kota lain"),
    },
    "rtrw": {"same RT and RW": _("RT dan RW sama"), "same RW": _("RW sama, RT lain")},
    "crowd": {
        "names differ": _("nama berbeda"),
        "one person of this name in the kecamatan": _("hanya satu orang bernama ini"),
        "two": _("dua orang bernama ini"),
        "three or four": _("tiga atau empat orang bernama ini"),
        "five to eight": _("lima sampai delapan orang bernama ini"),
        "other": _("banyak orang bernama ini (9 atau lebih)"),
    },
    "src": {
        "same list": _("daftar yang sama"),
        "other": _("daftar berbeda"),
        "missing": _("asal salah satu catatan tidak diketahui"),
    },
}


@dataclass(frozen=True)
class Line:
    """One row of the explanation table."""

    comparison: str
    label: str
    level: str
    weight: float

    @property
    def direction(self) -> str:
        """``for`` (evidence of one person), ``against``, or ``none`` (missing or negligible)."""
        if self.weight >= 0.5:
            return "for"
        if self.weight <= -0.5:
            return "against"
        return "none"


def comparison_label(comparison: str) -> str:
    return str(COMPARISONS.get(comparison, comparison))


def level_label(comparison: str, level: str) -> str:
    text = LEVELS.get(comparison, {}).get(level) or COMMON_LEVELS.get(level)
    return str(text) if text is not None else level


def lines(evidence) -> list[Line]:
    """The stored evidence (``[[comparison, level, weight], ...]``) as display lines, in the engine's order (the
    same on every pair, so a reviewer's eye learns where to look). Malformed entries are skipped: the evidence is
    data from an engine that may change."""
    result = []
    for item in evidence or []:
        if not isinstance(item, list | tuple) or len(item) != 3:
            continue
        comparison, level, weight = item
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            continue
        result.append(
            Line(
                str(comparison),
                comparison_label(str(comparison)),
                level_label(str(comparison), str(level)),
                weight,
            )
        )
    return result
