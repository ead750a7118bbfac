"""Synthetic social-protection lists with known truth, for the record-linkage benchmark (issue 5).

One true population of a kabupaten (:func:`make_population`) is listed by several programmes
(:data:`SOURCES`: DTKS, PKH, BPNT, PBI-JK, BLT-DD), each with its own coverage and its own rate for every
error kind seen in real lists (:class:`SourceProfile`). The records carry exactly the linkage CLI's input
columns (:data:`COLUMNS`); the truth maps each record id to the person it describes, and every record also
says which errors were put into it (:data:`ERROR_KINDS`), so a benchmark can report recall per error kind.

What the population contains, because a linker must keep these apart or bring them together:

* families as on a KK: head, spouse, children, elderly parents (orang tua/mertua), three generations, single
  mothers, elderly alone; names per region and birth cohort (Acehnese/Malay-Islamic for 11.*, Sundanese for
  32.* and 36.*, Javanese for 33.*-35.*), with MUHAMMAD, SITI and NUR as common as in real registers;
* twins (same household, birth date and KK, consecutive NIK serials, names such as HASAN/HUSEN,
  RIZKI/RIZKA); a son with exactly his father's name; heaped birth dates (1 January, 31 December, 1 July) for
  older people, as Dukcapil records unknown dates; babies without a NIK yet;
* households that moved within the kabupaten (a stale list has the old desa, address and KK), some of whose
  members were issued a new NIK in the new kecamatan; adults whose NIK is from another kabupaten.

Errors are modelled on how lists are made, not on what the linker normalises: operators' typos hit
keyboard neighbours, old spelling is only written for people born before the 1972 reform, titles are only
added to adults, "BY NY SITI" is only written for babies without a NIK, and Excel damage has Excel's exact
forms. The default rates are estimates from the kinds of lists, not measurements (no real data is used).

Size and speed: the records are produced source by source in a streaming fashion (:func:`iter_records`),
holding only the population, so a million records need about 620,000 persons in memory. Each source orders
its records by desa and then randomly, with its own ids, so neither row order nor id says which records
belong together. Everything is drawn from ``random.Random`` seeded from ``seed`` (and the source name), in a
fixed order, so one seed gives byte-identical files.

Areas come straight from the vendored idn-area-data CSVs, because :func:`sinergi.areas.loader.read_areas`
imports the Django models and this module must run without Django.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from sinergi.core.dates import MONTH_NAMES_ID
from sinergi.core.nik import make_nik

__all__ = [
    "COLUMNS",
    "DATE_FORMATS",
    "ERROR_KINDS",
    "REFERENCE_DATE",
    "SOURCES",
    "Desa",
    "Generated",
    "Population",
    "Regency",
    "SourceProfile",
    "SyntheticRecord",
    "TrueAddress",
    "TrueHousehold",
    "TruePerson",
    "generate",
    "generate_files",
    "iter_records",
    "load_regency",
    "make_population",
    "persons_for_records",
    "records_per_person",
    "write_csv",
]

# Ages are computed against this fixed day, not the clock, so a seed means the same data next year too (the
# registry generator uses the same day).
REFERENCE_DATE = date(2026, 7, 1)

# The linkage CLI's input columns, in order.
COLUMNS: tuple[str, ...] = (
    "id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "alamat", "rt", "rw",
    "kode_desa", "sumber",
)  # fmt: skip

# Every label a record's ``errors`` can hold.
ERROR_KINDS: tuple[str, ...] = (
    "name_typo", "spelling_variant", "old_spelling", "title_added", "muhammad_variant", "name_order_swap",
    "name_part_dropped", "patronym", "initials", "case_spacing", "newborn_alias",
    "nik_typo", "nik_excel", "nik_missing", "nik_copied", "nik_is_kk", "old_nik", "kk_missing", "kk_typo",
    "birth_date_estimated", "birth_date_missing", "birth_place_missing", "sex_missing",
    "old_address", "desa_as_name", "rt_rw_missing", "duplicate",
)  # fmt: skip

# Birth date layouts a source can write (all read by sinergi.core.dates.parse_date): dd/mm/yyyy, dd-mm-yyyy,
# yyyy-mm-dd, "12 Agustus 1975" (or "12-Agt-1975"), an Excel serial number, and dd/mm/yy.
DATE_FORMATS: tuple[str, ...] = ("dmy_slash", "dmy_dash", "iso", "long", "excel", "dmy_short")

# Relation codes as numbered on the KK (the same codes as sinergi.registry.codes.Relation).
HEAD = "1"
HUSBAND = "2"
WIFE = "3"
CHILD = "4"
CHILD_IN_LAW = "5"
GRANDCHILD = "6"
PARENT = "7"
PARENT_IN_LAW = "8"

_DAYS_PER_YEAR = 365.2425
_EARLIEST_KK = date(2005, 1, 1)
_EXCEL_EPOCH = date(1899, 12, 30)  # serials from 61 on; every birth date here is after 1 March 1900
_AREA_DIR = Path(__file__).resolve().parents[1] / "areas" / "data" / "idn-area-data"

# Population rates. Twins: about 1.2-1.5% of Indonesian births are twin births. The rest are judgement calls,
# chosen so that each hard case is frequent enough to be measured in a benchmark of a few thousand persons.
_TWIN_BIRTH = 0.015
_SAME_NAME_SON = {"aceh": 0.025, "melayu": 0.02, "sunda": 0.01, "jawa": 0.01}
_MOVED_HOUSEHOLD = 0.08  # moved within the kabupaten in the last ten years
_MOVED_OTHER_KECAMATAN = 0.5
_NEW_NIK_AFTER_MOVE = 0.5  # of households that moved to another kecamatan: members got a new NIK there
_MIGRANT_ADULT = 0.03  # adults whose NIK was issued in another kabupaten of the province
# In a sheet that Excel damaged, the rows that were not typed or pasted as text.
_EXCEL_DAMAGED_ROWS = 0.9
_NO_NIK_UNDER_1 = 0.6
_NO_NIK_UNDER_2 = 0.2
_PATRONYM_ON_KTP = {"aceh": 0.04, "melayu": 0.02, "sunda": 0.0, "jawa": 0.0}
# Old spelling written on the KTP itself, for people named before the 1972 reform.
_OLD_SPELLING_ON_KTP = {"aceh": 0.08, "melayu": 0.08, "sunda": 0.3, "jawa": 0.3}
# How often a list writes BIN/BINTI, relative to Aceh, where it is common in village and religious lists.
_PATRONYM_HABIT = {"aceh": 1.0, "melayu": 0.6, "sunda": 0.2, "jawa": 0.2}


# ---------------------------------------------------------------------------------------------------------
# Weighted tables
# ---------------------------------------------------------------------------------------------------------


class _Table:
    """Weighted choice by bisection over cumulative weights: cheaper than ``rng.choices`` per draw."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, spec: str | Sequence[tuple[str, float]]) -> None:
        pairs = _parse_spec(spec) if isinstance(spec, str) else list(spec)
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def _parse_spec(spec: str) -> list[tuple[str, float]]:
    """``"A:3 B C_D:2"`` -> [("A", 3), ("B", 1), ("C D", 2)]: ``_`` joins the words of one entry."""
    pairs = []
    for part in spec.split():
        item, _, weight = part.partition(":")
        pairs.append((item.replace("_", " "), float(weight) if weight else 1.0))
    return pairs


def _words(spec: str) -> list[str]:
    return [item for item, _ in _parse_spec(spec)]


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


# ---------------------------------------------------------------------------------------------------------
# Names. Compact pools per region, sex and cohort (born before 1975, 1975-1999, from 2000); the registry
# generator's larger pools need Django to import. Weights make the common names as common as in registers.
# ---------------------------------------------------------------------------------------------------------

