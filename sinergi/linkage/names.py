"""Indonesian names for record linkage: one comparison key per spelling of a person's name.

The same person appears as "Hj. Siti Aminah binti H. Hasan, S.Pd" in DTKS, "SITI AMINAH" in a village BLT
list and "Sitti Aminah Bt Hasan" in PKH. :func:`parse_name` reduces each to :class:`NameParts`, whose ``key``
is equal for all three, and :func:`name_similarity` scores two parsed names for the linker.

This is not :func:`sinergi.core.names.search_key`. The search key must never lose a real name token, so it is
cautious; the linkage key goes further, because a wrong fold here only costs a comparison that other
fields (NIK, KK, birth date, village) still decide. Differences, each a table or rule below:

* Titles are removed per name part (the person's, the father's after BIN, the mother's in a newborn record)
  and after old spelling is modernised, so "BIN H. HASAN" and "HADJI AHMAD" lose their titles too.
* Old spelling rewrites the old J (/y/) to Y inside words that are visibly old (OE, DJ, TJ, SJ, initial NJ):
  "SOEJONO" -> "SUYONO", "DJOJO" -> "JOYO", while "JOKO" and "JAJANG" keep their J.
* Frequent variant families are folded to one form: MOCH./MOH./MUHAMAD -> MUHAMMAD, ACHMAD -> AHMAD, ...
* BIN/BINTI separates the father's name, ALIAS cuts a second name, "BY NY SITI" is a newborn of Siti.

Everything is pure Python and cached per raw string and per token, because linkage parses millions of
records in which a few hundred thousand distinct names repeat.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from sinergi.core.names import ACADEMIC_DEGREES, LEADING_HONORIFICS, OLD_SPELLINGS

__all__ = [
    "ALIAS_MARKERS",
    "NAME_VARIANTS",
    "NEWBORN_MARKERS",
    "OLD_J_NAMES",
    "PATRONYM_MARKERS",
    "TITLES_ANYWHERE",
    "TITLES_LEADING",
    "UNDOTTED_DEGREES",
    "NameParts",
    "jaro_winkler",
    "name_key",
    "name_similarity",
    "parse_name",
]

# ---------------------------------------------------------------------------------------------------------
# Word lists. Every entry is written as it looks *after* old spelling is modernised (CH is already KH, OE is
# already U), because lists are matched against modernised tokens.
# ---------------------------------------------------------------------------------------------------------

# Titles that are never a name, so they go wherever they stand in a name part ("SITI AMINAH HJ",
# "HASAN (ALM)"), as long as another word is left. Religious: Hajjah, Drs/Dra, Kyai Haji, Ustadz, the Acehnese
# Teungku; RADEN (Javanese nobility) in full only. ALM/ALMH (almarhum/ah, deceased) mostly stands before
# the father's name after BIN.
TITLES_ANYWHERE: frozenset[str] = frozenset(
    {
        "HJ", "HAJAH", "HAJJAH", "DRS", "DRA", "PROF", "KH", "USTADZ", "USTADZAH", "USTAZ", "USTAZAH",
        "TGK", "TEUNGKU", "RADEN", "ALM", "ALMH", "ALMARHUM", "ALMARHUMAH",
    }
)  # fmt: skip

# Titles removed only at the front of a name part, while another word follows: there they are titles,
# elsewhere they may be an initial (H) or a word of the name (HAJI, IBU). Adds to the registry's honorifics
# HAJI, UST., the forms of address found in village lists (Nyonya, Tuan, Bapak, Ibu, Saudara/i) and AN.
# ("anak", child of), which marks a child's record and is not part of the name. Deliberately absent, so kept:
# ANDI (Bugis title, but also a common given name), CUT and TEUKU (Acehnese, written on the KTP as part of the
# name), T. and R. (ambiguous with an initial), DAENG, SUTAN, DATUK (Bugis and Minang gelar, part of the name).
TITLES_LEADING: frozenset[str] = (
    LEADING_HONORIFICS
    | TITLES_ANYWHERE
    | frozenset({"HAJI", "UST", "NY", "NYONYA", "TN", "BPK", "BAPAK", "IBU", "SDR", "SDRI", "AN"})
)

# Degrees that are stripped at the end of a name part even without a comma or a dot ("SITI AMINAH SPD",
# also spread over words: "S PD I"): no name word looks like these. The short, name-like ones (SE, SH, ST,
# MM, MA, SS) are stripped only after a comma or when written with dots, see _strip_degrees.
UNDOTTED_DEGREES: frozenset[str] = frozenset(
    {
        "SPD", "SPDI", "SPDSD", "SAG", "SKOM", "SSOS", "SKM", "SKEP", "SFARM", "AMD", "AMDKEP", "AMDKEB",
        "AMDKES", "AMDFARM", "MPD", "MPDI", "MSI", "MKES", "MKOM", "PHD", "LC",
    }
)  # fmt: skip

# BIN/BINTI and its abbreviations; the father's name follows. BT/BNT/BINT are written BINTI in the key.
PATRONYM_MARKERS: dict[str, str] = {
    "BIN": "BIN",
    "BINTI": "BINTI",
    "BT": "BINTI",
    "BNT": "BINTI",
    "BINT": "BINTI",
}

# "X ALIAS Y", "X ALS Y", "X @ Y": the record is X; Y is another name of the same person, which the other
# list may or may not carry, so it is left out of the key rather than kept as an extra word.
ALIAS_MARKERS: frozenset[str] = frozenset({"ALIAS", "ALS", "@"})

# "BY NY SITI", "BAYI NYONYA SITI", "BY SITI": a baby not yet named, recorded by its mother's name.
NEWBORN_MARKERS: frozenset[str] = frozenset({"BY", "BAYI"})
_MOTHER_MARKERS: frozenset[str] = frozenset({"NY", "NYONYA"})

# Old spellings that carry no OE/DJ/TJ/SJ/NJ, so the old-J rule cannot see them (the Soewandi spelling of
# 1947-1972 already wrote U but still J for /y/). Kept to names that are unambiguous in Indonesia.
OLD_J_NAMES: dict[str, str] = {"JUSUF": "YUSUF", "JUNUS": "YUNUS", "JAHYA": "YAHYA", "JAKUB": "YAKUB"}

# Spelling families of one name, folded to one form. Only families that are certainly one name; doubled
# letters are not collapsed in general (they separate real names), only inside the Muhammad family.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": (
        "MUHAMAD", "MUHAMMED", "MUHAMED", "MUHAMMAT", "MUHAMAT", "MOHAMMAD", "MOHAMAD", "MOHAMMED", "MOHAMED",
        "MOHAMMAT", "MOHAMAT", "MOKHAMAD", "MOKHAMMAD", "MUKHAMAD", "MUKHAMMAD", "MOKH", "MUKH", "MOH",
        "MOHD", "MUH", "MUHD", "MHD",
    ),
    "AHMAD": ("AKHMAD", "AHMAT", "AKHMAT", "AHMED"),
    "ABDUL": ("ABD",),
    "NUR": ("NOOR",),
    "SITI": ("SITTI",),
    "ZAINAL": ("ZAENAL",),
    "RAHMAN": ("ROHMAN", "RAKHMAN", "ROKHMAN"),
    "RAHIM": ("ROHIM", "RAKHIM", "ROKHIM"),
    "RAHMAT": ("ROHMAT", "RAKHMAT", "ROKHMAT"),
    "FATIMAH": ("FATIMA", "FATHIMAH"),
}  # fmt: skip
NAME_VARIANTS: dict[str, str] = {
    variant: name for name, variants in _FAMILIES.items() for variant in variants
}

# ---------------------------------------------------------------------------------------------------------
# Old spelling.
# ---------------------------------------------------------------------------------------------------------

# A word with one of these is written in the old spelling, so its remaining J is the old /y/. CH is not among
# them: modern names still write it (ACHMAD, MICHAEL). NJ counts only at the start, as in core.names.
_OLD_WORD_RE = re.compile(r"OE|DJ|TJ|SJ|^NJ")
_OLD_REWRITE_RE = re.compile(r"OE|DJ|TJ|SJ|^NJ|CH|J")
# In a modern-looking word only CH and an H-J cluster can be old: "WAHJU" is WAHYU, and no modern word has HJ.
_MODERN_REWRITE_RE = re.compile(r"CH|(?<=[A-Z])HJ")
_REWRITES: dict[str, str] = {**OLD_SPELLINGS, "J": "Y", "HJ": "HY"}
# CH read as C in a modern name (Sanskrit CANDRA), which CH -> KH would split from its C spelling.
_CH_AS_C_PREFIXES: tuple[str, ...] = ("CHANDR",)

# ---------------------------------------------------------------------------------------------------------
# Characters.
# ---------------------------------------------------------------------------------------------------------

# Apostrophes join ("MA'RUF" is MARUF); removed before Unicode decomposition, which would split the acute
# accent used as an apostrophe into a space and a combining mark.
_APOSTROPHE_TABLE = str.maketrans("", "", "'`\u2018\u2019\u02bc\u02b9\u00b4")
# Latin letters that have no decomposition into A-Z plus an accent.
_LETTER_TABLE = str.maketrans(
    {"Ø": "O", "Đ": "D", "Ð": "D", "Ł": "L", "Æ": "AE", "Œ": "OE", "Þ": "TH", "Ħ": "H"}
)
# Everything but A-Z and the alias sign separates words; digits and other scripts go with it.
_SEPARATOR_RE = re.compile(r"[^A-Z@]+")
_DEGREE_PUNCT_RE = re.compile(r"[\s.]+")
_WORD_RE = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name reduced for comparison; see :func:`parse_name`.

    ``key`` is the whole name (``given``, then BIN/BINTI and the father's name if recorded). For a newborn
    record ("BY NY SITI") the record names the mother, not the person: ``key``, ``given``, ``tokens``,
    ``sorted_key`` and ``initials`` are then empty and ``newborn_of`` holds the mother's key.
    """

    key: str
    given: str
    patronym: str
    tokens: tuple[str, ...]
    sorted_key: str
    initials: str
    newborn_of: str
    has_initials: bool


