"""Resolve the desa/kelurahan of an import row, written as a Kemendagri code or as a name, without Django.

An import belongs to one kabupaten/kota, and its rows name their village in every way people write it:
"11.06.07.2001", "1106072001", "1106072001.0" (a number that went through Excel), "Ds. Lam Reung",
"LAMREUNG", "Gampong Lamreung", "Tjot Mantjang" (spelling before 1972). :class:`DesaResolver` turns each
into the village's dotted code, or says in Bahasa Indonesia why it cannot.

It never guesses. A name shared by villages in several kecamatan (common: Aceh Besar alone has nineteen
such names) resolves only when the row's kecamatan picks one of them; a misspelt name resolves only when
exactly one village is a single edit away, and the caller is told which name was read
(:attr:`Resolution.matched_name`) so the operator can check it. Everything else is a problem for the row,
with the candidates or the closest names in the message so the operator can fix the file.

Speed: files repeat the same few dozen village names hundreds of thousands of times, so results are cached
per (value, kecamatan) and a repeat costs one dict lookup. A first look-up is a few dict lookups too:
villages are indexed by name key, and the single-edit search uses single-deletion variants indexed at
construction (symmetric delete, as in SymSpell) instead of comparing with every village. Suggestions for a
name that matches nothing come from a second index of up-to-two-deletion variants, for the same reason: a
wrongly mapped column can bring thousands of distinct unknown values.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "AMBIGUOUS",
    "EMPTY",
    "INVALID_CODE",
    "OTHER_REGENCY",
    "UNKNOWN",
    "UNKNOWN_CODE",
    "DesaResolver",
    "Resolution",
    "Village",
]


@dataclass(frozen=True)
class Village:
    """A desa/kelurahan of the kabupaten: dotted Kemendagri ``code`` ("11.06.07.2001"), ``name`` and the
    name of its kecamatan (``district``)."""

    code: str
    name: str
    district: str


@dataclass(frozen=True)
class Resolution:
    """The outcome for one value.

    ``code`` is the dotted village code, or ``None`` when the row must be rejected; ``problem`` then says
    why, in Bahasa Indonesia, quoting the value as written, and ``reason`` says it for programs: one of
    :data:`EMPTY`, :data:`INVALID_CODE`, :data:`OTHER_REGENCY`, :data:`UNKNOWN_CODE`, :data:`AMBIGUOUS`
    (several villages fit; every such message contains "lebih dari satu") and :data:`UNKNOWN`.
    ``matched_name`` is set when the name was accepted although it is spelt differently from the register
    (one edit away), so that the import report can show what it was read as.
    """

    code: str | None
    problem: str | None
    matched_name: str | None = None
    reason: str | None = None


# Resolution.reason, for callers that count or filter problems by kind rather than by message text.
EMPTY = "empty"
INVALID_CODE = "invalid_code"
OTHER_REGENCY = "other_regency"
UNKNOWN_CODE = "unknown_code"
AMBIGUOUS = "ambiguous"
UNKNOWN = "unknown"


# Words written before a village name to say what it is. Removed only while a word follows, so a village
# really called "Kampung" keeps its name. DUSUN is deliberately absent: a dusun is a part of a desa, and
# "Dusun Krajan" names the dusun, not a desa called Krajan.
_VILLAGE_TYPE_WORDS = frozenset(
    {"DESA", "DS", "KEL", "KELURAHAN", "GAMPONG", "GP", "NAGARI", "KAMPUNG", "PEKON"}
)
_DISTRICT_TYPE_WORDS = frozenset({"KEC", "KECAMATAN"})
# The first digit of the last part of a village code says what the village is: 1 kelurahan, 2 desa. A
# kelurahan and a desa of one name in one kecamatan exist, and the word written before the name tells them
# apart.
_KELURAHAN_WORDS = frozenset({"KEL", "KELURAHAN"})
_DESA_WORDS = _VILLAGE_TYPE_WORDS - _KELURAHAN_WORDS

# Pre-1972 spellings, applied in this order to the key with spaces removed. Unlike the one-pass rewrite
# for personal names (sinergi.core.names), NJ -> NY comes after DJ -> J and applies inside words too, so that
# old "TANDJONG" and modern "TANJONG" get one key; that also folds modern NJ into NY, harmless for a key.
_OLD_SPELLINGS = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("CH", "KH"), ("NJ", "NY"))

# Excel's "text" prefix and its typographic variants, and apostrophes inside names ("Ba'et"), which join.
_APOSTROPHES = "'`\u2018\u2019\u02bc\u02b9\u00b4"
_APOSTROPHE_TABLE = str.maketrans("", "", _APOSTROPHES)
_NON_WORD = re.compile(r"[^0-9A-Z]+")
_NUMERAL = re.compile(r"^(?:\d+|[IVX]+)$")

_DOTTED_VILLAGE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_PLAIN_VILLAGE = re.compile(r"^\d{10}$")
_DOTTED_DISTRICT = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_PLAIN_DISTRICT = re.compile(r"^\d{6}$")
_REGENCY = re.compile(r"^(\d{2})\.?(\d{2})$")
# A number that went through a spreadsheet as a float: "1106072001.0", or "1106072001,0" in Indonesian Excel.
_ZERO_FRACTION = re.compile(r"^(\d+)[.,]0+$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_NUMERIC = re.compile(r"^[\d.,\-/]+$")

# Single-edit matching only for keys of at least this length: on shorter names one edit is too large a
# share of the name ("BAYU" -> "BADU" is another village, not a typo).
_MIN_FUZZY_LENGTH = 6
_SUGGESTIONS = 3
_LISTED_CANDIDATES = 6
# A file with a wrongly mapped column can hold millions of distinct values; the cache must not grow with it.
_CACHE_LIMIT = 200_000


def _fold(text: str) -> str:
    # Uppercase before removing accents: uppercasing can itself produce a combining mark.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).upper())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", _fold(text).translate(_APOSTROPHE_TABLE)).split()


def _strip_type_words(words: list[str], type_words: frozenset[str]) -> list[str]:
    while len(words) > 1 and words[0] in type_words:
        words = words[1:]
    return words


def _key(words: Sequence[str]) -> str:
    # Spaces go because Acehnese and Javanese names are written joined and split alike ("Lam Reung",
    # "Lamreung"); the old spellings are folded on the joined text so both forms fold the same way. Between
    # two numerals a space stays: "Lubuk Pakam I,II" and "Lubuk Pakam III" are two kelurahan.
    key = "".join(
        f" {word}" if index and _NUMERAL.match(word) and _NUMERAL.match(words[index - 1]) else word
        for index, word in enumerate(words)
    )
    for old, new in _OLD_SPELLINGS:
        key = key.replace(old, new)
    return key


def _village_kind(words: Sequence[str]) -> str | None:
    """The code digit ("1" kelurahan, "2" desa) that the leading type words announce, if they do."""
    leading = set(itertools.takewhile(_VILLAGE_TYPE_WORDS.__contains__, words[:-1]))
    if leading and leading <= _KELURAHAN_WORDS:
        return "1"
    if leading and leading <= _DESA_WORDS:
        return "2"
    return None


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance of at most 1, in linear time."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la > lb:
        return a[i + 1 :] == b[i:]
    if la < lb:
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _describe(village: Village) -> str:
    return f"{village.name} (Kec. {village.district}, kode {village.code})"


def _describe_list(villages: Sequence[Village]) -> str:
    listed = [_describe(v) for v in villages[:_LISTED_CANDIDATES]]
    if len(villages) > _LISTED_CANDIDATES:
        listed.append(f"dan {len(villages) - _LISTED_CANDIDATES} lainnya")
    return "; ".join(listed)


class DesaResolver:
    """Resolves desa/kelurahan values of one kabupaten/kota to dotted Kemendagri village codes.

    ``villages`` are all villages of the kabupaten (``regency_code`` "11.06" or "1106"); ``regency_name``
    ("Kabupaten Aceh Besar") is used in messages. A village outside the regency or a malformed code is a
    ``ValueError``: that is a bug in the caller, not bad data in the file.
    """

    def __init__(self, villages: Iterable[Village], *, regency_code: str, regency_name: str) -> None:
        match = _REGENCY.match(regency_code.strip())
        if not match:
            raise ValueError(f"Regency code {regency_code!r} must look like 11.06 or 1106.")
        self.regency_code = f"{match[1]}.{match[2]}"
        self.regency_name = regency_name
        self._by_code: dict[str, Village] = {}
        # Name key of the name as written in the register, and with its leading type words removed; the
        # first is tried first so that a village really called "Gampong Baro" beats the "Baro"s.
        self._by_full: dict[str, list[Village]] = {}
        self._by_core: dict[str, list[Village]] = {}
        self._core_of: dict[str, str] = {}
        # Core key and each of its single deletions -> villages (symmetric delete index).
        self._deletion_index: dict[str, list[Village]] = {}
        # The same with up to two deletions, for suggestions; only core keys, villages are in _by_core.
        self._suggestion_index: dict[str, set[str]] = {}
        self._district_by_key: dict[str, str | None] = {}
        self._district_by_code: dict[str, str] = {}
        for village in villages:
            self._add(village)
        self._sorted_cores = sorted(self._by_core)
        self._district_keys = [(key, name) for key, name in self._district_by_key.items() if name is not None]
        self._cache: dict[tuple[str, str], Resolution] = {}
        self._district_cache: dict[str, str | None] = {}

    def _add(self, village: Village) -> None:
        if not _DOTTED_VILLAGE.match(village.code):
            raise ValueError(f"Village code {village.code!r} must look like 11.06.07.2001.")
        if not village.code.startswith(self.regency_code + "."):
            raise ValueError(f"Village {village.code} is not in regency {self.regency_code}.")
        if village.code in self._by_code:
            raise ValueError(f"Village code {village.code} is given twice.")
        self._by_code[village.code] = village
        words = _words(village.name)
        self._by_full.setdefault(_key(words), []).append(village)
        core = _key(_strip_type_words(words, _VILLAGE_TYPE_WORDS))
        self._by_core.setdefault(core, []).append(village)
        self._core_of[village.code] = core
        once = {core} | _deletions(core)
        for variant in once:
            self._deletion_index.setdefault(variant, []).append(village)
        for variant in once.union(*map(_deletions, once)):
            self._suggestion_index.setdefault(variant, set()).add(core)
        district_key = _key(_strip_type_words(_words(village.district), _DISTRICT_TYPE_WORDS))
        known = self._district_by_key.setdefault(district_key, village.district)
        if known is not None and known != village.district:
            # Two kecamatan names with one key cannot tell villages apart; treat the key as unknown.
            self._district_by_key[district_key] = None
        self._district_by_code[village.code[:8]] = village.district

    # -----------------------------------------------------------------------------------------------------

    def resolve(self, raw: str, kecamatan: str = "") -> Resolution:
        """Resolve one desa value; ``kecamatan`` (a name or code, optional) only tells same-named villages
        apart. Repeated calls with the same arguments return the same :class:`Resolution` object."""
        cache_key = (raw, kecamatan)
        found = self._cache.get(cache_key)
        if found is None:
            found = self._resolve(raw or "", kecamatan or "")
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[cache_key] = found
        return found

    def _resolve(self, raw: str, kecamatan: str) -> Resolution:
        text = " ".join(raw.split())
        if not text:
            return Resolution(None, "Desa/kelurahan kosong.", reason=EMPTY)
        compact = "".join(text.split()).strip(_APOSTROPHES)
        if _SCIENTIFIC.match(compact):
            return Resolution(
                None,
                f"Kode desa '{text}' tersimpan sebagai notasi ilmiah oleh Excel dan digitnya sudah tidak utuh. "
                "Ubah format kolom menjadi Teks, lalu isi ulang kode desa.",
                reason=INVALID_CODE,
            )
        if _NUMERIC.match(compact) and any(ch.isdigit() for ch in compact):
            return self._resolve_code(text, compact)
        words = _words(text)
        if not words:
            return Resolution(None, f"Desa/kelurahan kosong (isinya '{text}').", reason=EMPTY)
        return self._resolve_name(text, words, kecamatan)

    def _resolve_code(self, text: str, compact: str) -> Resolution:
        fraction = _ZERO_FRACTION.match(compact)
        if fraction and _PLAIN_VILLAGE.match(fraction[1]):
            compact = fraction[1]
        if _PLAIN_VILLAGE.match(compact):
            code = f"{compact[0:2]}.{compact[2:4]}.{compact[4:6]}.{compact[6:]}"
        elif _DOTTED_VILLAGE.match(compact):
            code = compact
        elif _DOTTED_DISTRICT.match(compact) or _PLAIN_DISTRICT.match(compact):
            return Resolution(
                None,
                f"'{text}' adalah kode kecamatan, bukan kode desa. Kode desa Kemendagri berbentuk "
                "11.06.07.2001 (10 digit).",
                reason=INVALID_CODE,
            )
        else:
            return Resolution(
                None,
                f"Kode desa '{text}' tidak dikenali. Kode desa Kemendagri berbentuk 11.06.07.2001 atau "
                "1106072001 (10 digit).",
                reason=INVALID_CODE,
            )
        written = f"'{text}'" if text == code else f"'{text}' ({code})"
        if not code.startswith(self.regency_code + "."):
            return Resolution(
                None,
                f"Kode desa {written} milik kabupaten/kota lain (kode {code[:5]}), bukan "
                f"{self.regency_name}; impor ini untuk {self.regency_name}. Periksa apakah warga ini memang "
                "tinggal di sini, dan pastikan kodenya kode Kemendagri, bukan kode BPS.",
                reason=OTHER_REGENCY,
            )
        if code not in self._by_code:
            return Resolution(
                None,
                f"Kode desa {written} tidak ada dalam daftar desa {self.regency_name}. Periksa kode pada "
                "daftar Kemendagri (bukan kode BPS), atau tulis nama desanya.",
                reason=UNKNOWN_CODE,
            )
        return Resolution(code, None)

    def _resolve_name(self, text: str, words: list[str], kecamatan: str) -> Resolution:
        district = self._district(kecamatan)
        core = _key(_strip_type_words(words, _VILLAGE_TYPE_WORDS))
        candidates = self._by_full.get(_key(words)) or self._by_core.get(core)
        if candidates:
            if len(candidates) == 1:
                return Resolution(candidates[0].code, None)
            chosen = [v for v in candidates if v.district == district] if district else list(candidates)
            if len(chosen) > 1:
                kind = _village_kind(words)
                if kind and len(of_kind := [v for v in chosen if v.code[9] == kind]) == 1:
                    chosen = of_kind
            if len(chosen) == 1:
                return Resolution(chosen[0].code, None)
            message = self._ambiguous_message(text, candidates, kecamatan, district, chosen)
            return Resolution(None, message, reason=AMBIGUOUS)
        if len(core) >= _MIN_FUZZY_LENGTH:
            near = self._near(core)
            if district:
                near = [v for v in near if v.district == district]
            if len(near) == 1 and len(self._core_of[near[0].code]) >= _MIN_FUZZY_LENGTH:
                return Resolution(near[0].code, None, matched_name=near[0].name)
            if len(near) > 1:
                return Resolution(
                    None,
                    f"Desa '{text}' tidak ada dalam daftar {self.regency_name}, dan namanya mirip dengan lebih "
                    f"dari satu desa: {_describe_list(near)}. Perbaiki nama desa sesuai daftar Kemendagri atau "
                    "pakai kode desa.",
                    reason=AMBIGUOUS,
                )
        return Resolution(None, self._unknown_message(text, core), reason=UNKNOWN)

    def _near(self, core: str) -> list[Village]:
        """Villages whose core key is at most one edit from ``core``, by code."""
        seen: dict[str, Village] = {}
        for variant in {core} | _deletions(core):
            for village in self._deletion_index.get(variant, ()):
                if village.code not in seen and _within_one_edit(core, self._core_of[village.code]):
                    seen[village.code] = village
        return sorted(seen.values(), key=lambda v: v.code)

    def _district(self, kecamatan: str) -> str | None:
        """The register's name of the kecamatan written as ``kecamatan``, or None if empty or unknown."""
        if not kecamatan.strip():
            return None
        if kecamatan in self._district_cache:
            return self._district_cache[kecamatan]
        found = self._find_district(kecamatan)
        if len(self._district_cache) < _CACHE_LIMIT:
            self._district_cache[kecamatan] = found
        return found

    def _find_district(self, kecamatan: str) -> str | None:
        compact = "".join(kecamatan.split()).strip(_APOSTROPHES)
        if _DOTTED_DISTRICT.match(compact):
            return self._district_by_code.get(compact)
        if _PLAIN_DISTRICT.match(compact):
            return self._district_by_code.get(f"{compact[0:2]}.{compact[2:4]}.{compact[4:]}")
        key = _key(_strip_type_words(_words(kecamatan), _DISTRICT_TYPE_WORDS))
        if key in self._district_by_key:
            return self._district_by_key[key]
        if len(key) < _MIN_FUZZY_LENGTH:
            return None
        # A regency has a few dozen kecamatan: comparing with each is cheaper than an index, and cached.
        near = {name for other, name in self._district_keys if _within_one_edit(key, other)}
        return near.pop() if len(near) == 1 else None

    # -----------------------------------------------------------------------------------------------------

    def _ambiguous_message(
        self,
        text: str,
        candidates: Sequence[Village],
        kecamatan: str,
        district: str | None,
        chosen: Sequence[Village],
    ) -> str:
        """Why several villages remain, and the one thing in the file that would settle it."""
        if len({v.district for v in candidates}) == len(candidates):
            head = f"Desa '{text}' ada di lebih dari satu kecamatan: {_describe_list(candidates)}."
        else:
            head = f"Nama desa '{text}' cocok dengan lebih dari satu desa: {_describe_list(candidates)}."
        given = kecamatan.strip()
        if district and not chosen:
            return (
                f"{head} Kolom kecamatan berisi '{given}' (Kecamatan {district}), tetapi desa itu tidak ada di "
                "sana. Periksa kolom kecamatan atau pakai kode desa."
            )
        if given and not district:
            return (
                f"{head} Kecamatan '{given}' tidak dikenal di {self.regency_name}. Perbaiki kolom kecamatan atau "
                "pakai kode desa."
            )
        if len({v.district for v in chosen}) > 1:
            return f"{head} Isi kolom kecamatan atau pakai kode desa."
        # The rest share one kecamatan: only the code, or the kelurahan/desa distinction, can tell them apart.
        where = f"Di Kecamatan {chosen[0].district} pun ada lebih dari satu"
        if len({v.code[9] for v in chosen}) > 1:
            return f"{head} {where}: tulis 'Kelurahan {text}' atau 'Desa {text}', atau pakai kode desa."
        return f"{head} {where}; pakai kode desa."

    def _unknown_message(self, text: str, core: str) -> str:
        suggestions = self._suggest(core)
        message = f"Desa '{text}' tidak ditemukan di {self.regency_name}."
        if suggestions:
            message += f" Mungkin maksud Anda: {', '.join(suggestions)}."
        return message + " Pakai nama sesuai daftar Kemendagri atau kode desa."

    def _suggest(self, core: str) -> list[str]:
        """Up to three villages closest to ``core``, each as "Name (Kec. X)"; none if nothing is close."""
        # Two edits at most, one for short keys, so that "Xyz" is not offered unrelated villages. Found by
        # looking up up-to-two-deletion variants rather than comparing with every village: a wrongly mapped
        # column can bring thousands of distinct unknown values.
        limit = 1 if len(core) < 5 else 2
        variants = {core} | _deletions(core)
        if limit == 2:
            variants = variants.union(*map(_deletions, variants))
        scores: dict[str, int] = {}
        for variant in variants:
            for other in self._suggestion_index.get(variant, ()):
                if other not in scores and (distance := _distance(core, other, limit)) <= limit:
                    scores[other] = distance
        # A shortened name ("Lampeuneurut" for "Lampeuneurut Gampong") is far by edits but close in fact; it
        # ranks after the near misses.
        if len(core) >= 4:
            for other in itertools.islice(self._cores_starting_with(core), _SUGGESTIONS):
                scores.setdefault(other, limit + 1)
            for end in range(4, len(core)):
                if core[:end] in self._by_core:
                    scores.setdefault(core[:end], limit + 1)
        scored = sorted(
            (distance, village.name, village.district)
            for other, distance in scores.items()
            for village in self._by_core[other]
        )
        return [f"{name} (Kec. {district})" for _distance_, name, district in scored[:_SUGGESTIONS]]

    def _cores_starting_with(self, prefix: str) -> Iterator[str]:
        for other in self._sorted_cores[bisect.bisect_left(self._sorted_cores, prefix) :]:
            if not other.startswith(prefix):
                return
            yield other