_POOL_TEXT: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("aceh", "L"): (
        "ABDULLAH:3 ABUBAKAR:2 AHMAD:3 ALI:2 AMIRUDDIN ANWAR ARIFIN ASNAWI AZHAR BAHRUDDIN BAKHTIAR DAHLAN "
        "DAUD:2 HAMZAH HANAFIAH HARUN HASAN:2 HUSAINI IBRAHIM:2 IDRIS ILYAS ISHAK ISKANDAR ISMAIL:2 JAFAR "
        "JAMALUDDIN JUNAIDI MAHMUD:2 MANSUR MARZUKI MUKHTAR MUSA MUSTAFA NASIR NURDIN:3 RAMLI RAZALI RUSLI "
        "SAID SALEH SULAIMAN:2 SYAMSUDDIN TAHIR UMAR:2 USMAN:2 YAHYA YUNUS YUSUF:3 ZAINAL ZAKARIA ZULKIFLI "
        "KHALIDIN SUFYAN TAJUDDIN NAWAWI",
        "AZHARI BUKHARI FAISAL FAJRI FIRDAUS HASBI HENDRA IRWANSYAH KHAIRUL:2 MAHDI MUKHLIS MUNAWAR MUSLIM "
        "RAHMAT:3 RIDWAN RIZAL SAFRIZAL:2 SAIFUL SYAHRUL TAUFIK ZULFIKAR ZULKIFLI:2 MAULIZAR AFRIZAL BAIHAQI "
        "FADHLI FAUZI HAMDANI HELMI IRFAN JUFRI MAWARDI MUNIR NASRUL RIZWAN SAFRIADI SUHAIMI SYUKRI TARMIZI "
        "YUSRI ZAMZAMI ZULFAHMI SYAIFULLAH NASRULLAH KHAIRUDDIN MURSALIN",
        "ALFARIZI ARKAN AQIL FATHAN FAUZAN:2 HAIKAL:2 IKHSAN KHALID NAUFAL RAFFI RAIHAN RIZKI:3 SYAUQI ZAKY "
        "ZIKRI:2 ALIF FARHAN HAFIZ AZRIL FADHIL FAJAR FIKRI HABIBI ILHAM IQBAL IRHAMNA MAULANA MUHAJIR REZA "
        "RIDHO SALMAN TAUFIQ ZULFAN FURQAN YASIR AKMAL ARIF AZMI HUSNUL HAFIZUL NAZRIL",
        "ABDULLAH:3 AKBAR ALI AMIN FAJRI HIDAYAT IQBAL ISKANDAR MAULANA NASIR RAMADHAN:2 RIZKI SAPUTRA:2 "
        "SYAHPUTRA:2 YUSUF ZIKRI FIRDAUS ARIF AZHARI DAUD FAUZI HAKIM HAMZAH HASAN IBRAHIM ISMAIL KAMAL MAHMUD "
        "MANSUR NURDIN RAHMAN RASYID RIDWAN SALEH SULAIMAN SYAHRIAL UMAR USMAN YUNUS ZAINAL ALFARIZI MUNANDAR",
    ),
    ("aceh", "P"): (
        "AISYAH:2 ASIAH FATIMAH:3 HABSAH HAFSAH HALIMAH:2 JAMILAH KHADIJAH:2 MARIAM NURHAYATI:3 RUKIAH "
        "SALMAH SAUDAH ZAINAB:2 ZUBAIDAH ROSMAWAR NURAINI:2 RAHMAH AMINAH:2 ASMAH HAMIDAH HASNAH KAMARIAH "
        "MARYAM:2 MASYITAH NURBAITI NURSIAH RABIAH RAMLAH ROHANI SAFIAH SAKDIAH SYARIFAH ZAHARA:2 ZAKIAH "
        "MAIMUNAH MARDHIAH NURLAILA YUSNIDAR ASNIAR",
        "FITRIANI:3 NURHAYATI:2 RAHMAWATI:2 MARIANI NURAINI SALMAWATI ZAHARA NURMALA MUNAWARAH SYARIFAH ULFA "
        "YUSNIDAR NURJANNAH ERNAWATI HASNAWATI MAWADDAH FARIDA HERLINA IDA IRMA JULIANA LAILA MARLINA "
        "MAULIDAR MUSDALIFAH RAHMI:2 RATNA RINA SAFRIDA SALMIAH YULIANA ZURAIDA FAUZIAH JUWITA KHAIRUNNISA "
        "DEWI MUTIA ANNISA",
        "ALYA AZKIA AISYAH HUMAIRA KHANZA NADIA NAYLA NAZWA:2 SALSABILA SYIFA:2 ZAHRA:2 RAISA AQILA ANNISA:2 "
        "AULIA DARA DINDA FARAH FITRI:2 HUSNA INTAN LAILA MAGHFIRAH MAULIDA MUTIA:2 NABILA NAJWA PUTRI RAHMI "
        "RIZKA SAFIRA SALWA SARAH TIARA ULFA ZULFA NURHALIZA RAHMADANI",
        "AULIA FITRI:2 HUSNA:2 MAULIDA RAHMI:2 SAFITRI:2 ZAHRA JANNAH RAMADHANI NABILA PUTRI KHAIRUNNISA "
        "AMALIA DEWI HASANAH HAYATI MARDHIAH MULYANI NURHAYATI RAHMAWATI SARI SUSANTI SYAFITRI ULFA WAHYUNI "
        "YANTI YULIANA ZAHARA ZAKIAH AZIZAH FITRIANI MUNAWARAH RAHMAH MUTIA",
    ),
    ("sunda", "L"): (
        "DADANG:3 UJANG:3 ASEP:2 ENDANG:2 JAJANG:2 MAMAN:2 UDIN:2 YAYAT:2 AANG ACENG ADANG DADAN EMAN ENCEP "
        "ENTANG KOMAR OMAN OTONG UKAR UNDANG ENGKOS ATANG ADE AEP ANANG DEDI DIDI KOSASIH MAMAT NANA NANANG "
        "ROHMAN SALIM SOLEH SUHANDA SULAEMAN TATANG YUSUP CUCU JUJU",
        "AAN AGUS:2 ASEP:5 CECEP:2 DEDE:4 DENI DIDIN HENDRA IWAN JAJANG RUDI UJANG:3 WAWAN YADI YAYAN:2 IRFAN "
        "RIDWAN DADAN ROBI ANDRI HERMAN ADE:2 AEP CEPI DANI DEDEN DIKDIK DODI ERWIN GUGUN HERI IMAN IRWAN JEJEN "
        "NANDANG OPIK RAHMAT SAEPUL SOLIHIN TEDI UCUP YUDI",
        "ALDI ARYA DAFA FAHMI GILANG:2 IQBAL RAFFA RAKA RIZKY:3 FAJAR REZA ILHAM ZIDAN DIMAS ADITYA ANGGA BAYU "
        "DIKI EGI FIKRI GALIH HAIKAL HILMAN IKBAL LUTFI RAMDAN RENDI RIFKI SANDI SEPTIAN WILDAN YOGI",
        "SUPRIATNA SUHENDAR SOPANDI KURNIAWAN SAEPUDIN HIDAYAT:2 RUSTANDI MULYANA:2 SUTISNA SETIAWAN:2 "
        "NURJAMAN SUMARNA PERMANA:2 GUNAWAN SAEPULLOH ROHMAN SOLIHIN SUNARYA KUSNADI HERMAWAN RAMDANI:2 "
        "FIRMANSYAH MAULANA ABDULLAH NUGRAHA:2 NURDIN PURNAMA RAHMAT RIDWAN SAPUTRA SODIKIN SUDRAJAT SUHERMAN "
        "SULAEMAN SURYANA WAHYUDIN YUSUF",
    ),
    ("sunda", "P"): (
        "ENTIN:2 EUIS:2 ENOK CUCU ENUNG EUTIK ICIH IMAS:2 ITA NANI OOM TATI TITIN YAYAH YATI ONAH ENAH ICAH "
        "EPON UNAH AAH AAS ADAH ANAH ATIK CICIH EMAH EMI ENDAH ENENG ENI ETI IDAH IIS IKAH INAH IPAH JUJUH "
        "KOKOM LILIS MIMIN NINING ROSIDAH SOPIAH UMI",
        "EUIS:2 NENG:3 IIS:2 LILIS:2 NENENG:2 ELIS YUYUN RINA DEWI NOVI RISMA IMAS:2 ENDAH TINI YENI NUNUNG "
        "ENENG:2 AI:2 ANI CUCU DEDE DIAN ELA EVI FITRI HANI HENI IDA IKA INDAH IRMA LIA LINA MIA NINA NURLAELA "
        "RATNA RENI RINI SARI",
        "AULIA DINDA FITRI INTAN NABILA PUTRI SALSABILA SYIFA TIARA ZAHRA ANISA NADIA RIZKA AMELIA ADINDA AYU "
        "CINDY DEA ELSA FEBI JIHAN NURUL RANI RISKA SALWA SARAH TASYA WULAN YUNITA",
        "KOMALASARI SUPRIATIN NURAENI JUBAEDAH ROHAETI MARLIANA WIDIAWATI SOPIAH FITRIANI NURJANAH MAESAROH "
        "SETIAWATI HERAWATI SUSANTI RAHMAWATI WULANDARI APRILIANI NURLAELA PUSPITASARI MAHARANI ROHAYATI "
        "SUNDARI KURNIASIH:2 NURHASANAH MULYANI ROSITA HANDAYANI RAHAYU:2 LESTARI",
    ),
    ("jawa", "L"): (
        "SUPARNO:2 SLAMET:3 SUGENG SUKIMAN SUTRISNO:2 SUYONO MULYONO BAMBANG:2 JOKO:2 PARMAN SUPRIYADI "
        "SUNARTO SUMARNO SARJONO SUKARDI SUWARNO KASIMAN PAIMAN NGATIMIN SUKIRNO WAGIMAN DARMAJI KARSONO "
        "MUJIONO SUPARMAN TUKIMAN SUMADI SUGIMAN SUPRAPTO MARYONO HADI SUWITO ROKHMAT AHMAD SURYADI WAHYU "
        "KHOIRUL CIPTO",
        "AGUS:3 BUDI:2 EKO:2 HERU IWAN JOKO:2 RUDI SLAMET TEGUH WAHYU:2 YUDI ARIF ANDI DIDIK HARI HENDRO "
        "SAPTO SETIYO SUGENG YULI AKHMAD:2 ANANG ANTON DODY FAJAR ROHMAN SAIFUL SUTRISNO KHOIRUL SYAIFUL "
        "CAHYO MUJI PURWANTO",
        "ADITYA ALDI ANDIKA ARDIAN BAGAS BAYU DIMAS:2 FAJAR GALANG GILANG HAFIZ ILHAM IQBAL RAFI REZA RIZKY:2 "
        "SATRIA WAHYU YOGA ZIDAN FARHAN DAFFA ARYA ANGGA NAUFAL RAFA KEVIN",
        "SANTOSO:2 PRASETYO:2 WIBOWO SETIAWAN NUGROHO:2 SUSILO WIDODO SAPUTRO:2 PURNOMO RAHARJO HIDAYAT "
        "KURNIAWAN HARTONO WAHYUDI UTOMO SUGIARTO SETIYONO PRABOWO HANDOKO PRATAMA:2 SAPUTRA FIRMANSYAH ROHMAN "
        "MUSTOFA ARIFIN SAFRUDIN ANSHORI CAHYONO",
    ),
    ("jawa", "P"): (
        "SUMIATI:2 SUPARMI SUKINAH SAMINAH PAINAH TUMINAH SUWARNI SUYATMI JUMINAH KASIYEM SUPIYAH SUKARTI "
        "SUMARNI PARTINAH NGATINAH WAGINAH MUJIYEM SUWARTI SUNARSIH SUTINAH MARSIAH DARMI SUPARTI SUMIYATI "
        "KATMI SUYATI KASMINI SAMIYEM TUKINAH JUWARIYAH CHOTIJAH",
        "ENDANG:2 YULI RINI:2 WIWIK TUTIK ANIK LILIK ERNA ETIK PUJI RATNA SUSI WATI YUNI DEWI ANI ISTI INDAH "
        "NANIK MUJI KUSMIATI SUMARNI YAYUK KHOIRIYAH MUSLIKAH",
        "AYU:2 DEWI DINDA FITRI INTAN NABILA PUTRI:2 SALSABILA SYIFA TIARA ZAHRA ANISA NADIA RIZKA AULIA DEA "
        "ELSA NAILA NAYLA AMELIA CAHYA",
        "WAHYUNI:3 LESTARI:2 RAHAYU:2 ASTUTI:2 HANDAYANI:2 SUSANTI WULANDARI:2 RAHMAWATI PURWANTI "
        "SETYANINGSIH NINGSIH MULYANI UTAMI PRATIWI WIDIASTUTI SUMARNI HARTATI YULIANI KURNIAWATI ANGGRAENI "
        "SAFITRI",
    ),
}
# Forms per cohort. F first name, S second name, M MUHAMMAD in front, A ABDUL + a name of God, T SITI + a
# name, N NUR/NURUL compound, J Javanese prefix + root (SRI WAHYUNI, EKO PRASETYO).
_FORM_TEXT: dict[tuple[str, str], tuple[str, str, str]] = {
    ("aceh", "L"): ("F:30 FS:25 MF:20 MFS:8 A:8 AS:4 N:5", "F:12 FS:35 MF:18 MFS:20 AS:7 N:4 NS:4",
                    "FS:40 MF:10 MFS:30 FSS:12 AS:4 NS:4"),
    ("aceh", "P"): ("F:45 FS:20 T:15 TS:5 N:15", "F:15 FS:45 T:8 TS:10 N:7 NS:10 FSS:5",
                    "F:5 FS:60 FSS:15 TS:8 NS:8 N:4"),
    ("sunda", "L"): ("F:55 FS:25 MF:5 A:8 N:4 NS:3", "F:20 FS:50 MF:8 MFS:6 AS:6 NS:6 FSS:4",
                     "FS:55 FSS:20 MFS:12 MF:5 AS:4 NS:4"),
    ("sunda", "P"): ("F:60 FS:15 T:15 N:10", "F:20 FS:45 T:8 TS:10 N:5 NS:8 FSS:4",
                     "F:4 FS:60 FSS:20 TS:6 NS:10"),
    ("jawa", "L"): ("F:55 FS:15 J:12 MF:6 A:5 N:4 AS:3", "F:15 FS:40 J:15 JS:6 MF:8 MFS:6 AS:5 NS:5",
                    "FS:55 FSS:20 J:5 MFS:10 MF:4 AS:3 NS:3"),
    ("jawa", "P"): ("F:55 FS:8 J:15 T:14 N:8", "F:15 FS:35 J:20 JS:8 T:6 TS:6 N:4 NS:6",
                    "F:4 FS:60 FSS:18 J:5 TS:5 NS:8"),
}  # fmt: skip
# How the KTP writes MUHAMMAD, per region.
_MUHAMMAD_KTP = {
    "aceh": _Table("MUHAMMAD:60 MUHAMAD:10 M.:15 MHD.:5 MOHAMMAD:5 MUH.:5"),
    "melayu": _Table("MUHAMMAD:55 MUHAMAD:10 M.:15 MHD.:10 MOHAMMAD:10"),
    "sunda": _Table("MUHAMMAD:45 MUHAMAD:30 M.:15 MOCH.:10"),
    "jawa": _Table("MUHAMMAD:40 MUHAMAD:20 MOH.:12 M.:15 MOCHAMMAD:8 MOHAMMAD:5"),
}
# Every written form of MUHAMMAD that the lists use, for the variant error.
_MUHAMMAD_FORMS = _Table(
    "MUHAMMAD:30 MUHAMAD:15 MOHAMMAD:8 MOHAMAD:6 M.:15 M:4 MOH.:6 MUH.:5 MHD.:5 MOCH.:4 MUHD:2"
)
_MUHAMMAD_WORDS = frozenset(_MUHAMMAD_FORMS.items) | {"MOCHAMMAD", "MOH", "MUH", "MHD", "MOCH"}
_HUSNA = {
    "aceh": _Table(
        "RAHMAN:4 RAHIM:2 MALIK:2 AZIZ:2 GHANI HAMID:2 KARIM:2 LATIF:2 MAJID WAHAB:2 SALAM HALIM "
        "HAKIM HADI:2 JALIL RAZAK:2 RAUF SAMAD WAHID MANAF MUIN RASYID:2 MUNIR"
    ),
    "jawa": _Table(
        "ROHMAN:4 ROHIM:2 GHOFUR:2 KHOLIK QODIR:2 ROZAK:2 MAJID MALIK AZIZ:2 HAMID:2 KARIM LATIF:2 "
        "SALAM HADI JALIL MUIN MUNIR MANAN WAHAB:2 SOMAD SYUKUR BASIT"
    ),
}
_NUR = {
    "L": (_Table("HADI HIDAYAT ALAM IKHSAN FAUZI AHMAD ALI IMAN AMIN HUDA ARIFIN SALIM"),
          _Table("HUDA:3 IMAN AMIN FIKRI HAKIM ANWAR YAQIN FALAH HIDAYAT IKHSAN AZMI FAJRI")),
    "P": (_Table("AINI:3 HAYATI:3 JANNAH:2 HALIMAH ASIAH LAILA:2 HASANAH:2 AZIZAH FADILAH HIDAYAH ROHMAH "
                 "SAKINAH AFNI ANISA AFIFAH LATIFAH JAMILAH FITRI INDAH AISYAH"),
          _Table("HUSNA:3 HIDAYAH:3 JANNAH:2 FITRI AINI AULIA IZZAH FADHILAH ULFA AFIFAH MAGHFIRAH HASANAH")),
}  # fmt: skip
_SITI = _Table(
    "AMINAH:3 FATIMAH:3 KHADIJAH:2 AISYAH:2 MARYAM:2 ZUBAIDAH RAHMAH HAJAR HAWA SALMA ZULAIKHA:2 HALIMAH "
    "SAFIAH RUKIAH HAFSAH JAMILAH MAISARAH NURHALIZA MUNAWARAH SARAH RAHMAWATI NURHAYATI SALAMAH SYARIFAH "
    "MARDHIAH ZAINAB HASANAH KHAIRUNNISA NURJANNAH ROMLAH MASITOH MAEMUNAH JUBAEDAH NURLAELA ROHAYATI"
)
_JAWA_PREFIX = {"L": _Table("EKO:4 DWI:3 TRI:3 CATUR"), "P": _Table("SRI:6 TRI:2 DWI:2 EKA:2")}
_JAWA_ROOT = {
    "L": _Table("PRASETYO:2 SANTOSO:2 WAHYUDI:2 SUSILO NUGROHO:2 PRIYANTO SUSANTO HARIYANTO WIDODO SAPUTRO "
                "PURNOMO RAHARJO SETIAWAN SULISTYO WIBOWO UTOMO HARTONO SUGIARTO SUPRIYANTO KURNIAWAN MULYONO "
                "YULIANTO HERMANTO BUDIONO"),
    "P": _Table("WAHYUNI:3 LESTARI:2 RAHAYU:2 ASTUTI:2 HANDAYANI:2 SUSANTI WULANDARI:2 RAHMAWATI PURWANTI "
                "SETYANINGSIH NINGSIH MULYANI UTAMI PRATIWI WIDIASTUTI SUMARNI SUPRAPTI HARTATI SULISTYOWATI "
                "YULIANI KURNIAWATI"),
}  # fmt: skip
# Twins' names: a pair of near-identical first names and a shared second name in its male/female form.
_TWIN_FIRST = {
    "LL": (("HASAN", "HUSEN"), ("HASAN", "HUSAIN"), ("RIZKI", "RIZAL"), ("FAJAR", "FAJRI"), ("ZAKI", "ZIKRI"),
           ("RAFI", "RAFA"), ("ALIF", "ALFI"), ("IKHSAN", "IKHWAN")),
    "PP": (("AINI", "AINA"), ("FITRI", "FITRIA"), ("SALWA", "SALMA"), ("NAILA", "NAILI"), ("ZAHRA", "ZAHIRA"),
           ("NAYLA", "NAYLI"), ("RAHMA", "RAHMI")),
    "LP": (("RIZKI", "RIZKA"), ("PUTRA", "PUTRI"), ("FAJAR", "FAJRIA"), ("ADAM", "HAWA"), ("RAHMAT", "RAHMI"),
           ("FAHMI", "FAHMA"), ("DIMAS", "DIANA")),
}  # fmt: skip
_TWIN_SECOND = (("RAMADHAN", "RAMADHANI"), ("SAPUTRA", "SAPUTRI"), ("AULIA", "AULIA"), ("HIDAYAT", "HIDAYAH"),
                ("FIRDAUS", "FIRDAUSI"), ("PRATAMA", "PRATIWI"), ("MAULANA", "MAULIDA"))  # fmt: skip

