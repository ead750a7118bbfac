"""A seeded synthetic population for demos, load tests and the data-quality issues that come later.

``generate(area_code=..., households=..., seed=...)`` fills the registry of a kabupaten, kecamatan or desa with
households that look like a DTKS extract: regional names composed from large pools per group, sex and birth
cohort (see "Names" below; with titles, degrees, old spellings and Muhammad variants), so full names are as
varied as in a real register while first words repeat; plausible family structures; KK and NIK numbers that
agree with each person's birth date, sex and kecamatan; and housing and assets that follow a desa-level
poverty level. A few deliberately odd households (a car in a poor-looking house) are included for the
targeting checks to find.

Everything is drawn from one ``random.Random(seed)`` in a fixed order (areas in code order, no set iteration, no
clock), so the same ``(area_code, households, seed)`` on the same database gives the same data. Every NIK and
KK is synthetic by construction: ``make_nik``/``make_kk`` with serials counted here (continuing after any numbers
already stored for the same kecamatan).

A run is one transaction, written in batches of plain rows (see ``_insert_rows``): 20,000 households and
~73,000 persons take about 17 s on SQLite.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from operator import itemgetter

from django.db import connections, models, router, transaction
from django.db.models import ProtectedError
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from sinergi.areas.models import Area, subtree_q
from sinergi.audit.log import record
from sinergi.audit.models import Action
from sinergi.core.names import search_key
from sinergi.core.nik import make_kk, make_nik

from . import codes
from .models import Household, Membership, Person
from .operations import address_key

__all__ = ["REFERENCE_DATE", "AlreadyGenerated", "GenerateResult", "generate"]

# Ages are computed against this fixed day, not the clock, so a seed means the same data next year too.
REFERENCE_DATE = date(2026, 7, 1)
BATCH_HOUSEHOLDS = 2000
_DAYS_PER_YEAR = 365.2425
_EARLIEST_KK = date(2005, 1, 1)

R = codes.Relation
M = codes.Marital


class AlreadyGenerated(ValueError):
    """The area already has households; pass ``replace=True`` to regenerate."""


@dataclass(frozen=True)
class GenerateResult:
    households: int
    persons: int
    seconds: float


# ------------------------------------------------------------------------------------------------------------
# Small helpers for weighted draws
# ------------------------------------------------------------------------------------------------------------


class _Table:
    """Weighted choice with precomputed cumulative weights (``rng.choices`` without rebuilding them)."""

    __slots__ = ("items", "cum")

    def __init__(self, pairs: Sequence[tuple[str, float]]):
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def _t(spec: str) -> _Table:
    """``"a:3 b:1"`` -> a table; a bare item weighs 1."""
    pairs = []
    for part in spec.split():
        name, _, weight = part.partition(":")
        pairs.append((name, float(weight) if weight else 1.0))
    return _Table(pairs)


def _words(text: str) -> tuple[str, ...]:
    """Pool of names: whitespace separated; ``_`` joins words of a multi-word entry ("SITI_HAJAR")."""
    return tuple(w.replace("_", " ") for w in text.split())


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


# ------------------------------------------------------------------------------------------------------------
# Regions, ethnic mix, religion
# ------------------------------------------------------------------------------------------------------------

# Province -> ethnic mix of the households. "generic" is a general Indonesian Muslim mix whose religion
# follows the province table below.
_ETHNIC_MIX: dict[str, _Table] = {
    "11": _t("aceh:95 jawa:3 generic:2"),
    "12": _t("batak:45 jawa:30 generic:25"),
    "31": _t("betawi:30 jawa:35 sunda:15 tionghoa:6 batak:4 generic:10"),
    "32": _t("sunda:88 jawa:8 generic:4"),
    "33": _t("jawa:98 tionghoa:1 generic:1"),
    "34": _t("jawa:98 tionghoa:1 generic:1"),
    "35": _t("jawa:96 tionghoa:1 generic:3"),
    "36": _t("sunda:55 betawi:20 jawa:15 generic:10"),
    "51": _t("bali:88 jawa:8 generic:4"),
    "61": _t("dayak:35 generic:33 jawa:10 tionghoa:9 bugis:5 banjar:3 batak:1"),
    "62": _t("dayak:45 banjar:25 jawa:20 generic:10"),
    "63": _t("banjar:75 jawa:15 dayak:5 bugis:3 generic:2"),
    "64": _t("jawa:30 bugis:20 banjar:14 kutai:10 dayak:10 generic:14 tionghoa:2"),
    "65": _t("dayak:30 bugis:25 jawa:15 banjar:10 generic:20"),
    "73": _t("bugis:85 generic:12 jawa:3"),
    "76": _t("bugis:70 generic:30"),
}
_DEFAULT_ETHNIC_MIX = _t("generic:85 jawa:15")

# Religion codes: 1 Islam, 2 Kristen, 3 Katolik, 4 Hindu, 5 Buddha, 6 Konghucu, 7 lainnya.
_RELIGION_BY_ETHNICITY: dict[str, _Table] = {
    "aceh": _t("1"),
    "sunda": _t("1:996 2:4"),
    "betawi": _t("1:99 2:1"),
    "banjar": _t("1"),
    "kutai": _t("1"),
    "bugis": _t("1:99 2:1"),
    "jawa": _t("1:96 2:1.8 3:1.6 4:0.3 5:0.3"),
    "batak": _t("1:35 2:55 3:10"),
    "tionghoa": _t("5:45 6:8 2:27 3:20"),
    "bali": _t("4:97 1:2 2:0.5 3:0.5"),
}
# Dayak religion differs by province: Catholic Kalbar, Kaharingan (registered as Hindu) in Kalteng.
_DAYAK_RELIGION: dict[str, _Table] = {
    "61": _t("3:55 2:30 1:10 7:5"),
    "62": _t("2:50 4:20 1:25 3:5"),
    "63": _t("2:50 4:30 1:20"),
}
_DAYAK_RELIGION_DEFAULT = _t("2:50 3:30 1:20")
_GENERIC_RELIGION: dict[str, _Table] = {
    "11": _t("1:995 2:4 5:1"),
    "12": _t("1:80 2:15 3:5"),
    "53": _t("3:53 2:36 1:10 7:1"),
    "61": _t("1:95 3:3 2:2"),
    "65": _t("1:80 2:15 3:5"),
    "71": _t("2:68 1:30 3:2"),
    "81": _t("2:50 1:45 3:5"),
    "82": _t("1:75 2:23 3:2"),
}
_GENERIC_RELIGION_DEFAULT = _t("1:88 2:7 3:3 4:1 5:1")
_PAPUA_RELIGION = _t("2:65 3:20 1:15")

# Where a person of an ethnic group is from, for migrants' birth places.
_HOME_PROVINCES: dict[str, tuple[str, ...]] = {
    "aceh": ("11",), "sunda": ("32", "36"), "jawa": ("33", "34", "35"), "betawi": ("31", "36", "32"),
    "batak": ("12",), "banjar": ("63",), "kutai": ("64",), "dayak": ("61", "62", "63", "64", "65"),
    "bugis": ("73", "76"), "bali": ("51",),
}  # fmt: skip
_HOME_TOWNS: dict[str, tuple[str, ...]] = {
    "aceh": _words("BANDA_ACEH PIDIE BIREUEN LHOKSEUMAWE ACEH_UTARA SIGLI"),
    "sunda": _words("BANDUNG GARUT TASIKMALAYA CIANJUR SUKABUMI SUMEDANG CIAMIS"),
    "jawa": _words("SEMARANG SURAKARTA YOGYAKARTA SURABAYA KEDIRI MADIUN CILACAP BOYOLALI KLATEN WONOGIRI"),
    "betawi": _words("JAKARTA BEKASI TANGERANG DEPOK"),
    "batak": _words("MEDAN TAPANULI_UTARA TOBA SIBOLGA PEMATANGSIANTAR"),
    "banjar": _words("BANJARMASIN MARTAPURA BARABAI KANDANGAN AMUNTAI"),
    "kutai": _words("TENGGARONG SAMARINDA KOTA_BANGUN"),
    "dayak": _words("PALANGKA_RAYA PUTUSSIBAU SINTANG MUARA_TEWEH KUALA_KAPUAS"),
    "bugis": _words("BONE WAJO SOPPENG MAKASSAR SINJAI"),
    "tionghoa": _words("PONTIANAK SINGKAWANG JAKARTA MEDAN SEMARANG"),
    "bali": _words("DENPASAR GIANYAR TABANAN BULELENG KARANGASEM"),
    "generic": _words("JAKARTA MEDAN PADANG PALEMBANG MAKASSAR PEKANBARU"),
}


def _region(province: str) -> str:
    """The addressing and housing style of a province."""
    if province == "11":
        return "aceh"
    if province == "32":
        return "sunda"
    if province in ("33", "34", "35"):
        return "jawa"
    if province in ("31", "36"):
        return "betawi"
    if province in ("61", "62", "63", "64", "65"):
        return "kalimantan"
    if province == "13":
        return "sumbar"
    return "generic"


def _religion_for(rng: random.Random, ethnicity: str, province: str) -> str:
    if ethnicity == "dayak":
        return _DAYAK_RELIGION.get(province, _DAYAK_RELIGION_DEFAULT).pick(rng)
    table = _RELIGION_BY_ETHNICITY.get(ethnicity)
    if table is not None:
        return table.pick(rng)
    if province >= "91":
        return _PAPUA_RELIGION.pick(rng)
    return _GENERIC_RELIGION.get(province, _GENERIC_RELIGION_DEFAULT).pick(rng)


# ------------------------------------------------------------------------------------------------------------
# Names
# ------------------------------------------------------------------------------------------------------------
#
# A name is composed, not drawn whole. Per birth cohort a *form* is drawn ("FS": first name + second name),
# then each slot of the form from its own pool:
#
#   F  first name of the group, sex and cohort          S  second name (never a word already in the name)
#   A  ABDUL + one of the asmaul husna (ABDUL GHANI, ABDURRAHMAN, ABD. MANAF)
#   N  NUR / NURUL compound (NUR AINI, NURHAYATI, NURUL HUDA)
#   T  SITI + a name (SITI AMINAH)                       J  Javanese prefix + root (SRI WAHYUNI, EKO PRASETYO)
#
# A, N and T are Muslim forms; anyone else gets "FS" instead. MUHAMMAD (in its spellings) is put in front
# afterwards. With up to ~200 words per pool there are hundreds of thousands of full names per group and sex,
# so namesakes of a full name in a kabupaten number in the units or tens, while first words such as MUHAMMAD,
# NUR, SITI and SRI stay as common as in real registers. ``NAME:3`` weighs a name that is common in its group
# three times; ``_`` joins the words of a multi-word entry.


def _pairs(text: str, scale: float = 1.0) -> list[tuple[str, float]]:
    pairs = []
    for part in text.split():
        name, _, weight = part.partition(":")
        pairs.append((name.replace("_", " "), (float(weight) if weight else 1.0) * scale))
    return pairs


def _names(text: str, *more: tuple[str, float]) -> _Table:
    """A pool: ``text`` at full weight plus ``(text, scale)`` parts at a lower weight."""
    pairs = _pairs(text)
    for extra, scale in more:
        pairs += _pairs(extra, scale)
    return _Table(pairs)


def _era(year: int) -> int:
    """Naming cohort: 0 born before 1970, 1 1970-1994, 2 1995-2004, 3 2005 and later (modern names)."""
    return 0 if year < 1970 else 1 if year < 1995 else 2 if year < 2005 else 3


# First names that are (almost) never a whole name on their own.
_NEEDS_SECOND = frozenset({
    "SRI", "TRI", "DWI", "EKO", "EKA", "NUR", "NURUL", "MAT", "ABDUL", "MUHAMMAD", "SITI", "SITTI", "AHMAD",
    "ACHMAD", "AKHMAD", "AI", "NENG",
})  # fmt: skip
# First words after which MUHAMMAD is not put in front ("MUHAMMAD EKO" is not a name).
_NO_MUHAMMAD = frozenset({"SRI", "TRI", "DWI", "EKO", "CATUR", "PANCA", "MAT", "MUHAMMAD", "AHMAD", "ACHMAD"})

# Asmaul husna after ABDUL, in the Acehnese/Malay and in the Javanese/Sundanese spelling.
_HUSNA = _names(
    "RAHMAN:4 RAHIM:2 MALIK:2 AZIZ:2 GHANI:2 GANI HAMID:2 KARIM:2 LATIF:2 MAJID:2 QADIR KADIR WAHAB:2 SALAM "
    "HALIM HAKIM:2 HADI:2 JABBAR JALIL KHALIK MUTHALIB MUTALIB RAZAK:2 RAUF SAMAD SATTAR SYUKUR WAHID BASIT "
    "BARI GHAFUR HAFIZ MANAF MANAN MUIN MUHAIMIN QAHAR RASYID:2 JALAL AZIS MUNIR RAHMAT"
)
_HUSNA_JAWA = _names(
    "ROHMAN:4 ROHIM:2 GHOFUR:2 GOFUR KHOLIK KHOLIQ QODIR:2 KODIR ROZAK:2 ROZAQ MAJID MALIK:2 AZIZ:2 HAMID:2 "
    "KARIM:2 LATIF:2 SALAM HAKIM HADI:2 JALIL MUIN MUNIR MANAN MUHAIMIN WAHAB:2 WAHID SOMAD SYUKUR BASIT "
    "ROUF HALIM GHONI MUTHOLIB JABAR",
    ("RAHMAN RAHIM GHANI QADIR RAZAK", 1.0),
)
_NUR = {
    "L": (_names("HADI KHOLIS ROHMAN HIDAYAT SALIM ALAM IKHSAN FAUZI AHMAD ALI IMAN AMIN HAKIM HUDA ARIFIN "
                 "SYAMSU FAJAR ROHIM KHOLIQ FALAH AZIZ YASIN ISMAIL HASAN SYAHID ZAMAN FUAD HAMID IQBAL "
                 "MUKHLIS RAHMAT RIZKI SAID SODIK YAHYA MAHMUD AFANDI ALIM SYAMSI"),
          _names("HUDA:3 IMAN AMIN FIKRI HAKIM ANWAR ISLAM YAQIN FALAH HIDAYAT IKHSAN AZMI FAJRI FUAD HADI "
                 "KHOLIS ARIFIN QOMAR HAQ")),
    "P": (_names("AINI:3 HAYATI:3 JANNAH:2 HALIMAH ASIAH LAILA:2 HASANAH:2 AZIZAH FADILAH HIDAYAH ROHMAH "
                 "SAKINAH KHASANAH AFNI ANISA AFIFAH LATIFAH JAMILAH KHOLIFAH FITRI INDAH AISYAH SYAMSIAH "
                 "MAULIDA HAFSAH AMALIA ANI ASIYAH AZIZA FITRIANI HALIZA HIKMAH ISNAINI KHOTIMAH LAELA MALA "
                 "SAADAH SALAMAH SYAFITRI WAHIDAH YANTI ZAKIAH"),
          _names("HUSNA:3 HIDAYAH:3 JANNAH:2 FITRI AINI AULIA IZZAH FADHILAH QOMARIYAH ULFA AFIFAH MAGHFIRAH "
                 "HASANAH KHOTIMAH HIKMAH INAYAH ISTIQOMAH AZIZAH FAJRI HAYATI ANISA MUNAWWARAH RAHMAH "
                 "SAKINAH ASYIFA ZAHRA AMALIA LAILA")),
}
_SITI = _names(
    "AMINAH:3 FATIMAH:3 KHADIJAH:2 AISYAH:2 MARYAM:2 ZUBAIDAH RAHMAH HAJAR HAWA SALMA ZULAIKHA:2 HALIMAH "
    "SAFIAH RUKIAH HABSAH HAFSAH JAMILAH MAISARAH NURHALIZA NURBAYA MUNAWARAH SARAH RAHMAWATI NURHAYATI "
    "SALAMAH SYARIFAH SAUDAH MARDHIAH ZAINAB HASANAH KHAIRUNNISA MASYITAH NURJANNAH AISAH ROHMAH ROMLAH "
    "MASITOH KHOTIJAH MUJAYANAH UMAROH NURAENI MAEMUNAH JUBAEDAH NURLAELA SOLIHAT HODIJAH ROHAYATI ZAENAB "
    "NUR_AINI MARIAM RUQAYYAH SAMSIAH"
)
_JAWA_PREFIX = {
    "L": _names("EKO:4 DWI:3 TRI:3 CATUR PANCA:0.5 SRI:0.5"),
    "P": _names("SRI:6 TRI:2 DWI:2 EKA:2"),
}
_JAWA_ROOT = {
    "L": _names(
        "PRASETYO:2 SANTOSO:2 WAHYUDI:2 SUSILO NUGROHO:2 PRIYANTO SUSANTO HARIYANTO WIDODO SAPUTRO HADI "
        "PURNOMO RAHARJO SETIAWAN SULISTYO WIBOWO UTOMO HARTONO SUGIARTO SUPRIYANTO ARIYANTO KURNIAWAN "
        "MULYONO SUHARTO YULIANTO HERMANTO BUDIONO DARMAWAN SETIYONO ANDRIYANTO FEBRIYANTO MARYANTO "
        "PRIHANTORO WALUYO SUSANTO AGUS_SALIM BUDI_SANTOSO HARYADI WARSITO SUPRAPTO PRABOWO JATMIKO HANDOKO "
        "SURYANTO SISWANTO ARDIANTO SETYAWAN PAMUNGKAS WICAKSONO NURCAHYO LAKSONO ADI_NUGROHO"
    ),
    "P": _names(
        "WAHYUNI:3 LESTARI:2 RAHAYU:2 ASTUTI:2 HANDAYANI:2 SUSANTI WULANDARI:2 RAHMAWATI PURWANTI "
        "SETYANINGSIH NINGSIH MULYANI UTAMI PRATIWI WIDIASTUTI SUMARNI SUPRAPTI SUNARSIH HARTATI "
        "SULISTYOWATI MURNIATI WINARSIH YULIANI SUSILOWATI NURHAYATI INDRIYANI ARIYANI HARYATI SUGIYARTI "
        "SUWARNI ISTIQOMAH KURNIAWATI WIDAYATI RETNOWATI SETYOWATI MARYATI PURWANINGSIH SULASTRI SUMIYATI "
        "LESTARININGSIH ANGGRAENI HARTINI YULIANTI NOVITASARI WIJAYANTI SUPRIHATIN MULYATI ENDANG_LESTARI"
    ),
}

# Modern Islamic names, all over Indonesia, for children born from 2005 (some already in the late 1990s).
_MODERN_M = (
    "ABIZAR ADAM AFKAR AHSAN AIDIL ALIF:2 ALFATIH ALVARO ALVIN ARFAN ARKAN:2 ARSYA ARSAKHA ATHAR AZKA:2 AZMI "
    "AZRIEL AZRIL BILAL DAFFA:2 DZAKI DZAKWAN ELVANO EMIR FABIAN FADIL FAHRI FAQIH FARHAN FAREL:2 FARIS "
    "FARZAN FATHAN FATIR GHAZI GIBRAN HABIBI HAFIZ:2 HAFIDZ HAIKAL HAMDAN HANIF IBRAHIM IBNU IKHSAN ILHAM "
    "IQBAL IRSYAD IZZAN KAFKA KAHFI KEANU KENZO KHALIF KHALID LUTFI MALIK NABIL NAUFAL:2 NIZAM RAFA RAFI "
    "RAFFA RAFFASYA RAIHAN:2 RAYYAN RIFKY RIZKY:2 SAKHA SATRIA SHAKA SULTAN SYAUQI UWAIS YAZID YUSUF ZAFRAN "
    "ZAHRAN ZAIDAN ZAKI ZAYN ZIDAN:2 ZIYAD AQIL ATTAR ABRISAM ALBY ARDAN AZHAR DANISH FAIZ HAZIQ KAIF RASYA "
    "REYHAN SHIDQI TSAQIF ZHAFRAN ALTHAF AZFAR ARSENIO DZAFIR FAYYADH GHIFARI HAIDAR IZZAT KHAIRI MIKAIL "
    "RAKHA RAZKA SAUQI ZUFAR"
)
_MODERN_SECOND_M = (
    "ABQARY ABDILLAH ADITYA AKBAR:2 AL_FARIZI ALFARIZI:2 ALFATIH:2 ALGHIFARI AL_GHIFARI ALFARABI ARRASYID "
    "ARDIANSYAH ATHALLAH AZZAM DZAKWAN FADHIL FAIRUZ FIRMANSYAH HAFIDZ HAKIM IBRAHIM ILHAM KHALIFA MAHENDRA "
    "MAULANA:2 NUGRAHA PRATAMA:2 PUTRA:2 RAMADHAN:3 RAMADHANI RIZQULLAH SAPUTRA:3 SYAHPUTRA:2 SYAHREZA "
    "WIJAYA ZAYDAN AL_GHAZALI ARSYAD HANIF NAUFAL ATTAQI AL_HAFIZ ALBARRA ALVARENDRA ARKANA ARRAYYAN AZZAKY "
    "DANENDRA FAHREZI FEBRIAN HAIDAR KAUTSAR MUBAROK MUMTAZ NASRULLAH RABBANI RAHARDIAN RAYHAN ALFIANSYAH "
    "ZULFIKAR ZHAFRAN ALKAHFI ASSHIDDIQI AL_KAHFI ALFAIZ ATHAYA AZKA DIRGANTARA HAFIZHAN IZZUDDIN KHAIRULLAH "
    "MUZAKKI RAFASYA SHIDDIQ ZIKRI ALDEBARAN"
)
_MODERN_F = (
    "ADZKIA AISYAH:2 ALESHA ALIFA:2 ALYA:2 AMIRA ANINDYA AQILA:2 ARSYIFA ASSYIFA ATHIFA AULIA AZKIA AZZAHRA "
    "BILQIS CALLISTA DZAKIRA FAIHA FATHIA HAFIZAH HANIFA HANUM HUMAIRA KAYLA KEISHA KEISYA:2 KHAIRA KHALISA "
    "KHANZA:2 MAHIRA NABILA NADHIRA NAFISA NAILA NAURA NAYLA:2 NAZWA:2 NAJWA QIRANI QUEENA RAISA SALSABILA:2 "
    "SHAFA SHAKILA SYAKILA SYIFA:2 TALITA ZAHIRA ZAHRA:2 ZALFA ZASKIA ZIVANA ZHAFIRA AFIQAH ALMAHYRA "
    "ANINDITA ARUMI ASHILA AZALEA DELISHA ELVIRA FELISHA GHAISANI HASNA INARA KAMILA LUBNA MIKAYLA NADINE "
    "NAFLA RAFANIA SHEZA SYAFIRA TSABITA ULYA ZAFIRA ZAINA ZELINA ADIBA AFRA ALISHA ARSHA AZIZAH FATIMAH "
    "HILYA KIRANA MARWA NAFEESA QIANA RUMAISHA SHAQUEENA SYAHLA YUMNA ZEA"
)
_MODERN_SECOND_F = (
    "PUTRI:3 RAMADHANI:3 AZZAHRA:3 SYAKILA AULIA:2 NAFISA KHAIRUNNISA:2 ZAHIRA SALSABILA:2 NABILA:2 HUMAIRA "
    "MAULIDA AQILAH ALMAIRA ARSYILA ASSYIFA AZALEA HANUM KAMILA KIRANA MEDINA NADHIFA NAJWA NURAINI QALESYA "
    "RAHMA RIZKIA SHAFIRA SYAFIQAH TSABITA ZULAIKHA ZHAFIRA ZAHWA AFIFAH ALFATUNNISA ANDINI AQILA AZKIA "
    "FEBRIANI FITRIA HAFIZAH HASNA KHALISA LARASATI MAHARANI MARDHATILLAH NURJANNAH NURHALIZA PRATIWI "
    "RAHMADANI SAFITRI:2 SALWA SHAKIRA SYAHIRA SYAHRANI ULFA ZAHRANI ZALFA ZAKIYAH AMANDA ANINDYA AZ_ZAHRA "
    "FADHILAH HUSNA JANNAH KAMELIA MAISHA NAILA QONITA RAHMADHANI SALSABILLA ZIVANA"
)

_CHRISTIAN_M = _names(
    "YOHANES:2 PETRUS:2 ANDREAS DANIEL YOSUA MARKUS LUKAS STEFANUS FRANSISKUS:2 DAMIANUS AGUSTINUS PAULUS:2 "
    "YAKOBUS SIMON YOSEF MIKHAEL HENGKI ALEKSANDER AMBROSIUS ANTONIUS BENEDIKTUS BERNARDUS DOMINIKUS EMANUEL "
    "FELIKS FILIPUS GABRIEL GREGORIUS HERMANUS HIRONIMUS IGNASIUS KORNELIUS KRISTIANUS LAURENSIUS LEONARDUS "
    "MARSELINUS MATIUS MIKAEL NIKOLAUS OKTAVIANUS PIUS ROBERTUS SEBASTIANUS SILVESTER TOMAS VALENTINUS "
    "VINSENSIUS YULIUS ZAKARIAS ELIA SAMUEL NATANAEL YONATAN RICARDO FERDINAND JOHANES"
)
_CHRISTIAN_F = _names(
    "MARIA:3 YOHANA ELISABET MAGDALENA MARTHA KRISTINA NATALIA DEBORA AGUSTINA YULIANA REGINA ROSALINA "
    "SUSANA VERONIKA LUSIA ANASTASIA ANGELINA BERNADETA CAROLINA KATARINA KORNELIA EMILIA FRANSISKA GRASIA "
    "HELENA IRENE KLARA LEONIDA MARGARETA MARSELINA MELANIA MONIKA OKTAVIA PAULINA PETRONELA RUTH SELVIA "
    "SKOLASTIKA TERESIA VIKTORIA YOSEFINA ESTER HANA RAHEL RIBKA SARA LIDIA FEBRONIA"
)

# Christian names of the 2000s and later, mixed in for the younger cohorts.
_CHRISTIAN_MODERN = {
    "L": _names("KEVIN GABRIEL JONATHAN NATHAN JOSHUA CHRISTIAN MICHAEL RAFAEL EZRA NATANAEL JEREMY STEVEN "
                "VALENTINO AXEL DAVIN ELIEL FELIX RICHARD SAMUEL NICHOLAS FRANSISKO KRISTOFER GERALDO"),
    "P": _names("GRACE JESSICA CHRISTINA ANGELINA CLARISSA FELICIA MICHELLE NATASHA VANESSA GLORIA KEZIA "
                "ABIGAIL CELINE EVELYN OLIVIA SHARON YEMIMA TIFFANY AURELIA GRACIA CHRISTY MIKHAELA"),
}
# Second names without a religious colour, for Christians of groups whose second names are Arabic-Islamic.
_NEUTRAL_SECOND = {
    "L": _names("SANTOSO WIBOWO PRASETYO SETIAWAN KURNIAWAN GUNAWAN SUSANTO WIJAYA HARTONO PRATAMA SAPUTRA "
                "PUTRA NUGROHO WIDODO SUSILO HANDOKO PURNOMO UTOMO SETIADI HALIM HERMAWAN IRAWAN KUSUMA "
                "MAHENDRA PRABOWO RAHARJO SUTANTO SUGIARTO HARYANTO WALUYO SURYADI ADITYA WIRAWAN ARDIANTO "
                "CAHYONO LAKSONO NUGRAHA PERMANA SUHENDRA WARDANA"),
    "P": _names("SUSANTI LESTARI WULANDARI DAMAYANTI PUTRI SARI KURNIAWATI HANDAYANI RAHAYU PRATIWI "
                "ANGGRAENI SETIAWATI NOVITASARI PERMATASARI PUSPITASARI WIDIASTUTI ASTUTI WAHYUNI YULIANTI "
                "HARTATI KUSUMAWATI MAHARANI NATALIA OKTAVIANI SEPTIANI DESTIANA FEBRIANTI KRISTIANTI "
                "LIDYAWATI MELATI SURYANI UTAMI WIJAYANTI"),
}


@dataclass(frozen=True)
class _Pool:
    """How one group and sex names its people, per cohort (see ``_era``): forms, first and second names."""

    sex: str
    first: tuple[_Table, ...]  # per cohort
    second: tuple[_Table, ...]  # per cohort
    forms: tuple[_Table, ...]  # per cohort
    husna: _Table = _HUSNA
    siti: str = "SITI"

    def draw(self, rng: random.Random, year: int, *, muslim: bool = True) -> str:
        era = _era(year)
        form = self.forms[era].pick(rng)
        if not muslim and form[0] in "ANT":
            form = "FS"
        words: list[str] = []
        for slot in form:
            part = self._slot(rng, slot, era)
            if words and _repeats(part, words):
                part = self._slot(rng, slot, era)
                if _repeats(part, words):
                    continue
            words.extend(part.split(" "))
        if len(words) == 1 and words[0] in _NEEDS_SECOND:
            words.append(self.second[era].pick(rng))
        return " ".join(words)

    def _slot(self, rng: random.Random, slot: str, era: int) -> str:
        if slot == "F":
            return self.first[era].pick(rng)
        if slot == "S":
            return self.second[era].pick(rng)
        if slot == "A":
            return _abdul(rng, self.husna)
        if slot == "N":
            nur, nurul = _NUR[self.sex]
            roll = rng.random()
            if roll < 0.35:
                return f"NURUL {nurul.pick(rng)}"
            return f"NUR{nur.pick(rng)}" if roll < 0.55 else f"NUR {nur.pick(rng)}"
        if slot == "T":
            name = (_SITI if rng.random() < 0.6 else self.first[era]).pick(rng)
            return f"{self.siti} {_SITI.pick(rng) if name in _NEEDS_SECOND else name}"
        if slot == "J":
            return f"{_JAWA_PREFIX[self.sex].pick(rng)} {_JAWA_ROOT[self.sex].pick(rng)}"
        raise ValueError(slot)


def _repeats(part: str, words: list[str]) -> bool:
    """Whether a new part would repeat the name: ZAHRA ZAHRA, NUR AINI NURAINI, SAPUTRA PUTRA, ARIF ARIFIN."""
    last = part.rpartition(" ")[2]
    return any(last in word or word in last for word in words)


def _abdul(rng: random.Random, husna: _Table) -> str:
    """ABDUL + a name of God, as registers write it: ABDUL RAHMAN, ABDURRAHMAN, ABD. RAHMAN."""
    name = husna.pick(rng)
    roll = rng.random()
    if roll < 0.1:
        return f"ABD. {name}"
    if roll < 0.3 and (name[0] == "R" or (name[0] == "S" and name[1] != "Y")):
        return f"ABDU{name[0]}{name}"  # the sun letter assimilates: ABDURRAHMAN, ABDUSSAMAD
    return f"ABDUL {name}"


# Forms per cohort (< 1970, 1970-1994, 1995-2004, 2005+): one-word names give way to two and three words.
_FORMS_MUSLIM = {
    "L": ("F:45 FS:36 FSS:3 A:6 AS:4 N:3 NS:3", "F:17 FS:54 FSS:10 A:3 AS:7 N:3 NS:6",
          "F:7 FS:64 FSS:15 AS:6 N:2 NS:6", "F:3 FS:66 FSS:21 AS:5 NS:5"),
    "P": ("F:52 FS:24 T:10 TS:4 N:6 NS:4", "F:18 FS:48 FSS:7 T:6 TS:7 N:6 NS:8",
          "F:6 FS:64 FSS:13 T:2 TS:6 N:3 NS:7", "F:3 FS:68 FSS:20 TS:4 N:2 NS:4"),
}  # fmt: skip
_FORMS_JAWA = {
    "L": ("F:58 FS:20 J:7 A:3 AS:3 N:5 NS:4", "F:16 FS:44 FSS:7 J:11 JS:6 A:3 AS:5 N:3 NS:5",
          "F:7 FS:62 FSS:13 J:5 JS:4 AS:5 NS:5", "F:3 FS:66 FSS:20 J:3 JS:2 AS:3 NS:3"),
    "P": ("F:60 FS:10 J:10 T:10 TS:2 N:8", "F:15 FS:36 FSS:4 J:18 JS:7 T:6 TS:5 N:4 NS:5",
          "F:6 FS:61 FSS:11 J:7 JS:4 TS:5 NS:7", "F:3 FS:66 FSS:20 J:4 JS:2 TS:3 NS:3"),
}  # fmt: skip
_FORMS_OTHER = ("F:45 FS:50 FSS:5", "F:25 FS:65 FSS:10", "F:12 FS:70 FSS:18", "F:6 FS:70 FSS:24")


def _pool(sex: str, *, old: str, mid: str, young: str, modern: str = "", second: str, second_young: str = "",
          forms: tuple[str, ...] | None = None, husna: _Table = _HUSNA, siti: str = "SITI") -> _Pool:
    """A Muslim group's pool: ``modern`` and the modern second names are added to the shared modern names."""
    shared_first = _MODERN_M if sex == "L" else _MODERN_F
    shared_second = _MODERN_SECOND_M if sex == "L" else _MODERN_SECOND_F
    forms = forms or _FORMS_MUSLIM[sex]
    return _Pool(
        sex=sex,
        first=(_names(old), _names(mid), _names(young, (shared_first, 0.3)),
               _names(shared_first, (modern or young, 0.5))),
        second=(_names(second), _names(second, (second_young, 0.5)),
                _names(second, (second_young, 1.0), (shared_second, 0.6)),
                _names(shared_second, (second, 0.4))),
        forms=tuple(_t(f) for f in forms),
        husna=husna,
        siti=siti,
    )


