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


def word_similarity(query: str, text: str) -> float:
    """Close to pg_trgm's word_similarity(query, text): the share of the query's trigrams found in the best run
    of consecutive words of ``text``. pg_trgm may also pick part of a word as its run, which this does not, so
    this score is never higher than PostgreSQL's for whole-word queries and equal for exact ones."""
    tq = trigrams(query)
    words = _WORD.findall(text or "")
    if not tq or not words:
        return 0.0
    word_sets = [word_trigrams(w) for w in words]
    best = 0
    for start in range(len(words)):
        found: set[str] = set()
        for end in range(start, len(words)):
            found |= tq & word_sets[end]
            best = max(best, len(found))
            if best == len(tq):
                return 1.0
    return best / len(tq)


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