_TOWNS = {
    "aceh": _Table("BANDA_ACEH:6 SIGLI:2 BIREUEN LHOKSEUMAWE MEDAN MEULABOH PIDIE LANGSA"),
    "melayu": _Table("MEDAN:3 PADANG PEKANBARU PALEMBANG JAKARTA BANDA_ACEH"),
    "sunda": _Table("BANDUNG:4 GARUT TASIKMALAYA CIANJUR SUKABUMI SUMEDANG JAKARTA"),
    "jawa": _Table("SEMARANG:3 SURAKARTA YOGYAKARTA SURABAYA KLATEN BOYOLALI JAKARTA"),
}
_DUSUN_NAMES = {
    "aceh": "DUSUN", "melayu": "DUSUN", "sunda": "KP.", "jawa": "DUSUN",
}  # fmt: skip
_DUSUN_WORDS = {
    "aceh": _words("MELATI MAWAR SEULANGA JEUMPA MEUNASAH TEUNGOH TIMU BARAT LAMPOH_U KRUENG BLANG COT BALEE "
                   "TUNONG BAROH"),
    "melayu": _words("MELATI MAWAR KENANGA I II III IV SEPAKAT BERSAMA MAKMUR"),
    "sunda": _words("CIBODAS SUKAMAJU BABAKAN CIKONENG PASIRJATI SUKAMANAH CIHERANG CIPAKU SINDANGSARI "
                    "GIRIMUKTI CILEUNGSIR"),
    "jawa": _words("KRAJAN KRAJAN_KIDUL KRAJAN_LOR NGABLAK SIDOREJO KARANGANYAR SUMBERSARI GONDANG BANARAN "
                   "PLOSO"),
}  # fmt: skip
_STREETS = {
    "aceh": ("JL. T. NYAK ARIEF", "JL. BANDA ACEH-MEDAN", "JL. CUT NYAK DHIEN", "LR. MESJID", "LR. SEPAKAT",
             "JL. MEUNASAH", "JL. LAKSAMANA MALAHAYATI"),
    "melayu": ("JL. MERDEKA", "JL. PAHLAWAN", "JL. SUDIRMAN", "GG. MASJID", "JL. POROS DESA"),
    "sunda": ("JL. RAYA", "JL. SILIWANGI", "JL. PAJAJARAN", "GG. MESJID", "JL. MERDEKA"),
    "jawa": ("JL. RAYA", "JL. PEMUDA", "JL. DIPONEGORO", "GG. MAWAR", "JL. KARTINI"),
}  # fmt: skip

# Old spelling (before the 1972 reform), one left-to-right pass: the old J was /y/ and DJ was /j/, so modern
# Y -> J and J -> DJ in the same pass. U after A or E stays (TAUFIK, Sundanese EU).
_TO_OLD = re.compile(r"NY|SY|KH|Y|J|C|(?<![AE])U")
_TO_OLD_MAP = {"NY": "NJ", "SY": "SJ", "KH": "CH", "Y": "J", "J": "DJ", "C": "TJ", "U": "OE"}


def _old_word(word: str) -> str:
    old = _OLD_WORDS.get(word)
    if old is None:
        old = _OLD_WORDS[word] = _TO_OLD.sub(lambda m: _TO_OLD_MAP[m.group()], word)
    return old


_OLD_WORDS: dict[str, str] = {}  # names repeat: each word is converted once


def _old_spelling(rng: random.Random, name: str) -> str:
    """The name as written before 1972; each word converted with probability 0.7 (at least one if any)."""
    words = name.split(" ")
    olds = [_old_word(w) for w in words]
    changeable = [i for i, (w, o) in enumerate(zip(words, olds, strict=True)) if w != o]
    if not changeable:
        return name
    keep = rng.choice(changeable)
    return " ".join(
        o if i == keep or rng.random() < 0.7 else w for i, (w, o) in enumerate(zip(words, olds, strict=True))
    )


def _title(text: str) -> str:
    return " ".join(w.capitalize() for w in text.split(" "))


# ---------------------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Desa:
    """A desa/kelurahan: dotted Kemendagri code, name (upper case), kecamatan code and name."""

    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str


@dataclass(frozen=True)
class Regency:
    """A kabupaten/kota with its villages, and the kecamatan of the rest of its province (for migrants)."""

    code: str
    name: str
    desa: tuple[Desa, ...]
    other_kecamatan: tuple[tuple[str, str], ...]  # (kecamatan code, kabupaten name), other kabupaten

    @property
    def province(self) -> str:
        return self.code[:2]


def _short_regency(name: str) -> str:
    return re.sub(r"^(KABUPATEN|KOTA ADMINISTRASI|KOTA)\s+", "", name.upper())