_EMPTY = NameParts(
    key="", given="", patronym="", tokens=(), sorted_key="", initials="", newborn_of="", has_initials=False
)


@lru_cache(maxsize=200_000)
def parse_name(raw: str) -> NameParts:
    """Parse a name as written in any register into :class:`NameParts`.

    In order:

    1. Unicode folded to uppercase A-Z (NFKC, accents removed, apostrophes join, other punctuation separates).
    2. Degrees, while dots and commas are still there: after the first comma every degree or title word goes
       and other words stay ("AMINAH, SITI"); at the end of the name a degree written with dots goes ("S.Pd.",
       "S. Pd"; a two-letter one only in one word: "S.E." goes, "S. E." may be initials).
    3. Each word modernised (old spelling, :data:`OLD_J_NAMES`) and folded (:data:`NAME_VARIANTS`).
    4. Titles and alias markers in front; then "BY/BAYI [NY/NYONYA] <mother>" makes a newborn record.
    5. The first BIN/BINTI/BT/BNT/BINT that has words on both sides splits off the father's name.
    6. In each part: ALIAS and what follows is cut, titles removed (:data:`TITLES_LEADING` in front,
       :data:`TITLES_ANYWHERE` anywhere), degrees in :data:`UNDOTTED_DEGREES` removed at the end even
       without dots, and a lone M in front ("M." or "M") read as MUHAMMAD. A bare SE, SH, MM or MA at the
       end stays: it can be a name. Titles and degrees never empty a part: its last word stays.
    """
    words = _to_words(_strip_degrees(_fold(raw)))
    if not words:
        return _EMPTY
    words = _strip_titles(words)
    if len(words) > 1 and words[0] in NEWBORN_MARKERS:
        mother = words[1:]
        if len(mother) > 1 and mother[0] in _MOTHER_MARKERS:
            mother = mother[1:]
        mother_key = _person_key(_strip_titles(mother))[0]
        return replace(_EMPTY, newborn_of=mother_key)
    key, given, patronym = _person_key(words)
    tokens = tuple(given.split())
    return NameParts(
        key=key,
        given=given,
        patronym=patronym,
        tokens=tokens,
        sorted_key=" ".join(sorted(tokens)),
        initials="".join(token[0] for token in tokens),
        newborn_of="",
        has_initials=any(_is_initial(tokens, i) for i in range(len(tokens))),
    )


