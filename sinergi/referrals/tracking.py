"""Tracking numbers that residents read off a letter or a screen and type back in.

Crockford's base32 (no I, L, O, U) so that 0/O and 1/I/L typed either way find the same number, grouped by four
for reading aloud. Sixty random bits: guessing a valid number is impractical even without the lookup's rate limit
(with a million live numbers, about one hit per 10^12 guesses)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_SIZE = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
PREFIXES = ("ADU", "RJK")


def new_tracking(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    groups = [body[i:i + GROUP_SIZE] for i in range(0, len(body), GROUP_SIZE)]
    return "-".join([prefix, *groups])


def normalise_tracking(text: str) -> str | None:
    """The canonical form of what someone typed ("adu 7kq4 m2xd 9pzz", "ADU7KQ4M2XD9PZZ"), or None when it cannot
    be a tracking number at all."""
    compact = re.sub(r"[\s\-_.]", "", (text or "").upper())
    prefix, body = compact[:3], compact[3:]
    if prefix not in PREFIXES:
        return None
    body = body.translate(_CONFUSABLE)
    if len(body) != GROUPS * GROUP_SIZE or any(c not in ALPHABET for c in body):
        return None
    return "-".join([prefix, *(body[i:i + GROUP_SIZE] for i in range(0, len(body), GROUP_SIZE))])