def _plain_pool(sex: str, *, old: str, mid: str, young: str, second: str, second_young: str = "",
                forms: tuple[str, ...] = _FORMS_OTHER) -> _Pool:
    """A pool without the Islamic forms and shared modern names (Dayak, Tionghoa, Batak first names)."""
    young_second = _names(second, (second_young, 1.0)) if second_young else _names(second)
    return _Pool(sex=sex, first=(_names(old), _names(mid), _names(young), _names(young)),
                 second=(_names(second), _names(second), young_second, young_second),
                 forms=tuple(_t(f) for f in forms))


_POOLS: dict[tuple[str, str], _Pool] = {
    ("aceh", "L"): _pool(
        "L",
        old="ABDULLAH:3 ABUBAKAR:2 ADNAN AHMAD:3 ALI:2 AMIN AMIRUDDIN AMRAN ANWAR ARIFIN ARMIA ASNAWI ASYIK "
            "AWALUDDIN AZHAR BAHRUDDIN BAKHTIAR BASYARUDDIN BURHANUDDIN BUSTAMI DAHLAN DARWIS DAUD:2 "
            "FAKHRUDDIN HAMDAN HAMZAH HANAFIAH HARUN HASAN:2 HASANUDDIN HUSAINI HUSEN HUSIN IBRAHIM:2 IDRIS "
            "ILYAS IMRAN ISA ISHAK ISKANDAR ISMAIL:2 JAFAR JALALUDDIN JAMALUDDIN JUNAIDI KAMALUDDIN "
            "KAMARUDDIN KHALIDIN LUKMAN MAHMUD:2 MAHYUDDIN MAIMUN MAKMUR MANSUR MARZUKI MUKHTAR MUSA MUSTAFA "
            "NASIR NASRUDDIN NAWAWI NURDIN:3 RAMLI RASYID RAZALI RUSLAN RUSLI SABARUDDIN SAID SALAMUDDIN "
            "SALEH SAMAUN SAMSUDDIN SAMSUL SUFYAN SULAIMAN:2 SYAFI'I SYAHBUDIN SYAMAUN SYAMSUDDIN SYARIF "
            "TAHIR TAIB TAJUDDIN THAHIR UMAR:2 USMAN:2 WAHAB YACOB YAHYA YUNUS YUSUF:2 ZAINAL ZAINUDDIN "
            "ZAKARIA ZULKARNAIN ABDUL_GANI ABDUL_WAHAB",
        mid="AZHARI BUKHARI FAISAL FAJRI FIRDAUS HASBI HENDRA IRWANSYAH ISKANDAR KHAIRUL:2 MAHDI MUKHLIS "
            "MUNAWAR:2 MUSLIM NASRUDDIN RAHMAT:3 RIDWAN RIZAL SAFRIZAL:2 SAIFUL SYAHRUL SYARIFUDDIN TAUFIK "
            "ZULFIKAR ZULKIFLI:3 YUSRIZAL MAULIZAR MURSALIN HERMANSYAH NURDIN:2 AFRIZAL AMIRULLAH ANDRI "
            "ARIEF ARMIADI ASRUL AZWAR BAIHAQI BAKHTIAR BUSTAMAM DARMAWAN EDI FADHLI FAKHRURRAZI FAUZI "
            "FIRMANSYAH HAFIDH HAMDANI HARIS HELMI HERI IKHWAN IRWAN IRFAN JUFRI JUNAIDI KAMARUZZAMAN "
            "KHAIRUDDIN MAHFUD MARZUKI MASRI MAWARDI MUHAJIR MUKHTAR MUNIR MURTALA MUSLIADI MUSTAFA "
            "NAZARUDDIN NASRUL NURSALIM RAHMADI RAHMATULLAH RAMLI RAZALI RIDHA RIZWAN RUSLI SAFRIADI "
            "SAIFUDDIN SALMAN SAMSUL SUHAIMI SULAIMAN SYAFRIZAL SYAHRIAL SYAMSUL SYUKRI TARMIZI USMAN WAHYU "
            "YUSRI YUSNADI ZAINUDDIN ZAMZAMI ZUHRI ZULFAHMI ZULHAM ZULKARNAINI SYAIFULLAH NASRULLAH HUSAINI "
            "KHAIRULLAH MASYKUR NAZAR RAJALI SAFWAN ZAHRUL YUSLIADI ZAINAL ZULFADLI AMIRUL DEDI HERMAN IRVAN "
            "JAMALUDDIN KAMAL MUHIBBUDDIN NOVIZAR RISWAN SUHENDRA SYAHRIZAL ZULKHAIRI MUNZIR",
        young="ALFARIZI ARKAN AQIL FATHAN FAUZAN:2 HAIKAL:2 IKHSAN KHALID NAUFAL RAFFI RAIHAN RIZKI:3 SYAUQI "
              "ZAKY ZIKRI:2 ALIF FARHAN HAFIZ AZRIL AULIA FADHIL FADLI FAJAR FIKRI HABIBI HAFIZUL ILHAM "
              "IQBAL IRHAMNA KHAIRUL MAULANA MIFTAHUL MUHAJIR MUNAWIR NAZARUL RAHMAT REZA RIDHO RISKI SALMAN "
              "SYAHRUL TAUFIQ WAHYU ZAHRUL ZULFAN ZULFAHMI ZULFIKRI ZULHILMI FAJRUL FURQAN HAMDI IKHWANUL "
              "KAMARUL MUAMMAR MUSTAQIM NASRUL RAHMATUL RAMADHAN RIFKI SAFRIL SYAFRIL TAZKIR YASIR YUSRIL "
              "ZAINAL ZULKIFLI ALDI ARIF AZMI AKMAL ARIFUL FAHMI FIRMAN HUSNUL",
        modern="ZIKRI HAFIZUL IRHAM ZIKRULLAH NAZRIL ZAHRIL RAZIQ AQIL FAUZAN RIZKI MUAZZAM SYAFIQ",
        second="ABDULLAH:3 AKBAR ALI AMIN FAJRI HIDAYAT IQBAL ISKANDAR KHALIL MAULANA NASIR RAMADHAN:2 RIZKI "
               "SAPUTRA:2 SYAHPUTRA:2 YUSUF ZIKRI FIRDAUS AHMAD ARIF AZHARI BAKAR DAUD EFENDI FAUZI HAKIM "
               "HAMZAH HASAN HUSAINI IBRAHIM ILYAS ISMAIL JAFAR KAMAL MAHMUD MANSUR MUHAMMAD MUSTAFA NURDIN "
               "RAHMAN RASYID RIDWAN SALEH SUFYAN SULAIMAN SYAM SYAHRIAL SYAMSUL TAHIR UMAR USMAN YAHYA "
               "YUNUS ZAINAL ZAKARIA ZULKARNAIN ABBAS ADNAN ANWAR ARIFIN AZIZ BASRI DAHLAN FAHMI FIKRI HAMID "
               "HANAFI HARUN IDRIS IMRAN JUNAID KARIM LATIF LUKMAN MUNIR MUSLIM NAWAWI RAZALI RUSLI SAID "
               "SALAM SYAHRIR TAUFIK WAHAB ZUBIR AMRI NAZAR IRSYAD MUNANDAR SYAH ALAM PRATAMA FIRMANSYAH "
               "KURNIAWAN SETIAWAN ARDIANSYAH HERMANSYAH IRWANSYAH RAHMAT ZULKIFLI MAHDI MUKHTAR",
        second_young="ALFARIZI AL_FARIZI ALGHIFARI MUNAWAR FAHRIZAL RAMADHANI AKMAL MAULIDAN",
    ),
    ("aceh", "P"): _pool(
        "P",
        old="AISYAH:2 ASIAH FATIMAH:3 HABSAH HAFSAH HALIMAH:2 JAMILAH KHADIJAH:2 MARIAM NURHAYATI:3 RUKIAH "
            "SALMAH SAUDAH ZAINAB:2 ZUBAIDAH ROSMAWAR NURAINI:2 RAHMAH ASMA SITI_HAJAR SITI_AMINAH AMINAH:2 "
            "ASMAH HAMIDAH HASNAH HINDUN KAMARIAH MAHYANI MARYAM:2 MASYITAH MUNAH NAFISAH NURBAITI NURSIAH "
            "RABIAH RAHIMAH RAMLAH ROHANI ROSNI ROSMIATI SAFIAH SAKDIAH SALAMAH SARIAH SYAMSIAH SYARIFAH "
            "UMMI YUSRA ZAHARA:2 ZAKIAH ZULAIKHA ZAIBAH MARIANI HASBIAH NURMA MAIMUNAH MARDHIAH NAFSIAH "
            "SAIDAH SAFURA NURLAILA ROSMIDAR YUSNIDAR ASMIDAR ROSDIANA NURHASANAH DARMAWATI ASNIAR MARIAH "
            "NURSIDAH ROSMANIAR",
        mid="FITRIANI:3 NURHAYATI:2 NURLAILA RAHMAWATI:2 MARIANI NURAINI SALMAWATI ZAHARA:2 NURMALA "
            "MUNAWARAH SYARIFAH ULFA YUSNIDAR NURJANNAH MUSLIMAH ERNAWATI HASNAWATI MAWADDAH "
            "RAUDHATUL_JANNAH ASMAUL_HUSNA AFRIDA AIDA ASMIDAR DARMAWATI DESI EVI FAJRIAH FARIDA HAYATI "
            "HERLINA IDA INDRIANI IRMA JULIANA KHAIRIYAH LAILA LINDA MAIRA MARLINA MASYITAH MAULIDAR "
            "MUSDALIFAH NAJMI NELLY NOVIANTI NURBAITI NURMAWATI NURSYIDAH RAHMI:2 RATNA RINA RISNAWATI "
            "ROSMALA ROSNIDAR SAFRIDA SALMIAH SARI SYAFRIDA SYAHRIANI UMMI WARDAH WARDIAH YULIANA YUSNAINI "
            "YUSRA ZUHRA ZURAIDA EVA FAUZIAH JUWITA MARYANI NURSIAH SAKDIAH CHAIRUNNISA KHAIRUNNISA NURLIANA "
            "ROSMAWATI SURYANI ZULFAH DEWI ELLY YUSNIAR RUHAMA MUTIA ANNISA",
        young="ALYA AZKIA AISYAH HUMAIRA KHANZA NADIA NAYLA NAZWA:2 SALSABILA SYIFA:2 ZAHRA:2 RAISA KEISYA "
              "AQILA AFRA ANNISA:2 AULIA DARA DINDA FARAH FITRI:2 HUSNA INTAN IZZATI LAILA MAGHFIRAH MAULIDA "
              "MUTIA:2 NABILA NADIRA NAJWA NOVA PUTRI RAHMI RAUDHAH RIZKA SAFIRA SALWA SARAH SYARIFAH TIARA "
              "ULFA YULIA ZAKIAH ZULFA MAISARAH MARDHATILLAH NADYA NURHALIZA RAHMADANI RIFA SHAFIRA YUSRA "
              "AMALIA CHAIRANI DIANA FARHANA HAFSAH IZZA KHAIRA NURUL PUJA RAISYA SUCI YUNI",
        modern="NAYLA ZAHRA KHANZA HUMAIRA SYIFA RAUDHAH MAGHFIRAH MARDHATILLAH ZIKRA RAIHANA",
        second="AULIA FITRI:2 HUSNA:2 MAULIDA RAHMI:2 SAFITRI:2 ZAHRA JANNAH RAMADHANI NABILA PUTRI "
               "KHAIRUNNISA AMALIA ANDRIANI DEWI FAJRIATI HASANAH HAYATI IDAYANI JULIANTI KHAIRIAH LESTARI "
               "MARDHIAH MAWARNI MULYANI NINGSIH NOVITA NURHAYATI NURMALA RAHMAWATI RAHMATI RIZKI SARI SARAH "
               "SUSANTI SYAFITRI ULFA WAHYUNI WATI YANTI YULIANA YUSRA ZAHARA ZAKIAH ZURAIDA AZIZAH FAJRINA "
               "HANDAYANI ISMAIL FITRIANI MUNAWARAH RAHMAH SAFRIDA YUSNIDAR ZULFA MUTIA",
        second_young="AZZAHRA SALSABILA NAZIRA RAIHANA NURHALIZA MAGHFIRAH ZAHIRA",
    ),
    ("sunda", "L"): _pool(
        "L",
        old="AANG ACENG ADANG AJANG AMIN DADANG:3 DADAN EMAN ENCEP ENDANG:2 ENJANG ENTANG ILIM JAJANG:2 "
            "KOMAR MAMAN:2 OMAN OTONG OYO UDIN:2 UJANG:3 UKAR UNDANG YAYAT:2 ENGKOS ATANG OCID ABAS ADE AEP "
            "AHMAD ALI AMAN ANANG ANDANG ASIKIN BAKRI DARSA DEDI DIDI EMPUD ENGKUS ENTIS HAMDAN ISKANDAR "
            "JUJU KARNA KOSASIH MAMAT MUHTAR NANA NANANG OCA OHIM OJO OKIM OLIH OMO ONI OPAN ROHMAN SAHRONI "
            "SALIM SARIP SOLEH SUHANDA SUKARNA SULAEMAN SUMARNA SUTARYA TATANG TATA UNANG UJO YAYA YUSUP "
            "ENJU ENCANG ASEP:2 DEDE OJANG ROSID SUHENDI TARYA WAHYU ENDI ANWAR ENOH",
        mid="AAN AGUS:2 ASEP:5 CECEP:2 DEDE:4 DEDI DENI DIDIN HENDRA IWAN JAJANG RUDI UJANG:3 WAWAN YADI "
            "YAYAN:2 IRFAN RIDWAN DADAN ENDAN ROBI ANDRI HERMAN ADE:2 AEP AGAN AHMAD ANDI ARIS BUDI CEPI "
            "DADI DANI DEDEN DIKDIK DODI DONI EDI ELAN ENJANG ERWIN FERI GUGUN HARIS HERI IDAN IKIN IMAN "
            "IRWAN JEJEN KOKO LUKMAN MAMAN NANDANG NANANG OPIK RAHMAT RISWAN ROHMAT RUSLAN SAEPUL SOLIHIN "
            "SUHERMAN TATANG TEDI TOTO UDIN UDAY UCUP YUDI YUSUP ENDANG ERI AJAT ACEP ASEP_SAEPUL DANDAN "
            "DODO ENCEP HARDI JUJUN KUSNADI MAMAN_SUPARMAN NENDI OTONG RIKI ROSADI SAMSUDIN SUPRIATNA TAUFIK "
            "WAHYU",
        young="ALDI ARYA DAFA FAHMI GILANG:2 IQBAL RAFFA RAKA RIZKY:3 FAJAR REZA ILHAM ZIDAN DIMAS ADITYA "
              "AGIL ANGGA ARIF AZIS BAYU DEDE:2 DIKI EGI ELANG FIKRI GALIH HAIKAL HILMAN IKBAL IRFAN KIKI "
              "LUTFI RAMDAN RENDI RIFKI RIKI RISKI SANDI SEPTIAN TAUFIK WILDAN YOGI YUDA ASEP:2 ALFI AJI "
              "DANI FAJRI FAUZAN GUNTUR HERDI INDRA IRVAN JAJANG NANDA RAHMAT RIDWAN ROBI SIDIK",
        modern="RAFFA AZKA GILANG ZIDAN FAREL RAFKA ALFIN RAYYA SANDIKA",
        second="SUPRIATNA SUHENDAR SOPANDI KURNIAWAN SAEPUDIN HIDAYAT:2 RUSTANDI MULYANA:2 SUTISNA "
               "SETIAWAN:2 NURJAMAN SUMARNA PERMANA:2 GUNAWAN SAEPULLOH ROHMAN SOLIHIN SUNARYA JUHANA "
               "KUSNADI HERMAWAN RAMDANI:2 FIRMANSYAH MAULANA ABDULLAH ADIPUTRA ANWAR AHMAD ARDIANSYAH "
               "DARMAWAN FAUZI FIRDAUS HAMDANI HERDIANA HENDRAYANA IRAWAN JAELANI KARTIWA KOSWARA KUSMANA "
               "KUSNANDAR MAHMUD MUHTAR MULYADI NUGRAHA:2 NURDIN NURHIDAYAT PRIATNA PURNAMA RACHMAT RAHMAT "
               "RIDWAN RISWANDI ROSADI RUHIYAT SAEPUL SAPUTRA SODIKIN SOLEH SUDRAJAT SUGANDA SUHERMAN "
               "SUKMANA SULAEMAN SUMPENA SUNANDAR SUPARMAN SURYANA SUTARMAN SYARIFUDIN TARYANA WAHYUDIN "
               "WIJAYA YUSUF ZAENAL HERYANA SUPRIADI SUHANDI SUTARYA KOMARUDIN ADIWIJAYA NURDIANSYAH "
               "SUKANDAR SUNARDI KOSASIH JUNAEDI SOBARI HIDAYATULLAH MUHAMAD SUWANDI RUSMANA KARTIKA",
        second_young="PRATAMA RAMDHANI ALFARIZI NUGRAHA SAPUTRA FAUZAN MUHARAM GUMILAR",
        husna=_HUSNA_JAWA,
    ),
    ("sunda", "P"): _pool(
        "P",
        old="ENTIN:2 EUIS:2 ENOK CUCU ENUNG EUTIK ICIH IMAS:2 ITA NANI OOM TATI TITIN YAYAH YATI ONAH ENAH "
            "ICAH EPON UNAH AAH AAS ADAH AJAH ANAH ATIK CICIH EMAH EMI ENCAH ENDAH ENENG ENI ENJUM ERNI ETI "
            "IDAH IIS IKAH INAH IPAH ITI IYOH JUJUH KOKOM LILIS MIMIN NINING OMAH OYOH PIPIH POPON ROSIDAH "
            "SAMSIAH SOPIAH TITI UCU UMI UNENG ENTIN_SUPRIATIN EUIS_KOMALASARI ECIN EDAH ENOT IMAR OCAH "
            "ROKAYAH UKAH JUNAENGSIH",
        mid="EUIS:2 NENG:3 IIS:2 LILIS:2 NENENG:2 ELIS YUYUN RINA DEWI NOVI RISMA IMAS:2 ENDAH TINI YENI "
            "NUNUNG ENENG:2 AI:2 ANI ATIKAH CUCU DEDE DIAN ELA ELI EMA ENI ERNA ETI EVI FITRI HANI HENI IDA "
            "IKA INDAH IPAH IRMA ITA LIA LINA MIA NINA NINING NURLAELA POPON RATNA RENI RIKA RINI SARI SRI "
            "TITA TUTI UUN WIWIN YANTI YATI YULI YULIA AAY CUCUN DEDEH ELIN ENTIN ERNAWATI IMAS_MASITOH IYAM "
            "LENI NUR NURHAYATI ROSITA SUSI TATI WIDA",
        young="AULIA NAZWA SALSA ZAHRA KEISYA NAYLA SYIFA AMELIA ANISA:2 PUTRI RARA SALWA ANGGI CINTA DELA "
              "DEWI DINDA ELSA FITRI GITA INTAN INDRI LISNA NURUL RISKA RISMA SELI SILVI SITI TIARA WULAN "
              "YUNI NENG:2 AI DESI ELIS FANI HILDA IIS MELI NISA NOVI RANI SANTI SITI_NURHALIZA TANIA WINDI",
        modern="NAZWA SALSA KEISYA SYIFA RARA NENG CAHAYA KANAYA SYAKILA",
        second="ROHAYATI NURHAYATI KOMALASARI MULYANI SUMIATI RAHAYU:2 KURNIASIH AISAH MARLINA JUBAEDAH "
               "HERLINA SUSILAWATI NURLELA HODIJAH KARTIKA SOBARIAH MAESAROH SRI_MULYATI AMINAH ANDRIANI "
               "APRILIANI CAHYANI FATIMAH FITRIANI:2 HANDAYANI HASANAH JULAEHA KHOERUNNISA KOMARIAH KUSMIATI "
               "LESTARI:2 MAEMUNAH MARYAMAH MULYATI NURAENI NURJANAH NURLAELA NURHASANAH PERMATASARI "
               "PURNAMASARI RAHMAWATI ROSITA RUKMINI SAADAH SETIAWATI SOPIAH SRI_WAHYUNI SUMIYATI SUNARSIH "
               "SURYANI SUSANTI WIDIANINGSIH WULANDARI YULIANTI ZAKIAH NURLAILA ROHMAH RUSMIATI SITI_AMINAH "
               "SUPRIATIN SRI_RAHAYU MASITOH NURKOMALA KURNIASARI AMALIA",
        second_young="NURAINI AMELIA NURFADILAH AULIA SITI_NURHALIZA PUSPITASARI RAHMADANI MAULIDA",
        husna=_HUSNA_JAWA,
    ),
    ("jawa", "L"): _pool(
        "L",
        old="SLAMET:3 SUGENG:2 SUPARNO SUKIRMAN PARJO TUKIMAN MARSONO SUWARNO SUTRISNO:2 PARMIN NGADIMAN "
            "WAGIMAN SUMARNO SUYONO SAMIDI KARSO KASMAN SUDARSO SUPRAPTO SUTARJO SUKARDI SUJONO PAIMAN "
            "TUGIMAN SAKIMIN KATIMIN JUMADI RAKIMAN SARDI BEJO DALIMIN DARMO GIYONO HARJO JOYO KADIR KARMIN "
            "KARNO KARSONO KASIMAN KATIJO KUSNO LASIMAN MADI MARDI MARJO MARTO MUJI NGATIMIN NGATIJO PAIDI "
            "PAIJO PARDI PARNO RASIMAN RIYADI SABAR SADIMAN SAIMAN SAJIMAN SAMIN SANTOSO SARIMIN SARJONO "
            "SARMIN SARNO SARWONO SASTRO SAYUTI SISWANTO SUBAGYO SUBARI SUDARMAN SUDIBYO SUDIRMAN SUDIYONO "
            "SUGIARTO SUGIMAN SUHADI SUHARTO SUHARNO SUKARMAN SUKIMAN SUKINO SULARNO SUMADI SUMARDI SUMARJO "
            "SUMITRO SUNARDI SUNARTO SUPARDI SUPARMAN:2 SUPARJO SUPENO SUPRIYONO SURATMAN SURIPTO SURONO "
            "SUROSO SUTARNO SUTIMAN SUWANDI SUWARDI SUWITO TARMIN TASIMAN TUKIRAN TUMIJO TUMIRAN WAGINO "
            "WAKIDI WALUYO WARDI WARSITO WARSONO WIRYO YATIMAN",
        mid="AGUS:4 BAMBANG:2 BUDI:3 DIDIK EKO HERU:2 JOKO:2 PRIYO WAHYU:2 SUPRIYADI SUGIYANTO HARYANTO "
            "ANTON SUSILO PURNOMO SETYO ARIS YUDI HARI WIDODO ACHMAD ANANG ANDRI ARIF ARI BAGUS BAYU BENNY "
            "BUDIONO DANANG DARMAJI DEDY DONI EDI ENDRO FAJAR GATOT HADI HENDRO HERI IMAM IRWAN JUMAIN "
            "KARYADI KUSNADI LILIK MARYANTO MUJIONO MULYADI MUNAWIR NANANG PRIYANTO RAHMAD RIYANTO ROHMAT "
            "RUDI SAMSUL SAPTO SETIYO SIGIT SISWANTO SLAMET SUGENG SUGIANTO SUHARTONO SUJARWO SUKARNO "
            "SUKIRNO SUMARDI SUNARDI SUPARMAN SUPRIYANTO SURYADI SUTRISNO SUWANDI TEGUH TOTOK TRIYONO "
            "WAHYUDI WARSITO YANTO YUNUS ABDUL_KHOLIK ARIFIN FATHUR HARSONO KHOIRUL MUHAJIR MUSLIH SARWOKO "
            "SUYANTO",
        young="ADITYA BAGUS DIMAS:2 FARHAN RAKA DAFFA ARDIAN REVAN GALIH BIMA FAJAR RIZKY:2 YOGA ANDIKA ADI "
              "AFIF AGUNG AHMAD ALDO ANDI ANGGA ARDI ARYA BAYU BIMO DANANG DENI DONI FAHMI FERDI GILANG IBNU "
              "ILHAM IRFAN KRISNA NANDA NOVAN PANJI RAFI RANGGA REZA RIDHO RIFKI RIO SATRIO SEPTIAN TAUFIK "
              "WAHYU YOGI YUSUF ADIT ALIF DWIKI FIRMAN HENDRA KHOIRUL LUTHFI NUR RENDI SYAHRUL",
        modern="BIMA DANENDRA GALANG RADITYA SATRIA ARKANANTA BAGAS REVANO SAKA KENZIE ARYASATYA",
        second="PRASETYO:2 SANTOSO:2 SETIAWAN WIBOWO:2 NUGROHO:2 SAPUTRO HARYADI SUSANTO PURNOMO WIDODO "
               "KURNIAWAN:2 HIDAYAT RIYANTO SUPRIYANTO UTOMO SISWANTO PRABOWO ADI ADITAMA ANGGORO ARIFIN "
               "BUDIMAN CAHYONO DARMAWAN EFENDI FIRMANSYAH GUNAWAN HADI HARIYANTO HARTONO HERMAWAN "
               "HIDAYATULLAH IRAWAN JUNAEDI KUSUMA LAKSONO MAHENDRA MULYONO NUGRAHA PAMUNGKAS PRAMONO "
               "PRATAMA PRIYONO PURWANTO RAHARJO RAHMAN RAMADHAN SAPUTRA SETIADI SETYAWAN SUBAGYO SUDARSONO "
               "SUGIHARTO SULISTYO SUPARMAN SURYANTO SUSILO SUTRISNO TRIYONO WAHYUDI WIJAYA WINARNO YULIANTO "
               "ARDIANSYAH SANTOSA SUHARTONO WALUYO WICAKSONO HANDOKO KUSNADI SUPRIYADI SUBEKTI",
        second_young="PRATAMA SAPUTRA NUGRAHA ARDIANSYAH FIRMANSYAH MAULANA RAMADHAN WIBISONO ADITYA",
        forms=_FORMS_JAWA["L"],
        husna=_HUSNA_JAWA,
    ),
    ("jawa", "P"): _pool(
        "P",
        old="SUPARMI SUMIYATI TUMINAH SUKINEM PAINEM MARYATI SULASTRI SUMARNI PARTINI WARSINI SUTINAH "
            "SUKARSIH NGATINEM KASIYEM MURNI SAMINAH JUMINAH TUKIYEM WAGINEM SUPIAH KATMI ATMINAH DALIYEM "
            "DARMI GINEM JUMIATI KAMISAH KARSIH KARTINI KASMINAH KATINEM LAMINAH MARSINAH MARSIYEM MUJIATI "
            "NGADIYEM NGATMI PARSIH PONIYEM PONIRAH RUBIYEM SAINEM SALAMAH SARINAH SARMI SIYAMI SUDARMI "
            "SUGIYEM SUKARMI SUKIYEM SULASMI SUMIRAH SUNARTI SUPARTI SUPINAH SURATMI SURIPAH SUTARMI SUWARNI "
            "TARMI TASMINAH TUGIYEM TUMIRAH TUMINI WAGIYEM WAKINEM WARSIH WARTINI PAIYEM SAMINI TUKINEM",
        mid="ENDANG:2 TITIK:2 YULI WAHYUNI LESTARI RATNA ASIH SUPRIHATIN SUSANTI WIDAYATI RINI:2 ENI UMI "
            "YANTI ANIK ANI ATIK DEWI DIAH ERNA ERNAWATI ESTI HARTINI HERLINA IDA INDAH ISTIQOMAH KASIATI "
            "KUSMIATI LILIK MARIYAM MUJIATI MURNI NANIK:2 NINIK NOVI PUJI PURWANTI RETNO RINA RUMIYATI "
            "SUMARNI SUPRAPTI SUSI SUWARNI TUTIK:2 WIWIK:2 YATMI YAYUK YULIANA ENDAH KARTINI MUNAROH "
            "SITI_ROMLAH SUMIATUN SUPARTINI YUNI ZULAIKAH",
        young="AYU:2 PUTRI DEWI ANISA BELLA CITRA ELSA NAYLA AULIA SALSABILA ZAHRA DINDA INTAN ADINDA ANGGI "
              "ANGGUN APRILIA AYUNDA CINDY DEVI DIAN DIYAH ELOK FEBRI FITRI INDAH ISNA KARTIKA LARAS LINDA "
              "MAYA MEGA NADIA NINDY NOVIA RATNA RIRIN RISKA SEKAR SINTA TIARA VINA WULAN YUNITA ALFINA DESI "
              "DWI_AYU ERLINA FARIDA LUTFIANA NOVITA RIZKA UMI",
        modern="KIRANA SEKAR CANTIKA ANINDYA AYU LARAS NAYSILA ARUNA",
        second="WAHYUNI:2 LESTARI:2 RAHAYU:2 ASTUTI HANDAYANI SUSANTI WULANDARI RAHMAWATI PURWANTI "
               "SETYANINGSIH NINGSIH MULYANI KURNIASARI UTAMI PRATIWI WIDIASTUTI ANGGRAENI ARYANI CAHYANI "
               "DAMAYANTI FEBRIANI HARYANTI HARTATI INDRIYANI KUSUMAWATI LISTYOWATI MAHARANI MARYANI "
               "NOVITASARI NURHAYATI NURJANAH PERMATASARI PUSPITASARI PUJIASTUTI RAHMADANI RETNONINGSIH SARI "
               "SETYOWATI SULISTYOWATI SURYANI SUSILOWATI UTAMININGSIH WIDAYATI WINARSIH YULIANTI FITRIANI "
               "AMINAH MUSLIKAH ROKHAYAH SOLIKHAH ZULAIKHA NURAINI",
        second_young="PUSPITA SAFITRI ANGGRAINI AULIA NOVITASARI WIDYASTUTI",
        forms=_FORMS_JAWA["P"],
        husna=_HUSNA_JAWA,
    ),
    ("betawi", "L"): _pool(
        "L",
        old="MAT:2 SAMAN SALIM MUNIR ROJALI SABENI JAIMAN MAMAT MUHIDIN SANUSI BAHRI ROSID SARIP NAIM DULLAH "
            "JUHRI SAIMAN ASMAT NAPI MARZUKI JAPAR KOMARUDIN NAWI SA'ABAN ABDULLAH AHMAD AMSIR ARSAD BASRI "
            "BUANG DAIMAN DUL GOZALI HASAN IDRIS JAMHARI KASIM MADUN MAHMUD MUHASAN NAMIN RAIS RASIM RIPIN "
            "SAMIN SANIP SAPEI SUHAIMI SYAFEI TABRANI ZAKARIA",
        mid="ABDUL AHMAD ALI ANDI FIRMAN HASAN IRFAN JAENUDIN NURDIN RAHMAT RIDWAN ROSIDI SYAHRONI UMAR "
            "YUSUF ZAENAL SOPIAN MA'RUF AMIR ASMAWI BAHRUDIN DEDI EDI FAHRUDIN HAERUDIN HAMDANI HASBULLAH "
            "JUNAEDI KHOIRUL MUHIDIN NAWAWI RAHMAN RAMLI ROHIM ROHMAN SAIFUL SAMSUDIN SOLEH SUHAEMI "
            "SYAMSUDIN TAUFIK UDIN ZULKIFLI MAMAT ENDANG JUHRI HERMAN",
        young="FAJAR RIZKY ILHAM RAFI FIKRI ARYA REZA DIMAS FAHRI ALDI HAIKAL IRFAN RIDHO ZIDAN",
        second="SOLEH ROJI SAMAN HASAN ALI NAWI SALEH USMAN IDRIS MUHASAN ROHIMAN SOPIAN SUHAIMI IRFAN "
               "HIDAYAT RAMADHAN ABDULLAH AHMAD ARIFIN EFENDI FIRDAUS HAMDANI HASANUDIN JUNAEDI KURNIAWAN "
               "MAULANA MUHIDIN NAWAWI RAHMAN RAMLI RIDWAN ROSIDI SAPUTRA SETIAWAN SUHENDRA SYAHRONI "
               "SYAMSUDIN UMAR YUSUF ZAKARIA HIDAYATULLAH SOFYAN FIRMANSYAH",
        second_young="SAPUTRA PRATAMA RAMADHAN MAULANA ALFARIZI",
        husna=_HUSNA_JAWA,
    ),
    ("betawi", "P"): _pool(
        "P",
        old="ROHAYE MINAH MAEMUNAH SALMAH ZUBAEDAH ROSIDAH MUNAH JULAEHA NURHASANAH HINDUN AMINAH MARYAM "
            "SA'DIAH ROHANA SANIAH ENAH ROMLAH NAPISAH ASIAH HALIMAH HASANAH JUBAEDAH KHODIJAH MARFUAH "
            "MUNAROH NAIMAH ROHMAH SALAMAH SAMSIAH SITI_AMINAH UMAYAH ZAENAB AISAH ASMANAH FATIMAH HASNAH "
            "JUMINAH KOMARIAH NURAENI ROHILAH ROSMINAH SAIMAH SAODAH SITI_MARYAM SITI_ROHAYE UMI",
        mid="SITI NURHASANAH JULAEHA ROSIDAH MARYAM FITRIYAH NURLELA YULIANTI RAHMAWATI HERAWATI NENG ANI "
            "YANI LILIS DEWI ERNAWATI FAUZIAH HASANAH IDA KHOIRIYAH MASITOH MUNAWAROH NURAENI RATNA RINA "
            "ROSITA SOFIYAH SUSANTI WATI YATI ZAKIAH ANIH HANI IDAH JAMILAH KOMARIAH MASYITOH MULYATI "
            "NURHAYATI NURJANAH RUKAYAH SAADAH SITI_NURJANAH SOLEHAH YULIANA ZUBAIDAH",
        young="AULIA DINDA FITRI INTAN NABILA PUTRI SALSABILA SYIFA TIARA ZAHRA ANISA NADIA RIZKA",
        second="ROHAYE AMINAH MARYAM NURHASANAH ZAHRA FATIMAH HASANAH ROMLAH AULIA FITRIANI HANDAYANI "
               "JULAEHA LESTARI MAULIDA NURAENI NURJANAH PUTRI RAHMAWATI RAMADHANI ROSIDAH SAFITRI SARI "
               "SUSANTI WULANDARI YULIANTI ZAKIAH",
        husna=_HUSNA_JAWA,
    ),
    ("banjar", "L"): _pool(
        "L",
        old="ABDUL JUMBERI SYAHRANI NORDIN NORHADI MASRANI JUMRI ASRANI IDERIS SALMAN ANANG AHMAD BAHRUDIN "
            "MURJANI SYAMSUL ARIFIN UTUH ABDULLAH ASMUNI BASRI DARMAWI GAZALI HAMDI IBERAHIM JAHRI MAHLAN "
            "MASRAN MUKERAN NORMAN RUSLAN SAMIDI SARBINI SYARKAWI ABDUL_HADI ABDUL_MUIN ALI ASRAN BURHAN "
            "DAMANHURI FAHRUDDIN HAMBALI HASAN HUSIN IDRIS JAMALUDIN KASRANI MAHMUD MURSYID RAHMAN "
            "SAPRIANSYAH TAJUDIN USMAN ZAINAL ARBAIN DARMANSYAH FAHMI",
        mid="RAHMADI SAHRIANSYAH FAHRIANSYAH HAIRIL RUSLAN NORHADI MASRANI ASRANI ANANG SYAHRANI RAHMAN "
            "FAUZI AHMADI ARBAINSYAH FAHRUDIN GUSTI HAMDANI HERIYADI IRWANSYAH JUNAIDI MAHFUZ NORMAN RIDUAN "
            "RIZALI RUSDIANSYAH SAPRUDIN SYAHRIL YUSRAN ABDUL_RAHMAN AKHMAD ALIANSYAH AMINULLAH ARPANI "
            "ASPIANNOR BAHRIANSYAH FAHMI FATHURRAHMAN HAIRUDDIN HAMIDAN HELMI IBNU JAMHURI KHAIRIL MARDANI "
            "MUHAMMAD_RIDHO NORHAN NORHIDAYAT NORSYAHRANI RAHMATULLAH RIDHA RUSDI SAHRIL SUPIAN SYARIFUDDIN "
            "YUDI",
        young="AHMAD_FAUZAN RAFI MUHAMMAD_NOOR AKHMAD RIZKY HAIKAL ZAKI FADLI ARIF FAHRI HELMI NOOR RIDHO "
              "RIFANI SYAHRIL",
        second="RAHMAN HIDAYAT NOOR RIFANI ANSYARI FAUZI HADI MAULANA HAMDI ABDULLAH AMIN ANSHARI ARIFIN "
               "FAHRIANSYAH GAZALI HAMDANI HASAN IBRAHIM MAHMUD NORHADI RAHMADI RIDUAN SAPUTRA SYAHRANI "
               "YUSUF ZAINI AKHMAD ASPIANNOR BAHRUDIN FAHMI HAMBALI HUSAINI JAMALUDIN KHAIRUDDIN MURJANI "
               "NORDIN RAHMATULLAH RUSDIANSYAH SAHRIANSYAH SYARIFUDDIN",
    ),
    ("banjar", "P"): _pool(
        "P",
        old="NORHAYATI NORJANAH NORLAILA MASLIANI RUSMINI JUMIATI SALASIAH FATIMAH GALUH HALIMAH NORMAH "
            "MAHMUDAH ARBAYAH RAHMAH SAMSIAH NORSIDAH ASIAH BAINAH FAHRIAH HASNAH JAMILAH MASLAMAH NORAINI "
            "NORBAYAH RABIAH SITI_AISYAH ASNAH DAHLIAH GAMARIAH HADIJAH JUBAIDAH KAMSIAH MASNAH MUNAWARAH "
            "NORBAITI NORSIAH RAHIMAH ROSIDAH SALMIAH SAUDAH ZAINAB",
        mid="NORHAYATI NORLAILA MASLIANI RUSMINI JUMIATI GALUH MAHMUDAH RAHMAH NORSIDAH NORMILA RUSDIANA "
            "FITRIANI HAMIDAH HERLINA MASLIANA NORJANNAH NURUL RAHMAWATI RUSMILAWATI SALMAH SYARIFAH "
            "YULIANTI AISYAH FAHRIANI HAJIAH HASNAWATI JULIANTI LAILA MARIATI NORAINI NORHASANAH NURHAYATI "
            "RAHMIATI RUSITA SARIANI SITI_NORHAYATI SYAMSIAH WAHIDAH ZAHRATUL_JANNAH",
        young="NAILA AULIA NOR_AZIZAH SALSABILA ZAHRA KHAIRUNNISA PUTRI AMALIA FITRIA HALIMATUS NADIA NORMA "
              "RAHMI RIZKA",
        second="HAYATI JANNAH NOOR ROSITA MAULIDA SARI HASANAH AINI AULIA FAUZIAH FITRIANI HALIMAH KHAIRIAH "
               "MAHMUDAH NORHAYATI RAHMAH RAHMAWATI SAFITRI SARIAH ANNISA HIDAYATI JUMIATI MARLIANI NORJANAH "
               "NORLAILA RAHMIATI RUSMILAWATI SALASIAH WAHYUNI",
    ),
    ("kutai", "L"): _pool(
        "L",
        old="ABDUL ADJI RUSDI SYAHRIR JAILANI HERLAN RUSMAN SAIDI BURHAN SUPIANSYAH AMIR ABDULLAH ASMUNI "
            "BAHRANSYAH DAHLAN HAMSYAH JAHRAN MARSUKI SAMSUDIN ABDUL_GANI ARSYAD HAMDANI IDRIS JUMRI USMAN "
            "YUSUF ZAINAL",
        mid="RUSDI SYAHRIR HERLAN RUSMAN SUPIANSYAH AMIR IRWAN SYAHRUDIN ARDIANSYAH BAHRANI FAHRUL HAIRUL "
            "JUMANSYAH RAHMANSYAH SYAHRANI",
        young="RIZKY FAJAR ILHAM RAFI ARYA FIKRI REZA DIMAS",
        second="SYAHRANI RAHMAN HIDAYAT ALI BAKRI SALEH ARIFIN HAMSYAH JUNAIDI MAULANA SAPUTRA SYAHPUTRA",
    ),
    ("kutai", "P"): _pool(
        "P",
        old="SALMAH RAHMAH NORMA HAMIDAH HAYATI JUBAIDAH MASITAH RUSNAH KAMARIAH NURSIAH ASIAH FATIMAH "
            "HALIMAH SAMSIAH AMINAH HASNAH JAMILAH MAHMUDAH RUKIAH SALASIAH",
        mid="RAHMAH NORMA HAMIDAH HAYATI MASITAH RUSNAH NURSIAH ERNAWATI FITRIANI HERLINA RAHMAWATI SURYANI",
        young="AULIA DINDA FITRI NABILA PUTRI SALSABILA ZAHRA NADIA",
        second="HAYATI JANNAH SARI RAHMAWATI AMINAH FITRIANI HASANAH LESTARI SAFITRI",
    ),
    ("bugis", "L"): _pool(
        "L",
        old="SYAMSUL BAHAR AMIRUDDIN BASO HASANUDDIN ARIFIN SUPARDI RUSLI SUDIRMAN AMBO SAHARUDDIN LA_BACO "
            "MUSTAFA ABDULLAH BACO BADDU BAHTIAR BAKRI BASRI BUSTAMIN DAHLAN HAMZAH JAMALUDDIN LA_ODE MAPPA "
            "NURDIN RAHMAN SAKKA TAHIR ABDUL_KADIR AMIR ARSYAD BAHARUDDIN HAMID HASAN IDRIS JUFRI KAHARUDDIN "
            "MAKMUR NASRUDDIN PATTA RAHIM SAMAD SYAMSUDDIN TAMRIN UMAR USMAN YUSUF ZAINAL MANSYUR LA_TAHANG",
        mid="SYAMSUL ARIFIN RUSLI SUDIRMAN SAHARUDDIN IRWAN HAMKA SYAHRIR ASWAR SUKRI AMRULLAH ARDI ASRUL "
            "BURHANUDDIN HASBI HERMAN IKSAN JUMADI MUHLIS NASRUN RAHMAT SUPRIADI SYARIFUDDIN ADAM AMIRULLAH "
            "ANWAR ARIFUDDIN ASHAR AZIS FAISAL HAERUDDIN HARDIANSYAH HASRUL IRFAN JUMARDI KAMARUDDIN "
            "MUSTAKIM NURDIN RAHMAN RUSTAN SAIFUL SAMSUL SUARDI SYAMSURIJAL TAUFIK ASWIN",
        young="RISAL FADLI AKBAR ALDI ASRUL FIKRI RAHMAT RIZAL",
        second="ARIFIN BAHAR HAMKA RAHMAN SALEH AMIR TAHIR LATIF ABDULLAH AKBAR BAKRI HASAN MAKKASAU NURDIN "
               "RAHIM RAMADHAN SAPUTRA SYAMSUDDIN ASHAR BASO HAERUDDIN JAMALUDDIN MUSTAFA SYAMSUL TAUFIK "
               "USMAN YUSUF ARSYAD MANSYUR",
        siti="SITTI",
    ),
    ("bugis", "P"): _pool(
        "P",
        old="HASNAH NURHAYATI SITTI HAMSIAH MARLIA NURLIA SUHARTINI KARTINI SUNARTI HAJRAH BECCE ST._AMINAH "
            "HADIJAH HASMAH JUMRAH MANIRA NURBAYA SALMA SAMSIDAR ASIAH BUNGA HALIMAH HASRAH JUMIATI "
            "KASMAWATI MARYAM NURDIANA RAMLAH SAENAB SALMAH SITTI_AMINAH SITTI_HAJRAH SUBAEDAH",
        mid="HASNAH NURHAYATI HAMSIAH MARLIA NURLIA SUNARTI HAJRAH HASNAWATI ASMAWATI ASRIANI HARNIATI "
            "HASMAWATI MARWAH NURMIATI SAHARIAH ASNIDAR ERNAWATI FATIMAH HAERANI HAJERAH HASNIAH JUMRIANI "
            "MASNIATI MULIATI NURHAEDAH NURJANNAH RAHMAWATI RAHMI SAENAB SUKMAWATI SYAMSIAH",
        young="NURUL INDAH FITRI NABILA PUTRI AULIA RISKA",
        second="AMINAH HASANAH RAHMA ARNI HAMSAH ASRI FITRIANI NURHAYATI RAHMAWATI SAFITRI AMALIA AULIA "
               "HASNAH MUTMAINNAH RAHMAH SYAMSIAH UTAMI WAHYUNI ZAENAB NURJANNAH ASTUTI",
        siti="SITTI",
    ),
    ("generic", "L"): _pool(
        "L",
        old="AHMAD ARIF HASAN ALI ZULKARNAIN HAMDANI SUPRIADI JUNAIDI HERMAN ABDUL_RAHMAN YUSUF ADNAN AMIR "
            "ANWAR ARSYAD BAHARUDDIN BASRI DARMAN EFENDI HAMZAH HASANUDDIN IDRIS ISMAIL JAMAL KAMARUDDIN "
            "LUKMAN MANSUR MUCHTAR NASRUN RASYID RUSLAN SAMSUDIN SYAMSUL UMAR YAHYA ZAINAL AMRI AZWAR ABBAS "
            "ABDUL_MANAF ADENAN AMRAN ARIFIN ASRIL AZHAR BACHTIAR BUSTAMI DAHLAN DARWIS FACHRUDDIN HAMID "
            "HARUN HASBULLAH HUSIN IBRAHIM ILYAS JAFAR JAMALUDIN KAHAR MAHMUD MARJOHAN MUKHTAR MUSTAFA "
            "NASRUL NAWAWI RAMLI RASYIDIN ROSLAN SALEH SUDIRMAN SULAIMAN SYAFRUDDIN SYAHRIL TAHER USMAN "
            "YUNUS ZAKARIA ZULKIFLI ASMAN BAHAR DARMAWI ERMAN HAMDAN",
        mid="ANDI ARIF BUDI DEDI FAJAR HENDRA IRWAN RUDI YUSUF HERMAN SUPRIADI RAHMAT SYAIFUL AFRIZAL EFENDI "
            "AMRIL MUSLIM AGUS ANDRI ARIEF DONI EDI ERWIN FERI HADI HARIS HERI IRFAN JONI RAHMAN RIDWAN "
            "RIZAL ROBI SAIFUL SYAHRIL TAUFIK WAHYU YOSI ZULKIFLI ZULFAN DODI DENI AFRIADI AHMADI ALFIAN "
            "AMIRUDDIN ANDIKA ARDIANSYAH AZWAR BAMBANG BUDIMAN DARMAWAN DEDY EKO FAHRUL FIRDAUS GUNAWAN "
            "HAMDAN HASAN HELMI HERU IKHSAN IMAM INDRA ISKANDAR JUNAIDI KHAIRUL MARDIANSYAH NASRUL NOVRIZAL "
            "RAHMADI RAMADHAN RIKI ROMI SAMSUL SOFYAN SUDIRMAN SUHENDRA SYAFRIZAL YOGI YULIANTO ZULHENDRI "
            "ASRUL EFRIZAL HENDRI JEFRI",
        young="ALDI ARIF DIMAS FAJAR FIKRI ILHAM IQBAL RIZKY REZA RAHMAT RIDHO ANDIKA BAGAS FARHAN RIFKI "
              "ADITYA AGUNG AKBAR ALFIN ANGGA ARYA AZIS DAFFA DIKI FADLI FAHMI FAUZAN GILANG HAFIZ HAIKAL "
              "IRFAN KHAIRUL NAUFAL RAFI RAIHAN RAMA RANGGA RENDI RIAN SYAHRUL TAUFIK WAHYU YUDA ZAKI ZULFAN",
        second="SAPUTRA HIDAYAT KURNIAWAN SETIAWAN PRATAMA RAMADHAN FIRMANSYAH SYAHPUTRA GUNAWAN EFENDI "
               "HAKIM MAULANA ABDULLAH ARDIANSYAH FAUZI HASAN IBRAHIM IRAWAN NUGRAHA RAHMAN SANTOSO SYAHRIAL "
               "WIJAYA YUSUF AHMAD AKBAR ALI ANWAR ARIFIN AZHAR BASRI DARMAWAN FAHMI FAISAL HAMID HERMAWAN "
               "IKHSAN ISKANDAR JUNAIDI KAMAL KHAIRUDDIN MAHMUD MUCHTAR MUSTAFA PUTRA RAHMAT RIDWAN RIZKI "
               "RUSDI SAIFUL SALEH SETIADI SUDIRMAN SUHENDRA SULAIMAN SYAFRUDIN SYAHRIL SYAMSUDDIN TAUFIK "
               "UMAR USMAN YUDHA ZAINAL ZULKARNAIN ZULKIFLI ADITYA ALAMSYAH ANSHORI ERWIN FAUZAN HARDIANSYAH "
               "INDRA JAYA KUSUMA MULYADI PERDANA RAHMADI",
    ),
    ("generic", "P"): _pool(
        "P",
        old="NURHAYATI HASNAH ERNAWATI RATNA MASNI ROSNAH ASNIAR AMINAH FATIMAH HALIMAH JAMILAH MARIAM "
            "ROSMIATI SALMAH SAMSIAH ZAINAB ASMAH ASNI ASIAH BAINAH DARMAWATI FARIDA HAMIDAH KHADIJAH "
            "MAIMUNAH MARIANI MASITAH MURNI NAFSIAH NURBAYA NURHASANAH NURLELA RABIAH RAHMAH RAMLAH ROHANI "
            "ROSDIANA ROSMAWATI ROSNI SALAMAH SARIAH SAUDAH SITI_AMINAH SUHARTI SUKMAWATI SURYANI SYAMSIAH "
            "YUSNIAR ZUBAIDAH ZURAIDA ARNI",
        mid="DEWI RINA YANTI ERNI LINDA MASNI YULIANA RATNA FITRI SUSANTI ANI DESI EVI HERLINA IDA IRMA LENI "
            "MARLINA NOVI RAHMAWATI SRI_WAHYUNI WATI YENI YULI ANDRIANI ANITA ASRIANI DELIMA DIANA ELVI "
            "ERLINA FARIDA FITRIANI HARTATI HASNIATI INDAH JULIANA KARTINI MARDIANA MARNI MASNIATI NELLY "
            "NOVITA NURHASANAH NURJANNAH NURLAILA PUSPITA RAHMI RATNAWATI RINI RISMA ROSMIATI SARI "
            "SRI_RAHAYU SUSI SUSILAWATI SYAFRIDA TUTI WAHYUNI YUSNIDAR ZULFA EFRIDA ELIZA HASMAWATI NURMAINI",
        young="AULIA DINDA FITRI INTAN NABILA PUTRI SALSABILA SYIFA TIARA ZAHRA ANISA NADIA RIZKA AMELIA "
              "ADINDA ANNISA AYU CINDY DEA DESI DEWI DIAN ELSA FADILA FARAH FEBI HUSNA INDAH JIHAN LAILA "
              "MELATI MUTIA NADYA NOVIA NURUL RAHMA RANI RIA RISKA SALWA SARAH SITI TASYA ULFA WULAN YUNITA",
        second="AMINAH HANDAYANI SARI RAHMAWATI LESTARI PUTRI NINGSIH FITRIANI WAHYUNI APRILIANI AULIA "
               "DAMAYANTI HASANAH KURNIASIH MULYANI NOVITASARI PRATIWI SAFITRI SUSANTI WULANDARI YULIANTI "
               "ANGGRAINI ANDRIANI ASTUTI AZIZAH DEWI FADILLAH FEBRIANI HAYATI HUSNA JANNAH JULIANTI KARTIKA "
               "MARLINA MAULIDA NOVITA NURAINI NURHASANAH OKTAVIA PERMATASARI PURNAMASARI RAHMA RAHMADANI "
               "RAMADHANI SETIAWATI SRI_WAHYUNI SYAFITRI ULFA UTAMI WIDYA YANTI ZAHARA",
    ),
    ("dayak", "L"): _plain_pool(
        "L",
        old="ANTANG BAHAT JANTING SAWAU LAWING LEJU NYAPAR LIDAN TAMBUN DAMANG UJAU LAING ASANG BILUNG AMBU "
            "DAHIANG DUNGAN GAWING IDING JALONG KUNUN LAMBANG MANJAU NGAMBAT RABIN SAMPIT TINGANG ANYIE APUI "
            "BAYAU DOHONG GAMAR IBAU JAGAU KAHANG LUDAN MAHAR NYAHU PAHU RINGKAI SANDAN SILAM TAMANGGUNG "
            "UNTUNG USAT ALUH",
        mid="ANTANG BAHAT JANTING LAWING LEJU LIDAN TAMBUN UJAU HERIANTO BUDI HENDRA ADRIANUS AGUS DARIUS "
            "ELIASER HARTONO JULIUS KRISTIAN LUKAS MARKUS NOPRIANTO RUDI SAMUEL YUSTINUS ADI ALPIUS ANDERIAS "
            "ARIANTO BERTO DEDI DONATUS EKO ELIAS FERI HERMAN IWAN JONI KORNELIS MARTINUS NOVIANTO PASKALIS "
            "SUPRIANTO TOMI WANDI YOHANES AMBROSIUS DAMIANUS HERKULANUS SABRAN SILVANUS",
        young="ANDRE KEVIN RIVALDO YOGI JONATAN DIMAS ARYA DAVID FERDINAN GILANG NATANAEL RIKI ALDI ANDIKA "
              "ARDI BAYU DENI FAJAR FREDI HENDRIK ILHAM JEFRI MARIO NOVAL RAFAEL RIVAN STEVEN VALENTINO YOGA",
        second="ANTANG BAHAT JANTING LAWING LIDAN TAMBUN UJAU SAWAU LAING ALANG DAMANG HARTONO KUNUN NGABE "
               "SAPUTRA SILAM TINGANG ASANG BILUNG DAHIANG GAWING JALONG LAMBANG MANJAU NYAHU RABIN SANDAN "
               "APUI IBAU LUDAN PAHU PRATAMA SETIAWAN KURNIAWAN",
    ),
    ("dayak", "P"): _plain_pool(
        "P",
        old="INDANG ULAI BUNGA ITA LINA MERI IDA DAYANG ENJAH IBAT KAMBE LILIS NYAI SAKAI TAMBI ANAU BULAN "
            "DARIAH ILUN INAK JUMAH LEMAU MINAH NURI RIAH SALMAH TARIDA UBUNG",
        mid="ERNA LINA MERI NOVITA SELVI DESI ELVI HERLINA WINDA RINI INDANG AGUSTINA DAMAYANTI ELISA "
            "FRANSISKA LUSIANA MARLINA RATNA SUSANTI YULIANA ANI DEWI EMILIA HENI IRENE JULIANA KRISTINA "
            "MARIA NOVI RISNA SISKA TERESIA YANTI YOHANA",
        young="CINTIA DEWI NATALIA GRACE ANGEL JESSICA MONIKA AMELIA CLARA FEBRI INTAN NOVIA CHRISTINA DELA "
              "ELSA FELISIA GLORIA KRISTIN MELANI NADIA PUTRI RANI SELVIA VIOLA YUNITA",
        second="ULAI INDANG LAWING ANTANG SARI DAMAYANTI LESTARI NATALIA PUTRI SUSANTI WULANDARI BUNGA NYAI "
               "OKTAVIANI SEPTIANI HANDAYANI KRISTIANTI NOVITASARI PRATIWI TAMBUN",
    ),
    ("tionghoa", "L"): _plain_pool(
        "L",
        old="HENDRA SUSANTO GUNAWAN HARTONO SUWANDI HALIM ANDI RUDI JOHAN BUDI DJOKO EFFENDI HARYANTO "
            "KUSNADI SANTOSO SUGIANTO TJAHJADI WIDJAJA",
        mid="HENDRA SUSANTO ANDI WILLIAM JOHAN RUDI HARTONO SUWANDI FERRY ANTON BUDI DANIEL EDDY FRANKY "
            "HENDRY JIMMY JOHNNY KURNIAWAN RICKY ROBERT SUNARDI TONNY WILLY",
        young="KEVIN JASON VINCENT WILLIAM FELIX STEVEN ALVIN CALVIN DARREN ERIC HANSEL JONATHAN NATHAN "
              "RICHARD",
        second="WIJAYA:2 GUNAWAN HALIM SANTOSO TANDIARTO SUSILO KURNIAWAN LIMANTO HARTANTO HIDAYAT KUSUMA "
               "SALIM SETIAWAN SUGIARTO SUTANTO TANUWIJAYA TJANDRA WIBOWO",
        forms=("F:20 FS:75 FSS:5", "F:18 FS:75 FSS:7", "F:8 FS:80 FSS:12", "F:5 FS:80 FSS:15"),
    ),
    ("tionghoa", "P"): _plain_pool(
        "P",
        old="SUSANTI LILIANA MEILIANA LINDA YENNY LIANA LANNY LILY MELIANA SRI SUSI TJIOE WATI",
        mid="SUSANTI LILIANA MEILIANA LINDA YENNY LIANA FENNY ELLY HELEN JULIANA MARIA NOVI SHERLY VERA "
            "WENNY YULIANA",
        young="JESSICA MICHELLE CLARISSA FELICIA VANESSA CHELSEA ANGELINA CINDY GRACE JENNIFER NATASHA "
              "STEPHANIE",
        second="WIJAYA:2 GUNAWAN HALIM SANTOSO TANJAYA LIMANTO HARTONO KURNIAWAN SALIM SUSANTO TANUWIJAYA "
               "WIDJAJA",
        forms=("F:25 FS:70 FSS:5", "F:22 FS:72 FSS:6", "F:10 FS:80 FSS:10", "F:6 FS:80 FSS:14"),
    ),
    ("batak", "L"): _plain_pool(
        "L",
        old="MANGIRING TIGOR PARULIAN SAHAT HOTMAN BINSAR MARTUA TUMPAL POLTAK JONNI BONAR DAMPAK GOMGOM "
            "HASIHOLAN JAMES LAMHOT MANGATAS MARULAM PANGIHUTAN RAJA SABAR TORANG",
        mid="TIGOR PARULIAN SAHAT HOTMAN BINSAR JONNI RUDI JHONSON HENDRA ROY ANDI BENNY DAPOT FRANS HENRY "
            "JUNIOR LAMSAR MARIHOT RICARDO RONALD SAUT TUA",
        young="YOSUA DANIEL KEVIN RIVALDO JOSUA SAMUEL ARDI BASTIAN CHRISTIAN DAVID FERNANDO GABRIEL JORDAN "
              "RIZKY",
        second="PARULIAN TUA HASUDUNGAN MARULI HAMONANGAN MARTUA MANGARAJA SAHALA MARADONA PANDAPOTAN",
        forms=("F:80 FS:20", "F:75 FS:25", "F:70 FS:30", "F:70 FS:30"),
    ),
    ("batak", "P"): _plain_pool(
        "P",
        old="ROSMA TIURMA NURSIDA ROSLINA MASTA DUMA LASMA ELFRIDA SARMA DEMAK HOTMA LAMRIA MERI NURMAIDA "
            "ROSMAWATI ROSMERI TIOMINA",
        mid="ROSMA TIURMA ROSLINA RISMA ELFRIDA LASMA DEWI DUMARIA HOTNIDA LESTARI LINDA MARLINA RIRIS "
            "ROSDIANA SRI TETTY YENNI",
        young="GRACE NATALIA MONIKA ESTER YOHANA CHRISTINA DEBORA ELISABET LASTRI MEI PUTRI RUTH",
        second="ULI SARI MAIDA LASMARIA RIA NAULI TIOMAS ROSITA",
        forms=("F:90 FS:10", "F:85 FS:15", "F:80 FS:20", "F:80 FS:20"),
    ),
}
_BATAK_MARGA = _words(
    "SIMANJUNTAK SIAHAAN SITUMORANG NAINGGOLAN SINAGA SIREGAR HUTAGALUNG PANJAITAN SIMATUPANG TAMPUBOLON "
    "MANURUNG SIHOMBING PARDEDE SIMANULLANG HUTABARAT HUTAPEA SILALAHI SITORUS SIRAIT GULTOM PASARIBU "
    "MARPAUNG SITOMPUL SIMAMORA SIBARANI SIANTURI SIBURIAN HUTAURUK NAPITUPULU SAMOSIR SIDABUTAR TAMBUNAN "
    "SIANIPAR ARITONANG MARBUN PURBA SARAGIH DAMANIK GINTING SEMBIRING TARIGAN SITEPU PERANGIN-ANGIN SIHITE "
    "SILABAN SIMBOLON SINURAT LUMBANTOBING HARIANJA"
)
_MANDAILING_MARGA = _words(
    "NASUTION LUBIS HARAHAP HASIBUAN DAULAY RANGKUTI PULUNGAN BATUBARA MATONDANG PARINDURI TANJUNG SIREGAR "
    "RITONGA DALIMUNTHE POHAN"
)
_HAKKA_SURNAMES = _words("LIM BONG TJHIN LIE THAM CHAI PHANG NG THJAI LO")
_HAKKA_SYLLABLES = _words("A FA KIU SU LIN FUI KHIONG MOI NYUK JUN SIN KET LIONG MEI HAN SAN")
_BALI_ORDER = {
    "L": [("I WAYAN", "I PUTU", "I GEDE"), ("I MADE", "I KADEK", "I NENGAH"), ("I NYOMAN", "I KOMANG"),
          ("I KETUT",)],
    "P": [("NI WAYAN", "NI PUTU", "NI LUH"), ("NI MADE", "NI KADEK", "NI NENGAH"),
          ("NI NYOMAN", "NI KOMANG"), ("NI KETUT",)],
}  # fmt: skip
_BALI_ADULT_ORDER = _t("1:40 2:30 3:20 4:10")
# Triwangsa (caste) titles that take the place of the birth-order name for a minority.
_BALI_CASTE = {
    "L": _names("I_GUSTI_NGURAH:3 I_GUSTI_BAGUS I_GUSTI_MADE I_GUSTI_KETUT ANAK_AGUNG_GEDE:2 "
                "ANAK_AGUNG_NGURAH IDA_BAGUS:3 I_DEWA_GEDE I_DEWA_MADE I_DEWA_NYOMAN"),
    "P": _names("I_GUSTI_AYU:3 ANAK_AGUNG_AYU:2 IDA_AYU:3 DESAK_MADE DESAK_PUTU DESAK_NYOMAN I_DEWA_AYU"),
}
# Balinese given names: an optional first word (I PUTU *AGUS* SUDARMA) and the name proper.
_BALI_FIRST = {
    "L": _names("AGUS:3 ARI ARYA BAGUS BUDI DARMA DEDI EKA JAYA KRISNA OKA PUTRA RAI SURYA WIRA YOGA ADI "
                "ANDIKA DANA ANGGA WAHYU DWI DODI ARTHA DIKA GIRI INDRA MAHENDRA RIAN SUKMA TRI WIDI YUDI"),
    "P": _names("AYU:3 ARI DEWI EKA INTAN PUSPA PUTRI RATIH SRI SURYA WIDYA DIAH INDAH YUNI ARIK ANGGI CAHYA "
                "DESY DWI KRISNA MIRAH NOVI RAI SINTA TRI WULAN YULI"),
}
_BALI_NAMES = {
    "L": _names(
        "SUDARMA SUARDANA ARTAWAN WIRAWAN SUKADANA PARWATA SUASTIKA ARIMBAWA MERTAYASA ADNYANA ANTARA ARDANA "
        "ARSANA ASTAWA BUDIARTA DARMAWAN GUNAWAN JULIANTARA KARIASA KERTIYASA MAHARDIKA MUDITA PARTAMA "
        "PRADNYANA PUTRAWAN RAMAYASA SANJAYA SEDANA SUARJANA SUARTANA SUBAGIA SUDIARTA SUKARTA SUPARTA "
        "SURYAWAN SUTAMA SWASTIKA WARDANA WIDIANA WIJAYA YASA ADI_PUTRA SUARNAWA SUMERTA WIRATAMA ADIASA "
        "ARIAWAN ARJANA ARTANA ARYAWAN ASTIKA BAWA BUDIASA DARMADI DARSANA DIARTA DIATMIKA DUARSA EKAYANA "
        "GUNARTA JAYANTARA KARMAWAN KARSANA KARYANA KERTA KUSUMA MANUABA MARDIKA MARTANA MERTA MUDANA "
        "NADIANA PARWATHA PASEK PERMANA PRATAMA RAKA REDANA RIANA RUDITA SADRA SAPUTRA SARJANA SARMA SEMARA "
        "SETIAWAN SUARDIKA SUARNATA SUBRATA SUDANA SUDIANA SUDIRA SUKARDANA SUKERTA SUMADI SUPARWATA SURATA "
        "SUTARJANA SUWARDANA SUWITA TIRTAYASA WAHYUDI WARDITA WIASA WIDNYANA WIRYAWAN YUDIANA YUDISTIRA "
        "ARNAWA DIPTA"
    ),
    "P": _names(
        "SUARNI SUKARMI ARIANI SUASTINI WIDIASIH SRIASIH KARTINI MURNIASIH ASTITI SUDIANI ARIASIH ARTINI "
        "ASTUTI DARMAYANTI DEWI JULIANTARI KARIANI KRISNAYANTI LESTARI MARTINI MULIANI PURNAMI PUSPAWATI "
        "RATNADI SARIASIH SUARSINI SUDARMI SUKARNI SULASTRI SUPARTINI SURYANI SUTARI WAHYUNI WIDIASTUTI "
        "WIRATNI YULIANTARI ARISTANTI EKAYANTI MERTASARI PRADNYANI SEKARINI ADNYANI ANDAYANI ARDANI "
        "ARIANTINI ARMINI ARSINI ASTARI BUDIASIH CANDRAWATI DIANTARI DWIYANTI JUNIARI KARMINI KARSINI "
        "KASTINI KUSUMAWATI LASMINI MADRI NARIASIH NOVIANTI PARWATI PURNAMAWATI PUSPADEWI RASMINI RATNAWATI "
        "RIASIH RUSMINI SANTI SARI SETIAWATI SRIANI SUARTINI SUCIANI SUDARSINI SUDIARTINI SUKASTINI SUMARNI "
        "SUMERTI SUPARMI SUPINI SURIANI SUSANTI SUWENTI TIRTAWATI WARTINI WIDANI WIDIANTARI WINDAYANI "
        "WIRYANI YASMINI YUNIARI"
    ),
}
_MUHAMMAD = _t("MUHAMMAD:50 MUHAMAD:14 MOHAMMAD:6 MOHAMAD:5 MOH.:8 M.:14 MHD.:3")
_MUHAMMAD_EAST_JAVA = _t("MUHAMMAD:30 MOH.:30 MOCHAMMAD:15 M.:20 MOHAMMAD:5")
# One left-to-right pass, as names.old_spelling_to_new undoes it; "EU" (Sundanese) keeps its U.
_OLD_SPELLING = re.compile(r"NY|SY|KH|J|C|(?<!E)U")
_OLD_SPELLING_MAP = {"NY": "NJ", "SY": "SJ", "KH": "CH", "J": "DJ", "C": "TJ", "U": "OE"}


