"""Proxy means test: a household's variables, its score under a model, the explanation of that score, and the
desil rule. Framework-free (no Django), so the arithmetic is tested and benchmarked on its own; the database side
is :mod:`sinergi.programs.welfare`.

A model is data (``PmtModel``: an intercept and ``{variable code: weight}``), shaped like the regression of log
per-capita consumption that BPS and Kemensos fit on Susenas: better housing and more assets raise the score,
more dependants lower it. Lower score = poorer. The variables are fixed here; an installation changes only the
weights, in the admin, and a weight on a code this module does not know is refused before anything is computed
(:func:`check_weights`), never half-way through a recompute.

Variable codes:

* housing categories as ``<field>.<code>`` with the registry's codes (``floor.tanah``, ``toilet.sendiri``): 1
  when the household's answer is that code. A category without a weight is the reference category;
* asset flags by the registry's field name (``has_car``): 1 when owned;
* ``land_ha``: land in hectares, capped at :data:`LAND_HA_CAP` (one estate must not outweigh everything else);
* members (active persons only): ``ln_size`` (natural log of the household size, as in the consumption
  regressions: the second person costs more than the eighth), ``share_children`` (share under 15 years),
  ``elderly`` (number aged 60 or more), ``disabled`` (number with a disability), ``head_education.smp`` /
  ``.sma`` / ``.tinggi`` (the head's schooling; up to SD is the reference), ``head_works`` (the head has an
  occupation), ``formal_worker`` (a member is a civil servant, soldier, police officer, employee, teacher or
  pensioner: regular income).

Desil: within a group (a kabupaten/kota, a province) households are sorted poorest first; the household at
0-based rank ``r`` of ``n`` is in desil ``floor(10 × r / n) + 1``. Desils are equal-sized as far as ``n``
allows (with 25 households they hold 3, 2, 3, 2, …), and equal scores are ordered by household id, so the same
data always gives the same desils.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


def _(text: str) -> str:
    """Marks a label for translation (makemessages); it is translated where it is shown."""
    return text


DEFAULT_VERSION = "contoh-2026.1"
DEFAULT_NAME = _("Model contoh (bobot ilustratif, BUKAN bobot resmi BPS/Kemensos)")
DEFAULT_DESCRIPTION = _(
    "Bobot contoh berbentuk regresi log pengeluaran per kapita, agar Sinergi dapat langsung dicoba. Bobot ini "
    "tidak berasal dari BPS maupun Kemensos dan tidak boleh dipakai untuk penetapan penerima. Masukkan bobot "
    "resmi sebagai versi model baru di halaman admin (Model PMT), lalu aktifkan dan hitung ulang peringkat.")

CHILD_AGE = 15  # under this age: a child for ``share_children``
ELDERLY_AGE = 60  # at or above: elderly
LAND_HA_CAP = 5.0
HEAD = "1"  # registry.codes.Relation.HEAD


class UnknownVariables(ValueError):
    """A model's weights name variables this module does not compute (or give a weight that is no number)."""

    def __init__(self, unknown: Sequence[str], not_numbers: Sequence[str] = ()) -> None:
        self.unknown = list(unknown)
        self.not_numbers = list(not_numbers)
        parts = []
        if self.unknown:
            parts.append("variabel tidak dikenal: " + ", ".join(self.unknown))
        if self.not_numbers:
            parts.append("bobot bukan angka: " + ", ".join(self.not_numbers))
        super().__init__("; ".join(parts))


# ----------------------------------------------------------------------------------------------------------
# The household snapshot
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """What the variables need of one active member."""

    birth_date: datetime.date | None
    relation: str
    education: str = ""
    occupation: str = ""
    disability: str = ""


@dataclass(frozen=True)
class Facts:
    """A household as the variables see it. ``housing`` maps housing fields to registry codes ("" = unknown),
    ``assets`` holds the names of the asset flags that are set."""

    housing: Mapping[str, str] = field(default_factory=dict)
    assets: frozenset[str] = frozenset()
    land_area_m2: int | None = None
    size: int = 0
    children: int = 0
    elderly: int = 0
    disabled: int = 0
    head_education: str = ""
    head_works: bool = False
    formal_worker: bool = False


NOT_WORKING, WORKING, FORMAL = "tidak-bekerja", "bekerja", "formal"

