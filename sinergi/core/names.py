"""Name normalisation for search indexing, without Django.

The same person is written "Hj. Siti Aminah, S.Pd", "SITI AMINAH" and "Siti Aminah S.Pd." in different
registers, and "Soedjatmiko" and "Sujatmiko" are one name before and after the 1972 spelling reform.
:func:`search_key` maps all of these to one key so that an exact index lookup finds them.

The rules are deliberately conservative: removing a real name token loses a match for good, while leaving
a title in only costs a fuzzy comparison later. Hence titles are removed only where their position makes
them unambiguous (see :func:`normalise_name`), and every word list lives in a table below so that the
record-linkage work can extend it without touching the logic.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ACADEMIC_DEGREES",
    "LEADING_HONORIFICS",
    "OLD_SPELLINGS",
    "normalise_name",
    "old_spelling_to_new",
    "search_key",
]

# Academic and professional degrees, written without dots or spaces ("S.Pd.I" -> "SPDI"). Indonesian
# degrees follow the name, usually after a comma.
ACADEMIC_DEGREES: frozenset[str] = frozenset(
    {
        # Diploma (Ahli Madya / Ahli Muda) and the old Sarjana Muda.
        "AMA", "AMAPD", "AMD", "AMDFARM", "AMDKEB", "AMDKEP", "AMDKES", "AMK", "AMKEB", "AMKEP", "BA", "BC",
        "BSC",
        # Sarjana (S1); a trailing I marks the Islamic-studies variant.
        "SAG", "SAGI", "SAK", "SAP", "SDS", "SE", "SEI", "SFARM", "SGZ", "SH", "SHI", "SHUM", "SHUT", "SIKOM",
        "SIP", "SKED", "SKEP", "SKEPNS", "SKG", "SKH", "SKM", "SKOM", "SP", "SPD", "SPDI", "SPDSD", "SPI",
        "SPSI", "SPT", "SS", "SSI", "SSN", "SSOS", "SSOSI", "ST", "STH", "STHI", "STP", "STR", "STRKEB",
        "STRKEP",
        # Magister (S2) and doctorate (S3).
        "MA", "MAG", "MAP", "MBA", "MEI", "MH", "MHI", "MHUM", "MIKOM", "MKES", "MKOM", "MM", "MPD", "MPDI",
        "MSC", "MSI", "MSOS", "MT", "PHD", "DR",
        # Professions and specialists.
        "APT", "LC", "NS", "SPA", "SPB", "SPOG", "SPPD",
    }
)  # fmt: skip

# Titles that precede the name. Removed only while another token follows, so a person actually named
# "H" or "Dr" in the register keeps a name.
LEADING_HONORIFICS: frozenset[str] = frozenset({"H", "HJ", "DRS", "DRA", "DR", "IR", "PROF", "KH"})

# Pre-1972 (Van Ophuijsen / Soewandi) spellings and their EYD replacements. Applied in one left-to-right
# pass so that a replacement is never rewritten again: "NDJ" becomes "NJ", not "NY".
OLD_SPELLINGS: dict[str, str] = {
    "OE": "U",
    "DJ": "J",
    "TJ": "C",
    "NJ": "NY",
    "SJ": "SY",
    "CH": "KH",
}

# NJ -> NY only at the start of a word: inside a word modern spelling has NJ too (PANJAITAN, SINJAI, from old
# NDJ), and rewriting it would give the modern and the old spelling of one name different keys. The price is an
# old NJ inside a word ("SOENJOTO" for SUNYOTO), which stays NJ: the trigram score still finds it.
_OLD_SPELLING_RE = re.compile("|".join(
    rf"\b{old}" if old == "NJ" else old for old in sorted(OLD_SPELLINGS, key=len, reverse=True)
))
# Apostrophes join rather than split: "MA'RUF" is one word, MARUF, not "MA RUF".
_APOSTROPHES = "'`\u2018\u2019\u02bc\u02b9\u00b4"
_APOSTROPHE_TABLE = str.maketrans("", "", _APOSTROPHES)


def normalise_name(raw: str) -> str:
    """Uppercase ASCII-folded name without titles or punctuation, for indexing.

    Steps: Unicode NFKC, uppercase, strip accents; then remove

    * degrees after the first comma ("SITI AMINAH, S.Pd, M.Pd"): a comma-separated part that is a degree
      as a whole ("S. Pd") goes, and so does any single degree word in a later part; other words stay,
      so "AMINAH, SITI" keeps both names;
    * dotted degrees at the end of the name without a comma ("SITI AMINAH S.Pd."), but never the last
      word that has letters; undotted words there ("SUPARMAN SE") are kept because they may be names;
    * leading honorifics (H, Hj, Drs, Dra, Dr, Ir, Prof, KH), with or without a dot, while another word
      follows;

    and finally punctuation (apostrophes join, everything else separates) and repeated whitespace.
    ``BIN``/``BINTI`` are kept: they are part of the name and linkage decides how to weigh them.
    """
    head, tail = _split_degrees(_fold(raw))
    words = _strip_trailing_dotted_degrees(head.split() + tail)
    # Honorifics are matched after punctuation is gone so that "HJ.SITI" and "-HJ SITI" lose the title too;
    # that order is also what makes the function idempotent.
    words = _strip_leading_honorifics(_clean_punctuation(" ".join(words)).split())
    return " ".join(words)


def old_spelling_to_new(name: str) -> str:
    """Rewrite pre-1972 spellings (OE, DJ, TJ, NJ, SJ, CH) in an already normalised, uppercase name."""
    return _OLD_SPELLING_RE.sub(lambda match: OLD_SPELLINGS[match.group()], name)


def search_key(raw: str) -> str:
    """The index key for a name: :func:`normalise_name`, then :func:`old_spelling_to_new`."""
    return old_spelling_to_new(normalise_name(raw))


def _fold(raw: str) -> str:
    # Uppercase before removing accents: uppercasing can itself produce a combining mark ("ǰ" -> "J̌").
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", raw).upper())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", text)


def _degree_key(text: str) -> str:
    return re.sub(r"[\s.]+", "", text)


def _is_degree(text: str) -> bool:
    return _degree_key(text) in ACADEMIC_DEGREES


def _split_degrees(text: str) -> tuple[str, list[str]]:
    """Split at the first comma; return the name part and the words kept from after the comma."""
    head, comma, rest = text.partition(",")
    if not comma or not _has_word(head):
        return text, []
    kept: list[str] = []
    for part in rest.split(","):
        if _is_degree(part):
            continue
        kept.extend(word for word in part.split() if not _is_degree(word))
    return head, kept


def _strip_leading_honorifics(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in LEADING_HONORIFICS:
        words = words[1:]
    return words


def _strip_trailing_dotted_degrees(words: list[str]) -> list[str]:
    # The dot is what tells "S.E." (Sarjana Ekonomi) from a name; an undotted final word is left alone.
    while words and "." in words[-1] and _is_degree(words[-1]) and any(map(_has_word, words[:-1])):
        words = words[:-1]
    return words


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _clean_punctuation(text: str) -> str:
    text = text.translate(_APOSTROPHE_TABLE)
    return "".join(ch if ch.isalnum() else " " for ch in text)