def _old_spelling(name: str) -> str:
    """Pre-1972 spelling of the first word ("SUPARNO" -> "SOEPARNO", "JUMINAH" -> "DJOEMINAH")."""
    first, sep, rest = name.partition(" ")
    return _OLD_SPELLING.sub(lambda m: _OLD_SPELLING_MAP[m.group()], first) + sep + rest


@dataclass
class _Family:
    """What the members of one household share for naming: group, religion, lineage names, writing style."""

    ethnicity: str
    religion: str
    province: str
    title_case: bool
    hakka: bool = False
    father_line: str = ""
    mother_line: str = ""

    def new_line(self, rng: random.Random) -> str:
        """A family name (Batak marga, Hakka surname) for someone who married in."""
        if self.ethnicity == "batak":
            pool = _MANDAILING_MARGA if self.religion == "1" else _BATAK_MARGA
            return rng.choice(pool)
        if self.hakka:
            return rng.choice(_HAKKA_SURNAMES)
        return ""


def _given_name(rng: random.Random, fam: _Family, sex: str, year: int, line: str, order: int) -> str:
    eth, religion = fam.ethnicity, fam.religion
    if eth == "bali":
        given = _BALI_NAMES[sex].pick(rng)
        if rng.random() < 0.5:
            given = f"{_BALI_FIRST[sex].pick(rng)} {given}"
        if rng.random() < 0.08:
            return f"{_BALI_CASTE[sex].pick(rng)} {given}"
        # Birth order; for adults (order unknown here) the later orders are rarer, as in smaller families.
        prefix = rng.choice(_BALI_ORDER[sex][((order or int(_BALI_ADULT_ORDER.pick(rng))) - 1) % 4])
        if rng.random() < 0.25:
            prefix = prefix.partition(" ")[2]  # often written without I / NI: KADEK, PUTU, LUH
        return f"{prefix} {given}"
    if fam.hakka:
        return f"{line or rng.choice(_HAKKA_SURNAMES)} {rng.choice(_HAKKA_SYLLABLES)} {rng.choice(_HAKKA_SYLLABLES)}"
    christian = religion in ("2", "3")
    pool = _POOLS.get((eth, sex)) or _POOLS[("generic", sex)]
    baptismal = _CHRISTIAN_M if sex == "L" else _CHRISTIAN_F
    if eth == "batak":
        first = baptismal.pick(rng) if christian and rng.random() < 0.4 else pool.draw(rng, year, muslim=False)
        marga = line or fam.new_line(rng)
        if sex == "P" and rng.random() < 0.4:
            marga = f"{'BR.' if rng.random() < 0.5 else 'BR'} {marga}"  # boru: daughter of the clan
        return f"{first} {marga}"
    if christian and eth in ("generic", "jawa", "dayak", "tionghoa", "sunda", "betawi", "bugis"):
        era = _era(year)
        first = (_CHRISTIAN_MODERN[sex] if era >= 2 and rng.random() < 0.5 else baptismal).pick(rng)
        roll = rng.random()
        if roll < 0.12:
            first = f"{first} {baptismal.pick(rng)}"  # MARIA MAGDALENA, YOHANES PAULUS
        if roll < 0.8:
            # Dayak and Tionghoa keep their own second names; elsewhere these are Arabic-Islamic.
            own = eth in ("dayak", "tionghoa") and rng.random() < 0.6
            second = (pool.second[era] if own else _NEUTRAL_SECOND[sex]).pick(rng)
            return first if second in first else f"{first} {second}"
        return first
    name = pool.draw(rng, year, muslim=religion == "1")
    if religion != "1":
        return name
    # Islamic first names and regional prefixes.
    if sex == "L":
        p_muhammad = {"aceh": 0.3, "banjar": 0.25, "kutai": 0.2, "betawi": 0.2, "generic": 0.15}.get(eth, 0.08)
        if year >= 1990:
            p_muhammad += 0.1
        words = name.split(" ")
        if rng.random() < p_muhammad and words[0] not in _NO_MUHAMMAD:
            table = _MUHAMMAD_EAST_JAVA if fam.province == "35" else _MUHAMMAD
            # MUHAMMAD + the first name alone (M. RIZKI), else + the first two words (MUHAMMAD RIZKI RAMADHAN).
            keep = 1 if rng.random() < (0.5 if year < 1990 else 0.3) and words[0] not in _NEEDS_SECOND else 2
            name = f"{table.pick(rng)} {' '.join(words[:keep])}"
        elif name.startswith("MUHAMMAD "):
            name = _MUHAMMAD.pick(rng) + name[len("MUHAMMAD"):]
    if eth == "aceh":
        roll = rng.random()
        if sex == "L" and roll < 0.03:
            name = f"{'TEUKU' if rng.random() < 0.5 else 'T.'} {name}"
        elif sex == "P" and roll < 0.006:
            name = f"CUT NYAK {name.split()[0]}"
        elif sex == "P" and roll < 0.035:
            name = f"CUT {name}"
    elif eth == "banjar" and rng.random() < 0.03:
        name = f"GUSTI {name}"
    elif eth == "kutai" and rng.random() < 0.15:
        titles = ("AJI", "AWANG") if sex == "L" else ("AJI", "DAYANG")
        name = f"{rng.choice(titles)} {name}"
    elif eth == "bugis" and rng.random() < 0.08:
        name = f"ANDI {name}"
    if year < 1962 and eth in ("jawa", "sunda") and rng.random() < 0.35:
        name = _old_spelling(name)
    return name