@lru_cache(maxsize=8)
def load_regency(code: str) -> Regency:
    """Read the villages of one kabupaten/kota (``"11.06"``) from the vendored area CSVs."""
    province = code[:2]
    regencies: dict[str, str] = {}
    with open(_AREA_DIR / "regencies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["province_code"] == province:
                regencies[row["code"]] = _short_regency(row["name"].strip())
    if code not in regencies:
        raise ValueError(f"Kabupaten/kota {code!r} tidak ada di data wilayah.")
    districts: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    with open(_AREA_DIR / "districts.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["regency_code"] == code:
                districts[row["code"]] = row["name"].strip().upper()
            elif row["regency_code"] in regencies:
                others.append((row["code"], regencies[row["regency_code"]]))
    villages: list[Desa] = []
    with open(_AREA_DIR / "villages.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            district = row["district_code"]
            if district in districts:
                villages.append(Desa(row["code"], row["name"].strip().upper(), district, districts[district]))
    if not villages:
        raise ValueError(f"Kabupaten/kota {code!r} tidak punya desa/kelurahan di data wilayah.")
    villages.sort(key=lambda d: d.code)
    return Regency(
        code=code, name=regencies[code], desa=tuple(villages), other_kecamatan=tuple(sorted(others))
    )


def _region(province: str) -> str:
    if province == "11":
        return "aceh"
    if province in ("32", "36"):
        return "sunda"
    if province in ("33", "34", "35"):
        return "jawa"
    # Elsewhere a general Malay-Islamic mix; the Acehnese pools are closest to it.
    return "melayu"


# ---------------------------------------------------------------------------------------------------------
# The true population
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrueAddress:
    """Where a household lives: desa, dusun ("DUSUN MELATI", "KP. BABAKAN"), street ("" if none), RT/RW
    as three digits ("" where the desa has no RT/RW, as in most of rural Aceh)."""

    desa: Desa
    dusun: str
    street: str
    rt: str
    rw: str

    @property
    def text(self) -> str:
        return f"{self.street}, {self.dusun}" if self.street else self.dusun


@dataclass(frozen=True, slots=True)
class TruePerson:
    """One real person as Dukcapil knows them today.

    ``name`` is the name on the KTP (upper case, no titles); ``nik`` is "" for a baby without a NIK yet;
    ``relation`` is the KK relation code (1 head, 2 husband, 3 wife, 4 child, 5 child-in-law, 6 grandchild,
    7 parent, 8 parent-in-law). The fields after ``relation`` exist for the lists' errors: ``father_name``
    (for BIN/BINTI), ``mother_id``/``mother_name`` (for "BY NY <mother>"), ``previous_nik`` (the NIK before a
    move, "" unless a new one was issued), ``spelling_alt`` (the name in the other spelling, for people named
    before 1972) and ``twin_id``.
    """

    person_id: str
    nik: str
    no_kk: str
    name: str
    sex: str
    birth_place: str
    birth_date: date
    address: str
    rt: str
    rw: str
    desa_code: str
    desa_name: str
    kecamatan_code: str
    household_id: str
    relation: str
    father_name: str = ""
    mother_id: str = ""
    mother_name: str = ""
    previous_nik: str = ""
    spelling_alt: str = ""
    twin_id: str = ""


@dataclass(frozen=True, slots=True)
class TrueHousehold:
    """A KK. ``members`` are indices into :attr:`Population.persons`, head first. A household that moved has
    its ``previous_address`` and ``previous_no_kk``; members younger than ``moved_days_ago`` were born after
    the move and are absent from lists made before it. ``poverty`` in [0, 1] drives programme targeting."""

    household_id: str
    no_kk: str
    address: TrueAddress
    members: tuple[int, ...]
    poverty: float
    previous_address: TrueAddress | None = None
    previous_no_kk: str = ""
    moved_days_ago: int = 0


@dataclass(frozen=True)
class Population:
    """The truth: ``persons`` (ids "P0000001"...) in ``households``, in ``regency``; ``region`` is the naming
    region ("aceh", "sunda", "jawa", or "melayu" elsewhere)."""

    regency: Regency
    region: str
    persons: list[TruePerson]
    households: list[TrueHousehold]


@dataclass(slots=True)
class _Member:
    sex: str
    age: float
    relation: str
    mother: int = -1
    father: int = -1
    twin: int = -1


@dataclass(slots=True)
class _DesaPlan:
    desa: Desa
    dusun: list[str]
    has_rt: bool
    rt_per_rw: int
    urban: bool
    poverty: float


_KINDS = _Table("nuclear:52 extended:12 three_generations:10 single_mother:9 elderly:9 couple:5 single:3")
_CHILD_COUNT = _Table("1:15 2:30 3:25 4:15 5:9 6:6")
_POVERTY_SHIFT = {"elderly": 0.1, "single_mother": 0.1, "three_generations": 0.04, "extended": 0.03}


class _Serials:
    """Next serial per 12-digit NIK/KK prefix, so numbers are unique and twins get consecutive serials.

    Numbers are formatted here in :func:`sinergi.core.nik.make_nik`'s layout rather than by calling it: its
    argument checks cost more than the rest of a person, and the kecamatan code and serial are checked here.
    The tests compare every number with ``make_nik``/``parse_nik``.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.digits: dict[str, str] = {}
        self.dates: dict[tuple[date, str], str] = {}  # DDMMYY of a NIK; birth dates repeat

    def _next(self, prefix: str) -> str:
        serial = self.counts.get(prefix, 0) + 1
        if serial > 9999:
            raise ValueError(f"Nomor urut untuk awalan {prefix} habis (lebih dari 9999).")
        self.counts[prefix] = serial
        return f"{prefix}{serial:04d}"

    def _code6(self, kecamatan: str) -> str:
        code6 = self.digits.get(kecamatan)
        if code6 is None:
            # make_nik validates the code once per kecamatan.
            code6 = self.digits[kecamatan] = make_nik(
                kecamatan_code=kecamatan, birth_date=REFERENCE_DATE, sex="L", serial=1
            )[:6]
        return code6

    def nik(self, kecamatan: str, born: date, sex: str) -> str:
        part = self.dates.get((born, sex))
        if part is None:
            day = born.day + (40 if sex == "P" else 0)
            part = self.dates[born, sex] = f"{day:02d}{born.month:02d}{born.year % 100:02d}"
        return self._next(self._code6(kecamatan) + part)

    def kk(self, kecamatan: str, issued: date) -> str:
        # KK serials are counted apart from NIK serials (the K in the key): a man born on the day a KK was
        # issued has a NIK with the KK's prefix, and both may be serial 0001.
        number = self._next(
            f"K{self._code6(kecamatan)}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}"
        )
        return number[1:]


class _Namer:
    """Draws names for one region."""

    def __init__(self, region: str) -> None:
        base = "aceh" if region == "melayu" else region
        self.region = region
        self.first = {sex: tuple(_Table(t) for t in _POOL_TEXT[(base, sex)][:3]) for sex in "LP"}
        self.second = {sex: _Table(_POOL_TEXT[(base, sex)][3]) for sex in "LP"}
        self.forms = {sex: tuple(_Table(t) for t in _FORM_TEXT[(base, sex)]) for sex in "LP"}
        self.muhammad = _MUHAMMAD_KTP[region]
        self.husna = _HUSNA["jawa" if base in ("sunda", "jawa") else "aceh"]

    def name(self, rng: random.Random, sex: str, year: int) -> str:
        era = 0 if year < 1975 else 1 if year < 2000 else 2
        words: list[str] = []
        for slot in self.forms[sex][era].pick(rng):
            part = self._slot(rng, slot, sex, era)
            if part in words:  # ZAHRA ZAHRA: draw once more, else leave the slot out
                part = self._slot(rng, slot, sex, era)
                if part in words:
                    continue
            words.append(part)
        name = " ".join(words)
        if self.region == "aceh" and rng.random() < 0.03:
            # Teuku and Cut (Acehnese nobility) are written on the KTP as part of the name.
            name = f"{'T.' if rng.random() < 0.5 else 'TEUKU'} {name}" if sex == "L" else f"CUT {name}"
        return name

    def given_only(self, rng: random.Random, sex: str, year: int) -> str:
        """A plain one- or two-word name (for a father who is not in the household)."""
        era = 0 if year < 1975 else 1 if year < 2000 else 2
        first = self.first[sex][era].pick(rng)
        return first if rng.random() < 0.6 else f"{first} {self.second[sex].pick(rng)}"

    def _slot(self, rng: random.Random, slot: str, sex: str, era: int) -> str:
        if slot == "F":
            return self.first[sex][era].pick(rng)
        if slot == "S":
            return self.second[sex].pick(rng)
        if slot == "M":
            return self.muhammad.pick(rng)
        if slot == "A":
            name = self.husna.pick(rng)
            roll = rng.random()
            if roll < 0.15 and name[0] in "RS":
                return f"ABDU{name[0]}{name}"  # the sun letter assimilates: ABDURRAHMAN, ABDUSSAMAD
            return f"ABD. {name}" if roll > 0.92 else f"ABDUL {name}"
        if slot == "T":
            return f"SITI {_SITI.pick(rng) if rng.random() < 0.6 else self.first[sex][era].pick(rng)}"
        if slot == "N":
            nur, nurul = _NUR[sex]
            roll = rng.random()
            if roll < 0.35:
                return f"NURUL {nurul.pick(rng)}"
            return f"NUR{nur.pick(rng)}" if roll < 0.55 else f"NUR {nur.pick(rng)}"
        if slot == "J":
            return f"{_JAWA_PREFIX[sex].pick(rng)} {_JAWA_ROOT[sex].pick(rng)}"
        raise ValueError(slot)

    def twins(self, rng: random.Random, sexes: str, year: int) -> tuple[str, str]:
        key = "LP" if sexes in ("LP", "PL") else sexes
        first = rng.choice(_TWIN_FIRST[key])
        if sexes == "PL":
            first = (first[1], first[0])
        second = rng.choice(_TWIN_SECOND)
        names = [f"{f} {second[0] if s == 'L' else second[1]}" for f, s in zip(first, sexes, strict=True)]
        if rng.random() < 0.4:
            prefix = self.muhammad.pick(rng)
            names = [f"{prefix} {n}" if s == "L" else n for n, s in zip(names, sexes, strict=True)]
        return names[0], names[1]


def _members(rng: random.Random, kind: str) -> list[_Member]:
    if kind in ("nuclear", "extended", "couple"):
        if kind == "couple":
            head_age = _clamp(rng.gauss(27, 4) if rng.random() < 0.5 else rng.gauss(63, 8), 19, 90)
        else:
            head_age = _clamp(rng.triangular(21, 72, 36), 20, 75)
        wife_age = _clamp(head_age - rng.gauss(4, 3.5), 17.5, head_age + 8)
        people = [_Member("L", head_age, HEAD), _Member("P", wife_age, WIFE)]
        if kind != "couple":
            _children(rng, people, mother=1, father=0, target=int(_CHILD_COUNT.pick(rng)))
        if kind == "extended":
            _elderly_parents(rng, people, of=0 if rng.random() < 0.6 else 1)
        return people
    if kind == "single_mother":
        people = [_Member("P", _clamp(rng.gauss(40, 9), 22, 72), HEAD)]
        _children(rng, people, mother=0, father=-1, target=int(_CHILD_COUNT.pick(rng)), keep_one=True)
        return people
    if kind == "elderly":
        age = _clamp(rng.gauss(72, 7), 60, 95)
        if rng.random() < 0.4:
            return [_Member("L", age, HEAD), _Member("P", _clamp(age - rng.gauss(4, 3), 55, 95), WIFE)]
        return [_Member("L" if rng.random() < 0.3 else "P", age, HEAD)]
    if kind == "single":
        return [_Member("L" if rng.random() < 0.55 else "P", rng.uniform(19, 55), HEAD)]
    # Three generations: an older couple (or widow), a married child with spouse, and grandchildren.
    age = _clamp(rng.gauss(62, 7), 48, 88)
    people = [_Member("L", age, HEAD)]
    mother = 1
    if rng.random() < 0.75:
        people.append(_Member("P", _clamp(age - rng.gauss(4, 3), 40, 90), WIFE))
    else:
        people[0] = _Member("P", age - 3, HEAD)
        mother = 0
    mother_age = people[mother].age
    child_age = _clamp(mother_age - rng.uniform(19, 32), 19, 60)
    father = 0 if mother == 1 else -1
    if rng.random() < 0.5:
        people.append(_Member("L", child_age, CHILD, mother=mother, father=father))
        people.append(_Member("P", _clamp(child_age - rng.gauss(3, 3), 18, child_age + 6), CHILD_IN_LAW))
        parents = (len(people) - 1, len(people) - 2)
    else:
        people.append(_Member("P", child_age, CHILD, mother=mother, father=father))
        people.append(_Member("L", _clamp(child_age + rng.gauss(4, 3), 19, 70), CHILD_IN_LAW))
        parents = (len(people) - 2, len(people) - 1)
    _children(
        rng,
        people,
        mother=parents[0],
        father=parents[1],
        target=rng.choice((1, 1, 2, 2, 3)),
        relation=GRANDCHILD,
    )
    return people


def _children(
    rng: random.Random,
    people: list[_Member],
    *,
    mother: int,
    father: int,
    target: int,
    relation: str = CHILD,
    keep_one: bool = False,
) -> None:
    """Children of ``mother``: first birth at 17-34, 1.2+ years apart, none after 45; grown-ups leave."""
    mother_age = people[mother].age
    at_birth = _clamp(rng.gauss(22.5, 3.5), 17.0, 34.0)
    born = 0
    added = 0
    while born < target and at_birth <= 44.5:
        age = mother_age - at_birth
        if age < 0:
            break
        twins = rng.random() < _TWIN_BIRTH
        sex = "L" if rng.random() < 0.51 else "P"
        # A third of twin pairs are identical (same sex); the rest are two independent births.
        sex2 = sex if rng.random() < 1 / 3 else ("L" if rng.random() < 0.51 else "P")
        leaves = age >= 18 and rng.random() > max(0.03, 1 - (age - 17) * (0.06 if sex == "L" else 0.09))
        if not leaves:
            people.append(_Member(sex, age, relation, mother=mother, father=father))
            added += 1
            if twins:
                people.append(
                    _Member(sex2, age, relation, mother=mother, father=father, twin=len(people) - 1)
                )
                people[-2].twin = len(people) - 1
                added += 1
        born += 2 if twins else 1
        at_birth += 1.2 + rng.expovariate(1 / 2.2)
    if keep_one and not added:
        people.append(
            _Member(
                "L" if rng.random() < 0.51 else "P",
                rng.uniform(0.0, min(17.0, mother_age - 17)),
                relation,
                mother=mother,
                father=father,
            )
        )


def _elderly_parents(rng: random.Random, people: list[_Member], *, of: int) -> None:
    """A widowed parent, or both parents, of the head (orang tua) or of the wife (mertua)."""
    child = people[of]
    if child.age > 72:
        return
    relation = PARENT if of == 0 else PARENT_IN_LAW
    mother_age = child.age + rng.uniform(19, min(38.0, 97 - child.age))
    roll = rng.random()
    if roll < 0.75:
        people.append(_Member("P", mother_age, relation))
        child.mother = len(people) - 1
    if roll > 0.55:
        people.append(_Member("L", _clamp(mother_age + rng.gauss(4, 3), mother_age - 2, 99), relation))
        child.father = len(people) - 1


def _birth_date(rng: random.Random, age: float) -> date:
    born = REFERENCE_DATE - timedelta(days=int(age * _DAYS_PER_YEAR))
    # Dukcapil writes an unknown birth day as 1 January (sometimes 31 December or 1 July) of a guessed year;
    # common among people born before the 1970s.
    p_heap = 0.3 if born.year < 1960 else 0.12 if born.year < 1975 else 0.0
    if p_heap and rng.random() < p_heap:
        roll = rng.random()
        return (
            date(born.year, 1, 1)
            if roll < 0.7
            else date(born.year, 12, 31)
            if roll < 0.85
            else date(born.year, 7, 1)
        )
    return born


def _plan_desa(rng: random.Random, desa: Desa, region: str) -> _DesaPlan:
    words = list(_DUSUN_WORDS[region])
    rng.shuffle(words)
    count = rng.randint(3, min(6, len(words)))
    dusun = [f"{_DUSUN_NAMES[region]} {w}" for w in words[:count]]
    if region == "jawa" and rng.random() < 0.3:
        dusun = [d.replace("DUSUN ", "DUKUH ") for d in dusun]
    urban = desa.code.rsplit(".", 1)[1].startswith("1")  # 1xxx kelurahan, 2xxx desa
    has_rt = region in ("sunda", "jawa") or urban or rng.random() < 0.25
    poverty = _clamp(rng.betavariate(2.5, 3.6) - (0.12 if urban else 0.0), 0.03, 0.95)
    return _DesaPlan(desa, dusun, has_rt, rng.randint(2, 6), urban, poverty)


def _address(rng: random.Random, plan: _DesaPlan, region: str) -> TrueAddress:
    index = rng.randrange(len(plan.dusun))
    street = ""
    if rng.random() < (0.6 if plan.urban else 0.2):
        street = f"{rng.choice(_STREETS[region])} NO. {rng.randint(1, 120)}"
    rt = rw = ""
    if plan.has_rt:
        rt = f"{rng.randint(1, plan.rt_per_rw) + index * plan.rt_per_rw:03d}"
        rw = f"{index + 1:03d}"
    return TrueAddress(plan.desa, plan.dusun[index], street, rt, rw)


def make_population(*, persons: int, seed: int, regency: str = "11.06") -> Population:
    """The true population of ``regency``: exactly ``persons`` people in households (see the module doc)."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    # The population is millions of small objects that live on and hold no reference cycles: the cyclic
    # collector would only traverse them again and again while they are built.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _make_population(persons, seed, regency)
    finally:
        if enabled:
            gc.enable()


def _make_population(persons: int, seed: int, regency: str) -> Population:
    area = load_regency(regency)
    region = _region(area.province)
    rng = random.Random(seed)
    namer = _Namer(region)
    serials = _Serials()
    plans = [_plan_desa(rng, d, region) for d in area.desa]
    desa_pick = _Table([(str(i), rng.lognormvariate(0.0, 0.5) * (1.5 if p.urban else 1.0))
                        for i, p in enumerate(plans)])  # fmt: skip
    by_kecamatan: dict[str, list[int]] = {}
    for i, p in enumerate(plans):
        by_kecamatan.setdefault(p.desa.kecamatan_code, []).append(i)
    towns = _TOWNS[region]
    out: list[TruePerson] = []
    households: list[TrueHousehold] = []
    while len(out) < persons:
        kind = _KINDS.pick(rng)
        members = _members(rng, kind)[: persons - len(out)]
        for m in members:  # the last household may be cut short to hit ``persons`` exactly
            m.mother = m.mother if m.mother < len(members) else -1
            m.father = m.father if m.father < len(members) else -1
            m.twin = m.twin if m.twin < len(members) else -1
        plan = plans[int(desa_pick.pick(rng))]
        address = _address(rng, plan, region)
        kecamatan = plan.desa.kecamatan_code
        poverty = _clamp(plan.poverty + rng.gauss(0.0, 0.18) + _POVERTY_SHIFT.get(kind, 0.0), 0.0, 1.0)
        # A move: from another desa of the kabupaten, some years ago.
        previous: TrueAddress | None = None
        moved_days = 0
        new_nik = False
        if rng.random() < _MOVED_HOUSEHOLD and len(plans) > 1:
            same = [i for i in by_kecamatan[kecamatan] if plans[i] is not plan]
            if same and rng.random() >= _MOVED_OTHER_KECAMATAN:
                old_plan = plans[rng.choice(same)]
            else:
                old_plan = plans[rng.randrange(len(plans))]
                while old_plan is plan:
                    old_plan = plans[rng.randrange(len(plans))]
            previous = _address(rng, old_plan, region)
            moved_days = rng.randint(200, 3650)
            new_nik = old_plan.desa.kecamatan_code != kecamatan and rng.random() < _NEW_NIK_AFTER_MOVE
        household_id = f"H{len(households) + 1:07d}"
        first_index = len(out)
        births = [_birth_date(rng, m.age) for m in members]
        ages_days = [(REFERENCE_DATE - b).days for b in births]
        # Parents are named before their children (and the first twin before the second): oldest first.
        order = sorted(range(len(members)), key=lambda i: (-ages_days[i], i))
        names: list[str] = [""] * len(members)
        given: list[str] = [""] * len(members)  # without BIN ..., as a child's patronym uses it
        father_names: list[str] = [""] * len(members)
        niks: list[str] = [""] * len(members)
        previous_niks: list[str] = [""] * len(members)
        places: list[str] = [""] * len(members)
        for i in order:
            m = members[i]
            year = births[i].year
            if m.twin >= 0 and given[i]:
                name = given[i]  # drawn with the first twin
            elif m.twin >= 0 and not given[m.twin] and rng.random() < 0.8:
                name, given[m.twin] = namer.twins(rng, m.sex + members[m.twin].sex, year)
            elif (
                m.father >= 0
                and m.sex == "L"
                and m.relation in (CHILD, GRANDCHILD)
                and m.twin < 0
                and rng.random() < _SAME_NAME_SON[region]
            ):
                name = given[m.father]  # the hard case: son named exactly as his father
            else:
                name = namer.name(rng, m.sex, year)
            given[i] = name
            father = given[m.father] if m.father >= 0 else namer.given_only(rng, "L", year - 28)
            father_names[i] = father
            if ages_days[i] >= 18 * 365 and rng.random() < _PATRONYM_ON_KTP[region]:
                name = f"{name} {'BIN' if m.sex == 'L' else 'BINTI'} {father}"
            if year < 1972 and rng.random() < (_OLD_SPELLING_ON_KTP[region] if year < 1965 else 0.1):
                name = _old_spelling(rng, name)
            names[i] = name
            # NIK: issued where the person was registered; none yet for many babies.
            days = ages_days[i]
            if (days < 365 and rng.random() < _NO_NIK_UNDER_1) or (
                days < 730 and rng.random() < _NO_NIK_UNDER_2
            ):
                nik = ""
            elif days >= 18 * 365 and area.other_kecamatan and rng.random() < _MIGRANT_ADULT:
                origin, origin_name = rng.choice(area.other_kecamatan)
                nik = serials.nik(origin, births[i], m.sex)
                places[i] = origin_name
            elif previous is not None and days > moved_days:
                old_kecamatan = previous.desa.kecamatan_code
                if new_nik:
                    previous_niks[i] = serials.nik(old_kecamatan, births[i], m.sex)
                    nik = serials.nik(kecamatan, births[i], m.sex)
                else:
                    nik = serials.nik(old_kecamatan, births[i], m.sex)  # a NIK is kept for life
            else:
                nik = serials.nik(kecamatan, births[i], m.sex)
            niks[i] = nik
            if not places[i]:
                roll = rng.random()
                if days < 18 * 365:
                    roll *= 0.8  # more children born in a town's hospital than their parents
                places[i] = (area.name if roll < 0.5 else plan.desa.kecamatan_name if roll < 0.7
                             else plan.desa.name if roll < 0.78 else towns.pick(rng))  # fmt: skip
        youngest = max(births)
        # A KK is reissued whenever a member is added or the family moves.
        first_day = max(_EARLIEST_KK, youngest).toordinal()
        if previous is not None:
            first_day = max(first_day, (REFERENCE_DATE - timedelta(days=moved_days)).toordinal())
        issued = date.fromordinal(rng.randint(first_day, REFERENCE_DATE.toordinal()))
        no_kk = serials.kk(kecamatan, issued)
        previous_kk = ""
        if previous is not None:
            moved_on = REFERENCE_DATE - timedelta(days=moved_days)
            low = max(date(1995, 1, 1), min(births)).toordinal()
            previous_kk = serials.kk(
                previous.desa.kecamatan_code,
                date.fromordinal(rng.randint(min(low, moved_on.toordinal() - 1), moved_on.toordinal() - 1)),
            )
        desa = plan.desa
        address_text = address.text
        for i, m in enumerate(members):
            index = first_index + i
            out.append(TruePerson(
                person_id=f"P{index + 1:07d}", nik=niks[i], no_kk=no_kk, name=names[i], sex=m.sex,
                birth_place=places[i], birth_date=births[i], address=address_text, rt=address.rt, rw=address.rw,
                desa_code=desa.code, desa_name=desa.name, kecamatan_code=kecamatan, household_id=household_id,
                relation=m.relation, father_name=father_names[i],
                mother_id=f"P{first_index + m.mother + 1:07d}" if m.mother >= 0 else "",
                mother_name=given[m.mother] if m.mother >= 0 else "",
                previous_nik=previous_niks[i],
                spelling_alt=_spelling_alt(rng, names[i]) if births[i].year < 1972 else "",
                twin_id=f"P{first_index + m.twin + 1:07d}" if m.twin >= 0 else "",
            ))  # fmt: skip
        households.append(TrueHousehold(
            household_id=household_id, no_kk=no_kk, address=address,
            members=tuple(range(first_index, first_index + len(members))), poverty=poverty,
            previous_address=previous, previous_no_kk=previous_kk, moved_days_ago=moved_days,
        ))  # fmt: skip
    return Population(regency=area, region=region, persons=out, households=households)


_OLD_MARK = re.compile(r"OE|DJ|TJ|SJ|CH|NJ")
_TO_NEW = re.compile(r"OE|DJ|TJ|SJ|CH|NJ|J")
_TO_NEW_MAP = {"OE": "U", "DJ": "J", "TJ": "C", "SJ": "SY", "CH": "KH", "NJ": "NY", "J": "Y"}


def _spelling_alt(rng: random.Random, name: str) -> str:
    """The other spelling of a pre-1972 name: modern for a name written old, old for a modern one."""
    if _OLD_MARK.search(name):
        # Only words with an old mark are rewritten: in them the remaining J is the old /y/.
        alt = " ".join(_TO_NEW.sub(lambda m: _TO_NEW_MAP[m.group()], w) if _OLD_MARK.search(w) else w
                       for w in name.split(" "))  # fmt: skip
    else:
        alt = _old_spelling(rng, name)
    return "" if alt == name else alt


# ---------------------------------------------------------------------------------------------------------
# Sources and their errors
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceProfile:
    """One programme's list: who it covers, how it writes fields, and how often each error happens.

    ``coverage`` is the expected share of the population the list names. Households are taken in order of
    poverty plus Gaussian noise (``targeting_noise``: inclusion and exclusion errors), so the programmes
    overlap as real ones do, until the expected number of persons listed reaches the coverage. Who of a
    household is listed: ``members`` = "household" (everyone, each other member left out with probability
    ``member_dropout``), "pkh" (households with a child under 18 or someone over 70: the mother or head
    plus those components) or "couple" (the recipient and spouse).

    Every other float is the probability of one error kind per record (:data:`ERROR_KINDS`), applied where
    it can apply: ``old_spelling`` only to people named before 1972, ``muhammad_variant`` only to names with
    MUHAMMAD, ``title_added`` only to adults, ``newborn_alias`` only to babies without a NIK, ``nik_copied``
    only to rows other than the head's (five times as often for a baby without a NIK), ``old_address`` only
    to households that moved (the list predates the move, so it has the old desa, address and KK),
    ``old_nik`` only to movers in such a stale record who have since been given a new NIK (DTKS verifies
    NIKs against Dukcapil, so its rate is low). ``nik_missing``, ``nik_copied``, ``nik_is_kk`` (the KK
    number in the NIK column) and ``nik_typo`` are exclusive (one draw); the KK number gets a typo
    (``kk_typo``) at the ``nik_typo`` rate, as the same operator types both. ``patronym`` is scaled by the
    region's habit of writing BIN/BINTI.

    A list is made per desa (a village's sheet), and some things hold for a whole sheet: Excel damages a
    sheet's NIK column, not single cells (``nik_excel`` is the expected share of rows; a damaged sheet has
    90% of its NIKs damaged, all in one way), its operator types in Title Case (``title_case_desa`` of the
    sheets) and writes dates and sex in one way (the sheet's format from ``date_formats`` for 85% of rows,
    its pair of ``sex_labels`` for 90%, the rest drawn per row).

    Other styles: ``desa_code_style`` ("dotted" 11.06.07.2001 or "digits" 1106072001), ``address_style``
    ("full", "with_desa": with the desa name, "dusun": only the dusun) and ``rt_style`` ("pad3" 003 or
    "plain" 3).
    """

    name: str
    coverage: float
    members: str = "household"
    member_dropout: float = 0.0
    targeting_noise: float = 0.15
    name_typo: float = 0.0
    spelling_variant: float = 0.0
    old_spelling: float = 0.0
    title_added: float = 0.0
    muhammad_variant: float = 0.0
    name_order_swap: float = 0.0
    name_part_dropped: float = 0.0
    patronym: float = 0.0
    initials: float = 0.0
    case_spacing: float = 0.0
    title_case_desa: float = 0.0
    newborn_alias: float = 0.0
    nik_typo: float = 0.0
    nik_excel: float = 0.0
    nik_missing: float = 0.0
    nik_copied: float = 0.0
    nik_is_kk: float = 0.0
    old_nik: float = 0.0
    kk_missing: float = 0.0
    birth_date_estimated: float = 0.0
    birth_date_missing: float = 0.0
    birth_place_missing: float = 0.0
    sex_missing: float = 0.0
    old_address: float = 0.0
    desa_as_name: float = 0.0
    rt_rw_missing: float = 0.0
    duplicate: float = 0.0
    date_formats: tuple[tuple[str, float], ...] = (("iso", 1.0),)
    sex_labels: tuple[tuple[str, str], ...] = (("L", "P"),)
    desa_code_style: str = "dotted"
    address_style: str = "full"
    rt_style: str = "pad3"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 <= value <= 1.0 and f.name != "targeting_noise":
                raise ValueError(f"{self.name}: {f.name} must be in [0, 1], got {value}")
        if self.nik_missing + self.nik_copied + self.nik_is_kk + self.nik_typo > 1.0:
            raise ValueError(f"{self.name}: the NIK error rates add up to more than 1")
        if self.nik_excel > _EXCEL_DAMAGED_ROWS:
            raise ValueError(f"{self.name}: nik_excel must be at most {_EXCEL_DAMAGED_ROWS}")
        if self.members not in ("household", "pkh", "couple"):
            raise ValueError(f"{self.name}: members must be household, pkh or couple")
        unknown = [fmt for fmt, _ in self.date_formats if fmt not in DATE_FORMATS]
        if unknown or not self.date_formats:
            raise ValueError(f"{self.name}: unknown date formats {unknown}")
        if self.desa_code_style not in ("dotted", "digits") or self.rt_style not in ("pad3", "plain"):
            raise ValueError(f"{self.name}: unknown desa code or RT style")
        if self.address_style not in ("full", "with_desa", "dusun"):
            raise ValueError(f"{self.name}: unknown address style")


SOURCES: tuple[SourceProfile, ...] = (
    # The social welfare register: verified against Dukcapil, typed by trained operators, whole households.
    SourceProfile(
        name="DTKS", coverage=0.55, members="household", member_dropout=0.03, targeting_noise=0.12,
        name_typo=0.02, spelling_variant=0.02, old_spelling=0.05, title_added=0.02, muhammad_variant=0.1,
        name_order_swap=0.003, name_part_dropped=0.02, patronym=0.02, initials=0.01, case_spacing=0.01,
        newborn_alias=0.3, nik_typo=0.008, nik_excel=0.002, nik_missing=0.005, nik_copied=0.003,
        nik_is_kk=0.001, old_nik=0.1, kk_missing=0.002, birth_date_estimated=0.02, birth_date_missing=0.002,
        birth_place_missing=0.01, sex_missing=0.001, old_address=0.3, desa_as_name=0.0, rt_rw_missing=0.02,
        duplicate=0.005, date_formats=(("iso", 1.0),), sex_labels=(("LAKI-LAKI", "PEREMPUAN"),),
    ),
    # PKH: families with children (and elderly), the mother as recipient; updated by facilitators.
    SourceProfile(
        name="PKH", coverage=0.22, members="pkh", member_dropout=0.05, targeting_noise=0.15,
        name_typo=0.05, spelling_variant=0.04, old_spelling=0.08, title_added=0.02, muhammad_variant=0.2,
        name_order_swap=0.01, name_part_dropped=0.04, patronym=0.03, initials=0.03, case_spacing=0.05,
        newborn_alias=0.5, nik_typo=0.03, nik_excel=0.03, nik_missing=0.02, nik_copied=0.02, nik_is_kk=0.01,
        old_nik=0.6, kk_missing=0.05, birth_date_estimated=0.04, birth_date_missing=0.01,
        birth_place_missing=0.03, sex_missing=0.005, old_address=0.4, desa_as_name=0.05, rt_rw_missing=0.1,
        duplicate=0.01, date_formats=(("dmy_dash", 0.7), ("iso", 0.3)),
    ),
    # BPNT: the recipient (usually the wife) and spouse, from bank/distribution lists.
    SourceProfile(
        name="BPNT", coverage=0.18, members="couple", member_dropout=0.2, targeting_noise=0.2,
        name_typo=0.04, spelling_variant=0.04, old_spelling=0.08, title_added=0.04, muhammad_variant=0.2,
        name_order_swap=0.01, name_part_dropped=0.05, patronym=0.03, initials=0.04, case_spacing=0.05,
        nik_typo=0.03, nik_excel=0.02, nik_missing=0.02, nik_copied=0.01, nik_is_kk=0.01, old_nik=0.6,
        kk_missing=0.05, birth_date_estimated=0.04, birth_date_missing=0.01, birth_place_missing=0.05,
        sex_missing=0.005, old_address=0.5, desa_as_name=0.05, rt_rw_missing=0.2, duplicate=0.01,
        date_formats=(("dmy_slash", 0.8), ("long", 0.2)), sex_labels=(("LK", "PR"),), address_style="dusun",
    ),
    # PBI-JK: health-insurance members, individuals; BPJS data often lacks the KK, newborns as BY NY.
    SourceProfile(
        name="PBI-JK", coverage=0.45, members="household", member_dropout=0.15, targeting_noise=0.2,
        name_typo=0.03, spelling_variant=0.03, old_spelling=0.1, title_added=0.01, muhammad_variant=0.25,
        name_order_swap=0.01, name_part_dropped=0.03, patronym=0.01, initials=0.05, case_spacing=0.05,
        newborn_alias=0.8, nik_typo=0.02, nik_excel=0.005, nik_missing=0.01, nik_copied=0.01,
        nik_is_kk=0.005, old_nik=0.7, kk_missing=0.3, birth_date_estimated=0.03, birth_date_missing=0.005,
        birth_place_missing=0.1, sex_missing=0.005, old_address=0.5, desa_as_name=0.02, rt_rw_missing=0.3,
        duplicate=0.01, date_formats=(("dmy_dash", 0.75), ("excel", 0.25)), desa_code_style="digits",
        address_style="with_desa", rt_style="plain",
    ),
    # BLT-DD: typed by hand in each village office: heavy errors, mixed case, missing NIK, dusun addresses.
    SourceProfile(
        name="BLT-DD", coverage=0.2, members="household", member_dropout=0.3, targeting_noise=0.3,
        name_typo=0.12, spelling_variant=0.1, old_spelling=0.25, title_added=0.15, muhammad_variant=0.4,
        name_order_swap=0.03, name_part_dropped=0.12, patronym=0.15, initials=0.06, case_spacing=0.25,
        title_case_desa=0.4, newborn_alias=0.8, nik_typo=0.06, nik_excel=0.1, nik_missing=0.2,
        nik_copied=0.05, nik_is_kk=0.03, old_nik=0.5, kk_missing=0.4, birth_date_estimated=0.15,
        birth_date_missing=0.08, birth_place_missing=0.2, sex_missing=0.02, old_address=0.2,
        desa_as_name=0.6, rt_rw_missing=0.5, duplicate=0.02,
        date_formats=(("dmy_slash", 0.45), ("long", 0.2), ("excel", 0.2), ("dmy_dash", 0.1), ("dmy_short", 0.05)),
        sex_labels=(("L", "P"), ("LK", "PR"), ("Laki-laki", "Perempuan"), ("L", "P")),
        address_style="dusun", rt_style="plain",
    ),
)  # fmt: skip


def records_per_person(sources: Sequence[SourceProfile] = SOURCES) -> float:
    """Expected records per true person: the sum of coverages, plus within-source duplicates (1.62 by
    default; every source lists slightly more than its coverage because whole households are taken)."""
    return sum(s.coverage * (1.0 + s.duplicate) for s in sources)


def persons_for_records(records: int, sources: Sequence[SourceProfile] = SOURCES) -> int:
    """The population size that gives about ``records`` records."""
    return max(1, round(records / records_per_person(sources)))


# Keyboard neighbours on a QWERTY keyboard (rows offset as on real keyboards), for operators' typos.
_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        _NEIGHBOURS[_ch] = "".join(
            _ROWS[_r + dr][_c + dc]
            for dr, dc in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0))
            if 0 <= _r + dr < 3 and 0 <= _c + dc < len(_ROWS[_r + dr])
        )

# Spellings that operators write as they hear them (one rule applied per error): I/Y at the end (RIZKI,
# RIZKY), DH/D (RAMADHAN), KH/H (KHAIRUL), SY/S (SYAHRUL), F/P (Sundanese FITRI/PITRI), Z/S (RIZKI/RISKI),
# AI/AE (ZAINAL/ZAENAL), Q/K (TAUFIQ), DZ/Z (HAFIDZ), IE/I (ARIEF), a final H dropped (FATIMAH/FATIMA),
# doubled consonants (HASAN/HASSAN).
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"I$", "Y"), (r"Y$", "I"), (r"DH", "D"), (r"(?<=[AIUEO])D(?=[AIUEO])", "DH"), (r"^KH", "H"),
        (r"KH", "K"), (r"SY", "S"), (r"^F", "P"), (r"F", "P"), (r"Z", "S"), (r"AI", "AE"), (r"AE", "AI"),
        (r"Q", "K"), (r"DZ", "Z"), (r"IE", "I"), (r"(?<=[AIUEO])H$", ""), (r"(?<=[AIUEO])([SLMNR])(?=[AIUEO])", r"\1\1"),
        (r"([SLMNR])\1", r"\1"), (r"TH", "T"), (r"V", "F"),
    )
)  # fmt: skip

