"""A seeded synthetic population for demos, load tests and the data-quality issues that come later.

``generate(area_code=..., households=..., seed=...)`` fills the registry of a kabupaten, kecamatan or desa with
households that look like a DTKS extract: regional names (with titles, degrees, old spellings and Muhammad
variants), plausible family structures, KK and NIK numbers that agree with each person's birth date, sex and
kecamatan, and housing and assets that follow a desa-level poverty level. A few deliberately odd households
(a car in a poor-looking house) are included for the targeting checks to find.

Everything is drawn from one ``random.Random(seed)`` in a fixed order (areas in code order, no set iteration, no
clock), so the same ``(area_code, households, seed)`` on the same database gives the same data. Every NIK and
KK is synthetic by construction: ``make_nik``/``make_kk`` with serials counted here (continuing after any numbers
already stored for the same kecamatan).

A run is one transaction, written in batches of plain rows (see ``_insert_rows``): 20,000 households and
~73,000 persons take about 16 s on SQLite.
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


@dataclass(frozen=True)
class _Pool:
    """Names of one group and sex in three birth cohorts (< 1970, 1970-1994, 1995+), plus second words."""

    old: tuple[str, ...]
    mid: tuple[str, ...]
    young: tuple[str, ...]
    second: tuple[str, ...]
    single: tuple[float, float, float]  # share of one-word names per cohort

    def draw(self, rng: random.Random, year: int) -> str:
        era = 0 if year < 1970 else 1 if year < 1995 else 2
        first = rng.choice((self.old, self.mid, self.young)[era])
        if " " in first or (rng.random() < self.single[era] and first not in _NEEDS_SECOND):
            return first
        second = rng.choice(self.second)
        return first if second == first else f"{first} {second}"


# First names that are (almost) never a whole name on their own.
_NEEDS_SECOND = frozenset({"SRI", "TRI", "DWI", "NUR", "MAT", "ABDUL", "MUHAMMAD", "SITI", "NURUL", "AHMAD"})

_YOUNG_MUSLIM_M = _words("ALIF ARKAN AZKA DAFFA FAHRI FAREL RAFA RIZKY ZIDAN HAFIZ FATIR GIBRAN ABIZAR")
_YOUNG_MUSLIM_F = _words("AISYAH ALYA AZZAHRA KANIA NAYLA PUTRI SALSABILA ZAHRA KHANZA ADZKIA NAFISA")
_CHRISTIAN_M = _words(
    "YOHANES PETRUS ANDREAS DANIEL YOSUA MARKUS LUKAS STEFANUS FRANSISKUS DAMIANUS AGUSTINUS PAULUS YAKOBUS "
    "SIMON YOSEF MIKHAEL HENGKI"
)
_CHRISTIAN_F = _words(
    "MARIA YOHANA ELISABET MAGDALENA MARTHA KRISTINA NATALIA DEBORA AGUSTINA YULIANA REGINA ROSALINA "
    "SUSANA VERONIKA LUSIA"
)

_POOLS: dict[tuple[str, str], _Pool] = {
    ("aceh", "L"): _Pool(
        old=_words("ABDULLAH ABUBAKAR AHMAD ALI AMIRUDDIN ARMIA ASNAWI BASYARUDDIN BUSTAMI DAHLAN HASAN "
                   "HASANUDDIN HUSEN IBRAHIM ILYAS ISHAK ISMAIL JAFAR JAMALUDDIN JUNAIDI MAHMUD MARZUKI "
                   "MUKHTAR NURDIN RAMLI SAMSUL SULAIMAN SYAMSUDDIN USMAN YAHYA YUSUF ZAINAL ZAKARIA "
                   "ABDUL_GANI ABDUL_WAHAB"),
        mid=_words("AZHARI BUKHARI FAISAL FAJRI FIRDAUS HASBI HENDRA IRWANSYAH ISKANDAR KHAIRUL MAHDI MUKHLIS "
                   "MUNAWAR MUSLIM NASRUDDIN RAHMAT RIDWAN RIZAL SAFRIZAL SAIFUL SYAHRUL SYARIFUDDIN TAUFIK "
                   "ZULFIKAR ZULKIFLI YUSRIZAL MAULIZAR MURSALIN HERMANSYAH NURDIN"),
        young=_words("ALFARIZI ARKAN AQIL FATHAN FAUZAN HAIKAL IKHSAN KHALID NAUFAL RAFFI RAIHAN RIZKI SYAUQI "
                     "ZAKY ZIKRI ALIF FARHAN HAFIZ AZRIL"),
        second=_words("ABDULLAH AKBAR ALI AMIN FAJRI HIDAYAT IQBAL ISKANDAR KHALIL MAULANA NASIR RAMADHAN "
                      "RIZKI SAPUTRA SYAHPUTRA YUSUF ZIKRI FIRDAUS"),
        single=(0.6, 0.55, 0.2),
    ),
    ("aceh", "P"): _Pool(
        old=_words("AISYAH ASIAH FATIMAH HABSAH HAFSAH HALIMAH JAMILAH KHADIJAH MARIAM NURHAYATI RUKIAH "
                   "SALMAH SAUDAH ZAINAB ZUBAIDAH ROSMAWAR NURAINI RAHMAH ASMA SITI_HAJAR SITI_AMINAH"),
        mid=_words("FITRIANI NURHAYATI NURLAILA RAHMAWATI MARIANI NURAINI SALMAWATI ZAHARA NURMALA MUNAWARAH "
                   "SYARIFAH ULFA YUSNIDAR NURJANNAH MUSLIMAH ERNAWATI HASNAWATI MAWADDAH NURUL_HUSNA "
                   "RAUDHATUL_JANNAH ASMAUL_HUSNA"),
        young=_words("ALYA AZKIA AISYAH HUMAIRA KHANZA NADIA NAYLA NAZWA SALSABILA SYIFA ZAHRA RAISA KEISYA "
                     "AQILA NURUL"),
        second=_words("AULIA FITRI HUSNA MAULIDA RAHMI SAFITRI ZAHRA JANNAH RAMADHANI NABILA PUTRI "
                      "KHAIRUNNISA"),
        single=(0.75, 0.7, 0.25),
    ),
    ("sunda", "L"): _Pool(
        old=_words("AANG ACENG ADANG AJANG AMIN DADANG DADAN EMAN ENCEP ENDANG ENJANG ENTANG ILIM JAJANG KOMAR "
                   "MAMAN OMAN OTONG OYO UDIN UJANG UKAR UNDANG YAYAT ENGKOS ATANG OCID"),
        mid=_words("AAN AGUS ASEP CECEP DEDE DEDI DENI DIDIN HENDRA IWAN JAJANG RUDI UJANG WAWAN YADI YAYAN "
                   "IRFAN RIDWAN DADAN ENDAN ROBI ANDRI HERMAN"),
        young=_words("ALDI ARYA DAFA FAHMI GILANG IQBAL RAFFA RAKA RIZKY FAJAR REZA ILHAM ZIDAN DIMAS"),
        second=_words("SUPRIATNA SUHENDAR SOPANDI KURNIAWAN SAEPUDIN HIDAYAT RUSTANDI MULYANA SUTISNA "
                      "SETIAWAN NURJAMAN SUMARNA PERMANA GUNAWAN SAEPULLOH ROHMAN SOLIHIN SUNARYA JUHANA "
                      "KUSNADI HERMAWAN RAMDANI FIRMANSYAH MAULANA"),
        single=(0.55, 0.35, 0.15),
    ),
    ("sunda", "P"): _Pool(
        old=_words("ENTIN EUIS ENOK CUCU ENUNG EUTIK ICIH IMAS ITA NANI OOM TATI TITIN YAYAH YATI ONAH ENAH "
                   "ICAH EPON UNAH"),
        mid=_words("EUIS NENG IIS SITI LILIS NENENG ELIS YUYUN RINA DEWI NOVI RISMA IMAS ENDAH TINI YENI "
                   "NUNUNG ENENG"),
        young=_words("AULIA NAZWA SALSA ZAHRA KEISYA NAYLA SYIFA AMELIA ANISA PUTRI RARA SALWA"),
        second=_words("ROHAYATI NURHAYATI KOMALASARI MULYANI SUMIATI RAHAYU KURNIASIH AISAH MARLINA JUBAEDAH "
                      "HERLINA SUSILAWATI NURLELA HODIJAH KARTIKA SOBARIAH MAESAROH SRI_MULYATI"),
        single=(0.6, 0.4, 0.15),
    ),
    ("jawa", "L"): _Pool(
        old=_words("SLAMET SUGENG SUPARNO SUKIRMAN PARJO TUKIMAN MARSONO SUWARNO SUTRISNO PARMIN NGADIMAN "
                   "WAGIMAN SUMARNO SUYONO SAMIDI KARSO KASMAN SUDARSO SUPRAPTO SUTARJO SUKARDI SUJONO "
                   "PAIMAN TUGIMAN SAKIMIN KATIMIN JUMADI RAKIMAN SARDI"),
        mid=_words("AGUS BAMBANG BUDI DIDIK EKO HERU JOKO PRIYO WAHYU SUPRIYADI SUGIYANTO HARYANTO SRI TRI "
                   "DWI ANTON SUSILO PURNOMO SETYO ARIS YUDI HARI WIDODO NUR"),
        young=_words("ADITYA BAGUS DIMAS FARHAN RAKA DAFFA ARDIAN REVAN GALIH BIMA FAJAR RIZKY YOGA ANDIKA"),
        second=_words("PRASETYO SANTOSO SETIAWAN WIBOWO NUGROHO SAPUTRO HARYADI SUSANTO PURNOMO WIDODO "
                      "KURNIAWAN HIDAYAT RIYANTO SUPRIYANTO UTOMO SISWANTO PRABOWO"),
        single=(0.7, 0.35, 0.15),
    ),
    ("jawa", "P"): _Pool(
        old=_words("SUPARMI SUMIYATI TUMINAH SUKINEM PAINEM MARYATI SULASTRI SUMARNI PARTINI WARSINI SUTINAH "
                   "SUKARSIH NGATINEM KASIYEM MURNI SAMINAH JUMINAH TUKIYEM WAGINEM SUPIAH KATMI"),
        mid=_words("SRI TRI DWI ENDANG TITIK YULI NUR WAHYUNI LESTARI RATNA SITI ASIH SUPRIHATIN SUSANTI "
                   "WIDAYATI RINI ENI UMI YANTI"),
        young=_words("AYU PUTRI DEWI ANISA BELLA CITRA ELSA NAYLA AULIA SALSABILA ZAHRA DINDA INTAN"),
        second=_words("WAHYUNI LESTARI RAHAYU ASTUTI HANDAYANI SUSANTI WULANDARI RAHMAWATI PURWANTI "
                      "SETYANINGSIH NINGSIH MULYANI KURNIASARI UTAMI PRATIWI WIDIASTUTI"),
        single=(0.75, 0.4, 0.15),
    ),
    ("betawi", "L"): _Pool(
        old=_words("MAT SAMAN SALIM MUNIR ROJALI SABENI JAIMAN MAMAT MUHIDIN SANUSI BAHRI ROSID SARIP NAIM "
                   "DULLAH JUHRI SAIMAN ASMAT NAPI MARZUKI JAPAR KOMARUDIN NAWI SA'ABAN"),
        mid=_words("ABDUL AHMAD ALI ANDI FIRMAN HASAN IRFAN JAENUDIN NURDIN RAHMAT RIDWAN ROSIDI SYAHRONI "
                   "UMAR YUSUF ZAENAL SOPIAN MA'RUF"),
        young=_YOUNG_MUSLIM_M,
        second=_words("SOLEH ROJI SAMAN HASAN ALI NAWI SALEH USMAN IDRIS MUHASAN ROHIMAN SOPIAN SUHAIMI "
                      "IRFAN HIDAYAT RAMADHAN"),
        single=(0.6, 0.35, 0.15),
    ),
    ("betawi", "P"): _Pool(
        old=_words("ROHAYE MINAH MAEMUNAH SALMAH ZUBAEDAH ROSIDAH MUNAH JULAEHA NURHASANAH HINDUN AMINAH "
                   "MARYAM SA'DIAH ROHANA SANIAH ENAH ROMLAH NAPISAH"),
        mid=_words("SITI NURHASANAH JULAEHA ROSIDAH MARYAM FITRIYAH NURLELA YULIANTI RAHMAWATI HERAWATI NENG "
                   "ANI YANI LILIS"),
        young=_YOUNG_MUSLIM_F,
        second=_words("ROHAYE AMINAH MARYAM NURHASANAH ZAHRA FATIMAH HASANAH ROMLAH"),
        single=(0.75, 0.45, 0.2),
    ),
    ("banjar", "L"): _Pool(
        old=_words("ABDUL JUMBERI SYAHRANI NORDIN NORHADI MASRANI JUMRI ASRANI IDERIS SALMAN ANANG AHMAD "
                   "BAHRUDIN MURJANI SYAMSUL ARIFIN UTUH"),
        mid=_words("RAHMADI SAHRIANSYAH FAHRIANSYAH HAIRIL RUSLAN NORHADI MASRANI ASRANI ANANG SYAHRANI "
                   "RAHMAN FAUZI"),
        young=_words("AHMAD_FAUZAN RAFI MUHAMMAD_NOOR AKHMAD RIZKY HAIKAL ZAKI FADLI"),
        second=_words("RAHMAN HIDAYAT NOOR RIFANI ANSYARI FAUZI HADI MAULANA HAMDI"),
        single=(0.6, 0.45, 0.2),
    ),
    ("banjar", "P"): _Pool(
        old=_words("NORHAYATI NORJANAH NORLAILA MASLIANI RUSMINI JUMIATI SALASIAH FATIMAH SITI GALUH HALIMAH "
                   "NORMAH MAHMUDAH ARBAYAH RAHMAH SAMSIAH NORSIDAH"),
        mid=_words("NORHAYATI NORLAILA MASLIANI RUSMINI JUMIATI GALUH MAHMUDAH RAHMAH NORSIDAH NORMILA "
                   "RUSDIANA"),
        young=_words("NAILA AULIA NOR_AZIZAH SALSABILA ZAHRA KHAIRUNNISA PUTRI"),
        second=_words("HAYATI JANNAH NOOR ROSITA MAULIDA SARI HASANAH"),
        single=(0.7, 0.6, 0.25),
    ),
    ("kutai", "L"): _Pool(
        old=_words("ABDUL ADJI RUSDI SYAHRIR JAILANI HERLAN RUSMAN SAIDI BURHAN SUPIANSYAH AMIR"),
        mid=_words("RUSDI SYAHRIR HERLAN RUSMAN SUPIANSYAH AMIR IRWAN SYAHRUDIN"),
        young=_YOUNG_MUSLIM_M,
        second=_words("SYAHRANI RAHMAN HIDAYAT ALI BAKRI SALEH"),
        single=(0.6, 0.5, 0.2),
    ),
    ("kutai", "P"): _Pool(
        old=_words("SALMAH RAHMAH NORMA HAMIDAH HAYATI JUBAIDAH MASITAH RUSNAH KAMARIAH SITI NURSIAH"),
        mid=_words("RAHMAH NORMA HAMIDAH HAYATI MASITAH RUSNAH NURSIAH ERNAWATI"),
        young=_YOUNG_MUSLIM_F,
        second=_words("HAYATI JANNAH SARI RAHMAWATI"),
        single=(0.7, 0.6, 0.25),
    ),
    ("dayak", "L"): _Pool(
        old=_words("ANTANG BAHAT JANTING SAWAU LAWING LEJU NYAPAR LIDAN TAMBUN DAMANG UJAU LAING ASANG BILUNG"),
        mid=_words("ANTANG BAHAT JANTING LAWING LEJU LIDAN TAMBUN UJAU HERIANTO BUDI HENDRA"),
        young=_words("ANDRE KEVIN RIVALDO YOGI JONATAN DIMAS ARYA"),
        second=_words("ANTANG BAHAT JANTING LAWING LIDAN TAMBUN UJAU SAWAU LAING"),
        single=(0.5, 0.3, 0.2),
    ),
    ("dayak", "P"): _Pool(
        old=_words("INDANG ULAI BUNGA ITA LINA MERI IDA"),
        mid=_words("ERNA LINA MERI NOVITA SELVI DESI ELVI HERLINA WINDA RINI INDANG"),
        young=_words("CINTIA DEWI NATALIA GRACE ANGEL JESSICA MONIKA"),
        second=_words("ULAI INDANG LAWING ANTANG SARI DAMAYANTI"),
        single=(0.5, 0.35, 0.2),
    ),
    ("bugis", "L"): _Pool(
        old=_words("SYAMSUL BAHAR AMIRUDDIN BASO HASANUDDIN ARIFIN SUPARDI RUSLI SUDIRMAN AMBO SAHARUDDIN "
                   "LA_BACO MUSTAFA"),
        mid=_words("SYAMSUL ARIFIN RUSLI SUDIRMAN SAHARUDDIN IRWAN HAMKA SYAHRIR ASWAR SUKRI"),
        young=_YOUNG_MUSLIM_M,
        second=_words("ARIFIN BAHAR HAMKA RAHMAN SALEH AMIR TAHIR LATIF"),
        single=(0.55, 0.45, 0.2),
    ),
    ("bugis", "P"): _Pool(
        old=_words("HASNAH NURHAYATI SITTI HAMSIAH MARLIA NURLIA SUHARTINI KARTINI SUNARTI HAJRAH BECCE "
                   "ST._AMINAH"),
        mid=_words("HASNAH NURHAYATI HAMSIAH MARLIA NURLIA SUNARTI HAJRAH HASNAWATI ASMAWATI"),
        young=_YOUNG_MUSLIM_F,
        second=_words("AMINAH HASANAH RAHMA ARNI HAMSAH"),
        single=(0.7, 0.55, 0.2),
    ),
    ("tionghoa", "L"): _Pool(
        old=_words("HENDRA SUSANTO GUNAWAN HARTONO SUWANDI HALIM ANDI RUDI JOHAN"),
        mid=_words("HENDRA SUSANTO ANDI WILLIAM JOHAN RUDI HARTONO SUWANDI FERRY"),
        young=_words("KEVIN JASON VINCENT WILLIAM FELIX STEVEN"),
        second=_words("WIJAYA GUNAWAN HALIM SANTOSO TANDIARTO SUSILO KURNIAWAN LIMANTO"),
        single=(0.25, 0.2, 0.1),
    ),
    ("tionghoa", "P"): _Pool(
        old=_words("SUSANTI LILIANA MEILIANA LINDA YENNY LIANA"),
        mid=_words("SUSANTI LILIANA MEILIANA LINDA YENNY LIANA FENNY"),
        young=_words("JESSICA MICHELLE CLARISSA FELICIA VANESSA CHELSEA"),
        second=_words("WIJAYA GUNAWAN HALIM SANTOSO TANJAYA LIMANTO"),
        single=(0.3, 0.25, 0.15),
    ),
    ("batak", "L"): _Pool(
        old=_words("MANGIRING TIGOR PARULIAN SAHAT HOTMAN BINSAR MARTUA TUMPAL POLTAK JONNI"),
        mid=_words("TIGOR PARULIAN SAHAT HOTMAN BINSAR JONNI RUDI JHONSON HENDRA ROY"),
        young=_words("YOSUA DANIEL KEVIN RIVALDO JOSUA SAMUEL"),
        second=_words("PARULIAN TUA HASUDUNGAN MARULI"),
        single=(0.8, 0.75, 0.7),
    ),
    ("batak", "P"): _Pool(
        old=_words("ROSMA TIURMA NURSIDA ROSLINA MASTA DUMA LASMA ELFRIDA SARMA"),
        mid=_words("ROSMA TIURMA ROSLINA RISMA ELFRIDA LASMA DEWI"),
        young=_words("GRACE NATALIA MONIKA ESTER YOHANA"),
        second=_words("BORU"),  # unused: single=1.0, the marga follows
        single=(1.0, 1.0, 1.0),
    ),
    ("generic", "L"): _Pool(
        old=_words("AHMAD ARIF HASAN ALI ZULKARNAIN HAMDANI SUPRIADI JUNAIDI HERMAN ABDUL_RAHMAN YUSUF"),
        mid=_words("ANDI ARIF BUDI DEDI FAJAR HENDRA IRWAN RUDI YUSUF HERMAN SUPRIADI RAHMAT SYAIFUL AFRIZAL "
                   "EFENDI AMRIL MUSLIM"),
        young=_YOUNG_MUSLIM_M,
        second=_words("SAPUTRA HIDAYAT KURNIAWAN SETIAWAN PRATAMA RAMADHAN FIRMANSYAH SYAHPUTRA GUNAWAN "
                      "EFENDI HAKIM MAULANA"),
        single=(0.5, 0.4, 0.15),
    ),
    ("generic", "P"): _Pool(
        old=_words("SITI NURHAYATI HASNAH ERNAWATI RATNA MASNI ROSNAH ASNIAR"),
        mid=_words("SITI NUR DEWI RINA YANTI SRI ERNI LINDA MASNI YULIANA RATNA FITRI SUSANTI"),
        young=_YOUNG_MUSLIM_F,
        second=_words("AMINAH HANDAYANI SARI RAHMAWATI LESTARI PUTRI NINGSIH FITRIANI WAHYUNI APRILIANI"),
        single=(0.6, 0.4, 0.15),
    ),
}
_BATAK_MARGA = _words(
    "SIMANJUNTAK SIAHAAN SITUMORANG NAINGGOLAN SINAGA SIREGAR HUTAGALUNG PANJAITAN SIMATUPANG TAMPUBOLON "
    "MANURUNG SIHOMBING PARDEDE"
)
_MANDAILING_MARGA = _words("NASUTION LUBIS HARAHAP HASIBUAN DAULAY")
_HAKKA_SURNAMES = _words("LIM BONG TJHIN LIE THAM CHAI PHANG NG THJAI LO")
_HAKKA_SYLLABLES = _words("A FA KIU SU LIN FUI KHIONG MOI NYUK JUN SIN KET LIONG MEI HAN SAN")
_BALI_ORDER = {
    "L": [("I WAYAN", "I PUTU", "I GEDE"), ("I MADE", "I KADEK", "I NENGAH"), ("I NYOMAN", "I KOMANG"),
          ("I KETUT",)],
    "P": [("NI WAYAN", "NI PUTU", "NI LUH"), ("NI MADE", "NI KADEK", "NI NENGAH"),
          ("NI NYOMAN", "NI KOMANG"), ("NI KETUT",)],
}  # fmt: skip
_BALI_NAMES = {
    "L": _words("SUDARMA SUARDANA ARTAWAN WIRAWAN SUKADANA PARWATA SUASTIKA ARIMBAWA MERTAYASA ADNYANA"),
    "P": _words("SUARNI SUKARMI ARIANI SUASTINI WIDIASIH SRIASIH KARTINI MURNIASIH ASTITI SUDIANI"),
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
        prefixes = _BALI_ORDER[sex][((order or rng.randint(1, 4)) - 1) % 4]
        return f"{rng.choice(prefixes)} {rng.choice(_BALI_NAMES[sex])}"
    if fam.hakka:
        return f"{line or rng.choice(_HAKKA_SURNAMES)} {rng.choice(_HAKKA_SYLLABLES)} {rng.choice(_HAKKA_SYLLABLES)}"
    christian = religion in ("2", "3")
    pool = _POOLS.get((eth, sex)) or _POOLS[("generic", sex)]
    if eth == "batak":
        first = rng.choice(_CHRISTIAN_M if sex == "L" else _CHRISTIAN_F) if christian and rng.random() < 0.4 \
            else pool.draw(rng, year)
        marga = line or fam.new_line(rng)
        if sex == "P" and rng.random() < 0.4:
            marga = f"{'BR.' if rng.random() < 0.5 else 'BR'} {marga}"  # boru: daughter of the clan
        return f"{first} {marga}"
    if christian and eth in ("generic", "jawa", "dayak", "tionghoa", "sunda", "betawi", "bugis"):
        first = rng.choice(_CHRISTIAN_M if sex == "L" else _CHRISTIAN_F)
        if rng.random() < 0.75:
            return f"{first} {rng.choice(pool.second)}"
        return first
    name = pool.draw(rng, year)
    if religion != "1":
        return name
    # Islamic first names and regional prefixes.
    if sex == "L":
        p_muhammad = {"aceh": 0.3, "banjar": 0.25, "kutai": 0.2, "betawi": 0.2, "generic": 0.15}.get(eth, 0.08)
        if year >= 1990:
            p_muhammad += 0.1
        if rng.random() < p_muhammad and not name.startswith("MUHAMMAD"):
            table = _MUHAMMAD_EAST_JAVA if fam.province == "35" else _MUHAMMAD
            first = name.split()[0]
            name = f"{table.pick(rng)} {first if rng.random() < 0.6 and first not in _NEEDS_SECOND else name}"
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