_DEGREES_S1 = _t("S.Pd:30 S.E.:15 S.H.:8 S.Ag:8 S.Kom:6 S.T.:6 S.Sos:8 S.Pd.I:8 S.K.M:3 S.Kep:4 S.P:4")
_DEGREES_DIPLOMA = {"L": _t("A.Md:8 A.Md.Kep:2 A.Ma:1"), "P": _t("A.Md:6 A.Md.Keb:5 A.Md.Kep:3 A.Ma:1")}
_DEGREES_MASTER = _t("M.Pd:40 M.Si:20 M.M:25 M.H:10 M.Kes:5")


def _decorate(rng: random.Random, name: str, fam: _Family, *, sex: str, age: float, education: str,
              occupation: str, wealth: float) -> str:
    """Add titles and degrees as registers write them, then apply the household's letter case."""
    prefix = ""
    suffix = ""
    if fam.religion == "1" and age >= 40 and rng.random() < 0.01 + 0.1 * wealth * wealth:
        prefix = "H. " if sex == "L" else "HJ. "
    elif fam.ethnicity == "aceh" and sex == "L" and age >= 45 and rng.random() < 0.006:
        prefix = "TGK. "
    degree = ""
    if age < 22:
        pass  # still studying: no degree yet
    elif education == "5" and rng.random() < 0.45:
        if age >= 58 and rng.random() < 0.4:
            prefix = prefix + ("DRS. " if sex == "L" else "DRA. ")
        else:
            degree = "S.Pd" if occupation == "Guru" and rng.random() < 0.7 else _DEGREES_S1.pick(rng)
    elif education == "4" and rng.random() < 0.3:
        degree = _DEGREES_DIPLOMA[sex].pick(rng)
    elif education == "6" and rng.random() < 0.6:
        degree = f"{_DEGREES_S1.pick(rng)}, {_DEGREES_MASTER.pick(rng)}"
    if degree:
        roll = rng.random()
        suffix = f", {degree}" if roll < 0.65 else f" {degree}" if roll < 0.85 else f",{degree}"
    if fam.title_case:
        return _title(prefix) + _title(name) + suffix
    return (prefix + name + suffix).upper()