_DEGREES = _Table("S.Pd:30 S.Pd.I:10 S.Ag:8 S.E:10 S.Sos:8 S.H:5 A.Md:10 A.Md.Keb:4 S.Kep:4 S.Kom:4 S.T:4")
_LONG_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")


class SyntheticRecord(NamedTuple):
    """One list row (:data:`COLUMNS`), the person it describes, and the error kinds put into it."""

    row: dict[str, str]
    person_id: str
    errors: tuple[str, ...]


class _Lister:
    """Writes one source's list of a population."""

    def __init__(self, population: Population, profile: SourceProfile, seed: int, ages: list[int]) -> None:
        self.population = population
        self.ages = ages  # age in days per person, shared by the sources
        self.profile = profile
        self.rng = random.Random(f"{seed}/{profile.name}")
        self.region = population.region
        self.dates = _Table(profile.date_formats)
        self.date_texts: dict[tuple[date, str], str] = {}  # a few tens of thousands of birth dates repeat
        p = profile
        # Cumulative thresholds of the exclusive NIK errors.
        self.nik_thresholds = tuple(accumulate((p.nik_missing, p.nik_copied, p.nik_is_kk, p.nik_typo)))
        self.patronym = p.patronym * _PATRONYM_HABIT[self.region]
        self._new_sheet()

    # -- who is listed --------------------------------------------------------------------------------

    def _eligible_members(self, household: TrueHousehold) -> Sequence[int]:
        persons = self.population.persons
        members = household.members
        kind = self.profile.members
        if kind == "household":
            return members
        recipient = next((i for i in members if persons[i].relation == WIFE), members[0])
        if kind == "couple":
            spouse = [i for i in members if i != recipient and persons[i].relation in (HEAD, WIFE, HUSBAND)]
            return [recipient, *spouse[:1]]
        # PKH: only families with components; the recipient plus children and elderly.
        ages = self.ages
        components = [i for i in members if i != recipient and not 18 * 365 <= ages[i] < 70 * 365]
        return [recipient, *components] if components else []

    def _select(self) -> list[tuple[str, float, int, bool, Sequence[int]]]:
        """(desa code as listed, random, household index, stale, eligible members) for the listed
        households, in list order."""
        rng = self.rng
        gauss = rng.gauss
        profile = self.profile
        noise = profile.targeting_noise
        keep = 1.0 - profile.member_dropout
        households = self.population.households
        scored: list[tuple[float, int, Sequence[int]]] = []
        for index, household in enumerate(households):
            eligible = self._eligible_members(household)
            if eligible:
                scored.append((household.poverty + gauss(0.0, noise), index, eligible))
        scored.sort(key=_first, reverse=True)
        target = profile.coverage * len(self.population.persons)
        chosen: list[tuple[str, float, int, bool, Sequence[int]]] = []
        total = 0.0
        for _, index, eligible in scored:
            if total >= target:
                break
            total += 1.0 + (len(eligible) - 1) * keep
            household = households[index]
            previous = household.previous_address
            stale = previous is not None and rng.random() < profile.old_address
            address = previous if stale and previous is not None else household.address
            chosen.append((address.desa.code, rng.random(), index, stale, eligible))
        chosen.sort(key=_first_two)
        return chosen

    # -- records --------------------------------------------------------------------------------------

    def records(self) -> Iterator[SyntheticRecord]:
        """Records in list order, numbered "<SOURCE>-000001" in that order."""
        prefix = f"{self.profile.name}-"
        for number, record in enumerate(self._rows(), start=1):
            record.row["id"] = f"{prefix}{number:06d}"
            yield record

    def _rows(self) -> Iterator[SyntheticRecord]:
        rng = self.rng
        profile = self.profile
        persons = self.population.persons
        households = self.population.households
        current = ""
        title_case = False
        later: list[SyntheticRecord] = []
        ages = self.ages
        for desa_code, _, index, stale, eligible in self._select():
            if desa_code != current:
                # Re-entered rows come at the end of the desa's list, as when an operator adds rows later.
                yield from later
                later = []
                current = desa_code
                title_case = rng.random() < profile.title_case_desa
                self._new_sheet()
            household = households[index]
            head = persons[household.members[0]]
            for position, person_index in enumerate(eligible):
                person = persons[person_index]
                if position and rng.random() < profile.member_dropout:
                    continue
                age_days = ages[person_index]
                if stale and age_days < household.moved_days_ago:
                    continue  # born after the move: not in a list made before it
                row, errors = self._record(person, age_days, household, head, stale, title_case)
                yield SyntheticRecord(row, person.person_id, errors)
                if rng.random() < profile.duplicate:
                    row, errors = self._record(person, age_days, household, head, stale, title_case)
                    later.append(SyntheticRecord(row, person.person_id, (*errors, "duplicate")))
        yield from later

    def _new_sheet(self) -> None:
        """Styles of one desa's part of the list: a village's sheet is typed and saved in one way."""
        rng = self.rng
        profile = self.profile
        self.sheet_date = self.dates.pick(rng)
        self.sheet_sex = profile.sex_labels[int(rng.random() * len(profile.sex_labels))]
        self.sheet_excel = ""
        if rng.random() < profile.nik_excel / _EXCEL_DAMAGED_ROWS:
            self.sheet_excel = rng.choice(("last_zero", "scientific", "scientific_comma"))

    def _record(
        self,
        person: TruePerson,
        age_days: int,
        household: TrueHousehold,
        head: TruePerson,
        stale: bool,
        title_case: bool,
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        rng = self.rng
        r = rng.random
        p = self.profile
        errors: list[str] = []
        address = household.address
        kk = household.no_kk
        if stale and household.previous_address is not None:
            address = household.previous_address
            kk = household.previous_no_kk
            errors.append("old_address")

        nik = person.nik
        # A list made before a move knows the head by the NIK the head had then.
        head_nik = head.previous_nik if stale and head.previous_nik else head.nik
        if stale and person.previous_nik and r() < p.old_nik:
            nik = person.previous_nik
            errors.append("old_nik")
        x = r()
        missing, copied, is_kk, typo = self.nik_thresholds
        if x < missing:
            if nik:
                nik = ""
                errors.append("nik_missing")
        elif x < copied:
            if person.relation != HEAD and head_nik and head_nik != nik:
                nik = head_nik
                errors.append("nik_copied")
        elif x < is_kk:
            if kk:
                nik = kk
                errors.append("nik_is_kk")
        elif x < typo and nik:
            nik = _digit_typo(rng, nik)
            errors.append("nik_typo")
        if not nik and not person.nik and person.relation != HEAD and head_nik and r() < 5 * p.nik_copied:
            # A baby without a NIK yet is often registered under the head's (a parent's) NIK.
            nik = head_nik
            errors.append("nik_copied")
        if self.sheet_excel and nik.isdigit() and r() < _EXCEL_DAMAGED_ROWS:
            nik = _excel_damage(self.sheet_excel, nik)
            errors.append("nik_excel")

        if r() < p.kk_missing:
            kk = ""
            errors.append("kk_missing")
        elif kk and r() < p.nik_typo:
            kk = _digit_typo(rng, kk)
            errors.append("kk_typo")

        if not person.nik and age_days < 365 and person.mother_name and r() < p.newborn_alias:
            name = _newborn_alias(rng, person.mother_name)
            errors.append("newborn_alias")
            if title_case:
                name = _title(name)
        else:
            name = self._name(person, age_days, errors, title_case)
        if r() < p.case_spacing:
            name = _case_spacing(rng, name)
            errors.append("case_spacing")

        if r() < p.sex_missing:
            sex = ""
            errors.append("sex_missing")
        else:
            labels = self.sheet_sex if r() < 0.9 else p.sex_labels[int(r() * len(p.sex_labels))]
            sex = labels[0] if person.sex == "L" else labels[1]

        place = person.birth_place
        if r() < p.birth_place_missing:
            place = ""
            errors.append("birth_place_missing")
        elif title_case:
            place = _title(place)

        birth = self._birth_date(person.birth_date, age_days, errors)

        text = _render_address(rng, address, p.address_style)
        if title_case:
            text = _title(text)
        rt, rw = address.rt, address.rw
        if (rt or rw) and r() < p.rt_rw_missing:
            rt = rw = ""
            errors.append("rt_rw_missing")
        elif p.rt_style == "plain" and rt:
            rt, rw = str(int(rt)), str(int(rw))
        if r() < p.desa_as_name:
            desa = _desa_as_name(rng, address.desa, self.region)
            if title_case:
                desa = _title(desa)
            errors.append("desa_as_name")
        else:
            desa = address.desa.code if p.desa_code_style == "dotted" else address.desa.code.replace(".", "")
        row = {
            "id": "", "nik": nik, "no_kk": kk, "nama": name, "jenis_kelamin": sex, "tempat_lahir": place,
            "tanggal_lahir": birth, "alamat": text, "rt": rt, "rw": rw, "kode_desa": desa, "sumber": p.name,
        }  # fmt: skip
        return row, tuple(errors)

    def _name(self, person: TruePerson, age_days: int, errors: list[str], title_case: bool) -> str:
        rng = self.rng
        r = rng.random
        p = self.profile
        name = person.name
        if person.spelling_alt and r() < p.old_spelling:
            name = person.spelling_alt
            errors.append("old_spelling")
        words = name.split(" ")
        given, tail = words, []
        for i in range(1, len(words) - 1):
            if words[i] in ("BIN", "BINTI"):
                given, tail = words[:i], words[i:]
                break
        if r() < p.muhammad_variant:
            for i, word in enumerate(given[:2]):
                if word in _MUHAMMAD_WORDS and len(given) > 1:
                    variant = _MUHAMMAD_FORMS.pick(rng)
                    while variant == word:
                        variant = _MUHAMMAD_FORMS.pick(rng)
                    given = [*given[:i], variant, *given[i + 1 :]]
                    errors.append("muhammad_variant")
                    break
        if r() < self.patronym:
            if tail:
                tail = []
                errors.append("patronym")
            elif person.father_name and age_days >= 5 * 365:
                marker = "BIN" if person.sex == "L" else rng.choice(("BINTI", "BINTI", "BT", "BT."))
                tail = [marker, *person.father_name.split(" ")]
                errors.append("patronym")
        if len(given) > 1 and r() < p.name_part_dropped:
            given = _drop_part(rng, given)
            errors.append("name_part_dropped")
        if len(given) > 1 and r() < p.initials:
            i = rng.randrange(len(given) - 1)  # never the last word: "A. RAHMAN", not "ABDUL R."
            if len(given[i]) > 2:
                given = [*given[:i], given[i][0] + ("." if r() < 0.7 else ""), *given[i + 1 :]]
                errors.append("initials")
        if r() < p.spelling_variant:
            changed = _spelling_variant(rng, given)
            if changed is not None:
                given = changed
                errors.append("spelling_variant")
        if r() < p.name_typo:
            given = _letter_typo(rng, given)
            errors.append("name_typo")
        if len(given) > 1 and r() < p.name_order_swap:
            given = [*given[1:], given[0]] if r() < 0.7 else [given[-1] + ",", *given[:-1]]
            errors.append("name_order_swap")
        text = " ".join(given + tail)
        if title_case:
            text = _title(text)  # before the degree, which keeps its own case (S.Pd)
        if age_days >= 22 * 365 and r() < p.title_added:
            text = _add_title(rng, text, person.sex, age_days, self.region, title_case)
            errors.append("title_added")
        return text

    def _birth_date(self, born: date, age_days: int, errors: list[str]) -> str:
        rng = self.rng
        p = self.profile
        if rng.random() < p.birth_date_missing:
            errors.append("birth_date_missing")
            return ""
        # Estimated dates are an older person's problem: children's dates come from recent documents.
        factor = 1.5 if age_days >= 50 * 365 else 1.0 if age_days >= 18 * 365 else 0.3
        if rng.random() < p.birth_date_estimated * factor:
            kind = rng.random()
            if kind < 0.35:
                errors.append("birth_date_estimated")
                return str(born.year)
            estimate = born
            if kind < 0.55 and born.day <= 12 and born.day != born.month:
                estimate = date(born.year, born.day, born.month)
            elif kind >= 0.85 and (born.month, born.day) != (1, 1):
                estimate = date(born.year, 1, 1)
            else:
                estimate = _shift_year(born, -1 if rng.random() < 0.5 else 1)
            if estimate > REFERENCE_DATE:
                estimate = _shift_year(born, -1)
            if estimate != born:
                errors.append("birth_date_estimated")
                born = estimate
        fmt = self.sheet_date if rng.random() < 0.85 else self.dates.pick(rng)
        if fmt == "long":  # drawn per record among its spellings
            return _format_date(rng, born, fmt)
        text = self.date_texts.get((born, fmt))
        if text is None:
            text = self.date_texts[born, fmt] = _format_date(rng, born, fmt)
        return text


def _first(item: tuple) -> float:
    return item[0]


def _first_two(item: tuple) -> tuple:
    return item[0], item[1]


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _format_date(rng: random.Random, d: date, fmt: str) -> str:
    if fmt == "iso":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if fmt == "dmy_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if fmt == "dmy_dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
    if fmt == "excel":
        return str((d - _EXCEL_EPOCH).days)
    if fmt == "dmy_short":
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    roll = rng.random()
    if roll < 0.6:
        return f"{d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"
    if roll < 0.8:
        return f"{d.day} {MONTH_NAMES_ID[d.month - 1].upper()} {d.year}"
    return f"{d.day:02d}-{_LONG_MONTHS_SHORT[d.month - 1]}-{d.year}"


def _excel_damage(kind: str, nik: str) -> str:
    """Excel's two ways of destroying a NIK: a number cell keeps 15 significant digits, so the 16th becomes 0
    ("last_zero"), and the General format shows 6 ("1.10607E+15", with a decimal comma in an Indonesian
    locale). A NIK already ending in 0 survives the first."""
    if kind == "last_zero":
        return nik[:15] + "0"
    text = f"{int(nik):.5E}"
    return text.replace(".", ",") if kind == "scientific_comma" else text


def _digit_typo(rng: random.Random, digits: str) -> str:
    """One digit changed (55%), two adjacent different digits swapped (35%), or one digit left out."""
    roll = rng.random()
    n = len(digits)
    if 0.55 <= roll < 0.9:
        starts = [i for i in range(n - 1) if digits[i] != digits[i + 1]]
        if starts:
            i = rng.choice(starts)
            return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    if roll >= 0.9:
        i = rng.randrange(n)
        return digits[:i] + digits[i + 1 :]
    i = rng.randrange(n)
    new = rng.choice([d for d in "0123456789" if d != digits[i]])
    return digits[:i] + new + digits[i + 1 :]


def _letter_typo(rng: random.Random, words: list[str]) -> list[str]:
    """One keyboard slip in one word: neighbouring key, left-out or doubled/extra letter, or transposition."""
    candidates = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()] or [
        i for i, w in enumerate(words) if w.isalpha()
    ]
    if not candidates:
        return words
    index = rng.choice(candidates)
    word = words[index]
    # Operators rarely mistype the first letter of a name.
    pos = rng.randrange(1, len(word)) if len(word) > 1 and rng.random() < 0.85 else 0
    roll = rng.random()
    if roll < 0.35:
        word = word[:pos] + rng.choice(_NEIGHBOURS.get(word[pos], "A")) + word[pos + 1 :]
    elif roll < 0.6 and len(word) > 3:
        word = word[:pos] + word[pos + 1 :]
    elif roll < 0.8:
        extra = word[pos] if rng.random() < 0.5 else rng.choice(_NEIGHBOURS.get(word[pos], "A"))
        word = word[:pos] + extra + word[pos:]
    elif len(word) > 1:
        pos = min(pos, len(word) - 2)
        if word[pos] == word[pos + 1]:
            pos = max(0, pos - 1)
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    return [*words[:index], word, *words[index + 1 :]]