def name_key(raw: str) -> str:
    """The comparison key of a name: ``parse_name(raw).key`` ("" for a newborn record)."""
    return parse_name(raw).key


def name_similarity(a: NameParts, b: NameParts) -> float:
    """Score in [0, 1] that two parsed names are one person's name; symmetric.

    Shape, on the given names (without BIN ...):

    * 1.0 exactly for equal keys; 0.99 for equal given names and fathers under BIN and BINTI (sex is a field
      the linker compares itself);
    * 0.95 the same words in another order ("AMINAH SITI");
    * 0.85 the same words where one side has an initial ("A RAHMAN" / "ABDUL RAHMAN");
    * 0.70-0.85 one side's words all among the other's ("SITI" / "SITI AMINAH"), more for more overlap;
    * otherwise, and as a floor under the rules above, 0.9 x Jaro-Winkler of the given names (the better of
      written and sorted order), so a typo scores high but never reaches the reordered-equal level.

    The given-name score is then multiplied by 0.6 + 0.4 x the father's-name score when both records carry a
    father (different fathers make the same given name likely another person), by 0.97 when only one does.
    Newborn records compare their mothers (1.0 for equal ``newborn_of``); a newborn record against a named
    one scores 0, and so does an empty name: neither says anything about the person's name.
    """
    if a.newborn_of or b.newborn_of:
        if a.newborn_of and b.newborn_of:
            return name_similarity(parse_name(a.newborn_of), parse_name(b.newborn_of))
        return 0.0
    if not a.key or not b.key:
        return 0.0
    if a.key == b.key:
        return 1.0
    score = _words_similarity(a.given, a.tokens, a.sorted_key, b.given, b.tokens, b.sorted_key)
    if a.patronym and b.patronym:
        pa, pb = a.patronym.split(), b.patronym.split()
        father = _words_similarity(
            a.patronym, tuple(pa), " ".join(sorted(pa)), b.patronym, tuple(pb), " ".join(sorted(pb))
        )
        score *= 0.6 + 0.4 * father
    elif a.patronym or b.patronym:
        score *= 0.97
    # 1.0 stays the mark of equal keys, also when only BIN and BINTI differ.
    return min(0.99, max(0.0, score))


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity (prefix scale 0.1, at most 4 letters, boost above Jaro 0.7)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    len_a, len_b = len(a), len(b)
    window = max(0, max(len_a, len_b) // 2 - 1)
    taken = [False] * len_b
    matched_a: list[str] = []
    for i, ch in enumerate(a):
        # str.find scans the window in C; the Python loop only runs over already taken occurrences.
        end = i + window + 1
        j = b.find(ch, i - window if i > window else 0, end)
        while j != -1 and taken[j]:
            j = b.find(ch, j + 1, end)
        if j != -1:
            taken[j] = True
            matched_a.append(ch)
    matches = len(matched_a)
    if not matches:
        return 0.0
    matched_b = [b[j] for j in range(len_b) if taken[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) // 2
    jaro = (matches / len_a + matches / len_b + (matches - transpositions) / matches) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1.0 - jaro)


# ---------------------------------------------------------------------------------------------------------
# Text stage: the raw string, while dots and commas still tell degrees from names.
# ---------------------------------------------------------------------------------------------------------


def _fold(raw: str) -> str:
    if raw.isascii():
        return (raw.translate(_APOSTROPHE_TABLE) if "'" in raw or "`" in raw else raw).upper()
    text = raw.translate(_APOSTROPHE_TABLE)
    # Uppercase before removing accents: uppercasing can itself produce a combining mark ("ǰ" -> "J̌").
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).upper())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LETTER_TABLE)