_ROMAN = re.compile(r"^[IVX]+,?$")


def _title(text: str) -> str:
    """Title case as typed by an operator; Roman numerals (DUSUN II) stay upper case."""
    return " ".join(w if _ROMAN.match(w) else w.capitalize() for w in text.split(" ")) if text else ""


# ------------------------------------------------------------------------------------------------------------
# Addresses
# ------------------------------------------------------------------------------------------------------------

_DUSUN: dict[str, tuple[str, ...]] = {
    "aceh": _words("DUSUN_MELATI DUSUN_MAWAR DUSUN_SEULANGA DUSUN_JEUMPA DUSUN_MEUNASAH DUSUN_TEUNGOH "
                   "DUSUN_TIMU DUSUN_BARAT DUSUN_LAMPOH_U DUSUN_KRUENG DUSUN_BLANG DUSUN_TGK._DI_BLANG "
                   "DUSUN_COT DUSUN_BALEE DUSUN_LAMPOH_DRIEN DUSUN_TUNONG DUSUN_BAROH"),
    "sunda": _words("KP._CIBODAS KP._SUKAMAJU KP._BABAKAN KP._CIKONENG KP._PASIRJATI KP._SUKAMANAH KP._CIHERANG "
                    "KP._CIPAKU KP._SINDANGSARI KP._GIRIMUKTI KP._CILEUNGSIR KP._NANGKALEAH KP._PANYINGKIRAN "
                    "BLOK_KARANG BLOK_WETAN BLOK_KULON DUSUN_I DUSUN_II DUSUN_III"),
    "jawa": _words("DUSUN_KRAJAN DUSUN_KRAJAN_KIDUL DUSUN_KRAJAN_LOR DUSUN_NGABLAK DUSUN_SIDOREJO "
                   "DUSUN_KARANGANYAR DUSUN_SUMBERSARI DUSUN_NGRANCAH DUSUN_GONDANG DUSUN_BANARAN "
                   "DUKUH_TEGALSARI DUKUH_PANDEAN DUKUH_SEMBUNGAN DUKUH_KLAMPOK DUSUN_PLOSO DUSUN_WETAN"),
    "betawi": _words("KP._RAWA KP._BARU KP._PULO KP._BULAK KP._KANDANG KP._DUKUH KP._SAWAH KP._BELAKANG "
                     "GG._H._SAMAN GG._MASJID GG._BUNGA GG._H._NAWI"),
    "kalimantan": _words("DUSUN_SEPAKAT DUSUN_TELUK DUSUN_MUARA DUSUN_SUNGAI_ULU DUSUN_HILIR DUSUN_HULU "
                         "DUSUN_KARYA_BARU JALUR_I JALUR_II SP_1 SP_2"),
    "sumbar": _words("JORONG_KOTO_TUO JORONG_BALAI JORONG_PADANG JORONG_SUNGAI JORONG_AIA_ANGEK "
                     "JORONG_LURAH JORONG_PASA JORONG_TANJUNG"),
    "generic": _words("DUSUN_I DUSUN_II DUSUN_III DUSUN_IV DUSUN_V LINGKUNGAN_I LINGKUNGAN_II LINGKUNGAN_III "
                      "DUSUN_MAWAR DUSUN_MELATI"),
}
_STREETS: dict[str, tuple[str, ...]] = {
    "aceh": _words("JL._T._NYAK_ARIEF JL._TGK._CHIK_DITIRO JL._LAKSAMANA_MALAHAYATI JL._BANDA_ACEH-MEDAN "
                   "JL._T._UMAR JL._CUT_NYAK_DHIEN JL._SULTAN_ISKANDAR_MUDA JL._MEUNASAH LR._SEPAKAT "
                   "LR._MESJID LR._II LR._III"),
    "sunda": _words("JL._RAYA JL._SILIWANGI JL._PAJAJARAN JL._MERDEKA JL._PAHLAWAN JL._SUDIRMAN JL._KARTINI "
                    "JL._VETERAN GG._MESJID"),
    "jawa": _words("JL._RAYA JL._PEMUDA JL._DIPONEGORO JL._SLAMET_RIYADI JL._KARTINI JL._MERDEKA "
                   "JL._PAHLAWAN JL._SUDIRMAN GG._MAWAR"),
    "betawi": _words("JL._H._SAMAN JL._RAYA JL._KAMPUNG_BARU JL._MASJID JL._H._NAWI JL._BUNGUR JL._KRAMAT "
                     "GG._H._MAT GG._LANGGAR"),
    "kalimantan": _words("JL._TRANS_KALIMANTAN JL._P._ANTASARI JL._A._YANI JL._POROS JL._TJILIK_RIWUT "
                         "JL._PESISIR JL._SEPAKAT GG._BERSAMA GG._SEPAKAT"),
    "sumbar": _words("JL._PROKLAMASI JL._SUDIRMAN JL._MERDEKA JL._PAHLAWAN"),
    "generic": _words("JL._MERDEKA JL._PAHLAWAN JL._SUDIRMAN JL._DIPONEGORO JL._GATOT_SUBROTO JL._A._YANI "
                      "JL._KARTINI JL._VETERAN JL._MELATI JL._MAWAR JL._KENANGA JL._POROS_DESA"),
}