def _spelling_variant(rng: random.Random, words: list[str]) -> list[str] | None:
    """One of :data:`_SPELLING_RULES` in one word: rules and words are tried from random starting points."""
    start = rng.randrange(len(_SPELLING_RULES))
    rules = _SPELLING_RULES[start:] + _SPELLING_RULES[:start]
    first = rng.randrange(len(words))
    for index in (*range(first, len(words)), *range(first)):
        word = words[index]
        if len(word) < 3 or not word.isalpha():
            continue
        for pattern, replacement in rules:
            changed = pattern.sub(replacement, word, count=1)
            if changed != word:
                return [*words[:index], changed, *words[index + 1 :]]
    return None


_DROPPABLE_FIRST = frozenset({"SITI", "NUR", "NURUL", "T.", "TEUKU", "CUT"}) | _MUHAMMAD_WORDS


def _drop_part(rng: random.Random, words: list[str]) -> list[str]:
    """Leave out one given name: a leading MUHAMMAD/SITI/NUR (often omitted in lists), else a later word."""
    if words[0] in _DROPPABLE_FIRST and rng.random() < 0.6:
        return words[1:]
    index = rng.randrange(1, len(words))
    return [*words[:index], *words[index + 1 :]]


def _add_title(rng: random.Random, name: str, sex: str, age_days: int, region: str, title_case: bool) -> str:
    roll = rng.random()
    if age_days >= 40 * 365 and roll < 0.7:
        if sex == "L":
            title = "TGK." if region == "aceh" and roll < 0.1 else "BPK." if roll < 0.18 else "H."
        else:
            title = "NY." if roll < 0.12 else "IBU" if roll < 0.18 else "HJ."
        return f"{_title(title) if title_case else title} {name}"
    degree = _DEGREES.pick(rng)
    return f"{name}, {degree}" if rng.random() < 0.7 else f"{name} {degree}"