_NOT_WORKING_TEXTS = {
    "", "-", "belum tidak bekerja", "belum bekerja", "tidak bekerja", "tidak belum bekerja", "tidak ada",
    "belum sekolah", "mengurus rumah tangga", "ibu rumah tangga", "irt", "pelajar mahasiswa", "pelajar",
    "mahasiswa", "pelajar mahasiswi", "siswa", "santri", "lainnya",
}
# Regular pay from the state or an employer (a pension too). "Honorer" (casual staff on an honorarium) is not.
_FORMAL_WORDS = {"pns", "asn", "pegawai", "karyawan", "tni", "polri", "polisi", "guru", "dosen", "bumn", "bumd",
                 "pensiunan", "purnawirawan", "pppk", "dokter", "bidan", "perawat", "hakim", "jaksa", "notaris"}
_INFORMAL_WORDS = {"honorer", "honor", "kontrak", "harian", "lepas", "magang"}
_NON_WORD = re.compile(r"[^0-9a-z]+")


def occupation_kind(text: str) -> str:
    """NOT_WORKING, WORKING or FORMAL for the free-text occupation of the KK and DTKS forms."""
    words = _NON_WORD.sub(" ", (text or "").lower()).strip()
    if words in _NOT_WORKING_TEXTS:
        return NOT_WORKING
    tokens = set(words.split())
    if tokens & _FORMAL_WORDS and not tokens & _INFORMAL_WORDS:
        return FORMAL
    return WORKING


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_cutoffs(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(born after this: a child; born on or before this: elderly), for the members' completed ages today."""
    return years_before(today, CHILD_AGE), years_before(today, ELDERLY_AGE)


def facts_from(*, housing: Mapping[str, str], assets: Iterable[str], land_area_m2: int | None,
               members: Iterable[Member], today: datetime.date) -> Facts:
    """A household's facts from its own row and its active members (the household page's live path; the
    recompute gets the same numbers from SQL aggregates, see :func:`sinergi.programs.welfare.recompute_welfare`)."""
    child_after, elderly_until = age_cutoffs(today)
    members = list(members)
    heads = [m for m in members if m.relation == HEAD]
    return Facts(
        housing=dict(housing),
        assets=frozenset(assets),
        land_area_m2=land_area_m2,
        size=len(members),
        children=sum(1 for m in members if m.birth_date is not None and m.birth_date > child_after),
        elderly=sum(1 for m in members if m.birth_date is not None and m.birth_date <= elderly_until),
        disabled=sum(1 for m in members if m.disability),
        head_education=max((m.education for m in heads if m.education), default=""),
        head_works=any(occupation_kind(m.occupation) != NOT_WORKING for m in heads),
        formal_worker=any(occupation_kind(m.occupation) == FORMAL for m in members),
    )


# ----------------------------------------------------------------------------------------------------------
# Variables
# ----------------------------------------------------------------------------------------------------------

HOUSING, ASSETS, MEMBERS = "perumahan", "aset", "anggota"
GROUP_LABELS = {HOUSING: _("Kondisi rumah"), ASSETS: _("Aset"), MEMBERS: _("Anggota keluarga")}


@dataclass(frozen=True)
class Variable:
    code: str
    parts: tuple[str, ...]  # the label's pieces, each one message for translation ("Lantai", "tanah")
    group: str
    kind: str  # "category" (0/1 for one answer), "flag" (0/1), "count", "share", "log-size", "hectare"
    source: str  # the household field or fact it is read from

    @property
    def label(self) -> str:
        return self.label_in()

    def label_in(self, translate: Callable[[str], str] = str) -> str:
        """The label, each piece passed through ``translate`` (gettext where it is shown)."""
        return ": ".join(translate(part) for part in self.parts)


# The housing answers, as registry.codes lists them (a test keeps the two in step).
HOUSING_CATEGORIES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "floor": (_("Lantai"), [
        ("keramik", _("marmer/granit/keramik")), ("ubin", _("ubin/tegel/teraso")), ("kayu", _("kayu/papan")),
        ("semen", _("semen/bata merah")), ("bambu", _("bambu")), ("tanah", _("tanah")),
    ]),
    "wall": (_("Dinding"), [
        ("tembok", _("tembok")), ("plesteran", _("plesteran anyaman bambu/kawat")), ("kayu", _("kayu/papan")),
        ("bambu", _("anyaman bambu")), ("lainnya", _("seng, triplek, dll.")),
    ]),
    "roof": (_("Atap"), [
        ("beton", _("beton")), ("genteng", _("genteng")), ("seng", _("seng")), ("asbes", _("asbes")),
        ("kayu", _("kayu/sirap")), ("ijuk", _("jerami/ijuk/daun/rumbia")),
    ]),
    "water_source": (_("Air minum"), [
        ("ledeng", _("ledeng/PAM")), ("kemasan", _("air kemasan/isi ulang")),
        ("sumur_terlindung", _("sumur bor/terlindung")), ("sumur_tak_terlindung", _("sumur tak terlindung")),
        ("mata_air", _("mata air")), ("sungai", _("sungai/danau")), ("hujan", _("air hujan")),
    ]),
    "lighting": (_("Penerangan"), [
        ("pln_meteran", _("listrik PLN dengan meteran")), ("pln_numpang", _("listrik PLN tanpa meteran/numpang")),
        ("non_pln", _("listrik non-PLN")), ("bukan_listrik", _("bukan listrik")),
    ]),
    "cooking_fuel": (_("Bahan bakar memasak"), [
        ("listrik", _("listrik")), ("gas_besar", _("gas ≥ 5,5 kg/gas kota")), ("lpg_3kg", _("LPG 3 kg")),
        ("minyak_tanah", _("minyak tanah")), ("kayu", _("kayu bakar/arang")),
        ("tidak_memasak", _("tidak memasak di rumah")),
    ]),
    "toilet": (_("Fasilitas BAB"), [
        ("sendiri", _("milik sendiri")), ("bersama", _("bersama/komunal")), ("umum", _("umum")),
        ("tidak_ada", _("tidak ada")),
    ]),
    "land_ownership": (_("Rumah"), [
        ("milik_sendiri", _("milik sendiri")), ("sewa", _("kontrak/sewa")), ("bebas_sewa", _("bebas sewa/menumpang")),
        ("dinas", _("rumah dinas")), ("lainnya", _("lainnya")),
    ]),
}