@dataclass
class _DesaPlan:
    """What a desa's households share: location, poverty level, address layout, numbering style."""

    area: Area
    province: str
    region: str
    urban: bool
    coastal: bool
    poverty: float
    hamlets: list[tuple[str, int, int]]  # (name, RW number, RT count)
    has_rt: bool
    has_rw: bool
    birth_places: tuple[str, str]  # (kabupaten, kecamatan) as written in birth places


def _plan_desa(rng: random.Random, area: Area) -> _DesaPlan:
    province = area.code[:2]
    region = _region(province)
    urban = area.code.split(".")[3].startswith("1")  # 1xxx kelurahan, 2xxx desa
    coastal = rng.random() < (0.3 if region in ("aceh", "kalimantan", "generic") else 0.15)
    # Province shift: Aceh is poorer than Java's average, Jakarta richer.
    shift = {"11": 0.05, "31": -0.15, "36": -0.05, "64": -0.05, "65": -0.02}.get(province, 0.0)
    poverty = _clamp(rng.betavariate(2.5, 3.6) + shift - (0.12 if urban else 0.0), 0.03, 0.95)
    pool = list(_DUSUN[region])
    rng.shuffle(pool)
    hamlets = [(pool[i], i + 1, rng.randint(2, 6)) for i in range(rng.randint(3, min(6, len(pool))))]
    if region == "aceh":
        has_rt = has_rw = rng.random() < 0.25
    elif region == "sumbar":
        has_rt = has_rw = urban
    elif region == "kalimantan":
        has_rt, has_rw = True, rng.random() < 0.4
    else:
        has_rt = has_rw = True
    district = area.parent
    regency = district.parent if district is not None else None
    kab = re.sub(r"^(Kabupaten|Kota Administrasi|Kota)\s+", "", regency.name) if regency else area.name
    kec = district.name if district is not None else area.name
    return _DesaPlan(area, province, region, urban, coastal, poverty, hamlets, has_rt, has_rw,
                     (kab.upper(), kec.upper()))