def _newborn_alias(rng: random.Random, mother: str) -> str:
    roll = rng.random()
    prefix = ("BY NY" if roll < 0.4 else "BY. NY." if roll < 0.6 else "BY NY." if roll < 0.75
              else "BAYI NY." if roll < 0.85 else "BY")  # fmt: skip
    return f"{prefix} {mother}"


def _case_spacing(rng: random.Random, name: str) -> str:
    roll = rng.random()
    words = name.split(" ")
    if roll < 0.25:
        return name.lower()
    if roll < 0.45:
        return _title(name)
    if roll < 0.6 and len(words) > 1:
        i = rng.randrange(len(words) - 1)
        return " ".join(words[: i + 1]) + "  " + " ".join(words[i + 1 :])
    if roll < 0.7:
        return f" {name}" if rng.random() < 0.3 else f"{name} "
    if roll < 0.85 and len(words) > 1:
        i = rng.randrange(len(words) - 1)
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
    if len(words) == 1 and name.startswith("NUR") and len(name) > 5:
        return "NUR " + name[3:]
    return name + ("." if rng.random() < 0.5 else ",")


def _render_address(rng: random.Random, address: TrueAddress, style: str) -> str:
    dusun = address.dusun
    roll = rng.random()
    if dusun.startswith("DUSUN "):
        dusun = ("DSN " + dusun[6:] if roll < 0.15 else "DSN. " + dusun[6:] if roll < 0.25
                 else dusun[6:] if roll < 0.35 else dusun)  # fmt: skip
    elif dusun.startswith("KP. "):
        dusun = "KAMPUNG " + dusun[4:] if roll < 0.15 else "KP " + dusun[4:] if roll < 0.35 else dusun
    if style == "dusun":
        return dusun
    text = dusun
    if address.street:
        street = address.street
        roll = rng.random()
        if roll < 0.2:
            street = street.replace("JL. ", "JALAN ").replace("LR. ", "LORONG ")
        elif roll < 0.35:
            street = street.replace(" NO. ", " NO.")
        elif roll < 0.45:
            street = street.rpartition(" NO. ")[0]
        text = f"{street}, {dusun}" if rng.random() < 0.8 else f"{street} {dusun}"
    if style == "with_desa":
        desa = address.desa.name
        prefix = "DESA " if rng.random() < 0.5 else "GP. " if address.desa.code[:2] == "11" else "DS. "
        text = f"{text} {prefix}{desa}" if rng.random() < 0.6 else f"{text}, {desa}"
    return text