ASSET_FLAGS: list[tuple[str, str]] = [
    ("has_lpg_5_5kg", _("Punya tabung gas ≥ 5,5 kg")),
    ("has_refrigerator", _("Punya lemari es")),
    ("has_ac", _("Punya AC")),
    ("has_water_heater", _("Punya pemanas air")),
    ("has_phone", _("Punya telepon/HP")),
    ("has_tv", _("Punya televisi")),
    ("has_gold_10g", _("Punya emas/tabungan ≥ 10 gram")),
    ("has_computer", _("Punya komputer/laptop")),
    ("has_bicycle", _("Punya sepeda")),
    ("has_motorcycle", _("Punya sepeda motor")),
    ("has_car", _("Punya mobil")),
    ("has_boat", _("Punya perahu/kapal motor")),
    ("has_land", _("Punya lahan di luar rumah")),
]

# Education codes of the head (registry.codes.Education) per variable; "0" (none) and "1" (SD) are the reference.
HEAD_EDUCATION = {"smp": ("2",), "sma": ("3",), "tinggi": ("4", "5", "6")}
_HEAD_EDUCATION_OF_CODE = {code: group for group, codes in HEAD_EDUCATION.items() for code in codes}


def _variables() -> dict[str, Variable]:
    found: list[Variable] = []
    for source, (label, answers) in HOUSING_CATEGORIES.items():
        for code, answer in answers:
            found.append(Variable(f"{source}.{code}", (label, answer), HOUSING, "category", source))
    found += [Variable(name, (label,), ASSETS, "flag", name) for name, label in ASSET_FLAGS]
    found += [
        Variable("land_ha", (_("Luas lahan (hektare, paling banyak 5)"),), ASSETS, "hectare", "land_area_m2"),
        Variable("ln_size", (_("Jumlah anggota keluarga (logaritma)"),), MEMBERS, "log-size", "size"),
        Variable("share_children", (_("Bagian anggota berusia di bawah 15 tahun"),), MEMBERS, "share", "children"),
        Variable("elderly", (_("Jumlah lansia (60 tahun ke atas)"),), MEMBERS, "count", "elderly"),
        Variable("disabled", (_("Jumlah anggota penyandang disabilitas"),), MEMBERS, "count", "disabled"),
        Variable("head_education.smp", (_("Pendidikan kepala keluarga: SMP/sederajat"),), MEMBERS, "category",
                 "head_education"),
        Variable("head_education.sma", (_("Pendidikan kepala keluarga: SMA/sederajat"),), MEMBERS, "category",
                 "head_education"),
        Variable("head_education.tinggi", (_("Pendidikan kepala keluarga: diploma/sarjana"),), MEMBERS, "category",
                 "head_education"),
        Variable("head_works", (_("Kepala keluarga bekerja"),), MEMBERS, "flag", "head_works"),
        Variable("formal_worker", (_("Ada anggota berpenghasilan tetap (ASN, TNI/Polri, karyawan, pensiunan)"),),
                 MEMBERS, "flag", "formal_worker"),
    ]
    return {v.code: v for v in found}


VARIABLES: dict[str, Variable] = _variables()


