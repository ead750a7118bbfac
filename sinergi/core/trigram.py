"""pg_trgm's trigram scoring, in Python, so SQLite ranks names the way PostgreSQL does.

Each word is padded with two spaces in front and one behind, as pg_trgm does, so a word's first letters count
more than its middle.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9A-Za-z\u00C0-\uFFFF]+")


def word_trigrams(word: str) -> set[str]:
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigrams(text: str) -> set[str]:
    result: set[str] = set()
    for word in _WORD.findall(text or ""):
        result |= word_trigrams(word)
    return result


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _ordered_trigrams(text: str) -> list[str]:
    result: list[str] = []
    for word in _WORD.findall(text or ""):
        padded = f"  {word.lower()} "
        result.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return result


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's word_similarity(query, text): the best similarity between the query's trigram set and any
    continuous extent of ``text``'s trigrams, scored shared / (|query| + |extent| - shared) like pg_trgm does.

    Extents may start or end inside a word, as in pg_trgm, so "aminan" against "AMINAH" scores 5/7. Only extents
    that start on a shared trigram can be best, which keeps this quadratic in the (short) name at worst."""
    tq = trigrams(query)
    sequence = _ordered_trigrams(text)
    if not tq or not sequence:
        return 0.0
    best = 0.0
    for start, first in enumerate(sequence):
        if first not in tq:
            continue
        seen: set[str] = set()
        shared: set[str] = set()
        for gram in sequence[start:]:
            seen.add(gram)
            if gram in tq:
                shared.add(gram)
                best = max(best, len(shared) / (len(tq) + len(seen) - len(shared)))
        if best == 1.0:
            break
    return best


def match_threshold(query: str, base: float) -> float:
    """The word similarity a name must reach to match ``query``: ``base``, or more when one word of the query
    holds so many of its trigrams that it would carry a match alone.

    MUHAMMAD holds 9 of the 15 trigrams of "MUHAMMAD IIDAN": a name with only that word scores 9/15 = 0.6, so at
    a flat 0.6 every one of tens of thousands of Muhammads matches, floods the candidates and buries the Zidans.
    Half a trigram above the largest word's share, a match must involve another typed word too — which a typo
    in any word, even its first letter, still allows ("MUHAMMAD ZIDAN" scores 12/18)."""
    total = trigrams(query)
    words = _WORD.findall(query or "")
    if len(words) < 2 or not total:
        return base
    largest = max(len(word_trigrams(w) & total) for w in words)
    return round(max(base, (largest + 0.5) / len(total)), 3)


def fts5_trigram_query(text: str) -> str | None:
    """An FTS5 MATCH expression (trigram tokenizer) finding rows sharing any trigram with ``text``.

    FTS5's trigram tokenizer indexes unpadded 3-character substrings, so the candidates are the rows that contain
    at least one 3-letter run of a query word; the Python score then ranks and filters them."""
    grams: set[str] = set()
    for word in _WORD.findall(text or ""):
        word = word.lower()
        grams |= {word[i : i + 3] for i in range(len(word) - 2)}
    if not grams:
        return None
    return " OR ".join(f'"{g}"' for g in sorted(grams))