def _desa_as_name(rng: random.Random, desa: Desa, region: str) -> str:
    name = desa.name
    roll = rng.random()
    if roll < 0.12 and " " in name:
        name = name.replace(" ", "", 1)  # LAM BLANG -> LAMBLANG
    elif roll < 0.22:
        name = " ".join(_letter_typo(rng, name.split(" ")))
    elif roll < 0.27:
        name = " ".join(_old_word(w) for w in name.split(" "))
    roll = rng.random()
    if roll < 0.5:
        return name
    if region == "aceh":
        prefix = "GAMPONG " if roll < 0.7 else "GP. " if roll < 0.85 else "DESA "
    else:
        prefix = "DESA " if roll < 0.8 else "DS. "
    return prefix + name


# ---------------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------------


def iter_records(
    population: Population, *, seed: int, sources: Sequence[SourceProfile] = SOURCES
) -> Iterator[SyntheticRecord]:
    """Every source's records, source after source, numbered "<SOURCE>-000001" in list order.

    Streams: nothing but the population and one source's selection is held, so the record count is not
    limited by memory. Deterministic for (population, seed, sources).
    """
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ValueError("source names must be unique")
    ages = [(REFERENCE_DATE - person.birth_date).days for person in population.persons]
    for profile in sources:
        lister = _Lister(population, profile, seed, ages)
        yield from lister.records()


@dataclass(frozen=True)
class Generated:
    """Records (:data:`COLUMNS`), ``truth`` record id -> person id, and ``errors`` record id -> the error
    kinds put into it (records without errors are absent)."""

    population: Population
    records: list[dict[str, str]]
    truth: dict[str, str]
    errors: dict[str, tuple[str, ...]]


def generate(
    *, persons: int, seed: int, regency: str = "11.06", sources: Sequence[SourceProfile] = SOURCES
) -> Generated:
    """A population of ``persons`` and its lists, in memory (for a million records, see :func:`generate_files`)."""
    population = make_population(persons=persons, seed=seed, regency=regency)
    records: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    errors: dict[str, tuple[str, ...]] = {}
    for record in iter_records(population, seed=seed, sources=sources):
        records.append(record.row)
        truth[record.row["id"]] = record.person_id
        if record.errors:
            errors[record.row["id"]] = record.errors
    return Generated(population=population, records=records, truth=truth, errors=errors)


def write_csv(path: str | Path, records: Iterable[Mapping[str, str]]) -> int:
    """Write records as UTF-8 CSV with a header of :data:`COLUMNS`; returns the number of rows."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        columns = itemgetter(*COLUMNS)
        for record in records:
            writer.writerow(columns(record))
            count += 1
    return count


def generate_files(
    records_path: str | Path,
    truth_path: str | Path,
    *,
    persons: int,
    seed: int,
    regency: str = "11.06",
    sources: Sequence[SourceProfile] = SOURCES,
) -> int:
    """Stream the records to ``records_path`` and the truth (``id,person_id,errors``, errors separated by
    spaces) to ``truth_path``; returns the number of records. Memory holds the population only."""
    population = make_population(persons=persons, seed=seed, regency=regency)
    count = 0
    with (
        open(records_path, "w", encoding="utf-8", newline="") as records_fh,
        open(truth_path, "w", encoding="utf-8", newline="") as truth_fh,
    ):
        records = csv.writer(records_fh, lineterminator="\n")
        truth = csv.writer(truth_fh, lineterminator="\n")
        records.writerow(COLUMNS)
        truth.writerow(("id", "person_id", "errors"))
        for row, person_id, errors in iter_records(population, seed=seed, sources=sources):
            records.writerow(row.values())  # built in COLUMNS order by _Lister._record
            truth.writerow((row["id"], person_id, " ".join(errors)))
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Synthetic social-protection lists with truth (linkage benchmark)."
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--persons", type=int, help="size of the true population")
    size.add_argument(
        "--records",
        type=int,
        help=f"about this many records (population = records / {records_per_person():.2f})",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regency", default="11.06")
    parser.add_argument("--out", required=True, help="records CSV")
    parser.add_argument("--truth", required=True, help="truth CSV (id, person_id, errors)")
    args = parser.parse_args(argv)
    persons = args.persons or persons_for_records(args.records)
    started = time.perf_counter()
    count = generate_files(args.out, args.truth, persons=persons, seed=args.seed, regency=args.regency)
    print(f"{count} records of {persons} persons in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
