"""A bot check for public forms that works without any outside service (many offices and residents are on
closed or weak networks, so no reCAPTCHA): a small sum to answer, a hidden field that people leave empty, and a
minimum time between showing the form and sending it. The question travels signed inside the form, so the
server keeps no state and a reload gives a fresh question."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing

SALT = "sinergi.botcheck"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
HONEYPOT_FIELD = "website"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.TimestampSigner(salt=SALT).sign_object({"sum": a + b, "nonce": secrets.token_hex(4)})
    return Challenge(question=f"{a} + {b}", token=token)


def verify(*, token: str, answer: str, honeypot: str, min_seconds: int | None = None) -> str | None:
    """None when the sender passes; otherwise the reason (for the form error and the log)."""
    min_seconds = MIN_SECONDS if min_seconds is None else min_seconds
    if honeypot:
        return "honeypot"
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token, max_age=MAX_SECONDS)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "tampered"
    try:
        signer.unsign_object(token, max_age=min_seconds)
    except signing.SignatureExpired:
        pass  # older than the minimum: a person had time to read the form
    else:
        return "too-fast"
    if str(answer).strip() != str(payload.get("sum")):
        return "wrong-answer"
    return None