def variables(facts: Facts) -> dict[str, float]:
    """The household's non-zero variables (every other variable is 0)."""
    values: dict[str, float] = {}
    for source, answer in facts.housing.items():
        if answer and source in HOUSING_CATEGORIES:
            values[f"{source}.{answer}"] = 1.0
    for name in facts.assets:
        values[name] = 1.0
    if facts.land_area_m2:
        values["land_ha"] = min(facts.land_area_m2 / 10_000, LAND_HA_CAP)
    if facts.size > 1:
        values["ln_size"] = math.log(facts.size)
    if facts.size and facts.children:
        values["share_children"] = facts.children / facts.size
    if facts.elderly:
        values["elderly"] = float(facts.elderly)
    if facts.disabled:
        values["disabled"] = float(facts.disabled)
    education = _HEAD_EDUCATION_OF_CODE.get(facts.head_education)
    if education:
        values[f"head_education.{education}"] = 1.0
    if facts.head_works:
        values["head_works"] = 1.0
    if facts.formal_worker:
        values["formal_worker"] = 1.0
    return values


# ----------------------------------------------------------------------------------------------------------
# Models: weights, score, explanation
# ----------------------------------------------------------------------------------------------------------

# Illustrative weights on log per-capita monthly consumption (intercept ≈ ln Rp600.000). NOT official.
DEFAULT_INTERCEPT = 13.3
DEFAULT_WEIGHTS: dict[str, float] = {
    "floor.keramik": 0.14, "floor.ubin": 0.07, "floor.kayu": -0.03, "floor.bambu": -0.10, "floor.tanah": -0.15,
    "wall.tembok": 0.08, "wall.kayu": -0.02, "wall.bambu": -0.10, "wall.lainnya": -0.06,
    "roof.beton": 0.10, "roof.genteng": 0.03, "roof.ijuk": -0.10,
    "water_source.ledeng": 0.06, "water_source.kemasan": 0.10, "water_source.sumur_tak_terlindung": -0.05,
    "water_source.sungai": -0.08, "water_source.hujan": -0.05,
    "lighting.pln_meteran": 0.05, "lighting.pln_numpang": -0.04, "lighting.bukan_listrik": -0.12,
    "cooking_fuel.listrik": 0.10, "cooking_fuel.gas_besar": 0.10, "cooking_fuel.minyak_tanah": -0.05,
    "cooking_fuel.kayu": -0.10,
    "toilet.sendiri": 0.06, "toilet.umum": -0.05, "toilet.tidak_ada": -0.10,
    "land_ownership.milik_sendiri": 0.03, "land_ownership.bebas_sewa": -0.04,
    "has_lpg_5_5kg": 0.06, "has_refrigerator": 0.10, "has_ac": 0.20, "has_water_heater": 0.12, "has_phone": 0.03,
    "has_tv": 0.04, "has_gold_10g": 0.08, "has_computer": 0.12, "has_bicycle": 0.01, "has_motorcycle": 0.08,
    "has_car": 0.30, "has_boat": 0.08, "has_land": 0.04,
    "land_ha": 0.04,
    "ln_size": -0.40, "share_children": -0.30, "elderly": -0.04, "disabled": -0.05,
    "head_education.smp": 0.05, "head_education.sma": 0.10, "head_education.tinggi": 0.22,
    "head_works": 0.05, "formal_worker": 0.18,
}


def check_weights(weights: object) -> dict[str, float]:
    """The weights as {code: float}; :class:`UnknownVariables` for a code not in :data:`VARIABLES` or a weight
    that is not a number (JSON from the admin may hold anything)."""
    if not isinstance(weights, Mapping):
        raise UnknownVariables([], ["(bobot harus berupa objek {kode: angka})"])
    unknown = sorted(str(code) for code in weights if code not in VARIABLES)
    not_numbers = sorted(str(code) for code, weight in weights.items()
                         if isinstance(weight, bool) or not isinstance(weight, int | float)
                         or not math.isfinite(weight))
    if unknown or not_numbers:
        raise UnknownVariables(unknown, not_numbers)
    return {code: float(weight) for code, weight in weights.items()}


def score(weights: Mapping[str, float], intercept: float, variables: Mapping[str, float]) -> float:
    """intercept + Σ weight × value over the weighted variables.

    ``math.fsum`` rounds the exact sum once, so the result does not depend on the order of the terms: the
    recompute and the household page's live explanation get the very same float."""
    return math.fsum([intercept, *(weight * variables[code] for code, weight in weights.items()
                                   if variables.get(code))])