def _compact(text: str) -> str:
    return _DEGREE_PUNCT_RE.sub("", text)


def _strip_degrees(text: str) -> list[str]:
    head, comma, rest = text.partition(",")
    if comma and _WORD_RE.search(head):
        words = head.split()
        for part in rest.split(","):
            if _is_title_or_degree(_compact(part)):
                continue
            words.extend(word for word in part.split() if not _is_title_or_degree(_compact(word)))
    else:
        words = text.split()
    return _strip_trailing_dotted_degrees(words)


def _is_title_or_degree(compact: str) -> bool:
    return compact in ACADEMIC_DEGREES or compact in TITLES_LEADING


def _strip_trailing_dotted_degrees(words: list[str]) -> list[str]:
    stripped = True
    while stripped and "." in "".join(words[-3:]):
        stripped = False
        for size in (1, 2, 3):
            if size >= len(words) or not any(_WORD_RE.search(word) for word in words[:-size]):
                break
            written = "".join(words[-size:])
            compact = _compact(written)
            # Spread over words, a two-letter degree ("S. E.") is as likely two initials.
            if "." in written and compact in ACADEMIC_DEGREES and (size == 1 or len(compact) >= 3):
                del words[-size:]
                stripped = True
                break
    return words


def _to_words(words: list[str]) -> list[str]:
    text = " ".join(words)
    if "@" in text:
        text = text.replace("@", " @ ")
    return [_normalise_word(word) for word in _SEPARATOR_RE.sub(" ", text).split()]


# ---------------------------------------------------------------------------------------------------------
# Word stage.
# ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _normalise_word(word: str) -> str:
    if word.startswith(_CH_AS_C_PREFIXES):
        word = "C" + word[2:]
    # Repeated until stable: DJ -> J can expose a new old form ("NDJ..." -> "NJ..." -> "NY..."), and the key
    # must be a fixed point of this function.
    while True:
        pattern = _OLD_REWRITE_RE if _OLD_WORD_RE.search(word) else _MODERN_REWRITE_RE
        modern = pattern.sub(_rewrite, word)
        if modern == word:
            break
        word = modern
    word = OLD_J_NAMES.get(word, word)
    return NAME_VARIANTS.get(word, word)