def _address(rng: random.Random, plan: _DesaPlan) -> tuple[str, str, str]:
    name, rw, rt_count = rng.choice(plan.hamlets)
    street_style = plan.urban or plan.region == "betawi"
    if street_style and rng.random() < 0.7:
        address = f"{rng.choice(_STREETS[plan.region])} NO. {rng.randint(1, 120)}"
        if plan.region in ("aceh", "generic") and not name.startswith(("GG.", "JL.")) and rng.random() < 0.3:
            address = f"{address}, {name}"
    elif rng.random() < 0.12 and not name.startswith(("GG.", "JL.")):
        address = f"{rng.choice(_STREETS[plan.region])}, {name}"
    else:
        address = name
    rt = f"{rng.randint(1, rt_count) + (rw - 1) * 3:03d}" if plan.has_rt else ""
    rw_text = f"{rw:03d}" if plan.has_rw else ""
    return address, rt, rw_text


# ------------------------------------------------------------------------------------------------------------
# Housing and assets
# ------------------------------------------------------------------------------------------------------------

# (values, poor weights, middle weights, rich weights); wealth 0..1 blends poor->middle->rich.
_HOUSING: dict[str, tuple[list[str], list[float], list[float], list[float]]] = {
    "floor": (["keramik", "ubin", "kayu", "semen", "bambu", "tanah"],
              [3, 5, 15, 45, 7, 25], [30, 15, 10, 40, 1, 4], [85, 8, 3, 4, 0, 0]),
    "wall": (["tembok", "plesteran", "kayu", "bambu", "lainnya"],
             [35, 8, 25, 22, 10], [75, 5, 15, 3, 2], [97, 0, 3, 0, 0]),
    "roof": (["beton", "genteng", "seng", "asbes", "kayu", "ijuk"],
             [0, 2, 78, 5, 3, 12], [1, 8, 85, 6, 0, 0], [6, 20, 70, 4, 0, 0]),
    "water_source": (["ledeng", "kemasan", "sumur_terlindung", "sumur_tak_terlindung", "mata_air", "sungai", "hujan"],
                     [8, 15, 35, 22, 10, 7, 3], [15, 35, 40, 6, 3, 1, 0], [25, 60, 15, 0, 0, 0, 0]),
    "lighting": (["pln_meteran", "pln_numpang", "non_pln", "bukan_listrik"],
                 [70, 25, 3, 2], [95, 5, 0, 0], [100, 0, 0, 0]),
    "cooking_fuel": (["listrik", "gas_besar", "lpg_3kg", "minyak_tanah", "kayu", "tidak_memasak"],
                     [0, 1, 70, 2, 25, 2], [1, 5, 88, 1, 4, 1], [4, 35, 58, 0, 0, 3]),
    "toilet": (["sendiri", "bersama", "umum", "tidak_ada"], [65, 15, 5, 15], [92, 5, 1, 2], [100, 0, 0, 0]),
    "land_ownership": (["milik_sendiri", "sewa", "bebas_sewa", "dinas", "lainnya"],
                       [72, 6, 19, 0, 3], [85, 8, 5, 1, 1], [88, 8, 1, 3, 0]),
}  # fmt: skip
_HOUSING_REGIONAL: dict[tuple[str, str], tuple[list[float], list[float], list[float]]] = {
    # Wooden stilt houses and river water in Kalimantan; tiled roofs in Java.
    ("kalimantan", "floor"): ([2, 3, 60, 20, 10, 5], [25, 10, 40, 24, 1, 0], [80, 8, 10, 2, 0, 0]),
    ("kalimantan", "wall"): ([10, 3, 72, 5, 10], [40, 2, 56, 0, 2], [80, 0, 20, 0, 0]),
    ("kalimantan", "water_source"): ([10, 15, 15, 15, 5, 25, 15], [20, 40, 20, 5, 2, 8, 5], [30, 60, 10, 0, 0, 0, 0]),
    ("kalimantan", "lighting"): ([60, 22, 13, 5], [92, 5, 3, 0], [100, 0, 0, 0]),
    ("jawa", "roof"): ([0, 70, 8, 15, 1, 6], [2, 80, 5, 13, 0, 0], [10, 82, 2, 6, 0, 0]),
    ("sunda", "roof"): ([0, 70, 8, 15, 1, 6], [2, 80, 5, 13, 0, 0], [10, 82, 2, 6, 0, 0]),
    ("betawi", "roof"): ([0, 55, 15, 25, 0, 5], [3, 75, 7, 15, 0, 0], [15, 78, 2, 5, 0, 0]),
    ("sunda", "wall"): ([25, 10, 15, 40, 10], [70, 8, 8, 12, 2], [97, 1, 2, 0, 0]),
}


def _housing_choice(rng: random.Random, region: str, name: str, wealth: float) -> str:
    values, poor, mid, rich = _HOUSING[name]
    poor, mid, rich = _HOUSING_REGIONAL.get((region, name), (poor, mid, rich))
    if wealth < 0.5:
        a = wealth / 0.5
        weights = [p * (1 - a) + m * a for p, m in zip(poor, mid, strict=True)]
    else:
        a = (wealth - 0.5) / 0.5
        weights = [m * (1 - a) + r * a for m, r in zip(mid, rich, strict=True)]
    return rng.choices(values, weights=weights)[0]


def _household_fields(rng: random.Random, plan: _DesaPlan, wealth: float, head_occupation: str,
                      head_is_official: bool) -> dict:
    w = wealth
    fields = {name: _housing_choice(rng, plan.region, name, w) for name in codes.HOUSING_FIELDS}
    if plan.urban and fields["land_ownership"] == "milik_sendiri" and rng.random() < 0.15:
        fields["land_ownership"] = "sewa"
    if head_is_official and rng.random() < 0.1:
        fields["land_ownership"] = "dinas"
    fisher = head_occupation == "Nelayan/perikanan"
    farmer = head_occupation in ("Petani/pekebun", "Peternak")
    fields.update(
        has_lpg_5_5kg=fields["cooking_fuel"] == "gas_besar" or rng.random() < 0.02 + 0.2 * w**2,
        has_refrigerator=rng.random() < 0.05 + 0.8 * w**1.5,
        has_ac=rng.random() < (0.45 if plan.urban else 0.2) * w**3,
        has_water_heater=rng.random() < 0.25 * w**3,
        has_phone=rng.random() < 0.78 + 0.21 * w,
        has_tv=rng.random() < 0.55 + 0.4 * w,
        has_gold_10g=rng.random() < 0.04 + 0.45 * w**1.5,
        has_computer=rng.random() < 0.02 + 0.4 * w**2,
        has_bicycle=rng.random() < (0.35 if plan.region in ("jawa", "sunda") else 0.18),
        has_motorcycle=rng.random() < 0.4 + 0.55 * w,
        # Cars only for the well-off; the rare poor household with a car is added below on purpose.
        has_car=w > 0.65 and rng.random() < 0.5 * ((w - 0.65) / 0.35) ** 2,
        has_boat=rng.random() < (0.55 if fisher else 0.04 if plan.coastal else 0.005),
        has_land=rng.random() < (0.75 if farmer else 0.15 + 0.35 * w) * (0.5 if plan.urban else 1.0),
    )
    # Plot size without another random draw (so every later draw, and every seeded fixture, stays as it was):
    # well-off families own the large plots that the programmes' "lahan luas" exclusion looks for.
    fields["land_area_m2"] = round((800 + 30000 * w**3) / 100) * 100 if fields["has_land"] else None
    # Inclusion-error cases for the targeting checks: a car (and often a motorbike) in a poor-looking house.
    if w < 0.35 and rng.random() < 0.006:
        fields["has_car"] = True
        fields["has_motorcycle"] = rng.random() < 0.8
    return fields


# ------------------------------------------------------------------------------------------------------------
# Household structure
# ------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _P:
    """One member before dates and attributes: sex, age in years (float), relation, marital status."""

    sex: str
    age: float
    relation: str
    marital: str
    line: str = ""  # family name (Batak marga, Hakka surname) where the group uses one
    order: int = 0  # birth order among siblings (Balinese names)


_TYPES = _t(
    "nuclear:50 couple:7 elderly_alone:6 single:3 single_mother:9 single_father:2 with_parent:9 "
    "three_generations:11 grandparent_grandchild:3"
)
# Female-headed, elderly and skipped-generation households are poorer on average.
_TYPE_WEALTH_SHIFT = {"elderly_alone": -0.12, "single_mother": -0.1, "grandparent_grandchild": -0.1,
                      "three_generations": -0.03, "single_father": -0.05}
_ELDERLY_MARITAL = _t("4:85 3:8 1:7")
_HELPER_MARITAL = _t("1:6 2:3 3:1")
_CHILD_COUNT = _t("1:18 2:32 3:24 4:13 5:8 6:5")
_CHILD_COUNT_POOR = _t("1:12 2:26 3:26 4:17 5:11 6:8")


def _sex(rng: random.Random, p_male: float = 0.51) -> str:
    return "L" if rng.random() < p_male else "P"


def _wife_age(rng: random.Random, husband_age: float) -> float:
    return _clamp(husband_age - rng.gauss(4.0, 3.5), 17.5, husband_age + 8)


def _children_ages(rng: random.Random, mother_age: float, target: int) -> list[float]:
    """Ages of a woman's children: first birth at 17-34, later ones 1.2+ years apart, none after 45; twins."""
    ages: list[float] = []
    at_birth = _clamp(rng.gauss(22.5, 3.5), 17.0, 34.0)
    while len(ages) < target and at_birth <= 44.5:
        age = mother_age - at_birth
        if age < 0:
            break
        ages.append(age)
        if rng.random() < 0.012:
            ages.append(age)  # twins: same birth date, consecutive NIK serials
        at_birth += 1.2 + rng.expovariate(1 / 2.2)
    return ages


def _kids(rng: random.Random, fam: _Family, mother_age: float, target: int, line: str,
          *, keep_one: bool = False) -> list[_P]:
    """Children still living in the household: grown-up children have mostly left (daughters earlier)."""
    kids: list[_P] = []
    for order, age in enumerate(_children_ages(rng, mother_age, target), start=1):
        sex = _sex(rng)
        if age >= 18:
            stay = 1 - (age - 17) * (0.06 if sex == "L" else 0.09)
            if rng.random() > max(0.03, stay):
                continue
        kids.append(_P(sex, age, R.CHILD, M.SINGLE, line, order))
    if keep_one and not kids:
        # At least one minor child: born when the mother was 17 or older.
        kids.append(_P(_sex(rng), rng.uniform(0.0, min(17.0, mother_age - 17.0)), R.CHILD, M.SINGLE, line, 1))
    return kids


def _structure(rng: random.Random, kind: str, fam: _Family, wealth: float) -> list[_P]:
    count_table = _CHILD_COUNT_POOR if wealth < 0.35 else _CHILD_COUNT
    fam.father_line = fam.new_line(rng)
    fam.mother_line = fam.new_line(rng)
    F, W = fam.father_line, fam.mother_line

    if kind in ("nuclear", "couple", "with_parent"):
        if kind == "couple":
            head_age = rng.gauss(27, 4) if rng.random() < 0.5 else rng.gauss(63, 8)
            head_age = _clamp(head_age, 19, 90)
        else:
            head_age = _clamp(rng.triangular(21, 72, 38), 20, 75)
        wife_age = _wife_age(rng, head_age)
        people = [_P("L", head_age, R.HEAD, M.MARRIED, F), _P("P", wife_age, R.WIFE, M.MARRIED, W)]
        if rng.random() < 0.01:  # the wife holds the KK; the husband is listed as "suami"
            people = [_P("P", wife_age, R.HEAD, M.MARRIED, W), _P("L", head_age, R.HUSBAND, M.MARRIED, F)]
        if kind != "couple":
            people += _kids(rng, fam, wife_age, int(count_table.pick(rng)), F)
        if kind == "with_parent":
            people += _parents(rng, fam, head_age, wife_age)
        if kind == "nuclear" and rng.random() < 0.04:
            people.append(_P(_sex(rng), rng.uniform(5, 25), R.OTHER_FAMILY, M.SINGLE, fam.new_line(rng)))
        return people

    if kind == "elderly_alone":
        sex = _sex(rng, 0.3)
        marital = _ELDERLY_MARITAL.pick(rng)
        return [_P(sex, _clamp(rng.gauss(72, 8), 60, 96), R.HEAD, marital, F if sex == "L" else W)]

    if kind == "single":
        age = rng.uniform(19, 55)
        marital = M.SINGLE if age < 24 or rng.random() < 0.7 else M.DIVORCED
        sex = _sex(rng, 0.55)
        return [_P(sex, age, R.HEAD, marital, F if sex == "L" else W)]

    if kind == "single_mother":
        age = _clamp(rng.gauss(42, 10), 22, 72)
        marital = M.WIDOWED if rng.random() < 0.4 + (age - 30) / 80 else M.DIVORCED
        return [_P("P", age, R.HEAD, marital, W),
                *_kids(rng, fam, age, int(count_table.pick(rng)), F, keep_one=True)]

    if kind == "single_father":
        age = _clamp(rng.gauss(45, 9), 28, 68)
        marital = M.WIDOWED if rng.random() < 0.55 else M.DIVORCED
        return [_P("L", age, R.HEAD, marital, F),
                *_kids(rng, fam, _wife_age(rng, age), int(count_table.pick(rng)), F, keep_one=True)]

    if kind == "grandparent_grandchild":
        age = _clamp(rng.gauss(64, 7), 50, 88)
        if rng.random() < 0.4:
            wife = _wife_age(rng, age)
            people = [_P("L", age, R.HEAD, M.MARRIED, F), _P("P", wife, R.WIFE, M.MARRIED, W)]
            youngest_parent = wife
        else:
            people = [_P("P", age, R.HEAD, M.WIDOWED, W)]
            youngest_parent = age
        # Grandchildren whose parents work elsewhere: their parent was born when the grandmother was 17-45.
        parent_age = youngest_parent - rng.uniform(19, min(40, youngest_parent - 17))
        for _ in range(rng.choice((1, 1, 2, 3))):
            cucu = min(17.5, max(0.5, parent_age - rng.uniform(18, 35)))
            people.append(_P(_sex(rng), cucu, R.GRANDCHILD, M.SINGLE, fam.new_line(rng)))
        return people

    # three_generations: an older head, a married child with spouse (menantu) and their children.
    head_sex = "L" if rng.random() < 0.65 else "P"
    age = _clamp(rng.gauss(61, 8), 46, 88)
    if head_sex == "L":
        people = [_P("L", age, R.HEAD, M.MARRIED, F)]
        mother_age = max(_wife_age(rng, age), 38.0)
        if rng.random() < 0.75:
            people.append(_P("P", mother_age, R.WIFE, M.MARRIED, W))
        else:
            people[0].marital = M.WIDOWED
    else:
        people = [_P("P", age, R.HEAD, M.WIDOWED, W)]
        mother_age = age
    at_birth = rng.uniform(18, _clamp(mother_age - 20, 18.5, 38))
    child_age = mother_age - at_birth
    child_sex = _sex(rng)
    if child_sex == "L":
        spouse_age = _clamp(child_age - rng.gauss(3, 3), 17.5, child_age + 6)
        child_mother_age, cucu_line = spouse_age, F
        people += [_P("L", child_age, R.CHILD, M.MARRIED, F, 1), _P("P", spouse_age, R.CHILD_IN_LAW, M.MARRIED, fam.new_line(rng))]
    else:
        spouse_age = _clamp(child_age + rng.gauss(4, 3), 18.5, 90)
        cucu_line = fam.new_line(rng)
        child_mother_age = child_age
        people += [_P("P", child_age, R.CHILD, M.MARRIED, F, 1), _P("L", spouse_age, R.CHILD_IN_LAW, M.MARRIED, cucu_line)]
    for kid in _kids(rng, fam, child_mother_age, rng.choice((0, 1, 1, 2, 2, 3)), cucu_line):
        kid.relation = R.GRANDCHILD
        people.append(kid)
    # Unmarried younger siblings of the married child, still at home.
    for order in range(2, 2 + rng.choice((0, 0, 1, 2))):
        low, high = max(10.0, child_age - 14), min(child_age - 1.3, mother_age - 17)
        if low < high:
            people.append(_P(_sex(rng), rng.uniform(low, high), R.CHILD, M.SINGLE, F, order))
    return people