def explain(weights: Mapping[str, float], intercept: float,
            variables: Mapping[str, float]) -> list[tuple[str, str, float, float, float]]:
    """(code, label, value, weight, contribution) for every weighted variable, largest |contribution| first
    (ties by code). The contributions and the intercept add up to :func:`score`."""
    rows = []
    for code, weight in weights.items():
        value = float(variables.get(code, 0.0))
        variable = VARIABLES.get(code)
        rows.append((code, variable.label if variable else code, value, float(weight), weight * value))
    return sorted(rows, key=lambda row: (-abs(row[4]), row[0]))


class Scorer:
    """:func:`score` for many households under one model.

    ``score_parts`` is the recompute's fast path: the household's answers as plain sequences (no :class:`Facts`,
    no dict of variables), each weight looked up once per model. It adds exactly the terms :func:`score` adds,
    and both sum with ``math.fsum``, so the two give the same float (a test holds them to it)."""

    def __init__(self, weights: object, intercept: float) -> None:
        self.weights = check_weights(weights)
        self.intercept = float(intercept)
        w = self.weights
        self._housing = [{code: w[f"{field}.{code}"] for code, _answer in answers if w.get(f"{field}.{code}")}
                         for field, (_label, answers) in HOUSING_CATEGORIES.items()]
        self._assets = [w.get(name, 0.0) for name, _label in ASSET_FLAGS]
        self._education = {code: w.get(f"head_education.{group}", 0.0)
                           for code, group in _HEAD_EDUCATION_OF_CODE.items()}
        self._land, self._size, self._children = w.get("land_ha", 0.0), w.get("ln_size", 0.0), w.get(
            "share_children", 0.0)
        self._elderly, self._disabled = w.get("elderly", 0.0), w.get("disabled", 0.0)
        self._works, self._formal = w.get("head_works", 0.0), w.get("formal_worker", 0.0)

    def __call__(self, facts: Facts) -> float:
        return score(self.weights, self.intercept, variables(facts))

    def score_parts(self, housing: Sequence[str], assets: Sequence[bool], land_area_m2: int | None, size: int,
                    children: int, elderly: int, disabled: int, head_education: str, head_works: bool,
                    formal_worker: bool) -> float:
        """The score from the housing answers in :data:`HOUSING_CATEGORIES` order, the asset flags in
        :data:`ASSET_FLAGS` order and the member counts (see :class:`Facts`)."""
        terms = [self.intercept]
        for table, answer in zip(self._housing, housing, strict=True):
            weight = table.get(answer)
            if weight:
                terms.append(weight)
        for weight, owned in zip(self._assets, assets, strict=True):
            if owned and weight:
                terms.append(weight)
        if land_area_m2 and self._land:
            terms.append(self._land * min(land_area_m2 / 10_000, LAND_HA_CAP))
        if size > 1 and self._size:
            terms.append(self._size * math.log(size))
        if size and children and self._children:
            terms.append(self._children * (children / size))
        if elderly and self._elderly:
            terms.append(self._elderly * float(elderly))
        if disabled and self._disabled:
            terms.append(self._disabled * float(disabled))
        education = self._education.get(head_education)
        if education:
            terms.append(education)
        if head_works and self._works:
            terms.append(self._works)
        if formal_worker and self._formal:
            terms.append(self._formal)
        return math.fsum(terms)


# ----------------------------------------------------------------------------------------------------------
# Desil
# ----------------------------------------------------------------------------------------------------------


def desil_of_rank(rank: int, n: int) -> int:
    """Desil (1..10) of the household at 0-based ``rank`` (poorest first) among ``n``."""
    return 10 * rank // n + 1


def desils(scores: Sequence[float]) -> list[int]:
    """The desil of each score, in the order given. Equal scores are ranked by their position, so callers pass
    households in id order and ties are broken by household id."""
    order = sorted(range(len(scores)), key=scores.__getitem__)  # a stable sort: equal scores keep their order
    result = [0] * len(scores)
    for rank, index in enumerate(order):
        result[index] = desil_of_rank(rank, len(scores))
    return result


# ----------------------------------------------------------------------------------------------------------
# Seeding
# ----------------------------------------------------------------------------------------------------------


def ensure_default_model(using: str = "default") -> int:
    """Create and activate the illustrative model when the installation has no PMT model at all (called after
    every migrate). Returns how many models were created (0 or 1); an admin's models are never touched."""
    from .models import PmtModel

    if PmtModel.objects.using(using).exists():
        return 0
    PmtModel.objects.using(using).create(
        version=DEFAULT_VERSION, name=DEFAULT_NAME, description=DEFAULT_DESCRIPTION, intercept=DEFAULT_INTERCEPT,
        weights=dict(DEFAULT_WEIGHTS), active=True)
    return 1