def _rewrite(match: re.Match[str]) -> str:
    return _REWRITES[match.group()]


# ---------------------------------------------------------------------------------------------------------
# Name-part stage.
# ---------------------------------------------------------------------------------------------------------


def _strip_titles(words: list[str]) -> list[str]:
    # Anywhere-titles first: removing one can bring a leading title to the front ("K ALM H. ...").
    return _strip_leading([word for word in words if word not in TITLES_ANYWHERE] or words[-1:])


def _strip_leading(words: list[str]) -> list[str]:
    while words:
        first = words[0]
        if first == "@":  # the sign alone is never a name
            words = words[1:]
        elif len(words) == 1:
            break
        elif first in TITLES_LEADING or first in ALIAS_MARKERS:
            words = words[1:]
        elif first == "K" and words[1] == "H" and len(words) > 2:  # "K.H." (Kyai Haji) written with dots
            words = words[2:]
        else:
            break
    return words


def _person_key(words: list[str]) -> tuple[str, str, str]:
    """(key, given, patronym) for the words of one person's name, leading titles already removed."""
    for i in range(1, len(words) - 1):
        if words[i] in PATRONYM_MARKERS:
            given = _clean_part(words[:i])
            tail = _clean_part(words[i + 1 :])
            if not tail:
                break
            # Further markers in the tail are the grandfather's: kept in the key, not in the patronym.
            for j in range(1, len(tail) - 1):
                if tail[j] in PATRONYM_MARKERS:
                    tail[j] = PATRONYM_MARKERS[tail[j]]
            end = next((j for j in range(1, len(tail) - 1) if tail[j] in PATRONYM_MARKERS), len(tail))
            given_text = " ".join(given)
            key = f"{given_text} {PATRONYM_MARKERS[words[i]]} {' '.join(tail)}"
            return key, given_text, " ".join(tail[:end])
    given_text = " ".join(_clean_part(words))
    return given_text, given_text, ""


def _clean_part(words: list[str]) -> list[str]:
    words = _strip_undotted_degrees(_strip_titles(_cut_alias(words)))
    if len(words) > 1 and words[0] == "M":
        # A lone M in front is how registers abbreviate Muhammad; elsewhere it is an initial.
        words = ["MUHAMMAD", *words[1:]]
    return words


def _cut_alias(words: list[str]) -> list[str]:
    for i in range(1, len(words)):
        if words[i] in ALIAS_MARKERS:
            return words[:i]
    return words


def _strip_undotted_degrees(words: list[str]) -> list[str]:
    stripped = True
    while stripped:
        stripped = False
        for size in (1, 2, 3):
            if size >= len(words):
                break
            if "".join(words[-size:]) in UNDOTTED_DEGREES:
                words = words[:-size]
                stripped = True
                break
    return words


def _words_similarity(
    a: str, a_tokens: tuple[str, ...], a_sorted: str, b: str, b_tokens: tuple[str, ...], b_sorted: str
) -> float:
    if a == b:
        return 1.0
    if a_sorted == b_sorted:
        return 0.95
    # Jaro's greedy matching can depend on the argument order; a fixed order keeps the score symmetric.
    first, second = (a, b) if a <= b else (b, a)
    first_sorted, second_sorted = (a_sorted, b_sorted) if a_sorted <= b_sorted else (b_sorted, a_sorted)
    fuzzy = jaro_winkler(first, second)
    if first_sorted != first or second_sorted != second:
        fuzzy = max(fuzzy, jaro_winkler(first_sorted, second_sorted))
    fuzzy *= 0.9
    rule = 0.0
    if len(a_tokens) == len(b_tokens):
        if _initials_compatible(a_tokens, b_tokens):
            rule = 0.85
    else:
        short, long = (a_tokens, b_tokens) if len(a_tokens) < len(b_tokens) else (b_tokens, a_tokens)
        if all(short.count(token) <= long.count(token) for token in short):
            rule = 0.7 + 0.15 * len(short) / len(long)
    return max(rule, fuzzy)


def _is_initial(tokens: tuple[str, ...], i: int) -> bool:
    # A leading I is the Balinese male prefix ("I WAYAN SUDIRTA"), a word of the name and not an initial.
    return len(tokens[i]) == 1 and not (i == 0 and tokens[0] == "I" and len(tokens) > 1)


def _initials_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    initial = False
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            continue
        if (_is_initial(a, i) and y.startswith(x)) or (_is_initial(b, i) and x.startswith(y)):
            initial = True
            continue
        return False
    return initial