def _parents(rng: random.Random, fam: _Family, head_age: float, wife_age: float) -> list[_P]:
    """A widowed parent (or both parents) of the head (orang tua) or of the wife (mertua)."""
    of_head = rng.random() < 0.6
    base = head_age if of_head else wife_age
    relation = R.PARENT if of_head else R.PARENT_IN_LAW
    if base > 78:
        return []
    mother_age = base + rng.uniform(19, min(38.0, 97 - base))
    if rng.random() < 0.25:
        father_age = _clamp(mother_age + rng.gauss(4, 3), mother_age - 2, 99)
        return [_P("L", father_age, relation, M.MARRIED, fam.father_line if of_head else fam.mother_line),
                _P("P", mother_age, relation, M.MARRIED, fam.new_line(rng))]
    if rng.random() < 0.7:
        return [_P("P", mother_age, relation, M.WIDOWED, fam.new_line(rng))]
    father_age = _clamp(mother_age + rng.gauss(4, 3), mother_age - 2, 99)
    return [_P("L", father_age, relation, M.WIDOWED, fam.father_line if of_head else fam.mother_line)]


# ------------------------------------------------------------------------------------------------------------
# Person attributes
# ------------------------------------------------------------------------------------------------------------

_DISABILITY = _t("fisik:40 netra:15 rungu_wicara:15 intelektual:12 mental:10 ganda:8")
_CHRONIC = _t("hipertensi:40 diabetes:20 stroke:10 jantung:10 tbc:5 ginjal:5 kanker:3 lainnya:7")

UNEMPLOYED = "Belum/tidak bekerja"
HOMEMAKER = "Mengurus rumah tangga"
STUDENT = "Pelajar/mahasiswa"
OFFICIAL_JOBS = frozenset({"Pegawai negeri sipil", "TNI", "POLRI", "Guru"})


def _birth_date(rng: random.Random, age: float) -> date:
    born = REFERENCE_DATE - timedelta(days=int(age * _DAYS_PER_YEAR))
    # Age heaping: older people whose birth day was unknown were registered on 1 January, 31 December or
    # 1 July of a (guessed) year.
    p_heap = 0.3 if born.year < 1960 else 0.12 if born.year < 1975 else 0.0
    if p_heap and rng.random() < p_heap:
        roll = rng.random()
        born = date(born.year, 1, 1) if roll < 0.7 else date(born.year, 12, 31) if roll < 0.85 else date(born.year, 7, 1)
    return born


def _education(rng: random.Random, age: float, year: int, wealth: float, urban: bool) -> str:
    """Highest level being or ever attended (as the DTKS asks it)."""
    if age < 6.5:
        return "0"
    if age < 12.5:
        return "1"
    if age < 15.5:
        return "2" if rng.random() < 0.9 + 0.08 * wealth else "1"
    if age < 18.5:
        return "3" if rng.random() < 0.65 + 0.3 * wealth else "2"
    cohort = -1.3 if year < 1950 else -0.8 if year < 1960 else -0.3 if year < 1970 else 0.2 if year < 1980 \
        else 0.7 if year < 1990 else 1.1
    latent = rng.gauss(cohort + 1.8 * (wealth - 0.5) + (0.3 if urban else 0.0), 0.95)
    if age < 23 and latent > 2.0:
        return "5" if latent > 2.3 else "4"  # still studying
    for threshold, level in ((-0.8, "0"), (0.35, "1"), (0.95, "2"), (2.0, "3"), (2.2, "4"), (3.2, "5")):
        if latent < threshold:
            return level
    return "6"


_WORK_RURAL_M = _t(
    "Petani/pekebun:30 Buruh_tani/perkebunan:10 Buruh_harian_lepas:18 Pedagang:7 Wiraswasta:9 "
    "Karyawan_swasta:6 Sopir:3 Tukang_bangunan:4 Peternak:2 Belum/tidak_bekerja:4"
)
_WORK_URBAN_M = _t(
    "Petani/pekebun:3 Buruh_harian_lepas:18 Pedagang:14 Wiraswasta:18 Karyawan_swasta:22 Sopir:5 "
    "Tukang_bangunan:5 Belum/tidak_bekerja:5"
)
_WORK_F = _t(
    "Mengurus_rumah_tangga:55 Petani/pekebun:9 Pedagang:10 Buruh_harian_lepas:6 Wiraswasta:6 "
    "Karyawan_swasta:5 Buruh_tani/perkebunan:3 Belum/tidak_bekerja:5"
)
_WORK_F_HEAD = _t(
    "Mengurus_rumah_tangga:25 Petani/pekebun:15 Pedagang:18 Buruh_harian_lepas:14 Wiraswasta:10 "
    "Karyawan_swasta:6 Buruh_tani/perkebunan:6 Belum/tidak_bekerja:6"
)


def _occupation(rng: random.Random, *, age: float, sex: str, relation: str, education: str, wealth: float,
                plan: _DesaPlan, disabled: bool) -> str:
    if age < 5:
        return UNEMPLOYED
    if age < 16:
        return STUDENT if rng.random() < 0.97 else UNEMPLOYED
    if age < 19:
        return STUDENT if rng.random() < 0.6 + 0.35 * wealth else \
            (UNEMPLOYED if rng.random() < 0.5 else "Buruh harian lepas")
    if education in ("4", "5") and age < 24 and relation not in (R.HEAD, R.WIFE, R.HUSBAND):
        return STUDENT if rng.random() < 0.8 else UNEMPLOYED
    if disabled and rng.random() < 0.6:
        return UNEMPLOYED
    educated = education >= "3"
    if age >= 60:
        if educated and wealth > 0.5 and rng.random() < 0.4:
            return "Pensiunan"
        if rng.random() < (0.45 if age >= 70 else 0.25):
            return UNEMPLOYED if sex == "L" or rng.random() < 0.4 else HOMEMAKER
    if educated and age < 58:
        roll = rng.random()
        if education >= "5" and roll < 0.12 + 0.2 * wealth:
            return "Guru" if rng.random() < 0.45 else "Pegawai negeri sipil"
        if roll < 0.03 + 0.06 * wealth:
            return "Pegawai negeri sipil"
        if sex == "L" and roll < 0.045 + 0.07 * wealth:
            return "TNI" if rng.random() < 0.5 else "POLRI"
    if plan.coastal and sex == "L" and rng.random() < 0.3:
        return "Nelayan/perikanan"
    if sex == "P":
        table = _WORK_F_HEAD if relation == R.HEAD else _WORK_F
    else:
        table = _WORK_URBAN_M if plan.urban else _WORK_RURAL_M
    job = table.pick(rng).replace("_", " ")
    if job == "Wiraswasta" and wealth < 0.3 and rng.random() < 0.5:
        job = "Buruh harian lepas"
    return job


# ------------------------------------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------------------------------------


@dataclass
class _Counters:
    """Next NIK/KK serials per 12-digit prefix (kecamatan + date [+40] + two-digit year)."""

    nik: dict[str, int] = field(default_factory=dict)
    kk: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _next(counter: dict[str, int], prefix: str) -> int:
        serial = counter.get(prefix, 0) + 1
        if serial > 9999:
            raise ValueError(f"Nomor urut untuk awalan {prefix} habis (lebih dari 9999).")
        counter[prefix] = serial
        return serial

    def make_nik(self, kecamatan: str, born: date, sex: str) -> str:
        # 1925 and 2025 share the two-digit year, so the counter is keyed on the number's prefix, not the date.
        prefix = make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=1)[:12]
        return make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=self._next(self.nik, prefix))

    def make_kk(self, kecamatan: str, issued: date) -> str:
        prefix = make_kk(kecamatan_code=kecamatan, issued=issued, serial=1)[:12]
        return make_kk(kecamatan_code=kecamatan, issued=issued, serial=self._next(self.kk, prefix))

    def seed_from_database(self, kecamatan_codes: list[str]) -> None:
        """Continue after numbers already in the database (other desa of the same kecamatan)."""
        for kec in kecamatan_codes:
            digits = kec.replace(".", "")
            low, high = digits + "0" * 10, digits + "9" * 10
            for nik in Person.objects.filter(nik__gte=low, nik__lte=high).values_list("nik", flat=True).iterator():
                if len(nik) == 16 and nik.isdigit():
                    self.nik[nik[:12]] = max(self.nik.get(nik[:12], 0), int(nik[12:]))
            for kk in Household.objects.filter(no_kk__gte=low, no_kk__lte=high).values_list("no_kk", flat=True).iterator():
                if len(kk) == 16 and kk.isdigit():
                    self.kk[kk[:12]] = max(self.kk.get(kk[:12], 0), int(kk[12:]))


def _allocate(rng: random.Random, plans: list[_DesaPlan], total: int) -> list[int]:
    """Households per desa: lognormal sizes (kelurahan larger), largest remainder, ties by code order."""
    weights = [rng.lognormvariate(0.0, 0.55) * (1.6 if p.urban else 1.0) for p in plans]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    remainders = sorted(range(len(plans)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in remainders[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _build_household(rng: random.Random, plan: _DesaPlan, counters: _Counters, name_keys: dict[str, str]):
    kind = _TYPES.pick(rng)
    ethnicity = _ETHNIC_MIX.get(plan.province, _DEFAULT_ETHNIC_MIX).pick(rng)
    religion = _religion_for(rng, ethnicity, plan.province)
    if ethnicity == "generic" and religion == "4":
        ethnicity = "bali"
    elif ethnicity == "generic" and religion in ("5", "6"):
        ethnicity = "tionghoa"
    fam = _Family(ethnicity, religion, plan.province, title_case=rng.random() < 0.12,
                  hakka=ethnicity == "tionghoa" and plan.province == "61" and rng.random() < 0.4)
    k = 5.0
    h = rng.betavariate(max(0.2, plan.poverty * k), max(0.2, (1 - plan.poverty) * k))
    wealth = _clamp(1 - h + _TYPE_WEALTH_SHIFT.get(kind, 0.0) + rng.gauss(0, 0.03), 0.0, 1.0)
    members = _structure(rng, kind, fam, wealth)
    if wealth > 0.85 and rng.random() < 0.12:
        members.append(_P("P", rng.uniform(18, 50), R.HELPER, _HELPER_MARITAL.pick(rng), fam.new_line(rng)))

    kecamatan = plan.area.parent_id
    migrant = plan.province not in _HOME_PROVINCES.get(ethnicity, (plan.province,))
    persons: list[dict] = []
    head_job = ""
    head_official = False
    youngest = date.min
    for p in members:
        born = _birth_date(rng, p.age)
        youngest = max(youngest, born)
        age = p.age
        disabled = rng.random() < (0.05 if age >= 60 else 0.015 if age >= 18 else 0.008)
        education = _education(rng, age, born.year, wealth, plan.urban)
        job = _occupation(rng, age=age, sex=p.sex, relation=p.relation, education=education, wealth=wealth,
                          plan=plan, disabled=disabled)
        if p.relation == R.HELPER:
            job = "Pembantu rumah tangga"
        chronic_p = 0.08 if age >= 60 else 0.02 if age >= 40 else 0.002
        raw = _given_name(rng, fam, p.sex, born.year, p.line, p.order)
        name = _decorate(rng, raw, fam, sex=p.sex, age=age, education=education, occupation=job, wealth=wealth)
        # Babies not yet on a KK with a NIK; everyone else gets one.
        nik = "" if age < 2 and rng.random() < 0.35 else counters.make_nik(kecamatan, born, p.sex)
        if migrant and age >= 25 and rng.random() < 0.7:
            birth_place = rng.choice(_HOME_TOWNS.get(ethnicity, _HOME_TOWNS["generic"]))
        else:
            roll = rng.random()
            birth_place = plan.birth_places[0] if roll < 0.7 else plan.birth_places[1] if roll < 0.9 else \
                rng.choice(_HOME_TOWNS.get(ethnicity, _HOME_TOWNS["generic"]))
        key = name_keys.get(name)
        if key is None:
            key = name_keys[name] = search_key(name)
        persons.append({
            "nik": nik, "name": name, "name_key": key, "sex": p.sex,
            "birth_place": birth_place.title() if fam.title_case else birth_place, "birth_date": born,
            "relation": str(p.relation), "marital_status": str(p.marital),
            "religion": fam.religion if p.relation != R.HELPER or rng.random() < 0.85 else "1",
            "education": education, "occupation": job,
            "disability": _DISABILITY.pick(rng) if disabled else "",
            "chronic_illness": _CHRONIC.pick(rng) if rng.random() < chronic_p else "",
        })
        if p.relation == R.HEAD:
            head_job = job
            head_official = job in OFFICIAL_JOBS
    # A KK is reissued whenever a member is added, so it is never older than its youngest member.
    first = max(_EARLIEST_KK, youngest).toordinal()
    issued = date.fromordinal(rng.randint(first, max(first, REFERENCE_DATE.toordinal())))
    address, rt, rw = _address(rng, plan)
    row = {
        "no_kk": counters.make_kk(kecamatan, issued), "desa_id": plan.area.code,
        "address": _title(address) if fam.title_case else address, "rt": rt, "rw": rw,
        **_household_fields(rng, plan, wealth, head_job, head_official),
    }
    row["address_key"] = address_key(Household(**row), plan.area)
    return row, persons


def _delete_area(area_code: str) -> None:
    try:
        Membership.objects.filter(subtree_q("household__desa_id", area_code)).delete()
        # Only the keys: the deletion collector loads every row, and full rows cost twice the time.
        Person.objects.filter(subtree_q("household__desa_id", area_code)).only("pk").delete()
        Household.objects.filter(subtree_q("desa_id", area_code)).only("pk").delete()
    except ProtectedError as exc:
        raise ValueError(
            f"Data keluarga di {area_code} tidak dapat dihapus karena masih dirujuk data lain "
            f"({len(exc.protected_objects)} baris); hapus rujukan itu dulu."
        ) from exc


def generate(*, area_code: str, households: int, seed: int,
             progress: Callable[[int, int], None] | None = None, replace: bool = False) -> GenerateResult:
    """Generate ``households`` synthetic households under ``area_code`` (kabupaten, kecamatan or desa).

    Raises ``AlreadyGenerated`` when the area already has households and ``replace`` is false, and
    ``ValueError`` (Indonesian message) when the area has no loaded desa/kelurahan. The whole run is one
    transaction, so an interrupted run leaves nothing behind and can simply be repeated.
    """
    started = time.perf_counter()
    area_code = area_code.strip()
    if households < 1:
        raise ValueError("Jumlah keluarga harus minimal 1.")
    villages = list(Area.objects.villages_under(area_code).select_related("parent__parent").order_by("code"))
    if not villages:
        if not Area.objects.filter(code=area_code).exists():
            raise ValueError(
                f"Wilayah {area_code} tidak dikenal atau belum dimuat; jalankan dulu "
                f"'manage.py load_areas --only {area_code}'."
            )
        raise ValueError(f"Tidak ada desa/kelurahan di bawah wilayah {area_code}; muat dulu data wilayahnya.")
    existing = Household.objects.filter(subtree_q("desa_id", area_code)).count()
    if existing and not replace:
        count = f"{existing:,}".replace(",", ".")
        raise AlreadyGenerated(
            f"Wilayah {area_code} sudah ada data ({count} keluarga); lewati. Pakai --replace untuk membuat ulang."
        )

    rng = random.Random(seed)
    n_households = n_persons = 0
    with transaction.atomic():
        if existing:
            _delete_area(area_code)
        counters = _Counters()
        counters.seed_from_database(sorted({v.parent_id for v in villages}))
        plans = [_plan_desa(rng, v) for v in villages]
        counts = _allocate(rng, plans, households)
        name_keys: dict[str, str] = {}
        batch: list[tuple[dict, list[dict]]] = []
        for plan, count in zip(plans, counts, strict=True):
            for _ in range(count):
                batch.append(_build_household(rng, plan, counters, name_keys))
                if len(batch) >= BATCH_HOUSEHOLDS:
                    n_persons += _save(batch)
                    n_households += len(batch)
                    batch = []
                    if progress is not None:
                        progress(n_households, households)
        if batch:
            n_persons += _save(batch)
            n_households += len(batch)
            if progress is not None:
                progress(n_households, households)
        record(actor=None, action=Action.CREATE, object_type="registry.generate", object_id=area_code,
               area_code=area_code, changes={"households": n_households, "persons": n_persons, "seed": seed},
               source="generate")
    return GenerateResult(households=n_households, persons=n_persons, seconds=time.perf_counter() - started)


def _save(batch: list[tuple[dict, list[dict]]]) -> int:
    """Insert one batch: households, then their members, then one current membership per member."""
    _insert_rows(Household, [household for household, _ in batch])
    ids = dict(
        Household.objects.filter(no_kk__in=[household["no_kk"] for household, _ in batch]).values_list("no_kk", "pk")
    )
    people = []
    for household, persons in batch:
        for person in persons:
            person["household_id"] = ids[household["no_kk"]]
        people.extend(persons)
    _insert_rows(Person, people)
    members = (
        Person.objects.filter(household_id__in=list(ids.values())).order_by("pk").values_list("pk", "household_id", "relation")
    )
    _insert_rows(Membership, [{"person_id": pk, "household_id": hid, "relation": rel} for pk, hid, rel in members])
    return len(people)


def _constant(value):
    return lambda row: value


_PASS_THROUGH = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey)


def _insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """INSERT plain rows (attname -> value) with one ``executemany``, as bulk_create would but without its cost.

    bulk_create runs every value of every row through the field API and builds one SQL string per few hundred
    rows (and, with DEBUG on, quotes every parameter again for the query log): for ~100,000 rows that was most
    of the run. The rows here are built by this module from plain str/bool/int/date values, so only the
    remaining field types are prepared, through the field's own ``get_db_prep_save``. A field missing from
    the rows gets what the ORM would give it: the current time for auto_now(_add), else ``get_default()``
    (its default, "" for text, else NULL, which a NOT NULL column refuses loudly).
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    present = rows[0].keys()
    fields, getters = [], []
    for f in model._meta.concrete_fields:
        if isinstance(f, AutoFieldMixin):
            continue
        fields.append(f)
        if f.attname in present:
            if isinstance(f, _PASS_THROUGH):
                getters.append(itemgetter(f.attname))
            else:
                getters.append(lambda row, f=f: f.get_db_prep_save(row[f.attname], connection))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(_constant(f.get_db_prep_save(now, connection)))
        elif f.has_default() and callable(f.default):
            getters.append(lambda row, f=f: f.get_db_prep_save(f.get_default(), connection))
        else:
            # The ORM's own fallback: "" for text fields, else None (a NOT NULL column then fails loudly).
            getters.append(_constant(f.get_db_prep_save(f.get_default(), connection)))
    quote = connection.ops.quote_name
    # Only quoted identifiers from the model's metadata go into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(get(row) for get in getters) for row in rows])
